// Builds real X.509 certificates for the simulator's CA, fast enough to give a simulated account thousands of
// certificates at start: the certificate's fixed skeleton with a small DER writer and node:crypto's signing, its
// extensions (key identifiers, Authority Information Access, CRL Distribution Points, …) with the @peculiar ASN.1
// schemas. Each certificate is signed by the simulator CA with ECDSA P-256 and SHA-256.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import { id_pkix_ocsp_nocheck } from '@peculiar/asn1-ocsp'
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_OCSPSigning,
  id_kp_serverAuth,
  id_pe_authorityInfoAccess
} from '@peculiar/asn1-x509'

/** @import { KeyObject } from 'node:crypto' */

/**
 * A DER length: the short form below 0x80, else the long form.
 * @param {number} n
 */
function length(n) {
  if (n < 0x80) return Buffer.from([n])
  const bytes = []
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

/** @type {(tag: number, ...contents: Buffer[]) => Buffer} */
const tlv = (tag, ...contents) => {
  const body = Buffer.concat(contents)
  return Buffer.concat([Buffer.from([tag]), length(body.length), body])
}
/** @type {(...items: Buffer[]) => Buffer} */
const sequence = (...items) => tlv(0x30, ...items)
/** @type {(...items: Buffer[]) => Buffer} */
const set = (...items) => tlv(0x31, ...items)

/**
 * An OBJECT IDENTIFIER from its dotted form.
 * @param {string} dotted
 */
function oid(dotted) {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const bytes = [40 * a + b]
  for (const n of rest) {
    const chunk = [n & 0x7f]
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f))
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

/**
 * The content bytes of a DER INTEGER from hex: minimal, and positive (a leading 00 where the top bit is set).
 * @param {string} hex
 */
export function integerBytes(hex) {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
  if (bytes.length === 0) bytes = Buffer.from([0])
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1] < 0x80) bytes = bytes.subarray(1)
  if (bytes[0] >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes])
  return bytes
}

/**
 * A serial number as the simulator compares them: upper-case hex without leading zeros ('0' for zero).
 * @param {string | Uint8Array} serial  hex, or the content bytes of a DER INTEGER
 */
export function normalSerial(serial) {
  const hex = typeof serial === 'string' ? serial.replace(/[^0-9a-f]/gi, '') : Buffer.from(serial).toString('hex')
  return hex.toUpperCase().replace(/^0+(?=.)/, '')
}

/**
 * UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280, 4.1.2.5), to the second.
 * @param {Date} date
 */
function time(date) {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'))
}

/** @param {string} commonName  a Name of one RDN, its commonName, as UTF8String */
const name = (commonName) => sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))))
const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'))

/**
 * The SHA-1 of a public key's BIT STRING value: the key identifier of RFC 5280 (4.2.1.2, method 1), and the hash
 * that OCSP uses for issuerKeyHash (with its own algorithm) and ResponderID byKey.
 * @param {KeyObject} publicKey
 * @param {string} [algorithm]  default sha1
 */
export function keyHash(publicKey, algorithm = 'sha1') {
  return createHash(algorithm).update(publicKeyBits(publicKey)).digest()
}

/**
 * The subjectPublicKey BIT STRING's bytes (without the unused-bits octet).
 * @param {KeyObject} publicKey
 */
export function publicKeyBits(publicKey) {
  const spki = AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo)
  return Buffer.from(spki.subjectPublicKey)
}

/**
 * An extension, its value DER-encoded by the schema object given.
 * @param {string} id
 * @param {unknown} value  an @peculiar schema object, or the DER bytes of the value
 * @param {boolean} [critical]
 */
function extension(id, value, critical = false) {
  const der = value instanceof Uint8Array ? value : AsnConvert.serialize(value)
  return new Extension({ extnID: id, critical, extnValue: new OctetString(der) })
}

