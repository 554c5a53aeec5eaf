/**
 * One run of the action: read the inputs, find the certificates of a leaked key, plan the targets, revoke them,
 * follow them through (and beyond the account), resolve the alert, report. Every outcome writes the outputs and
 * the job summary, an interrupted run included.
 */
import { beyondFacts, type BeyondReport } from './beyond/report.js'
import type { CertCentralTransport } from './certcentral/transport.js'
import { readRunContext } from './context.js'
import { InvalidInputs } from './errors.js'
import { readAlertBeforeRevoking } from './github/alert-access.js'
import { readSettings } from './inputs/read-settings.js'
import { keyScanLine } from './report/key-scan.js'
import { accountLiveCount } from './report/elsewhere.js'
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
    // The targets named in the inputs; a key scan adds those it finds.
    const named = planTargets(settings)
    know({ settings, targets: named, step: 'reading the alert' })
    refuseOverSafetyCap(named, settings.maxRevocations)
    const alertRead = await readAlertBeforeRevoking(settings.alert, log.warn)
    know({ step: scanning ? 'scanning for the key' : 'revoking' })
    if (settings.dryRun && !scanning) {
      // A dry run without a key to scan for asks nobody anything: the plan is the whole run, and the code that
      // would ask (steps.ts) is not even loaded.
      planLines(settings, named).forEach(log.info)
      const planned = named.map(plannedOnly)
      planned.map(resultLine).forEach(log.info)
      report.finished({ settings, results: planned })
      return
    }
    const {
      Authority,
      CertCentralApi,
      CertCentralTransport,
      RateLimiter,
      confirmReusedRequests,
      finishBeyondAccount,
      followThrough,
      openRequestsToReuse,
      realClock,
      resolveAlertIfTrue,
      revokeAll,
      scanForLeakedKey,
      settleKeyMatches,
      startCtSearch
    } = await import('./steps.js')
    const { baseUrl, apiKey, requestTimeoutMs: timeoutMs } = settings
    transport = new CertCentralTransport({ baseUrl, apiKey, timeoutMs, redact: secrets.redact })
    // One limiter for the whole run: the scan's downloads and the revocations share the key's rate limit.
    const api = new CertCentralApi(transport, {
      limiter: new RateLimiter(),
      clock: realClock,
      maxAttempts: settings.maxAttempts,
      log: log.info
    })

    const keyScan = await scanForLeakedKey(settings, api, { context, secrets, log: log.info, warn: log.warn, alertRead })
    if (keyScan?.key) log.info(keyScanLine(keyScan))
    // What CT found and what was done about it, known as it goes: an interrupted run reports it too.
    const progress = (beyond: BeyondReport): void => know({ beyond })
    const beyondDeps = { clock: realClock, log: log.info, warn: log.warn, redact: secrets.redact, progress }
    const ctSearch = startCtSearch(settings, keyScan?.key, beyondDeps)
    let targets = planTargets(settings, keyScan?.matches)
    if (keyScan && targets.length > settings.maxRevocations) {
      // Beside any problem the scan had: a scan that was incomplete and over the cap is both.
      keyScan.overCap = { kind: 'over-cap', targets: targets.length, cap: settings.maxRevocations }
      targets = []
    }
    planLines(settings, targets).forEach(log.info)
    know({ targets, keyScan, step: 'revoking' })

    // Only an order's status or a certificate's CA can say it is revoked: asked after a refusal, and by wait-for.
    // URLs from certificates reach no loopback or private address unless base-url is on one (a test, a mirror):
    // the run's one address rule (inputs/address-policies.ts), the same for CT, ACME and the CAs of what CT finds.
    const authority = new Authority(api, { settings, redact: secrets.redact })
    const settled = await settleKeyMatches(targets, keyScan, authority)
    const open = await openRequestsToReuse(
      targets.filter((target) => !settled.has(target)),
      settings,
      api,
      { warn: log.warn, notice: log.notice },
      authority.locator
    )
    const sent = settings.dryRun
      ? targets.map((target) => settled.get(target) ?? plannedOnly(target))
      : await revokeAll(targets, (target) => bodyFor(settings, target), api, { settled, open, authority, onResult: report.knowResult })
    sent.map(resultLine).forEach(log.info)
    know({ results: sent, step: 'waiting' })

    const waitFor = settings.dryRun ? 'none' : settings.waitFor
    // wait-timeout counts from here, the end of the revoke requests: for the account's wait and the ACME proof alike.
    const waitDeadline = realClock.now() + settings.waitTimeoutMs
    const [followed, beyond] = await Promise.all([
      followThrough(sent, api, {
        waitFor,
        timeoutMs: settings.waitTimeoutMs,
        deadline: waitDeadline,
        authority,
        clock: realClock,
        log: log.info,
        progress: (results) => know({ results })
      }),
      finishBeyondAccount(
        ctSearch,
        { settings, keyScan, api, accountTargets: targets.length, locator: authority.locator },
        { ...beyondDeps, waitDeadline }
      )
    ])
    // A request someone else filed counts once the target's authority says revoked.
    const results = await confirmReusedRequests(followed, authority)
    know({ results, step: 'resolving the alert' })
    if (waitFor !== 'none') results.map((result) => `After waiting: ${resultLine(result)}`).forEach(log.info)

    const facts = {
      dryRun: settings.dryRun,
      scanIncomplete: !!keyScan?.problem,
      overCap: !!keyScan?.overCap,
      ...batchFacts(results),
      outside: beyondFacts(beyond, {
        accountLive: accountLiveCount(results),
        dryRun: settings.dryRun,
        // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: never counts here, only keeps `blocks` the report's own judgement (run-report.ts): the alert rule reads `outside` only after a complete key scan, and no-match is a scan problem (scanIncomplete).
        noMatch: keyScan?.problem?.kind === 'no-match'
      })
    }
    const alert = await resolveAlertIfTrue(settings.alert, facts, context)
    if (alert?.resolved) log.info(`Resolved secret scanning alert #${alert.number} as revoked.`)
    report.finished({ settings, results, keyScan, alert, beyond })
  } catch (error) {
    if (error instanceof InvalidInputs) report.invalidInputs(error.problems)
    else report.unexpected(error)
  } finally {
    stopListening?.()
    transport?.dispose()
  }
}
