import { describe, expect, it } from '@jest/globals'
import { CertCentralApi, ORDER_PAGE_SIZE, REGIONS, REVOCATION_REASONS, revokePath, type Transport } from '../../src/certcentral/api.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'

describe('revokePath', () => {
  it('uses the certificate and order endpoints', () => {
    expect(revokePath({ type: 'certificate', id: '12' })).toBe('/certificate/12/revoke')
    expect(revokePath({ type: 'certificate', id: '0A1B' })).toBe('/certificate/0A1B/revoke')
    expect(revokePath({ type: 'order', id: '7' })).toBe('/order/certificate/7/revoke')
  })
  it('cannot be steered to another path', () => {
    expect(revokePath({ type: 'certificate', id: '../../user' })).toBe('/certificate/..%2F..%2Fuser/revoke')
    expect(revokePath({ type: 'order', id: '7/../../user' })).toBe('/order/certificate/7%2F..%2F..%2Fuser/revoke')
  })
})

describe("the contract's constants", () => {
  it('knows both regions and every revocation reason', () => {
    expect(REGIONS).toEqual({ us: 'https://www.digicert.com/services/v2', eu: 'https://certcentral.digicert.eu/services/v2' })
    expect(REVOCATION_REASONS).toEqual(['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'])
    expect(ORDER_PAGE_SIZE).toBe(1000)
  })
})

type Call = { method: 'GET' | 'PUT'; path: string; accept?: string; data?: boolean; body?: unknown }

/** A transport that records every call and answers from `script` in order (200 with an empty body when it runs out). */
function fakeTransport(...script: HttpAnswer[]): Transport & { calls: Call[] } {
  const calls: Call[] = []
  const next = async (): Promise<HttpAnswer> => script.shift() ?? { statusCode: 200, headers: {}, body: '' }
  return {
    calls,
    get: (path, accept, data) => {
      calls.push({ method: 'GET', path, ...(accept === undefined ? {} : { accept }), ...(data === undefined ? {} : { data }) })
      return next()
    },
    put: (path, body) => {
      calls.push({ method: 'PUT', path, body })
      return next()
    }
  }
}

/** The API over `transport`, with a clock that never waits; `log` and `acquired` record the pacing. */
function paced(transport: Transport) {
  const clock: Clock = { now: () => 0, sleep: async () => undefined }
  const limiter = new RateLimiter(undefined, clock)
  const log: string[] = []
  let acquired = 0
  const acquire = limiter.acquire.bind(limiter)
  limiter.acquire = () => {
    acquired++
    return acquire()
  }
  const api = new CertCentralApi(transport, { limiter, clock, maxAttempts: 3, log: (line) => log.push(line), random: () => 1 })
  return { api, log, acquired: () => acquired }
}

const busy: HttpAnswer = { statusCode: 503, headers: {}, body: '' }
const ok = (body = ''): HttpAnswer => ({ statusCode: 200, headers: {}, body })

