import { beforeAll, describe, expect, it } from '@jest/globals'
import * as asn1js from 'asn1js'
import type { webcrypto } from 'node:crypto'
import {
  AccessDescription,
  AlgorithmIdentifier,
  Certificate,
  CRLDistributionPoints,
  DistributionPoint,
  Extension,
  GeneralName,
  InfoAccess
} from 'pkijs'
import {
  caIssuersUrls,
  CLOCK_SKEW_MS,
  canSignOcsp,
  crlUrls,
  engine,
  freshness,
  MAX_AGE_MS,
  iso,
  issuedBy,
  ocspUrls,
  readCertificate,
  reasonName,
  serialHex,
  signedWith,
  validAt
} from '../../src/ca/pki.js'
import { aia, ca, issue, type Issued, name, ocspSigning, serial, serverAuth, uri } from './pki-fixtures.js'

const OCSP = '1.3.6.1.5.5.7.48.1'
const CA_ISSUERS = '1.3.6.1.5.5.7.48.2'
const dns = (value: string) => new GeneralName({ type: 2, value })
const ext = (extnID: string, value: { toSchema(): asn1js.BaseBlock }) =>
  new Extension({ extnID, critical: false, extnValue: value.toSchema().toBER(false) })
const infoAccess = (...descriptions: [string, GeneralName][]) =>
  ext(
    '1.3.6.1.5.5.7.1.1',
    new InfoAccess({
      accessDescriptions: descriptions.map(([accessMethod, accessLocation]) => new AccessDescription({ accessMethod, accessLocation }))
    })
  )
const distributionPoints = (...points: DistributionPoint[]) => ext('2.5.29.31', new CRLDistributionPoints({ distributionPoints: points }))

/** A self-signed certificate with the given keys: the same key as another certificate, under another name. */
async function selfSigned(subject: string, keys: webcrypto.CryptoKeyPair): Promise<Certificate> {
  const certificate = new Certificate()
  certificate.version = 2
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial() })
  certificate.subject = name(subject)
  certificate.issuer = name(subject)
  certificate.notBefore.value = new Date(Date.now() - 3600_000)
  certificate.notAfter.value = new Date(Date.now() + 3600_000)
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine)
  await certificate.sign(keys.privateKey, 'SHA-256', engine)
  return Certificate.fromBER(certificate.toSchema(true).toBER(false))
}

/** A copy of the certificate (read again from its DER), to be spoiled in memory. */
const copy = (certificate: Certificate) => Certificate.fromBER(certificate.toSchema().toBER(false))

let issuer: Issued
let leaf: Issued

beforeAll(async () => {
  issuer = await ca('PKI Test CA')
  leaf = await issue({ subject: 'pki leaf.example.test', issuer })
})

describe('readCertificate', () => {
  it('reads the first certificate of a PEM text, whatever surrounds it', async () => {
    const other = await issue({ subject: 'second.example.test', issuer })
    const text = `subject=leaf\n${leaf.pem}\nissuer=ca\n${other.pem}`

    expect(serialHex(readCertificate(text))).toBe(serialHex(leaf.certificate))
  })

  it('reads base64 broken by spaces, tabs, CR LF and blank lines', () => {
    const base64 = leaf.pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '')
    const spaced = base64.replace(/(.{40})/g, '$1\r\n').replace(/(.{7})/, '$1 \t ')
    const text = `-----BEGIN CERTIFICATE-----\n\n${spaced}\n\n-----END CERTIFICATE-----`

    expect(serialHex(readCertificate(text))).toBe(serialHex(leaf.certificate))
  })

  it('throws "no PEM certificate" for text without a PEM certificate', () => {
    expect(() => readCertificate('no certificate here')).toThrow(new Error('no PEM certificate'))
    expect(() => readCertificate(leaf.pem.replace(/CERTIFICATE/g, 'PUBLIC KEY'))).toThrow(new Error('no PEM certificate'))
  })
})

