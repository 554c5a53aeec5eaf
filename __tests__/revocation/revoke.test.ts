import { describe, expect, it } from '@jest/globals'
import { TransportError, type HttpAnswer } from '../../src/certcentral/transport.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import { CertCentralApi } from '../../src/certcentral/api.js'
import type { PacingOptions } from '../../src/certcentral/paced.js'
import type { Authority, AuthorityVerdict } from '../../src/revocation/authority.js'
import {
  awaitsConfirmation,
  batchFacts,
  bodyFor,
  confirmReusedRequests,
  isFailure,
  isRefusal,
  plannedOnly,
  revokeAll,
  revokeBody,
  refusesReason,
  revokeOne,
  settleKeyMatches,
  type RevocationResult
} from '../../src/revocation/revoke.js'
import type { Target } from '../../src/revocation/targets.js'
import { testSettings } from '../support/settings.js'

const target: Target = { type: 'certificate', id: '1001', source: 'certificate-id' }
const body = revokeBody('because', false)

function clock(): Clock & { slept: number[] } {
  const slept: number[] = []
  return { slept, now: () => 0, sleep: async (ms) => void slept.push(ms) }
}

/** A client that plays back the given answers (or throws the given errors) in order, recording each call. */
function scripted(...script: (HttpAnswer | Error)[]) {
  const calls: { path: string; body: unknown }[] = []
  return {
    calls,
    put: async (path: string, sent: unknown) => {
      calls.push({ path, body: sent })
      const next = script.shift()
      if (!next) throw new Error('no more answers scripted')
      if (next instanceof Error) throw next
      return next
    }
  }
}

const ok = (id: number): HttpAnswer => ({ statusCode: 201, headers: {}, body: JSON.stringify({ id, status: 'pending' }) })
const status = (statusCode: number, headers = {}): HttpAnswer => ({ statusCode, headers, body: '' })

/** The CertCentral API over the given fake transport, with a clock that never waits. */
function options(
  client: { put(path: string, body: unknown): Promise<HttpAnswer> },
  overrides: Partial<PacingOptions> = {}
): CertCentralApi {
  const c = clock()
  const transport = { ...client, get: async () => Promise.reject(new Error('revoking reads nothing')) }
  return new CertCentralApi(transport, { clock: c, limiter: new RateLimiter(undefined, c), maxAttempts: 5, random: () => 1, ...overrides })
}

describe('revokeOne', () => {
  it("sends the body to the target's path", async () => {
    const client = scripted(ok(9))
    const result = await revokeOne(target, revokeBody('why', true, 'keyCompromise'), options(client))
    expect(client.calls).toEqual([
      { path: '/certificate/1001/revoke', body: { comments: 'why', skip_approval: true, revocation_reason: 'keyCompromise' } }
    ])
    expect(result).toMatchObject({ status: 'pending', requestId: 9, attempts: 1 })
  })

  it('retries gateway errors with backoff, then succeeds', async () => {
    const client = scripted(status(502), status(503), status(504), ok(3))
    const c = clock()
    const result = await revokeOne(target, body, options(client, { clock: c, limiter: new RateLimiter(undefined, c) }))
    expect(result).toMatchObject({ status: 'pending', requestId: 3, attempts: 4 })
    expect(c.slept).toEqual([1000, 2000, 4000])
  })

  it('honours Retry-After and pauses the whole run on a 429', async () => {
    const client = scripted(status(429, { 'retry-after': '7' }), ok(1))
    const c = clock()
    const limiter = new RateLimiter(undefined, c)
    const paused: number[] = []
    limiter.pause = (ms: number) => void paused.push(ms)
    await revokeOne(target, body, options(client, { clock: c, limiter }))
    expect(paused).toEqual([7000])
    expect(c.slept).toEqual([7000])
  })

  it('never retries a 500 or a 4xx', async () => {
    for (const code of [500, 400, 403, 404]) {
      const client = scripted(status(code), ok(1))
      const result = await revokeOne(target, body, options(client))
      expect(client.calls).toHaveLength(1)
      expect(result.status).toBe('failed')
      expect(result.error?.http_status).toBe(code)
    }
  })

  it('stops after max-attempts and reports the last answer', async () => {
    const client = scripted(status(503), status(503), status(503))
    const result = await revokeOne(target, body, options(client, { maxAttempts: 3 }))
    expect(client.calls).toHaveLength(3)
    expect(result).toMatchObject({ status: 'failed', attempts: 3, error: { http_status: 503 } })
  })

  it('retries connection errors and timeouts, then reports them', async () => {
    const client = scripted(new TransportError('ECONNRESET: socket hang up', false), new TransportError('no answer within 1 s', true))
    const result = await revokeOne(target, body, options(client, { maxAttempts: 2 }))
    expect(result).toMatchObject({
      status: 'failed',
      error: { code: null, http_status: null, message: 'timed out after 2 attempts: no answer within 1 s' }
    })
  })

  it('reports an unexpected error for the target instead of losing the batch', async () => {
    const client = scripted(new TypeError('Invalid character in header content'))
    const result = await revokeOne(target, body, options(client))
    expect(client.calls).toHaveLength(1)
    expect(result).toMatchObject({
      status: 'failed',
      error: { message: 'could not send the request: Invalid character in header content' }
    })
  })
})

