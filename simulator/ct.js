// A crt.sh-compatible Certificate Transparency search on loopback: `GET /?spkisha256=<hex>&output=json` lists the
// logged certificates and precertificates of a key (crt.sh's JSON fields, newest first), `GET /?d=<id>` downloads
// one as PEM. Its troubles are switches: 503s (always, or the first few), slowness, failed downloads, and a
// listing that lies (an entry whose certificate carries another key).
import { createHash, X509Certificate } from 'node:crypto'
import { createServer } from 'node:http'

/**
 * @typedef {object} CtEntry  one logged certificate, as crt.sh lists it
 * @property {number} id
 * @property {string} spkisha256
 * @property {string} pem
 * @property {string} issuer_name
 * @property {string} serial_number
 * @property {string} not_before
 * @property {string} not_after
 *
 * @typedef {object} CtRequest
 * @property {string} method
 * @property {string} url
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {number} at       performance.now() on arrival
 * @property {number} status
 */

/** The SHA-256 of a certificate's SubjectPublicKeyInfo, hex: what crt.sh's `spkisha256` matches. */
export function spkiSha256(/** @type {string} */ pem) {
  return createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
}

export class CtServer {
  constructor() {
    /** @type {CtEntry[]} */
    this.entries = []
    // Real crt.sh IDs have ten digits; these have no run of zeros, which the demo API keys hold (and the action redacts).
    this.nextId = 5_123_456_781
    /** @type {CtRequest[]} */
    this.requests = []
    /** Every request answered 503, as crt.sh often does. */
    this.down = false
    /** The next this-many requests answered 503 (with Retry-After: 0), then normal answers. */
    this.fail503 = 0
    /** Added before every answer. */
    this.slowMs = 0
    /** IDs whose download is answered 404. @type {Set<number>} */
    this.failDownloads = new Set()
    /** A raw body for the search instead of the listing (a hostile or broken service). @type {string | undefined} */
    this.listingBody = undefined
    this.origin = ''
    this.url = ''
    this.server = createServer((req, res) => void this.handle(req, res))
  }

  /**
   * Logs a certificate; listed under its own key's SPKI hash, or `listedAs` (a listing that lies).
   * @param {string} pem
   * @param {{ listedAs?: string }} [options]
   * @returns {number} its crt.sh ID
   */
  add(pem, options = {}) {
    const x509 = new X509Certificate(pem)
    const id = this.nextId++
    this.entries.push({
      id,
      spkisha256: options.listedAs ?? spkiSha256(pem),
      pem,
      issuer_name: x509.issuer.split('\n').reverse().join(', '),
      serial_number: x509.serialNumber.toLowerCase().padStart(x509.serialNumber.length + (x509.serialNumber.length % 2), '0'),
      not_before: new Date(x509.validFrom).toISOString().slice(0, 19),
      not_after: new Date(x509.validTo).toISOString().slice(0, 19)
    })
    return id
  }

  /** Requests of the search (not downloads). */
  searches() {
    return this.requests.filter((r) => r.url.includes('spkisha256='))
  }

  downloads() {
    return this.requests.filter((r) => /[?&]d=/.test(r.url))
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async handle(req, res) {
    /** @type {CtRequest} */
    const record = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: performance.now(), status: 0 }
    this.requests.push(record)
    req.resume()
    if (this.slowMs > 0) await new Promise((resolve) => setTimeout(resolve, this.slowMs))
    /** @type {(status: number, body: string, type?: string, headers?: Record<string, string>) => void} */
    const send = (status, body, type = 'text/plain', headers = {}) => {
      record.status = status
      if (!res.destroyed) res.writeHead(status, { 'Content-Type': type, ...headers }).end(body)
    }
    if (this.down) return send(503, 'Service Unavailable')
    if (this.fail503 > 0) {
      this.fail503--
      return send(503, 'Service Unavailable', 'text/plain', { 'Retry-After': '0' })
    }
    const query = new URL(record.url, 'http://ct.invalid').searchParams
    const download = query.get('d')
    if (download !== null) {
      const entry = this.entries.find((e) => String(e.id) === download)
      if (!entry || this.failDownloads.has(entry.id)) return send(404, 'Certificate not found')
      return send(200, entry.pem, 'application/pkix-cert')
    }
    const key = query.get('spkisha256')
    if (key !== null) {
      if (this.listingBody !== undefined) return send(200, this.listingBody, 'application/json')
      const now = Date.now()
      const listed = this.entries
        .filter((e) => e.spkisha256 === key.toLowerCase())
        .filter((e) => query.get('exclude') !== 'expired' || Date.parse(`${e.not_after}Z`) > now)
        .sort((a, b) => b.id - a.id)
        .map(({ pem: _pem, spkisha256: _key, ...listing }) => ({
          issuer_ca_id: 1,
          name_value: 'simulated',
          entry_timestamp: listing.not_before,
          result_count: 1,
          ...listing
        }))
      return send(200, JSON.stringify(listed), 'application/json')
    }
    return send(400, 'Unsupported query')
  }

  /**
   * @param {number} [port]
   * @param {string} [host]
   * @returns {Promise<this>}
   */
  listen(port = 0, host = '127.0.0.1') {
    return new Promise((resolve) => {
      this.server.listen(port, host, () => {
        const address = /** @type {import('node:net').AddressInfo} */ (this.server.address())
        this.origin = `http://${host}:${address.port}`
        this.url = `${this.origin}/`
        resolve(this)
      })
    })
  }

  close() {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve(undefined)))
  }
}

/** Starts a CT search service on loopback. */
export function startCtServer(/** @type {{ port?: number, host?: string }} */ options = {}) {
  return new CtServer().listen(options.port, options.host)
}
