/**
 * One run of the action: read the inputs, find the certificates of a leaked key, plan the targets, revoke them,
 * resolve the alert, report. Every outcome writes the outputs and the job summary.
 */
import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { adviceFor } from './advice.js'
import { AlertError, alertTarget, resolutionComment, resolveAlert } from './alerts.js'
import { CertCentralClient } from './certcentral.js'
import { InvalidInputs, errorMessage } from './errors.js'
import { readSettings, workflowRunUrl } from './inputs.js'
import { scanForLeakedKey } from './leaked-key.js'
import { buildOutputs, writeOutputs } from './outputs.js'
import type { PacingOptions } from './paced.js'
import { RateLimiter, realClock } from './rate-limiter.js'
import { Redactor } from './redact.js'
import { describeApiError } from './responses.js'
import { describeTarget, isFailure, revokeAll, revokeBody, type RevocationResult, type RevokeBody } from './revoke.js'
import type { Settings } from './settings.js'
import { renderInvalidInputs, renderSummary, type SummaryContext } from './summary.js'
import { planTargets, type Target } from './targets.js'

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = new Redactor()
  const log = (message: string): void => core.info(redactor.redact(message))
  const warn = (message: string): void => core.warning(redactor.redact(message))
  let client: CertCentralClient | undefined
  try {
    const settings = readSettings(env, (secret) => redactor.add(secret))
    client = new CertCentralClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, timeoutMs: settings.requestTimeoutMs })
    // One limiter for the whole run: the scan's downloads and the revocations share the key's rate limit.
    const pacing: PacingOptions = { limiter: new RateLimiter(), clock: realClock, maxAttempts: settings.maxAttempts, log }

    const keyScan = await scanForLeakedKey(settings, { ...pacing, client, env, warn, onSecret: (secret) => redactor.add(secret) })
    const targets = planTargets(settings, keyScan?.matches ?? [])
    logPlan(settings, targets, log)

    const results = settings.dryRun ? targets.map(plannedOnly) : await revokeAll(targets, bodyFor(settings), { ...pacing, client })
    for (const result of results) log(resultLine(result))
    const failures = results.filter(isFailure)
    const problems = keyScan?.problem ? [keyScan.problem] : []

    const alert = await resolveAlertIfAsked(settings, results, { failures: failures.length, keyProblem: problems.length > 0 }, env)
    if (alert && !alert.resolved && alert.message) problems.push(alert.message)
    writeOutputs(buildOutputs(results, alert?.resolved ?? false, keyScan?.matches), redactor)
    const context: SummaryContext = { dryRun: settings.dryRun, baseUrl: settings.baseUrl, skipApproval: settings.skipApproval, alert, keyScan }
    writeSummary(redactor.redact(renderSummary(results, context)))

    const lines = [
      ...failures.map((r) => `- ${describeTarget(r.target)}: ${failureText(r)}\n  Next: ${adviceFor(r, context)}`),
      ...problems.map((problem) => `- ${problem}`)
    ]
    if (lines.length > 0) {
      const head =
        failures.length > 0
          ? `${failures.length} of ${results.length} revocations failed; the others were sent.`
          : results.length === 0
            ? 'Nothing was revoked:'
            : 'Every revocation was sent, but:'
      core.setFailed(redactor.redact([head, ...lines].join('\n')))
    }
  } catch (error) {
    if (error instanceof InvalidInputs) {
      writeOutputs(buildOutputs([], false), redactor)
      writeSummary(redactor.redact(renderInvalidInputs(error.problems)))
      core.setFailed(redactor.redact(`Invalid input; no revoke request was sent.\n${error.problems.map((p) => `- ${p}`).join('\n')}`))
      return
    }
    core.setFailed(redactor.redact(`Unexpected error: ${errorMessage(error)}`))
  } finally {
    client?.dispose()
  }
}

/**
 * Appends the job summary to the runner's file, as core.summary does, but synchronously: the run's only other
 * file work is synchronous too, and an asynchronous write would start libuv's thread pool for this alone.
 * Outside a runner (no GITHUB_STEP_SUMMARY) the log says so instead of failing the run.
 */
function writeSummary(markdown: string): void {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path) {
    core.warning('GITHUB_STEP_SUMMARY is not set, so no job summary was written (this is not a GitHub Actions runner).')
    return
  }
  appendFileSync(path, markdown)
}

/** The reason when given; a certificate found to carry the leaked key defaults to keyCompromise. */
function bodyFor(settings: Settings): (target: Target) => RevokeBody {
  return (target) =>
    revokeBody(settings.comments, settings.skipApproval, settings.revocationReason ?? (target.source === 'private-key' ? 'keyCompromise' : undefined))
}

function plannedOnly(target: Target): RevocationResult {
  return { target, attempts: 0, status: 'dry-run', requestId: null, date: null, error: null }
}

/** Resolves the alert only when asked, never on a dry run, and only when nothing failed. */
async function resolveAlertIfAsked(
  settings: Settings,
  results: RevocationResult[],
  blockers: { failures: number; keyProblem: boolean },
  env: NodeJS.ProcessEnv
): Promise<SummaryContext['alert']> {
  const { number, resolve, token } = settings.alert
  if (!resolve || number === undefined || settings.dryRun) return undefined
  if (blockers.failures > 0 || blockers.keyProblem) {
    const because = blockers.failures > 0 ? 'a revocation failed' : 'the key scan did not find every certificate of the key'
    return { number, resolved: false, message: `Secret scanning alert #${number} was left open because ${because}.` }
  }
  try {
    const target = alertTarget(env.GITHUB_REPOSITORY, number)
    await resolveAlert(token, target, resolutionComment(results.map((r) => r.requestId), workflowRunUrl(env)))
    core.info(`Resolved secret scanning alert #${number} as revoked.`)
    return { number, resolved: true }
  } catch (error) {
    if (!(error instanceof AlertError)) throw error
    return { number, resolved: false, message: error.message }
  }
}

function logPlan(settings: Settings, targets: Target[], log: (message: string) => void): void {
  if (targets.length === 0) return log('Nothing to revoke.')
  const mode = settings.dryRun ? 'Dry run: nothing will be sent.' : `Revoking through ${new URL(settings.baseUrl).host}.`
  log(`${mode} ${targets.length} target${targets.length === 1 ? '' : 's'}:`)
  for (const target of targets) log(`  ${describeTarget(target)}${target.detail ? ` (${target.detail})` : ''}`)
}

function resultLine(result: RevocationResult): string {
  const id = result.requestId === null ? '' : `, request ${result.requestId}`
  const line = `${describeTarget(result.target)}: ${result.status}${id}`
  return result.error ? `${line}: ${failureText(result)}` : line
}

function failureText(result: RevocationResult): string {
  if (result.status === 'rejected') return `revoke request ${result.requestId ?? ''} was rejected.`
  return result.error ? `${describeApiError(result.error)}.`.replace(/\.\.$/, '.') : ''
}
