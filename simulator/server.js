// A CertCentral Services API simulator: a real HTTP(S) server on loopback that answers the revoke, request and
// order endpoints as DigiCert documents them, enforces the per-key rate limits on arrival, and can be told to
// misbehave. It is also its certificates' CA: it serves their OCSP responder, CA certificate and CRL.
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { Account, DEMO_KEYS, demoAccount, error, invalidKey } from './account.js'
import { certificateList, ocspError, ocspResponse } from './ca.js'
import { CA, CA_CERTIFICATE, caUrls } from './x509.js'
import { OCSPResponseStatus } from '@peculiar/asn1-ocsp'

/**
 * @import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
 * @import { Socket } from 'node:net'
 * @import { Answer } from './account.js'
 * @import { OcspSettings } from './ca.js'
 */

export { DEMO_KEYS, demoAccount } from './account.js'

export const BASE_PATH = '/services/v2'

/** DigiCert's published limits per key: 100 requests in 5 s and 1000 in 3 minutes, on rolling windows. */
export const DIGICERT_LIMITS = [
  { limit: 100, spanMs: 5_000 },
  { limit: 1000, spanMs: 180_000 }
]

/**
 * What an injected fault does. One with a status replaces the answer with its own; one that drops or hangs gives
 * none; one with neither (`{ delayMs }`, `{ truncate: true }`) changes how the request's own answer is sent.
 * @typedef {object} Fault
 * @property {number} [status]   answer with this status,
 * @property {object | string} [body] and this body (an object is sent as JSON)
 * @property {Record<string, string>} [headers]
 * @property {boolean} [drop]    destroy the connection without answering
 * @property {boolean} [hang]    never answer (the connection stays open until the client gives up)
 * @property {boolean} [truncate] send the status, headers and half the body, then drop the connection
 * @property {number} [delayMs]  extra latency before the answer
 *
 * @typedef {object} RequestRecord  a request as the simulator received it
 * @property {string | undefined} method
 * @property {string} path       the path after the base (`/certificate/1001/revoke`)
 * @property {string} query      the query string with its `?`, or ''
 * @property {IncomingHttpHeaders} headers
 * @property {string} rawBody    the body as UTF-8 text
 * @property {Buffer} bytes      the body as received (an OCSP request is binary)
 * @property {unknown} body      the body parsed as JSON; undefined when empty or not JSON
 * @property {number} at         performance.now() on arrival
 * @property {number | 'dropped' | 'hung' | 'truncated'} status  the status answered (0 until then), or the fault
 *
 * @typedef {object} SimulatorOptions
 * @property {number} [port]               0 (default) picks a free port
 * @property {string} [host]               default 127.0.0.1
 * @property {number} [latencyMs]          added before every answer
 * @property {{limit: number, spanMs: number}[] | false} [rateLimits] default DIGICERT_LIMITS; false turns them off
 * @property {Account} [account]           default: the demo account
 * @property {{key: string | Buffer, cert: string | Buffer}} [tls] serve HTTPS with this key and certificate
 * @property {number} [approveAfterMs]     the administrator approves each pending request this long after it was
 *   created (default: never; requests wait for account.approve()/reject() or PUT /request/{id}/status)
 * @property {boolean} [rejectAll]         the administrator rejects instead (after approveAfterMs, default 0)
 * @property {OcspMode} [ocsp]             default 'up'
 * @property {number} [ocspLagMs]          OCSP says `good` until this long after a revocation (default 0)
 * @property {OcspSettings['signer']} [ocspSigner]  'ca' (default) or 'delegated'
 * @property {OcspSettings['responderId']} [ocspResponderId]  'byKey' (default) or 'byName'
 * @property {CrlMode} [crl]               default 'up'
 * @property {number} [crlLagMs]           the CRL lists a revocation only this long after it (default 0)
 * @property {boolean} [caUrls]            false: certificates issued from now on name no OCSP responder, CA
 *   certificate or CRL (default true)
 * @property {number} [maxPageSize]       `GET /order/certificate` answers at most this many orders a page, whatever
 *   `limit` asked (default: as many as asked)
 *
 * @typedef {'up' | 'down' | 'tryLater' | 'forged' | 'mismatched'} OcspMode  down: 503; tryLater: OCSP tryLater;
 *   forged: `revoked`, signed by a key that is not the CA's; mismatched: `revoked`, correctly signed, about another
 *   serial number
 * @typedef {'up' | 'down' | 'forged'} CrlMode  down: 503; forged: signed by a key that is not the CA's
 */