describe('revokeAll', () => {
  it('keeps target order whatever order the answers arrive in', async () => {
    const targets: Target[] = Array.from({ length: 20 }, (_, i) => ({ type: 'certificate', id: String(i + 1), source: 'certificate-id' }))
    const client = {
      put: async (path: string) => {
        const id = Number(/\/certificate\/(\d+)\//.exec(path)?.[1])
        await new Promise((resolve) => setTimeout(resolve, (20 - id) * 2))
        return ok(id * 10)
      }
    }
    const results = await revokeAll(targets, () => body, options(client))
    expect(results.map((r) => r.requestId)).toEqual(targets.map((t) => Number(t.id) * 10))
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0
    let peak = 0
    const client = {
      put: async () => {
        peak = Math.max(peak, ++inFlight)
        await new Promise((resolve) => setTimeout(resolve, 5))
        inFlight--
        return ok(1)
      }
    }
    const targets: Target[] = Array.from({ length: 30 }, (_, i) => ({ type: 'order', id: String(i + 1), source: 'order-id' }))
    await revokeAll(targets, () => body, options(client), { concurrency: 4 })
    expect(peak).toBe(4)
  })
})

describe('settleKeyMatches', () => {
  const match = (id: string): Target => ({ type: 'certificate', id, source: 'private-key' })
  /** An authority that answers each certificate ID from `states` (unknown when not there), recording what it was asked and told. */
  function fakeAuthority(states: Record<string, AuthorityVerdict['state']>) {
    const asked: string[] = []
    const remembered: [string, { leaf: string; issuer?: string }][] = []
    const authority = {
      remember: (t: Target, chain: { leaf: string; issuer?: string }) => void remembered.push([t.id, chain]),
      ask: async (t: Target): Promise<AuthorityVerdict> => {
        asked.push(t.id)
        const state = states[t.id] ?? 'unknown'
        return { state, detail: `OCSP at 2026-12-02T10:00:00Z: ${state}` }
      }
    } as unknown as Authority
    return { authority, asked, remembered }
  }

  it('settles an expired match without asking anyone, and one its CA reports revoked; leaves the others to be revoked', async () => {
    const handGiven = target
    const [expired, revoked, good, unknown] = ['10', '20', '30', '40'].map(match)
    const { authority, asked, remembered } = fakeAuthority({ '10': 'revoked', '20': 'revoked', '30': 'not-revoked', '1001': 'revoked' })
    const chain = { leaf: 'LEAF-20', issuer: 'ISSUER-20' }
    const settled = await settleKeyMatches(
      [handGiven, expired, revoked, good, unknown],
      { expired: ['10'], chains: new Map([['20', chain]]) },
      authority
    )
    expect(settled).toEqual(
      new Map([
        [
          expired,
          {
            target: expired,
            attempts: 0,
            status: 'expired',
            requestId: null,
            date: null,
            error: null,
            note: 'expired before this run: nothing was sent'
          }
        ],
        [
          revoked,
          {
            target: revoked,
            attempts: 0,
            status: 'revoked',
            requestId: null,
            date: null,
            error: null,
            note: 'already revoked (OCSP at 2026-12-02T10:00:00Z: revoked): nothing was sent'
          }
        ]
      ])
    )
    // Neither the expired match nor a target given by hand is asked; the scan's chain spares the CA check a download.
    expect(asked.sort()).toEqual(['20', '30', '40'])
    expect(remembered).toEqual([['20', chain]])
  })

  it('settles nothing without a key scan', async () => {
    const { authority, asked } = fakeAuthority({})
    expect(await settleKeyMatches([match('10')], undefined, authority)).toEqual(new Map())
    expect(asked).toEqual([])
  })

  it('gives a settled target its outcome without a request', async () => {
    const expired = match('10')
    const client = scripted(ok(7))
    const settledResult = { target: expired, attempts: 0, status: 'expired' as const, requestId: null, date: null, error: null }
    const results = await revokeAll([expired, match('11')], () => body, options(client), { settled: new Map([[expired, settledResult]]) })
    expect(results[0]).toBe(settledResult)
    expect(results[1]).toMatchObject({ status: 'pending', requestId: 7 })
    expect(client.calls.map((call) => call.path)).toEqual(['/certificate/11/revoke'])
  })
})

describe('what a request says', () => {
  it('sends the reason only when there is one', () => {
    expect(revokeBody('why', false)).toEqual({ comments: 'why', skip_approval: false })
    expect(revokeBody('why', true, 'superseded')).toEqual({ comments: 'why', skip_approval: true, revocation_reason: 'superseded' })
  })

  it("ends the comment with the target's tag, and gives a leaked key's certificates keyCompromise unless a reason is given", () => {
    const match: Target = { type: 'certificate', id: '77', source: 'private-key' }
    expect(bodyFor(testSettings({ comments: 'Leaked' }), target)).toEqual({ comments: 'Leaked (certificate 1001)', skip_approval: false })
    expect(bodyFor(testSettings({ comments: 'Leaked', skipApproval: true }), match)).toEqual({
      comments: 'Leaked (certificate 77)',
      skip_approval: true,
      revocation_reason: 'keyCompromise'
    })
    expect(bodyFor(testSettings({ revocationReason: 'superseded' }), match)).toMatchObject({ revocation_reason: 'superseded' })
  })

  it('plans a dry run without a request', () => {
    expect(plannedOnly(target)).toEqual({ target, attempts: 0, status: 'dry-run', requestId: null, date: null, error: null })
  })
})

/** A result of the given status, with what else it needs. */
function result(status: RevocationResult['status'], extra: Partial<RevocationResult> = {}): RevocationResult {
  return { target, attempts: 1, status, requestId: null, date: null, error: null, ...extra }
}

describe('what counts as a failure', () => {
  it('counts a failed target, a rejected request and one still awaited; nothing else', () => {
    expect(isFailure(result('failed'))).toBe(true)
    expect(isFailure(result('rejected'))).toBe(true)
    expect(isFailure(result('pending', { stillWaiting: 'approval of request 5' }))).toBe(true)
    for (const status of ['pending', 'approved', 'revoked', 'expired', 'dry-run'] as const) expect(isFailure(result(status))).toBe(false)
  })

  it('asks the authority only after a 4xx that is not about the key, the target or the rate limit', () => {
    const failed = (http_status: number | null) => result('failed', { error: { code: 'x', message: 'y', http_status } })
    for (const status of [400, 409, 422, 499]) expect(isRefusal(failed(status))).toBe(true)
    for (const status of [399, 401, 403, 404, 429, 500, 503]) expect(isRefusal(failed(status))).toBe(false)
    expect(isRefusal(failed(null))).toBe(false)
    expect(isRefusal(result('failed'))).toBe(false)
    expect(isRefusal(result('pending', { error: { code: 'x', message: 'y', http_status: 400 } }))).toBe(false)
  })
})

describe('batchFacts', () => {
  it('gathers the request IDs, the failures, the pending requests and what was done before this run', () => {
    const facts = batchFacts([
      result('pending', { requestId: 11 }),
      result('revoked', { requestId: 12 }),
      result('revoked'),
      result('revoked', { note: 'already revoked (OCSP at 2026-12-02: revoked)' }),
      result('revoked', { requestId: 13, note: 'already revoked (OCSP)' }),
      result('revoked', { note: 'open revoke request 9 reused' }),
      result('failed', { note: 'already revoked, says nobody who knows' }),
      result('expired'),
      result('failed'),
      result('rejected', { requestId: 14 }),
      result('pending', { requestId: 15, stillWaiting: 'approval' }),
      result('pending'),
      result('approved', { requestId: 16, reusedRequest: true }),
      result('submitted', { requestId: 17, reusedRequest: true }),
      result('revoked', { requestId: 18, reusedRequest: true }),
      result('approved', { requestId: 19 })
    ])
    expect(facts).toEqual({
      requestIds: [11, 12, null, null, 13, null, null, null, null, 14, 15, null, 16, 17, 18, 19],
      earlier: { alreadyRevoked: 1, expired: 1 },
      failures: 4,
      pendingRequestIds: [11, 15],
      unconfirmedRequestIds: [16, 17]
    })
  })

  it('counts as already revoked only a revoked target without a request whose note says so', () => {
    const earlier = (...results: RevocationResult[]) => batchFacts(results).earlier.alreadyRevoked
    expect(earlier(result('revoked', { note: 'already revoked (CRL)' }))).toBe(1)
    expect(earlier(result('failed', { note: 'already revoked (CRL)' }))).toBe(0)
    expect(earlier(result('approved', { note: 'already revoked (CRL)' }))).toBe(0)
    expect(earlier(result('revoked', { requestId: 20, note: 'already revoked (CRL)' }))).toBe(0)
  })

  it('lists as unconfirmed only a request ID, never a reused target without one', () => {
    expect(batchFacts([result('approved', { reusedRequest: true })]).unconfirmedRequestIds).toEqual([])
  })
})

describe('revokeOne with what is known before sending', () => {
  it('reuses an open request instead of sending another', async () => {
    const client = scripted()
    const open = new Map([[target, { id: 31, date: '2026-12-01T10:00:00+00:00', status: 'pending', type: 'revoke' }]])
    expect(await revokeOne(target, body, options(client), { open })).toEqual({
      target,
      attempts: 0,
      status: 'pending',
      requestId: 31,
      date: '2026-12-01T10:00:00+00:00',
      error: null,
      note: 'open revoke request 31 reused, filed by someone else: check that it revokes this certificate before approving it',
      reusedRequest: true
    })
    expect(client.calls).toEqual([])
  })

  it('says when the authority cannot tell whether a refused target was revoked before', async () => {
    const client = scripted({ statusCode: 400, headers: {}, body: JSON.stringify({ errors: [{ code: 'invalid', message: 'No.' }] }) })
    const asked: Target[] = []
    const authority = {
      ask: async (t: Target) => {
        asked.push(t)
        return { state: 'unknown' as const, detail: 'no OCSP answer' }
      }
    } as unknown as Authority
    expect(await revokeOne(target, body, options(client), { authority })).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'invalid', message: 'No.', http_status: 400 },
      note: 'whether it was revoked before is unknown: no OCSP answer'
    })
    expect(asked).toEqual([target])
  })

  it('asks no authority after a request that was accepted', async () => {
    const asked: Target[] = []
    const authority = { ask: async (t: Target) => void asked.push(t) } as unknown as Authority
    expect(await revokeOne(target, body, options(scripted(ok(5))), { authority })).toMatchObject({ status: 'pending', requestId: 5 })
    expect(asked).toEqual([])
  })
})

