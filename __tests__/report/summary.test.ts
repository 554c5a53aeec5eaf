import { describe, expect, it } from '@jest/globals'
import { utf8Bytes } from '../../src/untrusted.js'
import type { KeyScanReport } from '../../src/leaked-key/scan-for-key.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'
import { notSearched, type BeyondReport } from '../../src/beyond/report.js'
import {
  escapeText,
  headline,
  KEY_SCAN_BUDGET,
  renderInvalidInputs,
  renderSummary,
  renderUnexpected,
  SUMMARY_BUDGET,
  type SummaryContext
} from '../../src/report/summary.js'

const context: SummaryContext = {
  dryRun: false,
  baseUrl: 'https://www.digicert.com/services/v2',
  skipApproval: false,
  redact: (text) => text
}

function result(overrides: Partial<RevocationResult>): RevocationResult {
  return {
    target: { type: 'certificate', id: '1001', source: 'certificate-id' },
    attempts: 1,
    status: 'pending',
    requestId: 5,
    date: '2026-01-01T00:00:00+00:00',
    error: null,
    ...overrides
  }
}

describe('the headline says what is true', () => {
  const as = (status: RevocationResult['status'], extra: Partial<RevocationResult> = {}) => result({ status, requestId: null, ...extra })
  it.each([
    [
      [as('pending', { requestId: 1 }), as('pending', { requestId: 2 })],
      'Nothing revoked yet: 2 requests (1, 2) await approval in CertCentral.'
    ],
    [[as('revoked', { note: 'already revoked (OCSP)' })], 'The target was revoked.'],
    [[as('expired')], 'The target had expired before this run: nothing was sent.'],
    [
      [as('approved', { requestId: 3, reusedRequest: true })],
      'The target was approved on a request filed by someone else, but is not yet revoked according to its CA.'
    ],
    [[as('submitted'), as('approved')], 'All 2 targets accepted by CertCentral.'],
    [
      [as('revoked'), as('expired'), as('approved', { requestId: 4, reusedRequest: true }), as('pending')],
      'Of 4 targets: 1 revoked, 1 approved on a request filed by someone else, not yet revoked according to its CA, 1 expired before this run (nothing sent); 1 request awaits approval in CertCentral.'
    ],
    [[as('failed'), as('revoked')], '**1 of 2 targets failed.** The other: 1 revoked.'],
    [[as('failed'), as('pending', { requestId: 7, stillWaiting: 'approval' })], '**2 of 2 targets failed.**'],
    // Several targets, none pending: counted, never worded as if there were only one.
    [[as('revoked'), as('revoked')], 'Of 2 targets: 2 revoked.'],
    [[as('revoked'), as('expired')], 'Of 2 targets: 1 revoked, 1 expired before this run (nothing sent).']
  ])('%#', (results, expected) => {
    expect(headline(results, results.filter((r) => r.status === 'failed' || r.stillWaiting).length, false)).toBe(expected)
  })

  it('lists at most 200 characters of request IDs awaiting approval, and marks the cut', () => {
    const pending = (ids: number[]) => ids.map((requestId) => as('pending', { requestId }))
    // 50 IDs of 7 digits are 448 characters: 22 whole IDs and their separators take 198, then 2 of the 23rd.
    const many = Array.from({ length: 50 }, (_, i) => 1_000_000 + i)
    expect(headline(pending(many), 0, false)).toBe(
      `Nothing revoked yet: 50 requests (${many.slice(0, 22).join(', ')}, 10…) await approval in CertCentral.`
    )
    // Exactly 200 characters (19 IDs of 8 digits, 1 of 10, 19 separators) are shown whole.
    const exact = [...Array.from({ length: 19 }, (_, i) => 10_000_000 + i), 1_000_000_000]
    expect(exact.join(', ')).toHaveLength(200)
    expect(headline(pending(exact), 0, false)).toBe(`Nothing revoked yet: 20 requests (${exact.join(', ')}) await approval in CertCentral.`)
  })

  it('states the audit record: reason, approval skipped, comment, who started the run and how, version', () => {
    const audit = { comments: 'INC-7 <b>', actor: 'octocat', eventName: 'repository_dispatch', version: '1.2.3' }
    const text = renderSummary([result({ reasonDropped: true })], {
      ...context,
      skipApproval: true,
      audit: { ...audit, reason: 'keyCompromise' }
    })
    expect(text).toContain(
      '**Reason sent:** keyCompromise (not accepted for 1 certificate: sent again without it) &nbsp; **Approval skipped:** yes &nbsp; **Comment:** INC-7 &#60;b&#62; &nbsp; **Started by:** octocat (event: repository&#95;dispatch) &nbsp; **Action version:** 1.2.3'
    )
    expect(text).toContain('CertCentral did not accept revocation&#95;reason for this certificate')
    const byKey = renderSummary([result({ target: { type: 'certificate', id: '7', source: 'private-key' } })], {
      ...context,
      audit: { comments: 'c', version: '1' }
    })
    expect(byKey).toContain(
      '**Reason sent:** keyCompromise for the certificates that carry the leaked key; none for the others (CertCentral&#39;s default) &nbsp; **Approval skipped:** no'
    )
    expect(byKey).toContain('**Started by:** unknown (event: unknown)')
    // Found by the key beside targets given by ID: keyCompromise is still sent for the key's certificates.
    const mixed = renderSummary([result({ target: { type: 'certificate', id: '7', source: 'private-key' } }), result({})], {
      ...context,
      audit: { comments: 'c', version: '1' }
    })
    expect(mixed).toContain(
      '**Reason sent:** keyCompromise for the certificates that carry the leaked key; none for the others (CertCentral&#39;s default) &nbsp;'
    )
    // A long comment is cut: the audit line never carries the summary past its size.
    const long = renderSummary([result({})], { ...context, audit: { comments: 'x'.repeat(5000), actor: 'a\nb', version: '1' } })
    expect(long).toContain(`**Comment:** ${'x'.repeat(499)}`)
    expect(long).not.toContain('x'.repeat(501))
    expect(long).toContain('**Started by:** a b (event: unknown)')
    expect(renderSummary([result({})], { ...context, audit: { comments: 'c', version: '1' } })).toContain(
      '**Reason sent:** none (CertCentral&#39;s default)'
    )
  })
})

