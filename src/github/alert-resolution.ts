/**
 * Resolves the secret scanning alert only when it is true: asked for, not a dry run, every target submitted,
 * approved, revoked or expired (none failed, none still pending, none approved only on a request someone else
 * filed and not yet revoked according to its authority), and the key scan (if any) complete and within max-revocations. The report
 * words the outcome.
 */
import type { RunContext } from '../context.js'
import type { AlertSettings } from '../inputs/settings.js'
import { AlertError, alertTarget, resolutionComment, resolveAlert } from './alerts.js'

export type AlertOutcome =
  | { number: number; resolved: true }
  /**
   * Left open because a target failed, because the key scan could not find every certificate of the key, or
   * because the key's certificates were more than max-revocations allows, so none was revoked.
   */
  | { number: number; resolved: false; blocker: 'failures' | 'incomplete-scan' | 'over-cap' }
  /** Left open because, with ct-search: require, CT could not be searched or live certificates outside the account remain. */
  | { number: number; resolved: false; blocker: 'outside' }
  /** Left open because revoke requests await an administrator's approval: not a failure; a later run resolves it. */
  | { number: number; resolved: false; blocker: 'pending'; requestIds: number[] }
  /**
   * Left open because a request this run did not file was approved, but the target's authority does not (yet) say
   * it is revoked: someone else wrote that request's comment. Not a failure; a later run finds the target revoked.
   */
  | { number: number; resolved: false; blocker: 'unconfirmed'; requestIds: number[] }
  /** GitHub refused, or could not be reached; `message` says why and what to do. */
  | { number: number; resolved: false; blocker: 'github'; message: string }

export interface RunFacts {
  dryRun: boolean
  /** The revoke request IDs, in target order; null where approval was skipped. */
  requestIds: (number | null)[]
  failures: number
  scanIncomplete: boolean
  /** The key scan found more certificates than max-revocations allows, so none was revoked. */
  overCap?: boolean
  /** The requests of targets still `pending` (awaiting approval). */
  pendingRequestIds: number[]
  /** Requests this run did not file, approved, whose targets are not yet revoked according to their authority. */
  unconfirmedRequestIds?: number[]
  /** Of the targets without a request ID, those found already revoked or expired (not revoked with approval skipped). */
  earlier?: { alreadyRevoked: number; expired: number }
  /** Beyond the account: whether it holds the alert open (ct-search rules), and how many live certificates outside remain. */
  outside?: { blocks: boolean; remaining: number }
}

export async function resolveAlertIfTrue(alert: AlertSettings, facts: RunFacts, context: RunContext): Promise<AlertOutcome | undefined> {
  const { number, resolve, token } = alert
  if (!resolve || number === undefined || facts.dryRun) return undefined
  if (facts.failures > 0) return { number, resolved: false, blocker: 'failures' }
  if (facts.scanIncomplete) return { number, resolved: false, blocker: 'incomplete-scan' }
  if (facts.overCap) return { number, resolved: false, blocker: 'over-cap' }
  if (facts.outside?.blocks) return { number, resolved: false, blocker: 'outside' }
  if (facts.pendingRequestIds.length > 0) return { number, resolved: false, blocker: 'pending', requestIds: facts.pendingRequestIds }
  const unconfirmed = facts.unconfirmedRequestIds ?? []
  if (unconfirmed.length > 0) return { number, resolved: false, blocker: 'unconfirmed', requestIds: unconfirmed }
  try {
    await resolveAlert(
      token,
      alertTarget(alert.repository ?? context.repository, number),
      resolutionComment(facts.requestIds, context.runUrl, facts.earlier, facts.outside?.remaining),
      alert.apiUrl
    )
    return { number, resolved: true }
  } catch (error) {
    if (!(error instanceof AlertError)) throw error
    return { number, resolved: false, blocker: 'github', message: error.message }
  }
}
