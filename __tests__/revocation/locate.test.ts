/** Locating a target: the one order that holds it, and the certificate with its serial among the order's. */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'
import { bySerial, Locator, sameSerial } from '../../src/revocation/locate.js'
import type { Target } from '../../src/revocation/targets.js'

const json = (statusCode: number, body: unknown): HttpAnswer => ({ statusCode, headers: {}, body: JSON.stringify(body) })
const byIdPath = (id: string) => `/order/certificate?filters[certificate_id]=${id}&offset=0&limit=1`
const bySerialPath = (serial: string) => `/order/certificate?filters[serial_number]=${serial}&offset=0&limit=1`
const list = (order: number, kind: string) => `/order/certificate/${order}/${kind}?show_archived=true`

const certificate: Target = { type: 'certificate', id: '5', source: 'certificate-id' }
const matched: Target = { type: 'certificate', id: '5', source: 'private-key' }
const serial: Target = { type: 'certificate', id: '0A1B', source: 'serial-number' }
const pem: Target = { type: 'certificate', id: '0A1B', source: 'certificate-pem' }

let answers: Map<string, HttpAnswer>
let gets: string[]
let locator: Locator
beforeEach(() => {
  answers = new Map()
  gets = []
  const clock: Clock = { now: () => 0, sleep: async () => undefined }
  const transport = {
    get: async (path: string) => {
      gets.push(path)
      return answers.get(path) ?? json(404, { errors: [{ code: 'not_found', message: 'No.' }] })
    },
    put: async () => Promise.reject(new Error('nothing is sent'))
  }
  locator = new Locator(new CertCentralApi(transport, { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 1 }))
})

describe('sameSerial and bySerial', () => {
  it('compares serials without leading zeros or colons, case ignored', () => {
    expect(sameSerial('000A1B', 'a1b')).toBe(true)
    expect(sameSerial('0a:1b', '0A1B')).toBe(true)
    expect(sameSerial('0', '00')).toBe(true)
    expect(sameSerial('0A1B', '0A1C')).toBe(false)
    expect(sameSerial('A1B0', 'A1B')).toBe(false)
  })

  it('names by serial only serial-number and certificate-pem targets', () => {
    expect([serial, pem, certificate, matched].map(bySerial)).toEqual([true, true, false, false])
  })
})

