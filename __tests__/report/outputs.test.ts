import { describe, expect, it } from '@jest/globals'
import { buildOutputs } from '../../src/report/outputs.js'
import { Redactor, REDACTED } from '../../src/secrets.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'

const results: RevocationResult[] = [
  { target: { type: 'certificate', id: '1', source: 'certificate-id' }, attempts: 1, status: 'pending', requestId: 11, date: 'd1', error: null },
  { target: { type: 'order', id: '2', source: 'order-id' }, attempts: 1, status: 'submitted', requestId: null, date: null, error: null },
  {
    target: { type: 'certificate', id: 'AB', source: 'serial-number' },
    attempts: 2,
    status: 'failed',
    requestId: null,
    date: null,
    error: { code: 'not_found', message: 'Certificate not found.', http_status: 404 }
  }
]

describe('buildOutputs', () => {
  it('lists request IDs and statuses in target order, with empty items', () => {
    const outputs = buildOutputs(results, false)
    expect(outputs['request-id']).toBe('11,,')
    expect(outputs.status).toBe('pending,submitted,failed')
    expect(outputs['alert-resolved']).toBe('false')
  })
  it('gives just the ID for one target', () => {
    expect(buildOutputs(results.slice(0, 1), true)['request-id']).toBe('11')
    expect(buildOutputs(results.slice(0, 1), true)['alert-resolved']).toBe('true')
  })
  it('writes results in the contract\'s shape', () => {
    expect(JSON.parse(buildOutputs(results, false).results)).toEqual([
      { type: 'certificate', id: '1', request_id: 11, status: 'pending', date: 'd1', error: null },
      { type: 'order', id: '2', request_id: null, status: 'submitted', date: null, error: null },
      { type: 'certificate', id: 'AB', request_id: null, status: 'failed', date: null, error: { code: 'not_found', message: 'Certificate not found.', http_status: 404 } }
    ])
  })
  it('is empty for no targets', () => {
    expect(buildOutputs([], false)).toEqual({ 'request-id': '', status: '', results: '[]', 'alert-resolved': 'false', 'matched-certificates': '' })
  })
})

describe('the private key scan in the outputs', () => {
  it('lists the matched IDs and marks their results', () => {
    const matched: RevocationResult = { target: { type: 'certificate', id: '7', source: 'private-key' }, attempts: 1, status: 'pending', requestId: 3, date: null, error: null }
    const outputs = buildOutputs([results[0], matched], false, ['7'])
    expect(outputs['matched-certificates']).toBe('7')
    expect(JSON.parse(outputs.results).map((r: { matched_by?: string }) => r.matched_by)).toEqual([undefined, 'private-key'])
  })
})

describe('Redactor', () => {
  it('removes every occurrence of every secret, longest first', () => {
    const redactor = new Redactor()
    redactor.add('abcd')
    redactor.add('abcdef')
    expect(redactor.redact('key abcdef and abcd and abcdabcd')).toBe(`key ${REDACTED} and ${REDACTED} and ${REDACTED}${REDACTED}`)
  })
  it('redacts a secret of any length, and ignores an empty one', () => {
    const redactor = new Redactor()
    redactor.add('na')
    redactor.add('')
    expect(redactor.redact('a banana')).toBe('a ba******')
  })
  it('redacts every piece of eight or more characters of a secret', () => {
    const redactor = new Redactor()
    redactor.add('0123456789abcdefXYZ')
    expect(redactor.redact('cut: 0123456789ab… and tail cdefXYZ! and 3456789a')).toBe('cut: ***… and tail cdefXYZ! and ***')
    expect(redactor.redact('two 01234567 89abcdef apart')).toBe('two *** *** apart')
    expect(redactor.redact('joined 0123456789abcdefXYZ0123456789abcdefXYZ')).toBe('joined ******')
  })
})
