/**
 * CRLs (RFC 5280): fetched from a distribution point the certificate names, believed only when the issuer signed
 * them and they are current; the certificate is revoked when its serial number is listed.
 */
import * as asn1js from 'asn1js'
import { Certificate, CertificateRevocationList } from 'pkijs'
import { type Check, type CheckContext, noAnswer } from './check.js'
import { fetchBytes, FetchFailure, httpProblem } from './fetch.js'
import { engine, freshness, iso, listed, MAX_AGE_MS, OID } from './pki.js'

/** Fetches one CRL and reads it. */
export async function askCrl(url: string, leaf: Certificate, issuer: Certificate, context: CheckContext): Promise<Check> {
  context.log(`reading the CRL ${context.outside(url)}`)
  try {
    const fetched = await fetchBytes({ method: 'GET', url, accept: 'application/pkix-crl, */*' }, context)
    if (fetched.status !== 200) return noAnswer(httpProblem(fetched, context.outside))
    return await readCrl(fetched.body, leaf, issuer, context.now())
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error
    return noAnswer(context.outside(error.message, 120))
  }
}

/** Reads and verifies a CRL (DER, or PEM) and looks for `leaf` in it, at `now`. */
export async function readCrl(body: Uint8Array, leaf: Certificate, issuer: Certificate, now: Date): Promise<Check> {
  let crl: CertificateRevocationList
  try {
    crl = CertificateRevocationList.fromBER(der(body))
  } catch {
    return noAnswer('the answer is not a CRL')
  }
  if (!crl.issuer.isEqual(issuer.subject)) return noAnswer('the CRL is from another issuer')
  if (!(await signedByIssuer(crl, issuer))) return noAnswer('signature does not verify')
  const stale = freshness(crl.thisUpdate.value, crl.nextUpdate?.value, now, MAX_AGE_MS.crl)
  if (stale) return noAnswer(`the CRL is not current: ${stale}`)
  const at = iso(crl.thisUpdate.value)
  const entry = crl.revokedCertificates?.find((revoked) => revoked.userCertificate.isEqual(leaf.serialNumber))
  if (!entry) return { answered: true, state: 'good', at }
  const reason = entry.crlEntryExtensions?.extensions.find((extension) => extension.extnID === OID.crlReason)
  const code = reason ? asn1js.fromBER(reason.extnValue.valueBlock.valueHexView).result : undefined
  return listed(at, iso(entry.revocationDate.value), code instanceof asn1js.Enumerated ? code.valueBlock.valueDec : undefined)
}

async function signedByIssuer(crl: CertificateRevocationList, issuer: Certificate): Promise<boolean> {
  try {
    return await crl.verify({ issuerCertificate: issuer }, engine)
  } catch {
    return false // an algorithm WebCrypto does not know, or a malformed key: not verified
  }
}

/** CRLs over HTTP are DER (RFC 5280, 4.2.1.13); a PEM one is taken too. */
function der(body: Uint8Array): Uint8Array {
  const text = Buffer.from(body.subarray(0, 64)).toString('latin1')
  if (!text.startsWith('-----BEGIN X509 CRL-----')) return body
  const match = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+?)-----END X509 CRL-----/.exec(Buffer.from(body).toString('latin1'))
  return match ? Buffer.from(match[1].replace(/\s/g, ''), 'base64') : body
}
