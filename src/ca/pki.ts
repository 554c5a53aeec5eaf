/**
 * What OCSP and CRL checks share: PKI.js with Node's own WebCrypto as its engine, reading certificates, the URLs
 * they name, signatures and times. All ASN.1 goes through PKI.js and asn1js; nothing here writes DER by hand.
 */
import * as asn1js from 'asn1js'
import {
  AccessDescription,
  AlgorithmIdentifier,
  Certificate,
  CRLDistributionPoints,
  CryptoEngine,
  ExtKeyUsage,
  GeneralName,
  InfoAccess,
  PublicKeyInfo
} from 'pkijs'
import type { Check } from './check.js'

/** PKI.js's engine over Node's WebCrypto (globalThis.crypto, Node 20 and later), passed to every call. */
export const engine = new CryptoEngine({ name: 'node-webcrypto', crypto: globalThis.crypto })

export const OID = {
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  crlDistributionPoints: '2.5.29.31',
  extKeyUsage: '2.5.29.37',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  basicOcspResponse: '1.3.6.1.5.5.7.48.1.1',
  crlReason: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  holdInstructionCode: '2.5.29.23',
  authorityKeyIdentifier: '2.5.29.35',
  issuerAltName: '2.5.29.18',
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  freshestCrl: '2.5.29.46',
  basicConstraints: '2.5.29.19'
} as const

/** GeneralName's uniformResourceIdentifier choice. */
const URI = 6

/** How far a clock may be off: an answer dated this much in the future, or this much past its nextUpdate, passes. */
export const CLOCK_SKEW_MS = 5 * 60_000

/** One certificate from PEM (the first one) or DER; throws when it cannot be read. */
export function readCertificate(text: string): Certificate {
  const match = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/.exec(text)
  if (!match) throw new Error('no PEM certificate')
  return Certificate.fromBER(Buffer.from(match[1].replace(/\s/g, ''), 'base64'))
}

/** The URIs of the certificate's OCSP responders (Authority Information Access), in its order. */
export function ocspUrls(certificate: Certificate): string[] {
  return accessUrls(certificate, OID.ocsp)
}

/** The URIs where the certificate's issuer is published (Authority Information Access, CA Issuers), in its order. */
export function caIssuersUrls(certificate: Certificate): string[] {
  return accessUrls(certificate, OID.caIssuers)
}

function accessUrls(certificate: Certificate, method: string): string[] {
  const extension = certificate.extensions?.find((e) => e.extnID === OID.authorityInfoAccess)
  if (!(extension?.parsedValue instanceof InfoAccess)) return []
  const access = extension.parsedValue.accessDescriptions
  return access.filter((d: AccessDescription) => d.accessMethod === method).flatMap((d) => uris([d.accessLocation]))
}

/** The URIs of the certificate's CRL Distribution Points, in its order (full names only). */
export function crlUrls(certificate: Certificate): string[] {
  const extension = certificate.extensions?.find((e) => e.extnID === OID.crlDistributionPoints)
  if (!(extension?.parsedValue instanceof CRLDistributionPoints)) return []
  const points = extension.parsedValue.distributionPoints
  return points.flatMap((point) => (Array.isArray(point.distributionPoint) ? uris(point.distributionPoint) : []))
}

/** The URIs among general names (the uniformResourceIdentifier choice, as text). */
export function uris(names: GeneralName[]): string[] {
  return names.filter((name) => name.type === URI && typeof name.value === 'string').map((name) => name.value as string)
}

/** Whether the certificate's Extended Key Usage includes OCSP signing (id-kp-OCSPSigning). */
export function canSignOcsp(certificate: Certificate): boolean {
  const extension = certificate.extensions?.find((e) => e.extnID === OID.extKeyUsage)
  return extension?.parsedValue instanceof ExtKeyUsage && extension.parsedValue.keyPurposes.includes(OID.ocspSigning)
}

