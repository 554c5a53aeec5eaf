/**
 * The key's certificates outside this account, in the `elsewhere` output and the summary's section "Outside this
 * account": issuer, serial, validity, CT ID, where it belongs, its status, and whom to ask for each one the run
 * could not revoke. Says so when CT was not searched, or the search failed.
 */
import { elsewhereJson, nextStep, type BeyondReport, type ElsewhereCertificate } from '../beyond/report.js'
import { ALREADY_REVOKED, type RevocationResult } from '../revocation/revoke.js'
import { OUTPUT_LIMIT } from './outputs.js'
import { clean, LIMITS, utf8Bytes } from '../untrusted.js'
import { plural } from './words.js'

/** A `next` cut to this many characters when the whole array is over an output's size. */
const NEXT_SHORT = 120

/** The `elsewhere` output, and what had to go for it to fit (the summary says so). */
export interface ElsewhereOutput {
  text: string
  /** Certificates left out of the array, the last ones. */
  omitted: number
  /** `next` was cut short (`shortened`) or left out (`dropped`) in every object. */
  next: 'whole' | 'shortened' | 'dropped'
}

/**
 * The `elsewhere` output: a JSON array, every string redacted, made one line and cut before it is encoded. While
 * the array is over an output's size in UTF-8 bytes, each `next` is cut short, then left out (null); only then are
 * the last certificates left out, as few as fit.
 */
export function elsewhereOutputOf(report: BeyondReport | undefined, redact: (text: string) => string): ElsewhereOutput {
  const items = elsewhereJson(report).map((item) =>
    Object.fromEntries(
      Object.entries(item).map(([name, value]) => [name, typeof value === 'string' ? clean(redact(value), LIMITS.message) : value])
    )
  )
  const fits = (text: string): boolean => utf8Bytes(text) < OUTPUT_LIMIT
  const whole = JSON.stringify(items)
  if (fits(whole)) return { text: whole, omitted: 0, next: 'whole' }
  const short = items.map((item) => ({ ...item, next: typeof item.next === 'string' ? clean(item.next, NEXT_SHORT) : item.next }))
  const shortened = JSON.stringify(short)
  if (fits(shortened)) return { text: shortened, omitted: 0, next: 'shortened' }
  const bare = items.map((item) => ({ ...item, next: null }))
  // The longest prefix that fits: "[", the objects joined by ",", "]".
  let size = 2
  let kept = 0
  for (const item of bare) {
    const more = utf8Bytes(JSON.stringify(item)) + (kept > 0 ? 1 : 0)
    if (size + more >= OUTPUT_LIMIT) break
    size += more
    kept++
  }
  return { text: JSON.stringify(bare.slice(0, kept)), omitted: bare.length - kept, next: 'dropped' }
}

/** The `elsewhere` output's text (see elsewhereOutputOf). */
export function elsewhereOutput(report: BeyondReport | undefined, redact: (text: string) => string): string {
  return elsewhereOutputOf(report, redact).text
}

/** Live certificates of the account: the run revoked them or asked for it (not expired, not revoked before it). */
export function accountLiveCount(results: RevocationResult[]): number {
  return results.filter((r) => r.status !== 'expired' && !(r.status === 'revoked' && r.note?.startsWith(ALREADY_REVOKED))).length
}

const SHOWN = 200
/** The section's rows and list in UTF-8 bytes: with the results' table (summary.ts) the page stays under 1 MiB. */
export const SECTION_BUDGET = 64 * 1024
/** Serials the key scan missed, named in the summary (all of them are in the run's failure message and the log). */
const MISSED_SHOWN = 20

/** The first lines that fit in the budget's UTF-8 bytes (each with its newline); the budget keeps what is left. */
function fitting(lines: string[], budget: { left: number }): string[] {
  const shown: string[] = []
  for (const line of lines) {
    const size = utf8Bytes(line) + 1
    if (size > budget.left) break
    budget.left -= size
    shown.push(line)
  }
  return shown
}

/** Why (what the CA or ACME server said, a refused host), then what to do next. */
function nextCell(c: ElsewhereCertificate): string {
  const next = nextStep(c)
  if (c.detail && next) return `${c.detail}; ${next}`
  return next ?? c.detail ?? ''
}

