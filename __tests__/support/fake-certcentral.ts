/**
 * A CertCentral account at the transport boundary, for unit tests of the run: orders with certificates (real
 * X.509, so the key scan can compare public keys), scripted revoke answers, and a record of every call.
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

export class FakeCertCentral implements Transport {
  readonly calls: Call[] = []
  /** Certificate ID → its PEM chain; IDs not here answer 404 to a download. */
  private readonly certificates = new Map<string, string>()
  /** Request path → the answer to a PUT there; other revokes answer pending with a fresh request ID. */
  readonly revokeAnswers = new Map<string, HttpAnswer>()
  /** Download answers that replace the certificate (for failures). */
  readonly downloadAnswers = new Map<string, HttpAnswer>()
  /** Revoke requests by ID, as `GET /request` and `GET /request/{id}` show them. */
  readonly requests = new Map<number, { id: number; status: string; type: string; date: string; comments: string }>()
  /** Order ID → its status, for `GET /order/certificate/{id}`. */
  readonly orderStatuses = new Map<string, string>()
  disposed = false
  private nextRequestId = 500

  /** Adds an issued order whose primary certificate carries `publicKey` (a fresh key when not given). */
  addCertificate(id: number, publicKey: KeyObject = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey): this {
    this.certificates.set(String(id), issueCertificate({ serialNumber: id.toString(16), commonName: `c${id}.example.test`, publicKey }))
    return this
  }

  async get(path: string): Promise<HttpAnswer> {
    this.calls.push({ method: 'GET', path })
    if (path.startsWith('/order/certificate?')) {
      const orders = [...this.certificates.keys()].map((id) => ({ id: Number(id) + 1, status: 'issued', certificate: { id: Number(id) } }))
      return json(200, { orders, page: { total: orders.length, limit: 1000, offset: 0 } })
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
      return status ? json(200, { id: Number(order[1]), status }) : answers.error(404, 'not_found|order', 'The specified order was not found.')
    }
    const download = /^\/certificate\/(\d+)\/download\/format\/pem_all$/.exec(path)
    const id = download?.[1]
    if (id && this.downloadAnswers.has(id)) return this.downloadAnswers.get(id) as HttpAnswer
    if (id && this.certificates.has(id)) return { statusCode: 200, headers: {}, body: this.certificates.get(id) as string }
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

  /** Adds an open request, as if an earlier run had filed it. */
  addRequest(id: number, comments: string, status = 'pending', type = 'revoke'): this {
    this.requests.set(id, { id, status, type, date: '2026-11-30T10:00:00+00:00', comments })
    return this
  }

  dispose(): void {
    this.disposed = true
  }

  puts(): Call[] {
    return this.calls.filter((call) => call.method === 'PUT')
  }
}
