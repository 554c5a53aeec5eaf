import { describe, expect, it } from '@jest/globals'
import {
  BudgetStopped,
  DIGICERT_WINDOWS,
  RateLimiter,
  SAFETY_MARGIN_MS,
  realClock,
  type Clock,
  type RateWindow
} from '../../src/certcentral/rate-limiter.js'

/** A clock whose sleeps advance time at once: the limiter admits one caller at a time, so this is exact. */
function virtualClock(): Clock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms
    }
  }
  return clock
}

async function startTimes(limiter: RateLimiter, clock: { now(): number }, count: number): Promise<number[]> {
  const starts: number[] = []
  await Promise.all(Array.from({ length: count }, () => limiter.acquire().then(() => starts.push(clock.now()))))
  return starts
}

function maxInAnySpan(starts: number[], spanMs: number): number {
  let most = 0
  for (let i = 0; i < starts.length; i++) {
    const inWindow = starts.filter((t) => t >= starts[i] && t < starts[i] + spanMs).length
    most = Math.max(most, inWindow)
  }
  return most
}

describe('RateLimiter', () => {
  it('starts 100 at once, the next 100 after 5 s plus the margin', async () => {
    const clock = virtualClock()
    const starts = await startTimes(new RateLimiter(DIGICERT_WINDOWS, clock), clock, 250)
    expect(starts.slice(0, 100).every((t) => t === 0)).toBe(true)
    expect(starts[100]).toBe(5000 + SAFETY_MARGIN_MS)
    expect(starts[199]).toBe(5000 + SAFETY_MARGIN_MS)
    expect(starts[200]).toBe(2 * (5000 + SAFETY_MARGIN_MS))
    expect(maxInAnySpan(starts, 5000 + SAFETY_MARGIN_MS)).toBe(100)
  })

  it('never exceeds any window, however the limits are set', async () => {
    const windows: RateWindow[] = [
      { limit: 3, spanMs: 100 },
      { limit: 7, spanMs: 1000 }
    ]
    const clock = virtualClock()
    const starts = await startTimes(new RateLimiter(windows, clock, 0), clock, 40)
    expect(maxInAnySpan(starts, 100)).toBeLessThanOrEqual(3)
    expect(maxInAnySpan(starts, 1000)).toBeLessThanOrEqual(7)
    expect(starts[7]).toBe(1000) // the wide window, not the narrow one, held the eighth back
  })

  it('keeps the three-minute window for 1000 requests', async () => {
    const clock = virtualClock()
    const starts = await startTimes(new RateLimiter(DIGICERT_WINDOWS, clock, 0), clock, 1100)
    expect(starts[999]).toBe(45000)
    expect(starts[1000]).toBe(180000)
    expect(maxInAnySpan(starts, 180000)).toBe(1000)
  })

  it('holds every caller back during a pause', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter(DIGICERT_WINDOWS, clock)
    await limiter.acquire()
    limiter.pause(2000)
    limiter.pause(500) // a shorter pause does not shorten the longer one
    await limiter.acquire()
    expect(clock.now()).toBe(2000)
  })

  it('admits callers in the order they asked', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter([{ limit: 1, spanMs: 10 }], clock, 0)
    const order: number[] = []
    await Promise.all([1, 2, 3, 4].map((n) => limiter.acquire().then(() => order.push(n))))
    expect(order).toEqual([1, 2, 3, 4])
  })
})

