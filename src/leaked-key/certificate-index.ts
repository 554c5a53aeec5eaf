/**
 * The certificate index: per certificate ID, the SHA-256 of its public key and when it expires. A certificate's
 * content never changes under its ID, so with a kept index only certificates new since the last run are
 * downloaded. (Per order, earlier versions kept duplicate and reissue counts to skip listing an unchanged order;
 * the file format keeps the field, but the scan no longer fills it: a duplicate can be replaced without its
 * order's counts changing, so every order with duplicates or reissues is listed on every scan.)
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
import { describeFileError, readRegularFile } from '../inputs/pem-or-file.js'

export interface IndexedCertificate {
  /** The SHA-256 of the DER SubjectPublicKeyInfo, in hex. */
  spki: string
  /** When the certificate expires, ISO 8601. */
  notAfter: string
}

export interface IndexedOrder {
  duplicates: number
  reissues: number
  /** Every certificate of the order: the primary one, its duplicates and reissues. */
  certificates: string[]
}

export interface CertificateIndex {
  certificates: Map<string, IndexedCertificate>
  orders: Map<string, IndexedOrder>
}

export function emptyIndex(): CertificateIndex {
  return { certificates: new Map(), orders: new Map() }
}

export interface CertificateIndexFile {
  version: 2
  /** What `spki` is: the SHA-256 of the DER SubjectPublicKeyInfo, in hex. */
  fingerprint: 'sha256-spki'
  certificates: Record<string, IndexedCertificate & { mac: string }>
  orders: Record<string, IndexedOrder & { mac: string }>
}

/** An index of 200,000 certificates is about 30 MB. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024

/** The key that authenticates the index: HKDF-SHA256 of the API key, info `certificate-index`. */
export function indexKey(apiKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', apiKey, Buffer.alloc(0), 'certificate-index', 32))
}

/** The HMAC of one entry: over what kind it is, its ID and everything recorded for it. */
function mac(key: Buffer, entry: unknown[]): string {
  return createHmac('sha256', key).update(JSON.stringify(entry)).digest('hex')
}

function authentic(key: Buffer, entry: unknown[], claimed: unknown): boolean {
  if (typeof claimed !== 'string' || !/^[0-9a-f]{64}$/.test(claimed)) return false
  return timingSafeEqual(Buffer.from(claimed, 'hex'), Buffer.from(mac(key, entry), 'hex'))
}

const certificateEntry = (id: string, { spki, notAfter }: IndexedCertificate): unknown[] => ['certificate', id, spki, notAfter]
const orderEntry = (id: string, { duplicates, reissues, certificates }: IndexedOrder): unknown[] => [
  'order',
  id,
  duplicates,
  reissues,
  certificates
]
/** A certificate or order ID as CertCentral gives it. (A function: Stryker runs every test of a module-level regex's mutants only by chance.) */
const isId = (id: string): boolean => /^[1-9][0-9]{0,14}$/.test(id)

function readCertificate(value: unknown): IndexedCertificate | undefined {
  const { spki, notAfter } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if (typeof spki !== 'string' || !/^[0-9a-f]{64}$/.test(spki) || typeof notAfter !== 'string' || Number.isNaN(Date.parse(notAfter)))
    return undefined
  return { spki, notAfter }
}

function readOrder(value: unknown): IndexedOrder | undefined {
  const { duplicates, reissues, certificates } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0
  if (
    !count(duplicates) ||
    !count(reissues) ||
    !Array.isArray(certificates) ||
    !certificates.every((id) => typeof id === 'string' && isId(id))
  )
    return undefined
  return { duplicates, reissues, certificates: certificates as string[] }
}

/**
 * The index at `path`: empty when the file does not exist; empty with a warning when it cannot be used; without
 * the entries whose HMAC does not hold, with a warning that says how many.
 */
export function readCertificateIndex(path: string, key: Buffer, warn: (message: string) => void): CertificateIndex {
  let text: string
  try {
    text = readRegularFile(path, MAX_INDEX_BYTES)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      warn(`certificate-index: ${path} could not be read (${describeFileError(error)}); rebuilding it.`)
    }
    return emptyIndex()
  }
  let file: Partial<CertificateIndexFile>
  try {
    file = JSON.parse(text) as Partial<CertificateIndexFile>
  } catch {
    warn(`certificate-index: ${path} is not a usable index (not JSON); rebuilding it.`)
    return emptyIndex()
  }
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
  if (
    !isRecord(file) ||
    file.version !== 2 ||
    file.fingerprint !== 'sha256-spki' ||
    !isRecord(file.certificates) ||
    !isRecord(file.orders ?? {})
  ) {
    warn(`certificate-index: ${path} is not a usable index (not a version 2 certificate index); rebuilding it.`)
    return emptyIndex()
  }
  const index = emptyIndex()
  let entries = 0
  let rejected = 0
  for (const [id, value] of Object.entries(file.certificates)) {
    entries++
    const certificate = isId(id) ? readCertificate(value) : undefined
    if (certificate && authentic(key, certificateEntry(id, certificate), (value as { mac?: unknown }).mac))
      index.certificates.set(id, certificate)
    else rejected++
  }
  for (const [id, value] of Object.entries(file.orders ?? {})) {
    entries++
    const order = isId(id) ? readOrder(value) : undefined
    if (order && authentic(key, orderEntry(id, order), (value as { mac?: unknown }).mac)) index.orders.set(id, order)
    else rejected++
  }
  if (rejected > 0) {
    warn(
      `certificate-index: ${rejected} of ${entries} entries in ${path} were not written with this API key, or were changed since; those certificates are downloaded again.`
    )
  }
  return index
}

/** Writes the index through a new file beside it, created exclusively, then renamed over the old one. */
export function writeCertificateIndex(path: string, key: Buffer, index: CertificateIndex): void {
  const byId = <T>(map: Map<string, T>): [string, T][] => [...map].sort(([a], [b]) => Number(a) - Number(b))
  const file: CertificateIndexFile = {
    version: 2,
    fingerprint: 'sha256-spki',
    certificates: Object.fromEntries(byId(index.certificates).map(([id, c]) => [id, { ...c, mac: mac(key, certificateEntry(id, c)) }])),
    orders: Object.fromEntries(byId(index.orders).map(([id, o]) => [id, { ...o, mac: mac(key, orderEntry(id, o)) }]))
  }
  mkdirSync(dirname(path), { recursive: true })
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`)
  try {
    writeFileSync(temporary, `${JSON.stringify(file)}\n`, { flag: 'wx', mode: 0o600 })
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
