import { describe, expect, it } from '@jest/globals'
import { elsewhereJson, notSearched, type BeyondReport, type ElsewhereCertificate } from '../../src/beyond/report.js'
import { accountLiveCount, elsewhereOutputOf, elsewhereSection, SECTION_BUDGET } from '../../src/report/elsewhere.js'
import { OUTPUT_LIMIT } from '../../src/report/outputs.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'
import { searched } from '../support/beyond.js'

const certificate = (serial: string, fields: Partial<ElsewhereCertificate> = {}): ElsewhereCertificate => ({
  issuer: 'CN=Other CA',
  serial,
  notAfter: '2027-01-01T00:00:00.000Z',
  ctId: `4${serial}`,
  where: 'other-ca',
  status: 'revoked',
  next: null,
  live: false,
  ...fields
})

const report = (certificates: ElsewhereCertificate[], fields: Partial<BeyondReport> = {}): BeyondReport =>
  searched(certificates, { requests: 3, seconds: 1.25, ...fields })

/** Each piece that goes through `safe` shows it, so that a piece printed without it would show too. */
const safe = (text: string): string => `«${text}»`
const bytes = (text: string): number => Buffer.byteLength(text)
const row = (c: ElsewhereCertificate, next = ''): string =>
  `<tr>${[c.issuer, c.serial, c.notAfter, c.ctId, c.where, c.status, next].map((cell) => `<td>«${cell}»</td>`).join('')}</tr>`
const HEADER = '<tr><th>Issuer</th><th>Serial</th><th>Not after</th><th>crt.sh ID</th><th>Where</th><th>Status</th><th>Next</th></tr>'

describe('accountLiveCount', () => {
  const result = (status: RevocationResult['status'], note?: string): RevocationResult => ({
    target: { type: 'certificate', id: '1', source: 'certificate-id' },
    attempts: 1,
    status,
    requestId: null,
    date: null,
    error: null,
    ...(note === undefined ? {} : { note })
  })

  it('counts what the run revoked or asked for: not what had expired, nor what was revoked before it', () => {
    expect(accountLiveCount([])).toBe(0)
    expect(accountLiveCount([result('pending')])).toBe(1)
    expect(accountLiveCount([result('expired')])).toBe(0)
    expect(accountLiveCount([result('revoked', 'already revoked (its CA says so)')])).toBe(0)
    // Revoked by this run: with no note, or a note that only mentions it later.
    expect(accountLiveCount([result('revoked')])).toBe(1)
    expect(accountLiveCount([result('revoked', 'the CA says: already revoked')])).toBe(1)
    // The note counts only on a revoked target.
    expect(accountLiveCount([result('failed', 'already revoked (its CA says so)')])).toBe(1)
    expect(accountLiveCount([result('submitted'), result('expired'), result('approved'), result('revoked', 'already revoked')])).toBe(2)
  })
})