describe('a budget (waiting)', () => {
  it('starts the n-th request of the budget n intervals after its start, on top of the windows', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter(DIGICERT_WINDOWS, clock)
    clock.time = 500
    limiter.startBudget(1000, 10_000)
    expect(await startTimes(limiter, clock, 4)).toEqual([500, 1500, 2500, 3500])
    // A pause longer than the budget's spacing still holds the next one back.
    limiter.pause(3000)
    await limiter.acquire()
    expect(clock.now()).toBe(6500)
  })

  it('refuses a request of its own whose turn would come at or after its end, and lets the others in before', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter(DIGICERT_WINDOWS, clock)
    const budget = limiter.startBudget(1000, 2000)
    let refusedAt: number | undefined
    void budget.refused.then(() => (refusedAt = clock.now()))
    const outcomes = await budget.run(() => Promise.allSettled([1, 2, 3].map(() => limiter.acquire().then(() => clock.now()))))
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).name))).toEqual([0, 1000, 'BudgetStopped'])
    expect(refusedAt).toBe(1000)
    expect(new BudgetStopped().message).toBe('the wait ended at its deadline before this request could start, so it was not sent')
  })

  it('never refuses a request from outside: past its end, the budget no longer holds it back', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter(DIGICERT_WINDOWS, clock)
    const budget = limiter.startBudget(1000, 2500)
    let refused = false
    void budget.refused.then(() => (refused = true))
    // Every request counts toward the budget; the one whose turn would be at 3000 goes at its end, 2500.
    expect(await startTimes(limiter, clock, 4)).toEqual([0, 1000, 2000, 2500])
    await Promise.resolve()
    expect(refused).toBe(false)
  })

  it('ends: the limiter admits at once again; stopped: it refuses its own requests only, before and after the end', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter(DIGICERT_WINDOWS, clock)
    const ended = limiter.startBudget(1000, 60_000)
    await ended.run(() => limiter.acquire())
    ended.end()
    expect(await startTimes(limiter, clock, 3)).toEqual([0, 0, 0])
    // Ended without a stop, its own requests go as any other.
    await ended.run(() => limiter.acquire())
    const stopped = limiter.startBudget(1000, 60_000)
    await stopped.run(() => limiter.acquire())
    stopped.end({ stop: true })
    await expect(stopped.run(() => limiter.acquire())).rejects.toThrow(BudgetStopped)
    // What the stopped budget's work starts later, however deep, is its own too.
    await expect(stopped.run(() => new Promise((resolve) => setImmediate(resolve)).then(() => limiter.acquire()))).rejects.toThrow(
      BudgetStopped
    )
    // A request from outside goes, at once: the stop ended the budget's spacing too.
    const before = clock.now()
    expect(await startTimes(limiter, clock, 2)).toEqual([before, before])
  })

  it('refuses a request of its own that was waiting for its turn when the budget stopped', async () => {
    const clock = virtualClock()
    let wake = (): void => undefined
    // The second request's sleep ends only when told, after the stop.
    const sleeps: number[] = []
    const held: Clock = {
      now: () => clock.now(),
      sleep: async (ms) => {
        sleeps.push(ms)
        await new Promise<void>((resolve) => (wake = resolve))
        clock.time += ms
      }
    }
    const limiter = new RateLimiter(DIGICERT_WINDOWS, held)
    const budget = limiter.startBudget(1000, 60_000)
    await budget.run(() => limiter.acquire())
    const second = budget.run(() => limiter.acquire())
    await new Promise((resolve) => setImmediate(resolve))
    expect(sleeps).toEqual([1000])
    budget.end({ stop: true })
    wake()
    await expect(second).rejects.toThrow(BudgetStopped)
  })

  it('does not refuse a request of its own once it has ended without a stop, nor under a newer budget: it waits', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter(DIGICERT_WINDOWS, clock)
    const ended = limiter.startBudget(1000, 2000)
    let refused = false
    void ended.refused.then(() => (refused = true))
    ended.end()
    // A 429 holds every request back past the ended budget's deadline: its own work waits, as any other.
    limiter.pause(3000)
    await ended.run(() => limiter.acquire())
    expect(clock.now()).toBe(3000)
    // Under a newer budget, whose spacing puts its next turn past the older one's deadline, it waits for that turn.
    const newer = limiter.startBudget(5000, 60_000)
    await newer.run(() => limiter.acquire())
    await ended.run(() => limiter.acquire())
    expect(clock.now()).toBe(8000)
    await Promise.resolve()
    expect(refused).toBe(false)
  })

  it('an older budget ended late does not end a newer one', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter(DIGICERT_WINDOWS, clock)
    const first = limiter.startBudget(1000, 60_000)
    limiter.startBudget(2000, 60_000)
    first.end()
    expect(await startTimes(limiter, clock, 2)).toEqual([0, 2000])
    // Nor does its stop: only its own requests are refused.
    first.end({ stop: true })
    expect(await startTimes(limiter, clock, 1)).toEqual([4000])
  })
})

describe("DigiCert's limits and the real clock", () => {
  it('are 100 requests in 5 s and 1000 in 3 min, with a 100 ms margin', () => {
    expect(DIGICERT_WINDOWS).toEqual([
      { limit: 100, spanMs: 5000 },
      { limit: 1000, spanMs: 180000 }
    ])
    expect(SAFETY_MARGIN_MS).toBe(100)
  })

  it('sleeps for real and tells the time in milliseconds', async () => {
    const before = realClock.now()
    await realClock.sleep(30)
    expect(realClock.now() - before).toBeGreaterThanOrEqual(25)
  })

  it('admits the first request at once with the defaults', async () => {
    const limiter = new RateLimiter()
    const before = realClock.now()
    await limiter.acquire()
    await limiter.acquire()
    expect(realClock.now() - before).toBeLessThan(1000)
  })

  it('applies a margin only once a window is full', async () => {
    const clock = virtualClock()
    const starts = await startTimes(new RateLimiter([{ limit: 2, spanMs: 100 }], clock, 7), clock, 5)
    expect(starts).toEqual([0, 0, 107, 107, 214])
  })

  it('lets a pause end before the window would', async () => {
    const clock = virtualClock()
    const limiter = new RateLimiter([{ limit: 1, spanMs: 1000 }], clock, 0)
    limiter.pause(300)
    await limiter.acquire()
    expect(clock.now()).toBe(300)
    await limiter.acquire()
    expect(clock.now()).toBe(1300)
  })
})
