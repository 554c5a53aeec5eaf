import { createHash, generateKeyPairSync } from 'node:crypto'
import { CA_CERTIFICATE, issueCertificate, normalSerial } from './x509.js'

// The simulated CertCentral account: keys, orders, certificates and revoke requests, the rules that decide how a
// call is answered, and the account's "administrator" who approves or rejects requests. Plain data and
// decisions; server.js does the HTTP, ca.js the OCSP responder and the CRL.

/** The demo account's keys. Made-up values: they work only against this simulator. */
export const DEMO_KEYS = {
  admin: 'SIMULATOR-ADMIN-KEY-0000000000000000000001',
  user: 'SIMULATOR-USER-KEY-00000000000000000000002',
  viewOnly: 'SIMULATOR-VIEW-KEY-00000000000000000000003',
  manager: 'SIMULATOR-MANAGER-KEY-0000000000000000004'
}

/** @type {Record<string, User>} */
const USERS = {
  [DEMO_KEYS.admin]: { id: 14, first_name: 'Ada', last_name: 'Admin', email: 'ada@example.test', role: 'admin' },
  [DEMO_KEYS.user]: { id: 15, first_name: 'Uma', last_name: 'User', email: 'uma@example.test', role: 'user' },
  [DEMO_KEYS.viewOnly]: { id: 16, first_name: 'Vic', last_name: 'Viewer', email: 'vic@example.test', role: 'view_only' },
  [DEMO_KEYS.manager]: { id: 17, first_name: 'Max', last_name: 'Manager', email: 'max@example.test', role: 'manager' }
}

/** Who approves or rejects when the test calls approve()/reject(), or the administrator switch acts. */
const ADMINISTRATOR = USERS[DEMO_KEYS.admin]

export const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']

const DAY_MS = 86400_000

/**
 * @typedef {object} Certificate
 * @property {number} id
 * @property {string} serialNumber  hex
 * @property {number} orderId
 * @property {string} commonName
 * @property {'issued' | 'revoked'} status
 * @property {boolean} [pendingReissue]
 * @property {'primary' | 'duplicate' | 'reissue'} kind  what it is to its order: the first certificate is the
 *   primary (the one the listing shows), the others duplicates unless a test says reissue
 * @property {import('node:crypto').KeyObject | string} [publicKey]  default: a new P-256 key, made on first download
 * @property {string} [pem]          the certificate; a test may give its own, else issued on first download
 * @property {Date} notBefore        default: a day before it was added
 * @property {number} days           how long it is valid (default 397)
 * @property {Date} [revokedAt]      when it was revoked (what OCSP and the CRL say)
 * @property {string} [revocationReason]  CertCentral's spelling (`keyCompromise`, …); absent: unspecified
 * @property {boolean} [issuedWithoutOrigin]  its PEM was issued before the server knew its origin: issue again
 *
 * @typedef {{ id: number, status: string, certificateIds: number[], approval: 'manual' | 'auto', dateCreated: Date }} Order
 * @typedef {Pick<Certificate, 'id' | 'serialNumber' | 'commonName' | 'pendingReissue' | 'publicKey' | 'pem' | 'revokedAt' | 'revocationReason'>
 *   & Partial<Pick<Certificate, 'status' | 'notBefore' | 'days' | 'kind'>>} NewCertificate
 *   a certificate as addOrder takes it: the order is the one added, the status `issued` unless given
 * @typedef {{ id: number, first_name: string, last_name: string, email: string, role: 'admin' | 'manager' | 'user' | 'view_only' }} User
 * @typedef {{ id: number, first_name: string, last_name: string, email: string }} Person
 * @typedef {{ id: number, date: string, type: 'revoke', status: 'submitted' | 'pending',
 *   requester: Person, comments: string }} RevokeRequest
 *   a revoke request as the `201` answer shows it
 * @typedef {object} StoredRequest  a revoke request as the account keeps it
 * @property {number} id
 * @property {string} date
 * @property {'revoke'} type
 * @property {'pending' | 'approved' | 'rejected'} status
 * @property {string} comments
 * @property {Person} requester
 * @property {{ id: number, certificate: { common_name: string } }} order
 * @property {{ kind: 'certificate' | 'order', ref: string, orderId: number, certificateIds: number[] }} target
 *   what approving revokes: one certificate, or every certificate of the order
 * @property {string | null} revocation_reason
 * @property {string} [date_processed]
 * @property {Person} [processor]
 * @property {string} [processor_comment]
 * @typedef {object} Answer  how a call is answered: server.js sends a Buffer as is, another object as JSON
 * @property {number} status
 * @property {object | string | Buffer} [body]
 * @property {Record<string, string>} [headers]
 */

