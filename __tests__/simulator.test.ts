/**
 * The simulator itself: CertCentral's requests (list, read, approve, reject, the administrator switch), order
 * info, the unknown-key answer, and the simulator as its certificates' CA: OCSP answers that turn from good to
 * revoked, the CRL, and forged or mismatched answers that must not verify. Signatures are checked with
 * node:crypto over the signed bytes as received, with the CA's public key from GET /ca.crt.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash, generateKeyPairSync, verify, X509Certificate, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import { BasicOCSPResponse, CertID, OCSPRequest, OCSPResponse, OCSPResponseStatus, Request, TBSRequest } from '@peculiar/asn1-ocsp'
import {
  AlgorithmIdentifier,
  Certificate,
  CertificateList,
  CRLDistributionPoints,
  CRLReason,
  CRLReasons,
  id_ce_cRLDistributionPoints,
  id_ce_cRLReasons
} from '@peculiar/asn1-x509'
import { Account, serialFor } from '../simulator/account.js'
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.js'
import { CA_CERTIFICATE, ROOT_CERTIFICATE, issueCertificate } from '../simulator/x509.js'

let sim: Simulator
afterEach(async () => sim?.close())

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ rateLimits: false, ...options })
  return sim
}

/** What the tests read of an answer's JSON (undefined, for a 204, is cast to it too: expect() checks it). */
interface Body {
  id: number
  date: string
  status: string
  requester: unknown
  requests: unknown[]
  orders: unknown[]
  certificate: { valid_till: string }
  [field: string]: unknown
}

async function call(method: string, path: string, body?: unknown, key: string = sim.keys.admin): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: { 'X-DC-DEVKEY': key, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body }
}

const bytes = (buffer: ArrayBuffer | ArrayBufferView): Buffer =>
  buffer instanceof ArrayBuffer ? Buffer.from(buffer) : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The leaf certificate of a certificate's pem_all, and the CA from GET /ca.crt. */
async function leafAndCa(id: number): Promise<{ leaf: X509Certificate; ca: X509Certificate }> {
  const pem = await (
    await fetch(`${sim.baseUrl}/certificate/${id}/download/format/pem_all`, { headers: { 'X-DC-DEVKEY': sim.keys.admin } })
  ).text()
  const caDer = Buffer.from(await (await fetch(`${sim.origin}/ca.crt`)).arrayBuffer())
  return { leaf: new X509Certificate(pem.slice(0, pem.indexOf('-----END CERTIFICATE-----') + 25)), ca: new X509Certificate(caDer) }
}

/** A DER OCSPRequest for the leaf (CertID with SHA-1, as OpenSSL sends by default). */
function ocspRequestFor(leaf: X509Certificate, ca: X509Certificate): Buffer {
  const caCertificate = AsnConvert.parse(ca.raw, Certificate)
  const sha1 = (data: ArrayBuffer) => new OctetString(createHash('sha1').update(bytes(data)).digest())
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }),
    issuerNameHash: sha1(AsnConvert.serialize(caCertificate.tbsCertificate.subject)),
    issuerKeyHash: sha1(caCertificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: AsnConvert.parse(leaf.raw, Certificate).tbsCertificate.serialNumber
  })
  return bytes(AsnConvert.serialize(new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certId })] }) })))
}

async function askOcsp(der: Buffer, how: 'POST' | 'GET' = 'POST'): Promise<Response> {
  return how === 'POST'
    ? fetch(`${sim.origin}/ocsp`, { method: 'POST', headers: { 'Content-Type': 'application/ocsp-request' }, body: der })
    : fetch(`${sim.origin}/ocsp/${der.toString('base64url')}`)
}

interface ReadOcsp {
  basic: BasicOCSPResponse
  signedBytes: Buffer
  signature: Buffer
  status: 'good' | 'revoked' | 'unknown'
  serial: string
  revocation?: { time: Date; reason?: number }
}

function readOcsp(der: Buffer): ReadOcsp {
  const response = AsnConvert.parse(der, OCSPResponse)
  expect(response.responseStatus).toBe(OCSPResponseStatus.successful)
  const basic = AsnConvert.parse(response.responseBytes!.response, BasicOCSPResponse)
  const [single] = basic.tbsResponseData.responses
  const status = single.certStatus.revoked ? 'revoked' : single.certStatus.good !== undefined ? 'good' : 'unknown'
  return {
    basic,
    signedBytes: bytes(basic.tbsResponseDataRaw!),
    signature: bytes(basic.signature),
    status,
    serial: bytes(single.certID.serialNumber).toString('hex').toUpperCase().replace(/^0+/, ''),
    revocation: single.certStatus.revoked && {
      time: single.certStatus.revoked.revocationTime,
      reason: single.certStatus.revoked.revocationReason?.reason
    }
  }
}

