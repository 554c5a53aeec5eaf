// The simulator as its certificates' CA: an OCSP responder (RFC 6960) and a CRL (RFC 5280), both built with the
// @peculiar ASN.1 schemas and signed with node:crypto, reflecting what the account says is revoked.
import { createHash, sign } from 'node:crypto'
import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  KeyHash,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce
} from '@peculiar/asn1-ocsp'
import {
  AlgorithmIdentifier,
  AuthorityKeyIdentifier,
  Certificate,
  CertificateList,
  CRLNumber,
  CRLReason,
  CRLReasons,
  Extension,
  KeyIdentifier,
  Name,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  id_ce_cRLReasons
} from '@peculiar/asn1-x509'
import { CA, DELEGATED_RESPONDER, FORGER, integerBytes, normalSerial, publicKeyBits } from './x509.js'

/**
 * @import { Signer } from './x509.js'
 *
 * @typedef {(serial: string) => ({ status: 'good' | 'unknown' } | { status: 'revoked', revokedAt: Date, reason?: string })} StatusOf
 *   what the CA knows of a serial number (hex) now
 *
 * @typedef {object} OcspSettings
 * @property {'up' | 'forged' | 'mismatched'} [mode]  up: the truth, signed; forged: `revoked` for every certificate,
 *   signed by a key that is not the CA's (with a look-alike responder certificate); mismatched: `revoked`, correctly
 *   signed, but about another serial number (the one asked for plus one)
 * @property {'ca' | 'delegated'} [signer]     who signs: the CA itself, or a responder it delegated (included in certs)
 * @property {'byKey' | 'byName'} [responderId]
 * @property {boolean} [includeCertificates]   put the signer's certificate in `certs` (always for delegated and forged)
 * @property {number} [validityMs]             nextUpdate - thisUpdate (default 24 h)
 */

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'
/** The hash algorithms a CertID may use, by OID. */
const HASHES = /** @type {Record<string, string>} */ ({
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512'
})
/**
 * CertCentral's revocation reasons, as CRLReason values; and two that only the CA itself uses, for tests that
 * mark a certificate with them (account.markRevoked): a suspension (certificateHold) and its lifting
 * (removeFromCRL), neither of which is a revocation.
 */
const REASON_CODES = /** @type {Record<string, CRLReasons>} */ ({
  keyCompromise: CRLReasons.keyCompromise,
  affiliationChanged: CRLReasons.affiliationChanged,
  superseded: CRLReasons.superseded,
  cessationOfOperation: CRLReasons.cessationOfOperation,
  certificateHold: CRLReasons.certificateHold,
  removeFromCRL: CRLReasons.removeFromCRL
})

/** @param {Date | number} date  to the second: DER times carry no fraction here */
const seconds = (date) => new Date(Math.floor(new Date(date).getTime() / 1000) * 1000)
/** @param {ArrayBuffer} buffer */
const bytes = (buffer) => Buffer.from(buffer)

/**
 * An OCSPResponse without a body (malformedRequest, internalError, tryLater, …), DER.
 * @param {OCSPResponseStatus} status
 */
export function ocspError(status) {
  return bytes(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })))
}

/**
 * The SingleResponse for one CertID: the account's status when the CertID names the simulator CA (by a hash
 * algorithm it knows), `unknown` otherwise.
 * @param {CertID} certId
 * @param {StatusOf} statusOf
 * @param {Date} now
 * @param {Required<OcspSettings>} settings
 */
function singleResponse(certId, statusOf, now, settings) {
  const algorithm = HASHES[certId.hashAlgorithm.algorithm]
  const serial = normalSerial(new Uint8Array(certId.serialNumber))
  const ours =
    algorithm !== undefined &&
    bytes(certId.issuerNameHash.buffer).equals(createHash(algorithm).update(CA.name).digest()) &&
    bytes(certId.issuerKeyHash.buffer).equals(createHash(algorithm).update(publicKeyBits(CA.publicKey)).digest())
  let echoed = certId
  let state = ours ? statusOf(serial) : /** @type {const} */ ({ status: 'unknown' })
  if (settings.mode === 'forged' || settings.mode === 'mismatched') {
    // The lie that would fool the action: `revoked`, from a forger, or about another certificate.
    state = { status: 'revoked', revokedAt: seconds(now.getTime() - 60_000), reason: 'keyCompromise' }
  }
  if (settings.mode === 'mismatched') {
    const other = (BigInt(`0x${serial}`) + 1n).toString(16)
    echoed = new CertID({ ...certId, serialNumber: new Uint8Array(integerBytes(other)).buffer })
  }
  /** @param {CRLReasons | undefined} code */
  const reason = (code) => (code === undefined ? undefined : new CRLReason(code))
  const certStatus =
    state.status === 'revoked'
      ? new CertStatus({
          revoked: new RevokedInfo({
            revocationTime: seconds(state.revokedAt),
            revocationReason: reason(state.reason ? REASON_CODES[state.reason] : undefined)
          })
        })
      : state.status === 'good'
        ? new CertStatus({ good: null })
        : new CertStatus({ unknown: null })
  return new SingleResponse({ certID: echoed, certStatus, thisUpdate: now, nextUpdate: new Date(now.getTime() + settings.validityMs) })
}

