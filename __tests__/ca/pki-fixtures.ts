/**
 * Certificates, OCSP answers and CRLs for the tests of src/ca/, built with PKI.js (the library src/ca/ reads
 * them with) and signed with WebCrypto: a CA, leaves with Authority Information Access and CRL Distribution
 * Points, delegated responders, forgeries.
 */
import * as asn1js from 'asn1js'
import type { webcrypto } from 'node:crypto'
import {
  AccessDescription,
  AttributeTypeAndValue,
  BasicConstraints,
  BasicOCSPResponse,
  Certificate,
  CertificateRevocationList,
  CertID,
  CRLDistributionPoints,
  CryptoEngine,
  DistributionPoint,
  Extension,
  Extensions,
  ExtKeyUsage,
  GeneralName,
  InfoAccess,
  OCSPResponse,
  RelativeDistinguishedNames,
  ResponseBytes,
  RevokedCertificate,
  SingleResponse,
  Time
} from 'pkijs'

export const engine = new CryptoEngine({ name: 'test-webcrypto', crypto: globalThis.crypto })

const HOUR = 3600_000
const DAY = 24 * HOUR

export interface Issued {
  certificate: Certificate
  pem: string
  keys: webcrypto.CryptoKeyPair
}

export type KeyKind = 'ec' | 'rsa'

export async function keyPair(kind: KeyKind = 'ec'): Promise<webcrypto.CryptoKeyPair> {
  const algorithm =
    kind === 'ec'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
  return (await globalThis.crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
}

export function name(commonName: string): RelativeDistinguishedNames {
  return new RelativeDistinguishedNames({
    typesAndValues: [new AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) })]
  })
}

const extension = (extnID: string, value: { toSchema(): asn1js.BaseBlock }) =>
  new Extension({ extnID, critical: false, extnValue: value.toSchema().toBER(false) })

export const uri = (value: string) => new GeneralName({ type: 6, value })

export function aia(...ocspUrls: string[]): Extension {
  return extension(
    '1.3.6.1.5.5.7.1.1',
    new InfoAccess({
      accessDescriptions: ocspUrls.map((url) => new AccessDescription({ accessMethod: '1.3.6.1.5.5.7.48.1', accessLocation: uri(url) }))
    })
  )
}

export function cdp(...crlUrls: string[]): Extension {
  return extension(
    '2.5.29.31',
    new CRLDistributionPoints({ distributionPoints: crlUrls.map((url) => new DistributionPoint({ distributionPoint: [uri(url)] })) })
  )
}

export const ocspSigning = () => extension('2.5.29.37', new ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.9'] }))
export const serverAuth = () => extension('2.5.29.37', new ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.1'] }))
const caConstraints = () => extension('2.5.29.19', new BasicConstraints({ cA: true }))

let nextSerial = 0x1000
/** A positive serial number, distinct within the test run. */
export function serial(): Uint8Array {
  nextSerial += 1
  return new Uint8Array([0x4a, 0x11, (nextSerial >> 8) & 0xff, nextSerial & 0xff, 0x5c, 0x3d, 0x2e, 0x1f])
}

export function toPem(der: ArrayBuffer | Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64')
  return `-----BEGIN ${label}-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`
}

interface CertificateOptions {
  subject: string
  /** Default: self-signed. */
  issuer?: Issued
  /** Sign with this key instead of the issuer's (a forgery). */
  signingKey?: webcrypto.CryptoKey
  extensions?: Extension[]
  kind?: KeyKind
  notBefore?: Date
  notAfter?: Date
  serialNumber?: Uint8Array
}

export async function issue(options: CertificateOptions): Promise<Issued> {
  const keys = await keyPair(options.kind)
  const certificate = new Certificate()
  certificate.version = 2
  certificate.serialNumber = new asn1js.Integer({ valueHex: options.serialNumber ?? serial() })
  certificate.subject = name(options.subject)
  certificate.issuer = options.issuer ? options.issuer.certificate.subject : name(options.subject)
  certificate.notBefore.value = options.notBefore ?? new Date(Date.now() - DAY)
  certificate.notAfter.value = options.notAfter ?? new Date(Date.now() + 90 * DAY)
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine)
  if (options.extensions?.length) certificate.extensions = options.extensions
  await certificate.sign(options.signingKey ?? options.issuer?.keys.privateKey ?? keys.privateKey, 'SHA-256', engine)
  const der = certificate.toSchema(true).toBER(false)
  return { certificate: Certificate.fromBER(der), pem: toPem(der), keys }
}

export function ca(subject: string, kind: KeyKind = 'ec'): Promise<Issued> {
  return issue({ subject, kind, extensions: [caConstraints()], notAfter: new Date(Date.now() + 3650 * DAY) })
}

export type Status = { status: 'good' } | { status: 'unknown' } | { status: 'revoked'; at: Date; reason?: number }

export interface OcspAnswerOptions {
  leaf: Issued
  issuer: Issued
  status: Status
  /** Who signs: default the issuer. */
  signer?: Issued
  /** Sign with this key whatever the signer (a forgery). */
  signingKey?: webcrypto.CryptoKey
  /** Certificates sent along (a delegated responder). */
  certs?: Issued[]
  /** Answer about this serial number instead of the leaf's. */
  serialNumber?: Uint8Array
  /** The hash of the CertID: default SHA-1. */
  hashAlgorithm?: string
  /** This CertID instead of the leaf's (a malformed one). */
  certID?: CertID
  /** This certStatus block instead of `status`'s (a malformed one). */
  certStatus?: asn1js.BaseBlock
  /** SingleResponses before the leaf's (about other certificates). */
  before?: SingleResponse[]
  thisUpdate?: Date
  nextUpdate?: Date | null
}

function certStatus(status: Status): asn1js.BaseBlock {
  if (status.status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } })
  if (status.status === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } })
  const value: asn1js.BaseBlock[] = [new asn1js.GeneralizedTime({ valueDate: status.at })]
  if (status.reason !== undefined) {
    value.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: status.reason })] }))
  }
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value })
}

