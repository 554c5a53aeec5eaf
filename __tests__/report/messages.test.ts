import { describe, expect, it } from '@jest/globals'
import type { ApiError } from '../../src/certcentral/answers.js'
import { adviceFor, type AdviceContext } from '../../src/report/advice.js'
import {
  alertProblem,
  failureMessage,
  failureText,
  invalidInputsMessage,
  pendingNotices,
  planLines,
  resultLine
} from '../../src/report/messages.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'
import type { Target } from '../../src/revocation/targets.js'
import { testSettings } from '../support/settings.js'

const certificate: Target = { type: 'certificate', id: '1001', source: 'certificate-id' }
const pem: Target = { type: 'certificate', id: '0A1B', source: 'certificate-pem', detail: 'www.example.test' }
const order: Target = { type: 'order', id: '77', source: 'order-id' }
const notFound: ApiError = { code: 'not_found', message: 'Certificate not found.', http_status: 404 }
const context: AdviceContext = { skipApproval: false, baseUrl: 'https://www.digicert.com/services/v2' }

function result(target: Target, overrides: Partial<RevocationResult> = {}): RevocationResult {
  return { target, attempts: 1, status: 'pending', requestId: 5, date: null, error: null, ...overrides }
}
const failed = (target: Target, error: ApiError = notFound) => result(target, { status: 'failed', requestId: null, error })
const accepted = (target: Target) => result(target)

describe('planLines', () => {
  it('says when there is nothing to revoke', () => {
    expect(planLines(testSettings(), [])).toEqual(['Nothing to revoke.'])
    expect(planLines(testSettings({ dryRun: true }), [])).toEqual(['Nothing to revoke.'])
  })

  it('names the host it revokes through, then every target, a PEM certificate with its subject', () => {
    expect(planLines(testSettings({ baseUrl: 'https://certcentral.digicert.eu/services/v2' }), [certificate, pem, order])).toEqual([
      'Revoking through certcentral.digicert.eu. 3 targets:',
      '  certificate 1001',
      '  certificate with serial 0A1B (www.example.test)',
      '  order 77'
    ])
  })

  it('says a dry run sends nothing', () => {
    expect(planLines(testSettings({ dryRun: true }), [order])).toEqual(['Dry run: nothing will be sent. 1 target:', '  order 77'])
  })
})

describe('resultLine', () => {
  it('gives the status and the request ID', () => {
    expect(resultLine(accepted(certificate))).toBe('certificate 1001: pending, request 5')
    expect(resultLine(result(pem, { status: 'submitted', requestId: null }))).toBe('certificate with serial 0A1B: submitted')
    expect(resultLine(result(order, { status: 'dry-run', requestId: null, attempts: 0 }))).toBe('order 77: dry-run')
  })

  it('adds what went wrong', () => {
    expect(resultLine(failed(certificate))).toBe('certificate 1001: failed: HTTP 404 not_found: Certificate not found.')
    expect(resultLine(failed(order, { code: null, message: 'timed out after 5 attempts: no answer within 30 s', http_status: null }))).toBe(
      'order 77: failed: timed out after 5 attempts: no answer within 30 s.'
    )
  })

  it('shows a rejected request by its ID', () => {
    expect(resultLine(result(certificate, { status: 'rejected', requestId: 4 }))).toBe('certificate 1001: rejected, request 4')
  })
})

describe('failureText', () => {
  it("ends CertCentral's error with one full stop", () => {
    expect(failureText(failed(certificate))).toBe('HTTP 404 not_found: Certificate not found.')
    expect(failureText(failed(certificate, { code: 'invalid_api_key', message: 'bad key', http_status: 401 }))).toBe(
      'HTTP 401 invalid_api_key: bad key.'
    )
  })

  it('drops only a doubled full stop at the very end', () => {
    expect(failureText(failed(certificate, { code: 'x', message: 'Versions 1..2 are not allowed', http_status: 400 }))).toBe(
      'HTTP 400 x: Versions 1..2 are not allowed.'
    )
    expect(failureText(failed(certificate, { code: 'x', message: 'Versions 1..2 are not allowed.', http_status: 400 }))).toBe(
      'HTTP 400 x: Versions 1..2 are not allowed.'
    )
  })

  it('names the rejected request', () => {
    expect(failureText(result(certificate, { status: 'rejected', requestId: 4 }))).toBe('revoke request 4 was rejected.')
  })

  it('is empty for a target that did not fail', () => {
    expect(failureText(accepted(certificate))).toBe('')
  })
})