describe('escapeText', () => {
  it('turns markup into inert character references', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](https://evil.example.invalid) | a | **b** `c` _d_ \\ !'
    const escaped = escapeText(hostile)
    for (const char of ['<', '>', '[', ']', '|', '*', '`', '_', '\\', '!']) expect(escaped).not.toContain(char)
    expect(escaped).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })
  it('splits what GitHub would link: URLs, www. and @ before a name', () => {
    expect(
      escapeText(
        'see https://x.example/a, HTTP://y.example, ftp://z.example, www.example.com, WWW.Example.com, ops@example.com and @octocat, but not a @ b or email@'
      )
    ).toBe(
      'see https&#8203;://x.example/a, HTTP&#8203;://y.example, ftp&#8203;://z.example, www&#8203;.example.com, WWW&#8203;.Example.com, ops&#64;&#8203;example.com and &#64;&#8203;octocat, but not a &#64; b or email&#64;'
    )
  })
  it('splits them whatever comes before', () => {
    expect(escapeText('awww.example 1https://x _www.y')).toBe('awww&#8203;.example 1https&#8203;://x &#95;www&#8203;.y')
  })
  it('keeps everything on one line', () => {
    expect(escapeText('a\n\nb\r\nc')).toBe('a  b c')
  })
  it('escapes characters outside the Basic Multilingual Plane whole', () => {
    expect(escapeText('🔑')).toBe('&#128273;')
  })
})