describe('Locator', () => {
  it('needs no request for an order, which is its own', async () => {
    expect(await locator.locate({ type: 'order', id: '77', source: 'order-id' })).toEqual({ orderId: '77' })
    expect(gets).toEqual([])
  })

  it('finds the order of a certificate ID (a key match too) through filters[certificate_id], once per run', async () => {
    answers.set(byIdPath('5'), json(200, { orders: [{ id: 9, certificate: { id: 5 } }], page: { total: 1 } }))
    expect(await locator.locate(certificate)).toEqual({ orderId: '9', certificateId: '5' })
    expect(await locator.locate(matched)).toEqual({ orderId: '9', certificateId: '5' })
    expect(gets).toEqual([byIdPath('5')])
  })

  it('finds the certificate with a serial as the primary, a duplicate or a reissue, and nothing else', async () => {
    answers.set(bySerialPath('0A1B'), json(200, { orders: [{ id: 9, certificate: { id: 1, serial_number: '0a1b' } }] }))
    expect(await locator.locate(serial)).toEqual({ orderId: '9', certificateId: '1' })
    expect(gets).toEqual([bySerialPath('0A1B')])

    // The same serial from certificate-pem is the same certificate: no second lookup.
    expect(await locator.locate(pem)).toEqual({ orderId: '9', certificateId: '1' })
    expect(gets).toEqual([bySerialPath('0A1B')])

    const another: Target = { type: 'certificate', id: '0E0F', source: 'certificate-pem' }
    answers.set(bySerialPath('0E0F'), json(200, { orders: [{ id: 9, certificate: { id: 1, serial_number: '0C' } }] }))
    answers.set(list(9, 'duplicate'), json(200, { certificates: [{ id: 2, serial_number: '0D' }, { id: 3 }] }))
    answers.set(list(9, 'reissue'), json(200, { certificates: [{ id: 4, serial_number: '00E0F' }] }))
    expect(await locator.locate(another)).toEqual({ orderId: '9', certificateId: '4' })
  })

  it("reads the lists as the key scan does: a pending or rejected entry holds no certificate, and no 'certificates' is none", async () => {
    const another: Target = { type: 'certificate', id: '0E0F', source: 'serial-number' }
    answers.set(bySerialPath('0E0F'), json(200, { orders: [{ id: 9, certificate: { id: 1, serial_number: '0C' } }] }))
    answers.set(list(9, 'duplicate'), json(200, { page: {} }))
    answers.set(
      list(9, 'reissue'),
      json(200, {
        certificates: [
          { id: 2, serial_number: '0E0F', status: 'pending' },
          { id: 3, serial_number: '0E0F', status: 'rejected' }
        ]
      })
    )
    expect(await locator.locate(another)).toBe('order 9, which CertCentral found for it, lists no certificate with serial 0E0F')
    answers.set(list(9, 'reissue'), json(200, { certificates: [{ id: 4, serial_number: '0E0F', status: 'approved' }] }))
    expect(await locator.locate(another)).toEqual({ orderId: '9', certificateId: '4' })
  })

  it('tells why when the lookup gives no order, several, or an order without the target; and asks again next time', async () => {
    expect(await locator.locate(certificate)).toBe('the certificate could not be looked up by certificate ID (HTTP 404 not_found: No.)')
    answers.set(
      byIdPath('5'),
      json(200, {
        orders: [
          { id: 9, certificate: { id: 5 } },
          { id: 10, certificate: { id: 5 } }
        ]
      })
    )
    expect(await locator.locate(certificate)).toBe('CertCentral lists 2 orders for this certificate, not one')
    // A primary with the ID but no certificate ID listed cannot be the target; the lists then decide.
    answers.set(byIdPath('5'), json(200, { orders: [{ id: 9, certificate: {} }] }))
    answers.set(list(9, 'duplicate'), json(200, { certificates: [] }))
    answers.set(list(9, 'reissue'), { statusCode: 200, headers: {}, body: '<html>' })
    expect(await locator.locate(certificate)).toBe(
      'the reissues of order 9 could not be listed (the certificate list could not be read as JSON)'
    )
    answers.set(list(9, 'duplicate'), json(503, { errors: [{ code: 'unavailable', message: 'Later.' }] }))
    expect(await locator.locate(certificate)).toBe('the duplicates of order 9 could not be listed (HTTP 503 unavailable: Later.)')
    answers.set(byIdPath('5'), { statusCode: 200, headers: {}, body: 'oops' })
    expect(await locator.locate(certificate)).toBe(
      'the certificate could not be looked up by certificate ID (the order lookup could not be read as JSON)'
    )
    answers.set(bySerialPath('0A1B'), json(200, { orders: [{ id: 9, certificate: { id: 1 } }] }))
    answers.set(list(9, 'duplicate'), json(200, { certificates: [{ id: 1 }] }))
    answers.set(list(9, 'reissue'), json(200, { certificates: [] }))
    expect(await locator.locate(serial)).toBe('order 9, which CertCentral found for it, lists no certificate with serial 0A1B')
    expect(gets.filter((path) => path === byIdPath('5'))).toHaveLength(5)
  })

  it('keeps what it found apart for each certificate ID and each serial, digits alike or not', async () => {
    const serial5: Target = { type: 'certificate', id: '5', source: 'serial-number' }
    const certificate6: Target = { type: 'certificate', id: '6', source: 'certificate-id' }
    const serial6: Target = { type: 'certificate', id: '6', source: 'serial-number' }
    answers.set(byIdPath('5'), json(200, { orders: [{ id: 9, certificate: { id: 5 } }] }))
    answers.set(byIdPath('6'), json(200, { orders: [{ id: 10, certificate: { id: 6 } }] }))
    answers.set(bySerialPath('5'), json(200, { orders: [{ id: 11, certificate: { id: 50, serial_number: '05' } }] }))
    answers.set(bySerialPath('6'), json(200, { orders: [{ id: 12, certificate: { id: 60, serial_number: '06' } }] }))
    const located = []
    for (const target of [certificate, serial5, certificate6, serial6]) located.push(await locator.locate(target))
    expect(located).toEqual([
      { orderId: '9', certificateId: '5' },
      { orderId: '11', certificateId: '50' },
      { orderId: '10', certificateId: '6' },
      { orderId: '12', certificateId: '60' }
    ])
    expect(gets).toEqual([byIdPath('5'), bySerialPath('5'), byIdPath('6'), bySerialPath('6')])
  })
})