/** @param {Date} date  ISO 8601 to the second with `+00:00`, as DigiCert's examples write dates */
const isoDate = (date) => date.toISOString().replace(/\.\d{3}Z$/, '+00:00')
/** @param {Date} date  `yyyy-MM-dd` */
const day = (date) => date.toISOString().slice(0, 10)
/** @param {User} user */
const person = ({ id, first_name, last_name, email }) => ({ id, first_name, last_name, email })

/** DigiCert's answer to an unknown, revoked or other-region key (recorded from the live API). */
export function invalidKey() {
  return error(403, 'access_denied|access_denied_invalid_key', 'Access denied due to access_denied_invalid_key.')
}

export class Account {
  constructor() {
    /** @type {Map<number, Certificate>} */
    this.certificates = new Map()
    /** @type {Map<number, Order>} */
    this.orders = new Map()
    /** @type {Map<number, StoredRequest>} */
    this.requests = new Map()
    this.nextRequestId = 1
    /**
     * The simulator's `http://127.0.0.1:PORT`, set by the server once it listens: certificates issued from then
     * on name its OCSP responder, CA certificate and CRL.
     */
    this.origin = ''
    /** false: certificates issued from now on name no OCSP responder, CA certificate or CRL. */
    this.caUrls = true
    /**
     * The administrator switch: when a number, each pending request is approved (or, with rejectAll, rejected)
     * that many milliseconds after it was created. Undefined: requests wait for approve()/reject() or the API.
     * @type {number | undefined}
     */
    this.approveAfterMs = undefined
    /** With approveAfterMs (0 when unset), the administrator rejects instead of approving. */
    this.rejectAll = false
    /** The account setting "Revoke order when all certificates are revoked". */
    this.revokeOrderWhenAllRevoked = true
    /**
     * The page-size cap switch: when a number, `GET /order/certificate` answers at most this many orders a page,
     * whatever `limit` asked (and says so in `page.limit`), as DigiCert may. Undefined: the `limit` asked.
     * @type {number | undefined}
     */
    this.maxPageSize = undefined
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set()
  }

  /**
   * Adds an order with its certificates. `approval: 'auto'` answers 201 with status `submitted` and revokes at once.
   * @param {{ id: number, certificates: NewCertificate[], approval?: Order['approval'], status?: string }} order
   */
  addOrder({ id, certificates, approval = 'manual', status = 'issued' }) {
    const now = Date.now()
    this.orders.set(id, { id, status, approval, certificateIds: certificates.map((c) => c.id), dateCreated: new Date(now - DAY_MS) })
    for (const [i, certificate] of certificates.entries()) {
      /** @type {Certificate} */
      const stored = {
        ...certificate,
        status: certificate.status ?? 'issued',
        kind: certificate.kind ?? (i === 0 ? 'primary' : 'duplicate'),
        notBefore: certificate.notBefore ?? new Date(now - DAY_MS),
        days: certificate.days ?? 397,
        orderId: id
      }
      // Added as revoked without a date: revoked an hour ago, so a lag switch of less than that does not hide it.
      if (stored.status === 'revoked') stored.revokedAt ??= new Date(now - 3600_000)
      this.certificates.set(certificate.id, stored)
    }
  }

  /**
   * The certificate's PEM, issued on first use (and again if it was issued before the server knew its origin); a
   * certificate without a key gets a new P-256 key, kept for a later issue.
   * @param {Certificate} certificate
   * @returns {string}
   */
  certificatePem(certificate) {
    if (certificate.pem === undefined || (certificate.issuedWithoutOrigin && this.origin)) {
      certificate.publicKey ??= generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
      certificate.pem = issueCertificate({
        serialNumber: certificate.serialNumber,
        commonName: certificate.commonName,
        publicKey: certificate.publicKey,
        notBefore: certificate.notBefore,
        days: certificate.days,
        origin: this.caUrls && this.origin ? this.origin : undefined
      })
      certificate.issuedWithoutOrigin = !this.origin
    }
    return certificate.pem
  }

