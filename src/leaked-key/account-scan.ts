/**
 * Finds every certificate in the CertCentral account that carries a given public key: lists the account's orders
 * page by page (every status, sorted by order ID), skips those that hold no certificate, lists the duplicates and
 * reissues (archived ones included) of every order that has them (the order list shows only each order's primary
 * certificate), downloads each certificate not yet in the index, checks that the download is the certificate
 * listed, and compares SHA-256 fingerprints of the SubjectPublicKeyInfo. Every request goes through the same
 * pacing and retries as the revocations. Nothing the listing says is taken on trust: a total that is not a count,
 * a page that repeats, an order without a certificate ID or a download of another certificate makes the scan
 * incomplete (or ends it) instead of letting it pass as complete.
 */
import type { CertCentralApi } from '../certcentral/api.js'
import {
  ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE,
  normalSerial,
  readApiError,
  readCertificateList,
  readOrderPage,
  type ApiError,
  type ListedCertificate,
  type ListedOrder
} from '../certcentral/answers.js'
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
  /** The clock of the progress lines, in ms (default Date.now). */
  now?: () => number
  /** A progress line at least this often, in ms, while the scan lasts (default 30 s). */
  progressEveryMs?: number
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
  /**
   * What could not be checked, with why: a certificate ID, `order N` (its lists, or its certificate ID, could not
   * be had) or `order list` (orders without any ID). The scan is incomplete when there are any.
   */
  unchecked: { id: string; error: ApiError }[]
  /** Set when the orders could not be listed at all. */
  listingError?: ApiError
}

/** More orders than any CertCentral account has: a listing that claims more is not believed. */
export const MAX_LISTED_ORDERS = 1_000_000

/** A problem found in what CertCentral answered with 200: not an HTTP error, but not what was asked for. */
const answered = (message: string): ApiError => ({ code: null, message, http_status: 200 })

