/**
 * The certificate index: per certificate ID, the SHA-256 of its public key. A certificate's content never
 * changes under its ID, so a kept index means only certificates new since the last run are downloaded. It is a
 * cache: an unreadable one is ignored with a warning and rebuilt, and it is written atomically (a new file
 * renamed over the old), so a crash never leaves a broken one behind.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { errorMessage } from '../errors.js'

export interface CertificateIndexFile {
  version: 1
  /** What the values are: the SHA-256 of the DER SubjectPublicKeyInfo, in hex. */
  fingerprint: 'sha256-spki'
  certificates: Record<string, string>
}

/** The index at `path`: empty when the file does not exist; empty with a warning when it cannot be used. */
export function readCertificateIndex(path: string, warn: (message: string) => void): Map<string, string> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`certificate-index: ${path} could not be read (${errorMessage(error)}); rebuilding it.`)
    return new Map()
  }
  try {
    const index = JSON.parse(text) as Partial<CertificateIndexFile>
    if (index.version !== 1 || index.fingerprint !== 'sha256-spki' || typeof index.certificates !== 'object' || index.certificates === null) {
      throw new Error('not a version 1 certificate index')
    }
    const entries = Object.entries(index.certificates)
    if (!entries.every(([id, hash]) => /^[0-9]+$/.test(id) && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) {
      throw new Error('an entry is not a certificate ID with a SHA-256')
    }
    return new Map(entries)
  } catch (error) {
    warn(`certificate-index: ${path} is not a usable index (${errorMessage(error)}); rebuilding it.`)
    return new Map()
  }
}

/** Writes the index next to its final place, then renames it there: readers see the old file or the new one. */
export function writeCertificateIndex(path: string, index: Map<string, string>): void {
  const sorted = [...index].sort(([a], [b]) => Number(a) - Number(b))
  const file: CertificateIndexFile = { version: 1, fingerprint: 'sha256-spki', certificates: Object.fromEntries(sorted) }
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, `${JSON.stringify(file, null, 1)}\n`)
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
