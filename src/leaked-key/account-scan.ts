/**
 * Finds every certificate in the CertCentral account that carries a given public key: lists the issued orders
 * page by page (sorted by order ID, to `page.total`), lists the duplicates and reissues of every order that has
 * them (the order list shows only each order's primary certificate), downloads each certificate not yet in the
 * index, and compares SHA-256 fingerprints of the SubjectPublicKeyInfo. Every request goes through the same
 * pacing and retries as the revocations.
 */
import { ORDER_PAGE_SIZE, type CertCentralApi } from '../certcentral/api.js'
import { readApiError, readCertificateList, readOrderPage, type ApiError, type ListedOrder } from '../certcentral/answers.js'
import { mapConcurrently } from '../certcentral/paced.js'
import type { PacedResult } from '../certcentral/paced.js'
import { errorMessage } from '../errors.js'
import type { CertificateIndex } from './certificate-index.js'
import { readChain } from './key-identity.js'

export interface ScanOptions {
  /** What earlier scans learnt; what this one learns is added to it. */
  index: CertificateIndex
  log?: (message: string) => void
  concurrency?: number
  /** How often to report progress, in certificates downloaded. */
  progressEvery?: number
}

export interface ScanResult {
  /** IDs of the certificates that carry the key, ascending (expired ones included). */
  matches: string[]
  /** Of the matches, those that have expired: reported, never revoked. */
  expired: string[]
  /** The leaf and issuer of each match downloaded in this scan, for asking the CA without downloading again. */
  chains: Map<string, { leaf: string; issuer?: string }>
  /** Certificates checked, and how many of them had to be downloaded (not counting confirmations). */
  checked: number
  downloaded: number
  /** Every request the scan made: listing pages, duplicate and reissue lists, downloads. */
  requests: number
  /** Certificates (or orders' lists) that could not be checked, with why: the scan is incomplete when there are any. */
  unchecked: { id: string; error: ApiError }[]
  /** Set when the orders could not be listed at all. */
  listingError?: ApiError
}

/** More orders than any CertCentral account has: a listing that claims more is not believed. */
export const MAX_LISTED_ORDERS = 1_000_000

export async function findCertificatesWithKey(fingerprint: string, api: CertCentralApi, options: ScanOptions): Promise<ScanResult> {
  const log = options.log ?? (() => undefined)
  const concurrency = options.concurrency ?? 100
  const { index } = options
  let requests = 0
  const counted = async (call: Promise<PacedResult>): Promise<PacedResult> => {
    requests++
    return call
  }
  const listing = await listIssuedOrders(() => requests++, api)
  if ('error' in listing) {
    return { matches: [], expired: [], chains: new Map(), checked: 0, downloaded: 0, requests, unchecked: [], listingError: listing.error }
  }

  // Every certificate of every order: the primary, and the duplicates and reissues of an order that has them.
  const unchecked: ScanResult['unchecked'] = []
  const ids = new Set<string>()
  const toList = listing.orders.filter((order) => needsLists(order, index))
  await mapConcurrently(toList, concurrency, async (order) => {
    const certificates = await orderCertificates(order, (kind) => counted(api.listOrderCertificates(order.id, kind)))
    if ('error' in certificates) return void unchecked.push({ id: `order ${order.id}`, error: certificates.error })
    certificates.forEach((id) => ids.add(id))
    if (order.duplicates !== undefined && order.reissues !== undefined) {
      index.orders.set(order.id, { duplicates: order.duplicates, reissues: order.reissues, certificates })
    }
  })
  for (const order of listing.orders) {
    if (order.certificateId) ids.add(order.certificateId)
    index.orders.get(order.id)?.certificates.forEach((id) => ids.add(id))
  }
  const all = [...ids]
  const missing = all.filter((id) => !index.certificates.has(id))
  log(
    `Key scan: ${listing.orders.length} issued order${listing.orders.length === 1 ? '' : 's'}, ${all.length} certificate${all.length === 1 ? '' : 's'} (${toList.length} order${toList.length === 1 ? '' : 's'} with duplicates or reissues listed); ${all.length - missing.length} known from the index, ${missing.length} to download.`
  )

  const chains = new Map<string, { leaf: string; issuer?: string }>()
  /** Downloads one certificate and records it in the index; a failure leaves it unchecked. */
  const check = async (id: string): Promise<void> => {
    const result = await counted(api.downloadChain(id))
    if (!('answer' in result)) return void unchecked.push({ id, error: result.failure })
    if (result.answer.statusCode !== 200) return void unchecked.push({ id, error: readApiError(result.answer) })
    try {
      const chain = readChain(result.answer.body)
      index.certificates.set(id, { spki: chain.spki, notAfter: chain.notAfter })
      if (chain.spki === fingerprint) chains.set(id, { leaf: chain.leaf, ...(chain.issuer ? { issuer: chain.issuer } : {}) })
    } catch (error) {
      unchecked.push({
        id,
        error: { code: null, message: `the download could not be read as a certificate (${errorMessage(error)})`, http_status: 200 }
      })
    }
  }
  let done = 0
  const every = options.progressEvery ?? 200
  await mapConcurrently(missing, concurrency, async (id) => {
    await check(id)
    if (++done % every === 0 && done < missing.length) log(`Key scan: ${done} of ${missing.length} certificates downloaded.`)
  })
  const downloaded = missing.length - unchecked.filter((u) => !u.id.startsWith('order ')).length

  // A match the index reports is confirmed by download before it is revoked: the index is only a cache.
  const fresh = new Set(missing)
  const toConfirm = all.filter((id) => !fresh.has(id) && index.certificates.get(id)?.spki === fingerprint)
  toConfirm.forEach((id) => index.certificates.delete(id))
  await mapConcurrently(toConfirm, concurrency, check)

  const byId = (a: string, b: string): number => Number(a) - Number(b)
  const matches = all.filter((id) => index.certificates.get(id)?.spki === fingerprint).sort(byId)
  const now = Date.now()
  const expired = matches.filter((id) => Date.parse(index.certificates.get(id)?.notAfter ?? '') <= now)
  unchecked.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
  const checked = all.length - unchecked.filter((u) => !u.id.startsWith('order ')).length
  return { matches, expired, chains, checked, downloaded, requests, unchecked }
}