describe('renderSummary', () => {
  it('shows the mode, the host and one row per target', () => {
    const text = renderSummary(
      [
        result({}),
        result({
          target: { type: 'certificate', id: '0A1B', source: 'certificate-pem', detail: 'www.example.test' },
          status: 'submitted',
          requestId: null,
          date: null
        }),
        result({ target: { type: 'order', id: '77', source: 'order-id' }, status: 'approved', requestId: 6 })
      ],
      context
    )
    expect(text).toContain('**Mode:** live')
    expect(text).toContain('**API host:** www&#8203;.digicert.com')
    // A pending request is not a revocation: the headline never calls it accepted.
    expect(text).toContain('\nOf 3 targets: 2 accepted by CertCentral; 1 request (5) awaits approval in CertCentral.\n')
    expect(text).toContain(
      '<tr><td>certificate</td><td>ID 1001</td><td>pending</td><td>5</td><td>2026-01-01T00:00:00+00:00</td><td></td></tr>'
    )
    expect(text).toContain('<td>serial 0A1B (www&#8203;.example.test, from PEM)</td><td>submitted</td><td></td><td></td>')
    expect(text).toContain('<tr><td>order</td><td>ID 77</td><td>approved</td><td>6</td>')
    expect(text).not.toContain('What to do next')
  })

  it('says a dry run sent nothing', () => {
    const text = renderSummary([result({ status: 'dry-run', requestId: null, date: null })], { ...context, dryRun: true })
    expect(text).toContain('dry run (no revoke request was sent)')
    expect(text).toContain('Would revoke 1 target. Nothing was sent.')
  })

  it('escapes hostile API text in the table and the advice', () => {
    const failed = result({
      status: 'failed',
      requestId: null,
      date: null,
      error: {
        code: 'x|y',
        message: '</td></tr></table><script>alert(1)</script>\n\n# Owned [link](https://evil.example.invalid)',
        http_status: 400
      }
    })
    const text = renderSummary([failed], context)
    const tableRow = text.split('\n').find((line) => line.startsWith('<tr><td>certificate'))
    expect(tableRow).toBeDefined()
    expect(tableRow).not.toMatch(/<script|<\/table>|\[link\]|x\|y/)
    expect(text).not.toContain('\n# Owned')
    expect(text).toContain('**1 of 1 target failed.**')
    expect(text).toContain('### What to do next')
  })

  it('says when there was nothing to revoke', () => {
    expect(renderSummary([], context)).toContain('Nothing to revoke.')
  })

  it('flags an answer it could not read', () => {
    const text = renderSummary([result({ status: 'submitted', requestId: null, unreadable: true })], context)
    expect(text).toContain('<td>answer unreadable</td>')
    expect(text).toContain('could not be read as a request object')
  })

  it('reports the alert', () => {
    expect(renderSummary([result({})], { ...context, alert: { number: 3, resolved: true } })).toContain(
      '**Secret scanning alert #3:** resolved as revoked'
    )
    expect(
      renderSummary([result({})], { ...context, alert: { number: 3, resolved: false, blocker: 'github', message: 'no <b>' } })
    ).toContain('not resolved: no &#60;b&#62;')
    // GitHub's error without a message: no dangling colon.
    const bare = renderSummary([result({})], { ...context, alert: { number: 3, resolved: false, blocker: 'github', message: '' } })
    expect(bare.split('\n').filter((line) => line.startsWith('**Secret scanning alert'))).toEqual([
      '**Secret scanning alert #3:** not resolved'
    ])
  })

  it('gives a note and a reason CertCentral did not accept as one note, and each alone', () => {
    const notes = (r: RevocationResult) =>
      renderSummary([r], context)
        .split('\n')
        .filter((line) => line.startsWith('- **certificate'))
    const dropped =
      'CertCentral did not accept revocation&#95;reason for this certificate, so the request was sent again without it: no reason was recorded'
    expect(notes(result({ note: 'reused request 5', reasonDropped: true }))).toEqual([
      `- **certificate ID 1001:** reused request 5; ${dropped}`
    ])
    expect(notes(result({ reasonDropped: true }))).toEqual([`- **certificate ID 1001:** ${dropped}`])
    expect(notes(result({ note: 'reused request 5' }))).toEqual(['- **certificate ID 1001:** reused request 5'])
  })
})

describe('renderInvalidInputs', () => {
  it('lists every problem, escaped', () => {
    const text = renderInvalidInputs(["certificate-id: 'a<b' is not a certificate ID", 'dry-run: bad'], (text) => text)
    expect(text).toContain('No revoke request was sent')
    expect(text).toContain('- certificate-id: &#39;a&#60;b&#39; is not a certificate ID')
    expect(text).toContain('- dry-run: bad')
  })
})

