/**
 * One CertCentral call with the contract's retries, paced by the shared rate limiter: every attempt waits for a
 * slot; 429, 502, 503, 504, connection errors and timeouts are retried up to `maxAttempts`, after Retry-After or
 * an exponential backoff with jitter; a 429 slows the whole run. Revocations and the key scan both go through it.
 */
import { TransportError, type HttpAnswer } from './transport.js'
import { errorMessage } from '../errors.js'
import type { Clock, RateLimiter } from './rate-limiter.js'
import { describeApiError, readApiError, type ApiError } from './answers.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.js'

// Where it always was, for its callers; it lives apart so that what needs only it does not load the transport.
export { mapConcurrently } from './concurrently.js'

export interface PacingOptions {
  limiter: RateLimiter
  clock: Clock
  maxAttempts: number
  log?: (message: string) => void
  random?: () => number
}

/** The last answer (which may be an error status), or why no answer came. */
export type PacedResult = { attempts: number } & ({ answer: HttpAnswer } | { failure: ApiError })

export async function pacedRequest(label: string, send: () => Promise<HttpAnswer>, options: PacingOptions): Promise<PacedResult> {
  const { limiter, clock, maxAttempts } = options
  const log = options.log ?? (() => undefined)
  for (let attempt = 1; ; attempt++) {
    let answer: HttpAnswer
    try {
      await limiter.acquire()
    } catch (error) {
      // Refused a slot (a wait's request at its deadline): nothing was sent this time, and the caller is told so.
      return { attempts: attempt - 1, failure: { code: null, message: errorMessage(error), http_status: null } }
    }
    try {
      answer = await send()
    } catch (error) {
      if (!(error instanceof TransportError)) {
        // Not a network fault but a bug or a refused request header: report it, lose nothing.
        return {
          attempts: attempt,
          failure: { code: null, message: `could not send the request: ${errorMessage(error)}`, http_status: null }
        }
      }
      // An abandoned request (its wait stopped) is not retried, nor logged after the run's report.
      if (attempt >= maxAttempts || limiter.refusesOwn()) {
        const what = error.timedOut ? 'timed out' : 'connection failed'
        const message = `${what} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${error.message}`
        return { attempts: attempt, failure: { code: null, message, http_status: null } }
      }
      const delay = backoffDelay(attempt, options.random)
      log(`${label}: ${error.message}; attempt ${attempt + 1} of ${maxAttempts} in ${seconds(delay)}.`)
      await clock.sleep(delay)
      continue
    }
    if (!isRetryableStatus(answer.statusCode) || attempt >= maxAttempts || limiter.refusesOwn()) return { attempts: attempt, answer }
    const retryAfter = parseRetryAfter(answer.headers['retry-after'], Date.now())
    const delay = retryAfter ?? backoffDelay(attempt, options.random)
    if (answer.statusCode === 429) limiter.pause(delay)
    log(`${label}: ${describeApiError(readApiError(answer))}; attempt ${attempt + 1} of ${maxAttempts} in ${seconds(delay)}.`)
    await clock.sleep(delay)
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
