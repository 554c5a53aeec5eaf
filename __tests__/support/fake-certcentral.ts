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
    const download = /^\/certificate\/(\d+)\/download\/format\/pem_all$/.exec(path)
    const id = download?.[1]
    if (id && this.downloadAnswers.has(id)) return this.downloadAnswers.get(id) as HttpAnswer
    if (id && this.certificates.has(id)) return { statusCode: 200, headers: {}, body: this.certificates.get(id) as string }
    return answers.error(404, 'not_found', 'Not found.')
  }

  async put(path: string, body: unknown): Promise<HttpAnswer> {
    this.calls.push({ method: 'PUT', path, body })
    return this.revokeAnswers.get(path) ?? answers.pending(this.nextRequestId++)
  }

  dispose(): void {
    this.disposed = true
  }

  puts(): Call[] {
    return this.calls.filter((call) => call.method === 'PUT')
  }
}
