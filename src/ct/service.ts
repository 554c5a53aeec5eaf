/**
 * A crt.sh-compatible Certificate Transparency search service: the search by the SHA-256 of a key's
 * SubjectPublicKeyInfo, and the download of one logged certificate. Every request is paced at one a second and
 * retried as CertCentral's are (429, 502, 503, 504, connection errors and timeouts, up to max-attempts, after
 * Retry-After or an exponential backoff). Nothing it answers is trusted: the listing is checked for shape here,
 * and each certificate is compared with the key by confirm.ts.
 */
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../certcentral/retry-policy.js'
import { fetchBytes, FetchFailure, httpProblem, type Fetched, type FetchLimits } from '../ca/fetch.js'
import { clean } from '../untrusted.js'

/** One entry of the listing, as the service gave it (to be confirmed). */
export interface CtEntry {
  /** crt.sh's ID of the logged certificate or precertificate, decimal. */
  id: string
  issuerName: string
  /** Hex, as listed (may start with 00). */
  serialNumber: string
  notBefore: string
  notAfter: string
}

export interface CtClock {
  now(): number
  sleep(ms: number): Promise<void>
}

export interface CtServiceOptions {
  /** `ct-search-url`, ending with `/`. */
  baseUrl: string
  timeoutMs: number
  maxAttempts: number
  userAgent: string
  clock: CtClock
  /** The address rule for this service's requests, chosen by the caller (the run's exempts `ct-search-url`'s host). */
  addresses: NonNullable<FetchLimits['addresses']>
  log?: (message: string) => void
  /** Removes secrets from the service's own words (an error page) before they are cut and kept. */
  redact?: (text: string) => string
  random?: () => number
}

/** crt.sh allows 60 requests a minute per address: one a second keeps every run under it. */
export const CT_INTERVAL_MS = 1000
/** More entries than this is not a key's certificates but a listing gone wrong (or a key shared far too widely). */
export const MAX_ENTRIES = 10_000
const MAX_LISTING_BYTES = 32 * 1024 * 1024
const MAX_CERTIFICATE_BYTES = 256 * 1024

export type SearchResult = { entries: CtEntry[] } | { failure: string }
export type DownloadResult = { pem: string } | { failure: string }

export class CtService {
  /** Requests sent, retries included. */
  requests = 0
  private nextStartAt = -Infinity

  constructor(private readonly options: CtServiceOptions) {}

  /** `GET {ct-search-url}?spkisha256={hex}&exclude=expired&output=json`. */
  async search(spkiSha256: string): Promise<SearchResult> {
    const url = `${this.options.baseUrl}?spkisha256=${spkiSha256}&exclude=expired&output=json`
    const answer = await this.get(url, 'application/json', MAX_LISTING_BYTES, 'CT search')
    if (typeof answer === 'string') return { failure: answer }
    if (answer.status !== 200) return { failure: `the CT search answered ${this.statusLine(answer)}` }
    return readListing(answer.body.toString('utf8'))
  }

  /** `GET {ct-search-url}?d={id}`: the logged certificate, PEM. */
  async download(id: string): Promise<DownloadResult> {
    const answer = await this.get(
      `${this.options.baseUrl}?d=${encodeURIComponent(id)}`,
      'application/x-pem-file, */*',
      MAX_CERTIFICATE_BYTES,
      `CT download ${id}`
    )
    if (typeof answer === 'string') return { failure: answer }
    if (answer.status !== 200) return { failure: `the download answered ${this.statusLine(answer)}` }
    return { pem: answer.body.toString('latin1') }
  }

