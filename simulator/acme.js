// An ACME server on loopback (RFC 8555) that knows one thing: revocation signed by the certificate's own key
// (§7.6). It verifies what Let's Encrypt's Boulder verifies: a flattened JWS over `application/jose+json` whose
// protected header has an allowed `alg`, a nonce it issued and has not seen used, the `url` of revokeCert, and a
// `jwk` (not a `kid`) that is the certificate's public key; the signature under that key; a certificate it
// issued; a reason it accepts. It is also its issuers' CA: an ACME CA of its own that publishes a CRL only (no
// OCSP, as Let's Encrypt since 2025), an "other" CA that takes no ACME revocation (its certificates are
// reported), and a CA named as DigiCert's (its certificates belong to "another DigiCert account").
import { createPublicKey, randomBytes, verify, X509Certificate } from 'node:crypto'
import { createServer } from 'node:http'
import { certificateList } from './ca.js'
import { issueBy, makeCa, pemOf } from './x509.js'

/** @import { KeyObject } from 'node:crypto' */
/** @import { Signer } from './x509.js' */

const PROBLEM = 'urn:ietf:params:acme:error:'
/** RFC 8555 §6.2 allows any JWS algorithm but "none" and MACs; these are the ones Boulder accepts. */
const ALGORITHMS = { RS256: 'sha256', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' }
/** RFC 5280 reason codes an ACME server may take (7 is unused; Let's Encrypt refuses more, but this one is lenient). */
const REASONS = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10]

/**
 * @typedef {object} AcmeRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {string} body
 * @property {number} status
 * @property {string} [problem]  the problem type answered
 * @property {Record<string, unknown>} [protectedHeader]  a revokeCert request's decoded protected header
 * @property {Record<string, unknown>} [payload]
 */

export class AcmeServer {
  constructor() {
    /** The ACME CA: its certificates can be revoked here, signed by their key. */
    this.acmeCa = makeCa('Simulated ACME R1', 'Simulated ACME CA')
    /** Another CA, without ACME: its certificates are reported, never revoked by the action. */
    this.otherCa = makeCa('Other Trust TLS CA', 'Other Trust Ltd')
    /** A CA that names itself DigiCert's: its certificates are in no simulated account. */
    this.digicertCa = makeCa('DigiCert Simulated TLS RSA SHA256 2026 CA1', 'DigiCert Inc')
    /** Revocations per CA and serial (upper-case hex without leading zeros). @type {Map<Signer, Map<string, { revokedAt: Date, reason: number }>>} */
    this.revoked = new Map([this.acmeCa, this.otherCa, this.digicertCa].map((ca) => [ca, new Map()]))
    /** @type {Set<string>} nonces issued and not yet used */
    this.nonces = new Set()
    /** @type {AcmeRequest[]} */
    this.requests = []
    /** Answer this many otherwise valid revokeCert requests with badNonce (and a fresh Replay-Nonce). */
    this.badNonces = 0
    /** Refuse every revokeCert with this problem. @type {{ status: number, type: string, detail: string } | undefined} */
    this.refuse = undefined
    /** The CRLs list no revocation yet (a CA that publishes late: up to 24 hours is allowed). */
    this.crlLags = false
    /** URLs the directory names instead of its own (a hostile directory: cloud metadata, a private address). @type {{ newNonce?: string, revokeCert?: string }} */
    this.directoryLinks = {}
    this.serial = 0x5a00
    this.origin = ''
    this.directoryUrl = ''
    this.server = createServer((req, res) => this.handle(req, res))
  }

  /** @param {Signer} ca */
  slug(ca) {
    return ca === this.acmeCa ? 'acme-ca' : ca === this.otherCa ? 'other-ca' : 'digicert-ca'
  }

  /**
   * A certificate for `publicKey`, issued by `ca` (default the ACME CA), naming its CA certificate and CRL here.
   * @param {KeyObject | string} publicKey
   * @param {{ ca?: Signer, commonName?: string, days?: number, notBefore?: Date, precertificate?: boolean, serialNumber?: string, urls?: { caIssuers?: string, crl?: string } }} [options]
   *   `urls` instead of this server's (a certificate that names cloud metadata, say)
   * @returns {string} PEM
   */
  issue(publicKey, options = {}) {
    const ca = options.ca ?? this.acmeCa
    const slug = this.slug(ca)
    return issueBy(ca, {
      serialNumber: options.serialNumber ?? (this.serial++).toString(16).padStart(8, '0'),
      commonName: options.commonName ?? 'elsewhere.example.test',
      publicKey,
      urls: options.urls ?? { caIssuers: `${this.origin}/${slug}/ca.crt`, crl: `${this.origin}/${slug}/crl` },
      ...(options.days !== undefined ? { days: options.days } : {}),
      ...(options.notBefore ? { notBefore: options.notBefore } : {}),
      precertificate: options.precertificate ?? false
    })
  }