  /** @param {Certificate} certificate */
  validTill(certificate) {
    return new Date(certificate.notBefore.getTime() + certificate.days * DAY_MS)
  }

  /**
   * The order's status as CertCentral shows it: `expired` once its primary certificate has expired.
   * @param {Order} order
   */
  orderStatus(order) {
    const [primary] = this.certificatesOf(order)
    return order.status === 'issued' && primary && this.validTill(primary).getTime() < Date.now() ? 'expired' : order.status
  }

  /**
   * An order as the listing shows it: its primary certificate only.
   * @param {Order} order
   */
  orderSummary(order) {
    const [certificate, ...others] = this.certificatesOf(order)
    const validTill = this.validTill(certificate)
    const duplicates = others.filter((c) => c.kind === 'duplicate').length
    const reissues = others.filter((c) => c.kind === 'reissue').length
    return {
      id: order.id,
      certificate: {
        id: certificate.id,
        common_name: certificate.commonName,
        dns_names: [certificate.commonName],
        serial_number: certificate.serialNumber.toLowerCase(),
        valid_from: day(certificate.notBefore),
        valid_till: day(validTill),
        days_remaining: Math.max(0, Math.ceil((validTill.getTime() - Date.now()) / DAY_MS)),
        signature_hash: 'sha256'
      },
      status: this.orderStatus(order),
      has_duplicates: duplicates > 0,
      duplicates_count: duplicates,
      has_reissues: reissues > 0,
      reissues_count: reissues,
      date_created: isoDate(order.dateCreated),
      product: { name_id: 'ssl_basic', name: 'Basic OV', type: 'ssl_certificate' }
    }
  }