describe('alertProblem', () => {
  it('has nothing to say about a resolved alert', () => {
    expect(alertProblem({ number: 3, resolved: true })).toBeUndefined()
  })

  it('says why the alert was left open', () => {
    expect(alertProblem({ number: 3, resolved: false, blocker: 'failures' })).toBe(
      'Secret scanning alert #3 was left open because a revocation failed.'
    )
    expect(alertProblem({ number: 4, resolved: false, blocker: 'incomplete-scan' })).toBe(
      'Secret scanning alert #4 was left open because the key scan did not find every certificate of the key.'
    )
    expect(alertProblem({ number: 5, resolved: false, blocker: 'over-cap' })).toBe(
      'Secret scanning alert #5 was left open because the key is on more certificates than max-revocations allows, so none was revoked.'
    )
  })

  it("gives GitHub's refusal as it was worded", () => {
    expect(alertProblem({ number: 3, resolved: false, blocker: 'github', message: 'GitHub answered 404 for alert #3 in o/r.' })).toBe(
      'GitHub answered 404 for alert #3 in o/r.'
    )
  })
})

describe('failureMessage', () => {
  it('is undefined when nothing failed and there is no other problem', () => {
    expect(failureMessage([accepted(certificate), accepted(order)], [], context)).toBeUndefined()
    expect(failureMessage([], [], context)).toBeUndefined()
  })

  it('counts the failures among the revocations, then gives each with what to do next', () => {
    const results = [failed(certificate), accepted(pem), failed(order), accepted(certificate), accepted(order)]
    expect(failureMessage(results, [], context)).toBe(
      [
        '2 of 5 revocations failed; the others were sent.',
        `- certificate 1001: HTTP 404 not_found: Certificate not found.\n  Next: ${adviceFor(results[0], context)}`,
        `- order 77: HTTP 404 not_found: Certificate not found.\n  Next: ${adviceFor(results[2], context)}`
      ].join('\n')
    )
    expect(adviceFor(results[2], context)).toMatch(/^No such order/)
  })

  it('says the other was sent, or that there was no other', () => {
    expect(failureMessage([accepted(certificate), failed(order)], [], context)?.split('\n')[0]).toBe(
      '1 of 2 revocations failed; the other was sent.'
    )
    expect(failureMessage([failed(order)], [], context)?.split('\n')[0]).toBe('1 of 1 revocation failed.')
  })

  it('counts a rejected request as a failure', () => {
    const rejected = result(certificate, { status: 'rejected', requestId: 4 })
    expect(failureMessage([rejected], [], context)).toBe(
      `1 of 1 revocation failed.\n- certificate 1001: revoke request 4 was rejected.\n  Next: ${adviceFor(rejected, context)}`
    )
  })

  it('lists the other problems after the failures', () => {
    expect(
      failureMessage([failed(order), accepted(certificate)], ['The key scan is incomplete.', 'The alert was left open.'], context)
    ).toBe(
      [
        '1 of 2 revocations failed; the other was sent.',
        `- order 77: HTTP 404 not_found: Certificate not found.\n  Next: ${adviceFor(failed(order), context)}`,
        '- The key scan is incomplete.',
        '- The alert was left open.'
      ].join('\n')
    )
  })

  it('says whether anything was revoked when only other problems remain', () => {
    expect(failureMessage([], ['No certificate carries the key.'], context)).toBe('Nothing was revoked:\n- No certificate carries the key.')
    expect(failureMessage([accepted(certificate)], ['The alert was left open.'], context)).toBe(
      'Every revocation was sent, but:\n- The alert was left open.'
    )
  })

  it('never says a revocation was sent when none was: a dry run, or targets already revoked, expired or requested', () => {
    const problem = ['The key scan is incomplete.']
    const dryRun = result(certificate, { status: 'dry-run', attempts: 0, requestId: null })
    expect(failureMessage([dryRun, dryRun], problem, context)).toBe(
      'Dry run: no revoke request was sent, but:\n- The key scan is incomplete.'
    )
    const settled = result(certificate, { status: 'revoked', attempts: 0, requestId: null, note: 'already revoked (OCSP)' })
    // A dry run's key scan settles some matches before anything would be sent: still a dry run, nothing was sent.
    expect(failureMessage([settled, dryRun], problem, context)).toBe(
      'Dry run: no revoke request was sent, but:\n- The key scan is incomplete.'
    )
    expect(failureMessage([settled], problem, context)).toBe(
      'No revoke request was sent (the target was already revoked, expired or requested), but:\n- The key scan is incomplete.'
    )
    expect(failureMessage([settled, settled], problem, context)?.split('\n')[0]).toBe(
      'No revoke request was sent (all 2 targets were already revoked, expired or requested), but:'
    )
    expect(failureMessage([settled, accepted(order)], problem, context)?.split('\n')[0]).toBe(
      '1 of 2 targets needed a revoke request and it was sent (the other was already revoked, expired or requested), but:'
    )
    expect(failureMessage([settled, accepted(order), accepted(certificate)], problem, context)?.split('\n')[0]).toBe(
      '2 of 3 targets needed a revoke request and each was sent (the other was already revoked, expired or requested), but:'
    )
    expect(failureMessage([settled, settled, accepted(order)], problem, context)?.split('\n')[0]).toBe(
      '1 of 3 targets needed a revoke request and it was sent (the others were already revoked, expired or requested), but:'
    )
  })
})

