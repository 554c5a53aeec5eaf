/**
 * wait-for: follows the revocation through. `approval` watches every pending revoke request until an
 * administrator approves or rejects it; `revocation` also watches every target until its authority (the CA for a
 * certificate, the order's status for an order) says it is revoked, a pending one included. Checks start 2 s
 * apart and grow to 60 s. Every CertCentral request of the wait (request reads, lookups, downloads) runs under a
 * budget of the shared rate limiter: on average at most one a second, counted from the start of the wait.
 * wait-timeout is a deadline counted from the end of the revoke requests: at it, the wait stops and abandons what
 * is still in flight (CA questions included), and whatever is still awaited is a failure that names what to do.
 */
import { realAlarm, type Alarm } from '../alarm.js'
import type { CertCentralApi } from '../certcentral/api.js'
import { readRequest, type RequestInfo } from '../certcentral/answers.js'
import type { Clock } from '../certcentral/rate-limiter.js'
import type { WaitFor } from '../inputs/settings.js'
import type { Authority } from './authority.js'
import { listPendingRequests } from './open-requests.js'
import type { RevocationResult } from './revoke.js'
import { describeTarget } from './targets.js'

export type { Alarm } from '../alarm.js'

export interface FollowOptions {
  waitFor: WaitFor
  timeoutMs: number
  /** The deadline on `clock` (default: `timeoutMs` from now), shared with whatever else waits beyond the account. */
  deadline?: number
  authority: Authority
  clock: Clock
  log: (message: string) => void
  /** The wall clock, for the times the log shows. */
  now?: () => Date
  /** Rings at the deadline (default: a real timer). */
  alarm?: Alarm
  /** Told the targets' state (the array the wait updates) after every change: what an interrupted run reports. */
  progress?: (results: RevocationResult[]) => void
}

const FIRST_DELAY_MS = 2_000
const MAX_DELAY_MS = 60_000
const GROWTH = 1.5
/** The wait's budget: on average at most one CertCentral request per this many ms. */
export const WAIT_REQUEST_INTERVAL_MS = 1_000
/** With more pending requests than this, one listing of the pending requests replaces one read per request. */
const READ_EACH_UP_TO = 5