/**
 * The OCSP responder: the DER OCSPResponse to a DER OCSPRequest. A request that cannot be read gets
 * `malformedRequest`; each CertID in it gets a SingleResponse; a nonce is echoed (RFC 8954).
 * @param {Buffer} requestDer
 * @param {StatusOf} statusOf
 * @param {OcspSettings} [options]
 * @param {Date} [at]  default now
 * @returns {Buffer}
 */
export function ocspResponse(requestDer, statusOf, options = {}, at = new Date()) {
  /** @type {Required<OcspSettings>} */
  const settings = { mode: 'up', signer: 'ca', responderId: 'byKey', includeCertificates: false, validityMs: 86400_000, ...options }
  let request
  try {
    request = AsnConvert.parse(requestDer, OCSPRequest)
  } catch {
    return ocspError(OCSPResponseStatus.malformedRequest)
  }
  if (request.tbsRequest.requestList.length === 0) return ocspError(OCSPResponseStatus.malformedRequest)
  const now = seconds(at)
  /** @type {Signer} */
  const signer = settings.mode === 'forged' ? FORGER : settings.signer === 'delegated' ? DELEGATED_RESPONDER : CA
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce)
  const tbsResponseData = new ResponseData({
    responderID:
      settings.responderId === 'byName'
        ? new ResponderID({ byName: AsnConvert.parse(signer.name, Name) })
        : new ResponderID({ byKey: new KeyHash(signer.keyId) }),
    producedAt: now,
    responses: request.tbsRequest.requestList.map((r) => singleResponse(r.reqCert, statusOf, now, settings)),
    responseExtensions: nonce ? [new Extension({ extnID: nonce.extnID, critical: false, extnValue: nonce.extnValue })] : undefined
  })
  const tbs = AsnConvert.serialize(tbsResponseData)
  const withCertificate = settings.includeCertificates || signer !== CA
  const basic = new BasicOCSPResponse({
    tbsResponseData,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    signature: new Uint8Array(sign('sha256', Buffer.from(tbs), signer.privateKey)).buffer,
    certs: withCertificate ? [AsnConvert.parse(signer.certificate, Certificate)] : undefined
  })
  const response = new OCSPResponse({
    responseStatus: OCSPResponseStatus.successful,
    responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) })
  })
  return bytes(AsnConvert.serialize(response))
}

/** CRL numbers: monotonic for the CA (one CA per process, so one counter). */
let crlNumber = 0

/**
 * The CA's CRL, DER: v2, signed by the CA (or, forged, by another key), listing each revoked serial number with
 * its revocation date and reason (none for unspecified); an Authority Key Identifier and a CRL number.
 * @param {{ serialNumber: string, revokedAt: Date, reason?: string }[]} revoked
 * @param {{ forged?: boolean, validityMs?: number, signer?: Signer }} [options]  validityMs: nextUpdate - thisUpdate (default 7 days);
 *   signer: the CA whose list it is (default the simulator CA; the ACME and other CAs of simulator/acme.js have their own)
 * @param {Date} [at]  default now
 * @returns {Buffer}
 */
export function certificateList(revoked, { forged = false, validityMs = 7 * 86400_000, signer = CA } = {}, at = new Date()) {
  const now = seconds(at)
  const tbsCertList = new TBSCertList({
    version: Version.v2,
    signature: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    issuer: AsnConvert.parse(signer.name, Name),
    thisUpdate: new Time(now),
    nextUpdate: new Time(new Date(now.getTime() + validityMs)),
    revokedCertificates:
      revoked.length === 0
        ? undefined // RFC 5280: absent, not empty, when nothing is revoked
        : revoked.map(
            (entry) =>
              new RevokedCertificate({
                userCertificate: new Uint8Array(integerBytes(entry.serialNumber)).buffer,
                revocationDate: new Time(seconds(entry.revokedAt)),
                crlEntryExtensions:
                  entry.reason && REASON_CODES[entry.reason] !== undefined
                    ? [
                        new Extension({
                          extnID: id_ce_cRLReasons,
                          extnValue: new OctetString(AsnConvert.serialize(new CRLReason(REASON_CODES[entry.reason])))
                        })
                      ]
                    : undefined
              })
          ),
    crlExtensions: [
      new Extension({
        extnID: id_ce_authorityKeyIdentifier,
        extnValue: new OctetString(AsnConvert.serialize(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(signer.keyId) })))
      }),
      new Extension({ extnID: id_ce_cRLNumber, extnValue: new OctetString(AsnConvert.serialize(new CRLNumber(++crlNumber))) })
    ]
  })
  const tbs = AsnConvert.serialize(tbsCertList)
  const list = new CertificateList({
    tbsCertList,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    signature: new Uint8Array(sign('sha256', Buffer.from(tbs), (forged ? FORGER : signer).privateKey)).buffer
  })
  return bytes(AsnConvert.serialize(list))
}
