import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { HttpClient } from '@actions/http-client'
import * as asn1js from 'asn1js'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  AlgorithmIdentifier,
  BasicConstraints,
  CertificateRevocationList,
  Extension,
  Extensions,
  GeneralNames,
  IssuingDistributionPoint,
  RevokedCertificate,
  Time
} from 'pkijs'
import type { CheckContext } from '../../src/ca/check.js'
import { askCrl, readCrl } from '../../src/ca/crl.js'
import { ca, crl, engine, issue, type Issued, name, serialOf, toPem, uri } from './pki-fixtures.js'

const HOUR = 3600_000
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

const CRL_REASON = '2.5.29.21'
const INVALIDITY_DATE = '2.5.29.24'
const reasonExtension = (code: number) =>
  new Extension({ extnID: CRL_REASON, critical: false, extnValue: new asn1js.Enumerated({ value: code }).toBER(false) })

interface Entry {
  serialNumber: Uint8Array
  at: Date
  extensions?: Extension[]
}
interface CrlShape {
  issuer: Issued
  thisUpdate: Date
  /** Default: none (the field is optional in RFC 5280). */
  nextUpdate?: Date
  entries?: Entry[]
  crlExtensions?: Extension[]
  /** Replace the outer signature algorithm after signing. */
  signatureAlgorithm?: string
}

/** The DER of a CRL shaped as asked: without nextUpdate, with any entry extensions, any CRL extensions. */
async function shapedCrl(shape: CrlShape): Promise<Buffer> {
  const list = new CertificateRevocationList()
  list.version = 1
  list.issuer = shape.issuer.certificate.subject
  list.thisUpdate = new Time({ type: 0, value: shape.thisUpdate })
  if (shape.nextUpdate) list.nextUpdate = new Time({ type: 0, value: shape.nextUpdate })
  if (shape.entries?.length) {
    list.revokedCertificates = shape.entries.map(
      (entry) =>
        new RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: entry.serialNumber }),
          revocationDate: new Time({ type: 0, value: entry.at }),
          ...(entry.extensions ? { crlEntryExtensions: new Extensions({ extensions: entry.extensions }) } : {})
        })
    )
  }
  if (shape.crlExtensions) list.crlExtensions = new Extensions({ extensions: shape.crlExtensions })
  await list.sign(shape.issuer.keys.privateKey, 'SHA-256', engine)
  if (shape.signatureAlgorithm) list.signatureAlgorithm = new AlgorithmIdentifier({ algorithmId: shape.signatureAlgorithm })
  return Buffer.from(list.toSchema(true).toBER(false))
}

let issuer: Issued
let leaf: Issued
const now = new Date()
const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000 - HOUR)
const revokedAt = new Date(Math.floor(now.getTime() / 1000) * 1000 - 5 * HOUR)

beforeAll(async () => {
  issuer = await ca('CRL Test CA')
  leaf = await issue({ subject: 'crl leaf.example.test', issuer })
})

