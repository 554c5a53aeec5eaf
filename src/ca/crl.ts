/**
 * CRLs (RFC 5280): fetched from a distribution point the certificate names, believed only when the issuer signed
 * them, they are current, and they are complete for this certificate: not a delta CRL, no critical extension the
 * action does not know, and an Issuing Distribution Point (if any) for the URL fetched and a scope that covers the
 * certificate. The certificate is revoked when its serial number is listed.
 */
import * as asn1js from 'asn1js'
import { BasicConstraints, Certificate, CertificateRevocationList, IssuingDistributionPoint } from 'pkijs'
import { type Check, type CheckContext, noAnswer } from './check.js'
import { fetchBytes, FetchFailure, httpProblem } from './fetch.js'
import { freshness, iso, listed, MAX_AGE_MS, OID, signedWith, uris } from './pki.js'

/** Fetches one CRL and reads it. */
export async function askCrl(url: string, leaf: Certificate, issuer: Certificate, context: CheckContext): Promise<Check> {
  context.log(`reading the CRL ${context.outside(url)}`)
  try {
    const fetched = await fetchBytes({ method: 'GET', url, accept: 'application/pkix-crl, */*' }, context)
    if (fetched.status !== 200) return noAnswer(httpProblem(fetched, context.outside))
    return await readCrl(fetched.body, leaf, issuer, context.now(), url)
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error
    return noAnswer(context.outside(error.message, 120))
  }
}

/**
 * Reads and verifies a CRL (DER, or PEM) and looks for `leaf` in it, at `now`; `url` is the distribution point it
 * was fetched from (the certificate's), which an Issuing Distribution Point that names one must name.
 */
export async function readCrl(body: Uint8Array, leaf: Certificate, issuer: Certificate, now: Date, url?: string): Promise<Check> {
  let crl: CertificateRevocationList
  try {
    crl = CertificateRevocationList.fromBER(der(body))
  } catch {
    return noAnswer('the answer is not a CRL')
  }
  if (!crl.issuer.isEqual(issuer.subject)) return noAnswer('the CRL is from another issuer')
  // Verified here rather than by PKI.js's verify(), which says false for a critical extension it does not know
  // (and this module says why it does not use such a CRL).
  if (!(await signedWith(crl.tbsView, crl.signatureValue, issuer.subjectPublicKeyInfo, crl.signatureAlgorithm)))
    return noAnswer('signature does not verify')
  const stale = freshness(crl.thisUpdate.value, crl.nextUpdate?.value, now, MAX_AGE_MS.crl)
  if (stale) return noAnswer(`the CRL is not current: ${stale}`)
  const incomplete = extensionProblem(crl) ?? scopeProblem(crl, leaf, url)
  if (incomplete) return noAnswer(`the CRL is not used: ${incomplete}`)
  const at = iso(crl.thisUpdate.value)
  const entry = crl.revokedCertificates?.find((revoked) => revoked.userCertificate.isEqual(leaf.serialNumber))
  if (!entry) return { answered: true, state: 'good', at }
  const reason = entry.crlEntryExtensions?.extensions.find((extension) => extension.extnID === OID.crlReason)
  const code = reason ? asn1js.fromBER(reason.extnValue.valueBlock.valueHexView).result : undefined
  return listed(at, iso(entry.revocationDate.value), code instanceof asn1js.Enumerated ? code.valueBlock.valueDec : undefined)
}

/** CRL extensions understood here (RFC 5280, 5.2), whether marked critical or not. */
const KNOWN_CRL_EXTENSIONS = new Set<string>([
  OID.authorityKeyIdentifier,
  OID.issuerAltName,
  OID.crlNumber,
  OID.issuingDistributionPoint,
  OID.freshestCrl,
  OID.authorityInfoAccess
])
/** CRL entry extensions understood here (RFC 5280, 5.3); certificateIssuer belongs to indirect CRLs, not read. */
const KNOWN_ENTRY_EXTENSIONS = new Set<string>([OID.crlReason, OID.invalidityDate, OID.holdInstructionCode])

/** Why the CRL cannot be used as a complete list: a delta CRL, or a critical extension not understood. */
function extensionProblem(crl: CertificateRevocationList): string | undefined {
  const extensions = crl.crlExtensions?.extensions
  if (extensions?.some((extension) => extension.extnID === OID.deltaCrlIndicator))
    return 'it is a delta CRL (it lists only the changes since a full CRL)'
  const unknown = extensions?.find((extension) => extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.extnID))
  if (unknown) return `it has a critical extension the action does not know (${unknown.extnID})`
  // Stryker disable next-line ArrayDeclaration: an element that is no entry has no crlEntryExtensions, so it is passed over as no element is
  for (const entry of crl.revokedCertificates ?? []) {
    const critical = entry.crlEntryExtensions?.extensions.find((e) => e.critical && !KNOWN_ENTRY_EXTENSIONS.has(e.extnID))
    if (critical) return `an entry has a critical extension the action does not know (${critical.extnID})`
  }
  return undefined
}

/**
 * Why the CRL does not cover `leaf` as fetched from `url`, by its Issuing Distribution Point (RFC 5280, 5.2.5 and
 * 6.3.3): a partitioned CRL is for the distribution point it names, and for the certificates and reasons it says.
 */
function scopeProblem(crl: CertificateRevocationList, leaf: Certificate, url: string | undefined): string | undefined {
  const extension = crl.crlExtensions?.extensions.find((e) => e.extnID === OID.issuingDistributionPoint)
  if (!extension) return undefined
  const point = extension.parsedValue as unknown
  if (!(point instanceof IssuingDistributionPoint) || 'parsingError' in point) return 'its Issuing Distribution Point cannot be read'
  if (point.indirectCRL) return 'it is an indirect CRL (it lists certificates of other issuers too), which the action does not read'
  if (point.onlyContainsAttributeCerts) return 'it lists only attribute certificates'
  if (point.onlySomeReasons !== undefined) return 'it lists only some revocation reasons'
  const ca = isCa(leaf)
  if (point.onlyContainsCACerts && !ca) return 'it lists only CA certificates'
  if (point.onlyContainsUserCerts && ca) return 'it lists only end-entity certificates'
  const names = point.distributionPoint
  if (names === undefined) return undefined
  // Stryker disable next-line ConditionalExpression: sameUrl(undefined) is undefined too (the URL parser throws on it), the test is for the type
  const fetched = url === undefined ? undefined : sameUrl(url)
  // No name is undefined: a CRL that names a distribution point is not used when the URL fetched is not known.
  if (!Array.isArray(names) || !uris(names).some((name) => sameUrl(name) === fetched))
    return 'its Issuing Distribution Point names another URL than the one it was fetched from'
  return undefined
}

/** A URL as the URL parser writes it (host case, default port), for comparing; the text itself if it is no URL. */
function sameUrl(text: string): string {
  try {
    return new URL(text).href
  } catch {
    return text
  }
}

function isCa(certificate: Certificate): boolean {
  const extension = certificate.extensions?.find((e) => e.extnID === OID.basicConstraints)
  return extension?.parsedValue instanceof BasicConstraints && extension.parsedValue.cA === true
}

/** CRLs over HTTP are DER (RFC 5280, 4.2.1.13); a PEM one is taken too. */
function der(body: Uint8Array): Uint8Array {
  const text = Buffer.from(body.subarray(0, 64)).toString('latin1')
  if (!text.startsWith('-----BEGIN X509 CRL-----')) return body
  const match = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+?)-----END X509 CRL-----/.exec(Buffer.from(body).toString('latin1'))
  return match ? Buffer.from(match[1].replace(/\s/g, ''), 'base64') : body
}