const signedBy = (read: { signedBytes: Buffer; signature: Buffer }, key: KeyObject) =>
  verify('sha256', read.signedBytes, key, read.signature)

describe('revoke requests', () => {
  it('keeps a request pending, lists it without comments, and revokes its certificate once a manager approves it', async () => {
    await start()
    const created = await call('PUT', '/certificate/1001/revoke', {
      comments: 'INC-1 (certificate 1001)',
      revocation_reason: 'keyCompromise'
    })
    expect(created).toMatchObject({ status: 201, body: { id: 1, type: 'revoke', status: 'pending', comments: 'INC-1 (certificate 1001)' } })

    const listed = await call('GET', '/request?filters[status]=pending&filters[type]=revoke')
    expect(listed.body).toEqual({
      requests: [
        {
          id: 1,
          date: created.body.date,
          type: 'revoke',
          status: 'pending',
          requester: created.body.requester,
          order: { id: 5001, certificate: { common_name: 'www.example.test' } }
        }
      ],
      page: { total: 1, limit: 1000, offset: 0 }
    })
    const pending = await call('GET', '/request/1')
    expect(pending.body).toMatchObject({ id: 1, status: 'pending', comments: 'INC-1 (certificate 1001)', order: { id: 5001 } })
    expect(pending.body).not.toHaveProperty('date_processed')
    expect(pending.body).not.toHaveProperty('processor')
    expect(pending.body).not.toHaveProperty('reviewer')

    expect(await call('PUT', '/request/1/status', { status: 'approved' }, sim.keys.viewOnly)).toMatchObject({
      status: 403,
      body: { errors: [{ code: 'access_denied|missing_permission' }] }
    })
    expect(await call('PUT', '/request/1/status', { status: 'approved' }, sim.keys.user)).toMatchObject({
      status: 403,
      body: { errors: [{ code: 'access_denied|missing_permission' }] }
    })
    expect(await call('PUT', '/request/1/status', { status: 'maybe' })).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'bad_request_format' }] }
    })
    expect(sim.account.certificates.get(1001)?.status).toBe('issued')

    expect(await call('PUT', '/request/1/status', { status: 'approved', processor_comment: 'ok' }, sim.keys.manager)).toEqual({
      status: 204,
      body: undefined
    })
    const approved = await call('GET', '/request/1')
    expect(approved.body).toMatchObject({
      status: 'approved',
      date_processed: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:]+\+00:00$/),
      processor: { first_name: 'Max' },
      reviewer: { first_name: 'Max' },
      processor_comment: 'ok'
    })
    expect(sim.account.certificates.get(1001)).toMatchObject({
      status: 'revoked',
      revocationReason: 'keyCompromise',
      revokedAt: expect.any(Date)
    })
    expect((await call('GET', '/request?filters[status]=pending')).body.requests).toEqual([])

    const order = await call('GET', '/order/certificate/5001')
    expect(order.body).toMatchObject({
      id: 5001,
      status: 'revoked',
      certificate: { id: 1001, serial_number: serialFor(1001), common_name: 'www.example.test' }
    })
    expect(order.body.certificate.valid_till).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(order.body.requests).toEqual([
      { id: 1, date: created.body.date, type: 'revoke', status: 'approved', comments: 'INC-1 (certificate 1001)' }
    ])

    expect(await call('PUT', '/request/1/status', { status: 'rejected' })).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'request_already_processed' }] }
    })
    expect(await call('PUT', '/certificate/1001/revoke', { comments: 'again' })).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'already_revoked' }] }
    })
  })

  it('revokes every certificate of an order when its request is approved, and pages the list', async () => {
    await start()
    await call('PUT', '/certificate/1001/revoke', { comments: 'a' })
    const orderRequest = await call('PUT', '/order/certificate/5004/revoke', { comments: 'b (order 5004)' })
    expect((await call('GET', '/request?offset=1&limit=1')).body).toMatchObject({
      requests: [{ id: orderRequest.body.id, order: { id: 5004 } }],
      page: { total: 2, limit: 1, offset: 1 }
    })
    expect((await call('GET', '/request?limit=0')).status).toBe(400)
    expect((await call('GET', '/order/certificate/5004')).body.status).toBe('issued')
    sim.account.approve(orderRequest.body.id)
    expect([1004, 1005].map((id) => sim.account.certificates.get(id)?.status)).toEqual(['revoked', 'revoked'])
    expect((await call('GET', '/order/certificate/5004')).body.status).toBe('revoked')
    sim.account.reject(1)
    expect(sim.account.certificates.get(1001)?.status).toBe('issued')
    expect((await call('GET', '/request/1')).body).toMatchObject({ status: 'rejected', date_processed: expect.any(String) })
    expect(() => sim.account.approve(1)).toThrow('already rejected')
  })

  it('revokes at once with skip_approval (204) and for an automatically approved order (201 submitted)', async () => {
    await start()
    expect(await call('PUT', '/certificate/1001/revoke', { comments: '', skip_approval: true })).toEqual({ status: 204, body: undefined })
    expect(sim.account.certificates.get(1001)?.status).toBe('revoked')
    expect((await call('GET', '/order/certificate/5001')).body.status).toBe('revoked')
    const auto = await call('PUT', '/certificate/1002/revoke', { comments: 'auto' })
    expect(auto).toMatchObject({ status: 201, body: { status: 'submitted' } })
    expect(sim.account.certificates.get(1002)?.status).toBe('revoked')
    expect((await call('GET', `/request/${auto.body.id}`)).body).toMatchObject({ status: 'approved', date_processed: auto.body.date })
  })

  it('has an administrator that approves each request after approveAfterMs, or rejects with rejectAll', async () => {
    await start({ approveAfterMs: 150 })
    const created = await call('PUT', '/certificate/1001/revoke', { comments: 'x' })
    expect((await call('GET', `/request/${created.body.id}`)).body.status).toBe('pending')
    await sleep(400)
    expect((await call('GET', `/request/${created.body.id}`)).body).toMatchObject({ status: 'approved', processor: { first_name: 'Ada' } })
    expect(sim.account.certificates.get(1001)?.status).toBe('revoked')

    sim.rejectAll = true
    sim.approveAfterMs = 0
    const refused = await call('PUT', '/certificate/1004/revoke', { comments: 'y' })
    await sleep(100)
    expect((await call('GET', `/request/${refused.body.id}`)).body.status).toBe('rejected')
    expect(sim.account.certificates.get(1004)?.status).toBe('issued')
  })

  it('leaves requests pending without the switch', async () => {
    await start()
    const created = await call('PUT', '/certificate/1001/revoke', { comments: 'x' })
    await sleep(100)
    expect((await call('GET', `/request/${created.body.id}`)).body.status).toBe('pending')
  })
})

