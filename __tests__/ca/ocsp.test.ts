/**
 * OCSP answers read and verified (readAnswer) one by one, malformed ones included; and the exchange with a
 * responder (askResponder) over a faked fetchBytes. ask-ca.test.ts asks the same code over HTTP.
 */
import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as asn1js from 'asn1js'
import { AlgorithmIdentifier, CertID, OCSPResponse, SingleResponse } from 'pkijs'
import type { CheckContext } from '../../src/ca/check.js'
import * as actualFetch from '../../src/ca/fetch.js'
import { ca, issue, type Issued, keyPair, ocspAnswer, ocspSigning, ocspStatusOnly, ocspWrapping } from './pki-fixtures.js'

const fetchBytes = jest.fn<typeof actualFetch.fetchBytes>()
jest.unstable_mockModule('../../src/ca/fetch.js', () => ({ ...actualFetch, fetchBytes }))
const { askResponder, getUrl, ocspRequest, readAnswer } = await import('../../src/ca/ocsp.js')

const HOUR = 3600_000
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

let issuer: Issued
let leaf: Issued
// Made in a hook, not at load: a fault there fails the tests instead of the file (which Stryker does not count).
beforeAll(async () => {
  issuer = await ca('OCSP Test Issuing CA')
  leaf = await issue({ subject: 'ocsp leaf.example.test', issuer })
})

const read = (der: Uint8Array) => readAnswer(der, leaf.certificate, issuer.certificate, new Date())
const refused = (why: string) => ({ answered: false, why })
const thisUpdate = new Date(Date.now() - HOUR)
const good = () => ocspAnswer({ leaf, issuer, status: { status: 'good' }, thisUpdate })
/** The BasicOCSPResponse inside a successful OCSPResponse. */
const basicOf = (answer: Buffer) => OCSPResponse.fromBER(answer).responseBytes!.response.valueBlock.valueHexView

describe('readAnswer: what the answer says', () => {
  it('reads good, unknown, and revoked with or without a reason, at the time of the answer', async () => {
    const at = iso(thisUpdate)
    expect(await read(await good())).toEqual({ answered: true, state: 'good', at })
    expect(await read(await ocspAnswer({ leaf, issuer, status: { status: 'unknown' }, thisUpdate }))).toEqual({
      answered: true,
      state: 'unknown',
      at
    })
    const revokedAt = new Date('2026-01-05T08:30:00Z')
    expect(await read(await ocspAnswer({ leaf, issuer, status: { status: 'revoked', at: revokedAt, reason: 1 }, thisUpdate }))).toEqual({
      answered: true,
      state: 'revoked',
      at,
      revokedAt: '2026-01-05T08:30:00Z',
      reason: 'keyCompromise'
    })
    expect(await read(await ocspAnswer({ leaf, issuer, status: { status: 'revoked', at: revokedAt }, thisUpdate }))).toEqual({
      answered: true,
      state: 'revoked',
      at,
      revokedAt: '2026-01-05T08:30:00Z'
    })
  })
})

describe('readAnswer: answers that say nothing', () => {
  it('refuses a successful OCSPResponse that carries no response, or one of another type than basic', async () => {
    expect(await read(ocspStatusOnly(0))).toEqual(refused('the answer is not a basic OCSP response'))
    // A good basic response about the leaf, signed by the issuer, but said to be of another type.
    expect(await read(ocspWrapping(basicOf(await good()), '1.3.6.1.5.5.7.48.1.99'))).toEqual(
      refused('the answer is not a basic OCSP response')
    )
  })

  it('says when the basic response cannot be read', async () => {
    expect(await read(ocspWrapping(Buffer.from('not DER at all')))).toEqual(refused('the basic OCSP response could not be read'))
  })

  // certStatus in ocsp.ts trusts PKI.js to have read the answer against RFC 6960's definitions: these say it does.
  it.each([
    ['a [3] tag', new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 3 } })],
    ['a universal INTEGER 2', new asn1js.Integer({ value: 2 })],
    ['a constructed [0]', new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [] })],
    ['a primitive [1]', new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 1 }, valueHex: new Uint8Array([1]) })],
    ['revoked without a time', new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [] })],
    [
      'revoked with a UTCTime',
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.UTCTime({ valueDate: new Date() })] })
    ],
    [
      'revoked with its reason under [1]',
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [
          new asn1js.GeneralizedTime({ valueDate: new Date() }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.Enumerated({ value: 1 })] })
        ]
      })
    ],
    [
      'revoked with a reason that is no ENUMERATED',
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [
          new asn1js.GeneralizedTime({ valueDate: new Date() }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Integer({ value: 1 })] })
        ]
      })
    ]
  ])('refuses a certStatus that is %s as unreadable', async (_, certStatus) => {
    const answer = await ocspAnswer({ leaf, issuer, status: { status: 'good' }, certStatus })
    expect(await read(answer)).toEqual(refused('the basic OCSP response could not be read'))
  })
})