/**
 * Where the simulator CA publishes what a relying party needs, under the simulator's origin
 * (`http://127.0.0.1:PORT`): its OCSP responder, its certificate, and its CRL.
 * @param {string} origin
 */
export function caUrls(origin) {
  return { ocsp: `${origin}/ocsp`, caIssuers: `${origin}/ca.crt`, crl: `${origin}/crl/simulator-ca.crl` }
}

/**
 * The extensions for a certificate signed by `issuer`, plus those given, DER-encoded as `[3] EXPLICIT Extensions`.
 * @param {Buffer} issuerKeyId
 * @param {Extension[]} more
 */
function extensionsField(issuerKeyId, more) {
  const aki = extension(id_ce_authorityKeyIdentifier, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuerKeyId) }))
  return tlv(0xa3, Buffer.from(AsnConvert.serialize(new Extensions([aki, ...more]))))
}

/**
 * A signed certificate in DER.
 * @param {object} fields
 * @param {string} fields.serialNumber  hex
 * @param {Buffer} fields.issuerName    DER
 * @param {Buffer} fields.subjectName   DER
 * @param {KeyObject} fields.publicKey
 * @param {Date} fields.notBefore
 * @param {Date} fields.notAfter
 * @param {Buffer} fields.extensions    DER of `[3] EXPLICIT Extensions`
 * @param {KeyObject} fields.signingKey
 */
function buildCertificate({ serialNumber, issuerName, subjectName, publicKey, notBefore, notAfter, extensions, signingKey }) {
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, integerBytes(serialNumber)),
    ECDSA_WITH_SHA256,
    issuerName,
    sequence(time(notBefore), time(notAfter)),
    subjectName,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions
  )
  const signature = sign('sha256', tbs, signingKey)
  return sequence(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.from([0]), signature))
}

/**
 * PEM of DER.
 * @param {Buffer} der
 * @param {string} [label]
 */
