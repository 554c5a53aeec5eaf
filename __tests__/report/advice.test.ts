import { describe, expect, it } from '@jest/globals'
import { adviceFor, type AdviceContext } from '../../src/report/advice.js'
import type { ApiError } from '../../src/certcentral/answers.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'

const context: AdviceContext = { skipApproval: false, baseUrl: 'https://certcentral.digicert.eu/services/v2' }

function failed(error: ApiError, type: 'certificate' | 'order' = 'certificate'): RevocationResult {
  return {
    target: { type, id: '1', source: type === 'order' ? 'order-id' : 'certificate-id' },
    attempts: 1,
    status: 'failed',
    requestId: null,
    date: null,
    error
  }
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
    expect(adviceFor(failed({ code: 'access_denied|invalid_api_key', message: 'x', http_status: 401 }), context)).toContain(
      'check the api-key secret'
    )
    expect(adviceFor(failed({ code: 'pending_reissue', message: 'x', http_status: 400 }), context)).toContain('cancel the pending reissue')
    expect(adviceFor(failed({ code: null, message: 'Cannot revoke: reissue pending', http_status: 400 }), context)).toContain(
      'cancel the pending reissue'
    )
    expect(adviceFor(failed({ code: 'request_limit_exceeded', message: 'x', http_status: 429 }), context)).toContain(
      'another job may be using the same key'
    )
    expect(adviceFor(failed({ code: null, message: 'x', http_status: 503 }), context)).toContain('Run again later')
    expect(adviceFor(failed({ code: null, message: 'x', http_status: null }), context)).toContain('https_proxy')
    expect(adviceFor(failed({ code: 'bad_request_format', message: 'x', http_status: 400 }), context)).toContain('read its message')
  })
  it('explains a rejected request', () => {
    const rejected: RevocationResult = {
      ...failed({ code: null, message: '', http_status: null }),
      status: 'rejected',
      error: null,
      requestId: 4
    }
    expect(adviceFor(rejected, context)).toContain('rejected this revoke request')
  })
})

describe('adviceFor: each case in its own words', () => {
  const KEY_ADVICE =
    'CertCentral did not accept the API key: check the api-key secret, that the key was not revoked (Automation > API Keys), and that region matches the account (us or eu).'
  const OUTAGE_ADVICE =
    "CertCentral or a proxy in front of it failed (often maintenance). Run again later; check CertCentral's requests first, as a 500 may have been carried out."
  const REFUSED_ADVICE = 'CertCentral refused the request: read its message above, fix the cause, and run again.'

  it('treats a plain 500, and every status above it, as an outage', () => {
    for (const status of [500, 502, 504, 599])
      expect(adviceFor(failed({ code: null, message: 'x', http_status: status }), context)).toBe(OUTAGE_ADVICE)
    expect(adviceFor(failed({ code: null, message: 'x', http_status: 499 }), context)).toBe(REFUSED_ADVICE)
  })

  it('knows a refused key by its status or by its code', () => {
    expect(adviceFor(failed({ code: null, message: 'x', http_status: 401 }), context)).toBe(KEY_ADVICE)
    for (const code of ['invalid_key', 'access_denied|invalid_api_key', 'Unauthorized']) {
      expect(adviceFor(failed({ code, message: 'x', http_status: 400 }), context)).toBe(KEY_ADVICE)
    }
    expect(adviceFor(failed({ code: 'invalid_request', message: 'x', http_status: 400 }), context)).toBe(REFUSED_ADVICE)
  })

  it('words the permission advice in full', () => {
    const error = { code: 'access_denied', message: 'x', http_status: 403 }
    expect(adviceFor(failed(error), context)).toBe(
      'The key\'s user lacks a permission: a key restricted to "View Only" cannot revoke. Use a key of a user who may manage this certificate.'
    )
    expect(adviceFor(failed(error), { ...context, skipApproval: true })).toBe(
      "The key's user lacks a permission. skip-approval needs the key of an administrator: use an admin's key, or drop skip-approval and have an administrator approve the request."
    )
  })

  it('words the network, reissue, rate limit and rejection advice in full', () => {
    expect(adviceFor(failed({ code: null, message: 'timed out', http_status: null }), context)).toBe(
      "No answer from CertCentral: check the runner's network and proxy settings (https_proxy, no_proxy), then run again. A request that timed out may have arrived: check CertCentral's requests before you run again."
    )
    expect(adviceFor(failed({ code: 'Pending_Reissue', message: 'x', http_status: null }), context)).toBe(
      "The certificate's order waits for a reissue, and CertCentral revokes nothing of it meanwhile: cancel the pending reissue in CertCentral (or let it complete), then run again."
    )
    expect(adviceFor(failed({ code: null, message: 'x', http_status: 429 }), context)).toBe(
      "CertCentral's rate limit was still exceeded after every attempt: another job may be using the same key. Run again in a few minutes, or raise max-attempts."
    )
    const rejected: RevocationResult = {
      ...failed({ code: null, message: '', http_status: null }),
      status: 'rejected',
      error: null,
      requestId: 4
    }
    expect(adviceFor(rejected, context)).toBe(
      'An administrator rejected this revoke request in CertCentral; ask why, then run again if it must be revoked.'
    )
  })

  it('tells an interrupted run apart: nothing sent for the target, or sent and unanswered', () => {
    const interrupted = (message: string, http_status: number | null = null) =>
      adviceFor(failed({ code: null, message, http_status }), context)
    expect(
      interrupted('the run was interrupted before a revoke request was sent for this target (SIGTERM): nothing was filed for it')
    ).toBe('Nothing was sent to CertCentral for this target: run again.')
    expect(
      interrupted('no answer from CertCentral before the run was interrupted (SIGINT); a revoke request may have been filed all the same')
    ).toBe(
      'Look in CertCentral (Certificates > Requests) for a revoke request of this target, then run again: a new run reuses an open request instead of filing a second one.'
    )
    // Only the start of the message counts, and only without an HTTP status: CertCentral's own words cannot pass for it.
    expect(interrupted('x the run was interrupted before a revoke request was sent for this target')).toContain(
      'No answer from CertCentral'
    )
    expect(interrupted('the run was interrupted before a revoke request was sent for this target', 500)).toContain('CertCentral or a proxy')
    expect(interrupted('x no answer from CertCentral before the run was interrupted')).toContain('No answer from CertCentral')
    expect(interrupted('no answer from CertCentral before the run was interrupted', 500)).toBe(
      "CertCentral or a proxy in front of it failed (often maintenance). Run again later; check CertCentral's requests first, as a 500 may have been carried out."
    )
  })

  it('names the order ID for an order that does not exist', () => {
    expect(
      adviceFor(failed({ code: 'not_found', message: 'x', http_status: 404 }, 'order'), {
        ...context,
        baseUrl: 'https://www.digicert.com/services/v2'
      })
    ).toBe('No such order in the account of this key on www.digicert.com: check the order ID, and the region (us or eu).')
  })

  it('has nothing to say about a target without an error', () => {
    expect(
      adviceFor({ ...failed({ code: null, message: '', http_status: null }), status: 'pending', error: null, requestId: 5 }, context)
    ).toBe('')
  })

  it('says what a run still waited for when it stopped waiting', () => {
    const waiting: RevocationResult = {
      ...failed({ code: null, message: '', http_status: null }),
      status: 'pending',
      error: null,
      requestId: 5,
      stillWaiting: 'request 5 awaits approval'
    }
    expect(adviceFor(waiting, context)).toBe('Still waiting when wait-timeout ended: request 5 awaits approval.')
  })
})
