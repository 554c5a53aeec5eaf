/**
 * What a search beyond the account found and did, and the rules of the SPEC's "Pass or fail" and "The alert"
 * that depend on it. Pure: no I/O, nothing loaded.
 */
import type { CtSearchMode } from '../inputs/beyond-account.js'

export type Where = 'digicert-other-account' | 'acme' | 'other-ca'
export type ElsewhereStatus = 'revoked' | 'submitted' | 'failed' | 'expired' | 'unconfirmed' | 'to-report' | 'dry-run'

/** One certificate of the key found in CT outside this account. */
export interface ElsewhereCertificate {
  /** From the certificate (from CT's listing when `unconfirmed`). */
  issuer: string
  serial: string
  notAfter: string
  ctId: string
  where: Where
  status: ElsewhereStatus
  /** What a person does next, or null when nothing is left to do. */
  next: string | null
  /** Not expired and not revoked as far as is known. */
  live: boolean
  /** What the CA or the ACME server said, for the summary. */
  detail?: string
  error?: { type: string | null; detail: string }
  /** A DigiCert certificate whose lookup in the account failed: why. It may be this account's, so it holds the alert open. */
  lookupFailed?: string
  /** With wait-for: revocation, what the CA still says when the wait ended. Counts as a failure. */
  stillWaiting?: string
  leafPem?: string
  issuerPem?: string
  /** Why its CA cannot be asked (no issuer from its CA Issuers URLs): kept apart, since `detail` becomes the ACME answer. */
  caUnreachable?: string
  /** While the run goes: its ACME revocation was sent, and no answer has come yet (what an interrupted run knows). */
  acmeUnanswered?: true
}

export interface BeyondReport {
  mode: CtSearchMode
  /** False when CT was not searched (`ct-search: off`, or no key). */
  searched: boolean
  /** Why the search failed. */
  failure?: string
  listed: number
  dropped: number
  /** Certificates confirmed in CT that are this account's. */
  inAccount: number
  /** Of those, the serials the key scan did not find (looked up by serial). */
  missedByScan: string[]
  certificates: ElsewhereCertificate[]
  /** CT requests, and the seconds the search and the downloads took. */
  requests: number
  seconds: number
  acmeRequests?: number
  /** While the run goes: the search, or the placing of what it found, has not ended (what an interrupted run knows). */
  underway?: true
}

/** A report for a run that did not search CT. */
export function notSearched(mode: CtSearchMode): BeyondReport {
  return { mode, searched: false, listed: 0, dropped: 0, inAccount: 0, missedByScan: [], certificates: [], requests: 0, seconds: 0 }
}

/** The report while CT is searched and what it lists is placed: nothing found yet, and the search not over. */
export function searchUnderway(mode: CtSearchMode): BeyondReport {
  return { ...notSearched(mode), searched: true, underway: true }
}

/**
 * What an interrupted run reports of the work beyond the account (`signal`: SIGINT or SIGTERM): a search that had
 * not ended is incomplete, never "nothing found"; an ACME revocation sent without an answer yet is `failed`, since
 * it may or may not have been filed (never `revoked`); one not yet sent is `failed` too, not sent.
 */
export function interruptedBeyond(report: BeyondReport, signal: string): BeyondReport {
  const { underway, ...rest } = report
  const interrupted = underway
    ? { ...rest, failure: `the run was interrupted (${signal}) before the search ended, so it is incomplete` }
    : rest
  return { ...interrupted, certificates: report.certificates.map((c) => unfinishedAcme(c, signal)) }
}

/** An ACME certificate as an interruption left it: sent and unanswered, or not sent yet (`to-report` is no ACME status). */
function unfinishedAcme(certificate: ElsewhereCertificate, signal: string): ElsewhereCertificate {
  const { acmeUnanswered, ...c } = certificate
  if (acmeUnanswered) {
    const detail = `no answer from the ACME server before the run was interrupted (${signal}); the revocation may have been filed all the same`
    const next = 'run again: an ACME server that revoked it answers alreadyRevoked'
    return { ...c, status: 'failed', detail, error: { type: null, detail }, next }
  }
  if (c.where === 'acme' && c.status === 'to-report') {
    const detail = `not sent: the run was interrupted (${signal}) before its ACME revocation`
    return { ...c, status: 'failed', detail, error: { type: null, detail }, next: 'run again to revoke it through ACME' }
  }
  return c
}

/**
 * Live certificates outside the account that nobody has revoked yet (the alert's comment counts them). Revoked and
 * expired ones are not live; a submitted one is, until its CA says revoked, but its revocation is filed.
 */
export function remainingOutside(report: BeyondReport | undefined): ElsewhereCertificate[] {
  return report?.certificates.filter((c) => c.live && c.status !== 'submitted') ?? []
}

/** The certificates this run acted on through ACME that failed or are still waited for (rule 3). */
export function acmeFailures(report: BeyondReport | undefined): ElsewhereCertificate[] {
  return report?.certificates.filter((c) => c.where === 'acme' && (c.status === 'failed' || c.stillWaiting !== undefined)) ?? []
}