describe('readCrl', () => {
  it('says the answer is not a CRL when it cannot be read as one', async () => {
    const html = Buffer.from('<html><body>Service Unavailable</body></html>')

    expect(await readCrl(html, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: false,
      why: 'the answer is not a CRL'
    })
  })

  it('reads a PEM CRL, its base64 broken into lines, and finds the certificate listed', async () => {
    const der = await crl({ issuer, thisUpdate, revoked: [{ serialNumber: serialOf(leaf), at: revokedAt, reason: 1 }] })
    const pem = toPem(der, 'X509 CRL')
    expect(pem.split('\n').length).toBeGreaterThan(4)

    expect(await readCrl(Buffer.from(pem), leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: true,
      state: 'revoked',
      at: iso(thisUpdate),
      revokedAt: iso(revokedAt),
      reason: 'keyCompromise'
    })
  })

  it('reads a PEM CRL with CR LF line ends and a blank line in its base64', async () => {
    const der = await crl({ issuer, thisUpdate })
    const pem = toPem(der, 'X509 CRL').replace('\n', '\n\n').replace(/\n/g, '\r\n')

    expect(await readCrl(Buffer.from(pem), leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: true,
      state: 'good',
      at: iso(thisUpdate)
    })
  })

  it('reads a DER CRL as DER even when PEM-looking text is inside it', async () => {
    const pemLike = Buffer.from('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----', 'latin1')
    const der = await shapedCrl({
      issuer,
      thisUpdate,
      nextUpdate: new Date(now.getTime() + HOUR),
      crlExtensions: [new Extension({ extnID: '1.3.6.1.4.1.55555.1', critical: false, extnValue: Uint8Array.from(pemLike).buffer })]
    })
    expect(der.includes(pemLike)).toBe(true)

    expect(await readCrl(der, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: true,
      state: 'good',
      at: iso(thisUpdate)
    })
  })

  it('takes a CRL that gives no nextUpdate', async () => {
    const der = await shapedCrl({ issuer, thisUpdate })
    expect(CertificateRevocationList.fromBER(der).nextUpdate).toBeUndefined()

    expect(await readCrl(der, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: true,
      state: 'good',
      at: iso(thisUpdate)
    })
  })

  it('refuses a CRL without nextUpdate more than 10 days old, and one whose nextUpdate is before its thisUpdate', async () => {
    const old = await shapedCrl({ issuer, thisUpdate: new Date(now.getTime() - 10 * 24 * HOUR - 6 * 60_000) })
    expect(await readCrl(old, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: false,
      why: `the CRL is not current: it gives no nextUpdate and is more than 10 days old (thisUpdate ${iso(new Date(now.getTime() - 10 * 24 * HOUR - 6 * 60_000))})`
    })
    const recent = await shapedCrl({ issuer, thisUpdate: new Date(now.getTime() - 10 * 24 * HOUR + 60_000) })
    expect(await readCrl(recent, leaf.certificate, issuer.certificate, now)).toMatchObject({ answered: true, state: 'good' })

    const backwards = await shapedCrl({ issuer, thisUpdate, nextUpdate: new Date(thisUpdate.getTime() - 1000) })
    expect(await readCrl(backwards, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: false,
      why: `the CRL is not current: its nextUpdate (${iso(new Date(thisUpdate.getTime() - 1000))}) is before its thisUpdate (${iso(thisUpdate)})`
    })
  })

  it('says on hold for certificateHold, and not revoked for removeFromCRL', async () => {
    const held = await shapedCrl({
      issuer,
      thisUpdate,
      entries: [{ serialNumber: serialOf(leaf), at: revokedAt, extensions: [reasonExtension(6)] }]
    })
    expect(await readCrl(held, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: true,
      state: 'on-hold',
      at: iso(thisUpdate),
      revokedAt: iso(revokedAt),
      reason: 'certificateHold'
    })
    const removed = await shapedCrl({
      issuer,
      thisUpdate,
      entries: [{ serialNumber: serialOf(leaf), at: revokedAt, extensions: [reasonExtension(8)] }]
    })
    expect(await readCrl(removed, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: true,
      state: 'good',
      at: iso(thisUpdate)
    })
  })

  const invalidityDate = () =>
    new Extension({
      extnID: INVALIDITY_DATE,
      critical: false,
      extnValue: new asn1js.GeneralizedTime({ valueDate: revokedAt }).toBER(false)
    })
  const integerReason = () =>
    new Extension({ extnID: CRL_REASON, critical: false, extnValue: new asn1js.Integer({ value: 1 }).toBER(false) })
  it.each([
    ["finds the reason among the entry's other extensions", () => [invalidityDate(), reasonExtension(9)], { reason: 'privilegeWithdrawn' }],
    ['gives no reason when the entry has extensions but no CRLReason', () => [invalidityDate()], {}],
    ['gives no reason when the CRLReason is not an ENUMERATED', () => [integerReason()], {}]
  ])('%s', async (_name, extensions, reason) => {
    const der = await shapedCrl({
      issuer,
      thisUpdate,
      entries: [{ serialNumber: serialOf(leaf), at: revokedAt, extensions: extensions() }]
    })
    expect(await readCrl(der, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: true,
      state: 'revoked',
      at: iso(thisUpdate),
      revokedAt: iso(revokedAt),
      ...reason
    })
  })

  it('says the signature does not verify when its algorithm is unknown', async () => {
    const der = await shapedCrl({ issuer, thisUpdate, signatureAlgorithm: '1.2.3.4.5' })
    const parsed = CertificateRevocationList.fromBER(der)
    await expect(parsed.verify({ issuerCertificate: issuer.certificate }, engine)).rejects.toThrow('Unsupported signature algorithm')

    expect(await readCrl(der, leaf.certificate, issuer.certificate, now)).toStrictEqual({
      answered: false,
      why: 'signature does not verify'
    })
  })
})

