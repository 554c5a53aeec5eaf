import { describe, expect, it } from '@jest/globals'
import type { KeyScanReport } from '../../src/leaked-key/scan-for-key.js'
import { describeKeyScanProblem, keyScanLine, keyScanProblems } from '../../src/report/key-scan.js'

const key = { fingerprint: 'ab'.repeat(32), description: 'EC prime256v1' }
const scan = (overrides: Partial<KeyScanReport> = {}): KeyScanReport => ({
  key,
  from: 'private-key',
  matches: [],
  expired: [],
  chains: new Map(),
  checked: 40,
  downloaded: 12,
  requests: 45,
  ...overrides
})
const denied = (id: string) => ({ id, error: { code: 'access_denied', message: 'no', http_status: 403 } })

describe('keyScanLine', () => {
  it('counts what was checked, downloaded and asked, and names the carriers', () => {
    expect(keyScanLine(scan())).toBe('Key scan: 40 checked, 12 downloaded, 45 CertCentral requests; the key is on none of them.')
    expect(keyScanLine(scan({ matches: ['7'] }))).toBe(
      'Key scan: 40 checked, 12 downloaded, 45 CertCentral requests; the key is on certificate 7.'
    )
    expect(keyScanLine(scan({ matches: ['7', '9'], checked: 1, downloaded: 0, requests: 2 }))).toBe(
      'Key scan: 1 checked, 0 downloaded, 2 CertCentral requests; the key is on certificates 7, 9.'
    )
  })
  it('names the expired carriers, which are not revoked', () => {
    expect(keyScanLine(scan({ matches: ['7'], expired: ['3', '5'] }))).toBe(
      'Key scan: 40 checked, 12 downloaded, 45 CertCentral requests; the key is on certificate 7. Expired, so not revoked: 3, 5.'
    )
  })
})

describe('describeKeyScanProblem', () => {
  it('gives the reason the key could not be had as it was worded', () => {
    expect(describeKeyScanProblem({ kind: 'no-key', message: 'Alert #3 has no secret value.' }, scan())).toBe(
      'Alert #3 has no secret value.'
    )
  })

  it('says a failed listing checked nothing, and why', () => {
    const problem = { kind: 'listing-failed', error: { code: 'invalid_api_key', message: 'bad key', http_status: 401 } } as const
    expect(describeKeyScanProblem(problem, scan())).toBe(
      "The account's orders could not be listed, so no certificate was checked for the key (HTTP 401 invalid_api_key: bad key)."
    )
  })

  it('lists the certificates it could not check, and why', () => {
    expect(describeKeyScanProblem({ kind: 'unchecked', unchecked: [denied('3')] }, scan())).toBe(
      '1 certificate could not be checked for the key, so others may carry it: 3 (HTTP 403 access_denied: no). Run again to check them.'
    )
    const timedOut = { id: '4', error: { code: null, message: 'timed out after 5 attempts', http_status: null } }
    expect(describeKeyScanProblem({ kind: 'unchecked', unchecked: [denied('3'), timedOut] }, scan())).toBe(
      '2 certificates could not be checked for the key, so others may carry it: 3 (HTTP 403 access_denied: no), 4 (timed out after 5 attempts). Run again to check them.'
    )
  })

  it("says certificates or orders when an order's lists could not be read", () => {
    expect(describeKeyScanProblem({ kind: 'unchecked', unchecked: [denied('3'), denied('order 12')] }, scan())).toBe(
      '2 certificates or orders could not be checked for the key, so others may carry it: 3 (HTTP 403 access_denied: no), order 12 (HTTP 403 access_denied: no). Run again to check them.'
    )
    expect(describeKeyScanProblem({ kind: 'unchecked', unchecked: [denied('order 12')] }, scan())).toMatch(
      /^1 certificate or order could not be checked/
    )
    expect(describeKeyScanProblem({ kind: 'unchecked', unchecked: [denied('12 order')] }, scan())).toMatch(
      /^1 certificate could not be checked/
    )
  })

  it('names at most five unchecked certificates, and counts the rest', () => {
    const five = ['1', '2', '3', '4', '5'].map(denied)
    const shown =
      '1 (HTTP 403 access_denied: no), 2 (HTTP 403 access_denied: no), 3 (HTTP 403 access_denied: no), 4 (HTTP 403 access_denied: no), 5 (HTTP 403 access_denied: no)'
    expect(describeKeyScanProblem({ kind: 'unchecked', unchecked: five }, scan())).toBe(
      `5 certificates could not be checked for the key, so others may carry it: ${shown}. Run again to check them.`
    )
    const eight = ['1', '2', '3', '4', '5', '6', '7', '8'].map(denied)
    expect(describeKeyScanProblem({ kind: 'unchecked', unchecked: eight }, scan())).toBe(
      `8 certificates could not be checked for the key, so others may carry it: ${shown} and 3 more. Run again to check them.`
    )
  })

  it('says where the key may be instead when no certificate carries it', () => {
    expect(describeKeyScanProblem({ kind: 'no-match' }, scan({ from: 'secret scanning alert #3' }))).toBe(
      'No certificate among the 40 issued in this CertCentral account carries the key from secret scanning alert #3. It may belong to another CA, another CertCentral account, or the other region (us or eu).'
    )
  })

  it('says that more matches than the safety cap revoked nothing', () => {
    expect(
      describeKeyScanProblem(
        { kind: 'over-cap', targets: 103, cap: 100 },
        scan({ matches: Array.from({ length: 101 }, (_, i) => String(i + 1)) })
      )
    ).toBe(
      'The key is on 101 certificates, which makes 103 targets: more than the safety cap of max-revocations (100), so nothing was revoked. The certificates are in matched-certificates; if they must all be revoked, raise max-revocations and run again.'
    )
    expect(describeKeyScanProblem({ kind: 'over-cap', targets: 2, cap: 1 }, scan({ matches: ['9'] }))).toMatch(
      /^The key is on 1 certificate, which makes 2 targets:/
    )
  })
})

describe('keyScanProblems', () => {
  it("says the scan's own problem, then the safety cap's: neither stands in for the other", () => {
    const overCap = { kind: 'over-cap', targets: 3, cap: 2 } as const
    const both = scan({ matches: ['7', '8', '9'], problem: { kind: 'unchecked', unchecked: [denied('3')] }, overCap })
    expect(keyScanProblems(both)).toEqual([
      '1 certificate could not be checked for the key, so others may carry it: 3 (HTTP 403 access_denied: no). Run again to check them.',
      describeKeyScanProblem(overCap, both)
    ])
    expect(keyScanProblems(scan({ overCap }))).toEqual([describeKeyScanProblem(overCap, scan())])
    expect(keyScanProblems(scan({ problem: { kind: 'no-match' } }))).toEqual([describeKeyScanProblem({ kind: 'no-match' }, scan())])
    expect(keyScanProblems(scan())).toEqual([])
    expect(keyScanProblems(undefined)).toEqual([])
  })
})