export async function findCertificatesWithKey(fingerprint: string, api: CertCentralApi, options: ScanOptions): Promise<ScanResult> {
  const log = options.log ?? (() => undefined)
  const concurrency = options.concurrency ?? 100
  const { index } = options
  const state = { requests: 0, listed: 0, total: undefined as number | undefined, checked: 0 }
  const progress = progressLine(state, log, options.now ?? Date.now, options.progressEveryMs ?? 30_000)
  const counted = async (call: Promise<PacedResult>): Promise<PacedResult> => {
    state.requests++
    const result = await call
    progress()
    return result
  }
  const listing = await listOrders(api, counted, (listed, total) => Object.assign(state, { listed, total }))
  if ('error' in listing) {
    const { requests } = state
    return { matches: [], expired: [], chains: new Map(), checked: 0, downloaded: 0, requests, unchecked: [], listingError: listing.error }
  }

  // Every certificate of every order that may hold one: the primary, and the duplicates and reissues of an order
  // that has them, each once (the lists may repeat the primary), with the serial number listed for it.
  const unchecked: ScanResult['unchecked'] = []
  if (listing.unidentified > 0 || listing.endedAt) {
    const ended = listing.endedAt ? `, and it was read no further than page ${listing.endedAt}, which held no order with an ID` : ''
    unchecked.push({
      id: 'order list',
      error: answered(`${plural(listing.unidentified, 'order')} came without an order ID or a certificate ID${ended}`)
    })
  }
  const listed = new Map<string, ListedCertificate>()
  const add = (certificate: ListedCertificate): void => void (listed.has(certificate.id) || listed.set(certificate.id, certificate))
  const orders = listing.orders.filter((order) => !ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE.some((status) => status === order.status))
  for (const order of orders) {
    if (order.certificateId) add({ id: order.certificateId, ...(order.serialNumber ? { serialNumber: order.serialNumber } : {}) })
    else unchecked.push({ id: `order ${order.id}`, error: answered('the order list gives no numeric certificate ID for it') })
  }
  // The index saves downloads, not lists: a duplicate can be replaced without its order's counts changing, so
  // what an earlier version recorded per order is dropped, and every order with duplicates or reissues listed.
  index.orders.clear()
  const toList = orders.filter((order) => /^[0-9]+$/.test(order.id) && !(order.duplicates === 0 && order.reissues === 0))
  await mapConcurrently(toList, concurrency, async (order) => {
    const { certificates, error } = await orderCertificates(order, (kind) => counted(api.listOrderCertificates(order.id, kind)))
    certificates.forEach(add)
    if (error) unchecked.push({ id: `order ${order.id}`, error })
  })
  const all = [...listed.keys()]
  const missing = all.filter((id) => !index.certificates.has(id))
  state.checked = all.length - missing.length
  log(
    `Key scan: ${plural(listing.orders.length, 'order')} listed, ${plural(orders.length, 'order')} that may hold a valid certificate, ${plural(all.length, 'certificate')} (${plural(toList.length, 'order')} with duplicates or reissues listed); ${all.length - missing.length} known from the index, ${missing.length} to download.`
  )

  const chains = new Map<string, { leaf: string; issuer?: string }>()
  /** Downloads one certificate, checks it is the one listed, and records it in the index; a failure leaves it unchecked. */
  const check = async (id: string): Promise<void> => {
    const result = await counted(api.downloadChain(id))
    if (!('answer' in result)) return void unchecked.push({ id, error: result.failure })
    if (result.answer.statusCode !== 200) return void unchecked.push({ id, error: readApiError(result.answer) })
    let chain
    try {
      chain = readChain(result.answer.body)
    } catch (error) {
      return void unchecked.push({ id, error: answered(`the download could not be read as a certificate (${errorMessage(error)})`) })
    }
    const expected = listed.get(id)?.serialNumber
    if (expected !== undefined && normalSerial(expected) !== normalSerial(chain.serialNumber)) {
      // Another certificate than the one listed (CertCentral has served an order's primary for its duplicate):
      // neither a match nor a non-match.
      return void unchecked.push({
        id,
        error: answered(
          `the download is not the certificate listed: its serial number is ${normalSerial(chain.serialNumber)}, the listing gives ${normalSerial(expected)}`
        )
      })
    }
    index.certificates.set(id, { spki: chain.spki, notAfter: chain.notAfter })
    if (chain.spki === fingerprint) chains.set(id, { leaf: chain.leaf, ...(chain.issuer ? { issuer: chain.issuer } : {}) })
    state.checked++
  }
  await mapConcurrently(missing, concurrency, check)
  const downloaded = missing.filter((id) => index.certificates.has(id)).length

  // A match the index reports is confirmed by download before it is revoked: the index is only a cache.
  const fresh = new Set(missing)
  const toConfirm = all.filter((id) => !fresh.has(id) && index.certificates.get(id)?.spki === fingerprint)
  toConfirm.forEach((id) => index.certificates.delete(id))
  state.checked -= toConfirm.length
  await mapConcurrently(toConfirm, concurrency, check)

  const byId = (a: string, b: string): number => Number(a) - Number(b)
  const matches = all.filter((id) => index.certificates.get(id)?.spki === fingerprint).sort(byId)
  const now = Date.now()
  const expired = matches.filter((id) => Date.parse(index.certificates.get(id)?.notAfter ?? '') <= now)
  unchecked.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
  const checked = all.filter((id) => index.certificates.has(id)).length
  return { matches, expired, chains, checked, downloaded, requests: state.requests, unchecked }
}

/** `n things`, for the log. */
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/**
 * A function to call after every request: it logs where the scan stands when `everyMs` have passed since the
 * scan began or since its last line, so that a long scan shows it is alive.
 */
function progressLine(
  state: { requests: number; listed: number; total: number | undefined; checked: number },
  log: (message: string) => void,
  now: () => number,
  everyMs: number
): () => void {
  let last = now()
  return () => {
    const at = now()
    if (at - last < everyMs) return
    last = at
    const listed = state.total === undefined ? plural(state.listed, 'order') : `${state.listed} of ${plural(state.total, 'order')}`
    log(
      `Key scan in progress: ${listed} listed, ${plural(state.checked, 'certificate')} checked, ${plural(state.requests, 'CertCentral request')} made.`
    )
  }
}

