import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Paces requests so that the action alone never exceeds CertCentral's per-key limits: at most `limit`
 * requests in any `spanMs`, for every window at once (100 in 5 s and 1000 in 3 min). Requests may be in
 * flight concurrently; only their start times are paced. Memory is one timestamp per request of the widest
 * window, however long the batch.
 */

export interface RateWindow {
  limit: number
  spanMs: number
}

/** DigiCert's published limits, per API key, on rolling windows. */
export const DIGICERT_WINDOWS: RateWindow[] = [
  { limit: 100, spanMs: 5_000 },
  { limit: 1000, spanMs: 180_000 }
]

/** Why a request was refused a slot: the budget it ran under was stopped (a wait that reached its deadline). */
export class BudgetStopped extends Error {
  constructor() {
    super('the wait ended at its deadline before this request could start, so it was not sent')
    this.name = 'BudgetStopped'
  }
}

/** A budget's own requests (a wait's), and how to end it. */
export interface Budget {
  /** Runs `work` with every request it starts, however deep, counted as the budget's own. */
  run<T>(work: () => Promise<T>): Promise<T>
  /** Settles when the budget first refuses one of its own requests: the wait's deadline has come. */
  refused: Promise<void>
  /**
   * Ends the budget: other requests go unpaced by it again. `stop` also refuses every request of its own from then
   * on, so that nothing a wait abandoned can still start; requests from outside the wait are never refused.
   */
  end(how?: { stop: boolean }): void
}

interface BudgetState {
  since: number
  intervalMs: number
  untilMs: number
  admitted: number
  stopped: boolean
  refuse: () => void
}

/** The budget whose own request is being made, if any: set by Budget.run for everything that work starts. */
const ownBudget = new AsyncLocalStorage<BudgetState>()

/** Added to every window's span, for clock and network skew between our send and DigiCert's arrival time. */
export const SAFETY_MARGIN_MS = 100

export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

export class RateLimiter {
  /** Start times of the most recent requests, oldest first, in a ring of the widest window's size. */
  private readonly starts: number[]
  private next = 0
  private count = 0
  private pausedUntil = 0
  /** While a budget runs: its start, the spacing it keeps on average, and how many it admitted. */
  private budget?: BudgetState
  /** Callers are admitted one at a time, in the order they asked. */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly windows: RateWindow[] = DIGICERT_WINDOWS,
    private readonly clock: Clock = realClock,
    private readonly marginMs: number = SAFETY_MARGIN_MS
  ) {
    this.starts = new Array<number>(Math.max(...windows.map((w) => w.limit)))
  }

  /** Resolves when one more request may start now without breaking any window. */
  acquire(): Promise<void> {
    const own = ownBudget.getStore()
    const turn = this.queue.then(() => this.waitForSlot(own))
    // A refused caller must not hold back those behind it.
    this.queue = turn.catch(() => undefined)
    return turn
  }

  /**
   * From now until `untilMs` (this clock's time), on average at most one request per `intervalMs` since now, on
   * top of the windows: the n-th request of the budget starts no sooner than n intervals after its start, so no
   * stretch of it from the start averages more. Every request counts, but only the budget's own (Budget.run) are
   * refused (BudgetStopped) when their turn would come at or after `untilMs`: one from outside waits for the end
   * instead. Waiting runs under one (SPEC, "Following a revocation through").
   */
  startBudget(intervalMs: number, untilMs: number): Budget {
    let refuse = (): void => undefined
    const refused = new Promise<void>((resolve) => (refuse = resolve))
    const budget: BudgetState = { since: this.clock.now(), intervalMs, untilMs, admitted: 0, stopped: false, refuse }
    this.budget = budget
    return {
      run: (work) => ownBudget.run(budget, work),
      refused,
      end: (how) => {
        if (how?.stop) budget.stopped = true
        if (this.budget === budget) this.budget = undefined
      }
    }
  }

  /** Whether a request made here now would be refused: it is a stopped budget's own (a wait's, abandoned). */
  refusesOwn(): boolean {
    return ownBudget.getStore()?.stopped === true
  }

  /**
   * Holds every request back for `ms`: a 429 means the key is busier than our own count says (another job
   * may share it), so the whole run slows, not only the request that was refused.
   */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms)
  }

  private async waitForSlot(own?: BudgetState): Promise<void> {
    for (;;) {
      if (own?.stopped) throw refusal(own)
      const now = this.clock.now()
      const budget = this.budget
      const budgetAt = budget ? budget.since + budget.admitted * budget.intervalMs : 0
      const windowsAt = Math.max(this.pausedUntil, ...this.windows.map((w) => this.freeAt(w)))
      if (budget === own && own && Math.max(budgetAt, windowsAt) >= own.untilMs) throw refusal(own)
      // A request from outside the budget is never refused: at the budget's end, its spacing no longer holds it.
      const readyAt = Math.max(windowsAt, budget && budget !== own ? Math.min(budgetAt, budget.untilMs) : budgetAt)
      if (readyAt <= now) {
        this.record(now)
        if (budget) budget.admitted++
        return
      }
      await this.clock.sleep(readyAt - now)
    }
  }

  /** When the window admits one more: once its `limit`-th most recent start has left the span. */
  private freeAt(window: RateWindow): number {
    if (this.count < window.limit) return 0
    const index = (this.next - window.limit + this.starts.length) % this.starts.length
    return this.starts[index] + window.spanMs + this.marginMs
  }

  private record(time: number): void {
    this.starts[this.next] = time
    this.next = (this.next + 1) % this.starts.length
    this.count = Math.min(this.count + 1, this.starts.length)
  }
}

function refusal(budget: BudgetState): BudgetStopped {
  budget.refuse()
  return new BudgetStopped()
}
