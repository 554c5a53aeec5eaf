/**
 * A CertCentral account at the transport boundary, for unit tests of the run: orders with certificates (real
 * X.509, so the key scan can compare public keys): a primary certificate each, and duplicates and reissues;
 * scripted revoke answers, and a record of every call.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { issueCertificate } from '../../simulator/x509.js'
import type { Transport } from '../../src/certcentral/api.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'

export interface Call {
  method: 'GET' | 'PUT'
  path: string
  body?: unknown
}

const json = (statusCode: number, body: unknown): HttpAnswer => ({ statusCode, headers: {}, body: JSON.stringify(body) })

export const answers = {
  pending: (id: number): HttpAnswer => json(201, { id, date: '2026-12-01T10:00:00+00:00', type: 'revoke', status: 'pending' }),
  approved: (id: number): HttpAnswer => json(201, { id, date: '2026-12-01T10:00:00+00:00', type: 'revoke', status: 'approved' }),
  rejected: (id: number): HttpAnswer => json(201, { id, date: '2026-12-01T10:00:00+00:00', type: 'revoke', status: 'rejected' }),
  skipped: (): HttpAnswer => ({ statusCode: 204, headers: {}, body: '' }),
  error: (statusCode: number, code: string, message: string): HttpAnswer => json(statusCode, { errors: [{ code, message }] })
}

/** How long a certificate is valid: `days` from `notBefore` (a day ago by default). A negative `days`, or an old `notBefore`, makes it expired. */
export interface Validity {
  notBefore?: Date
  days?: number
}

/** What the order list says of each order's duplicates and reissues: `*_count`, `has_*`, or nothing. */
export type OrderFields = 'count' | 'has' | 'none'

interface FakeOrder {
  primary: string
  duplicates: string[]
  reissues: string[]
}

/** The order of a primary certificate added with addCertificate: its ID plus one. */
export const orderOf = (certificateId: number): number => certificateId + 1

export class FakeCertCentral implements Transport {
  readonly calls: Call[] = []
  /** Certificate ID → its PEM and expiry; IDs not here answer 404 to a download. */
  private readonly certificates = new Map<string, { pem: string; notAfter: Date }>()
  /** Order ID → its certificates, listed in order ID order. */
  private readonly orders = new Map<number, FakeOrder>()
  /** What the order list says of duplicates and reissues. */
  orderFields: OrderFields = 'count'
  /** The most orders one page holds, whatever the limit asked (DigiCert may cap pages lower). */
  pageCap = Infinity
  /** Answers to a GET at an exact path, before anything else (for failures of a list or a page). */
  readonly getAnswers = new Map<string, HttpAnswer>()
  /** Request path → the answer to a PUT there; other revokes answer pending with a fresh request ID. */
  readonly revokeAnswers = new Map<string, HttpAnswer>()
  /** Download answers that replace the certificate (for failures). */
  readonly downloadAnswers = new Map<string, HttpAnswer>()
  /** Revoke requests by ID, as `GET /request` and `GET /request/{id}` show them. */
  readonly requests = new Map<
    number,
    { id: number; status: string; type: string; date: string; comments: string; order?: { id: number } }
  >()
  /** Order ID → its status, for `GET /order/certificate/{id}`. */
  readonly orderStatuses = new Map<string, string>()
  disposed = false
  private nextRequestId = 500

  /** Adds an issued order (orderOf(id)) whose primary certificate carries `publicKey` (a fresh key when not given). */
  addCertificate(id: number, publicKey?: KeyObject, validity: Validity = {}): this {
    this.issue(id, publicKey, validity)
    this.orders.set(orderOf(id), { primary: String(id), duplicates: [], reissues: [] })
    return this
  }

  /** Adds a duplicate to an order (see orderOf), carrying `publicKey` (a fresh key when not given). */
  addDuplicate(orderId: number, id: number, publicKey?: KeyObject, validity: Validity = {}): this {
    this.issue(id, publicKey, validity)
    this.order(orderId).duplicates.push(String(id))
    return this
  }

  /** Replaces a duplicate of an order by a new one (the order's counts stay the same), carrying `publicKey`. */
  replaceDuplicate(orderId: number, oldId: number, id: number, publicKey?: KeyObject): this {
    this.issue(id, publicKey, {})
    const { duplicates } = this.order(orderId)
    duplicates[duplicates.indexOf(String(oldId))] = String(id)
    return this
  }

  /** Adds an earlier reissue to an order (see orderOf): a certificate of the order that is not its primary one. */
  addReissue(orderId: number, id: number, publicKey?: KeyObject, validity: Validity = {}): this {
    this.issue(id, publicKey, validity)
    this.order(orderId).reissues.push(String(id))
    return this
  }

  /** The GET requests made, by path. */
  gets(): string[] {
    return this.calls.filter((call) => call.method === 'GET').map((call) => call.path)
  }

  private issue(
    id: number,
    publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
    { notBefore = new Date(Date.now() - 86400_000), days = 397 }: Validity
  ): void {
    const pem = issueCertificate({ serialNumber: id.toString(16), commonName: `c${id}.example.test`, publicKey, notBefore, days })
    this.certificates.set(String(id), { pem, notAfter: new Date(notBefore.getTime() + days * 86400_000) })
  }

