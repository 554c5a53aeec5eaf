/**
 * Sends one revoke request per target, concurrently but paced by the rate limiter, retrying what the contract
 * says is retryable. Every target ends with an outcome; results keep target order.
 */
import type { HttpAnswer } from './certcentral.js'
import { mapConcurrently, pacedRequest, type PacingOptions } from './paced.js'
import { interpretRevokeAnswer, type RevokeOutcome } from './responses.js'
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

export interface RevokeOptions extends PacingOptions {
  client: Revoker
  /** Most requests in flight at once; DigiCert's 5-second window caps it at 100 anyway. */
  concurrency?: number
}

/** The body of every request: the reason only when given (a key-matched target defaults to keyCompromise). */
export function revokeBody(comments: string, skipApproval: boolean, reason?: RevocationReason): RevokeBody {
  return { comments, skip_approval: skipApproval, ...(reason ? { revocation_reason: reason } : {}) }
}

/** A target that was not revoked: it failed, or an administrator rejected its request (the contract counts both). */
export function isFailure(result: RevocationResult): boolean {
  return result.status === 'failed' || result.status === 'rejected'
}

export function describeTarget(target: Target): string {
  if (target.type === 'order') return `order ${target.id}`
  return target.source === 'serial-number' || target.source === 'certificate-pem' ? `certificate with serial ${target.id}` : `certificate ${target.id}`
}

export async function revokeAll(targets: Target[], bodyFor: (target: Target) => RevokeBody, options: RevokeOptions): Promise<RevocationResult[]> {
  return mapConcurrently(targets, options.concurrency ?? 100, (target) => revokeOne(target, bodyFor(target), options))
}

export async function revokeOne(target: Target, body: RevokeBody, options: RevokeOptions): Promise<RevocationResult> {
  const result = await pacedRequest(describeTarget(target), () => options.client.put(revokePath(target), body), options)
  const outcome: RevokeOutcome =
    'answer' in result ? interpretRevokeAnswer(result.answer) : { status: 'failed', requestId: null, date: null, error: result.failure }
  return { target, attempts: result.attempts, ...outcome }
}