describe('orders and keys', () => {
  it('finds an order through any of its certificates by serial number, and order info by its primary serial', async () => {
    await start()
    const serial = serialFor(1004)
    const listed = await call('GET', `/order/certificate?filters[serial_number]=${serial.toLowerCase()}`)
    expect(listed.body).toMatchObject({ orders: [{ id: 5004, certificate: { id: 1004, serial_number: serial } }], page: { total: 1 } })
    // 1005 is the order's duplicate: the filter finds the order, which shows its primary certificate.
    expect((await call('GET', `/order/certificate?filters[serial_number]=${serialFor(1005)}`)).body).toMatchObject({
      orders: [{ id: 5004, certificate: { id: 1004 } }]
    })
    expect((await call('GET', `/order/certificate/${serial}`)).body.id).toBe(5004)
    expect((await call('GET', `/order/certificate/${serialFor(1005)}`)).status).toBe(404) // not a primary
    expect(await call('GET', '/order/certificate/9999')).toMatchObject({ status: 404, body: { errors: [{ code: 'not_found|order' }] } })
    // Issued: 5001, 5002 and 5004; 5003 waits for a reissue, 5005 is revoked.
    expect((await call('GET', '/order/certificate?filters[status]=issued&limit=2')).body).toMatchObject({
      orders: [{ id: 5001 }, { id: 5002 }],
      page: { total: 3, limit: 2, offset: 0 }
    })
    expect((await call('GET', '/order/certificate?filters[status]=reissue_pending')).body).toMatchObject({
      orders: [{ id: 5003, status: 'reissue_pending' }],
      page: { total: 1 }
    })
  })

  it('lists duplicates and reissues as CertCentral does: archived ones only when asked, the primary repeated, upper-case serials', async () => {
    const account = new Account()
    account.addOrder({
      id: 1,
      certificates: [
        { id: 11, serialNumber: '0B', commonName: 'a.example.test' },
        { id: 12, serialNumber: '0C', commonName: 'a.example.test' },
        { id: 13, serialNumber: '0D', commonName: 'a.example.test', kind: 'reissue' },
        { id: 14, serialNumber: '0E', commonName: 'a.example.test', archived: true },
        { id: 15, serialNumber: '0F', commonName: 'a.example.test', status: 'pending' },
        { id: 16, serialNumber: '10', commonName: 'a.example.test', kind: 'reissue', status: 'rejected' }
      ]
    })
    await start({ account })
    expect((await call('GET', '/order/certificate')).body.orders).toMatchObject([
      {
        id: 1,
        certificate: { id: 11, serial_number: '0B' },
        has_duplicates: true,
        duplicates_count: 3,
        has_reissues: true,
        reissues_count: 2
      }
    ])
    const duplicates = await call('GET', '/order/certificate/1/duplicate')
    expect(duplicates.body.certificates).toMatchObject([
      { id: 11, serial_number: '0B', status: 'issued', archived: false },
      {
        id: 12,
        serial_number: '0C',
        status: 'issued',
        thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/),
        valid_till: expect.any(String)
      },
      { id: 15, status: 'pending' }
    ])
    const pending = (duplicates.body.certificates as Record<string, unknown>[])[2]
    expect(Object.keys(pending)).not.toEqual(expect.arrayContaining(['serial_number']))
    expect(pending).not.toHaveProperty('thumbprint')
    expect(pending).not.toHaveProperty('valid_till')
    expect((await call('GET', '/order/certificate/1/duplicate?show_archived=true')).body.certificates).toMatchObject([
      { id: 11 },
      { id: 12 },
      { id: 14, serial_number: '0E', archived: true },
      { id: 15 }
    ])
    expect((await call('GET', '/order/certificate/1/reissue')).body.certificates).toMatchObject([
      { id: 11 },
      { id: 13, serial_number: '0D', status: 'issued' },
      { id: 16, status: 'rejected' }
    ])
    account.repeatPrimary = false
    expect((await call('GET', '/order/certificate/1/reissue')).body.certificates).toMatchObject([{ id: 13 }, { id: 16 }])
    expect((await call('GET', '/order/certificate/2/reissue')).status).toBe(404)
    // Nothing was issued for 15: no download, no revocation, no OCSP status.
    expect((await call('GET', '/certificate/15/download/format/pem_all')).status).toBe(404)
    expect(await call('PUT', '/certificate/15/revoke', { comments: 'x' })).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'certificate_not_issued' }] }
    })
    expect(account.statusAt('0F', Date.now())).toEqual({ status: 'unknown' })
  })

  it('has orders waiting for a reissue, whose certificates cannot be revoked, and orders that hold no certificate', async () => {
    const account = new Account()
    account.addOrder({
      id: 1,
      certificates: [
        { id: 11, serialNumber: '0B', commonName: 'a.example.test', pendingReissue: true },
        { id: 12, serialNumber: '0C', commonName: 'a.example.test' }
      ]
    })
    account.addOrder({ id: 2, status: 'needs_approval', certificates: [{ id: 21, serialNumber: '15', commonName: 'b.example.test' }] })
    account.addOrder({ id: 3, status: 'reissue_pending', certificates: [{ id: 31, serialNumber: '1F', commonName: 'c.example.test' }] })
    await start({ account })
    const all = await call('GET', '/order/certificate')
    expect(all.body.orders).toMatchObject([
      { id: 1, status: 'reissue_pending' },
      { id: 2, status: 'needs_approval', certificate: { id: 21, common_name: 'b.example.test' } },
      { id: 3, status: 'reissue_pending' }
    ])
    expect((all.body.orders as { certificate: object }[])[1].certificate).not.toHaveProperty('serial_number')
    expect((await call('GET', '/order/certificate?filters[status]=issued')).body).toEqual({ page: { total: 0, limit: 1000, offset: 0 } })
    for (const path of ['/certificate/11/revoke', '/certificate/12/revoke', '/order/certificate/1/revoke', '/certificate/31/revoke']) {
      expect(await call('PUT', path, { comments: 'x', skip_approval: true })).toMatchObject({
        status: 400,
        body: { errors: [{ code: 'pending_reissue', message: expect.stringContaining('Cancel the reissue') }] }
      })
    }
    expect(account.certificates.get(12)?.status).toBe('issued')
  })

  it('answers an empty page without an orders key, unless told otherwise', async () => {
    await start()
    expect((await call('GET', '/order/certificate?offset=5')).body).toEqual({ page: { total: 5, limit: 1000, offset: 5 } })
    sim.account.emptyPageWithoutOrders = false
    expect((await call('GET', '/order/certificate?offset=5')).body).toEqual({ orders: [], page: { total: 5, limit: 1000, offset: 5 } })
  })

  it('shows an expired order as expired, and keeps it under filters[status]=issued', async () => {
    const account = new Account()
    account.addOrder({
      id: 1,
      certificates: [
        { id: 11, serialNumber: '0B', commonName: 'old.example.test', notBefore: new Date(Date.now() - 400 * 86400_000), days: 397 }
      ]
    })
    await start({ account })
    expect((await call('GET', '/order/certificate?filters[status]=issued')).body.orders).toMatchObject([{ id: 1, status: 'expired' }])
  })

  it('answers an unknown key as DigiCert does: 403 access_denied_invalid_key', async () => {
    await start()
    for (const [method, path] of [
      ['GET', '/order/certificate'],
      ['PUT', '/certificate/1001/revoke'],
      ['GET', '/request'],
      ['GET', '/no/such/route']
    ]) {
      expect(await call(method, path, method === 'PUT' ? {} : undefined, 'SIMULATOR-UNKNOWN-KEY-000000000000000')).toEqual({
        status: 403,
        body: { errors: [{ code: 'access_denied|access_denied_invalid_key', message: 'Access denied due to access_denied_invalid_key.' }] }
      })
    }
  })
})

