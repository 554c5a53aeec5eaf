import { describe, expect, it } from '@jest/globals'
import {
  describeApiError,
  excerpt,
  interpretRevokeAnswer,
  readApiError,
  readCertificateList,
  readOrderLookup,
  readOrderPage,
  normalSerial,
  type OrderPage,
  readOrderStatus,
  readRequest,
  readRequestPage,
  requestOrderId,
  type RequestInfo
} from '../../src/certcentral/answers.js'

const answer = (statusCode: number, body = '', headers = {}) => ({ statusCode, body, headers })

describe('interpretRevokeAnswer', () => {
  it('reads a 201 request object', () => {
    const body = JSON.stringify({ id: 7, date: '2016-02-10T17:06:15+00:00', type: 'revoke', status: 'pending' })
    expect(interpretRevokeAnswer(answer(201, body))).toEqual({
      status: 'pending',
      requestId: 7,
      date: '2016-02-10T17:06:15+00:00',
      error: null
    })
  })
  it.each(['submitted', 'approved', 'rejected'])('keeps the status %s', (status) => {
    expect(interpretRevokeAnswer(answer(201, JSON.stringify({ id: 1, status }))).status).toBe(status)
  })
  it('reads a 204 as submitted with no request', () => {
    expect(interpretRevokeAnswer(answer(204))).toEqual({ status: 'submitted', requestId: null, date: null, error: null })
  })
  it('treats an unreadable 201 or another 2xx as submitted, flagged', () => {
    expect(interpretRevokeAnswer(answer(201, '<html>ok</html>'))).toEqual({
      status: 'submitted',
      requestId: null,
      date: null,
      error: null,
      unreadable: true
    })
    expect(interpretRevokeAnswer(answer(201, JSON.stringify({ id: 3, status: 'weird' })))).toMatchObject({
      status: 'submitted',
      requestId: 3,
      unreadable: true
    })
    expect(interpretRevokeAnswer(answer(200, '{}'))).toMatchObject({ status: 'submitted', unreadable: true })
    expect(interpretRevokeAnswer(answer(201, 'null'))).toMatchObject({ status: 'submitted', unreadable: true })
  })
  it("fails with DigiCert's code and message", () => {
    const body = JSON.stringify({ errors: [{ code: 'not_found', message: 'Certificate not found.' }] })
    expect(interpretRevokeAnswer(answer(404, body))).toEqual({
      status: 'failed',
      requestId: null,
      date: null,
      error: { code: 'not_found', message: 'Certificate not found.', http_status: 404 }
    })
  })
})

describe('readApiError', () => {
  it("quotes a short, single-line excerpt of a body that is not DigiCert's JSON", () => {
    const html = '<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1>\n' + 'x'.repeat(500) + '</body></html>'
    const error = readApiError(answer(502, html))
    expect(error.code).toBeNull()
    expect(error.http_status).toBe(502)
    expect(error.message.startsWith('HTTP 502: 502 Bad Gateway Bad Gateway x')).toBe(true)
    expect(error.message).not.toContain('\n')
    expect(error.message.length).toBeLessThan(220)
  })
  it('says when the body is empty', () => {
    expect(readApiError(answer(503)).message).toBe('HTTP 503 with an empty body')
  })
  it("keeps DigiCert's message on one line", () => {
    const body = JSON.stringify({ errors: [{ code: 'x', message: 'line one\nline two' }] })
    expect(readApiError(answer(400, body)).message).toBe('line one line two')
  })
  it('excerpts drop tags', () => {
    expect(excerpt('<b>bold</b>  text')).toBe('bold text')
    expect(excerpt('<p>one</p><p>two</p>')).toBe('one two')
  })
})

