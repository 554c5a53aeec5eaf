/** The issuer from a certificate's CA Issuers URL: DER, PEM or PKCS#7, kept only when it signed the certificate. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as asn1js from 'asn1js'
import { KeyObject, sign } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  AccessDescription,
  Certificate,
  ContentInfo,
  EncapsulatedContentInfo,
  Extension,
  InfoAccess,
  OtherCertificateFormat,
  SignedData
} from 'pkijs'
import * as actualFetch from '../../src/ca/fetch.js'
import type { IssuerFromAiaOptions } from '../../src/ca/issuer-from-aia.js'
import { ca, engine, issue, type Issued, keyPair, name, serial, toPem, uri } from './pki-fixtures.js'

// The real fetchBytes, watched; a test may make it fail otherwise than a fetch can.
const fetchBytes = jest.fn(actualFetch.fetchBytes)
jest.unstable_mockModule('../../src/ca/fetch.js', () => ({ ...actualFetch, fetchBytes }))
const { certificatesIn, fetchIssuerFromAia, MAX_ISSUER_URLS } = await import('../../src/ca/issuer-from-aia.js')

const routes = new Map<string, { status?: number; body: Buffer | string; type?: string }>()
let seen: { path: string; headers: IncomingHttpHeaders }[] = []
let server: Server
let base: string
let issuer: Issued
let other: Issued

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', headers: request.headers })
    const route = routes.get(request.url ?? '')
    if (!route) return void response.writeHead(404).end()
    response.writeHead(route.status ?? 200, { 'Content-Type': route.type ?? 'application/pkix-cert' }).end(route.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  issuer = await ca('AIA Test Issuing CA')
  other = await ca('AIA Test Issuing CA') // the same name, another key: a look-alike
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  routes.clear()
  seen = []
  fetchBytes.mockClear()
})

const caIssuers = (...urls: string[]) =>
  new Extension({
    extnID: '1.3.6.1.5.5.7.1.1',
    critical: false,
    extnValue: new InfoAccess({
      accessDescriptions: urls.map((url) => new AccessDescription({ accessMethod: '1.3.6.1.5.5.7.48.2', accessLocation: uri(url) }))
    })
      .toSchema()
      .toBER(false)
  })
const leafNaming = (...urls: string[]) => issue({ subject: 'aia leaf.example.test', issuer, extensions: [caIssuers(...urls)] })
const der = (issued: Issued) => Buffer.from(issued.certificate.toSchema(true).toBER(false))
const options = (more: Partial<IssuerFromAiaOptions> = {}): IssuerFromAiaOptions => ({
  timeoutMs: 5000,
  addresses: { baseUrl: 'http://127.0.0.1:8080/services/v2' },
  ...more
})
/** The same certificate, whatever the line breaks of its PEM. */
const sameCertificate = (pem: string, issued: Issued) => expect(pem.replace(/\s/g, '')).toBe(issued.pem.replace(/\s/g, ''))

function pkcs7(...certificates: Issued[]): Buffer {
  return bundle(certificates.map((c) => c.certificate))
}

/** A "certs-only" SignedData holding these (none: no certificates field), in a ContentInfo of this type. */
function bundle(certificates: SignedData['certificates'], contentType = '1.2.840.113549.1.7.2'): Buffer {
  const signed = new SignedData({
    version: 1,
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    ...(certificates ? { certificates } : {})
  })
  return Buffer.from(new ContentInfo({ contentType, content: signed.toSchema(true) }).toSchema().toBER(false))
}

/** A TLV of these bytes as they are, its length the shortest (DER), or in `lengthOctets` octets (BER only). */
function tlv(tag: number, contents: Uint8Array[], lengthOctets?: number): Buffer {
  const content = Buffer.concat(contents)
  const octets = lengthOctets ?? (content.length < 0x80 ? 0 : Math.ceil(content.length.toString(16).length / 2))
  const length = Buffer.alloc(octets)
  if (octets > 0) length.writeUIntBE(content.length, 0, octets)
  return Buffer.concat([Buffer.from([tag, octets === 0 ? content.length : 0x80 | octets]), length, content])
}
const ber = (block: asn1js.BaseBlock) => Buffer.from(block.toBER(false))
const oid = (value: string) => ber(new asn1js.ObjectIdentifier({ value }))