describe('invalidInputsMessage', () => {
  it('says nothing was sent, then lists every problem', () => {
    expect(invalidInputsMessage(["certificate-id: 'x' is not a certificate ID", 'dry-run: bad'])).toBe(
      "Invalid input; no revoke request was sent.\n- certificate-id: 'x' is not a certificate ID\n- dry-run: bad"
    )
  })
})

describe('a run that followed its requests through', () => {
  it('adds a note to the result line', () => {
    expect(resultLine(result(certificate, { status: 'revoked', requestId: null, note: 'already revoked (OCSP)' }))).toBe(
      'certificate 1001: revoked (already revoked (OCSP))'
    )
    expect(resultLine(result(order, { note: 'open revoke request 5 reused' }))).toBe(
      'order 77: pending, request 5 (open revoke request 5 reused)'
    )
  })

  it('says what a target still waited for, and counts it as a failure', () => {
    const waiting = result(certificate, { stillWaiting: 'request 5 awaits approval' })
    expect(resultLine(waiting)).toBe('certificate 1001: pending, request 5: request 5 awaits approval.')
    expect(failureText(waiting)).toBe('request 5 awaits approval.')
    expect(failureMessage([waiting, accepted(order)], [], context)).toBe(
      '1 of 2 revocations failed; the other was sent.\n- certificate 1001: request 5 awaits approval.\n  Next: Still waiting when wait-timeout ended: request 5 awaits approval.'
    )
  })

  it('says when CertCentral did not accept the reason, and names each request to approve in a notice', () => {
    expect(resultLine(result(certificate, { reasonDropped: true }))).toBe(
      'certificate 1001: pending, request 5 (CertCentral did not accept revocation_reason: sent again without it, so no reason was recorded)'
    )
    expect(
      pendingNotices([
        result(certificate),
        result(order, { status: 'approved' }),
        result(order, { requestId: null }),
        result(order, { stillWaiting: 'approval' })
      ])
    ).toEqual([
      "certificate 1001: revoke request 5 awaits an administrator's approval in CertCentral (Certificates > Requests). Nothing is revoked until it is approved."
    ])
  })

  it('says the alert stays open while a request someone else filed is not yet confirmed', () => {
    expect(alertProblem({ number: 3, resolved: false, blocker: 'unconfirmed', requestIds: [31] })).toBe(
      "Secret scanning alert #3 stays open: revoke request 31 was filed by someone else and approved, but the certificate's CA (or the order's status) does not yet say it is revoked. A later run resolves the alert once it does."
    )
    expect(alertProblem({ number: 3, resolved: false, blocker: 'unconfirmed', requestIds: [31, 32] })).toContain(
      'revoke requests 31, 32 were filed'
    )
  })

  it('says the alert stays open while requests await approval', () => {
    expect(alertProblem({ number: 3, resolved: false, blocker: 'pending', requestIds: [11] })).toBe(
      "Secret scanning alert #3 stays open: revoke request 11 awaits an administrator's approval in CertCentral. A later run (for example the scheduled poll) finds the same request and resolves the alert once approved."
    )
    expect(alertProblem({ number: 3, resolved: false, blocker: 'pending', requestIds: [11, 12] })).toBe(
      "Secret scanning alert #3 stays open: revoke requests 11, 12 await an administrator's approval in CertCentral. A later run (for example the scheduled poll) finds the same requests and resolves the alert once approved."
    )
  })
})
