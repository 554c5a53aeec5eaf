// A CertCentral Services API simulator: a real HTTP(S) server on loopback that answers the revoke endpoints
// as DigiCert documents them, enforces the per-key rate limits on arrival, and can be told to misbehave.
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { Account, DEMO_KEYS, demoAccount, error } from './account.js'

export { DEMO_KEYS, demoAccount } from './account.js'

export const BASE_PATH = '/services/v2'

/** DigiCert's published limits per key: 100 requests in 5 s and 1000 in 3 minutes, on rolling windows. */
export const DIGICERT_LIMITS = [
  { limit: 100, spanMs: 5_000 },
  { limit: 1000, spanMs: 180_000 }
]

/**
 * @typedef {object} Fault
 * @property {number} [status]   answer with this status…
 * @property {object | string} [body] …and this body (an object is sent as JSON)
 * @property {Record<string, string>} [headers]
 * @property {boolean} [drop]    destroy the connection without answering
 * @property {boolean} [hang]    never answer (the connection stays open until the client gives up)
 * @property {boolean} [truncate] send the status, headers and half the body, then drop the connection
 * @property {number} [delayMs]  extra latency before the answer
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
    /** Every request received, in arrival order: method, path, headers, parsed body, answered status. */
    this.requests = []
    /** How many 429 answers the rate limiter served. */
    this.served429 = 0
    /** Most requests that were in flight at once. */
    this.peakInFlight = 0
    this.inFlight = 0
    /** @type {{ method?: string, path: string | RegExp, remaining: number, fault: Fault | ((request: object) => Fault) }[]} */
    this.faults = []
    /** Arrival times per key, for the rate limit windows. */
    this.arrivals = new Map()
    this.sockets = new Set()
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

  listen(port, host) {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        const address = this.server.address()
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
   * @param {Fault | ((request: any) => Fault)} fault
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
    await new Promise((resolve) => this.server.close(() => resolve()))
  }

  async handle(req, res) {
    const arrivedAt = performance.now()
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : url.pathname
    const rawBody = await readBody(req)
    const key = headerValue(req.headers['x-dc-devkey'])
    const record = { method: req.method, path, query: url.search, headers: req.headers, rawBody, body: parseJson(rawBody), at: arrivedAt, status: 0 }
    this.requests.push(record)
    this.inFlight++
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight)
    res.on('close', () => this.inFlight--)

    const fault = this.takeFault(record)
    const limited = this.overRateLimit(key, arrivedAt)
    let answer
    if (fault) answer = typeof fault === 'function' ? fault(record) : fault
    else if (limited) {
      this.served429++
      answer = error(429, 'request_limit_exceeded', 'Service unavailable, please limit request volume.')
    } else answer = this.route(req.method ?? 'GET', path, key, record)

    const delay = this.latencyMs + (answer.delayMs ?? 0)
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    if (answer.drop) {
      record.status = 'dropped'
      req.socket.destroy()
      return
    }
    if (answer.hang) {
      record.status = 'hung'
      return
    }
    record.status = answer.status
    const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
    const headers = { ...(typeof answer.body === 'object' ? { 'Content-Type': 'application/json' } : {}), ...answer.headers }
    if (answer.truncate) {
      record.status = 'truncated'
      res.writeHead(answer.status, { ...headers, 'Content-Length': Buffer.byteLength(body) })
      res.write(body.slice(0, Math.floor(body.length / 2)), () => setTimeout(() => req.socket.destroy(), 10))
      return
    }
    res.writeHead(answer.status, headers)
    res.end(answer.status === 204 ? undefined : body)
  }

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

  /** Counts every arrival against each window (as a real limiter would), refusing those over any limit. */
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
      const number = (name, fallback) => (query.has(name) ? Number(query.get(name)) : fallback)
      return this.account.listOrders({ key, status: query.get('filters[status]') ?? undefined, offset: number('offset', 0), limit: number('limit', 1000) })
    }
    if (method === 'GET' && (match = /^\/certificate\/([^/]+)\/download\/format\/pem_all$/.exec(path))) {
      return this.account.downloadPemAll(decodeURIComponent(match[1]), key)
    }
    return error(404, 'not_found|route', `No route for ${method} ${path}.`)
  }
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(''))
  })
}

function parseJson(text) {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function headerValue(value) {
  return Array.isArray(value) ? value[0] : value
}

export { Account }