describe('describeApiError', () => {
  it("puts the HTTP status, DigiCert's code and message on one line", () => {
    expect(describeApiError({ code: 'pending_reissue', message: 'Cancel the reissue.', http_status: 400 })).toBe(
      'HTTP 400 pending_reissue: Cancel the reissue.'
    )
    expect(describeApiError({ code: 'not_found', message: '', http_status: 404 })).toBe('HTTP 404 not_found')
  })
  it('does not repeat a status the message already starts with', () => {
    expect(describeApiError(readApiError(answer(502, '<html>Bad Gateway</html>')))).toBe('HTTP 502: Bad Gateway')
    expect(describeApiError(readApiError(answer(503)))).toBe('HTTP 503 with an empty body')
  })
  it('gives the message alone when no answer came', () => {
    expect(describeApiError({ code: null, message: 'timed out after 2 attempts: no answer within 1 s', http_status: null })).toBe(
      'timed out after 2 attempts: no answer within 1 s'
    )
  })
})

describe('interpretRevokeAnswer at the edges', () => {
  it('fails on any status outside 2xx', () => {
    for (const status of [100, 199, 300, 302, 400, 500]) expect(interpretRevokeAnswer(answer(status, '{}')).status).toBe('failed')
  })
  it('reads the body of a 201 only', () => {
    const body = JSON.stringify({ id: 9, status: 'pending', date: '2026-01-01' })
    expect(interpretRevokeAnswer(answer(200, body))).toEqual({
      status: 'submitted',
      requestId: null,
      date: null,
      error: null,
      unreadable: true
    })
    expect(interpretRevokeAnswer(answer(299, body))).toEqual({
      status: 'submitted',
      requestId: null,
      date: null,
      error: null,
      unreadable: true
    })
  })
  it('needs a whole-number ID and a known status to read a request', () => {
    expect(interpretRevokeAnswer(answer(201, JSON.stringify({ id: '7', status: 'pending' })))).toEqual({
      status: 'pending',
      requestId: null,
      date: null,
      error: null,
      unreadable: true
    })
    expect(interpretRevokeAnswer(answer(201, JSON.stringify({ id: 1.5, status: 'approved', date: 5 })))).toEqual({
      status: 'approved',
      requestId: null,
      date: null,
      error: null,
      unreadable: true
    })
  })
})

describe('readApiError at the edges', () => {
  it('takes a code without a message, or a message without a code', () => {
    expect(readApiError(answer(403, JSON.stringify({ errors: [{ code: 'access_denied' }] })))).toEqual({
      code: 'access_denied',
      message: '',
      http_status: 403
    })
    expect(readApiError(answer(400, JSON.stringify({ errors: [{ message: 'Bad request.' }] })))).toEqual({
      code: null,
      message: 'Bad request.',
      http_status: 400
    })
  })
  it("quotes the body when DigiCert's error format is not there", () => {
    expect(readApiError(answer(400, JSON.stringify({ errors: [{ code: 5 }] })))).toEqual({
      code: null,
      message: 'HTTP 400: {"errors":[{"code":5}]}',
      http_status: 400
    })
    expect(readApiError(answer(400, JSON.stringify({ errors: 'bad' })))).toEqual({
      code: null,
      message: 'HTTP 400: {"errors":"bad"}',
      http_status: 400
    })
    expect(readApiError(answer(400, '{"errors":[]}'))).toEqual({ code: null, message: 'HTTP 400: {"errors":[]}', http_status: 400 })
  })
})

describe('describeApiError at the edges', () => {
  it('gives the status with the message alone when there is no code, and the status alone when there is nothing else', () => {
    expect(describeApiError({ code: null, message: 'Bad request.', http_status: 400 })).toBe('HTTP 400 Bad request.')
    expect(describeApiError({ code: null, message: '', http_status: 400 })).toBe('HTTP 400')
  })
})