/**
 * The certificates of one order's duplicate and reissue lists that may hold one, archived ones included, and why the
 * order could not be checked whole: a list that could not be had, or an entry without a numeric ID.
 */
async function orderCertificates(
  order: ListedOrder,
  list: (kind: 'duplicate' | 'reissue') => Promise<PacedResult>
): Promise<{ certificates: ListedCertificate[]; error?: ApiError }> {
  const certificates: ListedCertificate[] = []
  const kinds = (['duplicate', 'reissue'] as const).filter((kind) => (kind === 'duplicate' ? order.duplicates : order.reissues) !== 0)
  for (const kind of kinds) {
    const result = await list(kind)
    if (!('answer' in result)) return { certificates, error: result.failure }
    if (result.answer.statusCode !== 200) return { certificates, error: readApiError(result.answer) }
    const found = readCertificateList(result.answer)
    if ('error' in found) return { certificates, error: found.error }
    certificates.push(...found.certificates)
    if (found.unidentified > 0)
      return { certificates, error: answered(`its ${kind} list holds ${plural(found.unidentified, 'certificate')} without a numeric ID`) }
  }
  return { certificates }
}

/**
 * Every order of the account, each once, and how many came without any ID. Pages are read until the orders
 * received reach the largest `page.total` seen (a page may be shorter than asked, and a total that shrinks while
 * the scan runs does not end it early), or an empty page; a `page.total` that is not a whole number of at least 0
 * is not believed, and the listing is then read until an empty page. A listing that repeats itself, goes on past
 * its own total, or claims or goes on to more orders than any account holds, ends the scan with an error instead
 * of looping; one that reaches a page of orders none of which has an ID ends there (`endedAt`), incomplete.
 */
async function listOrders(
  api: CertCentralApi,
  counted: (call: Promise<PacedResult>) => Promise<PacedResult>,
  seen: (listed: number, total: number | undefined) => void
): Promise<{ orders: ListedOrder[]; unidentified: number; endedAt?: number } | { error: ApiError }> {
  const orders = new Map<string, ListedOrder>()
  const broken = (message: string): { error: ApiError } => ({ error: answered(`the order list ${message}`) })
  let received = 0
  let unidentified = 0
  let total: number | undefined
  for (let pages = 1; ; pages++) {
    const result = await counted(api.listOrders(received))
    if (!('answer' in result)) return { error: result.failure }
    if (result.answer.statusCode !== 200) return { error: readApiError(result.answer) }
    const page = readOrderPage(result.answer)
    if ('error' in page) return page
    if ((page.total ?? 0) > MAX_LISTED_ORDERS) return broken(`claims ${page.total} orders, more than any account holds`)
    if (page.total !== undefined) total = Math.max(total ?? 0, page.total)
    if (page.received === 0) return { orders: [...orders.values()], unidentified }
    const before = orders.size
    page.orders.forEach((order) => orders.set(order.id, order))
    // A page that brings no new order (repeated) would be asked for again and again.
    if (page.orders.length > 0 && orders.size === before) return broken(`repeated orders it had already listed (page ${pages})`)
    received += page.received
    unidentified += page.unidentified
    // Nor can a page of orders without any ID be told from a repeat: the listing ends there, incomplete.
    if (page.orders.length === 0) return { orders: [...orders.values()], unidentified, endedAt: pages }
    seen(received, total)
    if (received > MAX_LISTED_ORDERS) return broken(`went on past ${MAX_LISTED_ORDERS} orders, more than any account holds`)
    if (total !== undefined && received > total) return broken(`went on past its own total of ${total} orders (page ${pages})`)
    // Each page moves the offset on by what it held, so the total (or the limit above) is reached in as many
    // pages as that number at most; without a total, an empty page ends the listing.
    if (total !== undefined && received >= total) return { orders: [...orders.values()], unidentified }
  }
}
