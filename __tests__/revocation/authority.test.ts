/** Who says a target is revoked: an order's status in CertCentral, a certificate's CA (faked at its module). */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type * as AskCa from '../../src/ca/ask-ca.js'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'
import { addressPolicy } from '../../src/inputs/address-policies.js'
import type { Target } from '../../src/revocation/targets.js'
import { testSettings } from '../support/settings.js'
import { generateKeyPairSync } from 'node:crypto'
import { CA_CERTIFICATE, issueCertificate } from '../../simulator/x509.js'

const askCa = jest.fn<typeof AskCa.askCa>()
jest.unstable_mockModule('../../src/ca/ask-ca.js', () => ({ askCa }))
const { Authority } = await import('../../src/revocation/authority.js')

const LEAF = '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----'
const ISSUER = '-----BEGIN CERTIFICATE-----\nISSUER\n-----END CERTIFICATE-----'
const ROOT = '-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----'
const json = (statusCode: number, body: unknown): HttpAnswer => ({ statusCode, headers: {}, body: JSON.stringify(body) })
const pem = (body: string): HttpAnswer => ({ statusCode: 200, headers: {}, body })
const refusal = (statusCode: number, code: string, message: string) => json(statusCode, { errors: [{ code, message }] })
const download = (id: string) => `/certificate/${id}/download/format/pem_all`
const lookup = (serial: string) => `/order/certificate?filters[serial_number]=${serial}&offset=0&limit=1`

const order: Target = { type: 'order', id: '55', source: 'order-id' }
const byId: Target = { type: 'certificate', id: '1001', source: 'certificate-id' }
const bySerial: Target = { type: 'certificate', id: '0A1B', source: 'serial-number' }
const byPem: Target = { type: 'certificate', id: '0C0D', source: 'certificate-pem' }
/** A real certificate with this serial number: a download for a serial is checked against it. */
const leafWithSerial = (serialNumber: string): string =>
  issueCertificate({ serialNumber, commonName: 'x.example.test', publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey })
const orderOf = (id: number, certificate: object, total = 1) => json(200, { orders: [{ id, certificate }], page: { total } })

let answers: Map<string, HttpAnswer | Error>
let gets: string[]
let authority: InstanceType<typeof Authority>
const redact = (text: string) => text.replaceAll('secret', '***')

beforeEach(() => {
  answers = new Map()
  gets = []
  askCa.mockReset()
  askCa.mockResolvedValue({ state: 'good', checkedAt: '2026-12-02T10:00:00Z', detail: 'OCSP at 2026-12-02T10:00:00Z: good' })
  const clock: Clock = { now: () => 0, sleep: async () => undefined }
  const transport = {
    get: async (path: string) => {
      gets.push(path)
      const answer = answers.get(path) ?? refusal(404, 'not_found', 'No such thing.')
      if (answer instanceof Error) throw answer
      return answer
    },
    put: async () => Promise.reject(new Error('the authority sends nothing'))
  }
  const api = new CertCentralApi(transport, { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 1 })
  authority = new Authority(api, { settings: testSettings({ requestTimeoutMs: 1234 }), redact })
})

