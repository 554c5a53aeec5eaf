/**
 * The job summary: what was asked, what CertCentral answered, what to do about failures. Every piece of text
 * is redacted in its raw form, then escaped, so it can never carry a secret or become HTML, Markdown or a link
 * on the page; and the whole stays under GitHub's 1 MiB limit, however many targets and however long the answers.
 */
import { describeApiError } from '../certcentral/answers.js'
import type { AlertOutcome } from '../github/alert-resolution.js'
import type { KeyScanReport } from '../leaked-key/scan-for-key.js'
import { isFailure, type RevocationResult } from '../revocation/revoke.js'
import type { Target } from '../revocation/targets.js'
import { adviceFor, type AdviceContext } from './advice.js'
import type { BeyondReport } from '../beyond/report.js'
import { elsewhereSection } from './elsewhere.js'
import { describeKeyScanProblem } from './key-scan.js'
import { alertProblem } from './messages.js'
import { plural, theOthersWereSent } from './words.js'

/**
 * Splits what GitHub would turn into a link (a URL, `www.`, an e-mail address or @mention) with a zero-width space:
 * before every `://` and inside every `www.`, whatever comes before them (so `1https://` and `_www.` are not
 * linked either), and after every `@` before a word character.
 */
function unlinkable(text: string): string {
  return text
    .replace(/:\/\//g, '\u200b://')
    .replace(/(www)\./gi, '$1\u200b.')
    .replace(/@(?=\w)/g, '@\u200b')
}

/**
 * Everything but letters, digits, space and a few harmless marks becomes a numeric character reference, and
 * bare URLs, `www.` and `@name` are split so that GitHub links none of them.
 */
export function escapeText(text: string): string {
  return unlinkable(text.replace(/\r\n|\r|\n/g, ' ')).replace(/[^A-Za-z0-9 .,:;/=+()-]/gu, (char) => `&#${char.codePointAt(0)};`)
}

export interface SummaryContext extends AdviceContext {
  dryRun: boolean
  alert?: AlertOutcome
  keyScan?: KeyScanReport
  beyond?: BeyondReport
  /** Removes every registered secret; applied to each piece of text before it is escaped. */
  redact: (text: string) => string
}

const TITLE = '## DigiCert certificate revocation'

/** What the table and the advice may take, in characters: the rest of the page is small, and GitHub drops a summary over 1 MiB. */
export const SUMMARY_BUDGET = 900 * 1024

export function renderSummary(results: RevocationResult[], context: SummaryContext): string {
  const safe = (text: string): string => escapeText(context.redact(text))
  const host = new URL(context.baseUrl).host
  const failed = results.filter(isFailure)
  const budget = { left: SUMMARY_BUDGET }
  const lines = [
    TITLE,
    '',
    `**Mode:** ${context.dryRun ? 'dry run (no revoke request was sent)' : 'live'} &nbsp; **API host:** ${safe(host)}`,
    '',
    headline(results, failed.length, context.dryRun),
    '',
    '<table>',
    '<tr><th>Type</th><th>Identifier</th><th>Status</th><th>Request ID</th><th>Date</th><th>Error</th></tr>',
    ...withinBudget(
      results.map((result) => () => row(result, safe)),
      budget,
      (more) => `<tr><td colspan="6">… and ${plural(more, 'more target')}: every target is in the results output.</td></tr>`
    ),
    '</table>',
    ''
  ]
  if (results.some((r) => r.unreadable)) {
    lines.push(
      'CertCentral accepted the requests marked *answer unreadable*, but its answer could not be read as a request object: check them in CertCentral.',
      ''
    )
  }
  const noted = results.filter((result) => result.note)
  if (noted.length > 0) {
    lines.push('### Notes', '')
    const notes = noted.map(
      (result) => () => `- **${safe(`${result.target.type} ${identifierOf(result.target, false)}`)}:** ${safe(result.note as string)}`
    )
    lines.push(...withinBudget(notes, budget, (more) => `- … and ${plural(more, 'more note')}: see the log.`), '')
  }
  if (failed.length > 0) {
    lines.push('### What to do next', '')
    const advice = failed.map(
      (result) => () => `- **${safe(`${result.target.type} ${identifierOf(result.target, false)}`)}:** ${safe(adviceFor(result, context))}`
    )
    lines.push(...withinBudget(advice, budget, (more) => `- … and ${plural(more, 'more failed target')}: see the results output.`), '')
  }
  if (context.keyScan) lines.push(...keyScanSection(context.keyScan, safe), '')
  if (context.beyond) lines.push(...elsewhereSection(context.beyond, safe), '')
  if (context.alert) {
    const why = alertProblem(context.alert)
    const outcome = context.alert.resolved ? 'resolved as revoked' : `not resolved${why ? `: ${safe(why)}` : ''}`
    lines.push(`**Secret scanning alert #${context.alert.number}:** ${outcome}`, '')
  }
  return lines.join('\n')
}

/** The lines that fit in what is left of the budget, then one line that says how many more there are. */
function withinBudget(lines: (() => string)[], budget: { left: number }, more: (count: number) => string): string[] {
  const shown: string[] = []
  for (const [index, render] of lines.entries()) {
    const line = render()
    if (line.length + 1 > budget.left) return [...shown, more(lines.length - index)]
    budget.left -= line.length + 1
    shown.push(line)
  }
  return shown
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

function row(result: RevocationResult, safe: (text: string) => string): string {
  const { target } = result
  const error = result.error
    ? describeApiError(result.error)
    : result.stillWaiting
      ? `still waiting: ${result.stillWaiting}`
      : result.unreadable
        ? 'answer unreadable'
        : ''
  const cells = [
    target.type,
    identifierOf(target),
    result.status,
    result.requestId === null ? '' : String(result.requestId),
    result.date ?? '',
    error
  ]
  return `<tr>${cells.map((cell) => `<td>${safe(cell)}</td>`).join('')}</tr>`
}

function keyScanSection(scan: KeyScanReport, safe: (text: string) => string): string[] {
  const lines = ['### Leaked private key', '']
  if (scan.key) {
    lines.push(`- **Key:** ${safe(scan.key.description)} from ${safe(scan.from)}, public key SHA-256 ${safe(scan.key.fingerprint)}`)
    lines.push(
      `- **Scanned:** ${scan.checked} certificates of the account's issued orders, duplicates and reissues included (${scan.downloaded} downloaded, ${scan.checked - scan.downloaded} from the index; ${scan.requests} CertCentral requests)`
    )
    lines.push(`- **Carried by:** ${scan.matches.length === 0 ? 'no certificate found' : `certificates ${safe(listed(scan.matches))}`}`)
    if (scan.expired.length > 0) lines.push(`- **Expired, so not revoked:** ${safe(listed(scan.expired))}`)
  }
  if (scan.problem) lines.push(`- **Problem:** ${safe(describeKeyScanProblem(scan.problem, scan))}`)
  return lines
}

/** At most 100 IDs; the rest are in the matched-certificates output. */
function listed(ids: string[]): string {
  return ids.length > 100 ? `${ids.slice(0, 100).join(', ')} and ${ids.length - 100} more (see matched-certificates)` : ids.join(', ')
}

/** `ID 123`, `serial 0A1B`, or with `detailed` what the table adds: `serial 0A1B (www.example.com, from PEM)`. */
function identifierOf(target: Target, detailed = true): string {
  const bare = target.source === 'serial-number' || target.source === 'certificate-pem' ? `serial ${target.id}` : `ID ${target.id}`
  if (!detailed) return bare
  if (target.source === 'private-key') return `${bare} (carries the leaked key)`
  return target.detail ? `${bare} (${target.detail}, from PEM)` : bare
}

export function renderInvalidInputs(problems: string[], redact: (text: string) => string): string {
  const shown = problems.slice(0, 50)
  const more = problems.length - shown.length
  return [
    TITLE,
    '',
    '**The inputs are invalid. No revoke request was sent.**',
    '',
    ...shown.map((problem) => `- ${escapeText(redact(problem))}`),
    ...(more > 0 ? [`- … and ${plural(more, 'more problem')} (see the log).`] : []),
    ''
  ].join('\n')
}

/** A run that ended in an error nobody planned for: what is known, and that nothing more can be said. */
export function renderUnexpected(message: string, redact: (text: string) => string): string {
  return [
    TITLE,
    '',
    '**The run ended with an unexpected error.** What was sent before it is in the log.',
    '',
    `- ${escapeText(redact(message))}`,
    ''
  ].join('\n')
}
