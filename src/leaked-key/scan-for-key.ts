/**
 * From a leaked private key to the certificates that carry it: takes the key from `private-key` or from the
 * secret scanning alert, keeps the certificate index, and runs the account scan. Whatever goes wrong becomes a
 * `problem` of the report; the other targets are revoked all the same.
 */
import type { CertCentralApi } from '../certcentral/api.js'
import type { ApiError } from '../certcentral/answers.js'
import type { RunContext } from '../context.js'
import { InputProblem } from '../errors.js'
import { AlertError, alertTarget, readAlertSecret } from '../github/alerts.js'
import { describeFileError } from '../inputs/pem-or-file.js'
import type { Settings } from '../inputs/settings.js'
import type { Secrets } from '../secrets.js'
import { findCertificatesWithKey } from './account-scan.js'
import { emptyIndex, indexKey, readCertificateIndex, writeCertificateIndex } from './certificate-index.js'
import { identifyPrivateKey, type KeyIdentity } from './key-identity.js'

/** Why the scan could not give a complete, usable answer. The report puts each in words. */
export type KeyScanProblem =
  /** The key could not be had from the alert (its message says why). */
  | { kind: 'no-key'; message: string }
  | { kind: 'listing-failed'; error: ApiError }
  | { kind: 'unchecked'; unchecked: { id: string; error: ApiError }[] }
  | { kind: 'no-match' }
  /** More certificates carry the key than max-revocations allows: none of them was revoked. */
  | { kind: 'over-cap'; targets: number; cap: number }

export interface KeyScanReport {
  key?: KeyIdentity
  /** Where the key came from: `private-key`, or `secret scanning alert #N`. */
  from: string
  /** Every certificate that carries the key, ascending; of them, those that have expired (reported, not revoked). */
  matches: string[]
  expired: string[]
  /** The leaf and issuer of matches downloaded by the scan, so that asking their CA needs no second download. */
  chains: Map<string, { leaf: string; issuer?: string }>
  checked: number
  downloaded: number
  /** The CertCentral requests the scan made. */
  requests: number
  /** Why the scan's answer is incomplete or unusable. */
  problem?: Exclude<KeyScanProblem, { kind: 'over-cap' }>
  /** Set by the run when the matches make more targets than max-revocations: said beside `problem`, never instead of it. */
  overCap?: Extract<KeyScanProblem, { kind: 'over-cap' }>
}

export interface KeyScanDeps {
  context: RunContext
  secrets: Secrets
  log: (message: string) => void
  warn: (message: string) => void
  /** The alert as resolve-alert read it before anything was revoked: its secret is taken from it, not read again. */
  alertRead?: Record<string, unknown>
}

export async function scanForLeakedKey(settings: Settings, api: CertCentralApi, deps: KeyScanDeps): Promise<KeyScanReport | undefined> {
  const { keyScan, alert } = settings
  if (!keyScan.key && !keyScan.fromAlert) return undefined
  const from = keyScan.fromAlert ? `secret scanning alert #${alert.number}` : 'private-key'
  let key = keyScan.key
  if (!key) {
    try {
      key = await keyFromAlert(settings, deps)
    } catch (error) {
      if (!(error instanceof AlertError || error instanceof InputProblem)) throw error
      return {
        from,
        matches: [],
        expired: [],
        chains: new Map(),
        checked: 0,
        downloaded: 0,
        requests: 0,
        problem: { kind: 'no-key', message: error.message }
      }
    }
  }
  deps.log(`Looking for every certificate that carries the ${key.description} key from ${from} (public key SHA-256 ${key.fingerprint}).`)

  const macKey = indexKey(settings.apiKey)
  const index = keyScan.indexPath ? readCertificateIndex(keyScan.indexPath, macKey, deps.warn) : emptyIndex()
  const scan = await findCertificatesWithKey(key.fingerprint, api, { index, log: deps.log })
  if (keyScan.indexPath && !scan.listingError) {
    try {
      writeCertificateIndex(keyScan.indexPath, macKey, index)
    } catch (error) {
      deps.warn(
        `certificate-index: ${keyScan.indexPath} could not be written (${describeFileError(error)}); the next run downloads these certificates again.`
      )
    }
  }

  const { matches, expired, chains, checked, downloaded, requests } = scan
  const report: KeyScanReport = { key, from, matches, expired, chains, checked, downloaded, requests }
  if (scan.listingError) report.problem = { kind: 'listing-failed', error: scan.listingError }
  else if (scan.unchecked.length > 0) report.problem = { kind: 'unchecked', unchecked: scan.unchecked }
  else if (scan.matches.length === 0) report.problem = { kind: 'no-match' }
  return report
}

/**
 * Reads the alert's secret and identifies it as a private key, then masks it line by line: only once it parses as
 * a key (another kind of secret, split into lines, would redact ordinary text; it is never printed either way).
 */
async function keyFromAlert(settings: Settings, deps: KeyScanDeps): Promise<KeyIdentity> {
  const number = settings.alert.number as number
  const { secret, secretType } = await readAlertSecret(
    settings.alert.token,
    alertTarget(settings.alert.repository ?? deps.context.repository, number),
    settings.alert.apiUrl,
    deps.alertRead
  )
  try {
    const key = identifyPrivateKey(secret, `secret scanning alert #${number}`)
    deps.secrets.registerPemLines(secret)
    return key
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error
    throw new InputProblem(`${error.message} The alert's secret type is ${secretType}: key-from-alert needs a private key alert.`)
  }
}