describe('renderSummary: who failed and what to do next', () => {
  const notFound = { code: 'not_found', message: 'Certificate not found.', http_status: 404 }
  const failedAs = (target: RevocationResult['target']) =>
    result({ target, status: 'failed', requestId: null, date: null, error: notFound })
  const NOT_FOUND_ADVICE =
    'No such certificate in the account of this key on www&#8203;.digicert.com: check the certificate ID or serial number, and the region (us or eu).'

  it('names every failed target by type and identifier, with its advice', () => {
    const text = renderSummary(
      [
        failedAs({ type: 'certificate', id: '1001', source: 'certificate-id' }),
        failedAs({ type: 'certificate', id: '0A1B', source: 'serial-number' }),
        failedAs({ type: 'certificate', id: '0C0D', source: 'certificate-pem', detail: 'www.example.test' }),
        failedAs({ type: 'certificate', id: '7', source: 'private-key' }),
        result({})
      ],
      context
    )
    const bullets = text
      .slice(text.indexOf('### What to do next'))
      .split('\n')
      .filter((line) => line.startsWith('- '))
    expect(bullets).toEqual([
      `- **certificate ID 1001:** ${NOT_FOUND_ADVICE}`,
      `- **certificate serial 0A1B:** ${NOT_FOUND_ADVICE}`,
      `- **certificate serial 0C0D:** ${NOT_FOUND_ADVICE}`,
      `- **certificate ID 7:** ${NOT_FOUND_ADVICE}`
    ])
    expect(text).toContain('**4 of 5 targets failed.** The other: nothing revoked yet: 1 request (5) awaits approval in CertCentral.')
  })

  it('advises on an order as an order', () => {
    const text = renderSummary(
      [failedAs({ type: 'order', id: '77', source: 'order-id' }), failedAs({ type: 'order', id: '78', source: 'order-id' })],
      context
    )
    expect(text).toContain(
      '- **order ID 77:** No such order in the account of this key on www&#8203;.digicert.com: check the order ID, and the region (us or eu).'
    )
    expect(text).toContain('**2 of 2 targets failed.**\n')
  })

  it('counts a rejected request as failed, and says the others were sent', () => {
    const rejected = result({ status: 'rejected', requestId: 4 })
    const text = renderSummary([rejected, result({}), result({})], context)
    expect(text).toContain(
      '**1 of 3 targets failed.** Of the others: nothing revoked yet: 2 requests (5, 5) await approval in CertCentral.'
    )
    expect(text).toContain('- **certificate ID 1001:** An administrator rejected this revoke request in CertCentral')
  })

  it('shows each identifier in the table as the input gave it', () => {
    const text = renderSummary(
      [
        result({ target: { type: 'certificate', id: '0A1B', source: 'serial-number' } }),
        result({ target: { type: 'certificate', id: '0C0D', source: 'certificate-pem' } }),
        result({ target: { type: 'certificate', id: '7', source: 'private-key' } })
      ],
      context
    )
    const cells = text
      .split('\n')
      .filter((line) => line.startsWith('<tr><td>'))
      .map((line) => line.split('</td><td>')[1])
    expect(cells).toEqual(['serial 0A1B', 'serial 0C0D', 'ID 7 (carries the leaked key)'])
  })

  it('says one accepted target in the singular', () => {
    expect(renderSummary([result({ status: 'submitted' })], context)).toContain('\nThe target was accepted by CertCentral.\n')
  })

  it('says why the alert was left open', () => {
    expect(
      renderSummary([failedAs({ type: 'certificate', id: '1', source: 'certificate-id' })], {
        ...context,
        alert: { number: 3, resolved: false, blocker: 'failures' }
      })
    ).toContain('**Secret scanning alert #3:** not resolved: Secret scanning alert &#35;3 was left open because a revocation failed.')
  })

  it('redacts every piece of text before escaping it', () => {
    const redact = (text: string) => text.replaceAll('s3cr3t', '***')
    const text = renderSummary(
      [result({ status: 'failed', requestId: null, error: { code: 'x', message: 'key s3cr3t refused', http_status: 400 } })],
      { ...context, redact }
    )
    expect(text).not.toContain('s3cr3t')
    expect(text).toContain('<td>HTTP 400 x: key &#42;&#42;&#42; refused</td>')
  })
})

