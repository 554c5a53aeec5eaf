/**
 * The run's door to "Beyond the account", and the only module of it that main.ts imports: everything behind it
 * (CT, ACME, jose, the CA code) is loaded only when a run searches CT, so a run that does not starts as fast as before.
 */
import type { CertCentralApi } from '../certcentral/api.js'
import type { Settings } from '../inputs/settings.js'
import type { KeyIdentity } from '../leaked-key/key-identity.js'
import type { KeyScanReport } from '../leaked-key/scan-for-key.js'
import type { Locator } from '../revocation/locate.js'
import type { BeyondDeps, CtFindings } from './elsewhere.js'
import { notSearched, searchUnderway, type BeyondReport } from './report.js'

/**
 * The CT search, started at once (it never waits for, nor delays, the account's revocations); undefined when not
 * searched. Until it is over, `progress` knows it as underway: an interrupted run says the search did not end.
 */
export function startCtSearch(settings: Settings, key: KeyIdentity | undefined, deps: BeyondDeps): Promise<CtFindings> | undefined {
  if (!key) return undefined
  if (settings.beyond.ctSearch === 'off') {
    deps.progress?.(notSearched('off'))
    return undefined
  }
  deps.progress?.(searchUnderway(settings.beyond.ctSearch))
  const search = import('./elsewhere.js').then(({ searchCt }) => searchCt(settings, key, deps))
  // Awaited only after the account's revocations: an error meanwhile must not count as unhandled.
  search.catch(() => undefined)
  return search
}

/**
 * Places what CT found, asks CAs, revokes through ACME; a report that says CT was not searched when it was not.
 * Certificates of the key confirmed in CT mean the key scan's "no certificate carries the key" no longer holds.
 */
export async function finishBeyondAccount(
  search: Promise<CtFindings> | undefined,
  context: { settings: Settings; keyScan?: KeyScanReport; api: CertCentralApi; accountTargets: number; locator?: Locator },
  deps: BeyondDeps
): Promise<BeyondReport | undefined> {
  const { settings, keyScan, api } = context
  if (!keyScan?.key) return undefined
  if (!search) return notSearched(settings.beyond.ctSearch)
  const findings = await search
  const { placeAndAct } = await import('./elsewhere.js')
  const accountLeaves = [...keyScan.chains.values()].map((chain) => chain.leaf)
  // Over the cap, the account's matches were not revoked, and no ACME revocation may be sent either.
  const accountTargets = keyScan.overCap?.targets ?? context.accountTargets
  const report = await placeAndAct(
    findings,
    { settings, key: keyScan.key, accountLeaves, api, accountTargets, locator: context.locator },
    deps
  )
  if (report.failure) deps.warn(`Certificate Transparency could not be searched: ${report.failure}.`)
  // Rule 2: only certificates confirmed in CT (downloaded, carrying the key) show that one exists.
  const confirmed = report.certificates.filter((c) => c.status !== 'unconfirmed').length + report.inAccount
  if (keyScan.problem?.kind === 'no-match' && confirmed > 0) delete keyScan.problem
  return report
}
