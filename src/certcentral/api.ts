/**
 * The CertCentral Services API as the action uses it: every path and every call lives here. Each call goes
 * through the shared pacing (rate limiter, retries) and returns the last answer or why none came; reading the
 * answer is left to answers.ts, and what it means for a target to the caller.
 */
import { pacedRequest, type PacedResult, type PacingOptions } from './paced.js'
import type { HttpAnswer } from './transport.js'
import type { RevocationReason } from './vocabulary.js'

// The words of the API live apart, so that reading the inputs does not load the transport (`npm run bench -- cold`).
export { REGIONS, REVOCATION_REASONS, type Region, type RevocationReason } from './vocabulary.js'

/** The body of every revoke request. */
export interface RevokeBody {
  comments: string
  skip_approval: boolean
  revocation_reason?: RevocationReason
}

/** What the API needs of HTTP: CertCentralTransport, or a fake in tests. */
export interface Transport {
  /** `data`: a 200 answer is data, kept whole (see CertCentralTransport.get). */
  get(path: string, accept?: string, data?: boolean): Promise<HttpAnswer>
  put(path: string, body: unknown): Promise<HttpAnswer>
}

/** What CertCentral revokes: one certificate (by ID or serial number), or every certificate of an order. */
export interface RevocationSubject {
  type: 'certificate' | 'order'
  /** The certificate ID or serial number, or the order ID. */
  id: string
}

/** `PUT /certificate/{id or serial}/revoke`, or `PUT /order/certificate/{order_id}/revoke` for a whole order. */
export function revokePath({ type, id }: RevocationSubject): string {
  const escaped = encodeURIComponent(id)
  return type === 'order' ? `/order/certificate/${escaped}/revoke` : `/certificate/${escaped}/revoke`
}

/** The most orders asked for in one page of the order list. */
export const ORDER_PAGE_SIZE = 1000

export class CertCentralApi {
  constructor(
    private readonly transport: Transport,
    readonly pacing: PacingOptions
  ) {}

  /** Revokes a certificate or a whole order (revokePath). `label` names it in retry messages. */
  revoke(subject: RevocationSubject, body: RevokeBody, label: string): Promise<PacedResult> {
    return this.paced(label, () => this.transport.put(revokePath(subject), body))
  }

  /**
   * One page of the account's orders in every status (the `issued` filter would leave out `reissue_pending` orders,
   * whose certificate is still valid), by order ID so offsets hold while orders change status or are added.
   */
  listOrders(offset: number, limit = ORDER_PAGE_SIZE): Promise<PacedResult> {
    return this.paced('listing orders', () => this.transport.get(`/order/certificate?sort=order_id&offset=${offset}&limit=${limit}`))
  }

  /**
   * The duplicates (`kind: 'duplicate'`) or reissues of an order: its other certificates, which may carry the same
   * key. Archived ones too: CertCentral leaves them out unless asked, and archiving does not revoke.
   */
  listOrderCertificates(orderId: string, kind: 'duplicate' | 'reissue'): Promise<PacedResult> {
    return this.paced(`order ${orderId} ${kind}s`, () =>
      this.transport.get(`/order/certificate/${encodeURIComponent(orderId)}/${kind}?show_archived=true`)
    )
  }

  /** The certificate and its chain as PEM, leaf first. The endpoint answers PEM, not JSON, so it asks for any type. */
  downloadChain(certificateId: string): Promise<PacedResult> {
    return this.paced(`certificate ${certificateId} download`, () =>
      this.transport.get(`/certificate/${encodeURIComponent(certificateId)}/download/format/pem_all`, '*/*', true)
    )
  }

  /** One page of the account's revoke requests of a status (`pending` by default). The caller still checks each one's type. */
  listRequests(offset: number, status = 'pending', limit = ORDER_PAGE_SIZE): Promise<PacedResult> {
    return this.paced('listing open requests', () =>
      this.transport.get(`/request?filters[status]=${encodeURIComponent(status)}&filters[type]=revoke&offset=${offset}&limit=${limit}`)
    )
  }

  /** `GET /request/{id}`: the request's status and its comment. */
  getRequest(requestId: number): Promise<PacedResult> {
    return this.paced(`request ${requestId}`, () => this.transport.get(`/request/${requestId}`))
  }

  /** `GET /order/certificate/{order_id}`: the order's status. */
  getOrder(orderId: string): Promise<PacedResult> {
    return this.paced(`order ${orderId}`, () => this.transport.get(`/order/certificate/${encodeURIComponent(orderId)}`))
  }

  /**
   * The order that holds a certificate with this serial number (`filters[serial_number]`), shaped like the order
   * list. It may be found through a duplicate or a reissue: the listing shows the primary certificate.
   */
  findBySerial(serialNumber: string): Promise<PacedResult> {
    return this.paced(`serial ${serialNumber} lookup`, () =>
      this.transport.get(`/order/certificate?filters[serial_number]=${encodeURIComponent(serialNumber)}&offset=0&limit=1`)
    )
  }

  /** The order that holds the certificate with this ID (`filters[certificate_id]`), shaped like the order list. */
  findByCertificateId(certificateId: string): Promise<PacedResult> {
    return this.paced(`certificate ${certificateId} lookup`, () =>
      this.transport.get(`/order/certificate?filters[certificate_id]=${encodeURIComponent(certificateId)}&offset=0&limit=1`)
    )
  }

  private paced(label: string, send: () => Promise<HttpAnswer>): Promise<PacedResult> {
    return pacedRequest(label, send, this.pacing)
  }
}