describe('renderSummary: the leaked key', () => {
  const key = { fingerprint: 'ab'.repeat(32), description: 'EC prime256v1' }
  const scanOf = (matches: string[], expired: string[] = []): KeyScanReport => ({
    key,
    from: 'private-key',
    matches,
    expired,
    chains: new Map(),
    checked: 0,
    downloaded: 0,
    requests: 0
  })

  it('says which key was looked for, how many certificates were scanned and which carry it', () => {
    const text = renderSummary([], { ...context, keyScan: { ...scanOf(['7', '9']), checked: 40, downloaded: 12, requests: 45 } })
    expect(text).toContain(
      [
        '### Leaked private key',
        '',
        `- **Key:** EC prime256v1 from private-key, public key SHA-256 ${'ab'.repeat(32)}`,
        "- **Scanned:** 40 certificates of the account's orders, duplicates and reissues (archived ones too) included (12 downloaded, 28 from the index; 45 CertCentral requests)",
        '- **Carried by:** certificates 7, 9',
        ''
      ].join('\n')
    )
  })

  it('says when no certificate carries the key, and why that is a problem', () => {
    const text = renderSummary([], {
      ...context,
      keyScan: { ...scanOf([]), from: 'secret scanning alert #3', checked: 2, downloaded: 2, problem: { kind: 'no-match' } }
    })
    expect(text).toContain('- **Carried by:** no certificate found\n- **Problem:** No certificate among the 2 issued')
    expect(text).toContain('from secret scanning alert &#35;3')
  })

  it('gives only the problem when the key could not be had', () => {
    const text = renderSummary([], {
      ...context,
      keyScan: {
        ...scanOf([]),
        key: undefined,
        from: 'secret scanning alert #3',
        problem: { kind: 'no-key', message: 'Alert 3 has no secret value.' }
      }
    })
    expect(text).toContain('### Leaked private key\n\n- **Problem:** Alert 3 has no secret value.\n')
    expect(text).not.toContain('**Key:**')
  })

  it('lists at most 100 carriers', () => {
    const matches = Array.from({ length: 102 }, (_, i) => String(i + 1))
    const text = renderSummary([], { ...context, keyScan: scanOf(matches) })
    expect(text).toContain(`- **Carried by:** certificates ${matches.slice(0, 100).join(', ')} and 2 more (see matched-certificates)\n`)
  })

  it('lists exactly 100 carriers whole', () => {
    const matches = Array.from({ length: 100 }, (_, i) => String(i + 1))
    const text = renderSummary([], { ...context, keyScan: scanOf(matches) })
    expect(text).toContain(`- **Carried by:** certificates ${matches.join(', ')}\n`)
    expect(text).not.toContain('matched-certificates')
  })

  it('lists the expired carriers, which are not revoked', () => {
    const text = renderSummary([], { ...context, keyScan: scanOf(['7'], ['3', '5']) })
    expect(text).toContain('- **Carried by:** certificates 7\n- **Expired, so not revoked:** 3, 5\n')
    expect(renderSummary([], { ...context, keyScan: scanOf(['7']) })).not.toContain('Expired')
  })
})

