import { describe, expect, it } from '@jest/globals'
import { acmeDirectoryFor, isDigiCertIssuer, whomToAsk } from '../../src/beyond/elsewhere.js'
import {
  beyondFacts,
  beyondProblems,
  elsewhereJson,
  holdsAlertOpen,
  interruptedBeyond,
  nextStep,
  notSearched,
  remainingOutside,
  searchUnderway,
  type ElsewhereCertificate
} from '../../src/beyond/report.js'
import { elsewhereOutput, elsewhereOutputOf, elsewhereSection, SECTION_BUDGET } from '../../src/report/elsewhere.js'
import { OUTPUT_LIMIT } from '../../src/report/outputs.js'
import { LIMITS } from '../../src/untrusted.js'
import { escapeText } from '../../src/report/summary.js'
import { searched } from '../support/beyond.js'

const certificate = (fields: Partial<ElsewhereCertificate> = {}): ElsewhereCertificate => ({
  issuer: 'CN=Other CA, O=Other Ltd',
  serial: 'AB',
  notAfter: '2027-01-01T00:00:00.000Z',
  ctId: '42',
  where: 'other-ca',
  status: 'to-report',
  next: 'ask Other Ltd to revoke it: key compromise (crt.sh ID 42)',
  live: true,
  ...fields
})
const report = searched

describe('placement', () => {
  it('knows DigiCert by its organisation or a brand in the issuer name', () => {
    expect(isDigiCertIssuer({ issuer: 'CN=X', issuerOrganisation: 'DigiCert Inc' })).toBe(true)
    expect(isDigiCertIssuer({ issuer: 'CN=X', issuerOrganisation: 'DigiCert, Inc.' })).toBe(true)
    for (const brand of ['GeoTrust TLS RSA CA G1', 'Thawte TLS', 'RapidSSL TLS RSA CA G1', 'Encryption Everywhere DV TLS CA'])
      expect(isDigiCertIssuer({ issuer: `CN=${brand}, O=Some Org` })).toBe(true)
    expect(isDigiCertIssuer({ issuer: "CN=R10, O=Let's Encrypt", issuerOrganisation: "Let's Encrypt" })).toBe(false)
  })
  it('finds the ACME directory by the issuer common name or organisation, case ignored', () => {
    const directories = [
      { issuer: "Let's Encrypt", url: 'https://le.example/d' },
      { issuer: 'r1', url: 'https://r1.example/d' }
    ]
    expect(acmeDirectoryFor({ issuerOrganisation: "let's encrypt", issuerCommonName: 'R10' }, directories)?.url).toBe(
      'https://le.example/d'
    )
    expect(acmeDirectoryFor({ issuerCommonName: 'R1', issuerOrganisation: 'Other' }, directories)?.url).toBe('https://r1.example/d')
    expect(acmeDirectoryFor({ issuerCommonName: 'R11' }, directories)).toBeUndefined()
    expect(acmeDirectoryFor({}, directories)).toBeUndefined()
  })
  it('says whom to ask', () => {
    expect(whomToAsk(certificate({ where: 'digicert-other-account' }), {})).toBe(
      "report it to DigiCert (certificate problem report), or run with that account's key"
    )
    expect(whomToAsk(certificate(), { issuerOrganisation: 'Other Ltd', issuerCommonName: 'Other CA' })).toBe(
      'ask Other Ltd to revoke it: key compromise (crt.sh ID 42)'
    )
    expect(whomToAsk(certificate(), { issuerCommonName: 'Other CA' }, { issuer: 'Other CA', url: 'https://a.example/d' })).toBe(
      "acme-revoke: true would revoke it through Other CA's ACME server; or ask Other CA to revoke it: key compromise"
    )
  })
})