  /**
   * `GET /order/certificate`: orders, paged with offset and limit (at most 1000, and at most maxPageSize when that
   * switch is on). `filters[status]` keeps one
   * status (`issued` also keeps orders that have since expired, as DigiCert's does); `filters[serial_number]` and
   * `filters[certificate_id]` keep the order whose primary certificate has it.
   * @param {{ key?: string, status?: string, serialNumber?: string, certificateId?: string, offset?: number, limit?: number }} query
   * @returns {Answer}
   */
  listOrders({ key, status, serialNumber, certificateId, offset = 0, limit = 1000 }) {
    if (!this.userFor(key)) return invalidKey()
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return error(400, 'invalid_paging', 'offset must be 0 or more and limit from 1 to 1000.')
    }
    const all = [...this.orders.values()].filter((order) => {
      const [primary] = this.certificatesOf(order)
      const shown = this.orderStatus(order)
      if (status && shown !== status && !(status === 'issued' && shown === 'expired')) return false
      if (serialNumber !== undefined && normalSerial(primary.serialNumber) !== normalSerial(serialNumber)) return false
      if (certificateId !== undefined && String(primary.id) !== certificateId) return false
      return true
    })
    // With the cap switch on, a page holds fewer orders than asked; `page.limit` says how many it may hold.
    const size = this.maxPageSize === undefined ? limit : Math.min(limit, this.maxPageSize)
    const orders = all.slice(offset, offset + size).map((order) => this.orderSummary(order))
    return { status: 200, body: { orders, page: { total: all.length, limit: size, offset } } }
  }

  /**
   * `GET /order/certificate/{id}`: the order (by its ID, or its primary certificate's serial number), with its
   * revoke requests; status `revoked` once every certificate on it is.
   * @param {string} ref
   * @param {string} [key]
   * @returns {Answer}
   */
  orderInfo(ref, key) {
    if (!this.userFor(key)) return invalidKey()
    let order = /^[0-9]+$/.test(ref) ? this.orders.get(Number(ref)) : undefined
    if (!order && /^[0-9a-f:]+$/i.test(ref)) {
      order = [...this.orders.values()].find((o) => normalSerial(this.certificatesOf(o)[0].serialNumber) === normalSerial(ref))
    }
    if (!order) return error(404, 'not_found|order', 'Order not found.')
    const summary = this.orderSummary(order)
    const requests = [...this.requests.values()]
      .filter((request) => request.order.id === order.id)
      .map(({ id, date, type, status, comments }) => ({ id, date, type, status, comments }))
    return {
      status: 200,
      body: { ...summary, certificate: { ...summary.certificate, thumbprint: this.thumbprint(this.certificatesOf(order)[0]) }, requests }
    }
  }

  /**
   * `GET /order/certificate/{id}/duplicate` or `/reissue`: the order's other certificates of that kind (not the
   * primary), each `issued` (no `revoked` status is documented for them: ask the CA).
   * @param {string} ref
   * @param {'duplicate' | 'reissue'} kind
   * @param {string} [key]
   * @returns {Answer}
   */
  listOrderCertificates(ref, kind, key) {
    if (!this.userFor(key)) return invalidKey()
    const order = /^[0-9]+$/.test(ref) ? this.orders.get(Number(ref)) : undefined
    if (!order) return error(404, 'not_found|order', 'Order not found.')
    const certificates = this.certificatesOf(order)
      .filter((c) => c.kind === kind)
      .map((c) => ({
        id: c.id,
        serial_number: c.serialNumber.toLowerCase(),
        thumbprint: this.thumbprint(c),
        status: 'issued',
        common_name: c.commonName,
        dns_names: [c.commonName],
        date_created: isoDate(c.notBefore),
        valid_till: day(this.validTill(c))
      }))
    return { status: 200, body: { certificates } }
  }

  /**
   * The SHA-1 of the certificate's DER, upper-case hex, as CertCentral shows a thumbprint.
   * @param {Certificate} certificate
   */
  thumbprint(certificate) {
    const der = Buffer.from(this.certificatePem(certificate).replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
    return createHash('sha1').update(der).digest('hex').toUpperCase()
  }

  /**
   * `GET /certificate/{id}/download/format/pem_all`: the certificate, then the simulator CA.
   * @param {string} id  the path segment
   * @param {string} [key]
   * @returns {Answer}
   */
  downloadPemAll(id, key) {
    if (!this.userFor(key)) return invalidKey()
    const certificate = /^[0-9]+$/.test(id) ? this.certificates.get(Number(id)) : undefined
    if (!certificate) return error(404, 'not_found', 'Certificate not found.')
    return {
      status: 200,
      body: `${this.certificatePem(certificate)}${CA_CERTIFICATE}`,
      headers: { 'Content-Type': 'application/x-pem-file' }
    }
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
   * The certificate the simulator CA issued with this serial number (hex, any case, leading zeros ignored).
   * @param {string} serial
   */
  certificateBySerial(serial) {
    const wanted = normalSerial(serial)
    for (const certificate of this.certificates.values()) {
      if (normalSerial(certificate.serialNumber) === wanted) return certificate
    }
    return undefined
  }

  /**
   * Revokes certificates now (those not yet revoked), and each order whose certificates are then all revoked.
   * What approving a request, skipping approval or an automatic approval does; tests may call it directly.
   * @param {Iterable<number>} ids
   * @param {string | null} [reason]  CertCentral's spelling; null or undefined: unspecified
   */
  markRevoked(ids, reason) {
    const at = new Date()
    /** @type {Set<number>} */
    const orders = new Set()
    for (const id of ids) {
      const certificate = this.certificates.get(id)
      if (!certificate) throw new Error(`The account holds no certificate ${id}.`)
      orders.add(certificate.orderId)
      if (certificate.status === 'revoked') continue
      certificate.status = 'revoked'
      certificate.revokedAt = at
      if (reason && reason !== 'unspecified') certificate.revocationReason = reason
    }
    for (const orderId of orders) {
      const order = this.orders.get(orderId)
      if (order && this.revokeOrderWhenAllRevoked && this.certificatesOf(order).every((c) => c.status === 'revoked'))
        order.status = 'revoked'
    }
  }

  /**
   * Decides a revoke: `{ status, body }` as CertCentral would answer it.
   * @param {{ kind: 'certificate' | 'order', ref: string, key?: string, body: unknown }} call
   * @returns {Answer}
   */
  revoke({ kind, ref, key, body }) {
    const user = this.userFor(key)
    if (!user) return invalidKey()
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
    if (!order)
      throw new Error(`Certificate ${certificates[0].id} names order ${certificates[0].orderId}, which the account does not hold.`)
    if (certificates.some((c) => c.pendingReissue)) {
      return error(
        400,
        'pending_reissue',
        'Certificates with a pending reissue cannot be revoked. Cancel the reissue or revoke after it completes.'
      )
    }
    if (certificates.every((c) => c.status === 'revoked')) {
      return error(400, 'already_revoked', kind === 'order' ? 'The order is already revoked.' : 'The certificate is already revoked.')
    }

    const ids = certificates.map((c) => c.id)
    if (skipApproval) {
      this.markRevoked(ids, reason)
      return { status: 204 }
    }
    const now = new Date()
    const auto = order.approval === 'auto'
    /** @type {StoredRequest} */
    const stored = {
      id: this.nextRequestId++,
      date: isoDate(now),
      type: 'revoke',
      status: auto ? 'approved' : 'pending',
      comments,
      requester: person(user),
      order: { id: order.id, certificate: { common_name: this.certificatesOf(order)[0].commonName } },
      target: { kind, ref, orderId: order.id, certificateIds: ids },
      revocation_reason: reason ?? null
    }
    if (auto) stored.date_processed = stored.date
    this.requests.set(stored.id, stored)
    if (auto) this.markRevoked(ids, reason)
    else this.scheduleAdministrator(stored.id)
    /** @type {RevokeRequest} */
    const answer = {
      id: stored.id,
      date: stored.date,
      type: 'revoke',
      status: auto ? 'submitted' : 'pending',
      requester: stored.requester,
      comments
    }
    return { status: 201, body: answer }
  }

  /**
   * With the administrator switch on, approves (or rejects) the request once approveAfterMs has passed.
   * @param {number} id
   */
  scheduleAdministrator(id) {
    if (this.approveAfterMs === undefined && !this.rejectAll) return
    const decision = this.rejectAll ? 'rejected' : 'approved'
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.requests.get(id)?.status !== 'pending') return
      this.decide(
        id,
        decision,
        ADMINISTRATOR,
        decision === 'approved' ? "Approved by the simulator's administrator." : "Rejected by the simulator's administrator."
      )
    }, this.approveAfterMs ?? 0)
    timer.unref()
    this.timers.add(timer)
  }

  /** Cancels the administrator's pending decisions (the server calls it on close). */
  stop() {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  /**
   * Approves or rejects a pending request; approving revokes what it targets.
   * @param {number} id
   * @param {'approved' | 'rejected'} status
   * @param {User} processor
   * @param {string} [comment]
   * @returns {Answer}
   */
  decide(id, status, processor, comment) {
    const request = this.requests.get(id)
    if (!request) return error(404, 'not_found', 'Request not found.')
    if (request.status !== 'pending') return error(400, 'request_already_processed', `The request is already ${request.status}.`)
    request.status = status
    request.date_processed = isoDate(new Date())
    request.processor = person(processor)
    if (comment !== undefined) request.processor_comment = comment
    if (status === 'approved') {
      const order = this.orders.get(request.target.orderId)
      // An order's request revokes every certificate the order holds when it is approved.
      const ids = request.target.kind === 'order' && order ? order.certificateIds : request.target.certificateIds
      this.markRevoked(ids, request.revocation_reason)
    }
    return { status: 204 }
  }

  /**
   * For tests: approves a pending request as the administrator would, revoking what it targets.
   * @param {number} requestId
   * @param {string} [comment]
   * @returns {StoredRequest}
   */
  approve(requestId, comment) {
    return this.decideForTest(requestId, 'approved', comment)
  }

  /**
   * For tests: rejects a pending request.
   * @param {number} requestId
   * @param {string} [comment]
   * @returns {StoredRequest}
   */
  reject(requestId, comment) {
    return this.decideForTest(requestId, 'rejected', comment)
  }

  /**
   * @param {number} requestId
   * @param {'approved' | 'rejected'} status
   * @param {string} [comment]
   */
  decideForTest(requestId, status, comment) {
    const answer = this.decide(requestId, status, ADMINISTRATOR, comment)
    const request = this.requests.get(requestId)
    if (answer.status !== 204 || !request) throw new Error(`Request ${requestId} cannot be ${status}: ${JSON.stringify(answer.body)}`)
    return request
  }

  /**
   * `PUT /request/{id}/status`: an administrator or a manager approves or rejects a pending request.
   * @param {string} id
   * @param {string | undefined} key
   * @param {unknown} body
   * @returns {Answer}
   */
  updateRequestStatus(id, key, body) {
    const user = this.userFor(key)
    if (!user) return invalidKey()
    if (user.role === 'view_only') return error(403, 'access_denied|missing_permission', 'This API key is restricted to view only.')
    if (user.role !== 'admin' && user.role !== 'manager') {
      return error(403, 'access_denied|missing_permission', 'Only an administrator or a manager may approve or reject requests.')
    }
    const fields = /** @type {{ status?: unknown, processor_comment?: unknown }} */ (
      typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}
    )
    const { status, processor_comment: comment } = fields
    if ((status !== 'approved' && status !== 'rejected') || (comment !== undefined && typeof comment !== 'string')) {
      return error(400, 'bad_request_format', 'status must be approved or rejected, and processor_comment a string.')
    }
    return this.decide(Number(id), status, user, comment)
  }

  /**
   * `GET /request/{id}`: a request as it stands; `date_processed` and `processor` only once processed.
   * @param {string} id
   * @param {string} [key]
   * @returns {Answer}
   */
  getRequest(id, key) {
    if (!this.userFor(key)) return invalidKey()
    const request = this.requests.get(Number(id))
    if (!request) return error(404, 'not_found', 'Request not found.')
    const { date, type, status, date_processed, requester, processor, order, comments } = request
    return { status: 200, body: { id: request.id, date, type, status, date_processed, requester, processor, order, comments } }
  }

  /**
   * `GET /request`: requests, oldest first, filtered by status and type, paged like orders; without comments,
   * as DigiCert's list shows them.
   * @param {{ key?: string, status?: string, type?: string, offset?: number, limit?: number }} query
   * @returns {Answer}
   */
  listRequests({ key, status, type, offset = 0, limit = 1000 }) {
    if (!this.userFor(key)) return invalidKey()
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return error(400, 'invalid_paging', 'offset must be 0 or more and limit from 1 to 1000.')
    }
    const all = [...this.requests.values()].filter((r) => (!status || r.status === status) && (!type || r.type === type))
    const requests = all
      .slice(offset, offset + limit)
      .map(({ id, date, type, status, requester, order }) => ({ id, date, type, status, requester, order }))
    return { status: 200, body: { requests, page: { total: all.length, limit, offset } } }
  }

  /**
   * What the CA says about a serial number at `now`: `good`, `revoked` (with when and why) or `unknown` (the CA
   * never issued it). A revocation shows only once `lagMs` have passed since it.
   * @param {string} serial  hex
   * @param {number} now
   * @param {number} [lagMs]
   * @returns {{ status: 'good' | 'unknown' } | { status: 'revoked', revokedAt: Date, reason?: string }}
   */
  statusAt(serial, now, lagMs = 0) {
    const certificate = this.certificateBySerial(serial)
    if (!certificate) return { status: 'unknown' }
    return this.revokedBy(certificate, now, lagMs)
  }

  /**
   * @param {Certificate} certificate
   * @param {number} now
   * @param {number} lagMs
   * @returns {{ status: 'good' } | { status: 'revoked', revokedAt: Date, reason?: string }}
   */
  revokedBy(certificate, now, lagMs) {
    if (certificate.status !== 'revoked') return { status: 'good' }
    const revokedAt = certificate.revokedAt ?? certificate.notBefore
    if (now < revokedAt.getTime() + lagMs) return { status: 'good' }
    return { status: 'revoked', revokedAt, reason: certificate.revocationReason }
  }

  /**
   * Every certificate revoked at least `lagMs` before `now`, in serial order: what the CRL lists.
   * @param {number} now
   * @param {number} [lagMs]
   */
  revokedList(now, lagMs = 0) {
    /** @type {{ serialNumber: string, revokedAt: Date, reason?: string }[]} */
    const list = []
    for (const certificate of this.certificates.values()) {
      const state = this.revokedBy(certificate, now, lagMs)
      if (state.status === 'revoked')
        list.push({ serialNumber: certificate.serialNumber, revokedAt: state.revokedAt, reason: state.reason })
    }
    /** @param {string} serial  sorts as a number: shorter first, then by digits */
    const order = (serial) => normalSerial(serial).padStart(64, '0')
    return list.sort((a, b) => (order(a.serialNumber) < order(b.serialNumber) ? -1 : 1))
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