describe('renderSummary: a page GitHub keeps', () => {
  const notFound = (id: number, message: string): RevocationResult =>
    result({
      target: { type: 'certificate', id: String(id), source: 'certificate-id' },
      status: 'failed',
      requestId: null,
      date: null,
      error: { code: 'not_found', message, http_status: 404 }
    })

  it('shows every row and every piece of advice while they fit', () => {
    const text = renderSummary([notFound(1, 'x'), notFound(2, 'y')], context)
    expect(text.split('\n').filter((line) => line.startsWith('<tr><td>'))).toHaveLength(2)
    expect(text.split('\n').filter((line) => line.startsWith('- **certificate'))).toHaveLength(2)
    expect(text).not.toContain('… and')
  })

  it('stops the table and the advice within the budget, and says how many more there are', () => {
    const results = Array.from({ length: 1000 }, (_, i) => notFound(i + 1, 'm'.repeat(1000)))
    const text = renderSummary(results, context)
    expect(text.length).toBeLessThan(SUMMARY_BUDGET + 4096)
    const rows = text.split('\n').filter((line) => line.startsWith('<tr><td>certificate'))
    expect(rows.length).toBeGreaterThan(100)
    expect(rows.length).toBeLessThan(1000)
    expect(text).toContain(
      `<tr><td colspan="6">… and ${1000 - rows.length} more targets: every target is in the results output.</td></tr>\n</table>`
    )
    const advice = text.split('\n').filter((line) => line.startsWith('- **certificate')).length
    expect(text).toContain(`- … and ${1000 - advice} more failed targets: see the results output.`)
    expect(advice).toBeLessThan(100)
  })

  it('stops the notes within the budget, and says how many more there are', () => {
    const noted = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        result({ target: { type: 'certificate', id: String(i + 1), source: 'certificate-id' }, note: 'n'.repeat(1000) })
      )
    const notesOf = (text: string) => text.split('\n').filter((line) => line.startsWith('- **certificate')).length
    const text = renderSummary(noted(1000), context)
    expect(text.length).toBeLessThan(SUMMARY_BUDGET + 4096)
    // The table (1,000 short rows) fits whole; the notes, 1 MB in all, do not.
    expect(text.split('\n').filter((line) => line.startsWith('<tr><td>certificate'))).toHaveLength(1000)
    const shown = notesOf(text)
    expect(shown).toBeGreaterThan(100)
    expect(shown).toBeLessThan(1000)
    expect(text).toContain(`\n- … and ${1000 - shown} more notes: see the log.\n`)
  })

  describe("the key scan's section, within a budget of its own", () => {
    const key = { fingerprint: 'ab'.repeat(32), description: 'EC prime256v1' }
    const scan = (fields: Partial<KeyScanReport>): KeyScanReport => ({
      key,
      from: 'private-key',
      matches: ['7'],
      expired: [],
      chains: new Map(),
      checked: 9,
      downloaded: 9,
      requests: 10,
      ...fields
    })
    const sectionOf = (text: string): string =>
      text.slice(text.indexOf('### Leaked private key'), text.indexOf('\n\n**Secret scanning alert'))
    const alert = { number: 3, resolved: false, blocker: 'incomplete-scan' } as const

    it('holds 5,000 unchecked certificates with 4-byte characters, over the cap too, beside a full table and the rest', () => {
      expect(KEY_SCAN_BUDGET).toBe(40 * 1024)
      // The longest a code and a message can be (cut to 100 and 500 characters), in characters escaped to 10 bytes each.
      const wide = (length: number): string => `${'\u{10FFFD}'.repeat(length)}…`
      const unchecked = Array.from({ length: 5000 }, (_, i) => ({
        id: String(1_000_000_000_000_000 + i),
        error: { code: wide(100), message: wide(500), http_status: 403 }
      }))
      const ids = Array.from({ length: 150 }, (_, i) => String(9_000_000_000_000_000 + i))
      const keyScan = scan({
        matches: ids,
        expired: ids,
        problem: { kind: 'unchecked', unchecked },
        overCap: { kind: 'over-cap', targets: 150, cap: 100 }
      })
      const results = Array.from({ length: 1000 }, (_, i) => notFound(i + 1, 'm'.repeat(1000)))
      const text = renderSummary(results, { ...context, keyScan, alert })
      const section = sectionOf(text)
      expect(utf8Bytes(section)).toBeLessThanOrEqual(KEY_SCAN_BUDGET)
      expect(utf8Bytes(section)).toBeGreaterThan(30 * 1024)
      // At their longest, every line of the section fits: both problems are said.
      expect(section).not.toContain('left out to fit')
      expect(section.split('\n').filter((line) => line.startsWith('- **Problem:**'))).toEqual([
        expect.stringMatching(/^- \*\*Problem:\*\* 5000 certificates could not be checked for the key/),
        expect.stringMatching(/^- \*\*Problem:\*\* The key is on 150 certificates, which makes 150 targets/)
      ])
      expect(section).toContain(' and 4995 more. Run again to check them.')
      // The rest of the page is still there, and the whole under 1 MiB.
      expect(text.split('\n').filter((line) => line.startsWith('<tr><td>certificate')).length).toBeGreaterThan(100)
      expect(text).toMatch(/<tr><td colspan="6">… and \d+ more targets: every target is in the results output\.<\/td><\/tr>\n<\/table>/)
      expect(text).toContain('### What to do next')
      expect(text).toContain('**Secret scanning alert #3:** not resolved')
      expect(utf8Bytes(text)).toBeLessThan(1024 * 1024)
    })

    it('leaves out the lines that do not fit, and says how many', () => {
      const hostile = '\u{1F600}'.repeat(KEY_SCAN_BUDGET / 4)
      const one = sectionOf(
        renderSummary([], { ...context, keyScan: scan({ key: undefined, problem: { kind: 'no-key', message: hostile } }), alert })
      )
      expect(one).toBe('### Leaked private key\n\n- … and 1 more line of the key scan, left out to fit the page: see the log.')
      const two = sectionOf(
        renderSummary([], {
          ...context,
          keyScan: scan({ problem: { kind: 'no-key', message: hostile }, overCap: { kind: 'over-cap', targets: 2, cap: 1 } }),
          alert
        })
      )
      expect(two.split('\n').slice(2)).toEqual([
        `- **Key:** EC prime256v1 from private-key, public key SHA-256 ${'ab'.repeat(32)}`,
        expect.stringMatching(/^- \*\*Scanned:\*\* 9 certificates/),
        '- **Carried by:** certificates 7',
        '- … and 2 more lines of the key scan, left out to fit the page: see the log.'
      ])
      expect(utf8Bytes(two)).toBeLessThanOrEqual(KEY_SCAN_BUDGET)
    })
  })

  it('says how many more in the singular', () => {
    const results = [...Array.from({ length: 1000 }, (_, i) => notFound(i + 1, 'm'.repeat(1000)))]
    const rows = renderSummary(results, context)
      .split('\n')
      .filter((line) => line.startsWith('<tr><td>certificate')).length
    const text = renderSummary(results.slice(0, rows + 1), context)
    expect(text).toContain('<tr><td colspan="6">… and 1 more target: every target is in the results output.</td></tr>')
  })
})

