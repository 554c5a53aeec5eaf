/** Following a revocation through, and reusing open requests, against a fake CertCentral and a fake authority. */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { BudgetStopped, RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import type { PacedResult } from '../../src/certcentral/paced.js'
import { Authority, type AuthorityVerdict } from '../../src/revocation/authority.js'
import { followThrough, minutes, type Alarm, type FollowOptions } from '../../src/revocation/follow-through.js'
import { findOpenRequests, openRequestsToReuse } from '../../src/revocation/open-requests.js'
import { revokeOne, type RevocationResult } from '../../src/revocation/revoke.js'
import type { Target } from '../../src/revocation/targets.js'
import { answers, FakeCertCentral } from '../support/fake-certcentral.js'
import { testSettings } from '../support/settings.js'

/** A clock that only moves when the code under test sleeps, with an alarm that rings once it has moved far enough. */
function fakeClock(): Clock & { slept: number[]; alarm: Alarm } {
  let now = 0
  const slept: number[] = []
  const alarms: { at: number; ring: () => void }[] = []
  const alarm: Alarm = (ms) => {
    const entry = { at: now + ms, ring: (): void => undefined }
    const rings = new Promise<void>((resolve) => (entry.ring = resolve))
    alarms.push(entry)
    return { rings, cancel: () => void alarms.splice(alarms.indexOf(entry), 1) }
  }
  const sleep = async (ms: number): Promise<void> => {
    slept.push(ms)
    now += ms
    for (const due of alarms.filter((entry) => entry.at <= now)) due.ring()
  }
  return { slept, now: () => now, sleep, alarm }
}

const certificate = (id: string): Target => ({ type: 'certificate', id, source: 'certificate-id' })
const order = (id: string): Target => ({ type: 'order', id, source: 'order-id' })
const result = (target: Target, status: RevocationResult['status'], requestId: number | null): RevocationResult => ({
  target,
  attempts: 1,
  status,
  requestId,
  date: null,
  error: null
})

/** An authority that answers from a script: per target, the verdicts in turn (the last one repeats). */
function scriptedAuthority(script: Map<Target, AuthorityVerdict['state'][]>): Authority & { asked: Target[] } {
  const asked: Target[] = []
  return {
    asked,
    ask: async (target: Target) => {
      asked.push(target)
      const states = script.get(target) ?? ['unknown']
      const state = states.length > 1 ? (states.shift() as AuthorityVerdict['state']) : states[0]
      return { state, detail: `OCSP says ${state}` }
    }
  } as unknown as Authority & { asked: Target[] }
}

let certcentral: FakeCertCentral
let clock: ReturnType<typeof fakeClock>
let api: CertCentralApi
let log: string[]
beforeEach(() => {
  certcentral = new FakeCertCentral()
  clock = fakeClock()
  api = new CertCentralApi(certcentral, { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 1 })
  log = []
})

/** An alarm that rings only when told: the fake clock's deadline ends the wait, unless a test rings it. */
function manualAlarm(): Alarm & { ring: () => void; set: number[]; cancelled: number } {
  let ring = (): void => undefined
  const rings = new Promise<void>((resolve) => (ring = resolve))
  const alarm = Object.assign(
    (ms: number) => {
      alarm.set.push(ms)
      return { rings, cancel: () => void alarm.cancelled++ }
    },
    { ring: () => ring(), set: [] as number[], cancelled: 0 }
  )
  return alarm
}

const options = (overrides: Partial<FollowOptions>): FollowOptions => ({
  waitFor: 'approval',
  timeoutMs: 60_000,
  authority: scriptedAuthority(new Map()),
  clock,
  log: (m) => void log.push(m),
  now: () => new Date('2026-12-02T10:00:00Z'),
  alarm: clock.alarm,
  ...overrides
})

describe('open requests', () => {
  it('gives a target the newest open revoke request whose comment ends with its tag', async () => {
    certcentral
      .addRequest(70, 'older (certificate 5)', 'pending', 'revoke', 15)
      .addRequest(71, 'newer (certificate 5)', 'pending', 'revoke', 15)
      .addRequest(72, 'other (certificate 6)', 'pending', 'revoke', 16)
    certcentral
      .addRequest(73, 'approved already (certificate 7)', 'approved', 'revoke', 17)
      .addRequest(74, 'a reissue (certificate 8)', 'pending', 'reissue', 18)
    certcentral.holds(15, 5).holds(16, 6)
    const targets = [certificate('5'), certificate('6'), certificate('7'), certificate('8'), order('9')]
    const open = await findOpenRequests(targets, api)
    expect(open.failure).toBeUndefined()
    expect([...open.byTarget].map(([target, request]) => [target.id, request.id])).toEqual(
      expect.arrayContaining([
        ['5', 71],
        ['6', 72]
      ])
    )
    expect(open.byTarget.size).toBe(2)
  })

  it('reuses the request instead of sending a second one', async () => {
    certcentral.addRequest(71, 'from an earlier run (certificate 5)', 'pending', 'revoke', 15).holds(15, 5)
    const target = certificate('5')
    const open = await openRequestsToReuse([target], { dryRun: false, skipApproval: false }, api, () => undefined)
    const reused = await revokeOne(target, { comments: 'c (certificate 5)', skip_approval: false }, api, { open })
    expect(reused).toMatchObject({ status: 'pending', requestId: 71, note: expect.stringMatching(/^open revoke request 71 reused/) })
    expect(certcentral.puts()).toEqual([])
  })

  it('does not look with skip-approval or in a dry run, and warns when the list cannot be read', async () => {
    expect(await openRequestsToReuse([certificate('5')], { dryRun: false, skipApproval: true }, api, () => undefined)).toBeUndefined()
    expect(await openRequestsToReuse([certificate('5')], { dryRun: true, skipApproval: false }, api, () => undefined)).toBeUndefined()
    expect(certcentral.calls).toEqual([])
    certcentral.get = async () => answers.error(503, 'unavailable', 'Maintenance.')
    const warnings: string[] = []
    const open = await openRequestsToReuse([certificate('5')], { dryRun: false, skipApproval: false }, api, (w) => void warnings.push(w))
    expect(open?.size).toBe(0)
    expect(warnings).toEqual([
      expect.stringMatching(
        /^The open revoke requests could not be read \(HTTP 503 unavailable: Maintenance\.\), so every target is revoked anyway/
      )
    ])
  })
})

describe('already revoked', () => {
  it('asks the authority after a refusal, and reports revoked when it says so', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.error(400, 'already_revoked', 'Already revoked.'))
    const target = certificate('5')
    const authority = scriptedAuthority(new Map([[target, ['revoked']]]))
    const revoked = await revokeOne(target, { comments: 'c', skip_approval: false }, api, { authority })
    expect(revoked).toMatchObject({ status: 'revoked', error: null, note: 'already revoked (OCSP says revoked)' })
  })

  it('keeps the refusal when the authority does not say revoked, and never asks after 401, 403, 404 or 429', async () => {
    const target = certificate('5')
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.error(400, 'bad_request', 'No.'))
    const authority = scriptedAuthority(new Map([[target, ['not-revoked']]]))
    expect(await revokeOne(target, { comments: 'c', skip_approval: false }, api, { authority })).toMatchObject({
      status: 'failed',
      note: 'not revoked before this run: OCSP says not-revoked'
    })
    for (const status of [401, 403, 404, 429]) {
      certcentral.revokeAnswers.set('/certificate/5/revoke', answers.error(status, 'x', 'y'))
      authority.asked.length = 0
      expect((await revokeOne(target, { comments: 'c', skip_approval: false }, api, { authority })).status).toBe('failed')
      expect(authority.asked).toEqual([])
    }
  })
})

