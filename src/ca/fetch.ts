/**
 * HTTP for OCSP, CRLs, CA Issuers, and the services outside the account (CT search, ACME): one exchange through @actions/http-client (so https_proxy, HTTPS_PROXY and no_proxy
 * work as on every other action), under one deadline, with the body read up to a size cap, and redirects
 * followed here, at most MAX_REDIRECTS of them and only to the same scheme. These requests go to the CA, not to
 * CertCentral: they carry no key and cost nothing against DigiCert's API limits. Their URLs come from outside, so
 * every hop reaches only the addresses the run's AddressPolicy allows (see addresses.ts): the name is resolved and
 * checked in the connection's own lookup, an IP literal before the request, and, through a proxy (which resolves
 * the name itself), the name is resolved here and checked before the request.
 */
import { getProxyUrl, HttpClient } from '@actions/http-client'
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http'
import { Readable } from 'node:stream'
import { errorMessage } from '../errors.js'
import { AddressGuard, AddressRefused, type AddressPolicy } from './addresses.js'

export const MAX_REDIRECTS = 3
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/** No usable HTTP answer came: the reason is in our words, single-line; outside text in it is not yet redacted. */
export class FetchFailure extends Error {
  constructor(
    message: string,
    /** Nothing came back in time: asking again (another method) would only double the wait. */
    readonly final = false,
    /** It was a timeout (the deadline, or a silent connection): a service retried on timeouts may ask again. */
    readonly timedOut = false
  ) {
    super(message)
    this.name = 'FetchFailure'
  }
}

export interface Exchange {
  method: 'GET' | 'HEAD' | 'POST'
  url: string
  accept: string
  body?: Uint8Array | string
  contentType?: string
  /** False for a service whose answer must come from the URL asked (a signed ACME request): a redirect is the answer. */
  followRedirects?: boolean
}

export interface FetchLimits {
  timeoutMs: number
  maxBytes: number
  userAgent: string
  /** Which addresses URLs from outside may reach. Default: public addresses only, nothing exempt. */
  addresses?: AddressPolicy
}

/** One guard per policy, so `base-url` is resolved at most once a run. */
const guards = new WeakMap<AddressPolicy, AddressGuard>()
const STRICT: AddressPolicy = {}

function guardFor(policy: AddressPolicy = STRICT): AddressGuard {
  let guard = guards.get(policy)
  if (!guard) guards.set(policy, (guard = new AddressGuard(policy)))
  return guard
}

/** Gives every request of the client the guard's lookup, so the address checked is the address connected to. */
function lookupThrough(guard: AddressGuard): ConstructorParameters<typeof HttpClient>[1] & object {
  return [
    {
      prepareRequest: (options: RequestOptions) => {
        options.lookup = guard.lookup
      },
      // Stryker disable next-line ArrowFunction: the client asks `if (canHandleAuthentication(…))`, so undefined says no as false does
      canHandleAuthentication: () => false,
      // Stryker disable next-line all: never called, as canHandleAuthentication says no; the client's interface wants it
      handleAuthentication: () => Promise.reject(new Error('no authentication here'))
    }
  ]
}

export interface Fetched {
  status: number
  /** The URL that answered, after redirects. */
  url: string
  contentType: string
  /** Outside text like the body (Retry-After, Replay-Nonce). */
  headers: IncomingHttpHeaders
  /** Empty for HEAD. */
  body: Buffer
}