describe('readAnswer: the CertID', () => {
  it('matches a CertID made with SHA-256 as well as SHA-1', async () => {
    const answer = await ocspAnswer({ leaf, issuer, hashAlgorithm: 'SHA-256', status: { status: 'good' }, thisUpdate })
    expect(await read(answer)).toEqual({ answered: true, state: 'good', at: iso(thisUpdate) })
  })

  it('passes over a SingleResponse whose hash it does not know, to the one about the leaf', async () => {
    const leafsId = new CertID()
    await leafsId.createForCertificate(leaf.certificate, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer.certificate })
    const unknownHash = new CertID({
      hashAlgorithm: new AlgorithmIdentifier({ algorithmId: '1.2.3.4.5', algorithmParams: new asn1js.Null() }),
      issuerNameHash: leafsId.issuerNameHash,
      issuerKeyHash: leafsId.issuerKeyHash,
      serialNumber: leafsId.serialNumber
    })
    const revoked = new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 1 },
      value: [new asn1js.GeneralizedTime({ valueDate: new Date('2026-01-01T00:00:00Z') })]
    })
    const other = new SingleResponse({ certID: unknownHash, certStatus: revoked, thisUpdate, nextUpdate: new Date(Date.now() + HOUR) })

    const both = await ocspAnswer({ leaf, issuer, before: [other], status: { status: 'good' }, thisUpdate })
    expect(await read(both)).toEqual({ answered: true, state: 'good', at: iso(thisUpdate) })

    const alone = await ocspAnswer({ leaf, issuer, certID: unknownHash, status: { status: 'good' } })
    expect(await read(alone)).toEqual(refused('the OCSP answer is about another certificate (no matching CertID)'))
  })

  it('never matches a CertID that it could only half make (an algorithm that is no hash)', async () => {
    // rsaEncryption: PKI.js sets the CertID's algorithm and serial, then cannot hash; the hashes stay empty.
    const halfMade = new CertID({
      hashAlgorithm: new AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.1', algorithmParams: new asn1js.Null() }),
      issuerNameHash: new asn1js.OctetString(),
      issuerKeyHash: new asn1js.OctetString(),
      serialNumber: leaf.certificate.serialNumber
    })
    const answer = await ocspAnswer({ leaf, issuer, certID: halfMade, status: { status: 'good' } })
    expect(await read(answer)).toEqual(refused('the OCSP answer is about another certificate (no matching CertID)'))
  })
})

describe('readAnswer: who signed', () => {
  let responder: Issued
  beforeAll(async () => {
    responder = await issue({ subject: 'OCSP Test Responder', issuer, extensions: [ocspSigning()] })
  })

  it('refuses a forged answer even when it carries a delegated responder certificate, which did not sign it', async () => {
    const forger = await keyPair()
    const answer = await ocspAnswer({
      leaf,
      issuer,
      signer: responder,
      signingKey: forger.privateKey,
      certs: [responder],
      status: { status: 'good' }
    })
    expect(await read(answer)).toEqual(refused('the OCSP answer was not signed by the issuer or a responder it delegated'))
  })

  it('looks at every certificate sent along for the one that signed', async () => {
    const stranger = await issue({ subject: 'OCSP Test Responder', issuer: await ca('Other CA'), extensions: [ocspSigning()] })
    const answer = await ocspAnswer({
      leaf,
      issuer,
      signer: responder,
      certs: [stranger, responder],
      status: { status: 'good' },
      thisUpdate
    })
    expect(await read(answer)).toEqual({ answered: true, state: 'good', at: iso(thisUpdate) })
  })
})

describe('askResponder', () => {
  const url = 'http://ocsp.example.invalid/ocsp'
  let logs: string[]
  let context: CheckContext
  beforeEach(() => {
    fetchBytes.mockReset()
    logs = []
    context = {
      timeoutMs: 1000,
      maxBytes: 64 * 1024,
      userAgent: 'ocsp-test',
      now: () => new Date(),
      log: (message) => logs.push(message),
      outside: (text) => text
    }
  })
  const answered = (status: number, body: Buffer = Buffer.alloc(0)): actualFetch.Fetched => ({
    status,
    url,
    contentType: 'application/ocsp-response',
    headers: {},
    body
  })

  it('asks by POST, then by GET at getUrl when the POST gets no usable answer', async () => {
    const request = await ocspRequest(leaf.certificate, issuer.certificate)
    fetchBytes.mockResolvedValueOnce(answered(405)).mockResolvedValueOnce(answered(200, await good()))

    const check = await askResponder(url, request, leaf.certificate, issuer.certificate, context)

    expect(check).toEqual({ answered: true, state: 'good', at: iso(thisUpdate) })
    const accept = 'application/ocsp-response'
    expect(fetchBytes.mock.calls).toEqual([
      [{ method: 'POST', url, accept, body: request, contentType: 'application/ocsp-request' }, context],
      [{ method: 'GET', url: getUrl(url, request), accept }, context]
    ])
    expect(logs).toEqual([`asking the OCSP responder ${url}`, 'the OCSP responder did not take a POST (HTTP 405); asking by GET'])
  })

  it('gives the reason of a failed fetch, and lets any other error through: a fault here is not a silent responder', async () => {
    const request = await ocspRequest(leaf.certificate, issuer.certificate)
    fetchBytes.mockRejectedValueOnce(new actualFetch.FetchFailure('connection refused (ECONNREFUSED)', true))
    expect(await askResponder(url, request, leaf.certificate, issuer.certificate, context)).toEqual(
      refused('connection refused (ECONNREFUSED)')
    )
    expect(fetchBytes).toHaveBeenCalledTimes(1) // final: no GET after it

    const fault = new TypeError('a fault in the code')
    fetchBytes.mockRejectedValueOnce(fault)
    await expect(askResponder(url, request, leaf.certificate, issuer.certificate, context)).rejects.toBe(fault)
  })
})