describe('readCrl: is the CRL complete for this certificate?', () => {
  const URL_FETCHED = 'http://crl.example.test/ca.crl'
  const ext = (extnID: string, value: ArrayBuffer, critical = false) => new Extension({ extnID, critical, extnValue: value })
  const idp = (fields: ConstructorParameters<typeof IssuingDistributionPoint>[0], critical = true) =>
    ext('2.5.29.28', new IssuingDistributionPoint(fields).toSchema().toBER(false), critical)
  const integer = (value: number) => new asn1js.Integer({ value }).toBER(false)
  const revokedWith = async (crlExtensions: Extension[], entryExtensions?: Extension[], by = leaf) =>
    shapedCrl({ issuer, thisUpdate, entries: [{ serialNumber: serialOf(by), at: revokedAt, extensions: entryExtensions }], crlExtensions })
  const REVOKED = { answered: true, state: 'revoked', at: iso(thisUpdate), revokedAt: iso(revokedAt) }
  const notUsed = (why: string) => ({ answered: false, why: `the CRL is not used: ${why}` })

  let caLeaf: Issued
  beforeAll(async () => {
    const constraints = ext('2.5.29.19', new BasicConstraints({ cA: true }).toSchema().toBER(false), true)
    caLeaf = await issue({ subject: 'crl sub-CA', issuer, extensions: [constraints] })
  })

  it.each([
    [
      'a delta CRL, even marked non-critical',
      () => [ext('2.5.29.27', integer(7))],
      notUsed('it is a delta CRL (it lists only the changes since a full CRL)')
    ],
    [
      'a critical CRL extension it does not know',
      () => [ext('1.3.6.1.4.1.55555.2', integer(1), true)],
      notUsed('it has a critical extension the action does not know (1.3.6.1.4.1.55555.2)')
    ],
    [
      'an indirect CRL',
      () => [idp({ indirectCRL: true })],
      notUsed('it is an indirect CRL (it lists certificates of other issuers too), which the action does not read')
    ],
    [
      'a CRL of attribute certificates only',
      () => [idp({ onlyContainsAttributeCerts: true })],
      notUsed('it lists only attribute certificates')
    ],
    ['a CRL of some reasons only', () => [idp({ onlySomeReasons: 0 })], notUsed('it lists only some revocation reasons')],
    ['a CRL of CA certificates only, for a leaf', () => [idp({ onlyContainsCACerts: true })], notUsed('it lists only CA certificates')],
    [
      'a CRL for another distribution point',
      () => [idp({ distributionPoint: [uri('http://crl.example.test/partition-2.crl')] })],
      notUsed('its Issuing Distribution Point names another URL than the one it was fetched from')
    ],
    [
      'a CRL whose distribution point is named relative to its issuer',
      () => [idp({ distributionPoint: name('partition 2') })],
      notUsed('its Issuing Distribution Point names another URL than the one it was fetched from')
    ],
    [
      'an Issuing Distribution Point that cannot be read',
      () => [ext('2.5.29.28', new asn1js.OctetString({ valueHex: new Uint8Array([1, 2]) }).toBER(false), true)],
      notUsed('its Issuing Distribution Point cannot be read')
    ],
    [
      'an IDP with an empty list of names (GeneralNames has at least one)',
      () => [idp({ distributionPoint: [] })],
      notUsed('its Issuing Distribution Point cannot be read')
    ]
  ])('does not use %s', async (_name, extensions, expected) => {
    expect(await readCrl(await revokedWith(extensions()), leaf.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(expected)
  })

  it.each([
    ['an unknown extension that is not critical', () => [ext('1.3.6.1.4.1.55555.3', integer(1))]],
    [
      'known extensions marked critical',
      () => [ext('2.5.29.20', integer(12), true), ext('2.5.29.46', new asn1js.Sequence().toBER(false), true)]
    ],
    [
      "Let's Encrypt's shape: a critical IDP naming the URL fetched, user certificates only",
      () => [idp({ distributionPoint: [uri(URL_FETCHED)], onlyContainsUserCerts: true })]
    ],
    [
      'an IDP naming the URL fetched in another spelling, among others',
      () => [idp({ distributionPoint: [uri('ldap://x.test/cn=ca'), uri('HTTP://CRL.example.test:80/ca.crl')] })]
    ],
    ['an IDP that names no distribution point', () => [idp({ onlyContainsUserCerts: true }, false)]]
  ])('uses a CRL with %s', async (_name, extensions) => {
    expect(await readCrl(await revokedWith(extensions()), leaf.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(REVOKED)
  })

  it('uses a CRL of CA certificates only for a CA certificate, and one of end-entity certificates only not for it', async () => {
    const caOnly = await revokedWith([idp({ onlyContainsCACerts: true })], undefined, caLeaf)
    expect(await readCrl(caOnly, caLeaf.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(REVOKED)
    const userOnly = await revokedWith([idp({ onlyContainsUserCerts: true })], undefined, caLeaf)
    expect(await readCrl(userOnly, caLeaf.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(
      notUsed('it lists only end-entity certificates')
    )
  })

  it('finds basicConstraints wherever it is among the extensions, and takes cA false for no CA', async () => {
    const constraints = (cA: boolean) => ext('2.5.29.19', new BasicConstraints({ cA }).toSchema().toBER(false), true)
    const secondCa = await issue({
      subject: 'crl sub-CA, constraints second',
      issuer,
      extensions: [ext('1.3.6.1.4.1.55555.5', integer(1)), constraints(true)]
    })
    const notCa = await issue({ subject: 'crl leaf with cA false', issuer, extensions: [constraints(false)] })
    const caOnly = (by: Issued) => revokedWith([idp({ onlyContainsCACerts: true })], undefined, by)
    const userOnly = (by: Issued) => revokedWith([idp({ onlyContainsUserCerts: true })], undefined, by)

    expect(await readCrl(await caOnly(secondCa), secondCa.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(REVOKED)
    expect(await readCrl(await userOnly(secondCa), secondCa.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(
      notUsed('it lists only end-entity certificates')
    )
    expect(await readCrl(await caOnly(notCa), notCa.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(
      notUsed('it lists only CA certificates')
    )
    expect(await readCrl(await userOnly(notCa), notCa.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(REVOKED)
  })

  it('compares names that are no URL as text, and does not use a CRL whose IDP names a distribution point when the URL fetched is not known', async () => {
    const notAUrl = await revokedWith([idp({ distributionPoint: [uri('not a url')] })])
    expect(await readCrl(notAUrl, leaf.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(
      notUsed('its Issuing Distribution Point names another URL than the one it was fetched from')
    )
    expect(await readCrl(notAUrl, leaf.certificate, issuer.certificate, now, 'not a url')).toStrictEqual(REVOKED)
    const named = await revokedWith([idp({ distributionPoint: [uri(URL_FETCHED)] })])
    expect(await readCrl(named, leaf.certificate, issuer.certificate, now)).toStrictEqual(
      notUsed('its Issuing Distribution Point names another URL than the one it was fetched from')
    )
  })

  it('does not use a CRL with an entry that has a critical extension it does not know, certificateIssuer included', async () => {
    const values: Record<string, ArrayBuffer> = {
      '1.3.6.1.4.1.55555.4': integer(3),
      '2.5.29.29': new GeneralNames({ names: [uri('http://other-ca.example.test/')] }).toSchema().toBER(false)
    }
    for (const oid of Object.keys(values)) {
      const other = await shapedCrl({
        issuer,
        thisUpdate,
        entries: [
          { serialNumber: new Uint8Array([0x01, 0x02]), at: revokedAt, extensions: [ext(oid, values[oid], true)] },
          { serialNumber: serialOf(leaf), at: revokedAt }
        ]
      })
      expect(await readCrl(other, leaf.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(
        notUsed(`an entry has a critical extension the action does not know (${oid})`)
      )
    }
    const known = await revokedWith(
      [ext('2.5.29.20', integer(1))],
      [ext('2.5.29.24', new asn1js.GeneralizedTime({ valueDate: revokedAt }).toBER(false), true)]
    )
    expect(await readCrl(known, leaf.certificate, issuer.certificate, now, URL_FETCHED)).toStrictEqual(REVOKED)
  })
})

describe('askCrl', () => {
  interface Seen {
    method: string
    path: string
    headers: IncomingHttpHeaders
  }
  let server: Server
  let base: string
  let seen: Seen[] = []
  let reply: { status: number; body: Buffer } = { status: 200, body: Buffer.alloc(0) }

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers })
      request.resume()
      request.on('end', () => {
        response
          .writeHead(reply.status, { 'Content-Type': 'application/pkix-crl', 'Content-Length': String(reply.body.length) })
          .end(reply.body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  afterEach(() => {
    seen = []
    jest.restoreAllMocks()
  })

  const context = (logs: string[], more: Partial<CheckContext> = {}): CheckContext => ({
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    userAgent: 'crl-test',
    addresses: { baseUrl: 'http://127.0.0.1:8080/services/v2' },
    now: () => now,
    log: (message) => logs.push(message),
    outside: (text, limit) => `«${text}»${limit === undefined ? '' : `/${limit}`}`,
    ...more
  })

  it('GETs the CRL with Accept application/pkix-crl, */*, logs the URL as outside text, and reads the answer', async () => {
    reply = { status: 200, body: await crl({ issuer, thisUpdate }) }
    const request = jest.spyOn(HttpClient.prototype, 'request')
    const logs: string[] = []

    const check = await askCrl(`${base}/ca.crl`, leaf.certificate, issuer.certificate, context(logs))

    expect(check).toStrictEqual({ answered: true, state: 'good', at: iso(thisUpdate) })
    expect(logs).toStrictEqual([`reading the CRL «${base}/ca.crl»`])
    expect(seen.map(({ method, path, headers }) => [method, path, headers.accept])).toStrictEqual([
      ['GET', '/ca.crl', 'application/pkix-crl, */*']
    ])
    expect(request.mock.calls.map((call) => call[0])).toStrictEqual(['GET'])
  })

  it('checks the Issuing Distribution Point against the URL it fetched', async () => {
    const naming = (url: string) =>
      shapedCrl({
        issuer,
        thisUpdate,
        crlExtensions: [
          new Extension({
            extnID: '2.5.29.28',
            critical: true,
            extnValue: new IssuingDistributionPoint({ distributionPoint: [uri(url)] }).toSchema().toBER(false)
          })
        ]
      })
    reply = { status: 200, body: await naming(`${base}/ca.crl`) }
    expect(await askCrl(`${base}/ca.crl`, leaf.certificate, issuer.certificate, context([]))).toStrictEqual({
      answered: true,
      state: 'good',
      at: iso(thisUpdate)
    })
    reply = { status: 200, body: await naming(`${base}/other.crl`) }
    expect(await askCrl(`${base}/ca.crl`, leaf.certificate, issuer.certificate, context([]))).toStrictEqual({
      answered: false,
      why: 'the CRL is not used: its Issuing Distribution Point names another URL than the one it was fetched from'
    })
  })

  it('says which HTTP status came instead of a CRL', async () => {
    reply = { status: 404, body: Buffer.alloc(0) }

    expect(await askCrl(`${base}/missing.crl`, leaf.certificate, issuer.certificate, context([]))).toStrictEqual({
      answered: false,
      why: 'HTTP 404'
    })
  })

  it('lets an error that is not about fetching through, rather than taking it for no answer', async () => {
    reply = { status: 200, body: await crl({ issuer, thisUpdate }) }
    const broken = context([], {
      now: () => {
        throw new TypeError('the clock is broken')
      }
    })

    await expect(askCrl(`${base}/ca.crl`, leaf.certificate, issuer.certificate, broken)).rejects.toThrow(
      new TypeError('the clock is broken')
    )
  })
})
