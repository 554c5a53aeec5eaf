/**
 * From a leaked private key to the certificates that carry it: takes the key from `private-key` or from the
 * secret scanning alert, keeps the certificate index, and runs the account scan. Whatever goes wrong becomes a
 * `problem` for the run's failure message; the other targets are revoked all the same.
 */
import { AlertError, alertTarget, readAlertSecret } from './alerts.js'
import { readCertificateIndex, writeCertificateIndex } from './certificate-index.js'
import { InputProblem, errorMessage } from './errors.js'
import type { PacingOptions } from './paced.js'
import { identifyPrivateKey, maskPrivateKey, type KeyIdentity } from './private-key.js'
import { findCertificatesWithKey, type Downloader } from './scan.js'
import { describeApiError } from './responses.js'
import type { Settings } from './settings.js'

export interface KeyScanReport {
  key?: KeyIdentity
  /** Where the key came from: the input, or alert N. */
  from: string
  matches: string[]
  checked: number
  downloaded: number
  /** Why the scan could not give a complete answer (no key, no listing, unchecked certificates, no match). */
  problem?: string
}

export interface KeyScanDeps extends PacingOptions {
  client: Downloader
  env: NodeJS.ProcessEnv
  warn: (message: string) => void
  onSecret: (secret: string) => void
}

export async function scanForLeakedKey(settings: Settings, deps: KeyScanDeps): Promise<KeyScanReport | undefined> {
  const { keyScan, alert } = settings
  if (!keyScan.key && !keyScan.fromAlert) return undefined
  const from = keyScan.fromAlert ? `secret scanning alert #${alert.number}` : 'private-key'
  let key = keyScan.key
  if (!key) {
    try {
      key = await keyFromAlert(settings, deps)
    } catch (error) {
      if (!(error instanceof AlertError || error instanceof InputProblem)) throw error
      return { from, matches: [], checked: 0, downloaded: 0, problem: error.message }
    }
  }
  const log = deps.log ?? (() => undefined)
  log(`Looking for every certificate that carries the ${key.description} key from ${from} (public key SHA-256 ${key.fingerprint}).`)

  const index = keyScan.indexPath ? readCertificateIndex(keyScan.indexPath, deps.warn) : new Map<string, string>()
  const scan = await findCertificatesWithKey(key.fingerprint, { ...deps, index })
  if (keyScan.indexPath && scan.downloaded > 0) {
    try {
      writeCertificateIndex(keyScan.indexPath, index)
    } catch (error) {
      deps.warn(`certificate-index: ${keyScan.indexPath} could not be written (${errorMessage(error)}); the next run downloads these certificates again.`)
    }
  }

  const report: KeyScanReport = { key, from, matches: scan.matches, checked: scan.checked, downloaded: scan.downloaded }
  if (scan.listingError) {
    report.problem = `The account's orders could not be listed, so no certificate was checked for the key (${describeApiError(scan.listingError)}).`
  } else if (scan.unchecked.length > 0) {
    const first = scan.unchecked.slice(0, 5).map(({ id, error }) => `${id} (${describeApiError(error)})`)
    const more = scan.unchecked.length > 5 ? ` and ${scan.unchecked.length - 5} more` : ''
    report.problem = `${scan.unchecked.length} certificate${scan.unchecked.length === 1 ? '' : 's'} could not be checked for the key, so others may carry it: ${first.join(', ')}${more}. Run again to check them.`
  } else if (scan.matches.length === 0) {
    report.problem = `No certificate among the ${scan.checked} issued in this CertCentral account carries the key from ${from}. It may belong to another CA, another CertCentral account, or the other region (us or eu).`
  }
  log(`Key scan: ${scan.checked} checked, ${scan.downloaded} downloaded; the key is on ${scan.matches.length === 0 ? 'none of them' : `certificate${scan.matches.length === 1 ? '' : 's'} ${scan.matches.join(', ')}`}.`)
  return report
}

/** Reads the alert's secret, masks it line by line at once, and identifies it as a private key. */
async function keyFromAlert(settings: Settings, deps: KeyScanDeps): Promise<KeyIdentity> {
  const number = settings.alert.number as number
  const { secret, secretType } = await readAlertSecret(settings.alert.token, alertTarget(deps.env.GITHUB_REPOSITORY, number))
  maskPrivateKey(secret, deps.onSecret)
  try {
    return identifyPrivateKey(secret, `secret scanning alert #${number}`)
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error
    throw new InputProblem(`${error.message} The alert's secret type is ${secretType}: key-from-alert needs a private key alert.`)
  }
}
