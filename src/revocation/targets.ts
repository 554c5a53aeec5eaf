/** Turns settings into the ordered list of things to revoke, each once, within the safety cap. */
import type { RevocationSubject } from '../certcentral/api.js'
import { InvalidInputs } from '../errors.js'
import type { Settings } from '../inputs/settings.js'

/** A certificate or an order to revoke; its `id` is exactly what goes into the request path. */
export interface Target extends RevocationSubject {
  /** Where it came from, for the summary: which input (or the private key scan), and for PEM the subject. */
  source: 'certificate-id' | 'serial-number' | 'certificate-pem' | 'order-id' | 'private-key'
  detail?: string
}

/**
 * Targets in the contract's order: certificate IDs, serial numbers, PEM certificates, orders, then the
 * certificates found to carry the private key (in ID order). A serial given both as `serial-number` and inside
 * `certificate-pem` is the same request path, so it is revoked once; so is a matched ID also given by hand.
 */
export function planTargets(settings: Settings, keyMatches: string[] = []): Target[] {
  const targets: Target[] = []
  const seen = new Set<string>()
  const add = (target: Target): void => {
    const key = `${target.type}/${target.id}`
    if (seen.has(key)) return
    seen.add(key)
    targets.push(target)
  }
  settings.certificateIds.forEach((id) => add({ type: 'certificate', id, source: 'certificate-id' }))
  settings.serialNumbers.forEach((id) => add({ type: 'certificate', id, source: 'serial-number' }))
  // Only the serial number and the subject: the certificate is looked up in CertCentral, as a serial number is.
  settings.pemCertificates.forEach((pem) =>
    add({ type: 'certificate', id: pem.serialNumber, source: 'certificate-pem', detail: pem.subject })
  )
  settings.orderIds.forEach((id) => add({ type: 'order', id, source: 'order-id' }))
  keyMatches.forEach((id) => add({ type: 'certificate', id, source: 'private-key' }))
  return targets
}

/** The targets given in the inputs must fit under max-revocations: checked before any request is sent. */
export function refuseOverSafetyCap(targets: Target[], maxRevocations: number): void {
  if (targets.length > maxRevocations) {
    throw new InvalidInputs([
      `max-revocations: this run has ${targets.length} targets, more than the safety cap of ${maxRevocations}. Nothing was revoked. If that many is intended, raise max-revocations.`
    ])
  }
}

/** `certificate 123`, `certificate with serial 0A1B` or `order 5678`: how the log and the summary name a target. */
export function describeTarget(target: Target): string {
  if (target.type === 'order') return `order ${target.id}`
  return target.source === 'serial-number' || target.source === 'certificate-pem'
    ? `certificate with serial ${target.id}`
    : `certificate ${target.id}`
}

/**
 * The tag that ends every revoke request's comment: ` (certificate 1234)`, ` (serial 0A1B2C)` or ` (order 5678)`,
 * so that an approver sees what is revoked, and a later run recognises the request as its own.
 */
export function tagOf(target: Target): string {
  if (target.type === 'order') return ` (order ${target.id})`
  return target.source === 'serial-number' || target.source === 'certificate-pem' ? ` (serial ${target.id})` : ` (certificate ${target.id})`
}
