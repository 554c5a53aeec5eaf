// A CertCentral Services API simulator: a real HTTP(S) server on loopback that answers the revoke endpoints
// as DigiCert documents them, enforces the per-key rate limits on arrival, and can be told to misbehave.
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { Account, DEMO_KEYS, demoAccount, error } from './account.js'

/**
 * @import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
 * @import { Socket } from 'node:net'
 * @import { Answer } from './account.js'
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
 * @property {string} rawBody
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
 */

/** Starts a simulator. Resolves once it listens; `baseUrl` is the Services API base to give the action. */
export async function startSimulator(/** @type {SimulatorOptions} */ options = {}) {
  const simulator = new Simulator(options)
  await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  return simulator
}

export class Simulator {
  constructor(/** @type {SimulatorOptions} */ options = {}) {
    this.account = options.account ?? demoAccount()
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
        if (address === null || typeof address === 'string') return reject(new Error(`The simulator is not listening on a port: ${address}`))
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
        this.origin = `${this.protocol}://${shownHost}:${address.port}`
        this.baseUrl = `${this.origin}${BASE_PATH}`
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

  async close() {
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
    const rawBody = await readBody(req)
    const key = headerValue(req.headers['x-dc-devkey'])
    /** @type {RequestRecord} */
    const record = { method: req.method, path, query: url.search, headers: req.headers, rawBody, body: parseJson(rawBody), at: arrivedAt, status: 0 }
    this.requests.push(record)
    this.inFlight++
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight)
    res.on('close', () => this.inFlight--)

    const fault = this.takeFault(record)
    const limited = this.overRateLimit(key, arrivedAt)
    // A fault with a status answers instead; one that drops or hangs answers nothing; any other changes only how
    // the request's own answer is sent (its delay, or truncated).
    /** @type {Answer | undefined} */
    let answer
    if (fault?.drop || fault?.hang) answer = undefined
    else if (fault?.status !== undefined) answer = { status: fault.status, body: fault.body, headers: fault.headers }
    else if (limited) {
      this.served429++
      answer = error(429, 'request_limit_exceeded', 'Service unavailable, please limit request volume.')
    } else answer = this.route(req.method ?? 'GET', path, key, record)

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
    const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
    const headers = { ...(typeof answer.body === 'object' ? { 'Content-Type': 'application/json' } : {}), ...answer.headers }
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
      (f) => f.remaining > 0 && (!f.method || f.method === record.method) && (typeof f.path === 'string' ? record.path.includes(f.path) : f.path.test(record.path))
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
    if (method === 'GET' && path === '/order/certificate') {
      const query = new URLSearchParams(record.query)
      /** @type {(name: string, fallback: number) => number} */
      const number = (name, fallback) => (query.has(name) ? Number(query.get(name)) : fallback)
      return this.account.listOrders({ key, status: query.get('filters[status]') ?? undefined, offset: number('offset', 0), limit: number('limit', 1000) })
    }
    if (method === 'GET' && (match = /^\/certificate\/([^/]+)\/download\/format\/pem_all$/.exec(path))) {
      return this.account.downloadPemAll(decodeURIComponent(match[1]), key)
    }
    return error(404, 'not_found|route', `No route for ${method} ${path}.`)
  }
}

/**
 * The request's body as text; '' when reading it fails.
 * @param {IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(''))
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
