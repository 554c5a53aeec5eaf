/**
 * The job summary: what was asked, what CertCentral answered, what to do about failures. Every piece of text
 * is redacted in its raw form, then escaped, so it can never carry a secret or become HTML, Markdown or a link
 * on the page; and the whole stays under GitHub's 1 MiB limit, however many targets and however long the answers.
 */
import { describeApiError } from '../certcentral/answers.js'
import type { AlertOutcome } from '../github/alert-resolution.js'
import type { KeyScanReport } from '../leaked-key/scan-for-key.js'
import { awaitsConfirmation, isFailure, type RevocationResult } from '../revocation/revoke.js'
import type { Target } from '../revocation/targets.js'
import { adviceFor, type AdviceContext } from './advice.js'
import type { BeyondReport } from '../beyond/report.js'
import { elsewhereSection, type ElsewhereOutput } from './elsewhere.js'
import { keyScanProblems } from './key-scan.js'
import { alertProblem } from './messages.js'
import { clean, LIMITS, utf8Bytes } from '../untrusted.js'
import { plural } from './words.js'

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

/** What the run was asked to do, and by whom: the summary is the audit record (with approval skipped, DigiCert keeps no comment). */
export interface AuditRecord {
  /** The revocation-reason input, when given. */
  reason?: string
  comments: string
  actor?: string
  eventName?: string
  version: string
}

export interface SummaryContext extends AdviceContext {
  dryRun: boolean
  audit?: AuditRecord
  alert?: AlertOutcome
  keyScan?: KeyScanReport
  beyond?: BeyondReport
  /** What the `elsewhere` output left out to fit, said in the section "Outside this account". */
  elsewhereOutput?: Pick<ElsewhereOutput, 'omitted' | 'next'>
  /** Removes every registered secret; applied to each piece of text before it is escaped. */
  redact: (text: string) => string
}

const TITLE = '## DigiCert certificate revocation'

/** What the table and the advice may take, in UTF-8 bytes: the rest of the page is small, and GitHub drops a summary over 1 MiB. */
export const SUMMARY_BUDGET = 900 * 1024
/**
 * What the key scan's section may take, in UTF-8 bytes: with the table's budget and the section "Outside this
 * account" (elsewhere.ts), the page stays under 1 MiB. Its lines at their longest (five unchecked certificates whose
 * codes and messages are all 4-byte characters, each escaped to 10 bytes; 100 carriers, 100 expired) take less.
 */
export const KEY_SCAN_BUDGET = 40 * 1024

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
    ...(context.audit ? [auditLine(context.audit, results, context, safe), ''] : []),
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
  const noted = results.filter((result) => result.note || result.reasonDropped)
  if (noted.length > 0) {
    lines.push('### Notes', '')
    const notes = noted.map(
      (result) => () => `- **${safe(`${result.target.type} ${identifierOf(result.target, false)}`)}:** ${safe(noteOf(result))}`
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
  if (context.beyond) lines.push(...elsewhereSection(context.beyond, safe, context.elsewhereOutput), '')
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
    const size = utf8Bytes(line) + 1
    if (size > budget.left) return [...shown, more(lines.length - index)]
    budget.left -= size
    shown.push(line)
  }
  return shown
}

/**
 * What is true of the batch, never more: a pending request is not a revocation ("Nothing revoked yet: 2 requests
 * (1, 2) await approval in CertCentral."), and a target found already revoked was not "accepted".
 */
