/**
 * Finds every certificate in the CertCentral account that carries a given public key: lists the issued orders
 * page by page, downloads each certificate not yet in the index, and compares SHA-256 fingerprints of the
 * SubjectPublicKeyInfo. Every request goes through the same pacing and retries as the revocations.
 */
import { ORDER_PAGE_SIZE, type CertCentralApi } from '../certcentral/api.js'
import { readApiError, readOrderPage, type ApiError } from '../certcentral/answers.js'
import { mapConcurrently } from '../certcentral/paced.js'
import { errorMessage } from '../errors.js'
import { certificateFingerprint } from './key-identity.js'

export interface ScanOptions {
  /** Known fingerprints by certificate ID; new ones are added to it. */
  index: Map<string, string>
  log?: (message: string) => void
  concurrency?: number
  /** How often to report progress, in certificates checked. */
  progressEvery?: number
}

export interface ScanResult {
  /** IDs of the certificates that carry the key, ascending. */
  matches: string[]
  /** Certificates of issued orders checked, and how many of them had to be downloaded. */
  checked: number
  downloaded: number
  /** Certificates that could not be checked, with why: the scan is incomplete when there are any. */
  unchecked: { id: string; error: ApiError }[]
  /** Set when the orders could not be listed at all. */
  listingError?: ApiError
}

export async function findCertificatesWithKey(fingerprint: string, api: CertCentralApi, options: ScanOptions): Promise<ScanResult> {
  const log = options.log ?? (() => undefined)
  const listing = await listIssuedCertificateIds(api)
  if ('error' in listing) return { matches: [], checked: 0, downloaded: 0, unchecked: [], listingError: listing.error }
  const ids = listing.ids
  const missing = ids.filter((id) => !options.index.has(id))
  log(`Key scan: ${ids.length} issued certificate${ids.length === 1 ? '' : 's'} in the account, ${ids.length - missing.length} known from the index, ${missing.length} to download.`)

  const unchecked: ScanResult['unchecked'] = []
  /** Downloads one certificate and records its fingerprint in the index; a failure leaves it unchecked. */
  const check = async (id: string): Promise<void> => {
    const result = await api.downloadChain(id)
    if (!('answer' in result)) {
      unchecked.push({ id, error: result.failure })
    } else if (result.answer.statusCode !== 200) {
      unchecked.push({ id, error: readApiError(result.answer) })
    } else {
      try {
        options.index.set(id, certificateFingerprint(result.answer.body))
      } catch (error) {
        unchecked.push({ id, error: { code: null, message: `the download could not be read as a certificate (${errorMessage(error)})`, http_status: 200 } })
      }
    }
  }

  let done = 0
  const every = options.progressEvery ?? 200
  await mapConcurrently(missing, options.concurrency ?? 100, async (id) => {
    await check(id)
    if (++done % every === 0 && done < missing.length) log(`Key scan: ${done} of ${missing.length} certificates downloaded.`)
  })
  const downloaded = missing.length - unchecked.length

  // A match the index reports is confirmed by download before it is revoked: the index is only a cache.
  const fresh = new Set(missing)
  const toConfirm = ids.filter((id) => !fresh.has(id) && options.index.get(id) === fingerprint)
  toConfirm.forEach((id) => options.index.delete(id))
  await mapConcurrently(toConfirm, options.concurrency ?? 100, check)

  const matches = ids.filter((id) => options.index.get(id) === fingerprint).sort((a, b) => Number(a) - Number(b))
  unchecked.sort((a, b) => Number(a.id) - Number(b.id))
  return { matches, checked: ids.length - unchecked.length, downloaded, unchecked }
}

/** More orders than any CertCentral account has: a listing that claims more is not believed. */
export const MAX_LISTED_ORDERS = 1_000_000

/**
 * The certificate IDs of every issued order (expired ones included), in listing order, each once. Pages are
 * read until the orders received reach the listing's `page.total` (a page may be shorter than asked), or an
 * empty page. A listing that repeats itself, claims an impossible total, or needs more pages than its total
 * allows ends the scan with an error instead of looping.
 */
async function listIssuedCertificateIds(api: CertCentralApi): Promise<{ ids: string[] } | { error: ApiError }> {
  const ids = new Set<string>()
  const broken = (message: string): { error: ApiError } => ({ error: { code: null, message: `the order list ${message}`, http_status: 200 } })
  let received = 0
  for (let pages = 1; ; pages++) {
    const result = await api.listIssuedOrders(received)
    if (!('answer' in result)) return { error: result.failure }
    if (result.answer.statusCode !== 200) return { error: readApiError(result.answer) }
    const page = readOrderPage(result.answer)
    if ('error' in page) return page
    if (page.total !== undefined && page.total > MAX_LISTED_ORDERS) return broken(`claims ${page.total} orders, more than any account holds`)
    if (page.orders === 0) return { ids: [...ids] }
    const before = ids.size
    page.certificateIds.forEach((id) => ids.add(id))
    if (page.certificateIds.length > 0 && ids.size === before) return broken(`repeated orders it had already listed (page ${pages})`)
    received += page.orders
    if (page.total === undefined) {
      if (page.orders < ORDER_PAGE_SIZE) return { ids: [...ids] }
    } else if (received >= page.total) {
      return { ids: [...ids] }
    } else if (pages >= page.total) {
      return broken(`needed more pages than its ${page.total} orders allow`)
    }
  }
}