describe('renderInvalidInputs and renderUnexpected', () => {
  it('lists at most 50 problems, redacted, and counts the rest', () => {
    const problems = Array.from({ length: 52 }, (_, i) => `problem ${i + 1} with s3cr3t`)
    const text = renderInvalidInputs(problems, (value) => value.replaceAll('s3cr3t', 'xxx'))
    expect(text).toContain('- problem 50 with xxx\n- … and 2 more problems (see the log).\n')
    expect(text).not.toContain('problem 51')
    expect(text).not.toContain('s3cr3t')
    expect(renderInvalidInputs(problems.slice(0, 51), (value) => value)).toContain('- … and 1 more problem (see the log).')
    expect(renderInvalidInputs(problems.slice(0, 50), (value) => value)).not.toContain('… and')
  })

  it('says the run ended unexpectedly, with the message redacted and escaped', () => {
    expect(renderUnexpected('Unexpected error: <b>s3cr3t</b>', (value) => value.replaceAll('s3cr3t', 'xxx'))).toBe(
      [
        '## DigiCert certificate revocation',
        '',
        '**The run ended with an unexpected error.** What was sent before it is in the log.',
        '',
        '- Unexpected error: &#60;b&#62;xxx&#60;/b&#62;',
        ''
      ].join('\n')
    )
  })
})

