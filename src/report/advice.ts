/** What a person should do next about one failed target, from DigiCert's code, the HTTP status and the run. */
import type { RevocationResult } from '../revocation/revoke.js'

export interface AdviceContext {
  skipApproval: boolean
  baseUrl: string
}

/** How the error of a target begins when the run was interrupted before CertCentral answered for it. */
export const INTERRUPTED_BEFORE_ANSWER = 'no answer from CertCentral before the run was interrupted'
/** How it begins when the run was interrupted before anything was sent for the target. */
export const INTERRUPTED_BEFORE_SENDING = 'the run was interrupted before a revoke request was sent for this target'

export function adviceFor(result: RevocationResult, context: AdviceContext): string {
  if (result.stillWaiting) return `Still waiting when wait-timeout ended: ${result.stillWaiting}.`
  if (result.status === 'rejected') {
    return 'An administrator rejected this revoke request in CertCentral; ask why, then run again if it must be revoked.'
  }
  const error = result.error
  if (!error) return ''
  // A missing code reads as "null", which no pattern below matches.
  const code = String(error.code)
  const status = error.http_status
  const what = result.target.type === 'order' ? 'order' : 'certificate'
  if (/reissue/i.test(`${code} ${error.message}`)) {
    return "The certificate's order waits for a reissue, and CertCentral revokes nothing of it meanwhile: cancel the pending reissue in CertCentral (or let it complete), then run again."
  }
  if (status === null && error.message.startsWith(INTERRUPTED_BEFORE_SENDING)) {
    return 'Nothing was sent to CertCentral for this target: run again.'
  }
  if (status === null && error.message.startsWith(INTERRUPTED_BEFORE_ANSWER)) {
    return 'Look in CertCentral (Certificates > Requests) for a revoke request of this target, then run again: a new run reuses an open request instead of filing a second one.'
  }
  if (status === null) {
    return "No answer from CertCentral: check the runner's network and proxy settings (https_proxy, no_proxy), then run again. A request that timed out may have arrived: check CertCentral's requests before you run again."
  }
  if (status === 401 || /invalid_(api_)?key|unauthorized/i.test(code)) {
    return 'CertCentral did not accept the API key: check the api-key secret, that the key was not revoked (Automation > API Keys), and that region matches the account (us or eu).'
  }
  if (status === 403) {
    return context.skipApproval
      ? "The key's user lacks a permission. skip-approval needs the key of an administrator: use an admin's key, or drop skip-approval and have an administrator approve the request."
      : 'The key\'s user lacks a permission: a key restricted to "View Only" cannot revoke. Use a key of a user who may manage this certificate.'
  }
  if (status === 404) {
    const host = new URL(context.baseUrl).host
    return `No such ${what} in the account of this key on ${host}: check the ${what === 'order' ? 'order ID' : 'certificate ID or serial number'}, and the region (us or eu).`
  }
  if (status === 429) {
    return "CertCentral's rate limit was still exceeded after every attempt: another job may be using the same key. Run again in a few minutes, or raise max-attempts."
  }
  if (status >= 500) {
    return "CertCentral or a proxy in front of it failed (often maintenance). Run again later; check CertCentral's requests first, as a 500 may have been carried out."
  }
  return 'CertCentral refused the request: read its message above, fix the cause, and run again.'
}
