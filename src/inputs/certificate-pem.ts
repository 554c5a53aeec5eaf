/** Reads `certificate-pem`: PEM text or the path of a file, holding one or more certificates. */
import { X509Certificate } from 'node:crypto'
import { InputProblem, errorMessage } from '../errors.js'
import { readPemOrFile } from './pem-or-file.js'
import { normalizeSerialNumber, quote } from './values.js'
import type { PemCertificate } from './settings.js'

const INPUT = 'certificate-pem'
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g
const ANY_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/
/** A certificate bundle is a few kilobytes. */
const MAX_PEM_FILE_BYTES = 1024 * 1024

export function parseCertificatePem(raw: string): PemCertificate[] {
  const value = raw.trim()
  if (value === '') return []
  const text = readPemOrFile(INPUT, value, { what: 'PEM text', maxBytes: MAX_PEM_FILE_BYTES, quotable: true })
  const blocks = text.match(CERTIFICATE_BLOCK) ?? []
  if (blocks.length === 0) {
    const other = ANY_BEGIN.exec(text)?.[1]
    throw new InputProblem(
      other
        ? `${INPUT}: found a ${quote(other)} block but no CERTIFICATE block. Give the certificate itself (-----BEGIN CERTIFICATE-----).`
        : `${INPUT}: no -----BEGIN CERTIFICATE----- block found.`
    )
  }
  const certificates = blocks.map((block, index) => {
    try {
      return new X509Certificate(block)
    } catch (error) {
      throw new InputProblem(`${INPUT}: certificate ${index + 1} of ${blocks.length} could not be read (${errorMessage(error)}).`)
    }
  })
  // A certificate that issued another one of the input (a fullchain's intermediate) is not a target, and is never
  // trusted to judge anything: only end-entity certificates are revoked.
  const issuers = new Set(
    certificates.filter((candidate) => certificates.some((other) => other !== candidate && issuedBy(other, candidate)))
  )
  if (issuers.size === certificates.length)
    throw new InputProblem(`${INPUT}: every certificate in it issued another one in it, so none is an end-entity certificate to revoke.`)
  return certificates.flatMap((certificate, index) =>
    issuers.has(certificate)
      ? []
      : [
          {
            serialNumber: normalizeSerialNumber(certificate.serialNumber, INPUT),
            subject: commonName(certificate.subject),
            pem: blocks[index]
          }
        ]
  )
}

/** Whether `issuer` issued `certificate`: its name is the certificate's issuer, and its key verifies the signature. */
function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey)
    // Stryker disable next-line BlockStatement: an empty catch gives undefined, which some() reads as false all the same.
  } catch {
    return false
  }
}

/** The CN of a subject as X509Certificate gives it (one `KEY=value` per line), or the whole subject on one line when it has none. */
export function commonName(subject: string): string {
  const cn = /^CN=(.*)/m.exec(subject)?.[1]
  return cn ?? subject.replace(/\n/g, ', ')
}
