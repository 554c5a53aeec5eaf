/**
 * Sends one revoke request per target, concurrently but paced by the shared rate limiter, retrying what the
 * contract says is retryable. Every target ends with an outcome; results keep target order.
 */
import type { CertCentralApi, RevocationReason, RevokeBody } from '../certcentral/api.js'
import { interpretRevokeAnswer, type RequestInfo, type RevokeOutcome } from '../certcentral/answers.js'
import type { Authority } from './authority.js'
import { mapConcurrently } from '../certcentral/concurrently.js'
import type { Settings } from '../inputs/settings.js'
import { describeTarget, tagOf, type Target } from './targets.js'

export interface RevocationResult extends RevokeOutcome {
  target: Target
  attempts: number
  /** What else a person should know: a reused open request, `already revoked (…)`, what the CA said. */
  note?: string
  /** Set when wait-for ended before this target was done: what is still awaited. Counts as a failure. */
  stillWaiting?: string
}

/** What a batch may use beyond the API: outcomes known before sending, open requests to reuse, and the authority to ask after a refusal. */
export interface RevokeOptions {
  /** Targets whose outcome is known without a request (an expired or already revoked match of a leaked key). */
  settled?: Map<Target, RevocationResult>
  open?: Map<Target, RequestInfo>
  authority?: Authority
  concurrency?: number
  /** Told each target's outcome as soon as it is known (for the report of an interrupted run). */
  onResult?: (result: RevocationResult) => void
}

/** How a note begins for a target found revoked before this run sent anything that revoked it. */
const ALREADY_REVOKED = 'already revoked'

/** Most requests in flight at once; DigiCert's 5-second window caps it at 100 anyway. */
const CONCURRENCY = 100

/** The body of every request: the reason only when given. */
export function revokeBody(comments: string, skipApproval: boolean, reason?: RevocationReason): RevokeBody {
  return { comments, skip_approval: skipApproval, ...(reason ? { revocation_reason: reason } : {}) }
}

/**
 * The comment ends with the target's tag; the reason when given, and a certificate found to carry the leaked
 * key defaults to keyCompromise.
 */
export function bodyFor(settings: Settings, target: Target): RevokeBody {
  const reason = settings.revocationReason ?? (target.source === 'private-key' ? 'keyCompromise' : undefined)
  return revokeBody(`${settings.comments}${tagOf(target)}`, settings.skipApproval, reason)
}

/**
 * A target that was not revoked: it failed, an administrator rejected its request (the contract counts both),
 * or wait-for ended before it was done.
 */
export function isFailure(result: RevocationResult): boolean {
  return result.status === 'failed' || result.status === 'rejected' || result.stillWaiting !== undefined
}

/**
 * A refusal after which the authority is asked whether the target is already revoked: a 4xx that is not about
 * the key (401, 403), the target's existence (404) or the rate limit (429).
 */
export function isRefusal(result: RevokeOutcome): boolean {
  const status = result.error?.http_status ?? 0
  return result.status === 'failed' && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status)
}

/** What a dry run reports for a target: nothing was sent. */
export function plannedOnly(target: Target): RevocationResult {
  return { target, attempts: 0, status: 'dry-run', requestId: null, date: null, error: null }
}

export async function revokeAll(
  targets: Target[],
  body: (target: Target) => RevokeBody,
  api: CertCentralApi,
  options: RevokeOptions = {}
): Promise<RevocationResult[]> {
  return mapConcurrently(targets, options.concurrency ?? CONCURRENCY, async (target) => {
    const result = await revokeOne(target, body(target), api, options)
    options.onResult?.(result)
    return result
  })
}

export async function revokeOne(
  target: Target,
  body: RevokeBody,
  api: CertCentralApi,
  options: RevokeOptions = {}
): Promise<RevocationResult> {
  const settled = options.settled?.get(target)
  if (settled) return settled
  const open = options.open?.get(target)
  if (open)
    return {
      target,
      attempts: 0,
      status: 'pending',
      requestId: open.id,
      date: open.date,
      error: null,
      note: `open revoke request ${open.id} reused`
    }
  const result = await api.revoke(target, body, describeTarget(target))
  const outcome: RevokeOutcome =
    'answer' in result ? interpretRevokeAnswer(result.answer) : { status: 'failed', requestId: null, date: null, error: result.failure }
  if (!options.authority || !isRefusal(outcome)) return { target, attempts: result.attempts, ...outcome }
  // CertCentral refused: perhaps because the target is revoked already, which only its authority can say.
  const verdict = await options.authority.ask(target)
  if (verdict.state === 'revoked')
    return { target, attempts: result.attempts, ...outcome, status: 'revoked', error: null, note: `${ALREADY_REVOKED} (${verdict.detail})` }
  const note =
    verdict.state === 'not-revoked'
      ? `not revoked before this run: ${verdict.detail}`
      : `whether it was revoked before is unknown: ${verdict.detail}`
  return { target, attempts: result.attempts, ...outcome, note }
}

/** What the alert rule needs to know of a batch. */
export function batchFacts(results: RevocationResult[]): {
  requestIds: (number | null)[]
  failures: number
  pendingRequestIds: number[]
  earlier: { alreadyRevoked: number; expired: number }
} {
  const withoutRequest = results.filter((r) => r.requestId === null)
  return {
    requestIds: results.map((r) => r.requestId),
    // Targets without a request ID that were not revoked with approval skipped: the alert's comment says so.
    earlier: {
      alreadyRevoked: withoutRequest.filter((r) => r.status === 'revoked' && r.note?.startsWith(ALREADY_REVOKED)).length,
      expired: withoutRequest.filter((r) => r.status === 'expired').length
    },
    failures: results.filter(isFailure).length,
    pendingRequestIds: results.flatMap((r) => (r.status === 'pending' && r.requestId !== null ? [r.requestId] : []))
  }
}

/**
 * The certificates found to carry a leaked key that need no revoke request: expired ones (reported, never
 * revoked), and those their CA already reports revoked. Asked in dry runs too: it is what an inventory should say.
 */
export async function settleKeyMatches(
  targets: Target[],
  scan: { expired: string[]; chains: Map<string, { leaf: string; issuer?: string }> } | undefined,
  authority: Authority
): Promise<Map<Target, RevocationResult>> {
  const settled = new Map<Target, RevocationResult>()
  if (!scan) return settled
  const expired = new Set(scan.expired)
  const matches = targets.filter((target) => target.source === 'private-key')
  await mapConcurrently(matches, 20, async (target) => {
    const base = { target, attempts: 0, requestId: null, date: null, error: null }
    if (expired.has(target.id))
      return void settled.set(target, { ...base, status: 'expired', note: 'expired before this run: nothing was sent' })
    const chain = scan.chains.get(target.id)
    if (chain) authority.remember(target, chain)
    const verdict = await authority.ask(target)
    if (verdict.state === 'revoked')
      settled.set(target, { ...base, status: 'revoked', note: `${ALREADY_REVOKED} (${verdict.detail}): nothing was sent` })
  })
  return settled
}