  /**
   * Marks a certificate revoked at its CA (as if revoked earlier, by anyone).
   * @param {string} pem
   */
  revoke(pem, reason = 1) {
    const { ca, serial } = this.locate(pem) ?? {}
    if (ca && serial) this.revoked.get(ca)?.set(serial, { revokedAt: new Date(), reason })
  }

  /** The CA that issued `pem` and its serial, or undefined when none of ours did. @param {string | Buffer} pem */
  locate(pem) {
    const x509 = new X509Certificate(pem)
    for (const ca of this.revoked.keys()) {
      const issuer = new X509Certificate(ca.certificate)
      if (x509.checkIssued(issuer) && x509.verify(issuer.publicKey)) return { ca, serial: x509.serialNumber.replace(/^0+(?=.)/, '') }
    }
    return undefined
  }

  /** The revokeCert requests received. */
  revokeRequests() {
    return this.requests.filter((r) => r.path === '/acme/revoke-cert')
  }

  newNonce() {
    const nonce = randomBytes(16).toString('base64url')
    this.nonces.add(nonce)
    return nonce
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  handle(req, res) {
    const chunks = /** @type {Buffer[]} */ ([])
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]
      /** @type {AcmeRequest} */
      const record = { method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: 0 }
      this.requests.push(record)
      const answer = this.route(record)
      record.status = answer.status
      if (answer.problem) record.problem = answer.problem.type
      const headers = { ...(answer.headers ?? {}) }
      let body = answer.body ?? ''
      if (answer.problem) {
        headers['Content-Type'] = 'application/problem+json'
        headers['Replay-Nonce'] = this.newNonce()
        body = JSON.stringify(answer.problem)
      }
      res.writeHead(answer.status, headers).end(req.method === 'HEAD' ? undefined : body)
    })
  }

  /**
   * @param {AcmeRequest} record
   * @returns {{ status: number, headers?: Record<string, string>, body?: string | Buffer, problem?: { type: string, detail: string } }}
   */
  route(record) {
    const { method, path } = record
    if (path === '/directory' && method === 'GET')
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          newNonce: this.directoryLinks.newNonce ?? `${this.origin}/acme/new-nonce`,
          newAccount: `${this.origin}/acme/new-account`,
          newOrder: `${this.origin}/acme/new-order`,
          revokeCert: this.directoryLinks.revokeCert ?? `${this.origin}/acme/revoke-cert`,
          keyChange: `${this.origin}/acme/key-change`,
          meta: { termsOfService: `${this.origin}/terms` }
        })
      }
    if (path === '/acme/new-nonce' && (method === 'HEAD' || method === 'GET'))
      return { status: method === 'HEAD' ? 200 : 204, headers: { 'Replay-Nonce': this.newNonce(), 'Cache-Control': 'no-store' } }
    if (path === '/acme/revoke-cert' && method === 'POST') return this.revokeCert(record)
    const ca = [...this.revoked.keys()].find((c) => path.startsWith(`/${this.slug(c)}/`))
    if (ca && path.endsWith('/ca.crt') && method === 'GET')
      return { status: 200, headers: { 'Content-Type': 'application/pkix-cert' }, body: ca.certificate }
    if (ca && path.endsWith('/ca.pem') && method === 'GET')
      return { status: 200, headers: { 'Content-Type': 'application/x-pem-file' }, body: pemOf(ca.certificate) }
    if (ca && path.endsWith('/crl') && method === 'GET') {
      const revoked = [...(this.crlLags ? [] : (this.revoked.get(ca) ?? new Map()).entries())].map(
        ([serialNumber, { revokedAt, reason }]) => ({
          serialNumber,
          revokedAt,
          reason: reason === 1 ? 'keyCompromise' : undefined
        })
      )
      return { status: 200, headers: { 'Content-Type': 'application/pkix-crl' }, body: certificateList(revoked, { signer: ca }) }
    }
    return { status: 404, problem: { type: `${PROBLEM}malformed`, detail: `No route for ${method} ${path}` } }
  }

  /**
   * RFC 8555 §6.2-6.5 and §7.6, in the order Boulder checks them.
   * @param {AcmeRequest} record
   */
  revokeCert(record) {
    /** @type {(status: number, type: string, detail: string) => { status: number, problem: { type: string, detail: string } }} */
    const problem = (status, type, detail) => ({ status, problem: { type: `${PROBLEM}${type}`, detail } })
    const type = String(record.headers['content-type'] ?? '')
    if (type.split(';')[0].trim() !== 'application/jose+json')
      return problem(415, 'malformed', 'Content-Type must be application/jose+json')
    /** @type {Record<string, unknown>} */
    let jws
    try {
      jws = JSON.parse(record.body)
    } catch {
      return problem(400, 'malformed', 'The body is not JSON')
    }
    if (typeof jws.protected !== 'string' || typeof jws.payload !== 'string' || typeof jws.signature !== 'string' || 'signatures' in jws)
      return problem(400, 'malformed', 'Not a flattened JWS')
    /** @type {Record<string, any>} */
    let header
    try {
      header = JSON.parse(Buffer.from(jws.protected, 'base64url').toString('utf8'))
    } catch {
      return problem(400, 'malformed', 'The protected header is not JSON')
    }
    record.protectedHeader = header
    const hash = ALGORITHMS[/** @type {keyof typeof ALGORITHMS} */ (header.alg)]
    if (!hash) return problem(400, 'badSignatureAlgorithm', `Algorithm ${header.alg} is not accepted`)
    if (header.kid !== undefined && header.jwk !== undefined) return problem(400, 'malformed', 'jwk and kid are mutually exclusive')
    if (header.kid !== undefined) return problem(400, 'accountDoesNotExist', 'No account has this kid')
    if (typeof header.jwk !== 'object' || header.jwk === null) return problem(400, 'malformed', 'No jwk in the protected header')
    if (header.jwk.d !== undefined || header.jwk.p !== undefined) return problem(400, 'malformed', 'The jwk carries a private key')
    if (header.url !== `${this.origin}/acme/revoke-cert`) return problem(401, 'unauthorized', 'The url header is not this resource')
    if (typeof header.nonce !== 'string' || !this.nonces.delete(header.nonce))
      return problem(400, 'badNonce', 'The nonce is unknown or used')
    /** @type {KeyObject} */
    let key
    try {
      key = createPublicKey({ key: header.jwk, format: 'jwk' })
    } catch {
      return problem(400, 'badPublicKey', 'The jwk cannot be read')
    }
    const algKey =
      key.asymmetricKeyType === 'rsa'
        ? 'RS256'
        : { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[key.asymmetricKeyDetails?.namedCurve ?? '']
    if (algKey !== header.alg) return problem(400, 'badSignatureAlgorithm', `${header.alg} does not fit the jwk`)
    const signed = Buffer.from(`${jws.protected}.${jws.payload}`, 'ascii')
    const ok = verify(
      hash,
      signed,
      key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key,
      Buffer.from(jws.signature, 'base64url')
    )
    if (!ok) return problem(400, 'malformed', 'The JWS signature does not verify')
    if (this.badNonces > 0) {
      this.badNonces--
      return problem(400, 'badNonce', 'Simulated: the nonce expired')
    }
    /** @type {Record<string, unknown>} */
    let payload
    try {
      payload = JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8'))
    } catch {
      return problem(400, 'malformed', 'The payload is not JSON')
    }
    record.payload = payload
    if (typeof payload.certificate !== 'string') return problem(400, 'malformed', 'No certificate in the payload')
    if (payload.reason !== undefined && !REASONS.includes(/** @type {number} */ (payload.reason)))
      return problem(400, 'badRevocationReason', `Reason ${payload.reason} is not accepted`)
    let der
    try {
      der = Buffer.from(payload.certificate, 'base64url')
      new X509Certificate(der)
    } catch {
      return problem(400, 'malformed', 'The certificate cannot be read')
    }
    if (this.refuse) return { status: this.refuse.status, problem: { type: this.refuse.type, detail: this.refuse.detail } }
    const found = this.locate(der)
    if (!found || found.ca !== this.acmeCa) return problem(404, 'malformed', 'This CA did not issue the certificate')
    const certificateKey = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' })
    if (!certificateKey.equals(key.export({ type: 'spki', format: 'der' })))
      return problem(403, 'unauthorized', "The JWS is not signed by the certificate's key (nor by an account that holds it)")
    const revocations = /** @type {Map<string, { revokedAt: Date, reason: number }>} */ (this.revoked.get(this.acmeCa))
    if (revocations.has(found.serial)) return problem(400, 'alreadyRevoked', 'Certificate already revoked')
    // Key-signed revocations are always keyCompromise at Let's Encrypt, whatever the reason asked.
    revocations.set(found.serial, { revokedAt: new Date(), reason: 1 })
    return { status: 200, headers: { 'Replay-Nonce': this.newNonce() }, body: '' }
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
        this.directoryUrl = `${this.origin}/directory`
        resolve(this)
      })
    })
  }

  close() {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve(undefined)))
  }
}

/** Starts an ACME server (and its CAs) on loopback. */
export function startAcmeServer(/** @type {{ port?: number, host?: string }} */ options = {}) {
  return new AcmeServer().listen(options.port, options.host)
}