/** The DER of a successful OCSPResponse about the leaf, signed as asked. */
export async function ocspAnswer(options: OcspAnswerOptions): Promise<Buffer> {
  const certID = options.certID ?? new CertID()
  if (!options.certID) {
    await certID.createForCertificate(
      options.leaf.certificate,
      { hashAlgorithm: options.hashAlgorithm ?? 'SHA-1', issuerCertificate: options.issuer.certificate },
      engine
    )
  }
  if (options.serialNumber) certID.serialNumber = new asn1js.Integer({ valueHex: options.serialNumber })
  const signer = options.signer ?? options.issuer
  const basic = new BasicOCSPResponse()
  basic.tbsResponseData.responderID = signer.certificate.subject
  basic.tbsResponseData.producedAt = new Date()
  const single = new SingleResponse({
    certID,
    certStatus: options.certStatus ?? certStatus(options.status),
    thisUpdate: options.thisUpdate ?? new Date(Date.now() - HOUR)
  })
  const nextUpdate = options.nextUpdate === undefined ? new Date(Date.now() + DAY) : options.nextUpdate
  if (nextUpdate) single.nextUpdate = nextUpdate
  basic.tbsResponseData.responses.push(...(options.before ?? []), single)
  if (options.certs) basic.certs = options.certs.map((c) => c.certificate)
  await basic.sign(options.signingKey ?? signer.keys.privateKey, 'SHA-256', engine)
  return wrap(basic)
}

function wrap(basic: BasicOCSPResponse): Buffer {
  return ocspWrapping(basic.toSchema().toBER(false))
}

/** A successful OCSPResponse around these bytes, said to be of this type (default id-pkix-ocsp-basic). */
export function ocspWrapping(bytes: ArrayBuffer | Uint8Array, responseType = '1.3.6.1.5.5.7.48.1.1'): Buffer {
  const response = new OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new ResponseBytes({ responseType, response: new asn1js.OctetString({ valueHex: bytes }) })
  })
  return Buffer.from(response.toSchema().toBER(false))
}

/** An OCSPResponse with an error status and no body (tryLater is 3). */
export function ocspStatusOnly(status: number): Buffer {
  return Buffer.from(new OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) }).toSchema().toBER(false))
}

export interface CrlOptions {
  issuer: Issued
  revoked?: { serialNumber: Uint8Array; at: Date; reason?: number }[]
  signingKey?: webcrypto.CryptoKey
  thisUpdate?: Date
  nextUpdate?: Date
}

/** The DER of a CRL of the issuer. */
export async function crl(options: CrlOptions): Promise<Buffer> {
  const list = new CertificateRevocationList()
  list.version = 1
  list.issuer = options.issuer.certificate.subject
  list.thisUpdate = new Time({ type: 0, value: options.thisUpdate ?? new Date(Date.now() - HOUR) })
  list.nextUpdate = new Time({ type: 0, value: options.nextUpdate ?? new Date(Date.now() + 7 * DAY) })
  const revoked = options.revoked ?? []
  if (revoked.length > 0) {
    list.revokedCertificates = revoked.map(
      (entry) =>
        new RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: entry.serialNumber }),
          revocationDate: new Time({ type: 0, value: entry.at }),
          ...(entry.reason === undefined
            ? {}
            : {
                crlEntryExtensions: new Extensions({
                  extensions: [
                    new Extension({
                      extnID: '2.5.29.21',
                      critical: false,
                      extnValue: new asn1js.Enumerated({ value: entry.reason }).toBER(false)
                    })
                  ]
                })
              })
        })
    )
  }
  await list.sign(options.signingKey ?? options.issuer.keys.privateKey, 'SHA-256', engine)
  return Buffer.from(list.toSchema(true).toBER(false))
}

export const serialOf = (issued: Issued): Uint8Array => new Uint8Array(issued.certificate.serialNumber.valueBlock.valueHexView)
