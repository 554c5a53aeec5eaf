/**
 * The job summary: what was asked, what CertCentral answered, what to do about failures. Every piece of text
 * that came from an input or from the API is escaped, so it can never become HTML or Markdown on the page.
 */
import { describeApiError } from '../certcentral/answers.js'
import type { AlertOutcome } from '../github/alert-resolution.js'
import type { KeyScanReport } from '../leaked-key/scan-for-key.js'
import { isFailure, type RevocationResult } from '../revocation/revoke.js'
import type { Target } from '../revocation/targets.js'
import { adviceFor, type AdviceContext } from './advice.js'
import { describeKeyScanProblem } from './key-scan.js'
import { alertProblem } from './messages.js'
import { plural, theOthersWereSent } from './words.js'

/** Everything but letters, digits, space and a few harmless marks becomes a numeric character reference. */
export function escapeText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[^A-Za-z0-9 .,:;/=+()-]/gu, (char) => `&#${char.codePointAt(0)};`)
}

export interface SummaryContext extends AdviceContext {
  dryRun: boolean
  alert?: AlertOutcome
  keyScan?: KeyScanReport
}

const TITLE = '## DigiCert certificate revocation'

export function renderSummary(results: RevocationResult[], context: SummaryContext): string {
  const host = new URL(context.baseUrl).host
  const failed = results.filter(isFailure)
  const lines = [
    TITLE,
    '',
    `**Mode:** ${context.dryRun ? 'dry run (no revoke request was sent)' : 'live'} &nbsp; **API host:** ${escapeText(host)}`,
    '',
    headline(results, failed.length, context.dryRun),
    '',
    '<table>',
    '<tr><th>Type</th><th>Identifier</th><th>Status</th><th>Request ID</th><th>Date</th><th>Error</th></tr>',
    ...results.map(row),
    '</table>',
    ''
  ]
  if (results.some((r) => r.unreadable)) {
    lines.push('CertCentral accepted the requests marked *answer unreadable*, but its answer could not be read as a request object: check them in CertCentral.', '')
  }
  if (failed.length > 0) {
    lines.push('### What to do next', '')
    for (const result of failed) {
      lines.push(`- **${escapeText(`${result.target.type} ${identifierOf(result.target, false)}`)}:** ${escapeText(adviceFor(result, context))}`)
    }
    lines.push('')
  }
  if (context.keyScan) lines.push(...keyScanSection(context.keyScan), '')
  if (context.alert) {
    const why = alertProblem(context.alert)
    const outcome = context.alert.resolved ? 'resolved as revoked' : `not resolved${why ? `: ${escapeText(why)}` : ''}`
    lines.push(`**Secret scanning alert #${context.alert.number}:** ${outcome}`, '')
  }
  return lines.join('\n')
}

function headline(results: RevocationResult[], failures: number, dryRun: boolean): string {
  const n = results.length
  const targets = plural(n, 'target')
  if (n === 0) return 'Nothing to revoke.'
  if (dryRun) return `Would revoke ${targets}. Nothing was sent.`
  if (failures === 0) return n === 1 ? 'The target was accepted by CertCentral.' : `All ${targets} accepted by CertCentral.`
  const others = theOthersWereSent(n - failures)
  return `**${failures} of ${targets} failed.**${others ? ` ${others[0].toUpperCase()}${others.slice(1)}.` : ''}`
}

function row(result: RevocationResult): string {
  const { target } = result
  const error = result.error ? describeApiError(result.error) : result.unreadable ? 'answer unreadable' : ''
  const cells = [
    target.type,
    identifierOf(target),
    result.status,
    result.requestId === null ? '' : String(result.requestId),
    result.date ?? '',
    error
  ]
  return `<tr>${cells.map((cell) => `<td>${escapeText(cell)}</td>`).join('')}</tr>`
}

function keyScanSection(scan: KeyScanReport): string[] {
  const lines = ['### Leaked private key', '']
  if (scan.key) {
    lines.push(`- **Key:** ${escapeText(scan.key.description)} from ${escapeText(scan.from)}, public key SHA-256 ${escapeText(scan.key.fingerprint)}`)
    lines.push(`- **Scanned:** ${scan.checked} issued certificates (${scan.downloaded} downloaded, ${scan.checked - scan.downloaded} from the index)`)
    lines.push(`- **Carried by:** ${scan.matches.length === 0 ? 'no certificate found' : `certificates ${escapeText(scan.matches.join(', '))}`}`)
  }
  if (scan.problem) lines.push(`- **Problem:** ${escapeText(describeKeyScanProblem(scan.problem, scan))}`)
  return lines
}

/** `ID 123`, `serial 0A1B`, or with `detailed` what the table adds: `serial 0A1B (www.example.com, from PEM)`. */
function identifierOf(target: Target, detailed = true): string {
  const bare = target.source === 'serial-number' || target.source === 'certificate-pem' ? `serial ${target.id}` : `ID ${target.id}`
  if (!detailed) return bare
  if (target.source === 'private-key') return `${bare} (carries the leaked key)`
  return target.detail ? `${bare} (${target.detail}, from PEM)` : bare
}

export function renderInvalidInputs(problems: string[]): string {
  return [
    TITLE,
    '',
    '**The inputs are invalid. No revoke request was sent.**',
    '',
    ...problems.map((problem) => `- ${escapeText(problem)}`),
    ''
  ].join('\n')
}
