/**
 * Finds every certificate in the CertCentral account that carries a given public key: lists the issued orders
 * page by page, downloads each certificate not yet in the index, and compares SHA-256 fingerprints of the
 * SubjectPublicKeyInfo. Every request goes through the same pacing and retries as the revocations.
 */
import type { HttpAnswer } from './certcentral.js'
import { mapConcurrently, pacedRequest, type PacingOptions } from './paced.js'
import { certificateFingerprint } from './private-key.js'
import { readApiError, type ApiError } from './responses.js'

export interface Downloader {
  get(path: string, accept?: string): Promise<HttpAnswer>
}

export interface ScanOptions extends PacingOptions {
  client: Downloader
  /** Known fingerprints by certificate ID; new ones are added to it. */
  index: Map<string, string>
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

const PAGE_SIZE = 1000

interface OrderPage {
  orders?: { certificate?: { id?: unknown } }[]
  page?: { total?: unknown }
}

export async function findCertificatesWithKey(fingerprint: string, options: ScanOptions): Promise<ScanResult> {
  const log = options.log ?? (() => undefined)
  const listing = await listIssuedCertificateIds(options)
  if ('error' in listing) return { matches: [], checked: 0, downloaded: 0, unchecked: [], listingError: listing.error }
  const ids = listing.ids
  const missing = ids.filter((id) => !options.index.has(id))
  log(`Key scan: ${ids.length} issued certificate${ids.length === 1 ? '' : 's'} in the account, ${ids.length - missing.length} known from the index, ${missing.length} to download.`)

  const unchecked: ScanResult['unchecked'] = []
  let done = 0
  const every = options.progressEvery ?? 200
  await mapConcurrently(missing, options.concurrency ?? 100, async (id) => {
    const result = await pacedRequest(`certificate ${id} download`, () => options.client.get(`/certificate/${id}/download/format/pem_all`, '*/*'), options)
    if (!('answer' in result)) {
      unchecked.push({ id, error: result.failure })
    } else if (result.answer.statusCode !== 200) {
      unchecked.push({ id, error: readApiError(result.answer) })
    } else {
      try {
        options.index.set(id, certificateFingerprint(result.answer.body))
      } catch (error) {
        unchecked.push({ id, error: { code: null, message: `the download could not be read as a certificate (${(error as Error).message})`, http_status: 200 } })
      }
    }
    if (++done % every === 0 && done < missing.length) log(`Key scan: ${done} of ${missing.length} certificates downloaded.`)
  })

  const matches = ids.filter((id) => options.index.get(id) === fingerprint).sort((a, b) => Number(a) - Number(b))
  unchecked.sort((a, b) => Number(a.id) - Number(b.id))
  return { matches, checked: ids.length - unchecked.length, downloaded: missing.length - unchecked.length, unchecked }
}

/** The certificate IDs of every issued order (expired ones included), in listing order, each once. */
async function listIssuedCertificateIds(options: ScanOptions): Promise<{ ids: string[] } | { error: ApiError }> {
  const ids = new Set<string>()
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const path = `/order/certificate?filters[status]=issued&offset=${offset}&limit=${PAGE_SIZE}`
    const result = await pacedRequest('listing issued orders', () => options.client.get(path), options)
    if (!('answer' in result)) return { error: result.failure }
    if (result.answer.statusCode !== 200) return { error: readApiError(result.answer) }
    let page: OrderPage
    try {
      page = JSON.parse(result.answer.body) as OrderPage
    } catch {
      return { error: { code: null, message: 'the order list could not be read as JSON', http_status: 200 } }
    }
    const orders = Array.isArray(page.orders) ? page.orders : []
    for (const order of orders) {
      const id = order.certificate?.id
      if (Number.isSafeInteger(id) && (id as number) > 0) ids.add(String(id))
    }
    const total = Number(page.page?.total)
    if (orders.length < PAGE_SIZE || !Number.isFinite(total) || offset + PAGE_SIZE >= total) return { ids: [...ids] }
  }
}
