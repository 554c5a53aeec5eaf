import { describe, expect, it } from '@jest/globals'
import { mapConcurrently, pacedRequest, type PacingOptions } from '../../src/certcentral/paced.js'
import { BudgetStopped, RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import { TransportError, type HttpAnswer } from '../../src/certcentral/transport.js'

const answer = (statusCode: number, headers: Record<string, string> = {}): HttpAnswer => ({ statusCode, headers, body: '' })

/** Pacing with a clock that records its sleeps, a limiter that records its slots and pauses, and a log. */
function pacing(overrides: Partial<PacingOptions> = {}) {
  const slept: number[] = []
  const paused: number[] = []
  const log: string[] = []
  let slots = 0
  const clock: Clock = { now: () => 0, sleep: async (ms) => void slept.push(ms) }
  const limiter = new RateLimiter(undefined, clock)
  limiter.acquire = async () => void slots++
  limiter.pause = (ms) => void paused.push(ms)
  const options: PacingOptions = { limiter, clock, maxAttempts: 3, log: (line) => log.push(line), random: () => 0, ...overrides }
  return { options, slept, paused, log, slots: () => slots }
}

/** A send that plays back `script` in order, counting its calls. */
function scripted(...script: (HttpAnswer | Error)[]) {
  let calls = 0
  const send = async (): Promise<HttpAnswer> => {
    calls++
    const next = script.shift()
    if (next === undefined) throw new Error('nothing more scripted')
    if (next instanceof Error) throw next
    return next
  }
  return { send, calls: () => calls }
}

describe('pacedRequest', () => {
  it('returns the first answer that is not retried, after one slot and no wait', async () => {
    for (const status of [200, 201, 204, 400, 404, 500]) {
      const { options, slept, log, slots } = pacing()
      const { send, calls } = scripted(answer(status))
      expect(await pacedRequest('x', send, options)).toEqual({ attempts: 1, answer: answer(status) })
      expect([calls(), slots(), slept, log]).toEqual([1, 1, [], []])
    }
  })

  it('answers a refused slot with a failure that says nothing was sent, on the first attempt or a retry', async () => {
    const refused = { code: null, message: new BudgetStopped().message, http_status: null }
    const first = pacing()
    first.options.limiter.acquire = async () => {
      throw new BudgetStopped()
    }
    const never = scripted(answer(200))
    expect(await pacedRequest('x', never.send, first.options)).toEqual({ attempts: 0, failure: refused })
    expect(never.calls()).toBe(0)
    // Refused at the retry: the one attempt sent counts.
    const later = pacing()
    let slots = 0
    later.options.limiter.acquire = async () => {
      if (++slots > 1) throw new BudgetStopped()
    }
    const once = scripted(answer(503), answer(200))
    expect(await pacedRequest('x', once.send, later.options)).toEqual({ attempts: 1, failure: refused })
    expect(once.calls()).toBe(1)
  })

  it("neither retries nor logs a request abandoned in flight by its wait's stop; a 503 then is its answer", async () => {
    const clock: Clock = { now: () => 0, sleep: async () => undefined }
    for (const failure of [new TransportError('ECONNRESET', false), answer(503)]) {
      const limiter = new RateLimiter(undefined, clock)
      const log: string[] = []
      const budget = limiter.startBudget(1000, 60_000)
      let release = (): void => undefined
      let sends = 0
      const send = async (): Promise<HttpAnswer> => {
        sends++
        await new Promise<void>((resolve) => (release = resolve))
        if (failure instanceof Error) throw failure
        return failure
      }
      const request = budget.run(() => pacedRequest('order 5004', send, { limiter, clock, maxAttempts: 5, log: (line) => log.push(line) }))
      await new Promise((resolve) => setImmediate(resolve))
      budget.end({ stop: true })
      release()
      const result = await request
      expect(result.attempts).toBe(1)
      expect(sends).toBe(1)
      expect(log).toEqual([])
      if (failure instanceof Error) expect(result).toHaveProperty('failure.message', 'connection failed after 1 attempt: ECONNRESET')
      else expect(result).toHaveProperty('answer.statusCode', 503)
    }
  })

  it('retries gateway errors after a growing backoff, taking a slot for every attempt', async () => {
    const { options, slept, paused, log, slots } = pacing({ maxAttempts: 4 })
    const { send } = scripted(answer(502), answer(503), answer(504), answer(201))
    expect(await pacedRequest('certificate 7', send, options)).toEqual({ attempts: 4, answer: answer(201) })
    expect(slept).toEqual([500, 1000, 2000])
    expect(paused).toEqual([])
    expect(slots()).toBe(4)
    expect(log).toEqual([
      'certificate 7: HTTP 502 with an empty body; attempt 2 of 4 in 0.5 s.',
      'certificate 7: HTTP 503 with an empty body; attempt 3 of 4 in 1.0 s.',
      'certificate 7: HTTP 504 with an empty body; attempt 4 of 4 in 2.0 s.'
    ])
  })

  it('gives the last answer when every attempt was refused', async () => {
    const { options, slept } = pacing({ maxAttempts: 2 })
    const { send, calls } = scripted(answer(503), answer(502), answer(200))
    expect(await pacedRequest('x', send, options)).toEqual({ attempts: 2, answer: answer(502) })
    expect(calls()).toBe(2)
    expect(slept).toEqual([500])
  })

  it('makes one attempt only when max-attempts is 1', async () => {
    const { options, slept } = pacing({ maxAttempts: 1 })
    const { send, calls } = scripted(answer(429), answer(200))
    expect(await pacedRequest('x', send, options)).toEqual({ attempts: 1, answer: answer(429) })
    expect([calls(), slept]).toEqual([1, []])
  })

  it('waits as long as Retry-After says, and pauses the whole run only on a 429', async () => {
    const { options, slept, paused, log } = pacing()
    const { send } = scripted(answer(429, { 'retry-after': '7' }), answer(503, { 'retry-after': '2' }), answer(200))
    await pacedRequest('x', send, options)
    expect(slept).toEqual([7000, 2000])
    expect(paused).toEqual([7000])
    expect(log[0]).toBe('x: HTTP 429 with an empty body; attempt 2 of 3 in 7.0 s.')
  })

  it('pauses the run for the backoff when a 429 has no Retry-After', async () => {
    const { options, slept, paused } = pacing()
    const { send } = scripted(answer(429), answer(200))
    await pacedRequest('x', send, options)
    expect(slept).toEqual([500])
    expect(paused).toEqual([500])
  })

  it('retries a connection failure or a timeout, then says which ended it and after how many attempts', async () => {
    const { options, slept, log } = pacing()
    const { send } = scripted(
      new TransportError('connection refused', false),
      new TransportError('ECONNRESET', false),
      new TransportError('no answer within 1 s', true)
    )
    expect(await pacedRequest('order 5', send, options)).toEqual({
      attempts: 3,
      failure: { code: null, message: 'timed out after 3 attempts: no answer within 1 s', http_status: null }
    })
    expect(slept).toEqual([500, 1000])
    expect(log).toEqual(['order 5: connection refused; attempt 2 of 3 in 0.5 s.', 'order 5: ECONNRESET; attempt 3 of 3 in 1.0 s.'])

    const once = pacing({ maxAttempts: 1 })
    expect(await pacedRequest('x', scripted(new TransportError('connection refused', false)).send, once.options)).toEqual({
      attempts: 1,
      failure: { code: null, message: 'connection failed after 1 attempt: connection refused', http_status: null }
    })
  })

  it('answers once a retried connection comes back', async () => {
    const { options } = pacing()
    const { send } = scripted(new TransportError('connection refused', false), answer(201))
    expect(await pacedRequest('x', send, options)).toEqual({ attempts: 2, answer: answer(201) })
  })

  it('reports an error that is not the network at once, without retrying', async () => {
    const { options, slept } = pacing()
    const { send, calls } = scripted(new TypeError('Invalid character in header content'), answer(200))
    expect(await pacedRequest('x', send, options)).toEqual({
      attempts: 1,
      failure: { code: null, message: 'could not send the request: Invalid character in header content', http_status: null }
    })
    expect([calls(), slept]).toEqual([1, []])
  })

  it('works without a log or a random source', async () => {
    const { options, slept } = pacing({ log: undefined, random: undefined })
    const { send } = scripted(answer(503), new TransportError('reset', false), answer(200))
    expect(await pacedRequest('x', send, options)).toEqual({ attempts: 3, answer: answer(200) })
    expect(slept[0]).toBeGreaterThanOrEqual(500)
    expect(slept[0]).toBeLessThanOrEqual(1000)
    expect(slept[1]).toBeGreaterThanOrEqual(1000)
    expect(slept[1]).toBeLessThanOrEqual(2000)
  })
})

describe('mapConcurrently', () => {
  it('runs every item one at a time when asked for a concurrency below 1', async () => {
    for (const concurrency of [0, -3]) {
      let inFlight = 0
      let peak = 0
      const results = await mapConcurrently(['a', 'b', 'c'], concurrency, async (item) => {
        peak = Math.max(peak, ++inFlight)
        await new Promise((resolve) => setTimeout(resolve, 1))
        inFlight--
        return item.toUpperCase()
      })
      expect(results).toEqual(['A', 'B', 'C'])
      expect(peak).toBe(1)
    }
  })

  it("keeps the items' order, passing each its index", async () => {
    const results = await mapConcurrently(['a', 'b', 'c', 'd'], 2, async (item, index) => {
      await new Promise((resolve) => setTimeout(resolve, (4 - index) * 3))
      return `${item}${index}`
    })
    expect(results).toEqual(['a0', 'b1', 'c2', 'd3'])
  })

  it('runs at most `concurrency` at once, and every item once', async () => {
    let inFlight = 0
    let peak = 0
    const seen: number[] = []
    await mapConcurrently(
      Array.from({ length: 10 }, (_, i) => i),
      3,
      async (item) => {
        peak = Math.max(peak, ++inFlight)
        seen.push(item)
        await new Promise((resolve) => setTimeout(resolve, 2))
        inFlight--
      }
    )
    expect(peak).toBe(3)
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('handles fewer items than workers, and none', async () => {
    expect(await mapConcurrently([1, 2], 100, async (n) => n * 2)).toEqual([2, 4])
    let called = false
    expect(
      await mapConcurrently([], 4, async () => {
        called = true
      })
    ).toEqual([])
    expect(called).toBe(false)
  })
})