type Quirk = 'explicit critical FALSE' | 'needlessly long lengths'

/**
 * A CA certificate as some real CAs issue them, which PKI.js would not encode the same: its basic constraints
 * with `critical FALSE` spelled out (DER omits a default), or the lengths of its certificate and TBSCertificate
 * in more octets than needed. Assembled byte by byte and signed over those bytes, so its signature verifies.
 */
async function quirkyCa(subject: string, quirk: Quirk): Promise<Issued & { der: Buffer }> {
  const keys = await keyPair()
  const ecdsaWithSha256 = tlv(0x30, [oid('1.2.840.10045.4.3.2')])
  const basicConstraints = tlv(0x30, [
    oid('2.5.29.19'),
    ...(quirk === 'explicit critical FALSE' ? [ber(new asn1js.Boolean({ value: false }))] : []),
    ber(new asn1js.OctetString({ valueHex: ber(new asn1js.Sequence({ value: [new asn1js.Boolean({ value: true })] })) }))
  ])
  const long = quirk === 'needlessly long lengths' ? 4 : undefined
  const tbs = tlv(
    0x30,
    [
      tlv(0xa0, [ber(new asn1js.Integer({ value: 2 }))]),
      ber(new asn1js.Integer({ valueHex: serial() })),
      ecdsaWithSha256,
      ber(name(subject).toSchema()),
      tlv(0x30, [
        ber(new asn1js.UTCTime({ valueDate: new Date(Date.now() - 86_400_000) })),
        ber(new asn1js.UTCTime({ valueDate: new Date(Date.now() + 86_400_000) }))
      ]),
      ber(name(subject).toSchema()),
      Buffer.from(await globalThis.crypto.subtle.exportKey('spki', keys.publicKey)),
      tlv(0xa3, [tlv(0x30, [basicConstraints])])
    ],
    long
  )
  const signature = sign('sha256', tbs, KeyObject.from(keys.privateKey)) // DER ECDSA-Sig-Value, as X.509 has it
  const der = tlv(0x30, [tbs, ecdsaWithSha256, ber(new asn1js.BitString({ valueHex: signature }))], long)
  return { certificate: Certificate.fromBER(der), pem: toPem(der), keys, der }
}

/** A PKCS#7 "certs-only" bundle holding these certificates' bytes as they are (no signerInfos: no SignedData). */
function rawBundle(certificates: Buffer[], signerInfos = true): Buffer {
  const signedData = tlv(0x30, [
    ber(new asn1js.Integer({ value: 1 })),
    tlv(0x31, []),
    tlv(0x30, [oid('1.2.840.113549.1.7.1')]),
    tlv(0xa0, certificates),
    ...(signerInfos ? [tlv(0x31, [])] : [])
  ])
  return tlv(0x30, [oid('1.2.840.113549.1.7.2'), tlv(0xa0, [signedData])])
}