describe('a request this run did not file', () => {
  const verdicts = (...states: AuthorityVerdict['state'][]) => {
    const asked: string[] = []
    const authority = {
      ask: async (t: Target) => {
        asked.push(t.id)
        return { state: states.shift() ?? 'unknown', detail: `CA says ${t.id}` }
      }
    } as unknown as Authority
    return { asked, authority }
  }

  it('awaits confirmation once approved or submitted, never when pending, revoked, or filed by this run', () => {
    expect(awaitsConfirmation(result('approved', { reusedRequest: true }))).toBe(true)
    expect(awaitsConfirmation(result('submitted', { reusedRequest: true }))).toBe(true)
    for (const state of ['pending', 'revoked', 'rejected', 'failed'] as const)
      expect(awaitsConfirmation(result(state, { reusedRequest: true }))).toBe(false)
    expect(awaitsConfirmation(result('approved'))).toBe(false)
  })

  it("counts as revoked only once the target's authority says so, asking about nothing else", async () => {
    const a: Target = { type: 'certificate', id: 'A', source: 'certificate-id' }
    const b: Target = { type: 'certificate', id: 'B', source: 'certificate-id' }
    const { asked, authority } = verdicts('revoked', 'not-revoked')
    const confirmed = await confirmReusedRequests(
      [
        { ...result('approved', { reusedRequest: true, note: 'reused', stillWaiting: 'not revoked after 0.05 min' }), target: a },
        { ...result('approved', { reusedRequest: true, stillWaiting: 'not revoked after 0.05 min' }), target: b },
        result('approved'),
        result('pending', { reusedRequest: true })
      ],
      authority
    )
    expect(asked.sort()).toEqual(['A', 'B'])
    expect(confirmed.map((r) => [r.status, r.note])).toEqual([
      ['revoked', 'reused; CA says A'],
      ['approved', undefined],
      ['approved', undefined],
      ['pending', undefined]
    ])
    // Revoked, it no longer waits (nor fails the run); not revoked, it still does.
    expect(confirmed.map((r) => r.stillWaiting)).toEqual([undefined, 'not revoked after 0.05 min', undefined, undefined])
    expect('stillWaiting' in confirmed[0]).toBe(false)
  })

  it("notes the authority's word alone for a target that had no note", async () => {
    const { authority } = verdicts('revoked', 'revoked')
    const [withoutNote, emptyNote] = await confirmReusedRequests(
      [result('approved', { reusedRequest: true }), result('submitted', { reusedRequest: true, note: '' })],
      authority
    )
    expect([withoutNote.status, withoutNote.note]).toEqual(['revoked', 'CA says 1001'])
    expect([emptyNote.status, emptyNote.note]).toEqual(['revoked', 'CA says 1001'])
  })
})

