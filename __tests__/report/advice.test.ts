import { describe, expect, it } from '@jest/globals'
import { adviceFor, type AdviceContext } from '../../src/report/advice.js'
import type { ApiError } from '../../src/certcentral/answers.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'

const context: AdviceContext = { skipApproval: false, baseUrl: 'https://certcentral.digicert.eu/services/v2' }

function failed(error: ApiError, type: 'certificate' | 'order' = 'certificate'): RevocationResult {
  return { target: { type, id: '1', source: type === 'order' ? 'order-id' : 'certificate-id' }, attempts: 1, status: 'failed', requestId: null, date: null, error }
}

describe('adviceFor', () => {
  it('points a 404 at the ID and the region', () => {
    expect(adviceFor(failed({ code: 'not_found', message: 'x', http_status: 404 }), context)).toBe(
      'No such certificate in the account of this key on certcentral.digicert.eu: check the certificate ID or serial number, and the region (us or eu).'
    )
    expect(adviceFor(failed({ code: 'not_found|order', message: 'x', http_status: 404 }, 'order'), context)).toContain('check the order ID')
  })
  it('explains that skip-approval needs an administrator', () => {
    const error = { code: 'access_denied|missing_permission', message: 'x', http_status: 403 }
    expect(adviceFor(failed(error), { ...context, skipApproval: true })).toContain('skip-approval needs the key of an administrator')
    expect(adviceFor(failed(error), context)).toContain('View Only')
  })
  it('covers keys, reissues, rate limits, outages and the network', () => {
    expect(adviceFor(failed({ code: 'access_denied|invalid_api_key', message: 'x', http_status: 401 }), context)).toContain('check the api-key secret')
    expect(adviceFor(failed({ code: 'pending_reissue', message: 'x', http_status: 400 }), context)).toContain('cancel the reissue')
    expect(adviceFor(failed({ code: null, message: 'Cannot revoke: reissue pending', http_status: 400 }), context)).toContain('cancel the reissue')
    expect(adviceFor(failed({ code: 'request_limit_exceeded', message: 'x', http_status: 429 }), context)).toContain('another job may be using the same key')
    expect(adviceFor(failed({ code: null, message: 'x', http_status: 503 }), context)).toContain('Run again later')
    expect(adviceFor(failed({ code: null, message: 'x', http_status: null }), context)).toContain('https_proxy')
    expect(adviceFor(failed({ code: 'bad_request_format', message: 'x', http_status: 400 }), context)).toContain('read its message')
  })
  it('explains a rejected request', () => {
    const rejected: RevocationResult = { ...failed({ code: null, message: '', http_status: null }), status: 'rejected', error: null, requestId: 4 }
    expect(adviceFor(rejected, context)).toContain('rejected this revoke request')
  })
})
