import { createHash, generateKeyPairSync } from 'node:crypto'
import { CA_CERTIFICATE, issueCertificate } from './x509.js'

// The simulated CertCentral account: keys, orders, certificates and revoke requests, and the rules that
// decide how a revoke is answered. Plain data and pure decisions; server.js does the HTTP.

/** The demo account's keys. Made-up values: they work only against this simulator. */
export const DEMO_KEYS = {
  admin: 'SIMULATOR-ADMIN-KEY-0000000000000000000001',
  user: 'SIMULATOR-USER-KEY-00000000000000000000002',
  viewOnly: 'SIMULATOR-VIEW-KEY-00000000000000000000003'
}

/** @type {Record<string, User>} */
const USERS = {
  [DEMO_KEYS.admin]: { id: 14, first_name: 'Ada', last_name: 'Admin', email: 'ada@example.test', role: 'admin' },
  [DEMO_KEYS.user]: { id: 15, first_name: 'Uma', last_name: 'User', email: 'uma@example.test', role: 'user' },
  [DEMO_KEYS.viewOnly]: { id: 16, first_name: 'Vic', last_name: 'Viewer', email: 'vic@example.test', role: 'view_only' }
}

export const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']

/**
 * @typedef {{ id: number, serialNumber: string, orderId: number, commonName: string,
 *   status: 'issued' | 'revoked', pendingReissue?: boolean, publicKey?: import('node:crypto').KeyObject | string,
 *   pem?: string }} Certificate
 * @typedef {{ id: number, status: string, certificateIds: number[], approval: 'manual' | 'auto' }} Order
 * @typedef {Omit<Certificate, 'orderId' | 'status'> & { status?: Certificate['status'] }} NewCertificate
 *   a certificate as addOrder takes it: the order is the one added, the status `issued` unless given
 * @typedef {{ id: number, first_name: string, last_name: string, email: string, role: 'admin' | 'user' | 'view_only' }} User
 * @typedef {{ id: number, date: string, type: 'revoke', status: 'submitted' | 'pending',
 *   requester: { id: number, first_name: string, last_name: string, email: string }, comments: string }} RevokeRequest
 *   a revoke request as the `201` answer shows it
 * @typedef {RevokeRequest & { target: { kind: 'certificate' | 'order', ref: string }, revocation_reason: string | null }} StoredRequest
 * @typedef {object} Answer  how a call is answered: server.js sends an object body as JSON
 * @property {number} status
 * @property {object | string} [body]
 * @property {Record<string, string>} [headers]
 */

export class Account {
  constructor() {
    /** @type {Map<number, Certificate>} */
    this.certificates = new Map()
    /** @type {Map<number, Order>} */
    this.orders = new Map()
    /** @type {Map<number, StoredRequest>} */
    this.requests = new Map()
    this.nextRequestId = 1
  }

  /**
   * Adds an order with its certificates. `approval: 'auto'` answers 201 with status `submitted`.
   * @param {{ id: number, certificates: NewCertificate[], approval?: Order['approval'], status?: string }} order
   */
  addOrder({ id, certificates, approval = 'manual', status = 'issued' }) {
    this.orders.set(id, { id, status, approval, certificateIds: certificates.map((c) => c.id) })
    for (const certificate of certificates) {
      this.certificates.set(certificate.id, { status: 'issued', ...certificate, orderId: id })
    }
  }

  /**
   * The certificate's PEM, issued on first use; a certificate without a key gets a new P-256 key.
   * @param {Certificate} certificate
   * @returns {string}
   */
  certificatePem(certificate) {
    certificate.pem ??= issueCertificate({
      serialNumber: certificate.serialNumber,
      commonName: certificate.commonName,
      publicKey: certificate.publicKey ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    })
    return certificate.pem
  }