describe('an interrupted run beyond the account', () => {
  it('says a search that had not ended is incomplete, never that it found nothing', () => {
    const underway = searchUnderway('require')
    expect(underway).toEqual({ ...notSearched('require'), searched: true, underway: true })
    const reported = interruptedBeyond(underway, 'SIGTERM')
    expect(reported).toEqual({
      ...notSearched('require'),
      searched: true,
      failure: 'the run was interrupted (SIGTERM) before the search ended, so it is incomplete'
    })
    expect(beyondProblems(reported, 1, false)).toEqual([
      'ct-search is require, and Certificate Transparency could not be searched: the run was interrupted (SIGTERM) before the search ended, so it is incomplete.'
    ])
  })

  it('reports an ACME revocation sent without an answer as failed, maybe filed, and one not yet sent as failed, not sent', () => {
    const sent = certificate({ where: 'acme', serial: '01', next: null, detail: 'OCSP good', acmeUnanswered: true })
    const queued = certificate({ where: 'acme', serial: '02', next: null, detail: 'OCSP good' })
    const revoked = certificate({ where: 'acme', serial: '03', status: 'revoked', live: false, next: null, detail: 'revoked' })
    const submitted = certificate({ where: 'acme', serial: '04', status: 'submitted', next: null, detail: 'accepted' })
    const other = certificate({ serial: '05' })
    const placed = report([sent, queued, revoked, submitted, other])
    const reported = interruptedBeyond(placed, 'SIGINT')
    const unanswered =
      'no answer from the ACME server before the run was interrupted (SIGINT); the revocation may have been filed all the same'
    const notSent = 'not sent: the run was interrupted (SIGINT) before its ACME revocation'
    expect(reported).toEqual({
      ...placed,
      certificates: [
        {
          ...certificate({ where: 'acme', serial: '01' }),
          status: 'failed',
          detail: unanswered,
          error: { type: null, detail: unanswered },
          next: 'run again: an ACME server that revoked it answers alreadyRevoked'
        },
        {
          ...queued,
          status: 'failed',
          detail: notSent,
          error: { type: null, detail: notSent },
          next: 'run again to revoke it through ACME'
        },
        revoked,
        submitted,
        other
      ]
    })
    expect(reported.certificates[0]).not.toHaveProperty('acmeUnanswered')
    expect(reported).not.toHaveProperty('failure')
    // The report the run kept is left as it was.
    expect(placed.certificates[0]).toMatchObject({ status: 'to-report', acmeUnanswered: true })
    expect(beyondProblems(reported, 0, false)).toEqual([
      `ACME revocation of serial 01 (CN=Other CA, O=Other Ltd) failed: ${unanswered}.`,
      `ACME revocation of serial 02 (CN=Other CA, O=Other Ltd) failed: ${notSent}.`
    ])
  })
})

