/**
 * Sends one revoke request per target, concurrently but paced by the shared rate limiter, retrying what the
 * contract says is retryable. Every target ends with an outcome; results keep target order.
 */
import type { CertCentralApi, RevocationReason, RevokeBody } from '../certcentral/api.js'
import { interpretRevokeAnswer, type RevokeOutcome } from '../certcentral/answers.js'
import { mapConcurrently } from '../certcentral/paced.js'
import type { Settings } from '../inputs/settings.js'
import { describeTarget, type Target } from './targets.js'

export interface RevocationResult extends RevokeOutcome {
  target: Target
  attempts: number
}

/** Most requests in flight at once; DigiCert's 5-second window caps it at 100 anyway. */
const CONCURRENCY = 100

/** The body of every request: the reason only when given. */
export function revokeBody(comments: string, skipApproval: boolean, reason?: RevocationReason): RevokeBody {
  return { comments, skip_approval: skipApproval, ...(reason ? { revocation_reason: reason } : {}) }
}

/** The reason when given; a certificate found to carry the leaked key defaults to keyCompromise. */
export function bodyFor(settings: Settings, target: Target): RevokeBody {
  const reason = settings.revocationReason ?? (target.source === 'private-key' ? 'keyCompromise' : undefined)
  return revokeBody(settings.comments, settings.skipApproval, reason)
}

/** A target that was not revoked: it failed, or an administrator rejected its request (the contract counts both). */
export function isFailure(result: RevocationResult): boolean {
  return result.status === 'failed' || result.status === 'rejected'
}

/** What a dry run reports for a target: nothing was sent. */
export function plannedOnly(target: Target): RevocationResult {
  return { target, attempts: 0, status: 'dry-run', requestId: null, date: null, error: null }
}

export async function revokeAll(targets: Target[], body: (target: Target) => RevokeBody, api: CertCentralApi, concurrency = CONCURRENCY): Promise<RevocationResult[]> {
  return mapConcurrently(targets, concurrency, (target) => revokeOne(target, body(target), api))
}

export async function revokeOne(target: Target, body: RevokeBody, api: CertCentralApi): Promise<RevocationResult> {
  const result = await api.revoke(target, body, describeTarget(target))
  const outcome: RevokeOutcome = 'answer' in result ? interpretRevokeAnswer(result.answer) : { status: 'failed', requestId: null, date: null, error: result.failure }
  return { target, attempts: result.attempts, ...outcome }
}