  /**
   * `GET /order/certificate`: orders, optionally of one status, paged with offset and limit (at most 1000).
   * @param {{ key?: string, status?: string, offset?: number, limit?: number }} query
   * @returns {Answer}
   */
  listOrders({ key, status, offset = 0, limit = 1000 }) {
    if (!this.userFor(key)) return error(401, 'access_denied|invalid_api_key', 'The API key is missing, unknown or revoked.')
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return error(400, 'invalid_paging', 'offset must be 0 or more and limit from 1 to 1000.')
    }
    const all = [...this.orders.values()].filter((order) => !status || order.status === status)
    const orders = all.slice(offset, offset + limit).map((order) => {
      const [certificate] = this.certificatesOf(order)
      return {
        id: order.id,
        certificate: {
          id: certificate.id,
          common_name: certificate.commonName,
          dns_names: [certificate.commonName],
          serial_number: certificate.serialNumber.toLowerCase(),
          signature_hash: 'sha256'
        },
        status: order.status,
        product: { name_id: 'ssl_basic', name: 'Basic OV', type: 'ssl_certificate' }
      }
    })
    return { status: 200, body: { orders, page: { total: all.length, limit, offset } } }
  }

  /**
   * `GET /certificate/{id}/download/format/pem_all`: the certificate, then the simulator CA.
   * @param {string} id  the path segment
   * @param {string} [key]
   * @returns {Answer}
   */
  downloadPemAll(id, key) {
    if (!this.userFor(key)) return error(401, 'access_denied|invalid_api_key', 'The API key is missing, unknown or revoked.')
    const certificate = /^[0-9]+$/.test(id) ? this.certificates.get(Number(id)) : undefined
    if (!certificate) return error(404, 'not_found', 'Certificate not found.')
    return { status: 200, body: `${this.certificatePem(certificate)}${CA_CERTIFICATE}`, headers: { 'Content-Type': 'application/x-pem-file' } }
  }

  /**
   * @param {string} [key]
   * @returns {User | undefined}
   */
  userFor(key) {
    return key ? USERS[key] : undefined
  }

  /**
   * The certificates an order lists. addOrder adds them together, so each is there; a test that broke that is told so.
   * @param {Order} order
   * @returns {Certificate[]}
   */
  certificatesOf(order) {
    return order.certificateIds.map((id) => {
      const certificate = this.certificates.get(id)
      if (!certificate) throw new Error(`Order ${order.id} lists certificate ${id}, which the account does not hold.`)
      return certificate
    })
  }

  /**
   * A certificate by ID, else by serial number (DigiCert's path accepts either).
   * @param {string} idOrSerial
   */
  findCertificate(idOrSerial) {
    if (/^[0-9]+$/.test(idOrSerial)) {
      const byId = this.certificates.get(Number(idOrSerial))
      if (byId) return byId
    }
    const serial = idOrSerial.toUpperCase()
    for (const certificate of this.certificates.values()) {
      if (certificate.serialNumber.toUpperCase() === serial) return certificate
    }
    return undefined
  }

  /**
   * Decides a revoke: `{ status, body }` as CertCentral would answer it.
   * @param {{ kind: 'certificate' | 'order', ref: string, key?: string, body: unknown }} call
   * @returns {Answer}
   */
  revoke({ kind, ref, key, body }) {
    const user = this.userFor(key)
    if (!user) return error(401, 'access_denied|invalid_api_key', 'The API key is missing, unknown or revoked.')
    if (user.role === 'view_only') {
      return error(403, 'access_denied|missing_permission', 'This API key is restricted to view only.')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return error(400, 'bad_request_format', 'The request body is not a JSON object.')
    }
    // Any JSON object: each field is checked below.
    const fields = /** @type {{ comments?: unknown, skip_approval?: unknown, revocation_reason?: unknown }} */ (body)
    const { comments = '', skip_approval: skipApproval = false, revocation_reason: reason } = fields
    if (typeof comments !== 'string' || typeof skipApproval !== 'boolean') {
      return error(400, 'bad_request_format', 'comments must be a string and skip_approval a boolean.')
    }
    if (reason !== undefined && (typeof reason !== 'string' || !REVOCATION_REASONS.includes(reason))) {
      return error(400, 'invalid_revocation_reason', `Unknown revocation_reason '${String(reason)}'.`)
    }
    if (skipApproval && user.role !== 'admin') {
      return error(403, 'access_denied|missing_permission', 'Only an administrator may skip approval.')
    }

    let certificates
    let order
    if (kind === 'order') {
      order = /^[0-9]+$/.test(ref) ? this.orders.get(Number(ref)) : undefined
      if (!order) return error(404, 'not_found|order', 'Order not found.')
      certificates = this.certificatesOf(order)
    } else {
      const certificate = this.findCertificate(ref)
      if (!certificate) return error(404, 'not_found', 'Certificate not found.')
      certificates = [certificate]
      order = this.orders.get(certificate.orderId)
    }
    if (certificates.some((c) => c.pendingReissue)) {
      return error(400, 'pending_reissue', 'Certificates with a pending reissue cannot be revoked. Cancel the reissue or revoke after it completes.')
    }
    if (certificates.every((c) => c.status === 'revoked')) {
      return error(400, 'already_revoked', 'The certificate is already revoked.')
    }

    if (skipApproval) {
      for (const certificate of certificates) certificate.status = 'revoked'
      if (kind === 'order' && order) order.status = 'revoked'
      return { status: 204 }
    }
    /** @type {RevokeRequest} */
    const request = {
      id: this.nextRequestId++,
      date: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      type: 'revoke',
      status: order?.approval === 'auto' ? 'submitted' : 'pending',
      requester: { id: user.id, first_name: user.first_name, last_name: user.last_name, email: user.email },
      comments
    }
    this.requests.set(request.id, { ...request, target: { kind, ref }, revocation_reason: reason ?? null })
    return { status: 201, body: request }
  }

  /**
   * `GET /request/{id}`: a revoke request as it stands.
   * @param {string} id
   * @param {string} [key]
   * @returns {Answer}
   */
  getRequest(id, key) {
    if (!this.userFor(key)) return error(401, 'access_denied|invalid_api_key', 'The API key is missing, unknown or revoked.')
    const request = this.requests.get(Number(id))
    if (!request) return error(404, 'not_found', 'Request not found.')
    const { target, ...visible } = request
    void target
    return { status: 200, body: { ...visible, date_processed: null } }
  }
}

