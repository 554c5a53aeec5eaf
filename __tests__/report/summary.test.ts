import { describe, expect, it } from '@jest/globals'
import type { RevocationResult } from '../../src/revocation/revoke.js'
import { escapeText, renderInvalidInputs, renderSummary, type SummaryContext } from '../../src/report/summary.js'

const context: SummaryContext = { dryRun: false, baseUrl: 'https://www.digicert.com/services/v2', skipApproval: false, redact: (text) => text }

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

describe('escapeText', () => {
  it('turns markup into inert character references', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](https://evil.example.invalid) | a | **b** `c` _d_ \\ !'
    const escaped = escapeText(hostile)
    for (const char of ['<', '>', '[', ']', '|', '*', '`', '_', '\\', '!']) expect(escaped).not.toContain(char)
    expect(escaped).toContain('&#60;img src=x onerror=alert(1)&#62;')
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
        result({ target: { type: 'certificate', id: '0A1B', source: 'certificate-pem', detail: 'www.example.test' }, status: 'submitted', requestId: null, date: null }),
        result({ target: { type: 'order', id: '77', source: 'order-id' }, status: 'approved', requestId: 6 })
      ],
      context
    )
    expect(text).toContain('**Mode:** live')
    expect(text).toContain('**API host:** www&#8203;.digicert.com')
    expect(text).toContain('All 3 targets accepted by CertCentral.')
    expect(text).toContain('<tr><td>certificate</td><td>ID 1001</td><td>pending</td><td>5</td><td>2026-01-01T00:00:00+00:00</td><td></td></tr>')
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
      error: { code: 'x|y', message: '</td></tr></table><script>alert(1)</script>\n\n# Owned [link](https://evil.example.invalid)', http_status: 400 }
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
    expect(renderSummary([result({})], { ...context, alert: { number: 3, resolved: true } })).toContain('**Secret scanning alert #3:** resolved as revoked')
    expect(renderSummary([result({})], { ...context, alert: { number: 3, resolved: false, blocker: 'github', message: 'no <b>' } })).toContain('not resolved: no &#60;b&#62;')
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
