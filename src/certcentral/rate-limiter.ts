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
    const turn = this.queue.then(() => this.waitForSlot())
    this.queue = turn
    return turn
  }

  /**
   * Holds every request back for `ms`: a 429 means the key is busier than our own count says (another job
   * may share it), so the whole run slows, not only the request that was refused.
   */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms)
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      const readyAt = Math.max(this.pausedUntil, ...this.windows.map((w) => this.freeAt(w)))
      if (readyAt <= now) {
        this.record(now)
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