/** Live DigiCert certificates of the key that may be this account's: the lookup by serial failed (like a missed one, rule 1). */
function unknownToAccount(report: BeyondReport): ElsewhereCertificate[] {
  return report.certificates.filter((c) => c.live && c.lookupFailed !== undefined)
}

/**
 * The problems beyond the account that fail the run, in the SPEC's order (rules 1, 3, 4, 5); rule 2 (no
 * certificate anywhere) is the key scan's own problem, which main.ts keeps only when CT found nothing either.
 * `accountLive`: live certificates of the account this run revoked or found revoked; a dry run is judged only by rule 1.
 */
export function beyondProblems(report: BeyondReport | undefined, accountLive: number, dryRun: boolean, noMatch = false): string[] {
  if (!report) return []
  const problems: string[] = []
  // Rule 2 is the key scan's problem; when CT could not be searched either, it says so.
  if (noMatch && report.failure && report.mode !== 'require')
    problems.push(
      `Certificate Transparency could not be searched either, so certificates of the key elsewhere are unknown: ${report.failure}.`
    )
  // CT found certificates of the key that this account holds and the scan missed: they were not revoked (rule 1).
  if (report.missedByScan.length > 0)
    problems.push(
      `Certificate Transparency lists certificates of the key that this account holds but the key scan did not find (serials ${report.missedByScan.join(', ')}), so they were not revoked: run again, or revoke them by serial-number.`
    )
  const unknown = unknownToAccount(report)
  if (unknown.length > 0)
    problems.push(
      `CertCentral could not tell whether this account holds ${unknown.map((c) => `serial ${c.serial} (${c.lookupFailed})`).join('; ')}, which Certificate Transparency lists with the key: run again, or look ${unknown.length === 1 ? 'it' : 'them'} up in CertCentral and revoke by serial-number.`
    )
  if (report.mode === 'require' && report.failure)
    problems.push(`ct-search is require, and Certificate Transparency could not be searched: ${report.failure}.`)
  if (dryRun) return problems
  for (const c of acmeFailures(report))
    problems.push(
      `ACME revocation of serial ${c.serial} (${c.issuer}) ${c.stillWaiting ? `still waits: ${c.stillWaiting}` : `failed: ${c.error?.detail ?? c.detail ?? 'no answer'}`}.`
    )
  const remaining = remainingOutside(report)
  const actedOnAcme = report.certificates.some((c) => c.where === 'acme' && c.status !== 'to-report' && c.status !== 'unconfirmed')
  if (accountLive === 0 && !actedOnAcme && remaining.length > 0) {
    problems.push(
      `No live certificate of the key is in this account, but ${remaining.length === 1 ? 'one is' : `${remaining.length} are`} elsewhere, which this run could not revoke: ${remaining
        .slice(0, 5)
        .map((c) => `serial ${c.serial} of ${c.issuer} (${c.next ?? c.status})`)
        .join('; ')}${remaining.length > 5 ? `; and ${remaining.length - 5} more (see elsewhere)` : ''}.`
    )
  } else if (report.mode === 'require' && remaining.length > 0) {
    problems.push(
      `ct-search is require, and ${remaining.length} live certificate${remaining.length === 1 ? '' : 's'} of the key outside this account ${remaining.length === 1 ? 'is' : 'are'} not revoked (see "Outside this account").`
    )
  }
  return problems
}

/** With `require`, the alert waits for the search and for every live certificate outside; with `report`, for neither. */
export function holdsAlertOpen(report: BeyondReport | undefined): boolean {
  if (report && (report.missedByScan.length > 0 || unknownToAccount(report).length > 0)) return true
  if (!report || report.mode !== 'require') return acmeFailures(report).length > 0
  return !!report.failure || remainingOutside(report).length > 0 || acmeFailures(report).length > 0
}

/** What a person does next: for an ACME revocation still waited for, what its CA still says comes first. */
export function nextStep(c: ElsewhereCertificate): string | null {
  if (c.stillWaiting === undefined) return c.next
  const waiting = `revocation submitted, but when the wait ended its CA still said: ${c.stillWaiting}; run again later to check it is revoked`
  return c.next ? `${waiting}; ${c.next}` : waiting
}

/** The `elsewhere` output's objects. */
export function elsewhereJson(report: BeyondReport | undefined): { [name: string]: string | null }[] {
  return (report?.certificates ?? []).map((c) => ({
    issuer: c.issuer,
    serial: c.serial,
    not_after: c.notAfter,
    ct_id: c.ctId,
    where: c.where,
    status: c.status,
    next: nextStep(c)
  }))
}

/**
 * What the alert rule needs of the report. A run that fails for what lies beyond the account (any of
 * `beyondProblems`, rule 4 included) never resolves the alert, whatever `ct-search` is.
 */
export function beyondFacts(
  report: BeyondReport | undefined,
  run: { accountLive: number; dryRun: boolean; noMatch: boolean }
): { blocks: boolean; remaining: number } {
  const fails = beyondProblems(report, run.accountLive, run.dryRun, run.noMatch).length > 0
  return { blocks: fails || holdsAlertOpen(report), remaining: remainingOutside(report).length }
}
