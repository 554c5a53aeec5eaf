/** Turns settings into the ordered list of things to revoke, each once. */
import { InvalidInputs } from './errors.js'
import type { Settings } from './settings.js'

export type TargetType = 'certificate' | 'order'

export interface Target {
  type: TargetType
  /** The ID or serial number exactly as it goes into the request path. */
  id: string
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
  settings.pemCertificates.forEach((pem) =>
    add({ type: 'certificate', id: pem.serialNumber, source: 'certificate-pem', detail: pem.subject })
  )
  settings.orderIds.forEach((id) => add({ type: 'order', id, source: 'order-id' }))
  keyMatches.forEach((id) => add({ type: 'certificate', id, source: 'private-key' }))

  if (targets.length > settings.maxRevocations) {
    throw new InvalidInputs([
      `max-revocations: this run has ${targets.length} targets, more than the safety cap of ${settings.maxRevocations}. Nothing was revoked. If that many is intended, raise max-revocations.`
    ])
  }
  return targets
}

/** The request path of a target, relative to the Services API base URL. */
export function revokePath(target: Target): string {
  const id = encodeURIComponent(target.id)
  return target.type === 'order' ? `/order/certificate/${id}/revoke` : `/certificate/${id}/revoke`
}