describe('ocspUrls', () => {
  it('is empty for a certificate without extensions', () => {
    expect(leaf.certificate.extensions).toBeUndefined()
    expect(ocspUrls(leaf.certificate)).toStrictEqual([])
  })

  it('is empty for a certificate without Authority Information Access', async () => {
    const { certificate } = await issue({ subject: 'no-aia.example.test', issuer, extensions: [serverAuth()] })

    expect(ocspUrls(certificate)).toStrictEqual([])
  })

  it('finds Authority Information Access after other extensions, and keeps the URLs in order', async () => {
    const { certificate } = await issue({
      subject: 'aia-last.example.test',
      issuer,
      extensions: [serverAuth(), aia('http://ocsp.one.test/', 'http://ocsp.two.test/')]
    })

    expect(ocspUrls(certificate)).toStrictEqual(['http://ocsp.one.test/', 'http://ocsp.two.test/'])
  })

  it('takes only OCSP access descriptions, and only their URIs', async () => {
    const { certificate } = await issue({
      subject: 'aia-mixed.example.test',
      issuer,
      extensions: [
        infoAccess(
          [CA_ISSUERS, uri('http://ca.example.test/ca.crt')],
          [OCSP, dns('ocsp.example.test')],
          [OCSP, uri('http://ocsp.example.test/')]
        )
      ]
    })

    expect(ocspUrls(certificate)).toStrictEqual(['http://ocsp.example.test/'])
  })

  it('leaves the CA Issuers URLs to caIssuersUrls, which takes only those, in order', async () => {
    const { certificate } = await issue({
      subject: 'aia-issuers.example.test',
      issuer,
      extensions: [
        infoAccess(
          [CA_ISSUERS, uri('http://ca.example.test/ca.crt')],
          [OCSP, uri('http://ocsp.example.test/')],
          [CA_ISSUERS, dns('ca.example.test')],
          [CA_ISSUERS, uri('http://ca.example.test/ca.p7c')]
        )
      ]
    })

    expect(caIssuersUrls(certificate)).toStrictEqual(['http://ca.example.test/ca.crt', 'http://ca.example.test/ca.p7c'])
    expect(caIssuersUrls((await issue({ subject: 'no-aia.example.test', issuer })).certificate)).toStrictEqual([])
  })

  it('skips a URI name whose value is not text (a certificate built in memory)', () => {
    const notText = 42 as unknown as string // PKI.js always reads a URI as text; only an object built in memory can differ
    const certificate = new Certificate()
    certificate.extensions = [
      new Extension({
        extnID: '1.3.6.1.5.5.7.1.1',
        parsedValue: new InfoAccess({
          accessDescriptions: [
            new AccessDescription({ accessMethod: OCSP, accessLocation: new GeneralName({ type: 6, value: notText }) }),
            new AccessDescription({ accessMethod: OCSP, accessLocation: uri('http://ocsp.example.test/') })
          ]
        })
      })
    ]

    expect(ocspUrls(certificate)).toStrictEqual(['http://ocsp.example.test/'])
  })
})

describe('crlUrls', () => {
  it('is empty for a certificate without extensions', () => {
    expect(crlUrls(leaf.certificate)).toStrictEqual([])
  })

  it('is empty for a certificate without CRL Distribution Points', async () => {
    const { certificate } = await issue({ subject: 'no-cdp.example.test', issuer, extensions: [aia('http://ocsp.example.test/')] })

    expect(crlUrls(certificate)).toStrictEqual([])
  })

  it('takes the URIs of full names only, in order, skipping points without a name and names that are no URI', async () => {
    const { certificate } = await issue({
      subject: 'cdp-mixed.example.test',
      issuer,
      extensions: [
        serverAuth(),
        distributionPoints(
          new DistributionPoint({ cRLIssuer: [dns('crl-issuer.example.test')] }),
          new DistributionPoint({ distributionPoint: [dns('crl.example.test'), uri('http://crl.one.test/a.crl')] }),
          new DistributionPoint({ distributionPoint: [uri('http://crl.two.test/b.crl')] })
        )
      ]
    })

    expect(crlUrls(certificate)).toStrictEqual(['http://crl.one.test/a.crl', 'http://crl.two.test/b.crl'])
  })
})

describe('canSignOcsp', () => {
  it('is false for a certificate without extensions', () => {
    expect(canSignOcsp(leaf.certificate)).toBe(false)
  })

  it('is false for a certificate with extensions but no Extended Key Usage', async () => {
    const { certificate } = await issue({ subject: 'no-eku.example.test', issuer, extensions: [aia('http://ocsp.example.test/')] })

    expect(canSignOcsp(certificate)).toBe(false)
  })

  it('is false for an Extended Key Usage without OCSP signing', async () => {
    const { certificate } = await issue({ subject: 'server.example.test', issuer, extensions: [serverAuth()] })

    expect(canSignOcsp(certificate)).toBe(false)
  })

  it('is true for OCSP signing in an Extended Key Usage that follows other extensions', async () => {
    const { certificate } = await issue({
      subject: 'responder.example.test',
      issuer,
      extensions: [aia('http://ocsp.example.test/'), ocspSigning()]
    })

    expect(canSignOcsp(certificate)).toBe(true)
  })
})

