import { describe, expect, it } from '@jest/globals'
import { describeApiError, excerpt, interpretRevokeAnswer, readApiError } from '../../src/certcentral/answers.js'

const answer = (statusCode: number, body = '', headers = {}) => ({ statusCode, body, headers })

describe('interpretRevokeAnswer', () => {
  it('reads a 201 request object', () => {
    const body = JSON.stringify({ id: 7, date: '2016-02-10T17:06:15+00:00', type: 'revoke', status: 'pending' })
    expect(interpretRevokeAnswer(answer(201, body))).toEqual({ status: 'pending', requestId: 7, date: '2016-02-10T17:06:15+00:00', error: null })
  })
  it.each(['submitted', 'approved', 'rejected'])('keeps the status %s', (status) => {
    expect(interpretRevokeAnswer(answer(201, JSON.stringify({ id: 1, status }))).status).toBe(status)
  })
  it('reads a 204 as submitted with no request', () => {
    expect(interpretRevokeAnswer(answer(204))).toEqual({ status: 'submitted', requestId: null, date: null, error: null })
  })
  it('treats an unreadable 201 or another 2xx as submitted, flagged', () => {
    expect(interpretRevokeAnswer(answer(201, '<html>ok</html>'))).toEqual({ status: 'submitted', requestId: null, date: null, error: null, unreadable: true })
    expect(interpretRevokeAnswer(answer(201, JSON.stringify({ id: 3, status: 'weird' })))).toMatchObject({ status: 'submitted', requestId: 3, unreadable: true })
    expect(interpretRevokeAnswer(answer(200, '{}'))).toMatchObject({ status: 'submitted', unreadable: true })
    expect(interpretRevokeAnswer(answer(201, 'null'))).toMatchObject({ status: 'submitted', unreadable: true })
  })
  it('fails with DigiCert\'s code and message', () => {
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
  it('quotes a short, single-line excerpt of a body that is not DigiCert\'s JSON', () => {
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
  it('keeps DigiCert\'s message on one line', () => {
    const body = JSON.stringify({ errors: [{ code: 'x', message: 'line one\nline two' }] })
    expect(readApiError(answer(400, body)).message).toBe('line one line two')
  })
  it('excerpts drop tags', () => {
    expect(excerpt('<b>bold</b>  text')).toBe('bold text')
  })
})

describe('describeApiError', () => {
  it('puts the HTTP status, DigiCert\'s code and message on one line', () => {
    expect(describeApiError({ code: 'pending_reissue', message: 'Cancel the reissue.', http_status: 400 })).toBe('HTTP 400 pending_reissue: Cancel the reissue.')
    expect(describeApiError({ code: 'not_found', message: '', http_status: 404 })).toBe('HTTP 404 not_found')
  })
  it('does not repeat a status the message already starts with', () => {
    expect(describeApiError(readApiError(answer(502, '<html>Bad Gateway</html>')))).toBe('HTTP 502: Bad Gateway')
    expect(describeApiError(readApiError(answer(503)))).toBe('HTTP 503 with an empty body')
  })
  it('gives the message alone when no answer came', () => {
    expect(describeApiError({ code: null, message: 'timed out after 2 attempts: no answer within 1 s', http_status: null })).toBe('timed out after 2 attempts: no answer within 1 s')
  })
})
