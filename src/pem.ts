/** Reads `certificate-pem`: PEM text or the path of a file, holding one or more certificates. */
import { X509Certificate } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { InputProblem, errorMessage } from './errors.js'
import { normalizeSerialNumber, quote } from './parse.js'
import type { PemCertificate } from './settings.js'

const INPUT = 'certificate-pem'
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g
const ANY_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/

export function parseCertificatePem(raw: string): PemCertificate[] {
  const value = raw.trim()
  if (value === '') return []
  const text = value.includes('-----BEGIN') ? value : readPemFile(value)
  const blocks = text.match(CERTIFICATE_BLOCK) ?? []
  if (blocks.length === 0) {
    const other = ANY_BEGIN.exec(text)?.[1]
    throw new InputProblem(
      other
        ? `${INPUT}: found a '${other}' block but no CERTIFICATE block. Give the certificate itself (-----BEGIN CERTIFICATE-----).`
        : `${INPUT}: no -----BEGIN CERTIFICATE----- block found.`
    )
  }
  return blocks.map((block, index) => {
    let certificate: X509Certificate
    try {
      certificate = new X509Certificate(block)
    } catch (error) {
      throw new InputProblem(`${INPUT}: certificate ${index + 1} of ${blocks.length} could not be read (${errorMessage(error)}).`)
    }
    return {
      serialNumber: normalizeSerialNumber(certificate.serialNumber, INPUT),
      subject: commonName(certificate.subject)
    }
  })
}

/** A certificate bundle is a few kilobytes; a bigger file is not one (and /dev/zero would never end). */
const MAX_PEM_FILE_BYTES = 1024 * 1024

function readPemFile(path: string): string {
  if (path.includes('\n')) {
    throw new InputProblem(`${INPUT}: the value is neither PEM text (no -----BEGIN line) nor a file path.`)
  }
  const cannot = (why: string) =>
    new InputProblem(`${INPUT}: ${quote(path)} is not PEM text and cannot be read as a file (${why}). Paths are relative to the workspace.`)
  let stats
  try {
    stats = statSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw cannot(code === 'ENOENT' ? 'no such file' : errorMessage(error))
  }
  if (stats.isDirectory()) throw cannot('it is a folder')
  if (!stats.isFile()) throw cannot('not a regular file')
  if (stats.size > MAX_PEM_FILE_BYTES) throw cannot(`larger than ${MAX_PEM_FILE_BYTES / 1024} KiB`)
  return readFileSync(path, 'utf8')
}

/** The subject's CN, or the whole subject on one line when it has none. */
function commonName(subject: string): string {
  const cn = /^CN=(.*)$/m.exec(subject)?.[1]
  return cn ?? subject.replace(/\n/g, ', ')
}
