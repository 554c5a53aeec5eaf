/**
 * OCSP (RFC 6960): the request for one certificate, sent by POST (GET when POST fails), and the answer verified
 * before it is believed: a successful basic response, signed by the issuer or by a responder certificate that the
 * issuer signed with id-kp-OCSPSigning, about this very certificate (CertID), and current.
 */
import * as asn1js from 'asn1js'
import { BasicOCSPResponse, Certificate, CertID, OCSPRequest, OCSPResponse, SingleResponse } from 'pkijs'
import { type Check, type CheckContext, noAnswer } from './check.js'
import { fetchBytes, FetchFailure, type Fetched, httpProblem } from './fetch.js'
import { canSignOcsp, engine, freshness, iso, issuedBy, listed, MAX_AGE_MS, OID, signedWith, validAt } from './pki.js'

const REQUEST_TYPE = 'application/ocsp-request'
const RESPONSE_TYPE = 'application/ocsp-response'

/** OCSPResponseStatus, for a responder that answers but not with a status. */
const RESPONSE_STATUS: Record<number, string> = {
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized'
}

/** The DER of an OCSPRequest for `leaf`: one Request, CertID with SHA-1 hashes of the issuer's name and key. */
export async function ocspRequest(leaf: Certificate, issuer: Certificate): Promise<Uint8Array> {
  const request = new OCSPRequest()
  await request.createForCertificate(leaf, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer }, engine)
  return new Uint8Array(request.toSchema(true).toBER(false))
}

/** Asks one responder: POST, or GET when POST got no usable HTTP answer; then reads and verifies the answer. */
export async function askResponder(
  url: string,
  request: Uint8Array,
  leaf: Certificate,
  issuer: Certificate,
  context: CheckContext
): Promise<Check> {
  context.log(`asking the OCSP responder ${context.outside(url)}`)
  const fetched = await exchange(url, request, context)
  if (typeof fetched === 'string') return noAnswer(fetched)
  return readAnswer(fetched.body, leaf, issuer, context.now())
}

async function exchange(url: string, request: Uint8Array, context: CheckContext): Promise<Fetched | string> {
  const post = await attempt({ method: 'POST', url, accept: RESPONSE_TYPE, body: request, contentType: REQUEST_TYPE }, context)
  if (!('why' in post)) return post
  if (post.final) return post.why
  context.log(`the OCSP responder did not take a POST (${post.why}); asking by GET`)
  const get = await attempt({ method: 'GET', url: getUrl(url, request), accept: RESPONSE_TYPE }, context)
  if (!('why' in get)) return get
  return get.why === post.why ? post.why : `POST: ${post.why}; GET: ${get.why}`
}

/** An HTTP 200 answer, or why there was none (`final`: asking again by GET would not help). */
async function attempt(
  exchange: Parameters<typeof fetchBytes>[0],
  context: CheckContext
): Promise<Fetched | { why: string; final: boolean }> {
  try {
    const fetched = await fetchBytes(exchange, context)
    if (fetched.status === 200) return fetched
    return { why: httpProblem(fetched, context.outside), final: false }
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error
    return { why: context.outside(error.message, 120), final: error.final }
  }
}

/** RFC 6960 appendix A.1: the URL-encoded base64 of the DER request, as a path segment of the responder's URL. */
export function getUrl(url: string, request: Uint8Array): string {
  return `${url.endsWith('/') ? url : `${url}/`}${encodeURIComponent(Buffer.from(request).toString('base64'))}`
}

/** Reads and verifies an OCSP answer about `leaf` at `now`. */
export async function readAnswer(der: Uint8Array, leaf: Certificate, issuer: Certificate, now: Date): Promise<Check> {
  let response: OCSPResponse
  try {
    response = OCSPResponse.fromBER(der)
  } catch {
    return noAnswer('the answer is not an OCSP response')
  }
  const status = response.responseStatus.valueBlock.valueDec
  if (status !== 0) return noAnswer(`the responder answered ${RESPONSE_STATUS[status] ?? `status ${status}`}`)
  if (response.responseBytes?.responseType !== OID.basicOcspResponse) return noAnswer('the answer is not a basic OCSP response')
  let basic: BasicOCSPResponse
  try {
    basic = BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView)
  } catch {
    return noAnswer('the basic OCSP response could not be read')
  }
  const unsigned = await signatureProblem(basic, issuer, now)
  if (unsigned) return noAnswer(unsigned)
  const single = await singleResponseFor(basic, leaf, issuer)
  if (!single) return noAnswer('the OCSP answer is about another certificate (no matching CertID)')
  const stale = freshness(single.thisUpdate, single.nextUpdate, now, MAX_AGE_MS.ocsp)
  if (stale) return noAnswer(`the OCSP answer is not current: ${stale}`)
  return certStatus(single)
}