describe('elsewhereSection: the search', () => {
  it('says CT was not searched, with the reason when ct-search is off', () => {
    expect(elsewhereSection(notSearched('report'), safe)).toEqual([
      '### Outside this account',
      '',
      'Certificate Transparency was not searched.'
    ])
    expect(elsewhereSection(notSearched('off'), safe)).toEqual([
      '### Outside this account',
      '',
      'Certificate Transparency was not searched (`ct-search: off`): certificates of the key in other accounts or at other CAs are not known to this run.'
    ])
  })

  it('says a failed search, and that it fails the run only with ct-search: require', () => {
    const failed = 'Certificate Transparency could not be searched:** «HTTP 503». Certificates of the key outside this account'
    expect(elsewhereSection(report([], { failure: 'HTTP 503' }), safe)).toEqual([
      '### Outside this account',
      '',
      `**${failed} are not known to this run.`
    ])
    expect(elsewhereSection(report([], { failure: 'HTTP 503', mode: 'require' }), safe)).toEqual([
      '### Outside this account',
      '',
      `**${failed} are not known to this run.`,
      '',
      'With `ct-search: require`, this fails the run and keeps the alert open.'
    ])
  })

  it('counts what CT listed, in and out of the account, in words that agree with the numbers', () => {
    expect(elsewhereSection(report([], { listed: 1, inAccount: 1, requests: 4, seconds: 0.04 }), safe)).toEqual([
      '### Outside this account',
      '',
      'Certificate Transparency listed 1 entry for the key; 1 certificate of them is in this account, 0 certificates outside it. 4 CT requests in 0.0 s.'
    ])
    const two = elsewhereSection(report([certificate('AB')], { listed: 3, inAccount: 2, seconds: 12.345 }), safe)
    expect(two[2]).toBe(
      'Certificate Transparency listed 3 entries for the key; 2 certificates of them are in this account, 1 certificate outside it. 3 CT requests in 12.3 s.'
    )
    expect(elsewhereSection(report([], { inAccount: 0 }), safe)[2]).toContain('0 certificates of them are in this account')
  })

  it('says how many listed entries carried another key, only when some did', () => {
    const dropped = (count: number) => elsewhereSection(report([], { dropped: count }), safe).slice(3)
    expect(dropped(0)).toEqual([])
    expect(dropped(1)).toEqual(['', '1 listed entry carried another key when downloaded: dropped (the listing was wrong).'])
    expect(dropped(2)).toEqual(['', '2 listed entries carried another key when downloaded: dropped (the listing was wrong).'])
  })

  it('names the serials of the account that the key scan missed, the first 20 of them', () => {
    const missed = (count: number) =>
      elsewhereSection(report([], { missedByScan: Array.from({ length: count }, (_, i) => `S${i + 1}`) }), safe).slice(3)
    const serials = (count: number) => Array.from({ length: count }, (_, i) => `S${i + 1}`).join(', ')
    expect(missed(0)).toEqual([])
    expect(missed(1)).toEqual(['', 'This account holds serials the key scan did not find: «S1».'])
    expect(missed(20)).toEqual(['', `This account holds serials the key scan did not find: «${serials(20)}».`])
    expect(missed(21)).toEqual(['', `This account holds serials the key scan did not find: «${serials(20)}» and 1 more.`])
    expect(missed(25)).toEqual(['', `This account holds serials the key scan did not find: «${serials(20)}» and 5 more.`])
  })

  it('ends after the counts when nothing lies outside the account', () => {
    expect(elsewhereSection(report([], { dropped: 1 }), safe)).toHaveLength(5)
  })
})

