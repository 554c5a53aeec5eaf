/** The key scan in words: its progress line and, when it is incomplete, why. */
import { describeApiError } from '../certcentral/answers.js'
import type { KeyScanProblem, KeyScanReport } from '../leaked-key/scan-for-key.js'
import { plural } from './words.js'

/** Shown at most in a problem's list of certificates that could not be checked. */
const UNCHECKED_SHOWN = 5

export function keyScanLine(scan: KeyScanReport): string {
  const carriers =
    scan.matches.length === 0 ? 'none of them' : `${scan.matches.length === 1 ? 'certificate' : 'certificates'} ${scan.matches.join(', ')}`
  const expired = scan.expired.length > 0 ? ` Expired, so not revoked: ${scan.expired.join(', ')}.` : ''
  return `Key scan: ${scan.checked} checked, ${scan.downloaded} downloaded, ${scan.requests} CertCentral requests; the key is on ${carriers}.${expired}`
}

/** Every problem of the scan in words: its own, then the safety cap's. */
export function keyScanProblems(scan: KeyScanReport | undefined): string[] {
  if (!scan) return []
  return [scan.problem, scan.overCap].flatMap((problem) => (problem ? [describeKeyScanProblem(problem, scan)] : []))
}

export function describeKeyScanProblem(problem: KeyScanProblem, scan: KeyScanReport): string {
  switch (problem.kind) {
    case 'no-key':
      return problem.message
    case 'listing-failed':
      return `The account's orders could not be listed, so no certificate was checked for the key (${describeApiError(problem.error)}).`
    case 'unchecked': {
      const { unchecked } = problem
      const first = unchecked.slice(0, UNCHECKED_SHOWN).map(({ id, error }) => `${id} (${describeApiError(error)})`)
      const more = unchecked.length > UNCHECKED_SHOWN ? ` and ${unchecked.length - UNCHECKED_SHOWN} more` : ''
      // An entry is a certificate ID, or `order N` when that order's duplicate and reissue lists could not be read.
      const orders = unchecked.some(({ id }) => id.startsWith('order '))
      const what = orders
        ? plural(unchecked.length, 'certificate or order', 'certificates or orders')
        : plural(unchecked.length, 'certificate')
      return `${what} could not be checked for the key, so others may carry it: ${first.join(', ')}${more}. Run again to check them.`
    }
    case 'no-match':
      return `No certificate among the ${scan.checked} issued in this CertCentral account carries the key from ${scan.from}. It may belong to another CA, another CertCentral account, or the other region (us or eu).`
    case 'over-cap':
      return `The key is on ${plural(scan.matches.length, 'certificate')}, which makes ${plural(problem.targets, 'target')}: more than the safety cap of max-revocations (${problem.cap}), so nothing was revoked. The certificates are in matched-certificates; if they must all be revoked, raise max-revocations and run again.`
  }
}
