import { describe, expect, it } from '@jest/globals'
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/certcentral/retry-policy.js'

describe('what is retried', () => {
  it('retries 429 and gateway errors, never 500 or another 4xx', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryableStatus(status)).toBe(true)
    for (const status of [200, 201, 204, 400, 401, 403, 404, 409, 500, 501]) expect(isRetryableStatus(status)).toBe(false)
  })
})

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  it('reads seconds and HTTP dates, capped at 60 s', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter(['2'], now)).toBe(2000)
    expect(parseRetryAfter('3600', now)).toBe(60000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0)
  })
  it('reads fractional seconds and surrounding spaces, and caps at exactly 60 s', () => {
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500)
    expect(parseRetryAfter('1.25', now)).toBe(1250)
    expect(parseRetryAfter('60', now)).toBe(60000)
    expect(parseRetryAfter('61', now)).toBe(60000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:05:00 GMT', now)).toBe(60000)
  })
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('   ', now)).toBeUndefined()
    expect(parseRetryAfter([], now)).toBeUndefined()
    expect(parseRetryAfter('x5', now)).toBeUndefined()
    expect(parseRetryAfter('5x', now)).toBeUndefined()
  })
})

describe('backoff', () => {
  it('doubles from about a second, with jitter, up to 30 s', () => {
    expect(backoffDelay(1, () => 0)).toBe(500)
    expect(backoffDelay(1, () => 1)).toBe(1000)
    expect(backoffDelay(3, () => 1)).toBe(4000)
    expect(backoffDelay(20, () => 1)).toBe(30000)
    expect(backoffDelay(20, () => 0)).toBe(15000)
    expect(backoffDelay(2, () => 0.5)).toBe(1500)
    expect(backoffDelay(5, () => 1)).toBe(16000)
    expect(backoffDelay(6, () => 1)).toBe(30000)
  })
  it('draws its jitter at random unless told', () => {
    for (let i = 0; i < 20; i++) {
      const delay = backoffDelay(2)
      expect(delay).toBeGreaterThanOrEqual(1000)
      expect(delay).toBeLessThanOrEqual(2000)
    }
  })
})