describe('issuedBy', () => {
  it('is true for a certificate and the CA that signed it', async () => {
    expect(await issuedBy(leaf.certificate, issuer.certificate)).toBe(true)
  })

  it('is false for a certificate of the same key under another name, though the signature verifies with it', async () => {
    const lookalike = await selfSigned('Not the PKI Test CA', issuer.keys)
    expect(await leaf.certificate.verify(lookalike, engine)).toBe(true)

    expect(await issuedBy(leaf.certificate, lookalike)).toBe(false)
  })

  it('is false for a certificate of the same name signed by another key', async () => {
    const impostor = await selfSigned('PKI Test CA', (await issue({ subject: 'unrelated' })).keys)

    expect(await issuedBy(leaf.certificate, impostor)).toBe(false)
  })

  it('is false, not a throw, when the signature algorithm is unknown', async () => {
    const odd = copy(leaf.certificate)
    odd.signatureAlgorithm = new AlgorithmIdentifier({ algorithmId: '1.2.3.4.5' })
    await expect(odd.verify(issuer.certificate, engine)).rejects.toThrow('Unsupported signature algorithm')

    expect(await issuedBy(odd, issuer.certificate)).toBe(false)
  })

  it("is false, not a throw, when the issuer's key is malformed", async () => {
    const broken = copy(issuer.certificate)
    broken.subjectPublicKeyInfo.subjectPublicKey = new asn1js.BitString({ valueHex: new Uint8Array([4, 1, 2, 3]) })
    await expect(leaf.certificate.verify(broken, engine)).rejects.toThrow()

    expect(await issuedBy(leaf.certificate, broken)).toBe(false)
  })
})

describe('signedWith', () => {
  const parts = (certificate: Certificate) =>
    [certificate.tbsView, certificate.signatureValue, issuer.certificate.subjectPublicKeyInfo, certificate.signatureAlgorithm] as const

  it('is true for data and the signature the key made over it', async () => {
    expect(await signedWith(...parts(leaf.certificate))).toBe(true)
  })

  it('is false for other data', async () => {
    const [data, signature, key, algorithm] = parts(leaf.certificate)
    const other = Uint8Array.from(data)
    other[other.length - 1] ^= 1

    expect(await signedWith(other, signature, key, algorithm)).toBe(false)
  })

  it('is false, not a throw, for an unknown algorithm', async () => {
    const [data, signature, key] = parts(leaf.certificate)

    expect(await signedWith(data, signature, key, new AlgorithmIdentifier({ algorithmId: '1.2.3.4.5' }))).toBe(false)
  })

  it('is false, not a throw, for a malformed key', async () => {
    const [data, signature, , algorithm] = parts(leaf.certificate)
    const broken = copy(issuer.certificate).subjectPublicKeyInfo
    broken.subjectPublicKey = new asn1js.BitString({ valueHex: new Uint8Array([4, 1, 2, 3]) })

    expect(await signedWith(data, signature, broken, algorithm)).toBe(false)
  })
})

describe('validAt', () => {
  const notBefore = new Date('2026-01-01T00:00:00Z')
  const notAfter = new Date('2026-04-01T00:00:00Z')
  let certificate: Certificate

  beforeAll(async () => {
    certificate = (await issue({ subject: 'dated.example.test', issuer, notBefore, notAfter })).certificate
  })

  it('allows five minutes of clock skew before notBefore, to the millisecond', () => {
    const times = ['2025-12-31T23:54:59.999Z', '2025-12-31T23:55:00.000Z', '2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z']

    expect(times.map((time) => validAt(certificate, new Date(time)))).toStrictEqual([false, true, true, true])
  })

  it('allows five minutes of clock skew after notAfter, to the millisecond', () => {
    const times = ['2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.001Z', '2026-04-01T00:05:00.000Z', '2026-04-01T00:05:00.001Z']

    expect(times.map((time) => validAt(certificate, new Date(time)))).toStrictEqual([true, true, true, false])
  })

  it('is five minutes of skew: CLOCK_SKEW_MS is 300000', () => {
    expect(CLOCK_SKEW_MS).toBe(300_000)
  })
})

