/** What is retried, and how long to wait before the next attempt. */

/** Rate limiting and gateway trouble. A 500 is not retried: the request may have been carried out. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504])

export function isRetryableStatus(statusCode: number): boolean {
  return RETRYABLE_STATUSES.has(statusCode)
}

export const RETRY_AFTER_CAP_MS = 60_000
const BACKOFF_BASE_MS = 1_000
const BACKOFF_CAP_MS = 30_000

/** A Retry-After header in milliseconds (delay-seconds or an HTTP date), capped at 60 s; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim() ?? ''
  let delayMs: number
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) {
    delayMs = Number(text) * 1000
  } else {
    const at = Date.parse(text)
    if (Number.isNaN(at)) return undefined
    delayMs = at - nowMs
  }
  return Math.min(Math.max(delayMs, 0), RETRY_AFTER_CAP_MS)
}

/** Exponential backoff with jitter after the given failed attempt (1-based): about 1 s, 2 s, 4 s … up to 30 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1))
  return Math.round(ceiling * (0.5 + random() / 2))
}
