/**
 * wait-for: follows the revocation through. `approval` watches every pending revoke request until an
 * administrator approves or rejects it; `revocation` then watches every accepted target until its authority
 * (the CA for a certificate, the order's status for an order) says it is revoked. Polls start 2 s apart and grow
 * to 60 s, go through the shared rate limiter, and cost on average at most one CertCentral request a second.
 * Whatever is still awaited at wait-timeout is a failure that names what to do.
 */
import type { CertCentralApi } from '../certcentral/api.js'
import { readRequest, type RequestInfo } from '../certcentral/answers.js'
import type { Clock } from '../certcentral/rate-limiter.js'
import type { WaitFor } from '../inputs/settings.js'
import type { Authority } from './authority.js'
import { listPendingRequests } from './open-requests.js'
import type { RevocationResult } from './revoke.js'
import { describeTarget } from './targets.js'

export interface FollowOptions {
  waitFor: WaitFor
  timeoutMs: number
  authority: Authority
  clock: Clock
  log: (message: string) => void
  /** The wall clock, for the times the log shows. */
  now?: () => Date
}

const FIRST_DELAY_MS = 2_000
const MAX_DELAY_MS = 60_000
const GROWTH = 1.5
/** With more pending requests than this, one listing of the pending requests replaces one read per request. */
const READ_EACH_UP_TO = 5

export async function followThrough(results: RevocationResult[], api: CertCentralApi, options: FollowOptions): Promise<RevocationResult[]> {
  if (options.waitFor === 'none') return results
  const current = [...results]
  const deadline = options.clock.now() + options.timeoutMs
  const now = options.now ?? (() => new Date())
  const since = clockTime(now())

  const pending = (): number[] => indexesWhere(current, (r) => r.status === 'pending' && r.requestId !== null)
  await poll(options, deadline, pending, async (waiting) => {
    const requestsRead = await readRequests(
      waiting.map((i) => current[i].requestId as number),
      api
    )
    for (const index of waiting) {
      // A request that could not be read, or is still pending, keeps the target waiting.
      const status = requestsRead.get(current[index].requestId as number)?.status
      if (status === 'approved' || status === 'rejected' || status === 'submitted') current[index] = { ...current[index], status }
    }
    const left = pending()
    const ids = left.map((i) => current[i].requestId).join(', ')
    return {
      calls: requestsRead.calls,
      progress: `Waiting for approval of ${left.length} revoke request${left.length === 1 ? '' : 's'} (${cutList(ids)}) since ${since}`
    }
  })
  for (const index of pending()) {
    current[index] = {
      ...current[index],
      stillWaiting: `revoke request ${current[index].requestId} still awaits an administrator's approval in CertCentral after ${minutes(options.timeoutMs)}: approve it (Certificates > Requests), or run again later`
    }
  }
  if (options.waitFor === 'approval') return current

  const lastWord = new Map<number, string>()
  const accepted = (): number[] => indexesWhere(current, (r) => r.status === 'submitted' || r.status === 'approved')
  await poll(options, deadline, accepted, async (waiting) => {
    let calls = 0
    for (const index of waiting) {
      const verdict = await options.authority.ask(current[index].target)
      calls += current[index].target.type === 'order' ? 1 : 0
      lastWord.set(index, verdict.detail)
      if (verdict.state === 'revoked') current[index] = { ...current[index], status: 'revoked', note: verdict.detail }
    }
    const left = accepted()
    const what = left.map((i) => `${describeTarget(current[i].target)}: ${lastWord.get(i)}`)
    return {
      calls,
      progress: `Waiting for revocation of ${left.length} target${left.length === 1 ? '' : 's'} since ${since} (${cutList(what.join('; '))})`
    }
  })
  for (const index of accepted()) {
    current[index] = {
      ...current[index],
      stillWaiting: `not revoked according to its authority after ${minutes(options.timeoutMs)} (last answer: ${lastWord.get(index)}); CRLs and OCSP answers may lag a revocation by hours, so check again later`
    }
  }
  return current
}

/**
 * Checks the waiting targets until none is left or the deadline passes: first at once, then after growing
 * delays, never sooner than one second per CertCentral request the last check made.
 */
async function poll(
  options: FollowOptions,
  deadline: number,
  waiting: () => number[],
  check: (waiting: number[]) => Promise<{ calls: number; progress: string }>
): Promise<void> {
  let delay = FIRST_DELAY_MS
  for (;;) {
    // With nothing waiting, a check asks nothing and the loop ends below.
    const { calls, progress } = await check(waiting())
    if (waiting().length === 0) return
    const left = deadline - options.clock.now()
    if (left <= 0) return
    const pause = Math.min(Math.max(delay, calls * 1000), left)
    options.log(`${progress}; next check in ${Math.round(pause / 1000)} s.`)
    await options.clock.sleep(pause)
    delay = Math.min(delay * GROWTH, MAX_DELAY_MS)
  }
}

/** The requests' current state: read one by one, or, for many, from the pending list and then each that left it. */
async function readRequests(ids: number[], api: CertCentralApi): Promise<Map<number, RequestInfo> & { calls: number }> {
  const found = Object.assign(new Map<number, RequestInfo>(), { calls: 0 })
  let toRead = ids
  if (ids.length > READ_EACH_UP_TO) {
    const listing = await listPendingRequests(api, found)
    if (!('error' in listing)) {
      // Those still listed stay pending; only those that left the list are read.
      const stillPending = new Set(listing.requests.map((request) => request.id))
      toRead = ids.filter((id) => !stillPending.has(id))
    }
  }
  for (const id of toRead) {
    found.calls++
    const result = await api.getRequest(id)
    if (!('answer' in result) || result.answer.statusCode !== 200) continue
    const request = readRequest(result.answer)
    // Stryker disable next-line ConditionalExpression,StringLiteral: an unreadable answer has no status, so it keeps the target waiting either way.
    if (!('error' in request)) found.set(id, request)
  }
  return found
}

function indexesWhere(results: RevocationResult[], wanted: (result: RevocationResult) => boolean): number[] {
  return results.flatMap((result, index) => (wanted(result) ? [index] : []))
}

function clockTime(date: Date): string {
  return `${date.toISOString().slice(11, 19)} UTC`
}

function minutes(ms: number): string {
  const value = ms / 60_000
  return `${Number.isInteger(value) ? value : value.toFixed(1)} min`
}

function cutList(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