/**
 * An answer in DigiCert's error format.
 * @param {number} status
 * @param {string} code
 * @param {string} message
 */
export function error(status, code, message) {
  return { status, body: { errors: [{ code, message }] } }
}

/**
 * A serial number in DigiCert's style (16 bytes of hex), derived from the ID so every run has the same ones. The
 * first byte is 01 to 7E, so the DER integer needs no padding and reads back the same.
 * @param {number} id
 */
export function serialFor(id) {
  const bytes = createHash('sha256').update(`serial-${id}`).digest().subarray(0, 16)
  bytes[0] = 1 + (bytes[0] % 0x7e)
  return bytes.toString('hex').toUpperCase()
}

/** The demo account: each certificate shows one of the behaviours the demo and the tests rely on. */
export function demoAccount() {
  const account = new Account()
  /** @type {(id: number, commonName: string, extra?: Pick<NewCertificate, 'pendingReissue' | 'status'>) => NewCertificate} */
  const cert = (id, commonName, extra = {}) => ({ id, serialNumber: serialFor(id), commonName, ...extra })
  account.addOrder({ id: 5001, certificates: [cert(1001, 'www.example.test')] })
  account.addOrder({ id: 5002, certificates: [cert(1002, 'api.example.test')], approval: 'auto' })
  account.addOrder({ id: 5003, certificates: [cert(1003, 'shop.example.test', { pendingReissue: true })] })
  account.addOrder({ id: 5004, certificates: [cert(1004, 'mail.example.test'), cert(1005, 'mail2.example.test')] })
  account.addOrder({ id: 5005, certificates: [cert(1006, 'old.example.test', { status: 'revoked' })], status: 'revoked' })
  return account
}

/**
 * Adds `count` plain certificates, one per order, from ID `firstId` (orders from `firstId + 1_000_000`).
 * @param {Account} account
 * @param {number} count
 * @param {number} [firstId]
 */
export function addBulkCertificates(account, count, firstId = 100000) {
  for (let i = 0; i < count; i++) {
    const id = firstId + i
    account.addOrder({ id: id + 1_000_000, certificates: [{ id, serialNumber: serialFor(id), commonName: `host${i}.bulk.example.test` }] })
  }
}