describe('readOrderPage', () => {
  it('reads each order with its status, its certificate ID and serial number, its duplicates and reissues, the orders received and the total', () => {
    const body = JSON.stringify({
      orders: [
        { id: 1, status: 'issued', certificate: { id: 10, serial_number: '0A1B' }, duplicates_count: 2, reissues_count: 0 },
        { id: 2, status: 'reissue_pending', has_duplicates: true, has_reissues: false },
        { id: 3, certificate: { id: 30, serial_number: 7 } }
      ],
      page: { total: 2500, limit: 1000, offset: 0 }
    })
    // Strictly: what the listing does not give is absent, not there as undefined.
    expect(readOrderPage(answer(200, body))).toStrictEqual({
      orders: [
        { id: '1', status: 'issued', certificateId: '10', serialNumber: '0A1B', duplicates: 2, reissues: 0 },
        { id: '2', status: 'reissue_pending', duplicates: undefined, reissues: 0 },
        { id: '3', certificateId: '30', duplicates: undefined, reissues: undefined }
      ],
      certificateIds: ['10', '30'],
      total: 2500,
      received: 3,
      unidentified: 0
    })
  })
  it('cleans what it keeps of the text: the status and the serial number, one line, cut', () => {
    const body = JSON.stringify({
      orders: [{ id: 1, status: 'issued\n\u001b[31m', certificate: { id: 2, serial_number: `0A\n${'B'.repeat(200)}` } }]
    })
    const [order] = (readOrderPage(answer(200, body)) as OrderPage).orders
    expect(order.status).toBe('issued')
    expect(order.serialNumber).toBe(`0A ${'B'.repeat(97)}…`)
  })
  it('prefers a count to a flag (has_* true says some, not how many), and ignores a count that is not a whole number of at least 0', () => {
    const body = JSON.stringify({
      orders: [
        { id: 1, duplicates_count: 0, has_duplicates: true, reissues_count: -1, has_reissues: true },
        { id: 2, duplicates_count: 1.5, reissues_count: '3' }
      ]
    })
    expect((readOrderPage(answer(200, body)) as { orders: unknown[] }).orders).toEqual([
      { id: '1', duplicates: 0, reissues: undefined },
      { id: '2', duplicates: undefined, reissues: undefined }
    ])
  })
  it('names an order without an ID after its certificate, and counts what has neither unless its status holds no valid certificate', () => {
    const ids = ['12', 0, -1, 1.5, 2 ** 53, null, true]
    const body = JSON.stringify({
      orders: [
        ...ids.map((id) => ({ id, certificate: { id } })),
        null,
        'x',
        { certificate: { id: 7 } },
        ...['pending', 'rejected', 'canceled', 'waiting_pickup', 'needs_approval', 'revoked'].map((status) => ({ status })),
        { status: 'issued' }
      ],
      page: { total: 19 }
    })
    expect(readOrderPage(answer(200, body))).toEqual({
      orders: [{ id: 'certificate-7', certificateId: '7', duplicates: undefined, reissues: undefined }],
      certificateIds: ['7'],
      total: 19,
      received: 17,
      unidentified: 10
    })
  })
  it('has no total unless the listing gives a whole number of at least 0', () => {
    expect(readOrderPage(answer(200, JSON.stringify({ orders: [] })))).toEqual({
      orders: [],
      certificateIds: [],
      total: undefined,
      received: 0,
      unidentified: 0
    })
    for (const total of [null, '', false, true, -1, 'many', '9', 2.5, 2 ** 53, {}, []]) {
      expect(readOrderPage(answer(200, JSON.stringify({ orders: [], page: { total } })))).toMatchObject({ total: undefined })
    }
    expect(readOrderPage(answer(200, JSON.stringify({ page: { total: 0 } })))).toMatchObject({ total: 0 })
    expect(readOrderPage(answer(200, JSON.stringify({ page: null })))).toMatchObject({ total: undefined })
  })
  it('reads JSON without orders as an empty page (as recorded live), and a list of orders that is not a list as unreadable', () => {
    expect(readOrderPage(answer(200, '{}'))).toEqual({ orders: [], certificateIds: [], total: undefined, received: 0, unidentified: 0 })
    expect(readOrderPage(answer(200, '{"page":{"total":0,"limit":1,"offset":0}}'))).toEqual({
      orders: [],
      certificateIds: [],
      total: 0,
      received: 0,
      unidentified: 0
    })
    for (const orders of [{ certificate: { id: 5 } }, 'x', 5, null]) {
      expect(readOrderPage(answer(200, JSON.stringify({ orders })))).toEqual({
        error: { code: null, message: 'the order list could not be read as JSON', http_status: 200 }
      })
    }
  })
  it('is an error when the answer is not a JSON object', () => {
    for (const body of ['<html>maintenance</html>', 'null', '42', '[]']) {
      expect(readOrderPage(answer(200, body))).toEqual({
        error: { code: null, message: 'the order list could not be read as JSON', http_status: 200 }
      })
    }
  })
})