export function pemOf(der, label = 'CERTIFICATE') {
  const base64 = (der.toString('base64').match(/.{1,64}/g) ?? []).join('\n') // never empty: DER has bytes
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`
}

/**
 * The DER of the first PEM block in `pem`.
 * @param {string} pem
 */
export function derOf(pem) {
  const body = /-----BEGIN [A-Z ]+-----([\s\S]*?)-----END [A-Z ]+-----/.exec(pem)
  if (!body) throw new Error('No PEM block found.')
  return Buffer.from(body[1].replace(/\s+/g, ''), 'base64')
}

/**
 * A key pair that signs: the simulator CA, its delegated OCSP responder, or the forger.
 * @typedef {object} Signer
 * @property {string} commonName
 * @property {Buffer} name         the subject Name, DER
 * @property {KeyObject} privateKey
 * @property {KeyObject} publicKey
 * @property {Buffer} keyId        SHA-1 of the public key's bits
 * @property {Buffer} certificate  DER
 */

const CA_NAME = 'Simulator Issuing CA'
const ROOT_NAME = 'Simulator Root CA'
const TEN_YEARS_DAYS = 3650
const caStart = new Date(Date.now() - 86400_000)
const caEnd = new Date(caStart.getTime() + TEN_YEARS_DAYS * 86400_000)
/** @param {Buffer} keyId  a CA's extensions: basicConstraints, keyCertSign and cRLSign, its key identifier */
const caExtensions = (keyId) => [
  extension(id_ce_basicConstraints, new BasicConstraints({ cA: true }), true),
  extension(id_ce_keyUsage, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature), true),
  extension(id_ce_subjectKeyIdentifier, new SubjectKeyIdentifier(keyId))
]

const rootKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const rootKeyId = keyHash(rootKeys.publicKey)
/**
 * The simulator's root: self-signed, it signs only the issuing CA's certificate, as a DigiCert root signs its
 * intermediates. It is the third block of `pem_all`.
 */
export const ROOT = {
  commonName: ROOT_NAME,
  name: name(ROOT_NAME),
  publicKey: rootKeys.publicKey,
  keyId: rootKeyId,
  certificate: buildCertificate({
    serialNumber: '01',
    issuerName: name(ROOT_NAME),
    subjectName: name(ROOT_NAME),
    publicKey: rootKeys.publicKey,
    notBefore: caStart,
    notAfter: caEnd,
    extensions: extensionsField(rootKeyId, caExtensions(rootKeyId)),
    signingKey: rootKeys.privateKey
  })
}

const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const caKeyId = keyHash(caKeys.publicKey)

/**
 * The simulator CA: the issuing CA (an intermediate, signed by ROOT), and the signer of every certificate, OCSP
 * response and CRL the simulator serves, as DigiCert's intermediates sign their leaves, OCSP answers and CRLs. A
 * new key every time the module loads.
 * @type {Signer}
 */
export const CA = {
  commonName: CA_NAME,
  name: name(CA_NAME),
  privateKey: caKeys.privateKey,
  publicKey: caKeys.publicKey,
  keyId: caKeyId,
  certificate: buildCertificate({
    serialNumber: '02',
    issuerName: ROOT.name,
    subjectName: name(CA_NAME),
    publicKey: caKeys.publicKey,
    notBefore: caStart,
    notAfter: caEnd,
    extensions: extensionsField(rootKeyId, caExtensions(caKeyId)),
    signingKey: rootKeys.privateKey
  })
}

/** The simulator CA's certificate in PEM, for the chain that `pem_all` returns after the leaf. */
export const CA_CERTIFICATE = pemOf(CA.certificate)

/** The root's certificate in PEM: the last block of `pem_all`. */
export const ROOT_CERTIFICATE = pemOf(ROOT.certificate)

/**
 * An OCSP responder certificate (id-kp-OCSPSigning, id-pkix-ocsp-nocheck) for `keys`, signed by `signingKey`.
 * @param {{ publicKey: KeyObject, privateKey: KeyObject }} keys
 * @param {KeyObject} signingKey  the CA's key for a real delegation; another key for a forged one
 * @returns {Signer}
 */
function responder(keys, signingKey) {
  const commonName = 'Simulator OCSP Responder'
  const keyId = keyHash(keys.publicKey)
  return {
    commonName,
    name: name(commonName),
    ...keys,
    keyId,
    certificate: buildCertificate({
      serialNumber: '02',
      issuerName: CA.name,
      subjectName: name(commonName),
      publicKey: keys.publicKey,
      notBefore: caStart,
      notAfter: new Date(caStart.getTime() + 397 * 86400_000),
      extensions: extensionsField(caKeyId, [
        extension(id_ce_keyUsage, new KeyUsage(KeyUsageFlags.digitalSignature), true),
        extension(id_ce_extKeyUsage, new ExtendedKeyUsage([id_kp_OCSPSigning])),
        extension(id_pkix_ocsp_nocheck, Buffer.from([0x05, 0x00])), // NULL
        extension(id_ce_subjectKeyIdentifier, new SubjectKeyIdentifier(keyId))
      ]),
      signingKey
    })
  }
}

/** A responder that the CA delegated OCSP signing to (RFC 6960, 4.2.2.2). */
export const DELEGATED_RESPONDER = responder(generateKeyPairSync('ec', { namedCurve: 'P-256' }), CA.privateKey)

/**
 * A forger: a responder certificate that looks like DELEGATED_RESPONDER (same names, same issuer, same key
 * identifiers claimed) but is signed by the forger's own key, not the CA's. What it signs must not verify.
 */
export const FORGER = responder(
  generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
)

/** @type {Map<string, Buffer>} a leaf's extensions field per origin ('' for none), built once */
const leafExtensions = new Map()

/**
 * The Authority Information Access (OCSP, CA Issuers) and CRL Distribution Points that name `origin`.
 * @param {string} origin
 */
function publicationExtensions(origin) {
  const urls = caUrls(origin)
  /** @param {string} uri */
  const uri = (uri) => new GeneralName({ uniformResourceIdentifier: uri })
  return [
    extension(
      id_pe_authorityInfoAccess,
      new AuthorityInfoAccessSyntax([
        new AccessDescription({ accessMethod: id_ad_ocsp, accessLocation: uri(urls.ocsp) }),
        new AccessDescription({ accessMethod: id_ad_caIssuers, accessLocation: uri(urls.caIssuers) })
      ])
    ),
    extension(
      id_ce_cRLDistributionPoints,
      new CRLDistributionPoints([new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [uri(urls.crl)] }) })])
    )
  ]
}

/**
 * A certificate for `publicKey` (a KeyObject, or PEM of a public or private key), with the given serial number
 * (hex) and common name, issued by the simulator's CA. Returns PEM. With `origin` (the simulator's
 * `http://127.0.0.1:PORT`), it names the simulator's OCSP responder and CA certificate (Authority Information
 * Access) and its CRL (CRL Distribution Points); without, it names neither.
 * @param {object} certificate
 * @param {string} certificate.serialNumber  hex
 * @param {string} certificate.commonName
 * @param {KeyObject | string} certificate.publicKey  a key object, or PEM of a public or private key
 * @param {Date} [certificate.notBefore]  default: a day ago
 * @param {number} [certificate.days]  how long it is valid from notBefore (default 397)
 * @param {string} [certificate.origin]  where the simulator serves OCSP, the CA certificate and the CRL
 * @returns {string}
 */