describe('pass or fail beyond the account', () => {
  it('fails with require when the search failed, in a dry run too; not with report', () => {
    const failed = report([], { mode: 'require', failure: 'HTTP 503' })
    expect(beyondProblems(failed, 1, false)).toEqual([
      'ct-search is require, and Certificate Transparency could not be searched: HTTP 503.'
    ])
    expect(beyondProblems(failed, 1, true)).toHaveLength(1)
    expect(beyondProblems({ ...failed, mode: 'report' }, 1, false)).toEqual([])
    expect(beyondProblems(undefined, 0, false)).toEqual([])
  })
  it('fails, dry run or not, and holds the alert open, when CT shows certificates of this account the scan missed', () => {
    const missed = report([], { missedByScan: ['0A', '0B'], inAccount: 2 })
    const problem =
      'Certificate Transparency lists certificates of the key that this account holds but the key scan did not find (serials 0A, 0B), so they were not revoked: run again, or revoke them by serial-number.'
    expect(beyondProblems(missed, 1, false)).toEqual([problem])
    expect(beyondProblems(missed, 1, true)).toEqual([problem])
    expect(holdsAlertOpen(missed)).toBe(true)
    expect(holdsAlertOpen(report([], { inAccount: 2 }))).toBe(false)
  })

  it('says, when no certificate carries the key, that CT could not be searched either', () => {
    const failed = report([], { failure: 'HTTP 503' })
    expect(beyondProblems(failed, 0, false, true)).toEqual([
      'Certificate Transparency could not be searched either, so certificates of the key elsewhere are unknown: HTTP 503.'
    ])
    expect(beyondProblems(failed, 0, false, false)).toEqual([])
    expect(beyondProblems(report([]), 0, false, true)).toEqual([])
    expect(beyondProblems({ ...failed, mode: 'require' }, 0, false, true)).toHaveLength(1)
  })

  it('fails when an ACME revocation failed or is still waited for (rule 3)', () => {
    const failed = certificate({ where: 'acme', status: 'failed', error: { type: 't', detail: 'refused' } })
    expect(beyondProblems(report([failed]), 1, false)).toEqual(['ACME revocation of serial AB (CN=Other CA, O=Other Ltd) failed: refused.'])
    const waiting = certificate({ where: 'acme', status: 'submitted', stillWaiting: 'not yet revoked according to the CRL' })
    expect(beyondProblems(report([waiting]), 1, false)).toEqual([
      'ACME revocation of serial AB (CN=Other CA, O=Other Ltd) still waits: not yet revoked according to the CRL.'
    ])
  })
  it('fails when nothing live was in the account or acted on through ACME, and live ones remain outside (rule 4)', () => {
    const outside = report([certificate(), certificate({ serial: 'CD', status: 'unconfirmed', next: 'check it' })])
    expect(beyondProblems(outside, 0, false)).toEqual([
      'No live certificate of the key is in this account, but 2 are elsewhere, which this run could not revoke: serial AB of CN=Other CA, O=Other Ltd (ask Other Ltd to revoke it: key compromise (crt.sh ID 42)); serial CD of CN=Other CA, O=Other Ltd (check it).'
    ])
    expect(beyondProblems(outside, 1, false)).toEqual([])
    expect(beyondProblems(outside, 0, true)).toEqual([])
    const actedOn = report([certificate(), certificate({ where: 'acme', status: 'submitted' })])
    expect(beyondProblems(actedOn, 0, false)).toEqual([])
    expect(beyondProblems(report([certificate({ status: 'expired', live: false })]), 0, false)).toEqual([])
  })
  it('says what an ACME revocation that failed answered, or that it gave no answer', () => {
    const detailOnly = certificate({ where: 'acme', status: 'failed', serial: '01', detail: 'connection refused' })
    const nothing = certificate({ where: 'acme', status: 'failed', serial: '02' })
    expect(beyondProblems(report([detailOnly, nothing]), 1, false)).toEqual([
      'ACME revocation of serial 01 (CN=Other CA, O=Other Ltd) failed: connection refused.',
      'ACME revocation of serial 02 (CN=Other CA, O=Other Ltd) failed: no answer.'
    ])
  })
  it('counts only ACME revocations as rule 3 failures', () => {
    const failedElsewhere = report([certificate({ status: 'failed', error: { type: null, detail: 'x' } })])
    expect(beyondProblems(failedElsewhere, 1, false)).toEqual([])
    expect(holdsAlertOpen(failedElsewhere)).toBe(false)
    expect(remainingOutside(undefined)).toEqual([])
  })
  it('for rule 4, counts as acted on through ACME only a revocation this run sent', () => {
    const problem = (c: ElsewhereCertificate) =>
      `No live certificate of the key is in this account, but 2 are elsewhere, which this run could not revoke: serial AB of CN=Other CA, O=Other Ltd (ask Other Ltd to revoke it: key compromise (crt.sh ID 42)); serial ${c.serial} of CN=Other CA, O=Other Ltd (${c.next}).`
    const queued = certificate({ where: 'acme', serial: 'A1', next: 'revoke it through ACME' })
    const unconfirmed = certificate({ where: 'acme', serial: 'A2', status: 'unconfirmed', next: 'check it' })
    for (const acme of [queued, unconfirmed]) expect(beyondProblems(report([certificate(), acme]), 0, false)).toEqual([problem(acme)])
    // A certificate elsewhere that needs nothing (expired) is no action through ACME.
    const expired = certificate({ serial: 'E1', status: 'expired', live: false })
    expect(beyondProblems(report([certificate(), expired]), 0, false)).toEqual([
      'No live certificate of the key is in this account, but one is elsewhere, which this run could not revoke: serial AB of CN=Other CA, O=Other Ltd (ask Other Ltd to revoke it: key compromise (crt.sh ID 42)).'
    ])
    const failed = certificate({ where: 'acme', serial: 'A3', status: 'failed', next: null, detail: 'refused' })
    expect(beyondProblems(report([certificate(), failed]), 0, false)).toEqual([
      'ACME revocation of serial A3 (CN=Other CA, O=Other Ltd) failed: refused.'
    ])
  })
  it('for rule 4, names the first five certificates elsewhere and counts the rest', () => {
    const many = (count: number) =>
      report(Array.from({ length: count }, (_, index) => certificate({ serial: `0${index + 1}`, next: null })))
    const named = (count: number) =>
      Array.from({ length: count }, (_, index) => `serial 0${index + 1} of CN=Other CA, O=Other Ltd (to-report)`).join('; ')
    expect(beyondProblems(many(5), 0, false)).toEqual([
      `No live certificate of the key is in this account, but 5 are elsewhere, which this run could not revoke: ${named(5)}.`
    ])
    expect(beyondProblems(many(7), 0, false)).toEqual([
      `No live certificate of the key is in this account, but 7 are elsewhere, which this run could not revoke: ${named(5)}; and 2 more (see elsewhere).`
    ])
  })
  it('fails with require while a live certificate outside is not revoked (rule 5)', () => {
    const outside = report([certificate(), certificate({ serial: 'EF', status: 'revoked', live: false })], { mode: 'require' })
    expect(beyondProblems(outside, 1, false)).toEqual([
      'ct-search is require, and 1 live certificate of the key outside this account is not revoked (see "Outside this account").'
    ])
    expect(beyondProblems({ ...outside, mode: 'report' }, 1, false)).toEqual([])
    const two = report([certificate(), certificate({ serial: 'CD' })], { mode: 'require' })
    expect(beyondProblems(two, 1, false)).toEqual([
      'ct-search is require, and 2 live certificates of the key outside this account are not revoked (see "Outside this account").'
    ])
  })
})