export async function followThrough(results: RevocationResult[], api: CertCentralApi, options: FollowOptions): Promise<RevocationResult[]> {
  if (options.waitFor === 'none') return results
  const current = [...results]
  const deadline = options.deadline ?? options.clock.now() + options.timeoutMs
  const now = options.now ?? (() => new Date())
  const since = clockTime(now())
  const byCa = options.waitFor === 'revocation'
  /** Set at the deadline: an abandoned check may still answer, and must change nothing any more. */
  let over = false
  const update = (index: number, result: RevocationResult): void => {
    if (over) return
    current[index] = result
    options.progress?.(current)
  }

  const pending = (): number[] => indexesWhere(current, (r) => r.status === 'pending' && r.requestId !== null)
  const accepted = (): number[] => indexesWhere(current, (r) => r.status === 'submitted' || r.status === 'approved')
  const waiting = (): number[] => (byCa ? [...pending(), ...accepted()].sort((a, b) => a - b) : pending())
  const lastWord = new Map<number, string>()

  const check = async (): Promise<void> => {
    const waitingForApproval = pending()
    const requestsRead = await readRequests(
      waitingForApproval.map((i) => current[i].requestId as number),
      api
    )
    for (const index of waitingForApproval) {
      // A request that could not be read, or is still pending, keeps the target waiting.
      const status = requestsRead.get(current[index].requestId as number)?.status
      if (status === 'approved' || status === 'rejected' || status === 'submitted') update(index, { ...current[index], status })
    }
    if (!byCa) return
    // A pending target too: its CA may already say revoked (an administrator approved it, or someone revoked it).
    for (const index of waiting()) {
      const verdict = await options.authority.ask(current[index].target)
      if (over) return
      lastWord.set(index, verdict.detail)
      if (verdict.state === 'revoked') update(index, { ...current[index], status: 'revoked', note: verdict.detail })
    }
  }

  const progressLine = (): string => {
    const parts: string[] = []
    const left = pending()
    if (left.length > 0) {
      const ids = left.map((i) => current[i].requestId).join(', ')
      parts.push(`Waiting for approval of ${left.length} revoke request${left.length === 1 ? '' : 's'} (${cutList(ids)}) since ${since}`)
    }
    const unrevoked = byCa ? accepted() : []
    if (unrevoked.length > 0) {
      const what = unrevoked.map((i) => `${describeTarget(current[i].target)}: ${lastWord.get(i)}`)
      parts.push(
        `Waiting for revocation of ${unrevoked.length} target${unrevoked.length === 1 ? '' : 's'} since ${since} (${cutList(what.join('; '))})`
      )
    }
    return parts.join('; ')
  }

  // Only the wait's own requests run under its budget's refusals: a CT lookup or a later read alongside goes on.
  const budget = api.pacing.limiter.startBudget(WAIT_REQUEST_INTERVAL_MS, deadline)
  const alarm = (options.alarm ?? realAlarm)(Math.max(0, deadline - options.clock.now()))
  // A request the budget refuses would have started at or after the deadline: the deadline has come.
  const deadlinePassed = Promise.race([alarm.rings, budget.refused]).then(() => 'deadline' as const)
  // The refused request's caller hears a failure, which is no answer about the target: nothing is kept from then on.
  // Stryker disable next-line ArrowFunction: belt and braces. The loop ends (setting `over`) a few microtasks after a refusal, before even a caller awaiting the limiter itself resumes; this keeps it so should the loop ever await more.
  void budget.refused.then(() => (over = true))
  try {
    let delay = FIRST_DELAY_MS
    for (;;) {
      // With nothing waiting, a check asks nothing and the loop ends below. One abandoned at the deadline changes
      // nothing any more, and cannot fail unhandled: the race has handled it.
      if ((await Promise.race([budget.run(check), deadlinePassed])) === 'deadline') break
      if (waiting().length === 0) break
      const left = deadline - options.clock.now()
      if (left <= 0) break
      const pause = Math.min(delay, left)
      options.log(`${progressLine()}; next check in ${Math.round(pause / 1000)} s.`)
      if ((await Promise.race([options.clock.sleep(pause), deadlinePassed])) === 'deadline') break
      // A check at the deadline would be abandoned at once.
      if (deadline - options.clock.now() <= 0) break
      delay = Math.min(delay * GROWTH, MAX_DELAY_MS)
    }
  } finally {
    over = true
    alarm.cancel()
    // Nothing an abandoned check still tries may reach CertCentral after the deadline; other requests go on. (A
    // check the wait did not abandon has ended with all it started: stopping its budget refuses nothing more.)
    budget.end({ stop: true })
  }

  const after = minutes(options.timeoutMs)
  for (const index of pending()) {
    const ca = lastWord.has(index) ? `; its CA: ${lastWord.get(index)}` : ''
    current[index] = {
      ...current[index],
      stillWaiting: `revoke request ${current[index].requestId} still awaits an administrator's approval in CertCentral after ${after}${ca}: approve it (Certificates > Requests), or run again later`
    }
  }
  for (const index of byCa ? accepted() : []) {
    const word = lastWord.get(index) ?? 'none came before the deadline'
    current[index] = {
      ...current[index],
      stillWaiting: `not revoked according to its authority after ${after} (last answer: ${word}); CRLs and OCSP answers may lag a revocation by hours, so check again later`
    }
  }
  options.progress?.(current)
  return current
}

/** The requests' current state: read one by one, or, for many, from the pending list and then each that left it. */
async function readRequests(ids: number[], api: CertCentralApi): Promise<Map<number, RequestInfo>> {
  const found = new Map<number, RequestInfo>()
  let toRead = ids
  if (ids.length > READ_EACH_UP_TO) {
    const listing = await listPendingRequests(api)
    if (!('error' in listing)) {
      // Those still listed stay pending; only those that left the list are read.
      const stillPending = new Set(listing.requests.map((request) => request.id))
      toRead = ids.filter((id) => !stillPending.has(id))
    }
  }
  for (const id of toRead) {
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

/** Minutes as wait-timeout gives them, to two decimals: 30 min, 0.25 min, 0.05 min. */
export function minutes(ms: number): string {
  return `${Number((ms / 60_000).toFixed(2))} min`
}

function cutList(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
