import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { HttpClient } from '@actions/http-client'
import * as asn1js from 'asn1js'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AlgorithmIdentifier, CertificateRevocationList, Extension, Extensions, RevokedCertificate, Time } from 'pkijs'
import type { CheckContext } from '../../src/ca/check.js'
import { askCrl, readCrl } from '../../src/ca/crl.js'
import { ca, crl, engine, issue, type Issued, serialOf, toPem } from './pki-fixtures.js'

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