describe('the alert beyond the account', () => {
  it('with report, is held open only by a failed ACME revocation, and counts what remains', () => {
    const outside = report([
      certificate(),
      certificate({ status: 'submitted', where: 'acme' }),
      certificate({ status: 'expired', live: false })
    ])
    const run = { accountLive: 1, dryRun: false, noMatch: false }
    expect(beyondFacts(outside, run)).toEqual({ blocks: false, remaining: 1 })
    expect(remainingOutside(outside).map((c) => c.status)).toEqual(['to-report'])
    expect(holdsAlertOpen(report([certificate({ where: 'acme', status: 'failed' })]))).toBe(true)
    expect(holdsAlertOpen(undefined)).toBe(false)
  })
  it('is held open, whatever the mode, when the run fails for what lies outside (rule 4: nothing this run could revoke)', () => {
    const outside = report([certificate()])
    expect(beyondFacts(outside, { accountLive: 0, dryRun: false, noMatch: false })).toEqual({ blocks: true, remaining: 1 })
    expect(beyondFacts(outside, { accountLive: 1, dryRun: false, noMatch: false })).toEqual({ blocks: false, remaining: 1 })
    // Rule 2 with CT down: the key scan's own problem, and this one.
    const down = report([], { failure: 'the CT search answered HTTP 503' })
    expect(beyondFacts(down, { accountLive: 0, dryRun: false, noMatch: true }).blocks).toBe(true)
    expect(beyondFacts(down, { accountLive: 0, dryRun: false, noMatch: false }).blocks).toBe(false)
  })
  it('is held open, and the run fails, when a DigiCert certificate of the key could not be looked up in the account', () => {
    const unknown = report([
      certificate({ where: 'digicert-other-account', status: 'unconfirmed', serial: 'C7', lookupFailed: 'HTTP 500' })
    ])
    expect(holdsAlertOpen(unknown)).toBe(true)
    expect(beyondProblems(unknown, 1, true)).toEqual([
      'CertCentral could not tell whether this account holds serial C7 (HTTP 500), which Certificate Transparency lists with the key: run again, or look it up in CertCentral and revoke by serial-number.'
    ])
    const gone = report([certificate({ where: 'digicert-other-account', status: 'expired', live: false, lookupFailed: 'HTTP 500' })])
    expect(holdsAlertOpen(gone)).toBe(false)
    expect(beyondProblems(gone, 1, false)).toEqual([])
    const two = report([
      certificate({ where: 'digicert-other-account', status: 'unconfirmed', serial: 'C7', lookupFailed: 'HTTP 500' }),
      certificate({ where: 'digicert-other-account', status: 'unconfirmed', serial: 'C8', lookupFailed: 'timed out' })
    ])
    expect(beyondProblems(two, 1, true)).toEqual([
      'CertCentral could not tell whether this account holds serial C7 (HTTP 500); serial C8 (timed out), which Certificate Transparency lists with the key: run again, or look them up in CertCentral and revoke by serial-number.'
    ])
  })
  it('with require, is held open by a failed search or a live certificate outside', () => {
    expect(holdsAlertOpen(report([], { mode: 'require', failure: 'x' }))).toBe(true)
    expect(holdsAlertOpen(report([certificate()], { mode: 'require' }))).toBe(true)
    expect(holdsAlertOpen(report([certificate({ status: 'revoked', live: false })], { mode: 'require' }))).toBe(false)
    // Nothing remains outside, but an ACME revocation is still waited for (rule 3).
    const waiting = report([certificate({ where: 'acme', status: 'submitted', stillWaiting: 'not in the CRL yet' })], { mode: 'require' })
    expect(remainingOutside(waiting)).toEqual([])
    expect(holdsAlertOpen(waiting)).toBe(true)
  })
})

