/**
 * Where a target lives in the account: the one order that holds it, and for a serial number the certificate
 * that has it. `filters[serial_number]` finds an order through any of its certificates and the listing shows the
 * primary, so the certificate with the serial is looked for among the primary, the duplicates and the reissues
 * (archived ones included): another certificate of the order never answers for it. What is found cannot change
 * during a run, so it is looked up once.
 */
import type { CertCentralApi } from '../certcentral/api.js'
import {
  describeApiError,
  normalSerial,
  readApiError,
  readCertificateList,
  readOrderLookup,
  type OrderHolding
} from '../certcentral/answers.js'
import type { PacedResult } from '../certcentral/paced.js'
import type { HttpAnswer } from '../certcentral/transport.js'
import type { Target } from './targets.js'

/** The order of a target and, for a certificate, the ID of the certificate that is the target. */
export interface Location {
  orderId: string
  certificateId?: string
}

/** Serial numbers compared as CertCentral may write them: without leading zeros or colons, case ignored. */
export function sameSerial(a: string, b: string): boolean {
  return normalSerial(a) === normalSerial(b)
}

/** A target named by its serial number (`serial-number`, `certificate-pem`) rather than by its certificate ID. */
export function bySerial(target: Target): boolean {
  return target.source === 'serial-number' || target.source === 'certificate-pem'
}

/** The one lookup failure that says the account does not hold the certificate: any other says nothing of it. */
export const NO_ORDER_HOLDS_IT = 'CertCentral lists no order that holds this certificate'

export class Locator {
  private readonly found = new Map<string, Location>()

  constructor(private readonly api: CertCentralApi) {}

  /** The target's location, or why it could not be told (a failed lookup is not kept: a later call asks again). */
  async locate(target: Target): Promise<Location | string> {
    if (target.type === 'order') return { orderId: target.id }
    const key = bySerial(target) ? `serial ${target.id}` : `certificate ${target.id}`
    const known = this.found.get(key)
    if (known) return known
    const location = await this.lookUp(target)
    if (typeof location !== 'string') this.found.set(key, location)
    return location
  }

  private async lookUp(target: Target): Promise<Location | string> {
    const serial = bySerial(target)
    const what = serial ? 'by serial number' : 'by certificate ID'
    const lookup = readAnswer(await (serial ? this.api.findBySerial(target.id) : this.api.findByCertificateId(target.id)))
    if (typeof lookup === 'string') return `the certificate could not be looked up ${what} (${lookup})`
    const page = readOrderLookup(lookup)
    if ('error' in page) return `the certificate could not be looked up ${what} (${page.error.message})`
    if (page.orders.length === 0) return NO_ORDER_HOLDS_IT
    if (page.orders.length > 1 || (page.total ?? 1) > 1)
      return `CertCentral lists ${page.total ?? page.orders.length} orders for this certificate, not one`
    return this.withinOrder(page.orders[0], target)
  }

  /** The certificate of the order that is the target: the primary, else a duplicate or a reissue. */
  private async withinOrder(order: OrderHolding, target: Target): Promise<Location | string> {
    const serial = bySerial(target)
    const isTarget = (certificate: { id?: string; serialNumber?: string }): boolean =>
      serial ? certificate.serialNumber !== undefined && sameSerial(certificate.serialNumber, target.id) : certificate.id === target.id
    if (isTarget({ id: order.certificateId, serialNumber: order.serialNumber }) && order.certificateId)
      return { orderId: order.id, certificateId: order.certificateId }
    for (const kind of ['duplicate', 'reissue'] as const) {
      const answer = readAnswer(await this.api.listOrderCertificates(order.id, kind))
      if (typeof answer === 'string') return `the ${kind}s of order ${order.id} could not be listed (${answer})`
      // The key scan's reader: pending and rejected entries hold no certificate, and no `certificates` is none.
      const list = readCertificateList(answer)
      if ('error' in list) return `the ${kind}s of order ${order.id} could not be listed (${list.error.message})`
      const found = list.certificates.find(isTarget)
      if (found) return { orderId: order.id, certificateId: found.id }
    }
    return `order ${order.id}, which CertCentral found for it, lists no certificate ${serial ? `with serial ${target.id}` : target.id}`
  }
}

/** A 200 answer, or why none came: the error in one line. */
function readAnswer(result: PacedResult): HttpAnswer | string {
  if (!('answer' in result)) return describeApiError(result.failure)
  if (result.answer.statusCode !== 200) return describeApiError(readApiError(result.answer))
  return result.answer
}