  private order(orderId: number): FakeOrder {
    const order = this.orders.get(orderId)
    if (!order) throw new Error(`no order ${orderId}: add its primary certificate first`)
    return order
  }

  private status(id: string): string {
    return (this.certificates.get(id)?.notAfter.getTime() ?? 0) <= Date.now() ? 'expired' : 'issued'
  }

  /** An order as the order list shows it: its primary certificate, and its duplicates and reissues as orderFields says. */
  private listed(id: number, order: FakeOrder): Record<string, unknown> {
    const counts =
      this.orderFields === 'count'
        ? {
            has_duplicates: order.duplicates.length > 0,
            duplicates_count: order.duplicates.length,
            has_reissues: order.reissues.length > 0,
            reissues_count: order.reissues.length
          }
        : this.orderFields === 'has'
          ? { has_duplicates: order.duplicates.length > 0, has_reissues: order.reissues.length > 0 }
          : {}
    return { id, status: this.status(order.primary), certificate: { id: Number(order.primary) }, ...counts }
  }

  async get(path: string): Promise<HttpAnswer> {
    this.calls.push({ method: 'GET', path })
    const scripted = this.getAnswers.get(path)
    if (scripted) return scripted
    const listing = /^\/order\/certificate\?sort=order_id&offset=(\d+)&limit=(\d+)$/.exec(path)
    if (listing) {
      const [offset, limit] = [Number(listing[1]), Number(listing[2])]
      const all = [...this.orders].sort(([a], [b]) => a - b)
      const orders = all.slice(offset, offset + Math.min(limit, this.pageCap)).map(([id, order]) => this.listed(id, order))
      return json(200, { orders, page: { total: all.length, limit, offset } })
    }
    const serial = /^\/order\/certificate\?filters\[serial_number\]=([0-9A-Fa-f]+)&offset=0&limit=1$/.exec(path)
    if (serial) {
      const found = [...this.orders].filter(([, order]) => Number(order.primary).toString(16) === serial[1].toLowerCase())
      return json(200, { orders: found.map(([id, order]) => this.listed(id, order)), page: { total: found.length, limit: 1, offset: 0 } })
    }
    const list = /^\/order\/certificate\/(\d+)\/(duplicate|reissue)\?show_archived=true$/.exec(path)
    if (list) {
      const order = this.orders.get(Number(list[1]))
      if (!order) return answers.error(404, 'not_found|order', 'The specified order was not found.')
      // The reissue list repeats the primary certificate, as CertCentral's lists may.
      const ids = list[2] === 'duplicate' ? order.duplicates : [order.primary, ...order.reissues]
      return json(200, { certificates: ids.map((id) => ({ id: Number(id), status: this.status(id), common_name: `c${id}.example.test` })) })
    }
    if (path.startsWith('/request?')) {
      const pending = [...this.requests.values()].filter((r) => r.status === 'pending').map(({ comments: _, ...listed }) => listed)
      return json(200, { requests: pending, page: { total: pending.length, limit: 1000, offset: 0 } })
    }
    const request = /^\/request\/(\d+)$/.exec(path)
    if (request) {
      const found = this.requests.get(Number(request[1]))
      return found ? json(200, found) : answers.error(404, 'not_found', 'Not found.')
    }
    const order = /^\/order\/certificate\/(\d+)$/.exec(path)
    if (order) {
      const status = this.orderStatuses.get(order[1])
      return status
        ? json(200, { id: Number(order[1]), status })
        : answers.error(404, 'not_found|order', 'The specified order was not found.')
    }
    const download = /^\/certificate\/(\d+)\/download\/format\/pem_all$/.exec(path)
    const id = download?.[1]
    if (id && this.downloadAnswers.has(id)) return this.downloadAnswers.get(id) as HttpAnswer
    const certificate = id ? this.certificates.get(id) : undefined
    if (certificate) return { statusCode: 200, headers: {}, body: certificate.pem }
    return answers.error(404, 'not_found', 'Not found.')
  }

  async put(path: string, body: unknown): Promise<HttpAnswer> {
    this.calls.push({ method: 'PUT', path, body })
    const scripted = this.revokeAnswers.get(path)
    if (scripted) return scripted
    const id = this.nextRequestId++
    const comments = (body as { comments?: string }).comments ?? ''
    this.requests.set(id, { id, status: 'pending', type: 'revoke', date: '2026-12-01T10:00:00+00:00', comments })
    return answers.pending(id)
  }

  /** Adds an open request, as if an earlier run had filed it; `orderId` is the order it is for (`order.id`). */
  addRequest(id: number, comments: string, status = 'pending', type = 'revoke', orderId?: number): this {
    this.requests.set(id, { id, status, type, date: '2026-11-30T10:00:00+00:00', comments, ...(orderId ? { order: { id: orderId } } : {}) })
    return this
  }

  /** Makes the lookup of a certificate ID (`filters[certificate_id]`) find one order whose primary certificate it is. */
  holds(orderId: number, certificateId: number): this {
    const lookup = `/order/certificate?filters[certificate_id]=${certificateId}&offset=0&limit=1`
    this.getAnswers.set(lookup, json(200, { orders: [{ id: orderId, certificate: { id: certificateId } }], page: { total: 1 } }))
    return this
  }

  dispose(): void {
    this.disposed = true
  }

  puts(): Call[] {
    return this.calls.filter((call) => call.method === 'PUT')
  }
}