export function headline(results: RevocationResult[], failures: number, dryRun: boolean): string {
  const n = results.length
  const targets = plural(n, 'target')
  if (n === 0) return 'Nothing to revoke.'
  if (dryRun) return `Would revoke ${targets}. Nothing was sent.`
  const done = results.filter((r) => !isFailure(r))
  const count = (wanted: (r: RevocationResult) => boolean): number => done.filter(wanted).length
  const revoked = count((r) => r.status === 'revoked')
  const unconfirmed = count(awaitsConfirmation)
  const accepted = count((r) => (r.status === 'submitted' || r.status === 'approved') && !awaitsConfirmation(r))
  const expired = count((r) => r.status === 'expired')
  const pending = done.filter((r) => r.status === 'pending')
  const ids = pending.flatMap((r) => (r.requestId === null ? [] : [r.requestId]))
  const waiting =
    pending.length === 0
      ? ''
      : `${plural(pending.length, 'request')}${ids.length > 0 ? ` (${cut(ids.join(', '))})` : ''} await${pending.length === 1 ? 's' : ''} approval in CertCentral`
  if (failures === 0 && accepted === n)
    return n === 1 ? 'The target was accepted by CertCentral.' : `All ${targets} accepted by CertCentral.`
  if (failures === 0 && n === 1 && waiting === '') {
    if (revoked === 1) return 'The target was revoked.'
    if (expired === 1) return 'The target had expired before this run: nothing was sent.'
    return 'The target was approved on a request filed by someone else, but is not yet revoked according to its CA.'
  }
  const parts = [
    revoked > 0 ? `${revoked} revoked` : '',
    accepted > 0 ? `${accepted} accepted by CertCentral` : '',
    unconfirmed > 0 ? `${unconfirmed} approved on a request filed by someone else, not yet revoked according to its CA` : '',
    expired > 0 ? `${expired} expired before this run (nothing sent)` : ''
  ].filter((part) => part !== '')
  const sentence = parts.length === 0 ? `nothing revoked yet: ${waiting}` : `${parts.join(', ')}${waiting ? `; ${waiting}` : ''}`
  if (failures === 0) return parts.length === 0 ? `Nothing revoked yet: ${waiting}.` : `Of ${targets}: ${sentence}.`
  const others = n - failures
  const rest = others === 0 ? '' : ` ${others === 1 ? 'The other' : 'Of the others'}: ${sentence}.`
  return `**${failures} of ${targets} failed.**${rest}`
}

function cut(list: string): string {
  return list.length > 200 ? `${list.slice(0, 200)}…` : list
}

/** The note of a target, with what the log says of a reason CertCentral did not accept. */
function noteOf(result: RevocationResult): string {
  const dropped = result.reasonDropped
    ? 'CertCentral did not accept revocation_reason for this certificate, so the request was sent again without it: no reason was recorded'
    : ''
  return [result.note ?? '', dropped].filter((part) => part !== '').join('; ')
}

/** The audit line: the reason sent, whether approval was skipped, the comment, who started the run and how, the version. */
function auditLine(audit: AuditRecord, results: RevocationResult[], context: SummaryContext, safe: (text: string) => string): string {
  const byKey = results.some((r) => r.target.source === 'private-key')
  const reason = audit.reason
    ? audit.reason
    : byKey
      ? "keyCompromise for the certificates that carry the leaked key; none for the others (CertCentral's default)"
      : "none (CertCentral's default)"
  const dropped = results.filter((r) => r.reasonDropped).length
  return [
    `**Reason sent:** ${safe(reason)}${dropped > 0 ? ` (not accepted for ${plural(dropped, 'certificate')}: sent again without it)` : ''}`,
    `**Approval skipped:** ${context.skipApproval ? 'yes' : 'no'}`,
    // The comment is an input and the actor and event come from the runner: each cut, whatever its length.
    `**Comment:** ${safe(clean(audit.comments, LIMITS.message))}`,
    `**Started by:** ${safe(clean(audit.actor ?? 'unknown', LIMITS.code))} (event: ${safe(clean(audit.eventName ?? 'unknown', LIMITS.code))})`,
    `**Action version:** ${safe(audit.version)}`
  ].join(' &nbsp; ')
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

/**
 * The key scan's lines within KEY_SCAN_BUDGET: its problems quote the API's messages, so the section is held to a
 * size of its own, whatever the account and the answers (everything it says is in the log too).
 */
function keyScanSection(scan: KeyScanReport, safe: (text: string) => string): string[] {
  const lines: string[] = []
  if (scan.key) {
    lines.push(`- **Key:** ${safe(scan.key.description)} from ${safe(scan.from)}, public key SHA-256 ${safe(scan.key.fingerprint)}`)
    lines.push(
      `- **Scanned:** ${scan.checked} certificates of the account's orders, duplicates and reissues (archived ones too) included (${scan.downloaded} downloaded, ${scan.checked - scan.downloaded} from the index; ${scan.requests} CertCentral requests)`
    )
    lines.push(`- **Carried by:** ${scan.matches.length === 0 ? 'no certificate found' : `certificates ${safe(listed(scan.matches))}`}`)
    if (scan.expired.length > 0) lines.push(`- **Expired, so not revoked:** ${safe(listed(scan.expired))}`)
  }
  for (const problem of keyScanProblems(scan)) lines.push(`- **Problem:** ${safe(problem)}`)
  const more = (count: number): string => `- … and ${plural(count, 'more line')} of the key scan, left out to fit the page: see the log.`
  const shown = withinBudget(
    lines.map((line) => () => line),
    { left: KEY_SCAN_BUDGET },
    more
  )
  return ['### Leaked private key', '', ...shown]
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