describe('CertCentralApi', () => {
  it('lists one page of the orders in every status, from an offset, a thousand at a time unless told', async () => {
    const transport = fakeTransport(ok('{"orders":[]}'), ok())
    const { api } = paced(transport)
    expect(await api.listOrders(2000)).toEqual({ attempts: 1, answer: ok('{"orders":[]}') })
    await api.listOrders(0, 50)
    expect(transport.calls).toEqual([
      { method: 'GET', path: '/order/certificate?sort=order_id&offset=2000&limit=1000' },
      { method: 'GET', path: '/order/certificate?sort=order_id&offset=0&limit=50' }
    ])
  })

  it("lists an order's duplicates or reissues, archived ones included", async () => {
    const transport = fakeTransport(ok('{"certificates":[]}'), busy, ok())
    const { api, log } = paced(transport)
    expect(await api.listOrderCertificates('77', 'duplicate')).toEqual({ attempts: 1, answer: ok('{"certificates":[]}') })
    expect(await api.listOrderCertificates('7/8', 'reissue')).toMatchObject({ attempts: 2 })
    expect(transport.calls).toEqual([
      { method: 'GET', path: '/order/certificate/77/duplicate?show_archived=true' },
      { method: 'GET', path: '/order/certificate/7%2F8/reissue?show_archived=true' },
      { method: 'GET', path: '/order/certificate/7%2F8/reissue?show_archived=true' }
    ])
    expect(log).toEqual(['order 7/8 reissues: HTTP 503 with an empty body; attempt 2 of 3 in 1.0 s.'])
  })

  it('looks an order up by certificate ID or serial', async () => {
    const transport = fakeTransport()
    const { api } = paced(transport)
    await api.findByCertificateId('1001')
    await api.findByCertificateId('1&2')
    await api.findBySerial('0A1B')
    expect(transport.calls.map((call) => call.path)).toEqual([
      '/order/certificate?filters[certificate_id]=1001&offset=0&limit=1',
      '/order/certificate?filters[certificate_id]=1%262&offset=0&limit=1',
      '/order/certificate?filters[serial_number]=0A1B&offset=0&limit=1'
    ])
  })

  it("downloads a certificate's whole chain as PEM, asking for any type", async () => {
    const transport = fakeTransport(ok('-----BEGIN CERTIFICATE-----'))
    const { api } = paced(transport)
    expect(await api.downloadChain('1234')).toEqual({ attempts: 1, answer: ok('-----BEGIN CERTIFICATE-----') })
    await api.downloadChain('../x')
    expect(transport.calls).toEqual([
      { method: 'GET', path: '/certificate/1234/download/format/pem_all', accept: '*/*', data: true },
      { method: 'GET', path: '/certificate/..%2Fx/download/format/pem_all', accept: '*/*', data: true }
    ])
  })

  it("lists the account's requests of a status, pending unless told", async () => {
    const transport = fakeTransport()
    const { api } = paced(transport)
    await api.listRequests(0)
    await api.listRequests(1000, 'approved', 20)
    await api.listRequests(0, 'a&b')
    expect(transport.calls).toEqual([
      { method: 'GET', path: '/request?filters[status]=pending&filters[type]=revoke&offset=0&limit=1000' },
      { method: 'GET', path: '/request?filters[status]=approved&filters[type]=revoke&offset=1000&limit=20' },
      { method: 'GET', path: '/request?filters[status]=a%26b&filters[type]=revoke&offset=0&limit=1000' }
    ])
  })

  it('looks up one request, one order, and the order of a serial number', async () => {
    const transport = fakeTransport()
    const { api } = paced(transport)
    await api.getRequest(42)
    await api.getOrder('77')
    await api.getOrder('7/8')
    await api.findBySerial('0A1B')
    await api.findBySerial('0A&x=1')
    expect(transport.calls).toEqual([
      { method: 'GET', path: '/request/42' },
      { method: 'GET', path: '/order/certificate/77' },
      { method: 'GET', path: '/order/certificate/7%2F8' },
      { method: 'GET', path: '/order/certificate?filters[serial_number]=0A1B&offset=0&limit=1' },
      { method: 'GET', path: '/order/certificate?filters[serial_number]=0A%26x%3D1&offset=0&limit=1' }
    ])
  })

  it('revokes a certificate or a whole order with a PUT of the body', async () => {
    const transport = fakeTransport({ statusCode: 201, headers: {}, body: '{"id":1}' }, { statusCode: 204, headers: {}, body: '' })
    const { api } = paced(transport)
    const body = { comments: 'why', skip_approval: false }
    expect(await api.revoke({ type: 'certificate', id: '0A1B' }, body, 'certificate with serial 0A1B')).toEqual({
      attempts: 1,
      answer: { statusCode: 201, headers: {}, body: '{"id":1}' }
    })
    await api.revoke({ type: 'order', id: '77' }, body, 'order 77')
    expect(transport.calls).toEqual([
      { method: 'PUT', path: '/certificate/0A1B/revoke', body },
      { method: 'PUT', path: '/order/certificate/77/revoke', body }
    ])
  })

  it('sends every call through the shared pacing: one slot per attempt, retries named after the call', async () => {
    const transport = fakeTransport(...Array.from({ length: 8 }, () => [busy, ok()]).flat())
    const { api, log, acquired } = paced(transport)
    expect(await api.listOrders(0)).toMatchObject({ attempts: 2, answer: { statusCode: 200 } })
    expect(await api.downloadChain('5')).toMatchObject({ attempts: 2, answer: { statusCode: 200 } })
    expect(await api.revoke({ type: 'order', id: '77' }, { comments: 'c', skip_approval: true }, 'order 77')).toMatchObject({ attempts: 2 })
    expect(await api.listRequests(0)).toMatchObject({ attempts: 2 })
    expect(await api.getRequest(42)).toMatchObject({ attempts: 2 })
    expect(await api.getOrder('78')).toMatchObject({ attempts: 2 })
    expect(await api.findBySerial('0A1B')).toMatchObject({ attempts: 2 })
    expect(await api.findByCertificateId('1001')).toMatchObject({ attempts: 2 })
    expect(acquired()).toBe(16)
    const retry = ': HTTP 503 with an empty body; attempt 2 of 3 in 1.0 s.'
    expect(log).toEqual(
      [
        'listing orders',
        'certificate 5 download',
        'order 77',
        'listing open requests',
        'request 42',
        'order 78',
        'serial 0A1B lookup',
        'certificate 1001 lookup'
      ].map((label) => `${label}${retry}`)
    )
  })
})