describe('freshness', () => {
  const now = new Date('2026-03-01T12:00:00.000Z')
  const at = (time: string) => new Date(time)
  const DAY = 86_400_000

  it('says an answer without a readable date has none', () => {
    expect(freshness(new Date(Number.NaN), undefined, now, DAY)).toBe('it has no readable date')
    expect(freshness(new Date(Number.NaN), at('2026-03-02T00:00:00Z'), now, DAY)).toBe('it has no readable date')
  })

  it('says an answer whose nextUpdate cannot be read is not current', () => {
    expect(freshness(at('2026-03-01T11:00:00Z'), new Date(Number.NaN), now, DAY)).toBe('its nextUpdate cannot be read')
  })

  it('takes an answer dated up to five minutes in the future, and not a millisecond more', () => {
    expect(freshness(at('2026-03-01T12:00:00.000Z'), undefined, now, DAY)).toBeUndefined()
    expect(freshness(at('2026-03-01T12:05:00.000Z'), undefined, now, DAY)).toBeUndefined()
    expect(freshness(at('2026-03-01T12:05:00.001Z'), undefined, now, DAY)).toBe(
      'it is dated in the future (thisUpdate 2026-03-01T12:05:00Z)'
    )
  })

  it('takes an answer up to five minutes past its nextUpdate, and not a millisecond more', () => {
    const thisUpdate = at('2026-03-01T00:00:00Z')

    expect(freshness(thisUpdate, at('2026-03-01T12:00:00.000Z'), now, DAY)).toBeUndefined()
    expect(freshness(thisUpdate, at('2026-03-01T11:55:00.000Z'), now, DAY)).toBeUndefined()
    expect(freshness(thisUpdate, at('2026-03-01T11:54:59.999Z'), now, DAY)).toBe('it is out of date (nextUpdate 2026-03-01T11:54:59Z)')
  })

  it('takes an answer with a nextUpdate however old its thisUpdate, as long as the nextUpdate is to come', () => {
    expect(freshness(at('2025-01-01T00:00:00Z'), at('2026-03-02T00:00:00Z'), now, DAY)).toBeUndefined()
  })

  it('refuses a nextUpdate before the thisUpdate, and takes one equal to it', () => {
    expect(freshness(at('2026-03-01T11:00:00.000Z'), at('2026-03-01T10:59:59.999Z'), now, DAY)).toBe(
      'its nextUpdate (2026-03-01T10:59:59Z) is before its thisUpdate (2026-03-01T11:00:00Z)'
    )
    expect(freshness(at('2026-03-01T11:57:00.000Z'), at('2026-03-01T11:57:00.000Z'), now, DAY)).toBeUndefined()
  })

  it('takes an answer without nextUpdate until its maximum age plus five minutes, and not a millisecond more', () => {
    expect(freshness(at('2026-02-25T11:55:00.000Z'), undefined, now, 4 * DAY)).toBeUndefined()
    expect(freshness(at('2026-02-25T11:54:59.999Z'), undefined, now, 4 * DAY)).toBe(
      'it gives no nextUpdate and is more than 4 days old (thisUpdate 2026-02-25T11:54:59Z)'
    )
    expect(freshness(at('2026-02-19T11:55:00.000Z'), undefined, now, 10 * DAY)).toBeUndefined()
    expect(freshness(at('2020-01-01T00:00:00Z'), undefined, now, 10 * DAY)).toBe(
      'it gives no nextUpdate and is more than 10 days old (thisUpdate 2020-01-01T00:00:00Z)'
    )
  })

  it('gives OCSP answers 4 days and CRLs 10 days without a nextUpdate', () => {
    expect(MAX_AGE_MS).toStrictEqual({ ocsp: 345_600_000, crl: 864_000_000 })
  })
})

describe('reasonName', () => {
  it("names each of RFC 5280's CRLReason codes, and says the number of any other", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(reasonName)).toStrictEqual([
      'unspecified',
      'keyCompromise',
      'cACompromise',
      'affiliationChanged',
      'superseded',
      'cessationOfOperation',
      'certificateHold',
      'reason 7',
      'removeFromCRL',
      'privilegeWithdrawn',
      'aACompromise',
      'reason 11'
    ])
  })
})

describe('iso', () => {
  it('writes the time to the second, without milliseconds', () => {
    expect(iso(new Date('2026-12-02T10:00:00.123Z'))).toBe('2026-12-02T10:00:00Z')
    expect(iso(new Date('2026-12-02T10:00:59.000Z'))).toBe('2026-12-02T10:00:59Z')
  })
})

describe('serialHex', () => {
  it('writes the serial number in upper-case hex, leading zero included', async () => {
    const { certificate } = await issue({
      subject: 'serial.example.test',
      issuer,
      serialNumber: new Uint8Array([0x0a, 0xbc, 0xde, 0xf0, 0x12])
    })

    expect(serialHex(certificate)).toBe('0ABCDEF012')
  })
})

describe('engine', () => {
  it("is PKI.js's engine named node-webcrypto over Node's own WebCrypto", () => {
    expect(engine.name).toBe('node-webcrypto')
    expect(engine.crypto).toBe(globalThis.crypto)
  })
})
