/**
 * One run of the action: read the inputs, find the certificates of a leaked key, plan the targets, revoke them,
 * resolve the alert, report. Every outcome writes the outputs and the job summary.
 */
import type { CertCentralTransport } from './certcentral/transport.js'
import { readRunContext } from './context.js'
import { InvalidInputs } from './errors.js'
import { readSettings } from './inputs/read-settings.js'
import { keyScanLine } from './report/key-scan.js'
import { Log } from './report/log.js'
import { planLines, resultLine } from './report/messages.js'
import { RunReport } from './report/run-report.js'
import { batchFacts, bodyFor, plannedOnly } from './revocation/revoke.js'
import { planTargets, refuseOverSafetyCap } from './revocation/targets.js'
import { Secrets } from './secrets.js'

/** Calls `handler` when the runner cancels the job or it times out (index.ts); returns how to stop listening. */
export type ListenForInterruption = (handler: (signal: string) => void) => () => void

export async function run(env: NodeJS.ProcessEnv = process.env, listenForInterruption?: ListenForInterruption): Promise<void> {
  const context = readRunContext(env)
  const secrets = new Secrets()
  const log = new Log(secrets)
  const report = new RunReport(context, secrets, log)
  // Interrupted, the run reports what it knows so far (report.know, as it goes).
  const stopListening = listenForInterruption?.((signal) => report.interrupted(signal))
  const { know } = report
  let transport: CertCentralTransport | undefined
  try {
    const settings = readSettings(context, secrets)
    const scanning = settings.keyScan.key !== undefined || settings.keyScan.fromAlert
    know({ settings, targets: planTargets(settings), step: scanning ? 'scanning for the key' : 'revoking' })
    refuseOverSafetyCap(planTargets(settings), settings.maxRevocations)
    if (settings.dryRun && !scanning) {
      // A plain dry run asks CertCentral nothing, so it loads nothing that would (with-certcentral.ts).
      const planned = planTargets(settings)
      planLines(settings, planned).forEach(log.info)
      const results = planned.map(plannedOnly)
      results.map(resultLine).forEach(log.info)
      report.finished({ settings, results })
      return
    }
    const {
      Authority,
      CertCentralApi,
      CertCentralTransport,
      RateLimiter,
      followThrough,
      openRequestsToReuse,
      realClock,
      resolveAlertIfTrue,
      revokeAll,
      scanForLeakedKey,
      settleKeyMatches
    } = await import('./with-certcentral.js')
    const { baseUrl, apiKey, requestTimeoutMs: timeoutMs } = settings
    transport = new CertCentralTransport({ baseUrl, apiKey, timeoutMs, redact: secrets.redact })
    // One limiter for the whole run: the scan's downloads and the revocations share the key's rate limit.
    const api = new CertCentralApi(transport, {
      limiter: new RateLimiter(),
      clock: realClock,
      maxAttempts: settings.maxAttempts,
      log: log.info
    })

    const keyScan = await scanForLeakedKey(settings, api, { context, secrets, log: log.info, warn: log.warn })
    if (keyScan?.key) log.info(keyScanLine(keyScan))
    let targets = planTargets(settings, keyScan?.matches)
    if (keyScan && targets.length > settings.maxRevocations) {
      keyScan.problem = { kind: 'over-cap', targets: targets.length, cap: settings.maxRevocations }
      targets = []
    }
    planLines(settings, targets).forEach(log.info)
    know({ targets, keyScan, step: 'revoking', results: [] })

    // Only an order's status or a certificate's CA can say it is revoked: asked after a refusal, and by wait-for.
    const authority = new Authority(api, { timeoutMs, redact: secrets.redact })
    const settled = await settleKeyMatches(targets, keyScan, authority)
    const open = await openRequestsToReuse(
      targets.filter((target) => !settled.has(target)),
      settings,
      api,
      log.warn
    )
    const sent = settings.dryRun
      ? targets.map((target) => settled.get(target) ?? plannedOnly(target))
      : await revokeAll(targets, (target) => bodyFor(settings, target), api, {
          settled,
          open,
          authority,
          onResult: report.knowResult
        })
    sent.map(resultLine).forEach(log.info)
    know({ results: sent, step: 'waiting' })

    const waitFor = settings.dryRun ? 'none' : settings.waitFor
    const results = await followThrough(sent, api, {
      waitFor,
      timeoutMs: settings.waitTimeoutMs,
      authority,
      clock: realClock,
      log: log.info,
      progress: (results) => know({ results })
    })
    know({ results, step: 'resolving the alert' })
    if (waitFor !== 'none') results.map((result) => `After waiting: ${resultLine(result)}`).forEach(log.info)

    const facts = { dryRun: settings.dryRun, scanIncomplete: !!keyScan?.problem, ...batchFacts(results) }
    const alert = await resolveAlertIfTrue(settings.alert, facts, context)
    if (alert?.resolved) log.info(`Resolved secret scanning alert #${alert.number} as revoked.`)
    report.finished({ settings, results, keyScan, alert })
  } catch (error) {
    if (error instanceof InvalidInputs) report.invalidInputs(error.problems)
    else report.unexpected(error)
  } finally {
    stopListening?.()
    transport?.dispose()
  }
}