describe('elsewhereSection: the certificates', () => {
  it('shows a table of every certificate, and whom to ask for those to report', () => {
    const revoked = certificate('AB', { detail: 'revoked by its ACME server' })
    const toReport = certificate('CD', { status: 'to-report', next: 'ask Other Ltd to revoke it: key compromise', live: true })
    const unconfirmed = certificate('EF', { status: 'unconfirmed', live: true })
    const failed = certificate('01', { status: 'failed', detail: 'badRevocationReason', next: 'check it', live: true })
    expect(elsewhereSection(report([revoked, toReport, unconfirmed, failed]), safe)).toEqual([
      '### Outside this account',
      '',
      'Certificate Transparency listed 4 entries for the key; 0 certificates of them are in this account, 4 certificates outside it. 3 CT requests in 1.3 s.',
      '',
      '<table>',
      HEADER,
      row(revoked, 'revoked by its ACME server'),
      row(toReport, 'ask Other Ltd to revoke it: key compromise'),
      row(unconfirmed),
      row(failed, 'badRevocationReason; check it'),
      '</table>',
      '',
      '**Whom to ask:**',
      '',
      '- serial «CD» («CN=Other CA»): «ask Other Ltd to revoke it: key compromise»',
      '- serial «EF» («CN=Other CA»): «ask its CA to revoke it: key compromise»'
    ])
  })

  it('asks nobody when nothing is left to report', () => {
    const lines = elsewhereSection(report([certificate('AB'), certificate('CD', { status: 'expired' })]), safe)
    expect(lines.at(-1)).toBe('</table>')
    expect(lines.join('\n')).not.toContain('Whom to ask')
  })

  it('says what the elsewhere output had to leave out, and never points to it for rows it does not hold', () => {
    const many = Array.from({ length: 203 }, (_, i) => certificate(`S${i}`, { status: 'to-report', live: true }))
    const omitted = elsewhereSection(report(many), safe, { omitted: 2, next: 'dropped' })
    expect(omitted[3]).toBe('')
    expect(omitted[4]).toBe(
      "**The `elsewhere` output left out the last 2 certificates of 203** (and every `next`) to stay under GitHub's output size: the table below shows as many as fit."
    )
    expect(omitted).toContain('<tr><td colspan="7">… and 3 more.</td></tr>')
    expect(omitted.at(-1)).toBe('- … and 3 more.')
    expect(omitted.filter((line) => line.startsWith('<tr><td>'))).toHaveLength(200)
    expect(omitted.filter((line) => line.startsWith('- serial'))).toHaveLength(200)
    const whole = elsewhereSection(report(many), safe)
    expect(whole).toContain('<tr><td colspan="7">… and 3 more: see the elsewhere output.</td></tr>')
    expect(whole.at(-1)).toBe('- … and 3 more: see the elsewhere output.')
    expect(whole.join('\n')).not.toContain('The `elsewhere` output')
  })

  it('says when the elsewhere output cut each next short or left it out, and nothing when it is whole', () => {
    const lines = (next: 'whole' | 'shortened' | 'dropped') =>
      elsewhereSection(report([certificate('AB')]), safe, { omitted: 0, next }).slice(3, 6)
    expect(lines('shortened')).toEqual([
      '',
      "The `elsewhere` output cuts each `next` short to stay under GitHub's output size: the Next column below has it.",
      ''
    ])
    expect(lines('dropped')).toEqual([
      '',
      "The `elsewhere` output leaves out each `next` to stay under GitHub's output size: the Next column below has it.",
      ''
    ])
    expect(lines('whole')).toEqual(['', '<table>', HEADER])
  })

  /** A row (with its newline) of `size` bytes, for a certificate of the given status. */
  function rowOf(serial: string, size: number, status: ElsewhereCertificate['status'] = 'revoked'): ElsewhereCertificate {
    const base = certificate(serial, { status, issuer: '' })
    return { ...base, issuer: 'x'.repeat(size - bytes(row(base)) - 1) }
  }

  it('keeps its rows within the section budget, to the byte, counting each newline', () => {
    // 64 rows of 1 KiB with their newlines fill the budget exactly: all shown. One byte more and the last goes.
    const exact = Array.from({ length: 64 }, (_, i) => rowOf(`E${i}`, SECTION_BUDGET / 64))
    const fits = elsewhereSection(report(exact), safe)
    expect(fits.filter((line) => line.startsWith('<tr><td>'))).toHaveLength(64)
    expect(fits).not.toContain('<tr><td colspan="7">… and 1 more: see the elsewhere output.</td></tr>')
    const over = [...exact.slice(0, 63), rowOf('E63', SECTION_BUDGET / 64 + 1)]
    const cut = elsewhereSection(report(over), safe)
    expect(cut.filter((line) => line.startsWith('<tr><td>'))).toEqual(exact.slice(0, 63).map((c) => row(c)))
    expect(cut).toContain('<tr><td colspan="7">… and 1 more: see the elsewhere output.</td></tr>')
  })

  it('asks for as many as the budget left by the table holds, and counts the rest', () => {
    // Two rows of 16 KiB and 200 small ones leave room for a few dozen asks of some 70 bytes.
    const big = Array.from({ length: 2 }, (_, i) => rowOf(`B${i}`, 16 * 1024))
    const small = Array.from({ length: 200 }, (_, i) => certificate(`T${i}`, { status: 'to-report', live: true }))
    const lines = elsewhereSection(report([...big, ...small]), safe)
    const asks = lines.filter((line) => line.startsWith('- serial'))
    expect(asks.length).toBeGreaterThan(0)
    expect(asks.length).toBeLessThan(200)
    expect(lines.at(-1)).toBe(`- … and ${200 - asks.length} more: see the elsewhere output.`)
    const shown = lines.slice(lines.indexOf('**Whom to ask:**'))
    expect(bytes(lines.slice(lines.indexOf('<table>')).join('\n'))).toBeLessThan(SECTION_BUDGET + 2048)
    expect(shown.slice(2, 4)).toEqual([
      '- serial «T0» («CN=Other CA»): «ask its CA to revoke it: key compromise»',
      '- serial «T1» («CN=Other CA»): «ask its CA to revoke it: key compromise»'
    ])
  })
})