/**
 * Whether an order's duplicates and reissues must be listed: not when it says it has none, nor when the index
 * knows it with the same counts; always when it does not say (both lists are read then).
 */
function needsLists(order: ListedOrder, index: CertificateIndex): boolean {
  if (!/^[0-9]+$/.test(order.id) || (order.duplicates === 0 && order.reissues === 0)) return false
  // The index holds counts only (never undefined), so an order that does not say its counts never matches it.
  const known = index.orders.get(order.id)
  return !(known && known.duplicates === order.duplicates && known.reissues === order.reissues)
}

/** The certificates of one order: its primary, and what its duplicate and reissue lists hold (each once). */
async function orderCertificates(
  order: ListedOrder,
  list: (kind: 'duplicate' | 'reissue') => Promise<PacedResult>
): Promise<string[] | { error: ApiError }> {
  const certificates = new Set(order.certificateId ? [order.certificateId] : [])
  const kinds = (['duplicate', 'reissue'] as const).filter((kind) => (kind === 'duplicate' ? order.duplicates : order.reissues) !== 0)
  for (const kind of kinds) {
    const result = await list(kind)
    if (!('answer' in result)) return { error: result.failure }
    if (result.answer.statusCode !== 200) return { error: readApiError(result.answer) }
    const found = readCertificateList(result.answer)
    if ('error' in found) return found
    found.forEach((id) => certificates.add(id))
  }
  return [...certificates]
}

/**
 * Every issued order (expired ones included), each once. Pages are read until the orders received reach the
 * listing's `page.total` (a page may be shorter than asked), or an empty page. A listing that repeats itself,
 * or claims or goes on to more orders than any account holds, ends the scan with an error instead of looping.
 */
async function listIssuedOrders(count: () => void, api: CertCentralApi): Promise<{ orders: ListedOrder[] } | { error: ApiError }> {
  const orders = new Map<string, ListedOrder>()
  const broken = (message: string): { error: ApiError } => ({
    error: { code: null, message: `the order list ${message}`, http_status: 200 }
  })
  const done = (): { orders: ListedOrder[] } => ({ orders: [...orders.values()] })
  let received = 0
  for (let pages = 1; ; pages++) {
    count()
    const result = await api.listIssuedOrders(received)
    if (!('answer' in result)) return { error: result.failure }
    if (result.answer.statusCode !== 200) return { error: readApiError(result.answer) }
    const page = readOrderPage(result.answer)
    if ('error' in page) return page
    if ((page.total ?? 0) > MAX_LISTED_ORDERS) return broken(`claims ${page.total} orders, more than any account holds`)
    if (page.received === 0) return done()
    const before = orders.size
    page.orders.forEach((order) => orders.set(order.id, order))
    // A page that brings no new order (repeated, or none that can be read) would be asked for again and again.
    if (orders.size === before)
      return broken(
        page.orders.length > 0
          ? `repeated orders it had already listed (page ${pages})`
          : `held no order that could be read (page ${pages})`
      )
    received += page.received
    if (received > MAX_LISTED_ORDERS) return broken(`went on past ${MAX_LISTED_ORDERS} orders, more than any account holds`)
    // Each page brings at least one new order, so `received` grows by one or more per page: it reaches the total,
    // or the limit above, in as many pages as that number at most.
    if (page.total === undefined ? page.received < ORDER_PAGE_SIZE : received >= page.total) return done()
  }
}