describe('fetchIssuerFromAia', () => {
  it('fetches a DER issuer, asking for certificates, and gives it as PEM with the URL it came from', async () => {
    const leaf = await leafNaming(`${base}/ca.crt`)
    routes.set('/ca.crt', { body: der(issuer) })
    const logs: string[] = []

    const found = await fetchIssuerFromAia(leaf.pem, options({ log: (m) => logs.push(m) }))

    expect(found).toStrictEqual({ issuerPem: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n/), url: `${base}/ca.crt` })
    sameCertificate((found as { issuerPem: string }).issuerPem, issuer)
    expect((found as { issuerPem: string }).issuerPem).toBe(issuer.pem) // lines of 64, as the PEM the CA made
    const accept = 'application/pkix-cert, application/x-x509-ca-cert, application/pkcs7-mime, */*'
    expect(seen.map((s) => [s.path, s.headers.accept])).toEqual([['/ca.crt', accept]])
    expect(seen[0].headers['user-agent']).toBe('digicert-revoke-action')
    expect(fetchBytes.mock.calls).toEqual([
      [
        { method: 'GET', url: `${base}/ca.crt`, accept },
        { timeoutMs: 5000, maxBytes: 256 * 1024, userAgent: 'digicert-revoke-action', addresses: options().addresses }
      ]
    ])
    expect(logs).toEqual([`fetching the issuer's certificate from ${base}/ca.crt`])
  })

  it('sends the user agent it is given', async () => {
    const leaf = await leafNaming(`${base}/ca.crt`)
    routes.set('/ca.crt', { body: der(issuer) })
    expect(await fetchIssuerFromAia(leaf.pem, options({ userAgent: 'my-tool/1.0' }))).toMatchObject({ url: `${base}/ca.crt` })
    expect(seen[0].headers['user-agent']).toBe('my-tool/1.0')
  })

  it('refuses an answer over the size cap: 256 KiB, or the one it is given', async () => {
    const leaf = await leafNaming(`${base}/big`)
    routes.set('/big', { body: Buffer.alloc(256 * 1024 + 1) })
    expect(await fetchIssuerFromAia(leaf.pem, options())).toStrictEqual({
      error: 'no issuer from its CA Issuers URLs: the answer is larger than 256 KiB'
    })

    const small = await leafNaming(`${base}/ca.crt`)
    routes.set('/ca.crt', { body: der(issuer) })
    expect(await fetchIssuerFromAia(small.pem, options({ maxBytes: 100 }))).toStrictEqual({
      error: 'no issuer from its CA Issuers URLs: the answer is larger than 100 bytes'
    })
  })

  it('lets an error other than a failed fetch through: a fault in the code is no answer from the URL', async () => {
    const leaf = await leafNaming(`${base}/ca.crt`)
    const fault = new TypeError('a fault in the code')
    fetchBytes.mockRejectedValueOnce(fault)
    await expect(fetchIssuerFromAia(leaf.pem, options())).rejects.toBe(fault)
  })

  it('takes a PEM answer and a PKCS#7 bundle, finding the issuer among other certificates', async () => {
    const leaf = await leafNaming(`${base}/ca.pem`)
    routes.set('/ca.pem', { body: `junk\n${other.pem}${toPem(der(issuer))}`, type: 'application/x-pem-file' })
    sameCertificate(((await fetchIssuerFromAia(leaf.pem, options())) as { issuerPem: string }).issuerPem, issuer)

    const bundled = await leafNaming(`${base}/ca.p7c`)
    routes.set('/ca.p7c', { body: pkcs7(other, issuer), type: 'application/pkcs7-mime' })
    sameCertificate(((await fetchIssuerFromAia(bundled.pem, options())) as { issuerPem: string }).issuerPem, issuer)
  })

  it.each<Quirk>(['explicit critical FALSE', 'needlessly long lengths'])(
    'gives the issuer exactly as served, though PKI.js would encode it otherwise (%s): DER, PEM or PKCS#7',
    async (quirk) => {
      const quirky = await quirkyCa('AIA Quirky CA', quirk)
      // What PKI.js would make of it is not what was served: the test means something only then.
      expect(Buffer.from(quirky.certificate.toSchema(true).toBER(false))).not.toEqual(quirky.der)
      if (quirk === 'needlessly long lengths') expect(Buffer.from(quirky.certificate.toSchema().toBER(false))).not.toEqual(quirky.der)
      const leaf = await issue({ subject: 'aia quirky leaf.example.test', issuer: quirky, extensions: [caIssuers(`${base}/ca`)] })
      const served = [
        { body: quirky.der },
        { body: `${other.pem}${quirky.pem}`, type: 'application/x-pem-file' },
        { body: rawBundle([der(other), quirky.der]), type: 'application/pkcs7-mime' }
      ]
      for (const route of served) {
        routes.set('/ca', route)

        const found = await fetchIssuerFromAia(leaf.pem, options())

        expect(found).toStrictEqual({ issuerPem: quirky.pem, url: `${base}/ca` })
        const issuerPem = (found as { issuerPem: string }).issuerPem
        const bytes = Buffer.from(issuerPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
        expect(bytes).toEqual(quirky.der)
        expect(await leaf.certificate.verify(Certificate.fromBER(bytes), engine)).toBe(true)
      }
    }
  )

  it('refuses a certificate that did not sign it, however alike its name, and tries the next URL', async () => {
    const leaf = await leafNaming(`${base}/fake.crt`, `${base}/missing.crt`, `${base}/ca.crt`)
    routes.set('/fake.crt', { body: der(other) })
    routes.set('/ca.crt', { body: der(issuer) })

    const found = await fetchIssuerFromAia(leaf.pem, options())

    expect(found).toMatchObject({ url: `${base}/ca.crt` })
    expect(seen.map((s) => s.path)).toEqual(['/fake.crt', '/missing.crt', '/ca.crt'])
  })

  it('says why for each URL when none gives the issuer, at most three of them', async () => {
    const leaf = await leafNaming(`${base}/fake.crt`, `${base}/missing.crt`, `${base}/text`, `${base}/fake.crt`, `${base}/ca.crt`)
    routes.set('/fake.crt', { body: der(other) })
    routes.set('/text', { body: 'not a certificate', type: 'text/plain' })
    routes.set('/ca.crt', { body: der(issuer) })
    const logs: string[] = []

    expect(await fetchIssuerFromAia(leaf.pem, options({ log: (m) => logs.push(m) }))).toStrictEqual({
      error: 'no issuer from its CA Issuers URLs: the certificate served there did not sign it / HTTP 404 / the answer holds no certificate'
    })
    expect(seen).toHaveLength(MAX_ISSUER_URLS)
    expect(logs).toEqual([
      `fetching the issuer's certificate from ${base}/fake.crt`,
      `no issuer from ${base}/fake.crt: the certificate served there did not sign it`,
      `fetching the issuer's certificate from ${base}/missing.crt`,
      `no issuer from ${base}/missing.crt: HTTP 404`,
      `fetching the issuer's certificate from ${base}/text`,
      `no issuer from ${base}/text: the answer holds no certificate`
    ])
  })

  it('reaches no loopback address unless base-url is on one, and names the refused host', async () => {
    const leaf = await leafNaming(`${base}/ca.crt`, 'http://169.254.169.254/latest/meta-data/')
    routes.set('/ca.crt', { body: der(issuer) })

    expect(await fetchIssuerFromAia(leaf.pem, options({ addresses: undefined }))).toStrictEqual({
      error:
        'no issuer from its CA Issuers URLs: refused 127.0.0.1: a loopback address, and only public ones are asked / refused 169.254.169.254: a link-local (cloud metadata) address, and only public ones are asked'
    })
    expect(seen).toEqual([])
  })

  it('asks only http and https URLs, and says when there is none', async () => {
    const leaf = await leafNaming('ldap://ldap.example.test/cn=CA', 'file:///etc/passwd')
    const logs: string[] = []
    expect(await fetchIssuerFromAia(leaf.pem, options({ log: (m) => logs.push(m) }))).toStrictEqual({
      error: 'the certificate names no CA Issuers URL over http or https'
    })
    expect(logs).toHaveLength(2)
    expect(logs).toEqual([
      'ignoring the CA Issuers URL ldap://ldap.example.test/cn=CA: only http and https are asked',
      'ignoring the CA Issuers URL file:///etc/passwd: only http and https are asked'
    ])
    const bare = await issue({ subject: 'no aia.example.test', issuer })
    expect(await fetchIssuerFromAia(bare.pem, options())).toStrictEqual({
      error: 'the certificate names no CA Issuers URL over http or https'
    })
    expect(await fetchIssuerFromAia('not a certificate', options())).toStrictEqual({ error: 'the certificate could not be read' })
    expect(seen).toEqual([])
  })

  it('redacts and cuts outside text in its error', async () => {
    const leaf = await leafNaming(`${base}/secret`)
    routes.set('/secret', { status: 500, body: 'oops SECRET-VALUE-123 leaked', type: 'text/plain' })
    const found = await fetchIssuerFromAia(leaf.pem, options({ redact: (t) => t.split('SECRET-VALUE-123').join('***') }))
    expect(found).toStrictEqual({ error: 'no issuer from its CA Issuers URLs: HTTP 500 (oops *** leaked)' })
  })
})