/** One exchange, redirects included, within `timeoutMs`; any other scheme than http: and https: is refused. */
export async function fetchBytes(exchange: Exchange, limits: FetchLimits): Promise<Fetched> {
  const guard = guardFor(limits.addresses)
  const http = new HttpClient(limits.userAgent, lookupThrough(guard), {
    allowRedirects: false, // followed below, to the same scheme only
    allowRetries: false,
    keepAlive: false,
    socketTimeout: limits.timeoutMs
  })
  let answer: IncomingMessage | undefined
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new FetchFailure(`no answer within ${seconds(limits.timeoutMs)}`, true, true))
      answer?.destroy()
    }, limits.timeoutMs)
  })
  const work = (async (): Promise<Fetched> => {
    let url = webUrl(exchange.url)
    for (let redirects = 0; ; redirects++) {
      const refused = getProxyUrl(url.href) ? await guard.checkName(url.hostname) : await guard.checkLiteral(url.hostname)
      if (refused) throw refused
      const headers: OutgoingHttpHeaders = { Accept: exchange.accept }
      let body: Readable | null = null
      if (exchange.body) {
        headers['Content-Type'] = exchange.contentType ?? 'application/octet-stream'
        const bytes = Buffer.from(exchange.body)
        headers['Content-Length'] = bytes.byteLength
        body = Readable.from([bytes])
      }
      const response = await http.request(exchange.method, url.href, body, headers)
      answer = response.message
      const status = answer.statusCode ?? 0
      const location = answer.headers.location
      if (REDIRECT_STATUSES.has(status) && location && exchange.followRedirects !== false) {
        answer.destroy()
        if (redirects >= MAX_REDIRECTS) throw new FetchFailure(`more than ${MAX_REDIRECTS} redirects`)
        const next = parseUrl(location, url)
        if (next.protocol !== url.protocol) throw new FetchFailure(`a redirect from ${url.protocol} to ${next.protocol} was refused`, true)
        url = next
        continue
      }
      const contentType = String(answer.headers['content-type'] ?? '')
      const read = exchange.method === 'HEAD' ? Buffer.alloc(0) : await readCapped(answer, limits.maxBytes)
      return { status, url: url.href, contentType, headers: answer.headers, body: read }
    }
  })()
  try {
    return await Promise.race([work, deadline])
  } catch (error) {
    if (error instanceof FetchFailure) throw error
    if (error instanceof AddressRefused) throw new FetchFailure(error.message, true)
    const message = errorMessage(error)
    const timedOut = /^Request timeout/.test(message)
    throw new FetchFailure(describeFetchError(error, message), timedOut, timedOut)
  } finally {
    // The loser of the race cannot become an unhandled rejection: Promise.race has handled both.
    clearTimeout(timer)
    answer?.destroy()
    http.dispose()
  }
}

/** An http: or https: URL, or a FetchFailure. */
export function webUrl(text: string): URL {
  const url = parseUrl(text)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchFailure(`only http and https are asked, not ${url.protocol}`, true)
  return url
}

function parseUrl(text: string, base?: URL): URL {
  try {
    return new URL(text, base)
  } catch {
    throw new FetchFailure('an invalid URL', true)
  }
}

/** The body, or a FetchFailure as soon as it passes `maxBytes` (fetchBytes then destroys the stream, in `finally`). */
function readCapped(message: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new FetchFailure(`the answer is larger than ${size(maxBytes)}`, true)
    const declared = Number(message.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(tooLarge())
      return
    }
    const chunks: Buffer[] = []
    let received = 0
    message.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) {
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    })
    message.on('end', () => resolve(Buffer.concat(chunks)))
    message.on('error', reject)
    // Node rejects an answer cut short through 'error' (ECONNRESET, "aborted") before 'close', so no test can
    // reach this guard; it stays for a runtime that closes without that error.
    // Stryker disable next-line all: unreachable under Node, as said above
    message.on('close', () => {
      // Stryker disable next-line all: unreachable under Node, as said above
      if (!message.complete) reject(new FetchFailure('the connection closed before the answer was complete'))
    })
  })
}

/** A network error in words: the common ones by name, others with Node's code kept for searching. */
export function describeFetchError(error: unknown, message: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (/^Request timeout/.test(message)) return 'the connection went silent (socket timeout)'
  if (/^tunneling socket/.test(message)) return 'the proxy could not be reached, or refused the tunnel'
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)'
  if (code === 'ECONNRESET') return 'the connection was dropped (ECONNRESET)'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host name not resolved (${code})`
  if (code && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS/.test(code)) return `the server's TLS certificate could not be verified (${code})`
  return code && !message.includes(code) ? `${code}: ${message}` : message
}

/** `HTTP 503`, with a short excerpt when the server explained itself in text (`outside` makes it reportable). */
export function httpProblem(
  fetched: Pick<Fetched, 'status' | 'contentType' | 'body'>,
  outside: (text: string, limit?: number) => string
): string {
  const text = /^(text\/|application\/(problem\+)?json)/i.test(fetched.contentType)
    ? outside(fetched.body.subarray(0, 512).toString('utf8'), 60)
    : ''
  return text ? `HTTP ${fetched.status} (${text})` : `HTTP ${fetched.status}`
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`
}

const KiB = 1024
const MiB = 1024 * KiB

export function size(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`
  return `${bytes} bytes`
}