export function issueCertificate({
  serialNumber,
  commonName,
  publicKey,
  notBefore = new Date(Date.now() - 86400_000),
  days = 397,
  origin
}) {
  const key =
    typeof publicKey === 'string' ? createPublicKey(publicKey.includes('PRIVATE') ? createPrivateKey(publicKey) : publicKey) : publicKey
  let extensions = leafExtensions.get(origin ?? '')
  if (!extensions) {
    extensions = extensionsField(CA.keyId, origin ? publicationExtensions(origin) : [])
    leafExtensions.set(origin ?? '', extensions)
  }
  const der = buildCertificate({
    serialNumber,
    issuerName: CA.name,
    subjectName: name(commonName),
    publicKey: key,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * 86400_000),
    extensions,
    signingKey: CA.privateKey
  })
  return pemOf(der)
}

/**
 * A test CA of its own and a server certificate it signs for `hostnames` (DNS names) and 127.0.0.1, valid two
 * days, for serving HTTPS on loopback. Give the CA to Node with NODE_EXTRA_CA_CERTS.
 * @param {string[]} hostnames  the first is also the certificate's common name
 * @returns {{ caPem: string, certPem: string, keyPem: string }}
 */
export function makeServerTls(hostnames) {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const caName = name('Revoke Action Test CA')
  const caId = keyHash(caKeys.publicKey)
  const notBefore = new Date(Date.now() - 3600_000)
  const notAfter = new Date(notBefore.getTime() + 2 * 86400_000)
  const ca = buildCertificate({
    serialNumber: '01',
    issuerName: caName,
    subjectName: caName,
    publicKey: caKeys.publicKey,
    notBefore,
    notAfter,
    extensions: extensionsField(caId, [
      extension(id_ce_basicConstraints, new BasicConstraints({ cA: true }), true),
      extension(id_ce_keyUsage, new KeyUsage(KeyUsageFlags.keyCertSign), true),
      extension(id_ce_subjectKeyIdentifier, new SubjectKeyIdentifier(caId))
    ]),
    signingKey: caKeys.privateKey
  })
  const names = [...hostnames.map((dNSName) => new GeneralName({ dNSName })), new GeneralName({ iPAddress: '127.0.0.1' })]
  const server = buildCertificate({
    serialNumber: '02',
    issuerName: caName,
    subjectName: name(hostnames[0]),
    publicKey: serverKeys.publicKey,
    notBefore,
    notAfter,
    extensions: extensionsField(caId, [
      extension(id_ce_subjectAltName, new SubjectAlternativeName(names)),
      extension(id_ce_extKeyUsage, new ExtendedKeyUsage([id_kp_serverAuth]))
    ]),
    signingKey: caKeys.privateKey
  })
  return {
    caPem: pemOf(ca),
    certPem: pemOf(server),
    keyPem: /** @type {string} */ (serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  }
}

/**
 * Another CA than the simulator's (simulator/acme.js has an ACME CA and an "other" CA): self-signed, named by
 * its common name and organisation, a new EC P-256 key each time.
 * @param {string} commonName
 * @param {string} organisation
 * @returns {Signer}
 */
export function makeCa(commonName, organisation) {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const keyId = keyHash(keys.publicKey)
  const caName = sequence(
    set(sequence(oid('2.5.4.10'), tlv(0x0c, Buffer.from(organisation, 'utf8')))),
    set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8'))))
  )
  return {
    commonName,
    name: caName,
    ...keys,
    keyId,
    certificate: buildCertificate({
      serialNumber: '01',
      issuerName: caName,
      subjectName: caName,
      publicKey: keys.publicKey,
      notBefore: caStart,
      notAfter: new Date(caStart.getTime() + TEN_YEARS_DAYS * 86400_000),
      extensions: extensionsField(keyId, [
        extension(id_ce_basicConstraints, new BasicConstraints({ cA: true }), true),
        extension(id_ce_keyUsage, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature), true),
        extension(id_ce_subjectKeyIdentifier, new SubjectKeyIdentifier(keyId))
      ]),
      signingKey: keys.privateKey
    })
  }
}