describe('certificatesIn', () => {
  it('reads PEM blocks, one DER certificate, or a PKCS#7 bundle, and nothing from anything else', () => {
    expect(certificatesIn(Buffer.from(`${issuer.pem}\n${other.pem}`))).toHaveLength(2)
    expect(certificatesIn(der(issuer))).toHaveLength(1)
    expect(certificatesIn(pkcs7(issuer, other))).toHaveLength(2)
    expect(certificatesIn(Buffer.from('<html>no</html>'))).toEqual([])
    expect(certificatesIn(Buffer.from(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 1 })] }).toBER(false)))).toEqual([])
    const notSignedData = new ContentInfo({
      contentType: '1.2.840.113549.1.7.1',
      content: new asn1js.OctetString({ valueHex: new Uint8Array([1]) })
    })
    expect(certificatesIn(Buffer.from(notSignedData.toSchema().toBER(false)))).toEqual([])
  })

  it('reads a bundle only as SignedData, and takes only its certificates', () => {
    const certificates = [issuer.certificate, other.certificate]
    expect(certificatesIn(bundle(certificates))).toHaveLength(2)
    // The same SignedData, but the ContentInfo says it is plain data.
    expect(certificatesIn(bundle(certificates, '1.2.840.113549.1.7.1'))).toEqual([])
    expect(certificatesIn(bundle(undefined))).toEqual([])

    const otherFormat = new OtherCertificateFormat({ otherCertFormat: '1.2.3.4', otherCert: new asn1js.Utf8String({ value: 'not X.509' }) })
    const mixed = certificatesIn(bundle([otherFormat, issuer.certificate]))
    expect(mixed).toHaveLength(1)
    expect(mixed[0].certificate).toBeInstanceOf(Certificate)
    expect(Buffer.from(mixed[0].certificate.toSchema(true).toBER(false))).toEqual(der(issuer))
    expect(Buffer.from(mixed[0].der)).toEqual(der(issuer))
  })

  it('gives each certificate with exactly the bytes it was read from, whatever PKI.js would encode', async () => {
    const quirky = await quirkyCa('AIA Quirky CA', 'needlessly long lengths')
    const bytes = (body: Buffer | string) => certificatesIn(Buffer.from(body)).map((found) => Buffer.from(found.der))
    expect(bytes(quirky.der)).toEqual([quirky.der])
    // What follows a DER certificate is not part of it.
    expect(bytes(Buffer.concat([quirky.der, Buffer.from('trailer')]))).toEqual([quirky.der])
    expect(bytes(`${quirky.pem}\n${issuer.pem}`)).toEqual([quirky.der, der(issuer)])
    expect(bytes(rawBundle([quirky.der, der(issuer)]))).toEqual([quirky.der, der(issuer)])
    expect(certificatesIn(quirky.der)[0].certificate.subject.isEqual(name('AIA Quirky CA'))).toBe(true)
  })

  it('takes no certificate from bytes that are not wholly readable, nor from a bundle that is not SignedData', () => {
    // A certificate's three parts, then a block that cannot be read: asn1js stops, with the three read.
    const [tbs, algorithm, signature] = (asn1js.fromBER(der(issuer)).result as asn1js.Sequence).valueBlock.value.map(ber)
    const unreadable = tlv(0x30, [tbs, algorithm, signature, Buffer.from([0x0f, 0x00])])
    expect(certificatesIn(unreadable)).toEqual([])
    expect(certificatesIn(Buffer.from(toPem(unreadable)))).toEqual([])
    // SignedData but for its signerInfos: its certificates are read before the schema fails.
    expect(certificatesIn(rawBundle([der(issuer)], false))).toEqual([])
    expect(certificatesIn(rawBundle([der(issuer)]))).toHaveLength(1)
  })
})
