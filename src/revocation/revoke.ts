/**
 * Sends one revoke request per target, concurrently but paced by the shared rate limiter, retrying what the
 * contract says is retryable. Every target ends with an outcome; results keep target order.
 */
import type { CertCentralApi, RevocationReason, RevokeBody } from '../certcentral/api.js'
import type { PacedResult } from '../certcentral/paced.js'
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
  /**
   * The target was given an open revoke request this run did not file: someone else wrote its comment, so its
   * approval is not trusted as told. It counts for the alert only once the target's authority says revoked.
   */
  reusedRequest?: true
  /** CertCentral refused `revocation_reason` on the certificate endpoint: the request was sent again without it. */
  reasonDropped?: true
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
export const ALREADY_REVOKED = 'already revoked'

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
      note: `open revoke request ${open.id} reused, filed by someone else: check that it revokes this certificate before approving it`,
      reusedRequest: true
    }
  const sent = await sendRevocation(target, body, api)
  const { result, outcome } = sent
  const base = { target, attempts: result.attempts, ...(sent.reasonDropped ? { reasonDropped: true as const } : {}) }
  if (!options.authority || !isRefusal(outcome)) return { ...base, ...outcome }
  // CertCentral refused: perhaps because the target is revoked already, which only its authority can say.
  const verdict = await options.authority.ask(target)
  if (verdict.state === 'revoked')
    return { ...base, ...outcome, status: 'revoked', error: null, note: `${ALREADY_REVOKED} (${verdict.detail})` }
  const note =
    verdict.state === 'not-revoked'
      ? `not revoked before this run: ${verdict.detail}`
      : `whether it was revoked before is unknown: ${verdict.detail}`
  return { ...base, ...outcome, note }
}

/**
 * Sends one revoke request. The certificate endpoint's page does not list `revocation_reason`: a 400 that names
 * it is answered by sending the same request once more without it (the result says the reason was dropped).
 */
async function sendRevocation(
  target: Target,
  body: RevokeBody,
  api: CertCentralApi
): Promise<{ result: PacedResult; outcome: RevokeOutcome; reasonDropped?: true }> {
  const label = describeTarget(target)
  const first = await api.revoke(target, body, label)
  const outcome = outcomeOf(first)
  if (target.type !== 'certificate' || body.revocation_reason === undefined || !refusesReason(outcome)) return { result: first, outcome }
  const withoutReason: RevokeBody = { comments: body.comments, skip_approval: body.skip_approval }
  const second = await api.revoke(target, withoutReason, label)
  return { result: { ...second, attempts: first.attempts + second.attempts }, outcome: outcomeOf(second), reasonDropped: true }
}

function outcomeOf(result: PacedResult): RevokeOutcome {
  return 'answer' in result
    ? interpretRevokeAnswer(result.answer)
    : { status: 'failed', requestId: null, date: null, error: result.failure }
}

/** A 400 whose code or message names `revocation_reason`. */
export function refusesReason(outcome: RevokeOutcome): boolean {
  const error = outcome.error
  return error?.http_status === 400 && [error.code, error.message].some((text) => text?.match(/revocation_reason/i))
}

/**
 * A reused request (filed by someone else) that is now approved counts only once the target's authority says it
 * is revoked: asked once here, so that a run that waited for approval does not leave it unconfirmed needlessly.
 */
export async function confirmReusedRequests(results: RevocationResult[], authority: Authority): Promise<RevocationResult[]> {
  return mapConcurrently(results, 20, async (result) => {
    if (!awaitsConfirmation(result)) return result
    const verdict = await authority.ask(result.target)
    if (verdict.state !== 'revoked') return result
    // Revoked now, by its authority's word: what the wait still awaited when it stopped is no longer awaited.
    const confirmed: RevocationResult = { ...result, status: 'revoked', note: `${result.note ?? ''}; ${verdict.detail}`.replace(/^; /, '') }
    delete confirmed.stillWaiting
    return confirmed
  })
}

/** A target accepted only on a request this run did not file, and not yet found revoked by its authority. */
export function awaitsConfirmation(result: RevocationResult): boolean {
  return result.reusedRequest === true && (result.status === 'approved' || result.status === 'submitted')
}

/** What the alert rule needs to know of a batch. */
export function batchFacts(results: RevocationResult[]): {
  requestIds: (number | null)[]
  failures: number
  pendingRequestIds: number[]
  unconfirmedRequestIds: number[]
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
    pendingRequestIds: results.flatMap((r) => (r.status === 'pending' && r.requestId !== null ? [r.requestId] : [])),
    // Approved on a request someone else filed, and not yet revoked according to the target's authority.
    unconfirmedRequestIds: results.flatMap((r) => (awaitsConfirmation(r) && r.requestId !== null ? [r.requestId] : []))
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