describe('readCertificateList', () => {
  it('keeps every certificate but pending and rejected ones, with its serial number, and counts those without a numeric ID', () => {
    const body = JSON.stringify({
      certificates: [
        { id: 5, status: 'issued', serial_number: '05' },
        { id: 6, status: 'revoked' },
        { id: 7 },
        { id: 8, status: 'approved' },
        { id: 9, status: 'expired', serial_number: 9 },
        { id: 10, status: 'pending' },
        { id: 11, status: 'rejected' },
        { id: 12, status: 'archived?' },
        { id: 0 },
        { status: 'issued' },
        { status: 'pending' },
        null,
        'x'
      ]
    })
    // Strictly: a serial number the list does not give is absent, not there as undefined.
    expect(readCertificateList(answer(200, body))).toStrictEqual({
      certificates: [{ id: '5', serialNumber: '05' }, { id: '6' }, { id: '7' }, { id: '8' }, { id: '9' }, { id: '12' }],
      unidentified: 4
    })
  })
  it('is empty without a list, and an error when the answer is not a JSON object or its list not a list', () => {
    expect(readCertificateList(answer(200, '{}'))).toEqual({ certificates: [], unidentified: 0 })
    for (const body of ['<html/>', 'null', '42', '"text"', '[]', '{"certificates":{}}', '{"certificates":null}']) {
      expect(readCertificateList(answer(502, body))).toEqual({
        error: { code: null, message: 'the certificate list could not be read as JSON', http_status: 502 }
      })
    }
  })
})

describe('normalSerial', () => {
  it('drops separators, spaces and leading zeros, and upper-cases', () => {
    expect(normalSerial('00:0a:1B ff')).toBe('A1BFF')
    expect(normalSerial('0000')).toBe('0')
    expect(normalSerial('0A')).toBe(normalSerial('a'))
    // Zeros inside a serial number are kept.
    expect(normalSerial('1a:00:01')).toBe('1A0001')
    expect(normalSerial('00:10:00')).toBe('1000')
  })
})

describe('readRequestPage and readRequest', () => {
  it('reads each request, cleaned, and skips what is not one', () => {
    const body = JSON.stringify({
      requests: [
        { id: 11, status: 'pending', type: 'revoke', date: '2026-01-01T00:00:00+00:00' },
        { id: 12, status: 'approved\nnow', type: 7, comments: 'Revoked\u0007 by CI (certificate 5)' },
        { id: 0, status: 'pending' },
        { id: '13' },
        null,
        { id: 14, status: 3 }
      ],
      page: { total: 40 }
    })
    // Strictly: an entry that is not a request leaves no hole in the list.
    expect(readRequestPage(answer(200, body))).toStrictEqual({
      requests: [
        { id: 11, status: 'pending', type: 'revoke', date: '2026-01-01T00:00:00+00:00' },
        { id: 12, status: 'approved now', type: '', date: null, comments: 'Revoked  by CI (certificate 5)' },
        { id: 14, status: '', type: '', date: null }
      ],
      total: 40,
      received: 6
    })
  })
  it('cuts a status, a type and a date from outside to their limits', () => {
    const request = readRequest(
      answer(200, JSON.stringify({ id: 1, status: 's'.repeat(150), type: 't'.repeat(150), date: 'd'.repeat(50) }))
    ) as RequestInfo
    expect(request).toEqual({ id: 1, status: `${'s'.repeat(100)}…`, type: `${'t'.repeat(100)}…`, date: `${'d'.repeat(40)}…` })
  })
  it('keeps a comment whole, but for its control characters', () => {
    const comments = `${'c'.repeat(600)}\r\n\u009b (order 7)`
    expect(readRequest(answer(200, JSON.stringify({ id: 1, comments })))).toMatchObject({ comments: `${'c'.repeat(600)}    (order 7)` })
  })
  it('reads an empty page, and says when a page or a request cannot be read', () => {
    expect(readRequestPage(answer(200, '{}'))).toEqual({ requests: [], total: undefined, received: 0 })
    for (const body of ['<html/>', 'null', '42', '"text"']) {
      expect(readRequestPage(answer(200, body))).toEqual({
        error: { code: null, message: 'the request list could not be read as JSON', http_status: 200 }
      })
    }
    for (const body of ['<html/>', 'null', '{"id":-4}', '[]']) {
      expect(readRequest(answer(404, body))).toEqual({ error: { code: null, message: 'the request could not be read', http_status: 404 } })
    }
  })
})

