/**
 * Sends one revoke request per target, concurrently but paced by the rate limiter, retrying what the
 * contract says is retryable. Every target ends with an outcome; results keep target order.
 */
import { TransportError, type HttpAnswer } from './certcentral.js'
import { errorMessage } from './errors.js'
import type { RateLimiter, Clock } from './rate-limiter.js'
import { interpretRevokeAnswer, readApiError, type RevokeOutcome } from './responses.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.js'
import type { RevocationReason } from './settings.js'
import { revokePath, type Target } from './targets.js'

export interface RevokeBody {
  comments: string
  skip_approval: boolean
  revocation_reason?: RevocationReason
}

export interface RevocationResult extends RevokeOutcome {
  target: Target
  attempts: number
}

export interface Revoker {
  put(path: string, body: unknown): Promise<HttpAnswer>
}

export interface RevokeOptions {
  client: Revoker
  limiter: RateLimiter
  clock: Clock
  maxAttempts: number
  /** Most requests in flight at once; DigiCert's 5-second window caps it at 100 anyway. */
  concurrency?: number
  log?: (message: string) => void
  random?: () => number
}

export function revokeBody(comments: string, skipApproval: boolean, reason?: RevocationReason): RevokeBody {
  return { comments, skip_approval: skipApproval, ...(reason ? { revocation_reason: reason } : {}) }
}

export function describeTarget(target: Target): string {
  if (target.type === 'order') return `order ${target.id}`
  return target.source === 'certificate-id' ? `certificate ${target.id}` : `certificate with serial ${target.id}`
}

export async function revokeAll(targets: Target[], body: RevokeBody, options: RevokeOptions): Promise<RevocationResult[]> {
  const results = new Array<RevocationResult>(targets.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++
      results[index] = await revokeOne(targets[index], body, options)
    }
  }
  const workers = Math.min(targets.length, options.concurrency ?? 100)
  await Promise.all(Array.from({ length: workers }, worker))
  return results
}

export async function revokeOne(target: Target, body: RevokeBody, options: RevokeOptions): Promise<RevocationResult> {
  const { client, limiter, clock, maxAttempts } = options
  const log = options.log ?? (() => undefined)
  const path = revokePath(target)
  for (let attempt = 1; ; attempt++) {
    await limiter.acquire()
    let answer: HttpAnswer
    try {
      answer = await client.put(path, body)
    } catch (error) {
      if (!(error instanceof TransportError)) {
        // Not a network fault but a bug or a refused request header: report it for this target, lose nothing.
        const failure = { code: null, message: `could not send the request: ${errorMessage(error)}`, http_status: null }
        return { target, attempts: attempt, status: 'failed', requestId: null, date: null, error: failure }
      }
      const failure = transportFailure(error, attempt)
      if (attempt >= maxAttempts) return { target, attempts: attempt, ...failure }
      const delay = backoffDelay(attempt, options.random)
      log(`${describeTarget(target)}: ${error.message}; attempt ${attempt + 1} of ${maxAttempts} in ${seconds(delay)}.`)
      await clock.sleep(delay)
      continue
    }
    if (!isRetryableStatus(answer.statusCode) || attempt >= maxAttempts) {
      return { target, attempts: attempt, ...interpretRevokeAnswer(answer) }
    }
    const retryAfter = parseRetryAfter(answer.headers['retry-after'], Date.now())
    const delay = retryAfter ?? backoffDelay(attempt, options.random)
    if (answer.statusCode === 429) limiter.pause(delay)
    const { code, message } = readApiError(answer)
    log(`${describeTarget(target)}: HTTP ${answer.statusCode}${code ? ` ${code}` : ''} (${message}); attempt ${attempt + 1} of ${maxAttempts} in ${seconds(delay)}.`)
    await clock.sleep(delay)
  }
}

function transportFailure(error: TransportError, attempts: number): RevokeOutcome {
  const what = error.timedOut ? 'timed out' : 'connection failed'
  return {
    status: 'failed',
    requestId: null,
    date: null,
    error: { code: null, message: `${what} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${errorMessage(error)}`, http_status: null }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
