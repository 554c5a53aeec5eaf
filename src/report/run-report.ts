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
import { beyondProblems, type BeyondReport } from '../beyond/report.js'
import { accountLiveCount, elsewhereOutput } from './elsewhere.js'
import type { RevocationResult } from '../revocation/revoke.js'
import type { Secrets } from '../secrets.js'
import { describeKeyScanProblem } from './key-scan.js'
import type { Log } from './log.js'
import { ACTION_VERSION } from '../version.js'
import { alertProblem, failureMessage, invalidInputsMessage, pendingNotices } from './messages.js'
import { buildOutputs, runOutcome, writeOutputs } from './outputs.js'
import { renderInvalidInputs, renderSummary, renderUnexpected, type SummaryContext } from './summary.js'

export interface RunRecord {
  settings: Settings
  results: RevocationResult[]
  keyScan?: KeyScanReport
  alert?: AlertOutcome
  beyond?: BeyondReport
}

export class RunReport {
  constructor(
    private readonly context: RunContext,
    private readonly secrets: Secrets,
    private readonly log: Log
  ) {}

  /** A run that got as far as revoking (or planning, in a dry run). */
  finished({ settings, results, keyScan, alert, beyond }: RunRecord): void {
    const summary: SummaryContext = {
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
    this.writeSummary(renderSummary(results, summary))
    pendingNotices(results).forEach(this.log.notice)
    // An alert left open only because requests await approval is said, but is no failure: a later run resolves it.
    const waiting = alert && !alert.resolved && (alert.blocker === 'pending' || alert.blocker === 'unconfirmed')
    const alertStaysOpen = waiting ? alertProblem(alert) : undefined
    if (alertStaysOpen) this.log.info(alertStaysOpen)
    const problems = [
      keyScan?.problem && describeKeyScanProblem(keyScan.problem, keyScan),
      ...beyondProblems(beyond, accountLiveCount(results), settings.dryRun, keyScan?.problem?.kind === 'no-match'),
      alert && !alertStaysOpen && alertProblem(alert)
    ].filter((problem): problem is string => !!problem)
    const failure = failureMessage(results, problems, summary)
    const outcome = runOutcome(results, settings.dryRun, failure !== undefined)
    const elsewhere = elsewhereOutput(beyond, this.secrets.redact)
    writeOutputs(
      { ...buildOutputs(results, alert?.resolved ?? false, keyScan?.matches, this.secrets.redact, outcome), elsewhere },
      this.secrets.redact
    )
    if (failure) this.log.fail(failure)
  }

  /** Invalid input: nothing was sent; the summary says what was wrong. */
  invalidInputs(problems: string[]): void {
    writeOutputs(buildOutputs([], false), this.secrets.redact)
    this.writeSummary(renderInvalidInputs(problems, this.secrets.redact))
    this.log.fail(invalidInputsMessage(problems))
  }

  /** An error nobody planned for: the outputs and the summary are still written, without a stack trace. */
  unexpected(error: unknown): void {
    const message = `Unexpected error: ${errorMessage(error)}`
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