describe('readOrderStatus, readOrderLookup, requestOrderId', () => {
  it("reads an order's status, cleaned", () => {
    expect(readOrderStatus(answer(200, JSON.stringify({ id: 7, status: 'revoked' })))).toEqual({ status: 'revoked' })
    expect(readOrderStatus(answer(200, JSON.stringify({ status: 'x\ny' })))).toEqual({ status: 'x y' })
    for (const body of ['{}', '{"status":5}', 'null', '<html/>']) {
      expect(readOrderStatus(answer(200, body))).toEqual({
        error: { code: null, message: 'the order could not be read', http_status: 200 }
      })
    }
  })
  it('reads the orders of a lookup with their primary certificate, and a total only when it is a whole number', () => {
    const body = {
      orders: [
        { id: 3, certificate: { id: 30, serial_number: '0a:1b' } },
        { id: 4, certificate: { id: '40', serial_number: 'not hex' } },
        { certificate: { id: 50 } },
        'junk',
        { id: 6 }
      ],
      page: { total: 2 }
    }
    expect(readOrderLookup(answer(200, JSON.stringify(body)))).toEqual({
      orders: [{ id: '3', certificateId: '30', serialNumber: '0a1b' }, { id: '4' }, { id: '6' }],
      total: 2
    })
    for (const total of [-1, 1.5, '2', null])
      expect(readOrderLookup(answer(200, JSON.stringify({ orders: [], page: { total } })))).toEqual({ orders: [], total: undefined })
    expect(readOrderLookup(answer(200, JSON.stringify({ page: { total: 0 } })))).toEqual({ orders: [], total: 0 })
    for (const body of ['oops', 'null']) {
      expect(readOrderLookup(answer(200, body))).toEqual({
        error: { code: null, message: 'the order lookup could not be read as JSON', http_status: 200 }
      })
    }
    // A list where the page belongs, or orders that are not a list: never read as "no order holds it".
    for (const body of [[], [{ id: 3 }], { orders: {} }, { orders: 'none' }, { orders: null }]) {
      expect(readOrderLookup(answer(200, JSON.stringify(body)))).toEqual({
        error: { code: null, message: 'the order lookup is not a list of orders', http_status: 200 }
      })
    }
  })
  it('keeps a serial number of a lookup only when it is all hex (colons allowed), at most 128 characters', () => {
    const serials = [1234, 'serial 0A1B', '0A1B serial', '0a:1b:2c', 'F'.repeat(128), 'F'.repeat(129), '']
    const body = { orders: serials.map((serial_number, i) => ({ id: i + 1, certificate: { id: 100 + i, serial_number } })) }
    expect(readOrderLookup(answer(200, JSON.stringify(body)))).toEqual({
      orders: [
        { id: '1', certificateId: '100' },
        { id: '2', certificateId: '101' },
        { id: '3', certificateId: '102' },
        { id: '4', certificateId: '103', serialNumber: '0a1b2c' },
        { id: '5', certificateId: '104', serialNumber: 'F'.repeat(128) },
        { id: '6', certificateId: '105' },
        { id: '7', certificateId: '106' }
      ],
      total: undefined
    })
  })

  it("reads a request's order, and a request object carries it", () => {
    expect(requestOrderId({ order: { id: 5001 } })).toBe('5001')
    for (const value of [{ order: { id: '5001' } }, { order: null }, {}, null, 'x', { order: { id: 0 } }])
      expect(requestOrderId(value)).toBeUndefined()
    expect(readRequest(answer(200, JSON.stringify({ id: 9, type: 'revoke', status: 'pending', order: { id: 12 } })))).toMatchObject({
      id: 9,
      orderId: '12'
    })
    expect(readRequest(answer(200, JSON.stringify({ id: 9 })))).not.toHaveProperty('orderId')
  })
})