/** Whether `certificate` names `issuer` as its issuer and carries a signature that the issuer's key verifies. */
export async function issuedBy(certificate: Certificate, issuer: Certificate): Promise<boolean> {
  if (!certificate.issuer.isEqual(issuer.subject)) return false
  try {
    return await certificate.verify(issuer, engine)
  } catch {
    return false // an algorithm WebCrypto does not know, or a malformed key: not verified
  }
}

/** Whether `signature` over `data` verifies with the key; false (never a throw) when it cannot be checked. */
export async function signedWith(
  data: Uint8Array,
  signature: asn1js.BitString,
  key: PublicKeyInfo,
  algorithm: AlgorithmIdentifier
): Promise<boolean> {
  try {
    return await engine.verifyWithPublicKey(data, signature, key, algorithm)
  } catch {
    return false
  }
}

/** Whether the certificate is within its validity period at `now`, with CLOCK_SKEW_MS either side. */
export function validAt(certificate: Certificate, now: Date): boolean {
  return (
    certificate.notBefore.value.getTime() - CLOCK_SKEW_MS <= now.getTime() &&
    now.getTime() <= certificate.notAfter.value.getTime() + CLOCK_SKEW_MS
  )
}

/** How old an answer without a nextUpdate may be: the Baseline Requirements' longest intervals (OCSP 4 days, CRL 10 days). */
export const MAX_AGE_MS = { ocsp: 4 * 86_400_000, crl: 10 * 86_400_000 } as const

/**
 * Whether an answer dated `thisUpdate`, valid until `nextUpdate` (if given), is current at `now`: a problem in
 * words, or undefined when it is. Without a nextUpdate it is current for `maxAgeMs` after its thisUpdate; a
 * stale answer is no answer (an old `good` says nothing of a revocation since).
 */
export function freshness(thisUpdate: Date, nextUpdate: Date | undefined, now: Date, maxAgeMs: number): string | undefined {
  if (Number.isNaN(thisUpdate.getTime())) return 'it has no readable date'
  if (thisUpdate.getTime() > now.getTime() + CLOCK_SKEW_MS) return `it is dated in the future (thisUpdate ${iso(thisUpdate)})`
  if (nextUpdate) {
    if (Number.isNaN(nextUpdate.getTime())) return 'its nextUpdate cannot be read'
    if (nextUpdate.getTime() < thisUpdate.getTime())
      return `its nextUpdate (${iso(nextUpdate)}) is before its thisUpdate (${iso(thisUpdate)})`
    if (nextUpdate.getTime() + CLOCK_SKEW_MS < now.getTime()) return `it is out of date (nextUpdate ${iso(nextUpdate)})`
    return undefined
  }
  if (thisUpdate.getTime() + maxAgeMs + CLOCK_SKEW_MS < now.getTime())
    return `it gives no nextUpdate and is more than ${maxAgeMs / 86_400_000} days old (thisUpdate ${iso(thisUpdate)})`
  return undefined
}

/** The reasons of RFC 5280's CRLReason, by code. */
const REASONS: Record<number, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise'
}

export function reasonName(code: number): string {
  return REASONS[code] ?? `reason ${code}`
}

/** CRLReason codes that do not make a listing a revocation (RFC 5280, 5.3.1). */
const HOLD = 6
const REMOVE_FROM_CRL = 8

/**
 * A listing with its CRLReason code as a check: certificateHold is `on-hold` (it may be lifted), removeFromCRL
 * means the certificate is not revoked (it was only on hold), anything else is `revoked`.
 */
export function listed(at: string, revokedAt: string, code: number | undefined): Check {
  if (code === REMOVE_FROM_CRL) return { answered: true, state: 'good', at }
  const state = code === HOLD ? 'on-hold' : 'revoked'
  return { answered: true, state, at, revokedAt, ...(code === undefined ? {} : { reason: reasonName(code) }) }
}

/** ISO 8601 to the second, as the ASN.1 times are: 2026-12-02T10:00:00Z. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z/, 'Z')
}

/** The serial number in hex, upper case, as CertCentral and browsers show it. */
export function serialHex(certificate: Certificate): string {
  return Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase()
}