describe('followThrough', () => {
  it('does nothing with wait-for none', async () => {
    const results = [result(certificate('5'), 'pending', 71)]
    expect(await followThrough(results, api, options({ waitFor: 'none' }))).toBe(results)
    expect(certcentral.calls).toEqual([])
  })

  it('waits for approval with growing pauses, and reports approved and rejected', async () => {
    certcentral.addRequest(71, 'a (certificate 5)').addRequest(72, 'b (certificate 6)')
    const results = [
      result(certificate('5'), 'pending', 71),
      result(certificate('6'), 'pending', 72),
      result(certificate('7'), 'submitted', null)
    ]
    // The administrator decides just before the third check.
    let checks = 0
    const read = certcentral.get.bind(certcentral)
    certcentral.get = async (path: string) => {
      if (path === '/request/71' && ++checks === 3)
        certcentral.addRequest(71, 'a (certificate 5)', 'approved').addRequest(72, 'b (certificate 6)', 'rejected')
      return read(path)
    }
    const done = await followThrough(results, api, options({}))
    expect(done.map((r) => r.status)).toEqual(['approved', 'rejected', 'submitted'])
    // The second read of the first check waits a second for the budget; then pauses of 2 s and 3 s.
    expect(clock.slept).toEqual([1000, 2000, 3000])
    expect(log[0]).toBe('Waiting for approval of 2 revoke requests (71, 72) since 10:00:00 UTC; next check in 2 s.')
  })

  it('names the request to approve when the wait times out', async () => {
    certcentral.addRequest(71, 'a (certificate 5)')
    const done = await followThrough([result(certificate('5'), 'pending', 71)], api, options({ timeoutMs: 10_000 }))
    expect(done[0].status).toBe('pending')
    expect(done[0].stillWaiting).toBe(
      "revoke request 71 still awaits an administrator's approval in CertCentral after 0.17 min: approve it (Certificates > Requests), or run again later"
    )
    // With wait-for: approval, that is all it adds: the very array, nothing else on it.
    expect(done).toStrictEqual([{ ...result(certificate('5'), 'pending', 71), stillWaiting: done[0].stillWaiting }])
    // Checks at 0, 2, 5 and 9.5 s, then the rest of the time: no check at the deadline, where it would be abandoned.
    expect(clock.slept).toEqual([2000, 3000, 4500, 500])
    expect(certcentral.gets()).toHaveLength(4)
  })

  it('watches many pending requests through the list, reading only those that left it', async () => {
    const results = Array.from({ length: 8 }, (_, i) => {
      certcentral.addRequest(100 + i, `r (certificate ${i + 1})`)
      return result(certificate(String(i + 1)), 'pending', 100 + i)
    })
    certcentral.addRequest(103, 'r (certificate 4)', 'approved')
    const done = await followThrough(results, api, options({ timeoutMs: 5000 }))
    const reads = certcentral.calls.map((call) => call.path)
    // Two checks (at once, and 3 s later), one listing each; request 103 left the list and is read once.
    expect(reads.filter((path) => path.startsWith('/request?'))).toHaveLength(2)
    expect(reads.filter((path) => path.startsWith('/request/'))).toEqual(['/request/103'])
    expect(done.filter((r) => r.status === 'approved').map((r) => r.requestId)).toEqual([103])
  })

  it('then waits for the authority to say revoked, with progress in the log', async () => {
    const a = certificate('5')
    const b = order('9')
    const authority = scriptedAuthority(
      new Map([
        [a, ['not-revoked', 'revoked']],
        [b, ['revoked']]
      ])
    )
    const done = await followThrough(
      [result(a, 'submitted', null), result(b, 'approved', 12)],
      api,
      options({ waitFor: 'revocation', authority })
    )
    expect(done.map((r) => [r.status, r.note])).toEqual([
      ['revoked', 'OCSP says revoked'],
      ['revoked', 'OCSP says revoked']
    ])
    expect(log).toEqual([
      'Waiting for revocation of 1 target since 10:00:00 UTC (certificate 5: OCSP says not-revoked); next check in 2 s.'
    ])
  })

  it('with wait-for: revocation, asks the CA of a pending target too, and reports it revoked when the CA says so', async () => {
    certcentral.addRequest(71, 'a (certificate 5)').addRequest(72, 'b (certificate 6)')
    const [a, b] = [certificate('5'), certificate('6')]
    const authority = scriptedAuthority(
      new Map([
        [a, ['revoked']],
        [b, ['not-revoked']]
      ])
    )
    const done = await followThrough(
      [result(a, 'pending', 71), result(b, 'pending', 72)],
      api,
      options({ waitFor: 'revocation', authority, timeoutMs: 3000 })
    )
    expect(done.map((r) => [r.status, r.requestId, r.note, r.stillWaiting !== undefined])).toEqual([
      ['revoked', 71, 'OCSP says revoked', false],
      ['pending', 72, undefined, true]
    ])
    expect(done[1].stillWaiting).toBe(
      "revoke request 72 still awaits an administrator's approval in CertCentral after 0.05 min; its CA: OCSP says not-revoked: approve it (Certificates > Requests), or run again later"
    )
    expect(authority.asked).toEqual([a, b])
    // With wait-for: approval, no CA is asked.
    authority.asked.length = 0
    await followThrough([result(b, 'pending', 72)], api, options({ authority, timeoutMs: 3000 }))
    expect(authority.asked).toEqual([])
  })

  it('abandons a check still in flight at the deadline: what it hears later changes nothing', async () => {
    const alarm = manualAlarm()
    const [a, b] = [certificate('5'), certificate('6')]
    let answer = (): void => undefined
    const asked: Target[] = []
    let lateRead: PacedResult | undefined
    const authority = {
      ask: async (target: Target) => {
        asked.push(target)
        if (target === a) return { state: 'not-revoked', detail: 'OCSP says good' }
        await new Promise<void>((resolve) => (answer = resolve))
        // What the abandoned check still tries of CertCentral is refused, and not sent.
        lateRead = await api.getRequest(72)
        return { state: 'revoked', detail: 'OCSP says revoked, too late' }
      }
    } as unknown as Authority
    const seen: string[][] = []
    const waiting = followThrough([result(a, 'submitted', null), result(b, 'approved', 9)], api, {
      ...options({ waitFor: 'revocation', authority, timeoutMs: 30_000, alarm }),
      progress: (results) => void seen.push(results.map((r) => r.status))
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(asked).toEqual([a, b])
    expect(alarm.set).toEqual([30_000])
    alarm.ring()
    const done = await waiting
    answer()
    await new Promise((resolve) => setImmediate(resolve))
    expect(done.map((r) => r.status)).toEqual(['submitted', 'approved'])
    expect(done[0].stillWaiting).toMatch(/^not revoked according to its authority after 0\.5 min \(last answer: OCSP says good\)/)
    expect(done[1].stillWaiting).toMatch(
      /^not revoked according to its authority after 0\.5 min \(last answer: none came before the deadline\)/
    )
    expect(seen).toEqual([['submitted', 'approved']])
    expect(alarm.cancelled).toBe(1)
    expect(lateRead).toEqual({ attempts: 0, failure: { code: null, message: new BudgetStopped().message, http_status: null } })
    // A request from outside the wait (a CT lookup alongside, a later read) still goes, at once.
    const before = clock.now()
    expect(await api.getOrder('9')).toHaveProperty('answer')
    expect(certcentral.calls.map((call) => call.path)).toEqual(['/order/certificate/9'])
    expect(clock.now()).toBe(before)
  })

  it('abandons a read in flight at the deadline: an approval it hears later changes nothing', async () => {
    const alarm = manualAlarm()
    certcentral.addRequest(71, 'a (certificate 5)')
    let answer = (): void => undefined
    const sent: string[] = []
    const read = certcentral.get.bind(certcentral)
    certcentral.get = async (path: string) => {
      sent.push(path)
      await new Promise<void>((resolve) => (answer = resolve))
      certcentral.addRequest(71, 'a (certificate 5)', 'approved')
      return read(path)
    }
    const seen: string[][] = []
    const waiting = followThrough([result(certificate('5'), 'pending', 71)], api, {
      ...options({ alarm }),
      progress: (results) => void seen.push(results.map((r) => r.status))
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(sent).toEqual(['/request/71'])
    alarm.ring()
    const done = await waiting
    answer()
    await new Promise((resolve) => setImmediate(resolve))
    // The answer came, and said approved.
    expect(certcentral.calls.map((call) => call.path)).toEqual(['/request/71'])
    expect(certcentral.requests.get(71)?.status).toBe('approved')
    expect(done.map((r) => [r.status, r.stillWaiting])).toEqual([
      [
        'pending',
        "revoke request 71 still awaits an administrator's approval in CertCentral after 1 min: approve it (Certificates > Requests), or run again later"
      ]
    ])
    expect(seen).toEqual([['pending']])
  })

  it('asks no CA of a further target once its check is abandoned at the deadline', async () => {
    const alarm = manualAlarm()
    const [a, b] = [certificate('5'), certificate('6')]
    let answer = (): void => undefined
    const asked: Target[] = []
    const authority = {
      ask: async (target: Target) => {
        asked.push(target)
        if (target === a) await new Promise<void>((resolve) => (answer = resolve))
        return { state: 'revoked', detail: 'OCSP says revoked, too late' }
      }
    } as unknown as Authority
    const waiting = followThrough(
      [result(a, 'submitted', null), result(b, 'submitted', null)],
      api,
      options({ waitFor: 'revocation', authority, alarm })
    )
    await new Promise((resolve) => setImmediate(resolve))
    expect(asked).toEqual([a])
    alarm.ring()
    const done = await waiting
    answer()
    await new Promise((resolve) => setImmediate(resolve))
    expect(asked).toEqual([a])
    expect(done.map((r) => [r.status, r.stillWaiting?.match(/\(last answer: [^)]*\)/)?.[0]])).toEqual([
      ['submitted', '(last answer: none came before the deadline)'],
      ['submitted', '(last answer: none came before the deadline)']
    ])
  })

  it('ends a pause at once when the deadline comes during it', async () => {
    const alarm = manualAlarm()
    certcentral.addRequest(71, 'a (certificate 5)')
    const pauses: number[] = []
    let endPause = (): void => undefined
    // A clock whose pauses last until the test ends them.
    const pausing: Clock = {
      now: () => clock.now(),
      sleep: (ms) => {
        pauses.push(ms)
        return new Promise<void>((resolve) => (endPause = resolve))
      }
    }
    const waiting = followThrough([result(certificate('5'), 'pending', 71)], api, options({ clock: pausing, alarm }))
    await new Promise((resolve) => setImmediate(resolve))
    expect(pauses).toEqual([2000])
    alarm.ring()
    const ended = await Promise.race([waiting.then(() => 'ended'), new Promise((resolve) => setImmediate(() => resolve('still pausing')))])
    endPause()
    expect(ended).toBe('ended')
    expect((await waiting)[0].stillWaiting).toMatch(/^revoke request 71 still awaits/)
    expect(pauses).toEqual([2000])
    expect(certcentral.calls.map((call) => call.path)).toEqual(['/request/71'])
  })

  it('ends the wait when a check ends at the deadline, before its alarm rings: no pause, no progress line', async () => {
    const alarm = manualAlarm()
    // A CA that answers just at the deadline.
    const authority = {
      ask: async () => {
        await clock.sleep(10_000 - clock.now())
        return { state: 'not-revoked', detail: 'OCSP says good' }
      }
    } as unknown as Authority
    const done = await followThrough(
      [result(certificate('5'), 'submitted', null)],
      api,
      options({ waitFor: 'revocation', authority, timeoutMs: 10_000, alarm })
    )
    expect(clock.slept).toEqual([10_000])
    expect(log).toEqual([])
    expect(done[0].stillWaiting).toMatch(/^not revoked according to its authority after 0\.17 min \(last answer: OCSP says good\)/)
  })

  it('with wait-for: revocation, asks about the targets in their order, a pending one among the accepted', async () => {
    certcentral.addRequest(72, 'b (certificate 6)')
    const [a, b, c] = [certificate('5'), certificate('6'), order('9')]
    const authority = scriptedAuthority(
      new Map([
        [a, ['revoked']],
        [b, ['revoked']],
        [c, ['revoked']]
      ])
    )
    const done = await followThrough(
      [result(a, 'approved', 71), result(b, 'pending', 72), result(c, 'submitted', null)],
      api,
      options({ waitFor: 'revocation', authority })
    )
    expect(authority.asked).toEqual([a, b, c])
    expect(done.map((r) => r.status)).toEqual(['revoked', 'revoked', 'revoked'])
  })

  it('says in one line what it waits for, approval and revocation', async () => {
    certcentral.addRequest(72, 'b (certificate 6)')
    const [a, b] = [certificate('5'), certificate('6')]
    const authority = scriptedAuthority(
      new Map([
        [a, ['not-revoked']],
        [b, ['not-revoked']]
      ])
    )
    await followThrough(
      [result(a, 'submitted', null), result(b, 'pending', 72)],
      api,
      options({ waitFor: 'revocation', authority, timeoutMs: 3000 })
    )
    expect(log[0]).toBe(
      'Waiting for approval of 1 revoke request (72) since 10:00:00 UTC; Waiting for revocation of 1 target since 10:00:00 UTC (certificate 5: OCSP says not-revoked); next check in 2 s.'
    )
  })

  it('keeps the deadline it is given (the end of the revoke requests), not wait-timeout from its own start', async () => {
    const alarm = manualAlarm()
    certcentral.addRequest(72, 'b (certificate 6)')
    await clock.sleep(4000)
    const waiting = followThrough([result(certificate('6'), 'pending', 72)], api, options({ timeoutMs: 60_000, deadline: 50_000, alarm }))
    await new Promise((resolve) => setImmediate(resolve))
    expect(alarm.set).toEqual([46_000])
    alarm.ring()
    expect((await waiting)[0].stillWaiting).toMatch(/^revoke request 72 still awaits/)
  })

  it('prints wait-timeout as given, to two decimals', () => {
    expect([30 * 60_000, 15_000, 3000, 90_000, 20_000].map(minutes)).toEqual(['30 min', '0.25 min', '0.05 min', '1.5 min', '0.33 min'])
  })

  it('says what the authority still says when the wait for revocation times out', async () => {
    const a = certificate('5')
    const authority = scriptedAuthority(new Map([[a, ['not-revoked']]]))
    const done = await followThrough([result(a, 'submitted', null)], api, options({ waitFor: 'revocation', authority, timeoutMs: 5000 }))
    expect(done[0].stillWaiting).toMatch(/^not revoked according to its authority after 0\.08 min \(last answer: OCSP says not-revoked\)/)
  })

  it('reads each of up to 5 pending requests, and lists them only when there are more', async () => {
    const pendingResults = (count: number) =>
      Array.from({ length: count }, (_, i) => {
        certcentral.addRequest(200 + i, `r (certificate ${i + 1})`)
        return result(certificate(String(i + 1)), 'pending', 200 + i)
      })
    // One check: five reads a second apart, then a pause to the deadline.
    await followThrough(pendingResults(5), api, options({ timeoutMs: 5000 }))
    const paths = certcentral.calls.map((call) => call.path)
    expect(paths).toEqual(['/request/200', '/request/201', '/request/202', '/request/203', '/request/204'])
    certcentral.calls.length = 0
    await followThrough(pendingResults(6), api, options({ timeoutMs: 5000 }))
    // Two checks (at once, and 2 s later), each one listing; every request is still listed, so none is read.
    expect(certcentral.calls.map((call) => call.path)).toEqual([
      '/request?filters[status]=pending&filters[type]=revoke&offset=0&limit=1000',
      '/request?filters[status]=pending&filters[type]=revoke&offset=0&limit=1000'
    ])
  })

  it('spends at most one CertCentral request a second on average from the start of the wait, every request counted', async () => {
    // Six pending requests and a list that fails: one listing and six reads, a second apart, then the pause.
    const results = Array.from({ length: 6 }, (_, i) => {
      certcentral.addRequest(300 + i, `r (certificate ${i + 1})`)
      return result(certificate(String(i + 1)), 'pending', 300 + i)
    })
    certcentral.getAnswers.set(
      '/request?filters[status]=pending&filters[type]=revoke&offset=0&limit=1000',
      answers.error(503, 'unavailable', 'Maintenance.')
    )
    await followThrough(results, api, options({ timeoutMs: 8000 }))
    expect(clock.slept).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 2000])
    expect(log[0]).toBe('Waiting for approval of 6 revoke requests (300, 301, 302, 303, 304, 305) since 10:00:00 UTC; next check in 2 s.')
  })

  it('keeps the budget with 30 serial targets whose every lookup fails, and sends nothing at or after the deadline', async () => {
    const started: number[] = []
    const get = certcentral.get.bind(certcentral)
    certcentral.get = async (path: string) => {
      started.push(clock.now())
      return path.includes('filters[serial_number]') ? answers.error(503, 'unavailable', 'Maintenance.') : get(path)
    }
    const serials = Array.from({ length: 30 }, (_, i): Target => ({ type: 'certificate', id: `0A${i}`, source: 'serial-number' }))
    const authority = new Authority(api, { settings: testSettings({ requestTimeoutMs: 1000 }), redact: (text) => text })
    const done = await followThrough(
      serials.map((target) => result(target, 'submitted', null)),
      api,
      options({ waitFor: 'revocation', authority, timeoutMs: 45_000 })
    )
    expect(started.length).toBeGreaterThan(30)
    // The n-th request of the wait starts no sooner than n seconds after its start: no stretch from it averages more.
    started.forEach((at, n) => expect(at).toBeGreaterThanOrEqual(n * 1000))
    // At the deadline the check in progress is abandoned: every request started before it.
    expect(started).toHaveLength(45)
    expect(Math.max(...started)).toBe(44_000)
    expect(clock.now()).toBeLessThanOrEqual(45_000)
    expect(done.every((r) => r.status === 'submitted' && r.stillWaiting?.includes('could not be looked up by serial number'))).toBe(true)
    // Only the wait's own requests were refused: one from outside goes, at once.
    const before = clock.now()
    expect(await api.getOrder('9')).toHaveProperty('answer')
    expect(started).toHaveLength(46)
    expect(clock.now()).toBe(before)
  })

  it('lets a request from outside the wait go while a check is in flight, paced by the budget, and after the stop', async () => {
    certcentral.addRequest(72, 'b (certificate 6)')
    const alarm = manualAlarm()
    let answer = (): void => undefined
    const authority = {
      ask: async () => {
        await new Promise<void>((resolve) => (answer = resolve))
        return { state: 'revoked', detail: 'OCSP says revoked, too late' }
      }
    } as unknown as Authority
    const waiting = followThrough([result(certificate('6'), 'pending', 72)], api, options({ waitFor: 'revocation', authority, alarm }))
    await new Promise((resolve) => setImmediate(resolve))
    // The wait read its request at 0; the lookup alongside counts toward the budget, so it goes a second later.
    expect(await api.getOrder('9')).toHaveProperty('answer')
    expect(clock.now()).toBe(1000)
    alarm.ring()
    const done = await waiting
    answer()
    expect(done[0].status).toBe('pending')
    expect(await api.getOrder('9')).toHaveProperty('answer')
    expect(clock.now()).toBe(1000)
    expect(certcentral.calls.map((call) => call.path)).toEqual(['/request/72', '/order/certificate/9', '/order/certificate/9'])
  })

  it('ends the budget with the wait when nothing was abandoned: the limiter admits at once again', async () => {
    certcentral.addRequest(71, 'a (certificate 5)', 'approved')
    await followThrough([result(certificate('5'), 'pending', 71)], api, options({}))
    const before = clock.now()
    await api.pacing.limiter.acquire()
    await api.pacing.limiter.acquire()
    expect(clock.now()).toBe(before)
  })

  it('keeps waiting on a request that cannot be read, and reports one submitted', async () => {
    certcentral.addRequest(71, 'a (certificate 5)', 'submitted')
    certcentral.getAnswers.set('/request/72', answers.error(500, 'internal', 'Oops.'))
    // Only a 200 answer tells a request's state, whatever the body of another says.
    certcentral.getAnswers.set('/request/73', {
      statusCode: 503,
      headers: {},
      body: JSON.stringify({ id: 73, status: 'approved', type: 'revoke' })
    })
    const done = await followThrough(
      [result(certificate('5'), 'pending', 71), result(certificate('6'), 'pending', 72), result(certificate('7'), 'pending', 73)],
      api,
      options({ timeoutMs: 3000 })
    )
    expect(done.map((r) => r.status)).toEqual(['submitted', 'pending', 'pending'])
    expect(done[1].stillWaiting).toMatch(/^revoke request 72 still awaits/)
    // Three reads a second apart leave one second before the deadline.
    expect(log).toEqual(['Waiting for approval of 2 revoke requests (72, 73) since 10:00:00 UTC; next check in 1 s.'])
  })

  it('says "request" and "target" for one, and cuts a long list of what it waits for', async () => {
    certcentral.addRequest(71, 'a (certificate 5)')
    await followThrough([result(certificate('5'), 'pending', 71)], api, options({ timeoutMs: 2500 }))
    expect(log[0]).toBe('Waiting for approval of 1 revoke request (71) since 10:00:00 UTC; next check in 2 s.')
    log.length = 0
    const many = Array.from({ length: 30 }, (_, i) => certificate(String(1000 + i)))
    const authority = scriptedAuthority(new Map(many.map((target) => [target, ['not-revoked']])))
    await followThrough(
      many.map((target) => result(target, 'submitted', null)),
      api,
      options({ waitFor: 'revocation', authority, timeoutMs: 1 })
    )
    const listed = many.map((target) => `certificate ${target.id}: OCSP says not-revoked`).join('; ')
    expect(log[0]).toBe(`Waiting for revocation of 30 targets since 10:00:00 UTC (${listed.slice(0, 300)}…); next check in 0 s.`)
  })

  it('cuts the list only when it is longer than 300 characters', async () => {
    // 37 IDs of six digits and one of four: exactly 300 characters.
    const ids = [...Array.from({ length: 37 }, (_, i) => 100000 + i), 1000]
    const results = ids.map((id, i) => {
      certcentral.addRequest(id, `r (certificate ${i + 1})`)
      return result(certificate(String(i + 1)), 'pending', id)
    })
    await followThrough(results, api, options({ timeoutMs: 1 }))
    expect(ids.join(', ')).toHaveLength(300)
    expect(log[0]).toBe(`Waiting for approval of 38 revoke requests (${ids.join(', ')}) since 10:00:00 UTC; next check in 0 s.`)
  })

  it('waits on no request without an ID, and says when it started by the real clock without one given', async () => {
    certcentral.addRequest(71, 'a (certificate 5)')
    const done = await followThrough([result(certificate('4'), 'pending', null), result(certificate('5'), 'pending', 71)], api, {
      ...options({ timeoutMs: 1 }),
      now: undefined
    })
    expect(certcentral.calls.map((call) => call.path)).toEqual(['/request/71'])
    expect(done[0].stillWaiting).toBeUndefined()
    expect(log[0]).toMatch(/^Waiting for approval of 1 revoke request \(71\) since \d\d:\d\d:\d\d UTC; next check in 0 s\.$/)
  })
})