describe('renderSummary: the whole page', () => {
  it('lays out the mode, the headline, the table, the notes, the advice, the key scan and the alert', () => {
    const results: RevocationResult[] = [
      result({ date: '2026-12-01T10:00:00+00:00' }),
      result({
        target: { type: 'certificate', id: '0A1B', source: 'certificate-pem', detail: 'www.example.test' },
        status: 'revoked',
        requestId: null,
        date: null,
        note: 'already revoked (OCSP at 2026-12-02T10:00:00Z: revoked)'
      }),
      result({
        target: { type: 'certificate', id: '77', source: 'private-key' },
        status: 'submitted',
        requestId: null,
        date: null,
        unreadable: true
      }),
      result({
        target: { type: 'certificate', id: '1002', source: 'certificate-id' },
        requestId: 6,
        date: null,
        stillWaiting: 'revoke request 6 awaits approval'
      }),
      result({
        target: { type: 'order', id: '9', source: 'order-id' },
        status: 'failed',
        requestId: null,
        date: null,
        error: { code: 'not_found', message: 'No such order.', http_status: 404 }
      })
    ]
    const keyScan: KeyScanReport = {
      key: { fingerprint: 'ab'.repeat(32), description: 'EC prime256v1' },
      from: 'private-key',
      matches: ['77'],
      expired: ['70'],
      chains: new Map(),
      checked: 5,
      downloaded: 5,
      requests: 7
    }
    const text = renderSummary(results, { ...context, keyScan, alert: { number: 3, resolved: false, blocker: 'failures' } })
    expect(text).toBe(
      [
        '## DigiCert certificate revocation',
        '',
        '**Mode:** live &nbsp; **API host:** www&#8203;.digicert.com',
        '',
        '**2 of 5 targets failed.** Of the others: 1 revoked, 1 accepted by CertCentral; 1 request (5) awaits approval in CertCentral.',
        '',
        '<table>',
        '<tr><th>Type</th><th>Identifier</th><th>Status</th><th>Request ID</th><th>Date</th><th>Error</th></tr>',
        '<tr><td>certificate</td><td>ID 1001</td><td>pending</td><td>5</td><td>2026-12-01T10:00:00+00:00</td><td></td></tr>',
        '<tr><td>certificate</td><td>serial 0A1B (www&#8203;.example.test, from PEM)</td><td>revoked</td><td></td><td></td><td></td></tr>',
        '<tr><td>certificate</td><td>ID 77 (carries the leaked key)</td><td>submitted</td><td></td><td></td><td>answer unreadable</td></tr>',
        '<tr><td>certificate</td><td>ID 1002</td><td>pending</td><td>6</td><td></td><td>still waiting: revoke request 6 awaits approval</td></tr>',
        '<tr><td>order</td><td>ID 9</td><td>failed</td><td></td><td></td><td>HTTP 404 not&#95;found: No such order.</td></tr>',
        '</table>',
        '',
        'CertCentral accepted the requests marked *answer unreadable*, but its answer could not be read as a request object: check them in CertCentral.',
        '',
        '### Notes',
        '',
        '- **certificate serial 0A1B:** already revoked (OCSP at 2026-12-02T10:00:00Z: revoked)',
        '',
        '### What to do next',
        '',
        '- **certificate ID 1002:** Still waiting when wait-timeout ended: revoke request 6 awaits approval.',
        '- **order ID 9:** No such order in the account of this key on www&#8203;.digicert.com: check the order ID, and the region (us or eu).',
        '',
        '### Leaked private key',
        '',
        `- **Key:** EC prime256v1 from private-key, public key SHA-256 ${'ab'.repeat(32)}`,
        "- **Scanned:** 5 certificates of the account's orders, duplicates and reissues (archived ones too) included (5 downloaded, 0 from the index; 7 CertCentral requests)",
        '- **Carried by:** certificates 77',
        '- **Expired, so not revoked:** 70',
        '',
        '**Secret scanning alert #3:** not resolved: Secret scanning alert &#35;3 was left open because a revocation failed.',
        ''
      ].join('\n')
    )
  })

  it('adds no notes, advice, key scan or alert section without them', () => {
    expect(renderSummary([result({})], context)).toBe(
      [
        '## DigiCert certificate revocation',
        '',
        '**Mode:** live &nbsp; **API host:** www&#8203;.digicert.com',
        '',
        'Nothing revoked yet: 1 request (5) awaits approval in CertCentral.',
        '',
        '<table>',
        '<tr><th>Type</th><th>Identifier</th><th>Status</th><th>Request ID</th><th>Date</th><th>Error</th></tr>',
        '<tr><td>certificate</td><td>ID 1001</td><td>pending</td><td>5</td><td>2026-01-01T00:00:00+00:00</td><td></td></tr>',
        '</table>',
        ''
      ].join('\n')
    )
  })

  it('sets the audit record and the section outside the account apart with a blank line each', () => {
    const beyond: BeyondReport = { ...notSearched('report'), mode: 'report', failure: 'crt.sh answered HTTP 503' }
    const text = renderSummary([result({})], {
      ...context,
      audit: { comments: 'c', version: '1.2.3' },
      beyond,
      alert: { number: 3, resolved: true }
    })
    const lines = text.split('\n')
    const audit = lines.findIndex((line) => line.startsWith('**Reason sent:**'))
    expect(lines.slice(audit - 2, audit + 3)).toEqual([
      'Nothing revoked yet: 1 request (5) awaits approval in CertCentral.',
      '',
      '**Reason sent:** none (CertCentral&#39;s default) &nbsp; **Approval skipped:** no &nbsp; **Comment:** c &nbsp; **Started by:** unknown (event: unknown) &nbsp; **Action version:** 1.2.3',
      '',
      '<table>'
    ])
    const section = lines.indexOf('### Outside this account')
    const alert = lines.indexOf('**Secret scanning alert #3:** resolved as revoked')
    expect(section).toBeGreaterThan(audit)
    expect(alert).toBeGreaterThan(section + 2)
    expect(lines[alert - 1]).toBe('')
    expect(lines[alert - 2]).not.toBe('')
    expect(lines.slice(alert)).toEqual(['**Secret scanning alert #3:** resolved as revoked', ''])
  })

  it('lays out the invalid inputs', () => {
    expect(renderInvalidInputs(['order-id: bad', 'region: bad'], (text) => text)).toBe(
      [
        '## DigiCert certificate revocation',
        '',
        '**The inputs are invalid. No revoke request was sent.**',
        '',
        '- order-id: bad',
        '- region: bad',
        ''
      ].join('\n')
    )
  })

  it('fits a row that takes exactly what is left of the budget, and not one that takes a character more', () => {
    /** A pending result whose table row is `length` characters long. */
    const rowOf = (id: number, length: number): RevocationResult => {
      const withDetail = (detail: string) =>
        result({ target: { type: 'certificate', id: String(id), source: 'certificate-pem', detail }, date: null })
      const rowLength = (r: RevocationResult) => renderSummary([r], context).split('\n')[8].length
      const detail = 'x'.repeat(1 + length - rowLength(withDetail('x')))
      const padded = withDetail(detail)
      expect(rowLength(padded)).toBe(length)
      return padded
    }
    // 900 KiB is 225 rows of 4,095 characters and their line breaks.
    expect(SUMMARY_BUDGET).toBe(225 * 4096)
    const rows = (text: string) => text.split('\n').filter((line) => line.startsWith('<tr><td>certificate')).length
    const exact = Array.from({ length: 225 }, (_, i) => rowOf(1000 + i, 4095))
    const fits = renderSummary([...exact, rowOf(2000, 200)], context)
    expect(rows(fits)).toBe(225)
    expect(fits).toContain('… and 1 more target: every target is in the results output.')
    const oneTooLong = renderSummary([...exact.slice(0, 224), rowOf(2001, 4096)], context)
    expect(rows(oneTooLong)).toBe(224)
    expect(oneTooLong).toContain('… and 1 more target: every target is in the results output.')
  })
})