describe("the simulator's answers against the documented shapes", () => {
  const fixture = (name: string) =>
    JSON.parse(readFileSync(new URL(`./fixtures/certcentral/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>
  /** Every field of `answer` (and of its first item, for a list) is one the documented fixture has too. */
  const fieldsOf = (value: unknown): string[] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.entries(value).flatMap(([key, inner]) => [
          key,
          ...fieldsOf(Array.isArray(inner) ? inner[0] : inner).map((f) => `${key}.${f}`)
        ])
      : []

  it('sends no field that DigiCert does not document, in the order list, the lists and request info', async () => {
    await start()
    await call('PUT', '/certificate/1001/revoke', { comments: 'x' })
    await call('PUT', '/request/1/status', { status: 'approved', processor_comment: 'ok' })
    const documented = (name: string) => new Set(fieldsOf(fixture(name)))
    const pairs: [string, string][] = [
      ['/order/certificate', 'order-list.json'],
      ['/order/certificate/5004/duplicate', 'duplicates.json'],
      ['/order/certificate/5001', 'order-info.json'],
      ['/request?filters[status]=approved', 'request-list.json'],
      ['/request/1', 'request-info-approved.json']
    ]
    for (const [path, name] of pairs) {
      const fields = fieldsOf((await call('GET', path)).body)
      expect({ path, undocumented: fields.filter((field) => !documented(name).has(field)) }).toEqual({ path, undocumented: [] })
    }
  })
})

describe('the simulator as CA', () => {
  it('issues certificates that name its OCSP responder, CA certificate and CRL, and verify under the CA', async () => {
    await start()
    const { leaf, ca } = await leafAndCa(1001)
    expect(leaf.infoAccess?.trim()).toBe(`OCSP - URI:${sim.origin}/ocsp\nCA Issuers - URI:${sim.origin}/ca.crt`)
    const extension = AsnConvert.parse(leaf.raw, Certificate).tbsCertificate.extensions?.find(
      (e) => e.extnID === id_ce_cRLDistributionPoints
    )
    const points = AsnConvert.parse(extension!.extnValue, CRLDistributionPoints)
    expect(points[0].distributionPoint?.fullName?.[0].uniformResourceIdentifier).toBe(`${sim.origin}/crl/simulator-ca.crl`)
    expect(leaf.verify(ca.publicKey)).toBe(true)
    expect(leaf.checkIssued(ca)).toBe(true)
    expect(ca.ca).toBe(true)
    expect(ca.raw.equals(new X509Certificate(CA_CERTIFICATE).raw)).toBe(true)
    expect(await (await fetch(`${sim.origin}/ca.pem`)).text()).toBe(CA_CERTIFICATE)
  })

  it('downloads three blocks, as DigiCert does: the leaf, its issuer (the CA that answers OCSP and the CRL), the root', async () => {
    await start()
    const text = await (
      await fetch(`${sim.baseUrl}/certificate/1001/download/format/pem_all`, { headers: { 'X-DC-DEVKEY': sim.keys.admin } })
    ).text()
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g) ?? []
    expect(blocks).toHaveLength(3)
    expect(blocks.join('')).toBe(text)
    const [leaf, intermediate, root] = blocks.map((pem) => new X509Certificate(pem))
    expect(intermediate.raw.equals(new X509Certificate(CA_CERTIFICATE).raw)).toBe(true)
    expect(root.raw.equals(new X509Certificate(ROOT_CERTIFICATE).raw)).toBe(true)
    expect([leaf.checkIssued(intermediate), leaf.verify(intermediate.publicKey), leaf.checkIssued(root)]).toEqual([true, true, false])
    expect([intermediate.checkIssued(root), intermediate.verify(root.publicKey), intermediate.ca]).toEqual([true, true, true])
    expect([root.checkIssued(root), root.verify(root.publicKey), root.subject]).toEqual([true, true, 'CN=Simulator Root CA'])
    expect(intermediate.subject).toBe('CN=Simulator Issuing CA')
  })

  it("serves the order's primary certificate for a duplicate's download with downloadServesPrimary", async () => {
    await start()
    const leafOf = async (id: number) =>
      new X509Certificate(
        await (
          await fetch(`${sim.baseUrl}/certificate/${id}/download/format/pem_all`, { headers: { 'X-DC-DEVKEY': sim.keys.admin } })
        ).text()
      )
    expect((await leafOf(1005)).serialNumber).toBe(serialFor(1005).replace(/^0+/, ''))
    sim.account.downloadServesPrimary = true
    expect((await leafOf(1005)).serialNumber).toBe(serialFor(1004).replace(/^0+/, ''))
    expect((await leafOf(1004)).serialNumber).toBe(serialFor(1004).replace(/^0+/, ''))
  })

  it('issues without those URLs with caUrls: false, or without a server', async () => {
    await start({ caUrls: false })
    expect((await leafAndCa(1001)).leaf.infoAccess).toBeUndefined()
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    expect(
      new X509Certificate(issueCertificate({ serialNumber: '0A', commonName: 'x.example.test', publicKey: key })).infoAccess
    ).toBeUndefined()
  })

  it('issues again a certificate first issued before the server knew its origin', async () => {
    const account = new Account()
    account.addOrder({ id: 1, certificates: [{ id: 11, serialNumber: '0B', commonName: 'early.example.test' }] })
    const early = account.certificatePem(account.certificates.get(11)!)
    expect(new X509Certificate(early).infoAccess).toBeUndefined()
    await start({ account })
    const { leaf } = await leafAndCa(11)
    expect(leaf.infoAccess).toContain(`${sim.origin}/ocsp`)
    expect(leaf.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      new X509Certificate(early).publicKey.export({ type: 'spki', format: 'der' })
    )
    expect((await leafAndCa(11)).leaf.raw).toEqual(leaf.raw) // then it stays the same
  })

  it('answers OCSP good, then revoked once the request is approved, signed by the CA, by POST and by GET', async () => {
    await start()
    const { leaf, ca } = await leafAndCa(1001)
    const request = ocspRequestFor(leaf, ca)
    const before = await askOcsp(request)
    expect(before.headers.get('content-type')).toBe('application/ocsp-response')
    const good = readOcsp(Buffer.from(await before.arrayBuffer()))
    expect(good.status).toBe('good')
    expect(good.serial).toBe(leaf.serialNumber)
    expect(signedBy(good, ca.publicKey)).toBe(true)
    // The CertID is echoed as asked; the responder is named by the CA's key hash.
    expect(bytes(AsnConvert.serialize(good.basic.tbsResponseData.responses[0].certID))).toEqual(
      bytes(AsnConvert.serialize(AsnConvert.parse(request, OCSPRequest).tbsRequest.requestList[0].reqCert))
    )
    const caKeyBits = bytes(AsnConvert.parse(ca.raw, Certificate).tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)
    expect(bytes(good.basic.tbsResponseData.responderID.byKey!.buffer)).toEqual(createHash('sha1').update(caKeyBits).digest())
    const single = good.basic.tbsResponseData.responses[0]
    expect(single.nextUpdate!.getTime()).toBeGreaterThan(single.thisUpdate.getTime())

    const created = await call('PUT', '/certificate/1001/revoke', { comments: 'x', revocation_reason: 'keyCompromise' })
    expect(readOcsp(Buffer.from(await (await askOcsp(request)).arrayBuffer())).status).toBe('good') // pending is not revoked
    sim.account.approve(created.body.id)
    for (const how of ['POST', 'GET'] as const) {
      const revoked = readOcsp(Buffer.from(await (await askOcsp(request, how)).arrayBuffer()))
      expect(revoked.status).toBe('revoked')
      expect(revoked.revocation?.reason).toBe(CRLReasons.keyCompromise)
      expect(Math.abs(revoked.revocation!.time.getTime() - sim.account.certificates.get(1001)!.revokedAt!.getTime())).toBeLessThan(1000)
      expect(signedBy(revoked, ca.publicKey)).toBe(true)
    }
    expect(sim.ocspRequests()).toHaveLength(4)
    expect(sim.ocspRequests().every((r) => r.headers['x-dc-devkey'] === undefined && r.status === 200)).toBe(true)
  })

  it('says good until ocspLagMs after the revocation', async () => {
    await start({ ocspLagMs: 300 })
    const { leaf, ca } = await leafAndCa(1001)
    await call('PUT', '/certificate/1001/revoke', { comments: '', skip_approval: true })
    const ask = async () => readOcsp(Buffer.from(await (await askOcsp(ocspRequestFor(leaf, ca))).arrayBuffer())).status
    expect(await ask()).toBe('good')
    await sleep(400)
    expect(await ask()).toBe('revoked')
  })

  it('signs through a delegated responder, named by name, when asked', async () => {
    await start({ ocspSigner: 'delegated', ocspResponderId: 'byName' })
    const { leaf, ca } = await leafAndCa(1001)
    const read = readOcsp(Buffer.from(await (await askOcsp(ocspRequestFor(leaf, ca))).arrayBuffer()))
    const responder = new X509Certificate(bytes(AsnConvert.serialize(read.basic.certs![0])))
    expect(responder.verify(ca.publicKey)).toBe(true)
    expect(responder.keyUsage).toContain('1.3.6.1.5.5.7.3.9') // id-kp-OCSPSigning
    expect(read.basic.tbsResponseData.responderID.byName).toBeDefined()
    expect(signedBy(read, responder.publicKey)).toBe(true)
    expect(signedBy(read, ca.publicKey)).toBe(false)
  })

  it('serves a forged answer that does not verify with the CA key, and a mismatched one about another serial', async () => {
    await start({ ocsp: 'forged' })
    const { leaf, ca } = await leafAndCa(1001)
    const forged = readOcsp(Buffer.from(await (await askOcsp(ocspRequestFor(leaf, ca))).arrayBuffer()))
    expect(forged.status).toBe('revoked')
    expect(signedBy(forged, ca.publicKey)).toBe(false)
    const lookalike = new X509Certificate(bytes(AsnConvert.serialize(forged.basic.certs![0])))
    expect(lookalike.issuer).toBe(ca.subject)
    expect(lookalike.verify(ca.publicKey)).toBe(false) // claims the CA as issuer, not signed by it
    expect(signedBy(forged, lookalike.publicKey)).toBe(true)

    sim.ocsp = 'mismatched'
    const mismatched = readOcsp(Buffer.from(await (await askOcsp(ocspRequestFor(leaf, ca))).arrayBuffer()))
    expect(signedBy(mismatched, ca.publicKey)).toBe(true)
    expect(mismatched.status).toBe('revoked')
    expect(BigInt(`0x${mismatched.serial}`)).toBe(BigInt(`0x${leaf.serialNumber}`) + 1n)
  })

  it('answers unknown for a serial it never issued, malformedRequest for garbage, and can be down or try later', async () => {
    await start()
    const { ca } = await leafAndCa(1001)
    const stranger = new X509Certificate(
      issueCertificate({
        serialNumber: '7777',
        commonName: 'nobody.example.test',
        publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
      })
    )
    expect(readOcsp(Buffer.from(await (await askOcsp(ocspRequestFor(stranger, ca))).arrayBuffer())).status).toBe('unknown')
    const garbage = await fetch(`${sim.origin}/ocsp`, { method: 'POST', body: 'not DER' })
    expect(garbage.status).toBe(200)
    expect(AsnConvert.parse(Buffer.from(await garbage.arrayBuffer()), OCSPResponse).responseStatus).toBe(
      OCSPResponseStatus.malformedRequest
    )
    sim.ocsp = 'tryLater'
    expect(
      AsnConvert.parse(Buffer.from(await (await askOcsp(ocspRequestFor(stranger, ca))).arrayBuffer()), OCSPResponse).responseStatus
    ).toBe(OCSPResponseStatus.tryLater)
    sim.ocsp = 'down'
    expect((await askOcsp(ocspRequestFor(stranger, ca))).status).toBe(503)
  })

  it('publishes a CRL signed by the CA that lists every revoked serial with its date and reason', async () => {
    await start()
    const { ca } = await leafAndCa(1001)
    const crlOf = async () => {
      const response = await fetch(`${sim.origin}/crl/simulator-ca.crl`)
      expect(response.headers.get('content-type')).toBe('application/pkix-crl')
      return AsnConvert.parse(Buffer.from(await response.arrayBuffer()), CertificateList)
    }
    const serials = (crl: CertificateList) =>
      (crl.tbsCertList.revokedCertificates ?? []).map((e) => bytes(e.userCertificate).toString('hex').toUpperCase())
    const first = await crlOf()
    expect(first.tbsCertList.version).toBe(1) // v2
    expect(serials(first)).toEqual([serialFor(1006)]) // the demo account's already revoked certificate
    expect(verify('sha256', bytes(first.tbsCertListRaw!), ca.publicKey, bytes(first.signature))).toBe(true)

    await call('PUT', '/certificate/1001/revoke', { comments: '', skip_approval: true, revocation_reason: 'superseded' })
    const second = await crlOf()
    expect(serials(second).sort()).toEqual([serialFor(1001), serialFor(1006)].sort())
    const entry = second.tbsCertList.revokedCertificates!.find(
      (e) => bytes(e.userCertificate).toString('hex').toUpperCase() === serialFor(1001)
    )!
    expect(Math.abs(entry.revocationDate.getTime().getTime() - sim.account.certificates.get(1001)!.revokedAt!.getTime())).toBeLessThan(1000)
    const reason = entry.crlEntryExtensions?.find((e) => e.extnID === id_ce_cRLReasons)
    expect(AsnConvert.parse(reason!.extnValue, CRLReason).reason).toBe(CRLReasons.superseded)

    sim.crl = 'forged'
    const forged = await crlOf()
    expect(verify('sha256', bytes(forged.tbsCertListRaw!), ca.publicKey, bytes(forged.signature))).toBe(false)
    sim.crl = 'down'
    expect((await fetch(`${sim.origin}/crl/simulator-ca.crl`)).status).toBe(503)
  })

  it('lists a revocation in the CRL only crlLagMs after it', async () => {
    await start({ crlLagMs: 300 })
    await call('PUT', '/certificate/1001/revoke', { comments: '', skip_approval: true })
    const listed = async () => {
      const crl = AsnConvert.parse(Buffer.from(await (await fetch(sim.urls.crl)).arrayBuffer()), CertificateList)
      return (crl.tbsCertList.revokedCertificates ?? []).some(
        (e) => bytes(e.userCertificate).toString('hex').toUpperCase() === serialFor(1001)
      )
    }
    expect(await listed()).toBe(false)
    await sleep(400)
    expect(await listed()).toBe(true)
  })

  it("does not count the CA's endpoints against the API key's rate limit", async () => {
    sim = await startSimulator({ rateLimits: [{ limit: 2, spanMs: 60_000 }] })
    for (let i = 0; i < 5; i++) expect((await fetch(`${sim.origin}/ca.crt`)).status).toBe(200)
    expect((await call('GET', '/order/certificate')).status).toBe(200)
    expect(new X509Certificate(Buffer.from(await (await fetch(`${sim.origin}/ca.crt`)).arrayBuffer())).publicKey.asymmetricKeyType).toBe(
      'ec'
    )
    expect(sim.served429).toBe(0)
  })
})