describe('revocation_reason refused by the certificate endpoint', () => {
  const refused = (code: string, message: string): HttpAnswer => ({
    statusCode: 400,
    headers: {},
    body: JSON.stringify({ errors: [{ code, message }] })
  })
  const withReason = revokeBody('because', false, 'keyCompromise')

  it('sends the same request once more without the reason when a 400 names it, and says so', async () => {
    const client = scripted(refused('invalid_field', 'Unknown field: revocation_reason.'), ok(41))
    const outcome = await revokeOne(target, withReason, options(client))
    expect(outcome).toMatchObject({ status: 'pending', requestId: 41, reasonDropped: true, attempts: 2 })
    expect(client.calls).toEqual([
      { path: '/certificate/1001/revoke', body: { comments: 'because', skip_approval: false, revocation_reason: 'keyCompromise' } },
      { path: '/certificate/1001/revoke', body: { comments: 'because', skip_approval: false } }
    ])
    // In the code alone, too; and the second answer stands whatever it is.
    const again = scripted(refused('revocation_reason_not_allowed', 'No.'), refused('other', 'Still no.'))
    expect(await revokeOne(target, withReason, options(again))).toMatchObject({
      status: 'failed',
      reasonDropped: true,
      error: { code: 'other' }
    })
    expect(again.calls).toHaveLength(2)
  })

  it('sends once only for another refusal, an order, or a body without a reason', async () => {
    const other = scripted(refused('invalid_field', 'Unknown field: comments.'))
    expect(await revokeOne(target, withReason, options(other))).not.toHaveProperty('reasonDropped')
    const order: Target = { type: 'order', id: '5', source: 'order-id' }
    const forOrder = scripted(refused('x', 'bad revocation_reason'))
    expect(await revokeOne(order, withReason, options(forOrder))).toMatchObject({ status: 'failed' })
    const noReason = scripted(refused('x', 'bad revocation_reason'))
    expect(await revokeOne(target, body, options(noReason))).toMatchObject({ status: 'failed' })
    expect([other.calls.length, forOrder.calls.length, noReason.calls.length]).toEqual([1, 1, 1])
  })

  it('recognises only a 400 that names the field', () => {
    const failed = (http_status: number, code: string | null, message: string) =>
      result('failed', { error: { code, message, http_status } })
    expect(refusesReason(failed(400, 'Revocation_Reason', ''))).toBe(true)
    expect(refusesReason(failed(400, null, 'the revocation_reason is not allowed'))).toBe(true)
    expect(refusesReason(failed(422, 'revocation_reason', ''))).toBe(false)
    expect(refusesReason(failed(400, 'reason', 'revocation reason'))).toBe(false)
    expect(refusesReason(result('pending'))).toBe(false)
  })
})
