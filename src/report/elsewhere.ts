/**
 * The key's certificates outside this account, in the `elsewhere` output and the summary's section "Outside this
 * account": issuer, serial, validity, CT ID, where it belongs, its status, and whom to ask for each one the run
 * could not revoke. Says so when CT was not searched, or the search failed.
 */
import { elsewhereJson, type BeyondReport, type ElsewhereCertificate } from '../beyond/report.js'
import type { RevocationResult } from '../revocation/revoke.js'
import { OUTPUT_LIMIT } from './outputs.js'
import { clean, LIMITS, utf8Bytes } from '../untrusted.js'
import { plural } from './words.js'

/**
 * The `elsewhere` output: a JSON array, every string redacted, made one line and cut before it is encoded; then,
 * while the array is over an output's size in UTF-8 bytes, only its first half is kept.
 */
export function elsewhereOutput(report: BeyondReport | undefined, redact: (text: string) => string): string {
  const items = elsewhereJson(report).map((item) =>
    Object.fromEntries(
      Object.entries(item).map(([name, value]) => [name, typeof value === 'string' ? clean(redact(value), LIMITS.message) : value])
    )
  )
  let shown = items
  let text = JSON.stringify(shown)
  while (utf8Bytes(text) >= OUTPUT_LIMIT && shown.length > 0) {
    shown = shown.slice(0, Math.floor(shown.length / 2))
    text = JSON.stringify(shown)
  }
  return text
}

/** Live certificates of the account: the run revoked them or asked for it (not expired, not revoked before it). */
export function accountLiveCount(results: RevocationResult[]): number {
  return results.filter((r) => r.status !== 'expired' && !(r.status === 'revoked' && r.note?.startsWith('already revoked'))).length
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
  if (c.detail && c.next) return `${c.detail}; ${c.next}`
  return c.next ?? c.detail ?? ''
}

/** The summary section; `safe` redacts and escapes one piece of text. */
export function elsewhereSection(report: BeyondReport, safe: (text: string) => string): string[] {
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
    ...(unshown > 0 ? [`<tr><td colspan="7">… and ${unshown} more: see the elsewhere output.</td></tr>`] : []),
    '</table>'
  )
  const toReport = report.certificates.filter((c) => c.status === 'to-report' || c.status === 'unconfirmed').slice(0, SHOWN)
  const asks = fitting(
    toReport.map((c) => `- serial ${safe(c.serial)} (${safe(c.issuer)}): ${safe(c.next ?? 'ask its CA to revoke it: key compromise')}`),
    budget
  )
  if (toReport.length > 0) {
    lines.push('', '**Whom to ask:**', '', ...asks)
    if (asks.length < toReport.length) lines.push(`- … and ${toReport.length - asks.length} more: see the elsewhere output.`)
  }
  return lines
}