/** The paths the CA serves, at the root of the origin rather than under the Services API base. */
const CA_PATH = /^\/(?:ocsp(?:\/.*)?|ca\.(?:crt|pem)|crl\/simulator-ca\.crl)$/

/** Starts a simulator. Resolves once it listens; `baseUrl` is the Services API base to give the action. */
export async function startSimulator(/** @type {SimulatorOptions} */ options = {}) {
  const simulator = new Simulator(options)
  await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  return simulator
}

export class Simulator {
  constructor(/** @type {SimulatorOptions} */ options = {}) {
    this.account = options.account ?? demoAccount()
    if (options.approveAfterMs !== undefined) this.account.approveAfterMs = options.approveAfterMs
    if (options.rejectAll !== undefined) this.account.rejectAll = options.rejectAll
    if (options.caUrls !== undefined) this.account.caUrls = options.caUrls
    if (options.maxPageSize !== undefined) this.maxPageSize = options.maxPageSize
    /** The OCSP responder: 'up', 'down' (503), 'tryLater', 'forged' or 'mismatched'. */
    this.ocsp = options.ocsp ?? 'up'
    /** OCSP says `good` until this many ms after a revocation. */
    this.ocspLagMs = options.ocspLagMs ?? 0
    this.ocspSigner = options.ocspSigner ?? 'ca'
    this.ocspResponderId = options.ocspResponderId ?? 'byKey'
    /** The CRL: 'up', 'down' (503) or 'forged'. */
    this.crl = options.crl ?? 'up'
    /** The CRL lists a revocation only this many ms after it. */
    this.crlLagMs = options.crlLagMs ?? 0
    this.latencyMs = options.latencyMs ?? 0
    this.rateLimits = options.rateLimits === false ? [] : (options.rateLimits ?? DIGICERT_LIMITS)
    this.keys = DEMO_KEYS
    /**
     * Every request received, in arrival order: method, path, headers, parsed body, answered status.
     * @type {RequestRecord[]}
     */
    this.requests = []
    /** How many 429 answers the rate limiter served. */
    this.served429 = 0
    /** Most requests that were in flight at once. */
    this.peakInFlight = 0
    this.inFlight = 0
    /** @type {{ method?: string, path: string | RegExp, remaining: number, fault: Fault | ((request: RequestRecord) => Fault) }[]} */
    this.faults = []
    /**
     * Arrival times per key, for the rate limit windows.
     * @type {Map<string, number[]>}
     */
    this.arrivals = new Map()
    /** @type {Set<Socket>} */
    this.sockets = new Set()
    /**
     * @param {IncomingMessage} req
     * @param {ServerResponse} res
     */
    const handler = (req, res) => this.handle(req, res)
    this.server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler)
    this.protocol = options.tls ? 'https' : 'http'
    /** Set once listening: `http://127.0.0.1:PORT` and the Services API base under it. */
    this.origin = ''
    this.baseUrl = ''
    /** Set once listening: where the CA serves OCSP, its certificate and its CRL. */
    this.urls = { ocsp: '', caIssuers: '', crl: '' }
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /**
   * @param {number} port
   * @param {string} host
   * @returns {Promise<this>}
   */
  listen(port, host) {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        const address = this.server.address()
        // Listening on a port (not a pipe), the address has a family and a port.
        if (address === null || typeof address === 'string')
          return reject(new Error(`The simulator is not listening on a port: ${address}`))
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
        this.origin = `${this.protocol}://${shownHost}:${address.port}`
        this.baseUrl = `${this.origin}${BASE_PATH}`
        this.urls = caUrls(this.origin)
        this.account.origin = this.origin
        resolve(this)
      })
    })
  }

  /**
   * Makes the next `times` requests whose path matches answer with `fault` instead of the normal answer.
   * `path` is a substring of the path after the base, or a RegExp; `fault` may be a function of the request.
   * @param {{ path?: string | RegExp, method?: string, times?: number }} match
   * @param {Fault | ((request: any) => Fault)} fault  any: a test types the request by what it reads of it
   *   (a RequestRecord, or `{ headers: Record<string, string> }` to echo a header)
   */
  inject({ path = '', method, times = 1 }, fault) {
    this.faults.push({ path, method, remaining: times, fault })
    return this
  }

  /** Requests to the revoke endpoints, in arrival order. */
  revokeRequests() {
    return this.requests.filter((r) => r.method === 'PUT' && /\/revoke$/.test(r.path))
  }

  /** Requests to the OCSP responder, in arrival order. */
  ocspRequests() {
    return this.requests.filter((r) => /^\/ocsp(\/|$)/.test(r.path))
  }

  /** Requests for the CRL, in arrival order. */
  crlRequests() {
    return this.requests.filter((r) => r.path.startsWith('/crl/'))
  }

  /** Whether certificates issued from now on name the OCSP responder, the CA certificate and the CRL. */
  get caUrls() {
    return this.account.caUrls
  }

  set caUrls(value) {
    this.account.caUrls = value
  }

  /** The page-size cap of `GET /order/certificate` (see SimulatorOptions); undefined: pages as large as asked. */
  get maxPageSize() {
    return this.account.maxPageSize
  }

  set maxPageSize(value) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new Error(`maxPageSize must be a whole number of 1 or more, not ${value}.`)
    }
    this.account.maxPageSize = value
  }

  /** The administrator switch (see SimulatorOptions): ms after which each new pending request is decided. */
  get approveAfterMs() {
    return this.account.approveAfterMs
  }

  set approveAfterMs(value) {
    this.account.approveAfterMs = value
  }

  get rejectAll() {
    return this.account.rejectAll
  }

  set rejectAll(value) {
    this.account.rejectAll = value
  }

  async close() {
    this.account.stop()
    for (const socket of this.sockets) socket.destroy()
    await /** @type {Promise<void>} */ (new Promise((resolve) => this.server.close(() => resolve())))
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async handle(req, res) {
    const arrivedAt = performance.now()
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : url.pathname
    const bytes = await readBody(req)
    const rawBody = bytes.toString('utf8')
    const key = headerValue(req.headers['x-dc-devkey'])
    /** @type {RequestRecord} */
    const record = {
      method: req.method,
      path,
      query: url.search,
      headers: req.headers,
      rawBody,
      bytes,
      body: parseJson(rawBody),
      at: arrivedAt,
      status: 0
    }
    this.requests.push(record)
    this.inFlight++
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight)
    res.on('close', () => this.inFlight--)

    const fault = this.takeFault(record)
    // The CA's endpoints are not the Services API: no key, no rate limit.
    const forCa = !url.pathname.startsWith(BASE_PATH) && CA_PATH.test(path)
    const limited = !forCa && this.overRateLimit(key, arrivedAt)
    // A fault with a status answers instead; one that drops or hangs answers nothing; any other changes only how
    // the request's own answer is sent (its delay, or truncated).
    /** @type {Answer | undefined} */
    let answer
    if (fault?.drop || fault?.hang) answer = undefined
    else if (fault?.status !== undefined) answer = { status: fault.status, body: fault.body, headers: fault.headers }
    else if (limited) {
      this.served429++
      answer = error(429, 'request_limit_exceeded', 'Service unavailable, please limit request volume.')
    } else answer = forCa ? this.routeCa(req.method ?? 'GET', path, record) : this.route(req.method ?? 'GET', path, key, record)

    const delay = this.latencyMs + (fault?.delayMs ?? 0)
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    if (!answer) {
      if (fault?.drop) {
        record.status = 'dropped'
        req.socket.destroy()
      } else record.status = 'hung'
      return
    }
    record.status = answer.status
    const json = typeof answer.body === 'object' && !Buffer.isBuffer(answer.body)
    const body =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string' || Buffer.isBuffer(answer.body)
          ? answer.body
          : JSON.stringify(answer.body)
    const headers = { ...(json ? { 'Content-Type': 'application/json' } : {}), ...answer.headers }
    if (fault?.truncate) {
      record.status = 'truncated'
      res.writeHead(answer.status, { ...headers, 'Content-Length': Buffer.byteLength(body) })
      res.write(body.slice(0, Math.floor(body.length / 2)), () => setTimeout(() => req.socket.destroy(), 10))
      return
    }
    res.writeHead(answer.status, headers)
    res.end(answer.status === 204 ? undefined : body)
  }

  /**
   * The fault for this request, if one is injected for it (a function of the request called now).
   * @param {RequestRecord} record
   * @returns {Fault | undefined}
   */
  takeFault(record) {
    const index = this.faults.findIndex(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method === record.method) &&
        (typeof f.path === 'string' ? record.path.includes(f.path) : f.path.test(record.path))
    )
    if (index < 0) return undefined
    const entry = this.faults[index]
    entry.remaining--
    if (entry.remaining === 0) this.faults.splice(index, 1)
    return typeof entry.fault === 'function' ? entry.fault(record) : entry.fault
  }

  /**
   * Counts every arrival against each window (as a real limiter would), refusing those over any limit.
   * @param {string | undefined} key
   * @param {number} now
   */
  overRateLimit(key, now) {
    if (this.rateLimits.length === 0) return false
    const id = key ?? ''
    const widest = Math.max(...this.rateLimits.map((w) => w.spanMs))
    const times = this.arrivals.get(id) ?? []
    while (times.length > 0 && times[0] <= now - widest) times.shift()
    const over = this.rateLimits.some((w) => times.filter((t) => t > now - w.spanMs).length >= w.limit)
    if (!over) times.push(now)
    this.arrivals.set(id, times)
    return over
  }

  /**
   * The answer to a request, from the account.
   * @param {string} method
   * @param {string} path
   * @param {string | undefined} key
   * @param {RequestRecord} record
   * @returns {Answer}
   */
  route(method, path, key, record) {
    // DigiCert checks the key before anything else (an unknown key: 403 access_denied_invalid_key).
    if (!this.account.userFor(key)) return invalidKey()
    const query = new URLSearchParams(record.query)
    /** @type {(name: string, fallback: number) => number} */
    const number = (name, fallback) => (query.has(name) ? Number(query.get(name)) : fallback)
    /** @param {string} name */
    const text = (name) => query.get(name) ?? undefined
    let match
    if (method === 'PUT' && (match = /^\/certificate\/([^/]+)\/revoke$/.exec(path))) {
      if (record.body === undefined) return error(400, 'bad_request_format', 'The request body is not valid JSON.')
      return this.account.revoke({ kind: 'certificate', ref: decodeURIComponent(match[1]), key, body: record.body })
    }
    if (method === 'PUT' && (match = /^\/order\/certificate\/([^/]+)\/revoke$/.exec(path))) {
      if (record.body === undefined) return error(400, 'bad_request_format', 'The request body is not valid JSON.')
      return this.account.revoke({ kind: 'order', ref: decodeURIComponent(match[1]), key, body: record.body })
    }
    if (method === 'GET' && (match = /^\/request\/([0-9]+)$/.exec(path))) {
      return this.account.getRequest(match[1], key)
    }
    if (method === 'PUT' && (match = /^\/request\/([0-9]+)\/status$/.exec(path))) {
      if (record.body === undefined) return error(400, 'bad_request_format', 'The request body is not valid JSON.')
      return this.account.updateRequestStatus(match[1], key, record.body)
    }
    if (method === 'GET' && path === '/request') {
      return this.account.listRequests({
        key,
        status: text('filters[status]'),
        type: text('filters[type]'),
        offset: number('offset', 0),
        limit: number('limit', 1000)
      })
    }
    if (method === 'GET' && path === '/order/certificate') {
      return this.account.listOrders({
        key,
        status: text('filters[status]'),
        serialNumber: text('filters[serial_number]'),
        certificateId: text('filters[certificate_id]'),
        offset: number('offset', 0),
        limit: number('limit', 1000)
      })
    }
    if (method === 'GET' && (match = /^\/order\/certificate\/([^/]+)\/(duplicate|reissue)$/.exec(path))) {
      const kind = /** @type {'duplicate' | 'reissue'} */ (match[2])
      return this.account.listOrderCertificates(decodeURIComponent(match[1]), kind, key, { showArchived: text('show_archived') === 'true' })
    }
    if (method === 'GET' && (match = /^\/order\/certificate\/([^/]+)$/.exec(path))) {
      return this.account.orderInfo(decodeURIComponent(match[1]), key)
    }
    if (method === 'GET' && (match = /^\/certificate\/([^/]+)\/download\/format\/pem_all$/.exec(path))) {
      return this.account.downloadPemAll(decodeURIComponent(match[1]), key)
    }
    return error(404, 'not_found|route', `No route for ${method} ${path}.`)
  }

  /**
   * The CA's answer: OCSP (POST, or GET with the request in the path), its certificate, its CRL.
   * @param {string} method
   * @param {string} path
   * @param {RequestRecord} record
   * @returns {Answer}
   */
  routeCa(method, path, record) {
    const now = Date.now()
    if (path === '/ca.crt' && method === 'GET')
      return { status: 200, body: CA.certificate, headers: { 'Content-Type': 'application/pkix-cert' } }
    if (path === '/ca.pem' && method === 'GET')
      return { status: 200, body: CA_CERTIFICATE, headers: { 'Content-Type': 'application/x-pem-file' } }
    if (path.startsWith('/crl/') && method === 'GET') {
      if (this.crl === 'down') return { status: 503, body: 'The CRL is unavailable.', headers: { 'Content-Type': 'text/plain' } }
      const der = certificateList(this.account.revokedList(now, this.crlLagMs), { forged: this.crl === 'forged' })
      return { status: 200, body: der, headers: { 'Content-Type': 'application/pkix-crl' } }
    }
    /** @type {Buffer | undefined} the DER OCSP request: POST's body, or GET's path after /ocsp/ */
    let der
    if (method === 'POST' && (path === '/ocsp' || path === '/ocsp/')) der = record.bytes
    else if (method === 'GET' && path.startsWith('/ocsp/')) der = decodeOcspPath(path.slice('/ocsp/'.length))
    else if (path.startsWith('/ocsp'))
      return {
        status: 405,
        body: 'Use POST, or GET with the request in the path.',
        headers: { 'Content-Type': 'text/plain', Allow: 'GET, POST' }
      }
    else return error(404, 'not_found|route', `No route for ${method} ${path}.`)
    if (this.ocsp === 'down') return { status: 503, body: 'The OCSP responder is unavailable.', headers: { 'Content-Type': 'text/plain' } }
    const headers = { 'Content-Type': 'application/ocsp-response' }
    if (!der) return { status: 200, body: ocspError(OCSPResponseStatus.malformedRequest), headers }
    if (this.ocsp === 'tryLater') return { status: 200, body: ocspError(OCSPResponseStatus.tryLater), headers }
    const mode = this.ocsp === 'forged' || this.ocsp === 'mismatched' ? this.ocsp : 'up'
    const body = ocspResponse(
      der,
      (serial) => this.account.statusAt(serial, now, this.ocspLagMs),
      { mode, signer: this.ocspSigner, responderId: this.ocspResponderId },
      new Date(now)
    )
    return { status: 200, body, headers }
  }
}

/**
 * An OCSP request from a GET path (RFC 6960, A.1): URL-encoded base64, or base64url; undefined when unreadable.
 * @param {string} encoded
 * @returns {Buffer | undefined}
 */
function decodeOcspPath(encoded) {
  let text
  try {
    text = decodeURIComponent(encoded)
  } catch {
    return undefined
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined
  const der = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  return der.length > 0 ? der : undefined
}

/**
 * The request's body; empty when reading it fails.
 * @param {IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', () => resolve(Buffer.alloc(0)))
  })
}

/**
 * @param {string} text
 * @returns {unknown} undefined when the text is empty or not JSON
 */
function parseJson(text) {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * A header's value: the first, when the header came more than once.
 * @param {string | string[] | undefined} value
 */
function headerValue(value) {
  return Array.isArray(value) ? value[0] : value
}

export { Account }