describe('elsewhereOutputOf: under the output size, to the byte', () => {
  const keep = (text: string): string => text
  /** The size of the `elsewhere` array of these certificates, with each `next` (whole) or without (bare). */
  const arrayBytes = (certificates: ElsewhereCertificate[], bare = false): number =>
    bytes(JSON.stringify(elsewhereJson(report(certificates)).map((item) => (bare ? { ...item, next: null } : item))))

  /**
   * `count` certificates (each with a 500-character next) padded through their serials so that their bare array is
   * exactly `size` bytes, then `more` certificates after them.
   */
  function prefixOf(count: number, size: number, more: number): ElsewhereCertificate[] {
    const base = Array.from({ length: count + more }, (_, i) =>
      certificate(`${i}`.padStart(100, '0'), { issuer: 'i'.repeat(500), ctId: `${i}`, next: 'n'.repeat(500) })
    )
    let left = size - arrayBytes(base.slice(0, count), true)
    const padded = base.map((c, i) => {
      if (i >= count || left <= 0) return c
      const extra = Math.min(left, 400)
      left -= extra
      return { ...c, serial: c.serial + 's'.repeat(extra) }
    })
    expect(arrayBytes(padded.slice(0, count), true)).toBe(size)
    return padded
  }

  it('keeps the longest prefix under the limit: one byte under is kept, the limit itself is not', () => {
    const under = elsewhereOutputOf(report(prefixOf(1000, OUTPUT_LIMIT - 1, 5)), keep)
    expect(under.next).toBe('dropped')
    expect(under.omitted).toBe(5)
    expect(bytes(under.text)).toBe(OUTPUT_LIMIT - 1)
    const at = elsewhereOutputOf(report(prefixOf(1000, OUTPUT_LIMIT, 5)), keep)
    expect(at.next).toBe('dropped')
    expect(at.omitted).toBe(6)
    expect(bytes(at.text)).toBeLessThan(OUTPUT_LIMIT)
  })

  it('is whole when the whole array is one byte under the limit, and cut when it is at the limit', () => {
    // Without a next, the whole array is the bare one.
    const withoutNext = (size: number) => prefixOf(1000, size, 0).map((c) => ({ ...c, next: null }))
    const under = elsewhereOutputOf(report(withoutNext(OUTPUT_LIMIT - 1)), keep)
    expect(under).toMatchObject({ omitted: 0, next: 'whole' })
    expect(bytes(under.text)).toBe(OUTPUT_LIMIT - 1)
    // Cutting a next that is null changes nothing, so the array loses its last certificate.
    const at = elsewhereOutputOf(report(withoutNext(OUTPUT_LIMIT)), keep)
    expect(at).toMatchObject({ omitted: 1, next: 'dropped' })
  })

  it('cuts each next short when that is enough, and leaves a next that is null as null', () => {
    const many = Array.from({ length: 1500 }, (_, i) =>
      certificate(`${i}`, { issuer: 'i'.repeat(400), next: i % 2 === 0 ? 'n'.repeat(500) : null })
    )
    expect(arrayBytes(many)).toBeGreaterThan(OUTPUT_LIMIT)
    const output = elsewhereOutputOf(report(many), keep)
    expect(output).toMatchObject({ omitted: 0, next: 'shortened' })
    const items = JSON.parse(output.text) as { next: string | null }[]
    expect(items).toHaveLength(1500)
    expect(items[0].next).toBe(`${'n'.repeat(120)}…`)
    expect(items[1].next).toBeNull()
  })
})