/**
 * Undefined when the answer's signature verifies with the issuer's key, or with a certificate in the answer
 * that the issuer signed, that has id-kp-OCSPSigning and that is valid at `now` (a delegated responder); else
 * what is wrong.
 */
async function signatureProblem(basic: BasicOCSPResponse, issuer: Certificate, now: Date): Promise<string | undefined> {
  const data = basic.tbsResponseData.tbsView
  if (await signedWith(data, basic.signature, issuer.subjectPublicKeyInfo, basic.signatureAlgorithm)) return undefined
  let problem = 'the OCSP answer was not signed by the issuer or a responder it delegated'
  // Stryker disable next-line ArrayDeclaration: whatever is not a certificate fails signedWith (which never throws) and is skipped
  for (const responder of basic.certs ?? []) {
    if (!(await signedWith(data, basic.signature, responder.subjectPublicKeyInfo, basic.signatureAlgorithm))) continue
    if (!(await issuedBy(responder, issuer))) {
      problem = 'the OCSP answer was signed by a responder certificate that the issuer did not sign'
    } else if (!canSignOcsp(responder)) {
      problem = 'the OCSP answer was signed by a certificate of the issuer that is not delegated to sign OCSP (no id-kp-OCSPSigning)'
    } else if (!validAt(responder, now)) {
      problem = 'the OCSP answer was signed by a delegated responder certificate that is not valid now'
    } else {
      return undefined
    }
  }
  return problem
}

/** The SingleResponse whose CertID (hash algorithm, issuer name hash, issuer key hash, serial) is the leaf's. */
async function singleResponseFor(basic: BasicOCSPResponse, leaf: Certificate, issuer: Certificate): Promise<SingleResponse | undefined> {
  for (const single of basic.tbsResponseData.responses) {
    const certId = await certIdFor(leaf, issuer, single.certID.hashAlgorithm.algorithmId)
    if (certId && single.certID.isEqual(certId)) return single
  }
  return undefined
}

/** The leaf's CertID with the hash algorithm `hashOid`; undefined when PKI.js and WebCrypto cannot hash with it. */
async function certIdFor(leaf: Certificate, issuer: Certificate, hashOid: string): Promise<CertID | undefined> {
  const certId = new CertID()
  try {
    // Stryker disable next-line BooleanLiteral: without safety an unknown OID gives {}, and createForCertificate throws for its missing name into the same catch
    const { name } = engine.getAlgorithmByOID(hashOid, true)
    await certId.createForCertificate(leaf, { hashAlgorithm: name, issuerCertificate: issuer }, engine)
  } catch {
    return undefined // an OID that names no hash, or one WebCrypto lacks: certId is half made, and must not match
  }
  return certId
}

/**
 * CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }
 * RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
 * PKI.js has read the answer against these definitions (any other certStatus makes the answer unreadable), so the
 * tag says which of the three it is, and the blocks are of the types they give.
 */
function certStatus(single: SingleResponse): Check {
  const at = iso(single.thisUpdate)
  const status = single.certStatus as asn1js.BaseBlock
  if (status.idBlock.tagNumber === 0) return { answered: true, state: 'good', at }
  if (status.idBlock.tagNumber === 2) return { answered: true, state: 'unknown', at }
  const [time, reason] = (status as asn1js.Constructed).valueBlock.value as [asn1js.GeneralizedTime, asn1js.Constructed?]
  const code = reason?.valueBlock.value[0] as asn1js.Enumerated | undefined
  return listed(at, iso(time.toDate()), code?.valueBlock.valueDec)
}
