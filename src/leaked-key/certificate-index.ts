/**
 * The certificate index: per certificate ID, the SHA-256 of its public key. A certificate's content never
 * changes under its ID, so a kept index means only certificates new since the last run are downloaded.
 *
 * It is a cache that may come from somewhere the run does not control (the Actions cache), so it is
 * authenticated: each entry carries an HMAC-SHA256 over its ID and what it records, under a key derived from
 * the API key (HKDF, info `certificate-index`). An entry someone without the API key wrote or changed is
 * dropped with a warning, and its certificate is downloaded again; a match the index reports is also
 * re-checked by download before it is revoked (account-scan.ts). The file must be a regular file; it is
 * written through a new file created exclusively beside it, then renamed over it, so readers see the old file
 * or the new one and a planted link at the temporary name is never followed.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describeFileError, NotRegular, readRegularFile } from '../inputs/pem-or-file.js'

export interface CertificateIndexFile {
  version: 2
  /** What the values are: the SHA-256 of the DER SubjectPublicKeyInfo, in hex. */
  fingerprint: 'sha256-spki'
  certificates: Record<string, { spki: string; mac: string }>
}

/** An index of 200,000 certificates is about 30 MB. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024

/** The key that authenticates the index: HKDF-SHA256 of the API key, info `certificate-index`. */
export function indexKey(apiKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', apiKey, Buffer.alloc(0), 'certificate-index', 32))
}

function mac(key: Buffer, id: string, spki: string): string {
  return createHmac('sha256', key).update(JSON.stringify(['certificate', id, spki])).digest('hex')
}

function authentic(key: Buffer, id: string, spki: string, claimed: string): boolean {
  const expected = Buffer.from(mac(key, id, spki), 'hex')
  const given = Buffer.from(claimed, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * The index at `path`: empty when the file does not exist; empty with a warning when it cannot be used; without
 * the entries whose HMAC does not hold, with a warning that says how many.
 */
export function readCertificateIndex(path: string, key: Buffer, warn: (message: string) => void): Map<string, string> {
  let text: string
  try {
    text = readRegularFile(path, MAX_INDEX_BYTES)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      const why = error instanceof NotRegular ? error.message : describeFileError(error)
      warn(`certificate-index: ${path} could not be read (${why}); rebuilding it.`)
    }
    return new Map()
  }
  let index: Partial<CertificateIndexFile>
  try {
    index = JSON.parse(text) as Partial<CertificateIndexFile>
  } catch {
    warn(`certificate-index: ${path} is not a usable index (not JSON); rebuilding it.`)
    return new Map()
  }
  if (typeof index !== 'object' || index === null || index.version !== 2 || index.fingerprint !== 'sha256-spki' || typeof index.certificates !== 'object' || index.certificates === null) {
    warn(`certificate-index: ${path} is not a usable index (not a version 2 certificate index); rebuilding it.`)
    return new Map()
  }
  const entries = new Map<string, string>()
  let rejected = 0
  for (const [id, entry] of Object.entries(index.certificates)) {
    const { spki, mac: claimed } = (entry ?? {}) as { spki?: unknown; mac?: unknown }
    const wellFormed = /^[1-9][0-9]{0,14}$/.test(id) && typeof spki === 'string' && /^[0-9a-f]{64}$/.test(spki) && typeof claimed === 'string' && /^[0-9a-f]{64}$/.test(claimed)
    if (wellFormed && authentic(key, id, spki, claimed)) entries.set(id, spki)
    else rejected++
  }
  if (rejected > 0) {
    warn(
      `certificate-index: ${rejected} of ${Object.keys(index.certificates).length} entries in ${path} were not written with this API key, or were changed since; those certificates are downloaded again.`
    )
  }
  return entries
}

/** Writes the index through a new file beside it, created exclusively, then renamed over the old one. */
export function writeCertificateIndex(path: string, key: Buffer, index: Map<string, string>): void {
  const sorted = [...index].sort(([a], [b]) => Number(a) - Number(b))
  const certificates = Object.fromEntries(sorted.map(([id, spki]) => [id, { spki, mac: mac(key, id, spki) }]))
  const file: CertificateIndexFile = { version: 2, fingerprint: 'sha256-spki', certificates }
  mkdirSync(dirname(path), { recursive: true })
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`)
  try {
    writeFileSync(temporary, `${JSON.stringify(file, null, 1)}\n`, { flag: 'wx', mode: 0o600 })
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
