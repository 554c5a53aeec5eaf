/**
 * With resolve-alert, the alert is read before anything is revoked, dry runs included: a token that cannot read
 * it (the workflow's GITHUB_TOKEN never can) would otherwise be found out only after the revocations, when the
 * alert cannot be resolved. A read proves read access only: the resolution can still be refused afterwards.
 */
import { InvalidInputs } from '../errors.js'
import type { AlertSettings } from '../inputs/settings.js'
import { AlertError, alertTarget, readAlert } from './alerts.js'

/** GitHub's answers that say the token cannot reach the alert: no run should revoke and then find out. */
const REFUSALS = [401, 403, 404]

/**
 * Reads the alert when the run is to resolve it. A refusal (401, 403, 404) or an unknown repository fails the run
 * as invalid input, naming the permission, before any request to CertCentral; any other failure (GitHub down, a
 * timeout) is a warning, since an outage of GitHub must not hold back a revocation.
 */
export async function readAlertBeforeRevoking(
  alert: AlertSettings,
  warn: (message: string) => void
): Promise<Record<string, unknown> | undefined> {
  if (!alert.resolve || alert.number === undefined) return undefined
  let target
  try {
    target = alertTarget(alert.repository, alert.number)
  } catch (error) {
    if (!(error instanceof AlertError)) throw error
    throw new InvalidInputs([`alert-repository: ${error.message}`])
  }
  try {
    return await readAlert(alert.token, target, alert.apiUrl, 'write')
  } catch (error) {
    if (!(error instanceof AlertError)) throw error
    if (error.status !== undefined && REFUSALS.includes(error.status)) {
      throw new InvalidInputs([`${error.message} resolve-alert reads the alert before anything is revoked: nothing was revoked.`])
    }
    warn(
      `${error.message} resolve-alert reads the alert before anything is revoked; the revocations go ahead, and the alert is resolved after them if GitHub answers then.`
    )
    return undefined
  }
}