describe('the elsewhere output and the summary section', () => {
  it('has the contract fields only, redacted', () => {
    const one = certificate({ detail: 'secret detail', leafPem: 'PEM', issuer: 'CN=KEY123' })
    expect(elsewhereJson(report([one]))).toEqual([
      {
        issuer: 'CN=KEY123',
        serial: 'AB',
        not_after: '2027-01-01T00:00:00.000Z',
        ct_id: '42',
        where: 'other-ca',
        status: 'to-report',
        next: one.next
      }
    ])
    expect(JSON.parse(elsewhereOutput(report([one]), (text) => text.replace('KEY123', '***')))[0].issuer).toBe('CN=***')
    expect(elsewhereOutput(undefined, (text) => text)).toBe('[]')
  })
  it('says when CT was not searched, or failed', () => {
    const safe = (text: string) => escapeText(text)
    expect(elsewhereSection(notSearched('off'), safe).join('\n')).toContain('Certificate Transparency was not searched (`ct-search: off`)')
    expect(elsewhereSection(report([], { failure: 'HTTP <503>' }), safe).join('\n')).toContain(
      '**Certificate Transparency could not be searched:** HTTP &#60;503&#62;.'
    )
  })
  it('lists each certificate, escaped, and whom to ask for each to-report one', () => {
    const text = elsewhereSection(
      report([certificate({ issuer: 'CN=<b>Evil</b>' }), certificate({ status: 'revoked', live: false, next: null })]),
      escapeText
    ).join('\n')
    expect(text).toContain('<td>CN=&#60;b&#62;Evil&#60;/b&#62;</td>')
    expect(text).not.toContain('<b>Evil')
    expect(text.match(/^- serial /gm)).toHaveLength(1)
    expect(text).toContain('**Whom to ask:**')
  })

  it('keeps outside text safe in the output and the section: redacted, one line, cut, escaped, never a link', () => {
    const hostile = certificate({
      issuer: 'CN=Evil\u202e CA, O=<script>alert(1)</script> https://evil.example/x www.evil.example',
      next: 'ask\nSECRET-TOKEN-123 at https://evil.example/ \u001b[31mnow' + 'y'.repeat(2000)
    })
    const redact = (text: string) => text.replaceAll('SECRET-TOKEN-123', '***')
    const [item] = JSON.parse(elsewhereOutput(report([hostile]), redact)) as Record<string, string>[]
    expect(item.next).toMatch(/^ask \*\*\* at https:\/\/evil\.example\/ nowy+…$/)
    expect(Array.from(item.next)).toHaveLength(LIMITS.message + 1)
    expect(item.issuer).toBe('CN=Evil CA, O=<script>alert(1)</script> https://evil.example/x www.evil.example')
    const text = elsewhereSection(report([hostile]), (piece) => escapeText(redact(piece))).join('\n')
    expect(text).not.toMatch(/<script|https:\/\/evil|www\.evil|SECRET|\u202e|\u001b/)
    expect(text).toContain('&#60;script&#62;')
  })

  it('stays within its sizes in UTF-8 bytes, whatever CT finds: the output under 1 MiB, the section within its budget', () => {
    const wide = '\u{1F600}'.repeat(200) // 4 bytes in UTF-8, 9 once escaped for HTML
    const many = Array.from({ length: 10_000 }, (_, index) =>
      certificate({ issuer: `CN=${wide}`, serial: index.toString(16).toUpperCase(), ctId: String(index + 1), next: wide.repeat(3) })
    )
    const output = elsewhereOutput(report(many), (text) => text)
    expect(Buffer.byteLength(output, 'utf8')).toBeLessThan(OUTPUT_LIMIT)
    const kept = JSON.parse(output) as unknown[]
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(10_000)
    const section = elsewhereSection(report(many), escapeText).join('\n')
    expect(Buffer.byteLength(section, 'utf8')).toBeLessThan(SECTION_BUDGET + 2048)
    expect(section).toMatch(/… and \d+ more: see the elsewhere output\.<\/td><\/tr>/)
    expect(section).toMatch(/^- … and \d+ more: see the elsewhere output\.$/m)
    // A few certificates fit whole.
    const few = elsewhereSection(report(many.slice(0, 3)), escapeText).join('\n')
    expect(few).not.toContain('more: see the elsewhere output')
    expect(few.match(/^- serial /gm)).toHaveLength(3)
  })

  it('cuts each next short, then leaves it out, before it leaves out a certificate, and the section says so', () => {
    const next = 'n'.repeat(LIMITS.message)
    // About 560 bytes each with its next, about 190 with it cut short: 3,000 fit only once it is cut.
    const several = Array.from({ length: 3_000 }, (_, index) => certificate({ serial: index.toString(16), next }))
    const short = elsewhereOutputOf(report(several), (text) => text)
    expect(short.omitted).toBe(0)
    expect(short.next).toBe('shortened')
    const items = JSON.parse(short.text) as { next: string }[]
    expect(items).toHaveLength(3_000)
    expect(Array.from(items[0].next)).toHaveLength(121)
    expect(elsewhereSection(report(several), escapeText, short).join('\n')).toContain(
      "The `elsewhere` output cuts each `next` short to stay under GitHub's output size: the Next column below has it."
    )
    // About 145 bytes each once next is null: 7,000 fit, not 8,000.
    const many = Array.from({ length: 8_000 }, (_, index) => certificate({ serial: index.toString(16), next }))
    const dropped = elsewhereOutputOf(report(many), (text) => text)
    expect(dropped.next).toBe('dropped')
    const kept = JSON.parse(dropped.text) as { serial: string; next: null }[]
    expect(kept.length + dropped.omitted).toBe(8_000)
    expect(dropped.omitted).toBeGreaterThan(0)
    expect(kept.every((item) => item.next === null)).toBe(true)
    expect(kept.map((item) => item.serial)).toEqual(many.slice(0, kept.length).map((c) => c.serial))
    // As many as fit: one more would not.
    expect(Buffer.byteLength(dropped.text, 'utf8')).toBeLessThan(OUTPUT_LIMIT)
    const oneMore = JSON.stringify([...kept, { ...kept[0], serial: many[kept.length].serial }])
    expect(Buffer.byteLength(oneMore, 'utf8')).toBeGreaterThanOrEqual(OUTPUT_LIMIT)
    const section = elsewhereSection(report(many), escapeText, dropped).join('\n')
    expect(section).toContain(
      `**The \`elsewhere\` output left out the last ${dropped.omitted} certificates of 8000** (and every \`next\`) to stay under GitHub's output size: the table below shows as many as fit.`
    )
    expect(section).not.toContain('see the elsewhere output')
    expect(elsewhereOutputOf(report([certificate()]), (text) => text)).toEqual({ text: expect.any(String), omitted: 0, next: 'whole' })
  })

  it('puts what an ACME certificate still waited for in next, in the output and the Next cell', () => {
    const waiting = certificate({ where: 'acme', status: 'submitted', next: null, stillWaiting: 'not in the CRL yet' })
    const expected =
      'revocation submitted, but when the wait ended its CA still said: not in the CRL yet; run again later to check it is revoked'
    expect(nextStep(waiting)).toBe(expected)
    expect(elsewhereJson(report([waiting]))).toEqual([expect.objectContaining({ status: 'submitted', next: expected })])
    expect(elsewhereSection(report([waiting]), escapeText).join('\n')).toContain(`<td>submitted</td><td>${expected}</td>`)
    expect(nextStep(certificate({ stillWaiting: 'x', next: 'ask them' }))).toBe(
      'revocation submitted, but when the wait ended its CA still said: x; run again later to check it is revoked; ask them'
    )
    expect(nextStep(certificate({ next: 'ask them' }))).toBe('ask them')
  })
})
