// The simulated CertCentral account: its orders, certificates and revoke requests, and the switches that decide
// how faithfully (or how badly) it answers. The data and what changes it live here; how each call is answered
// lives by resource in orders.js (orders and certificates) and requests.js (revoke requests), the keys and the
// administrator in users.js. server.js does the HTTP, ca.js the OCSP responder and the CRL.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { issueCertificate, normalSerial } from './x509.js'
import { DAY_MS } from './answers.js'
import { ADMINISTRATOR, userFor } from './users.js'
import * as orders from './orders.js'
import * as requests from './requests.js'

export { DEMO_KEYS } from './users.js'
export { error, invalidKey } from './answers.js'
export { REVOCATION_REASONS } from './requests.js'

/**
 * @typedef {import('./answers.js').Answer} Answer
 * @import { User } from './users.js'
 * @import { StoredRequest } from './requests.js'
 */

/**
 * @typedef {object} Certificate
 * @property {number} id
 * @property {string} serialNumber  hex, as DigiCert's answers show it (upper-case, with the leading zeros of its bytes)
 * @property {number} orderId
 * @property {string} commonName
 * @property {'issued' | 'revoked' | 'pending' | 'rejected'} status  `pending` and `rejected`: a duplicate or a
 *   reissue (or the certificate of an order that is not issued) that holds no certificate
 * @property {boolean} [pendingReissue]  a reissue of it waits: its order shows `reissue_pending`, and refuses revoking
 * @property {boolean} [archived]   left out of the duplicate and reissue lists unless `show_archived=true`
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
 * @typedef {Pick<Certificate, 'id' | 'serialNumber' | 'commonName' | 'pendingReissue' | 'archived' | 'publicKey' | 'pem' | 'revokedAt' | 'revocationReason'>
 *   & Partial<Pick<Certificate, 'status' | 'notBefore' | 'days' | 'kind'>>} NewCertificate
 *   a certificate as addOrder takes it: the order is the one added; the status `issued` unless given, or `pending`
 *   in an order whose status holds no certificate
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
    /** An empty page of the order list has no `orders` key, as recorded live. */
    this.emptyPageWithoutOrders = true
    /** A duplicate or reissue list that holds any certificate repeats the order's primary certificate first. */
    this.repeatPrimary = true
    /** The download of a duplicate or reissue serves its order's primary certificate (Keyfactor has seen it). */
    this.downloadServesPrimary = false
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set()
  }

  /**
   * Adds an order with its certificates. `approval: 'auto'` answers 201 with status `submitted` and revokes at once.
   * An order in a status that holds no certificate (`pending`, `needs_approval`, …) gets certificates `pending`.
   * @param {{ id: number, certificates: NewCertificate[], approval?: Order['approval'], status?: string }} order
   */
  addOrder({ id, certificates, approval = 'manual', status = 'issued' }) {
    const now = Date.now()
    this.orders.set(id, { id, status, approval, certificateIds: certificates.map((c) => c.id), dateCreated: new Date(now - DAY_MS) })
    const unissued = orders.ORDER_STATUSES_WITHOUT_CERTIFICATE.includes(status)
    for (const [i, certificate] of certificates.entries()) {
      /** @type {Certificate} */
      const stored = {
        ...certificate,
        status: certificate.status ?? (unissued ? 'pending' : 'issued'),
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
   * @param {string} [key]
   * @returns {User | undefined}
   */
  userFor(key) {
    return userFor(key)
  }

  /**
   * The certificates an order lists, its primary first. addOrder adds them together, so each is there; a test that
   * broke that is told so.
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
   * A certificate by ID, else an issued one by serial number (DigiCert's path accepts either).
   * @param {string} idOrSerial
   */
  findCertificate(idOrSerial) {
    if (/^[0-9]+$/.test(idOrSerial)) {
      const byId = this.certificates.get(Number(idOrSerial))
      if (byId) return byId
    }
    return /^[0-9a-f]+$/i.test(idOrSerial) ? this.certificateBySerial(idOrSerial) : undefined
  }

  /**
   * The certificate the simulator CA issued with this serial number (hex, any case, leading zeros ignored).
   * @param {string} serial
   */
  certificateBySerial(serial) {
    const wanted = normalSerial(serial)
    for (const certificate of this.certificates.values()) {
      if (orders.issued(certificate) && normalSerial(certificate.serialNumber) === wanted) return certificate
    }
    return undefined
  }

  /**
   * Revokes certificates now (those issued and not yet revoked), and each order whose issued certificates are then
   * all revoked. What approving a request, skipping approval or an automatic approval does; tests may call it directly.
   * @param {Iterable<number>} ids
   * @param {string | null} [reason]  CertCentral's spelling; null or undefined: unspecified
   */
  markRevoked(ids, reason) {
    const at = new Date()
    /** @type {Set<number>} */
    const touched = new Set()
    for (const id of ids) {
      const certificate = this.certificates.get(id)
      if (!certificate) throw new Error(`The account holds no certificate ${id}.`)
      touched.add(certificate.orderId)
      if (certificate.status !== 'issued') continue
      certificate.status = 'revoked'
      certificate.revokedAt = at
      if (reason && reason !== 'unspecified') certificate.revocationReason = reason
    }
    for (const orderId of touched) {
      const order = this.orders.get(orderId)
      if (
        order &&
        this.revokeOrderWhenAllRevoked &&
        this.certificatesOf(order)
          .filter(orders.issued)
          .every((c) => c.status === 'revoked')
      )
        order.status = 'revoked'
    }
  }

  // The calls, answered by resource (see orders.js and requests.js).

  /** @param {Parameters<typeof orders.listOrders>[1]} query */
  listOrders(query) {
    return orders.listOrders(this, query)
  }

  /** @param {string} ref @param {string} [key] */
  orderInfo(ref, key) {
    return orders.orderInfo(this, ref, key)
  }

  /** @param {string} ref @param {'duplicate' | 'reissue'} kind @param {string} [key] @param {{ showArchived?: boolean }} [query] */
  listOrderCertificates(ref, kind, key, query) {
    return orders.listOrderCertificates(this, ref, kind, key, query)
  }

  /** @param {string} id @param {string} [key] */
  downloadPemAll(id, key) {
    return orders.downloadPemAll(this, id, key)
  }

  /** @param {Certificate} certificate */
  thumbprint(certificate) {
    return orders.certificateThumbprint(this, certificate)
  }

  /** @param {Parameters<typeof requests.revoke>[1]} call */
  revoke(call) {
    return requests.revoke(this, call)
  }

  /** @param {string} id @param {string | undefined} key @param {unknown} body */
  updateRequestStatus(id, key, body) {
    return requests.updateRequestStatus(this, id, key, body)
  }

  /** @param {string} id @param {string} [key] */
  getRequest(id, key) {
    return requests.getRequest(this, id, key)
  }

  /** @param {Parameters<typeof requests.listRequests>[1]} query */
  listRequests(query) {
    return requests.listRequests(this, query)
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
    const answer = requests.decide(this, requestId, status, ADMINISTRATOR, comment)
    const request = this.requests.get(requestId)
    if (answer.status !== 204 || !request) throw new Error(`Request ${requestId} cannot be ${status}: ${JSON.stringify(answer.body)}`)
    return request
  }

  /** Cancels the administrator's pending decisions (the server calls it on close). */
  stop() {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  // The account as its CA sees it (ca.js answers OCSP and the CRL from these).

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
 * A serial number in DigiCert's style (16 bytes of upper-case hex), derived from the ID so every run has the same
 * ones. The first byte is 01 to 7E, so the DER integer needs no padding and reads back the same; about one in
 * eight starts with a zero digit, as DigiCert's serials sometimes do.
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
