/**
 * The job summary: what was asked, what CertCentral answered, what to do about failures. Every piece of text
 * that came from an input or from the API is escaped, so it can never become HTML or Markdown on the page.
 */
import { adviceFor, type AdviceContext } from './advice.js'
import { describeApiError } from './responses.js'
import { describeTarget, isFailure, type RevocationResult } from './revoke.js'
import type { KeyScanReport } from './leaked-key.js'
import type { Target } from './targets.js'

/** Everything but letters, digits, space and a few harmless marks becomes a numeric character reference. */
export function escapeText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[^A-Za-z0-9 .,:;/=+()-]/gu, (char) => `&#${char.codePointAt(0)};`)
}

export interface SummaryContext extends AdviceContext {
  dryRun: boolean
  alert?: { number: number; resolved: boolean; message?: string }
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
      lines.push(`- **${escapeText(describeTarget(result.target))}:** ${escapeText(adviceFor(result, context))}`)
    }
    lines.push('')
  }
  if (context.keyScan) lines.push(...keyScanSection(context.keyScan), '')
  if (context.alert) {
    const { number, resolved, message } = context.alert
    const outcome = resolved ? 'resolved as revoked' : `not resolved${message ? `: ${escapeText(message)}` : ''}`
    lines.push(`**Secret scanning alert #${number}:** ${outcome}`, '')
  }
  return lines.join('\n')
}

function headline(results: RevocationResult[], failures: number, dryRun: boolean): string {
  const n = results.length
  const targets = `${n} target${n === 1 ? '' : 's'}`
  if (n === 0) return 'Nothing to revoke.'
  if (dryRun) return `Would revoke ${targets}. Nothing was sent.`
  if (failures === 0) return `All ${targets} accepted by CertCentral.`
  return `**${failures} of ${targets} failed.** The others were sent.`
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
  if (scan.problem) lines.push(`- **Problem:** ${escapeText(scan.problem)}`)
  return lines
}

/** `ID 123`, `serial 0A1B` or `serial 0A1B (www.example.com, from PEM)`. */
function identifierOf(target: Target): string {
  if (target.source === 'private-key') return `ID ${target.id} (carries the leaked key)`
  if (target.source === 'certificate-id' || target.source === 'order-id') return `ID ${target.id}`
  return target.detail ? `serial ${target.id} (${target.detail}, from PEM)` : `serial ${target.id}`
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
