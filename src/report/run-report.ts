/**
 * The end of every run, whatever its outcome: the outputs, the job summary, and the step's failure when there
 * is one. Everything written goes through the secrets' redaction.
 */
import { appendFileSync } from 'node:fs'
import type { RunContext } from '../context.js'
import { errorMessage } from '../errors.js'
import type { AlertOutcome } from '../github/alert-resolution.js'
import type { Settings } from '../inputs/settings.js'
import type { KeyScanReport } from '../leaked-key/scan-for-key.js'
import { beyondProblems, interruptedBeyond, type BeyondReport } from '../beyond/report.js'
import { accountLiveCount, elsewhereOutputOf } from './elsewhere.js'
import { plannedOnly, type RevocationResult } from '../revocation/revoke.js'
import type { Target } from '../revocation/targets.js'
import type { Secrets } from '../secrets.js'
import { INTERRUPTED_BEFORE_ANSWER, INTERRUPTED_BEFORE_SENDING } from './advice.js'
import { keyScanProblems } from './key-scan.js'
import type { Log } from './log.js'
import { ACTION_VERSION } from '../version.js'
import { alertProblem, failureMessage, invalidInputsMessage, pendingNotices } from './messages.js'
import { buildOutputs, runOutcome, writeOutputs } from './outputs.js'
import { escapeText, renderInvalidInputs, renderSummary, renderUnexpected, type SummaryContext } from './summary.js'

export interface RunRecord {
  settings: Settings
  results: RevocationResult[]
  keyScan?: KeyScanReport
  alert?: AlertOutcome
  beyond?: BeyondReport
}

/** What the run knows so far, kept up to date as it goes: what an interrupted run reports. */
export interface KnownSoFar {
  settings?: Settings
  /** The targets planned, in order. */
  targets?: Target[]
  /** The outcome of each target known so far (any order); the others had no answer. */
  results?: RevocationResult[]
  /** The step the run is in, for the words of an interruption. */
  step?: 'reading the alert' | 'scanning for the key' | 'revoking' | 'waiting' | 'resolving the alert'
  keyScan?: KeyScanReport
  /** The work beyond the account as it stands: a search underway, certificates placed, ACME revocations sent. */
  beyond?: BeyondReport
}

export class RunReport {
  private readonly known: KnownSoFar = {}
  /** Set once the outputs and the summary are written: a run reports once, whatever happens after. */
  private written = false

  constructor(
    private readonly context: RunContext,
    private readonly secrets: Secrets,
    private readonly log: Log
  ) {}

  /** Adds to what the run knows so far. Bound, so it can be handed around. */
  readonly know = (facts: Partial<KnownSoFar>): void => void Object.assign(this.known, facts)
  /** Adds one target's outcome to what is known. Bound. */
  readonly knowResult = (result: RevocationResult): void => void (this.known.results ??= []).push(result)

  /**
   * The runner cancelled the job or it timed out (SIGINT, SIGTERM): the outputs and the summary of what is known
   * so far. A target without an answer is `failed` (its request may still have been filed, unless the run had not
   * yet begun revoking: it was reading the alert or scanning for the key), and so is an ACME
   * revocation without one; an interrupted key scan or CT search is incomplete; and the step fails.
   */
  interrupted(signal: string): void {
    if (this.written) return
    const { settings, targets = [], results = [], step, keyScan, beyond } = this.known
    const when = step ? ` while ${step}` : ''
    const interruption = `The run was interrupted (${signal}: the job was cancelled or timed out)${when}; what it knew by then is reported.`
    if (!settings) {
      this.endedEarly(interruption)
      return
    }
    const byTarget = new Map(results.map((result) => [result.target, result]))
    const beforeRevoking = step === 'reading the alert' || step === 'scanning for the key'
    const reported = targets.map(
      (target) => byTarget.get(target) ?? (settings.dryRun ? plannedOnly(target) : unanswered(target, signal, beforeRevoking))
    )
    const scanNote =
      step === 'scanning for the key'
        ? ' The key scan did not end, so it is incomplete: other certificates of the account may carry the key; run again.'
        : ''
    const beyondKnown = beyond && interruptedBeyond(beyond, signal)
    this.finished({ settings, results: reported, keyScan, beyond: beyondKnown }, `${interruption}${scanNote}`)
  }

