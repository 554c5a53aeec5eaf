/** What the log says: the plan, one line per result, and the failure message that ends a run that failed. */
import { describeApiError } from '../certcentral/answers.js'
import type { AlertOutcome } from '../github/alert-resolution.js'
import type { Settings } from '../inputs/settings.js'
import { isFailure, type RevocationResult } from '../revocation/revoke.js'
import { describeTarget, type Target } from '../revocation/targets.js'
import { adviceFor, type AdviceContext } from './advice.js'
import { plural, theOthersWereSent } from './words.js'

export function planLines(settings: Settings, targets: Target[]): string[] {
  if (targets.length === 0) return ['Nothing to revoke.']
  const mode = settings.dryRun ? 'Dry run: nothing will be sent.' : `Revoking through ${new URL(settings.baseUrl).host}.`
  return [
    `${mode} ${plural(targets.length, 'target')}:`,
    ...targets.map((target) => `  ${describeTarget(target)}${target.detail ? ` (${target.detail})` : ''}`)
  ]
}

export function resultLine(result: RevocationResult): string {
  const id = result.requestId === null ? '' : `, request ${result.requestId}`
  const dropped = result.reasonDropped
    ? ' (CertCentral did not accept revocation_reason: sent again without it, so no reason was recorded)'
    : ''
  const line = `${describeTarget(result.target)}: ${result.status}${id}${result.note ? ` (${result.note})` : ''}${dropped}`
  return result.error || result.stillWaiting ? `${line}: ${failureText(result)}` : line
}

/** Why a target failed, in one sentence: the rejection, or CertCentral's error. */
export function failureText(result: RevocationResult): string {
  if (result.stillWaiting) return `${result.stillWaiting}.`
  if (result.status === 'rejected') return `revoke request ${result.requestId} was rejected.`
  return result.error ? `${describeApiError(result.error)}.`.replace(/\.\.$/, '.') : ''
}

/** One notice per target whose revoke request awaits approval: the request a person must approve. */
export function pendingNotices(results: RevocationResult[]): string[] {
  return results
    .filter((r) => r.status === 'pending' && r.requestId !== null && !r.stillWaiting)
    .map(
      (r) =>
        `${describeTarget(r.target)}: revoke request ${r.requestId} awaits an administrator's approval in CertCentral (Certificates > Requests). Nothing is revoked until it is approved.`
    )
}

/** Why the alert stays open, or undefined when it was resolved. */
export function alertProblem(alert: AlertOutcome): string | undefined {
  if (alert.resolved) return undefined
  if (alert.blocker === 'github') return alert.message
  if (alert.blocker === 'pending') {
    const ids = alert.requestIds.join(', ')
    return `Secret scanning alert #${alert.number} stays open: revoke request${alert.requestIds.length === 1 ? '' : 's'} ${ids} await${alert.requestIds.length === 1 ? 's' : ''} an administrator's approval in CertCentral. A later run (for example the scheduled poll) finds the same request${alert.requestIds.length === 1 ? '' : 's'} and resolves the alert once approved.`
  }
  if (alert.blocker === 'unconfirmed') {
    const ids = alert.requestIds.join(', ')
    return `Secret scanning alert #${alert.number} stays open: revoke request${alert.requestIds.length === 1 ? '' : 's'} ${ids} ${alert.requestIds.length === 1 ? 'was' : 'were'} filed by someone else and approved, but the certificate's CA (or the order's status) does not yet say it is revoked. A later run resolves the alert once it does.`
  }
  if (alert.blocker === 'outside')
    return `Secret scanning alert #${alert.number} was left open because of certificates of the key outside this account: the run failed for them, or (with ct-search: require) Certificate Transparency could not be searched or live ones are not revoked (see "Outside this account").`
  const because = {
    failures: 'a revocation failed',
    'incomplete-scan': 'the key scan did not find every certificate of the key',
    'over-cap': 'the key is on more certificates than max-revocations allows, so none was revoked'
  }[alert.blocker]
  return `Secret scanning alert #${alert.number} was left open because ${because}.`
}

/**
 * The message that fails the step: each failed target with what went wrong and what to do next, then every
 * other problem. Undefined when there is nothing to fail for.
 */
export function failureMessage(results: RevocationResult[], problems: string[], context: AdviceContext): string | undefined {
  const failures = results.filter(isFailure)
  const lines = [
    ...failures.map((r) => `- ${describeTarget(r.target)}: ${failureText(r)}\n  Next: ${adviceFor(r, context)}`),
    ...problems.map((problem) => `- ${problem}`)
  ]
  if (lines.length === 0) return undefined
  return [failureHead(failures.length, results), ...lines].join('\n')
}

/** The first line of the failure message, by what happened: failed, sent, not sent in a dry run, or not needed. */
function failureHead(failures: number, results: RevocationResult[]): string {
  const total = results.length
  if (failures > 0) {
    const others = theOthersWereSent(total - failures)
    return `${failures} of ${plural(total, 'revocation')} failed${others ? `; ${others}` : ''}.`
  }
  if (total === 0) return 'Nothing was revoked:'
  // Only a dry run plans without sending; beside its planned targets are those the key scan settled (expired, revoked).
  if (results.some((r) => r.status === 'dry-run')) return 'Dry run: no revoke request was sent, but:'
  // A target settled before sending (already revoked, expired) or given an open request costs no request.
  const sent = results.filter((r) => r.attempts > 0).length
  if (sent === total) return 'Every revocation was sent, but:'
  if (sent === 0)
    return `No revoke request was sent (${total === 1 ? 'the target was' : `all ${total} targets were`} already revoked, expired or requested), but:`
  return `${sent} of ${plural(total, 'target')} needed a revoke request and ${sent === 1 ? 'it was' : 'each was'} sent (${total - sent === 1 ? 'the other was' : 'the others were'} already revoked, expired or requested), but:`
}

export function invalidInputsMessage(problems: string[]): string {
  return `Invalid input; no revoke request was sent.\n${problems.map((p) => `- ${p}`).join('\n')}`
}