/**
 * The summary section; `safe` redacts and escapes one piece of text. `output`: what the `elsewhere` output had to
 * leave out to fit, said here so that nobody takes the output for the whole list.
 */
export function elsewhereSection(
  report: BeyondReport,
  safe: (text: string) => string,
  output: Pick<ElsewhereOutput, 'omitted' | 'next'> = { omitted: 0, next: 'whole' }
): string[] {
  const lines = ['### Outside this account', '']
  if (!report.searched) {
    lines.push(
      report.mode === 'off'
        ? 'Certificate Transparency was not searched (`ct-search: off`): certificates of the key in other accounts or at other CAs are not known to this run.'
        : 'Certificate Transparency was not searched.'
    )
    return lines
  }
  if (report.failure) {
    lines.push(
      `**Certificate Transparency could not be searched:** ${safe(report.failure)}. Certificates of the key outside this account are not known to this run.`
    )
    if (report.mode === 'require') lines.push('', 'With `ct-search: require`, this fails the run and keeps the alert open.')
    return lines
  }
  lines.push(
    `Certificate Transparency listed ${plural(report.listed, 'entry', 'entries')} for the key; ${plural(report.inAccount, 'certificate')} of them ${report.inAccount === 1 ? 'is' : 'are'} in this account, ${plural(report.certificates.length, 'certificate')} outside it. ${report.requests} CT requests in ${report.seconds.toFixed(1)} s.`
  )
  if (report.dropped > 0)
    lines.push(
      '',
      `${plural(report.dropped, 'listed entry', 'listed entries')} carried another key when downloaded: dropped (the listing was wrong).`
    )
  if (report.missedByScan.length > 0)
    lines.push(
      '',
      `This account holds serials the key scan did not find: ${safe(report.missedByScan.slice(0, MISSED_SHOWN).join(', '))}${report.missedByScan.length > MISSED_SHOWN ? ` and ${report.missedByScan.length - MISSED_SHOWN} more` : ''}.`
    )
  if (report.certificates.length === 0) return lines
  if (output.omitted > 0)
    lines.push(
      '',
      `**The \`elsewhere\` output left out the last ${plural(output.omitted, 'certificate')} of ${report.certificates.length}** (and every \`next\`) to stay under GitHub's output size: the table below shows as many as fit.`
    )
  else if (output.next !== 'whole')
    lines.push(
      '',
      `The \`elsewhere\` output ${output.next === 'shortened' ? 'cuts each `next` short' : 'leaves out each `next`'} to stay under GitHub's output size: the Next column below has it.`
    )
  // Rows the output left out are in neither: only point to it when it has every certificate.
  const seeOutput = output.omitted > 0 ? '.' : ': see the elsewhere output.'
  const budget = { left: SECTION_BUDGET }
  const rows = fitting(
    report.certificates
      .slice(0, SHOWN)
      .map(
        (c) =>
          `<tr>${[c.issuer, c.serial, c.notAfter, c.ctId, c.where, c.status, nextCell(c)].map((cell) => `<td>${safe(cell)}</td>`).join('')}</tr>`
      ),
    budget
  )
  const unshown = report.certificates.length - rows.length
  lines.push(
    '',
    '<table>',
    '<tr><th>Issuer</th><th>Serial</th><th>Not after</th><th>crt.sh ID</th><th>Where</th><th>Status</th><th>Next</th></tr>',
    ...rows,
    ...(unshown > 0 ? [`<tr><td colspan="7">… and ${unshown} more${seeOutput}</td></tr>`] : []),
    '</table>'
  )
  const toReport = report.certificates.filter((c) => c.status === 'to-report' || c.status === 'unconfirmed')
  const asks = fitting(
    toReport
      .slice(0, SHOWN)
      .map((c) => `- serial ${safe(c.serial)} (${safe(c.issuer)}): ${safe(nextStep(c) ?? 'ask its CA to revoke it: key compromise')}`),
    budget
  )
  if (toReport.length > 0) {
    lines.push('', '**Whom to ask:**', '', ...asks)
    if (asks.length < toReport.length) lines.push(`- … and ${toReport.length - asks.length} more${seeOutput}`)
  }
  return lines
}