  /** One paced, retried GET: the last answer, or why none came. */
  private async get(url: string, accept: string, maxBytes: number, label: string): Promise<Fetched | string> {
    const { maxAttempts, clock } = this.options
    const log = this.options.log ?? (() => undefined)
    for (let attempt = 1; ; attempt++) {
      await this.slot()
      this.requests++
      let answer: Fetched
      try {
        // A redirect is an answer, not followed: the service's own URLs are the only ones CT is read from.
        answer = await fetchBytes(
          // Stryker disable next-line StringLiteral: Node's http.request sends GET for an empty method too
          { method: 'GET', url, accept, followRedirects: false },
          { timeoutMs: this.options.timeoutMs, maxBytes, userAgent: this.options.userAgent, addresses: this.options.addresses }
        )
      } catch (error) {
        // Stryker disable next-line ConditionalExpression: fetchBytes turns every error into a FetchFailure; this narrows the type
        if (!(error instanceof FetchFailure)) throw error
        // Retried: connection errors and timeouts. Not: what would only come again (too large, a refused address).
        if (attempt >= maxAttempts || (error.final && !error.timedOut))
          return `${error.message} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`
        const delay = backoffDelay(attempt, this.options.random)
        log(`${label}: ${error.message}; attempt ${attempt + 1} of ${maxAttempts} in ${(delay / 1000).toFixed(1)} s.`)
        await clock.sleep(delay)
        continue
      }
      if (!isRetryableStatus(answer.status) || attempt >= maxAttempts) return answer
      const delay = parseRetryAfter(answer.headers['retry-after'], Date.now()) ?? backoffDelay(attempt, this.options.random)
      log(`${label}: HTTP ${answer.status}; attempt ${attempt + 1} of ${maxAttempts} in ${(delay / 1000).toFixed(1)} s.`)
      await clock.sleep(delay)
    }
  }

  /** `HTTP 503 (Service Unavailable)`: the service's words redacted, then made one line and cut. */
  private statusLine(answer: Fetched): string {
    const redact = this.options.redact ?? ((text: string) => text)
    return httpProblem(answer, (text, limit = 60) => clean(redact(text), limit))
  }

  /** Waits until one more request may start: at most one a second, in the order asked. */
  private async slot(): Promise<void> {
    const now = this.options.clock.now()
    const at = Math.max(now, this.nextStartAt)
    this.nextStartAt = at + CT_INTERVAL_MS
    if (at > now) await this.options.clock.sleep(at - now)
  }
}

/** The listing, or a failure when it is not a JSON array of entries, or holds more than MAX_ENTRIES. */
export function readListing(text: string): SearchResult {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { failure: 'the CT search answer is not JSON' }
  }
  if (!Array.isArray(parsed)) return { failure: 'the CT search answer is not a JSON array' }
  if (parsed.length > MAX_ENTRIES) return { failure: `the CT search listed ${parsed.length} entries, more than ${MAX_ENTRIES}` }
  const entries: CtEntry[] = []
  for (const [index, item] of parsed.entries()) {
    const entry = readEntry(item)
    if (!entry) return { failure: `entry ${index + 1} of the CT search answer is not a certificate entry` }
    entries.push(entry)
  }
  return { entries }
}

function readEntry(item: unknown): CtEntry | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined
  const { id, issuer_name, serial_number, not_before, not_after } = item as Record<string, unknown>
  const idText =
    typeof id === 'number' && Number.isSafeInteger(id) && id > 0
      ? String(id)
      : typeof id === 'string' && /^[1-9][0-9]{0,17}$/.test(id)
        ? id
        : undefined
  if (idText === undefined) return undefined
  if (typeof issuer_name !== 'string' || typeof serial_number !== 'string' || !/^[0-9a-fA-F]{1,80}$/.test(serial_number)) return undefined
  if (typeof not_before !== 'string' || typeof not_after !== 'string') return undefined
  return { id: idText, issuerName: issuer_name, serialNumber: serial_number, notBefore: not_before, notAfter: not_after }
}

/** A serial number for comparing: upper-case hex without leading zeros. */
export function normalSerial(hex: string): string {
  return hex.toUpperCase().replace(/^0+(?=.)/, '')
}

/**
 * The listing's entries by certificate: a precertificate and its certificate share issuer and serial. Within a
 * group the highest ID first (the final certificate is logged after its precertificate).
 */
export function groupEntries(entries: CtEntry[]): CtEntry[][] {
  const groups = new Map<string, CtEntry[]>()
  for (const entry of entries) {
    const key = `${entry.issuerName}\u0000${normalSerial(entry.serialNumber)}`
    const group = groups.get(key) ?? []
    if (!group.some((other) => other.id === entry.id)) group.push(entry)
    groups.set(key, group)
  }
  return [...groups.values()].map((group) => group.sort((a, b) => Number(BigInt(b.id) - BigInt(a.id))))
}