/**
 * A leaf issued by `signer` that names its CA certificate (Authority Information Access, CA Issuers only: no OCSP,
 * as Let's Encrypt since 2025) and its CRL. With `precertificate`, it carries CT's poison extension.
 * @param {Signer} signer
 * @param {object} certificate
 * @param {string} certificate.serialNumber  hex
 * @param {string} certificate.commonName
 * @param {KeyObject | string} certificate.publicKey
 * @param {{ caIssuers?: string, crl?: string }} certificate.urls
 * @param {Date} [certificate.notBefore]
 * @param {number} [certificate.days]
 * @param {boolean} [certificate.precertificate]
 * @returns {string} PEM
 */
export function issueBy(
  signer,
  { serialNumber, commonName, publicKey, urls, notBefore = new Date(Date.now() - 86400_000), days = 90, precertificate = false }
) {
  const key =
    typeof publicKey === 'string'
      ? createPublicKey(publicKey.includes('PRIVATE') ? createPrivateKey(publicKey) : publicKey)
      : publicKey.type === 'private'
        ? createPublicKey(publicKey)
        : publicKey
  /** @param {string} uri */
  const uri = (uri) => new GeneralName({ uniformResourceIdentifier: uri })
  const more = []
  if (urls.caIssuers)
    more.push(
      extension(
        id_pe_authorityInfoAccess,
        new AuthorityInfoAccessSyntax([new AccessDescription({ accessMethod: id_ad_caIssuers, accessLocation: uri(urls.caIssuers) })])
      )
    )
  if (urls.crl)
    more.push(
      extension(
        id_ce_cRLDistributionPoints,
        new CRLDistributionPoints([new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [uri(urls.crl)] }) })])
      )
    )
  if (precertificate) more.push(extension('1.3.6.1.4.1.11129.2.4.3', Buffer.from([0x05, 0x00]), true))
  return pemOf(
    buildCertificate({
      serialNumber,
      issuerName: signer.name,
      subjectName: name(commonName),
      publicKey: key,
      notBefore,
      notAfter: new Date(notBefore.getTime() + days * 86400_000),
      extensions: extensionsField(signer.keyId, more),
      signingKey: signer.privateKey
    })
  )
}