describe('an order', () => {
  it('is revoked when CertCentral says its status is revoked, and not otherwise', async () => {
    answers.set('/order/certificate/55', json(200, { id: 55, status: 'revoked' }))
    expect(await authority.ask(order)).toEqual({ state: 'revoked', detail: 'order status revoked' })
    answers.set('/order/certificate/55', json(200, { id: 55, status: 'issued' }))
    expect(await authority.ask(order)).toEqual({ state: 'not-revoked', detail: 'order status issued' })
    expect(askCa).not.toHaveBeenCalled()
  })

  it('is unknown when its status cannot be read, saying why', async () => {
    answers.set('/order/certificate/55', refusal(403, 'access_denied', 'Denied.'))
    expect(await authority.ask(order)).toEqual({
      state: 'unknown',
      detail: "the order's status could not be read (HTTP 403 access_denied: Denied.)"
    })
    answers.set('/order/certificate/55', json(200, { id: 55 }))
    expect(await authority.ask(order)).toEqual({
      state: 'unknown',
      detail: "the order's status could not be read (the order could not be read)"
    })
    answers.set('/order/certificate/55', new Error('socket hang up'))
    expect(await authority.ask(order)).toMatchObject({
      state: 'unknown',
      detail: expect.stringMatching(/^the order's status could not be read \(.*socket hang up/)
    })
  })
})

describe('a certificate', () => {
  it("asks its CA with the leaf and the issuer of CertCentral's download, and words the CA's verdict", async () => {
    answers.set(download('1001'), pem(`${LEAF}\n${ISSUER}\n${ROOT}\n`))
    askCa.mockResolvedValueOnce({ state: 'revoked', checkedAt: 'T', detail: 'OCSP at T: revoked' })
    expect(await authority.ask(byId)).toEqual({ state: 'revoked', detail: 'OCSP at T: revoked' })
    expect(askCa).toHaveBeenCalledWith(LEAF, ISSUER, {
      timeoutMs: 1234,
      redact,
      addresses: { baseUrl: 'https://www.digicert.com/services/v2', exemptHosts: ['https://crt.sh/'] }
    })
    askCa.mockResolvedValueOnce({ state: 'good', checkedAt: 'T', detail: 'OCSP at T: good' })
    expect(await authority.ask(byId)).toEqual({ state: 'not-revoked', detail: 'OCSP at T: good' })
    // On hold is not a revocation: the target keeps its status, and the CA's words say "on hold".
    askCa.mockResolvedValueOnce({ state: 'on-hold', checkedAt: 'T', detail: 'on hold since T (certificateHold, not a revocation)' })
    expect(await authority.ask(byId)).toEqual({ state: 'not-revoked', detail: 'on hold since T (certificateHold, not a revocation)' })
    for (const state of ['unknown', 'not-checkable', 'no-answer'] as const) {
      askCa.mockResolvedValueOnce({ state, checkedAt: 'T', detail: `the CA: ${state}` })
      expect(await authority.ask(byId)).toEqual({ state: 'unknown', detail: `the CA: ${state}` })
    }
    // The chain was downloaded once, and kept for every later question.
    expect(gets).toEqual([download('1001')])
  })

  it('looks a serial number up first, then downloads the certificate it finds, once per run', async () => {
    const leaf = leafWithSerial('0A1B')
    answers.set(lookup('0A1B'), orderOf(77, { id: 2002, serial_number: '000a1b' }))
    answers.set(download('2002'), pem(`${leaf}\n${ISSUER}`))
    expect(await authority.ask(bySerial)).toMatchObject({ state: 'not-revoked' })
    expect(await authority.ask(bySerial)).toMatchObject({ state: 'not-revoked' })
    expect(gets).toEqual([lookup('0A1B'), download('2002')])
    expect(askCa).toHaveBeenCalledWith(leaf.trim(), ISSUER, expect.anything())
  })

  it('finds the certificate with the serial among the duplicates and reissues, archived ones included', async () => {
    const leaf = leafWithSerial('0A1B')
    answers.set(lookup('0A1B'), orderOf(77, { id: 2001, serial_number: '0F0F' }))
    answers.set('/order/certificate/77/duplicate?show_archived=true', json(200, { certificates: [{ id: 2003, serial_number: '0C' }] }))
    answers.set(
      '/order/certificate/77/reissue?show_archived=true',
      json(200, { certificates: [{ id: 2001 }, { id: 2004, serial_number: '0a1b' }] })
    )
    answers.set(download('2004'), pem(`${leaf}\n${ISSUER}`))
    expect(await authority.ask(bySerial)).toMatchObject({ state: 'not-revoked' })
    expect(gets).toEqual([
      lookup('0A1B'),
      '/order/certificate/77/duplicate?show_archived=true',
      '/order/certificate/77/reissue?show_archived=true',
      download('2004')
    ])
  })

  it('never lets another certificate of the order answer for the serial: not listed, or a download of another', async () => {
    answers.set(lookup('0A1B'), orderOf(77, { id: 2001, serial_number: '0F0F' }))
    answers.set('/order/certificate/77/duplicate?show_archived=true', json(200, { certificates: [] }))
    answers.set('/order/certificate/77/reissue?show_archived=true', json(200, { certificates: [{ id: 2001, serial_number: '0F0F' }] }))
    expect(await authority.ask(bySerial)).toEqual({
      state: 'unknown',
      detail: 'order 77, which CertCentral found for it, lists no certificate with serial 0A1B'
    })
    // Listed with the serial, but the download is the primary's (CertCentral may serve it for a duplicate).
    answers.set('/order/certificate/77/duplicate?show_archived=true', json(200, { certificates: [{ id: 2002, serial_number: '0A1B' }] }))
    answers.set(download('2002'), pem(`${leafWithSerial('0F0F')}\n${ISSUER}`))
    expect(await authority.ask(bySerial)).toEqual({
      state: 'unknown',
      detail:
        "CertCentral's download of certificate 2002 is not the certificate with serial 0A1B (it has serial 0F0F), so its CA was not asked"
    })
    answers.set(download('2002'), pem(`${LEAF}\n${ISSUER}`))
    expect(await authority.ask(bySerial)).toMatchObject({ detail: expect.stringContaining('(it has serial unreadable)') })
    expect(askCa).not.toHaveBeenCalled()
  })

  it('asks about a certificate-pem target with the leaf and issuer of CertCentral, never those of the input', async () => {
    const leaf = leafWithSerial('0C0D')
    answers.set(lookup('0C0D'), orderOf(78, { id: 3003, serial_number: '0C0D' }))
    answers.set(download('3003'), pem(`${leaf}\n${CA_CERTIFICATE}`))
    await authority.ask(byPem)
    expect(askCa).toHaveBeenCalledWith(leaf.trim(), CA_CERTIFICATE.trim(), expect.anything())
  })

  it('needs no request when the key scan downloaded the chain', async () => {
    authority.remember(byId, { leaf: 'SCANNED-LEAF', issuer: 'SCANNED-ISSUER' })
    await authority.ask(byId)
    expect(askCa).toHaveBeenLastCalledWith('SCANNED-LEAF', 'SCANNED-ISSUER', expect.anything())
    expect(gets).toEqual([])
  })

  it("asks the CA under the run's one address rule, the one for certificates found in CT too: the CT and ACME hosts exempt", async () => {
    const settings = testSettings({
      baseUrl: 'http://127.0.0.1:9/services/v2',
      requestTimeoutMs: 1234,
      beyond: {
        ctSearch: 'report',
        ctSearchUrl: 'https://ct.corp.invalid/',
        acmeRevoke: true,
        acmeDirectories: [{ issuer: 'Corp CA', url: 'https://acme.corp.invalid/directory' }]
      }
    })
    const withPolicy = new Authority(undefined as never, { settings, redact })
    withPolicy.remember(byId, { leaf: 'SCANNED-LEAF', issuer: 'SCANNED-ISSUER' }) // the chain at hand: no request
    await withPolicy.ask(byId)
    const addresses = {
      baseUrl: 'http://127.0.0.1:9/services/v2',
      exemptHosts: ['https://ct.corp.invalid/', 'https://acme.corp.invalid/directory']
    }
    expect(askCa).toHaveBeenLastCalledWith('SCANNED-LEAF', 'SCANNED-ISSUER', { timeoutMs: 1234, redact, addresses })
    expect(askCa.mock.lastCall?.[2]?.addresses).toBe(addressPolicy(settings))
  })

  it('does not remember a chain without its issuer', async () => {
    authority.remember(byId, { leaf: 'SCANNED-LEAF' })
    answers.set(download('1001'), pem(`${LEAF}\n${ISSUER}`))
    await authority.ask(byId)
    expect(askCa).toHaveBeenLastCalledWith(LEAF, ISSUER, expect.anything())
  })

  it('is unknown, saying why, when the chain cannot be had; and tries the download again on the next question', async () => {
    const unknownBecause = async (target: Target, detail: string) => {
      expect(await authority.ask(target)).toEqual({ state: 'unknown', detail })
    }
    await unknownBecause(byId, 'the certificate could not be downloaded (HTTP 404 not_found: No such thing.)')
    answers.set(download('1001'), new Error('connect ECONNREFUSED'))
    expect(await authority.ask(byId)).toMatchObject({
      state: 'unknown',
      detail: expect.stringMatching(/^the certificate could not be downloaded \(.*ECONNREFUSED/)
    })
    answers.set(download('1001'), pem(LEAF))
    await unknownBecause(byId, "CertCentral's download holds no issuer certificate to check the CA's answer with")
    answers.set(download('1001'), pem('no certificate at all'))
    await unknownBecause(byId, "CertCentral's download holds no issuer certificate to check the CA's answer with")
    expect(gets).toEqual([download('1001'), download('1001'), download('1001'), download('1001')])
    expect(askCa).not.toHaveBeenCalled()
    answers.set(download('1001'), pem(`${LEAF}${ISSUER}`))
    expect(await authority.ask(byId)).toMatchObject({ state: 'not-revoked' })
    expect(askCa).toHaveBeenCalledWith(LEAF, ISSUER, expect.anything())
  })

  it('is unknown, saying why, when a serial number cannot be looked up', async () => {
    await expect(authority.ask(bySerial)).resolves.toEqual({
      state: 'unknown',
      detail: 'the certificate could not be looked up by serial number (HTTP 404 not_found: No such thing.)'
    })
    answers.set(lookup('0A1B'), json(200, { orders: [], page: { total: 0 } }))
    await expect(authority.ask(bySerial)).resolves.toEqual({
      state: 'unknown',
      detail: 'CertCentral lists no order that holds this certificate'
    })
    answers.set(lookup('0A1B'), orderOf(77, { id: 2002, serial_number: '0A1B' }, 2))
    await expect(authority.ask(bySerial)).resolves.toEqual({
      state: 'unknown',
      detail: 'CertCentral lists 2 orders for this certificate, not one'
    })
    answers.set(lookup('0A1B'), { statusCode: 200, headers: {}, body: 'not json' })
    await expect(authority.ask(bySerial)).resolves.toEqual({
      state: 'unknown',
      detail: 'the certificate could not be looked up by serial number (the order lookup could not be read as JSON)'
    })
    answers.set(lookup('0A1B'), new Error('socket hang up'))
    await expect(authority.ask(bySerial)).resolves.toMatchObject({
      state: 'unknown',
      detail: expect.stringMatching(/^the certificate could not be looked up by serial number \(.*socket hang up/)
    })
    expect(askCa).not.toHaveBeenCalled()
  })
})
