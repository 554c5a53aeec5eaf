/**
 * The action's readers against CertCentral's answers as DigiCert documents them: one fixture per answer shape the
 * action reads (__tests__/fixtures/certcentral/, our own JSON following the documented field lists and the recorded
 * live answers), each read for what the action needs of it.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import {
  interpretRevokeAnswer,
  readApiError,
  readCertificateList,
  readOrderLookup,
  readOrderPage,
  readOrderStatus,
  readRequest,
  readRequestPage
} from '../../src/certcentral/answers.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'

const FIXTURES = new URL('../fixtures/certcentral/', import.meta.url)
const fixture = (name: string, statusCode = 200): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: readFileSync(new URL(name, FIXTURES), 'utf8')
})

describe("the action's readers accept CertCentral's documented answers", () => {
  it('has a test below for every fixture, and every fixture is JSON', () => {
    const files = readdirSync(FIXTURES).sort()
    expect(files).toEqual(
      [
        'duplicates.json',
        'error-invalid-key.json',
        'error-order-not-found.json',
        'error-rate-limit.json',
        'order-info.json',
        'order-list-empty.json',
        'order-list.json',
        'reissues.json',
        'request-info-approved.json',
        'request-info-pending.json',
        'request-list.json',
        'revoke-201.json'
      ].sort()
    )
    for (const file of files) expect(() => JSON.parse(fixture(file).body) as unknown).not.toThrow()
  })

  it('the order list: every status, the primary certificate and its upper-case serial with a leading zero, the counts', () => {
    expect(readOrderPage(fixture('order-list.json'))).toEqual({
      orders: [
        {
          id: '110001',
          certificateId: '210001',
          serialNumber: '0A5D5F3F1E64B5A8C1E7D0F0B8A9C3D2',
          status: 'issued',
          duplicates: 2,
          reissues: 0
        },
        {
          id: '110002',
          certificateId: '210002',
          serialNumber: '3F2A91C0D5E6B7A8F9E0D1C2B3A49586',
          status: 'expired',
          duplicates: 0,
          reissues: 0
        },
        {
          id: '110003',
          certificateId: '210003',
          serialNumber: '7C1D2E3F405162738495A6B7C8D9EAFB',
          status: 'reissue_pending',
          duplicates: 0,
          reissues: 1
        },
        { id: '110004', certificateId: '210004', status: 'pending', duplicates: 0, reissues: 0 }
      ],
      certificateIds: ['210001', '210002', '210003', '210004'],
      total: 4,
      received: 4,
      unidentified: 0
    })
    // A serial number lookup answers in the same shape.
    expect(readOrderLookup(fixture('order-list.json'))).toMatchObject({
      orders: expect.arrayContaining([expect.objectContaining({ certificateId: '210001' })])
    })
  })

  it('the empty order list, recorded live without `orders`: an empty page with its total', () => {
    expect(readOrderPage(fixture('order-list-empty.json'))).toEqual({
      orders: [],
      certificateIds: [],
      total: 0,
      received: 0,
      unidentified: 0
    })
    expect(readOrderLookup(fixture('order-list-empty.json'))).toEqual({ orders: [], total: 0 })
  })

  it('order info: its status', () => {
    expect(readOrderStatus(fixture('order-info.json'))).toEqual({ status: 'issued' })
  })

  it('the duplicate list: the primary it repeats, an archived duplicate, and no pending one (it holds no certificate)', () => {
    expect(readCertificateList(fixture('duplicates.json'))).toEqual({
      certificates: [
        { id: '210001', serialNumber: '0A5D5F3F1E64B5A8C1E7D0F0B8A9C3D2' },
        { id: '210011', serialNumber: '05C3D4E5F60718293A4B5C6D7E8F9001' }
      ],
      unidentified: 0
    })
  })

  it('the reissue list: the issued certificate, not the pending or rejected reissues', () => {
    expect(readCertificateList(fixture('reissues.json'))).toEqual({
      certificates: [{ id: '210003', serialNumber: '7C1D2E3F405162738495A6B7C8D9EAFB' }],
      unidentified: 0
    })
  })

  it('the 201 of a revoke: the request, pending, with its ID and date', () => {
    expect(interpretRevokeAnswer(fixture('revoke-201.json', 201))).toEqual({
      status: 'pending',
      requestId: 4402,
      date: '2026-12-06T10:00:00+00:00',
      error: null
    })
  })

  it('the request list and request info, pending and processed', () => {
    expect(readRequestPage(fixture('request-list.json'))).toEqual({
      requests: [{ id: 4402, status: 'pending', type: 'revoke', date: '2026-12-06T10:00:00+00:00', orderId: '110001' }],
      total: 1,
      received: 1
    })
    expect(readRequest(fixture('request-info-pending.json'))).toEqual({
      id: 4402,
      status: 'pending',
      type: 'revoke',
      date: '2026-12-06T10:00:00+00:00',
      comments: 'Key leaked (certificate 210001)',
      orderId: '110001'
    })
    expect(readRequest(fixture('request-info-approved.json'))).toMatchObject({ id: 4402, status: 'approved' })
  })

  it("DigiCert's errors: the code and the message", () => {
    expect(readApiError(fixture('error-invalid-key.json', 403))).toEqual({
      code: 'access_denied|access_denied_invalid_key',
      message: 'Access denied due to access_denied_invalid_key.',
      http_status: 403
    })
    expect(readApiError(fixture('error-order-not-found.json', 404))).toEqual({
      code: 'not_found|order',
      message: 'The specified order was not found.',
      http_status: 404
    })
    expect(readApiError(fixture('error-rate-limit.json', 429))).toMatchObject({ code: 'request_limit_exceeded', http_status: 429 })
  })
})