  /** A run that got as far as revoking (or planning, in a dry run); `interruption` says why it ended early. */
  finished({ settings, results, keyScan, alert, beyond }: RunRecord, interruption?: string): void {
    if (this.written) return
    const elsewhere = elsewhereOutputOf(beyond, this.secrets.redact)
    const summary: SummaryContext = {
      elsewhereOutput: elsewhere,
      dryRun: settings.dryRun,
      baseUrl: settings.baseUrl,
      skipApproval: settings.skipApproval,
      alert,
      keyScan,
      beyond,
      redact: this.secrets.redact,
      audit: {
        ...(settings.revocationReason ? { reason: settings.revocationReason } : {}),
        comments: `${settings.comments} (each request's comment ends with its target's tag)`,
        actor: this.context.actor,
        eventName: this.context.eventName,
        version: ACTION_VERSION
      }
    }
    const interrupted = interruption ? `\n**Interrupted:** ${escapeText(this.secrets.redact(interruption))}\n` : ''
    this.writeSummary(renderSummary(results, summary) + interrupted)
    pendingNotices(results).forEach(this.log.notice)
    // An alert left open only because requests await approval is said, but is no failure: a later run resolves it.
    const waiting = alert && !alert.resolved && (alert.blocker === 'pending' || alert.blocker === 'unconfirmed')
    const alertStaysOpen = waiting ? alertProblem(alert) : undefined
    if (alertStaysOpen) this.log.info(alertStaysOpen)
    const problems = [
      interruption,
      ...keyScanProblems(keyScan),
      ...beyondProblems(beyond, accountLiveCount(results), settings.dryRun, keyScan?.problem?.kind === 'no-match'),
      alert && !alertStaysOpen && alertProblem(alert)
    ].filter((problem): problem is string => !!problem)
    const failure = failureMessage(results, problems, summary)
    const outcome = runOutcome(results, settings.dryRun, failure !== undefined)
    writeOutputs(
      { ...buildOutputs(results, alert?.resolved ?? false, keyScan?.matches, this.secrets.redact, outcome), elsewhere: elsewhere.text },
      this.secrets.redact
    )
    // Written once the outputs are: an outputs file that cannot be written still ends as an unexpected error.
    this.written = true
    if (failure) this.log.fail(failure)
  }

  /** Invalid input: nothing was sent; the summary says what was wrong. */
  invalidInputs(problems: string[]): void {
    if (this.written) return
    this.written = true
    this.attempt('The outputs', () => writeOutputs(buildOutputs([], false), this.secrets.redact))
    this.writeSummary(renderInvalidInputs(problems, this.secrets.redact))
    this.log.fail(invalidInputsMessage(problems))
  }

  /** An error nobody planned for: the outputs and the summary are still written, without a stack trace. */
  unexpected(error: unknown): void {
    this.endedEarly(`Unexpected error: ${errorMessage(error)}`)
  }

  /** The outputs (empty) and a summary that says why the run ended before it knew its targets. */
  private endedEarly(message: string): void {
    if (this.written) return
    this.written = true
    this.attempt('The outputs', () => writeOutputs(buildOutputs([], false), this.secrets.redact))
    this.writeSummary(renderUnexpected(message, this.secrets.redact))
    this.log.fail(message)
  }

  /** Does what it can of the report: a file that cannot be written is said in the log, never a crash. */
  private attempt(what: string, write: () => void): void {
    try {
      write()
    } catch (error) {
      this.log.warn(`${what} could not be written (${errorMessage(error)}).`)
    }
  }

  /**
   * Appends the job summary to the runner's file, as core.summary does, but synchronously: the run's only other
   * file work is synchronous too, and an asynchronous write would start libuv's thread pool for this alone.
   * Outside a runner (no GITHUB_STEP_SUMMARY) the log says so instead of failing the run.
   */
  private writeSummary(markdown: string): void {
    const path = this.context.summaryPath
    if (!path) {
      this.log.warn('GITHUB_STEP_SUMMARY is not set, so no job summary was written (this is not a GitHub Actions runner).')
      return
    }
    this.attempt('The job summary', () => appendFileSync(path, this.secrets.redact(markdown)))
  }
}

/**
 * A target the run had no answer for when it was interrupted: its request may have been filed all the same, unless
 * the run was interrupted before it began revoking.
 */
function unanswered(target: Target, signal: string, beforeRevoking: boolean): RevocationResult {
  const message = beforeRevoking
    ? `${INTERRUPTED_BEFORE_SENDING} (${signal}): nothing was filed for it`
    : `${INTERRUPTED_BEFORE_ANSWER} (${signal}); a revoke request may have been filed all the same`
  return { target, attempts: 0, status: 'failed', requestId: null, date: null, error: { code: null, message, http_status: null } }
}
