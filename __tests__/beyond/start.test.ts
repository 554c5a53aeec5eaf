/**
 * The run's door beyond the account (start.ts): when CT is searched, what the search is told, and what is done
 * with what placing it gave. elsewhere.ts (the search and the placing) is faked: its own tests are place.test.ts.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type * as Elsewhere from '../../src/beyond/elsewhere.js'
import type { BeyondDeps, CtFindings } from '../../src/beyond/elsewhere.js'
import { notSearched, searchUnderway, type BeyondReport, type ElsewhereCertificate } from '../../src/beyond/report.js'
import type { CertCentralApi } from '../../src/certcentral/api.js'
import type { KeyIdentity } from '../../src/leaked-key/key-identity.js'
import type { KeyScanReport } from '../../src/leaked-key/scan-for-key.js'
import type { Locator } from '../../src/revocation/locate.js'
import { testSettings } from '../support/settings.js'

const searchCt = jest.fn<typeof Elsewhere.searchCt>()
const placeAndAct = jest.fn<typeof Elsewhere.placeAndAct>()
jest.unstable_mockModule('../../src/beyond/elsewhere.js', () => ({ searchCt, placeAndAct }))

const { startCtSearch, finishBeyondAccount } = await import('../../src/beyond/start.js')

const key: KeyIdentity = { fingerprint: 'ab'.repeat(32), description: 'EC prime256v1' }
const findings: CtFindings = { searched: true, listed: 1, confirmed: [], dropped: 0, requests: 2, ms: 1500 }
const api = {} as CertCentralApi
const locator = {} as Locator
const reportMode = testSettings({ beyond: { ctSearch: 'report', ctSearchUrl: 'https://crt.sh/', acmeRevoke: false, acmeDirectories: [] } })

const certificate = (fields: Partial<ElsewhereCertificate> = {}): ElsewhereCertificate => ({
  issuer: 'CN=Other CA',
  serial: 'AB',
  notAfter: '2027-01-01T00:00:00.000Z',
  ctId: '42',
  where: 'other-ca',
  status: 'to-report',
  next: 'ask Other CA',
  live: true,
  ...fields
})
const placed = (fields: Partial<BeyondReport> = {}): BeyondReport => ({ ...notSearched('report'), searched: true, ...fields })
const keyScan = (fields: Partial<KeyScanReport> = {}): KeyScanReport => ({
  key,
  from: 'private-key',
  matches: [],
  expired: [],
  chains: new Map(),
  checked: 0,
  downloaded: 0,
  requests: 0,
  ...fields
})

let warned: string[]
let progress: BeyondReport[]
let deps: BeyondDeps
beforeEach(() => {
  searchCt.mockReset()
  placeAndAct.mockReset()
  warned = []
  progress = []
  deps = {
    clock: { now: () => 0, sleep: async () => undefined },
    log: () => undefined,
    warn: (message) => void warned.push(message),
    redact: (text) => text,
    progress: (report) => void progress.push(report)
  }
})

describe('startCtSearch', () => {
  it('searches nothing, and says nothing, without a key', () => {
    expect(startCtSearch(reportMode, undefined, deps)).toBeUndefined()
    expect(progress).toEqual([])
    expect(searchCt).not.toHaveBeenCalled()
  })

  it('with ct-search: off, reports the search as not made, and makes none', () => {
    expect(startCtSearch(testSettings(), key, deps)).toBeUndefined()
    expect(progress).toEqual([notSearched('off')])
    expect(searchCt).not.toHaveBeenCalled()
    // Told of progress only when it asked to be.
    expect(startCtSearch(testSettings(), key, { ...deps, progress: undefined })).toBeUndefined()
  })

  it('starts the search at once, known as underway, and gives its findings', async () => {
    searchCt.mockResolvedValue(findings)
    const search = startCtSearch(reportMode, key, deps)
    expect(progress).toEqual([searchUnderway('report')])
    await expect(search).resolves.toBe(findings)
    expect(searchCt).toHaveBeenCalledWith(reportMode, key, deps)
    const quiet = { ...deps, progress: undefined }
    await expect(startCtSearch(reportMode, key, quiet)).resolves.toBe(findings)
    expect(searchCt).toHaveBeenLastCalledWith(reportMode, key, quiet)
  })

  it('leaves a search that fails before it is awaited handled, and fails when awaited', async () => {
    const unhandled: unknown[] = []
    const record = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', record)
    try {
      searchCt.mockRejectedValue(new Error('CT broke'))
      const search = startCtSearch(reportMode, key, deps)
      // The account's revocations go on meanwhile: several turns of the event loop.
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
      await expect(search).rejects.toThrow('CT broke')
    } finally {
      process.off('unhandledRejection', record)
    }
  })
})

describe('finishBeyondAccount', () => {
  const context = (scan: KeyScanReport | undefined, fields: { accountTargets?: number } = {}) => ({
    settings: reportMode,
    keyScan: scan,
    api,
    accountTargets: fields.accountTargets ?? 3,
    locator
  })

  it('reports nothing without a key', async () => {
    const search = Promise.resolve(findings)
    await expect(finishBeyondAccount(search, context(undefined), deps)).resolves.toBeUndefined()
    await expect(finishBeyondAccount(search, context(keyScan({ key: undefined })), deps)).resolves.toBeUndefined()
    expect(placeAndAct).not.toHaveBeenCalled()
  })

  it('says CT was not searched when no search was started', async () => {
    const settings = testSettings()
    await expect(finishBeyondAccount(undefined, { ...context(keyScan()), settings }, deps)).resolves.toEqual(notSearched('off'))
    expect(placeAndAct).not.toHaveBeenCalled()
  })

  it("places the findings with the key, the account's leaves, its targets and the run's locator, and gives the report", async () => {
    const report = placed({ listed: 1, certificates: [certificate()] })
    placeAndAct.mockResolvedValue(report)
    const chains = new Map([
      ['1', { leaf: 'LEAF-1', issuer: 'ISSUER' }],
      ['2', { leaf: 'LEAF-2' }]
    ])
    const scan = keyScan({ chains, matches: ['1', '2'] })
    await expect(finishBeyondAccount(Promise.resolve(findings), context(scan), deps)).resolves.toBe(report)
    expect(placeAndAct).toHaveBeenCalledWith(
      findings,
      { settings: reportMode, key, accountLeaves: ['LEAF-1', 'LEAF-2'], api, accountTargets: 3, locator },
      deps
    )
    expect(warned).toEqual([])
  })

  it('over the cap, counts the targets of the scan, none of which was revoked', async () => {
    placeAndAct.mockResolvedValue(placed())
    const scan = keyScan({ overCap: { kind: 'over-cap', targets: 250, cap: 100 } })
    await finishBeyondAccount(Promise.resolve(findings), context(scan, { accountTargets: 0 }), deps)
    expect(placeAndAct.mock.calls[0][1].accountTargets).toBe(250)
  })

  it('warns when CT could not be searched', async () => {
    placeAndAct.mockResolvedValue(placed({ failure: 'HTTP 503' }))
    await finishBeyondAccount(Promise.resolve(findings), context(keyScan()), deps)
    expect(warned).toEqual(['Certificate Transparency could not be searched: HTTP 503.'])
  })

  describe("the key scan's no-match (rule 2)", () => {
    const finish = async (report: BeyondReport, problem: KeyScanReport['problem']) => {
      placeAndAct.mockResolvedValue(report)
      const scan = keyScan({ problem })
      await finishBeyondAccount(Promise.resolve(findings), context(scan), deps)
      return scan.problem
    }

    it('no longer holds once CT confirms a certificate of the key, outside the account or in it', async () => {
      expect(await finish(placed({ certificates: [certificate()] }), { kind: 'no-match' })).toBeUndefined()
      expect(
        await finish(placed({ certificates: [certificate({ status: 'expired', live: false })] }), { kind: 'no-match' })
      ).toBeUndefined()
      expect(await finish(placed({ inAccount: 1 }), { kind: 'no-match' })).toBeUndefined()
    })

    it('holds when CT only lists certificates it could not confirm, or nothing', async () => {
      const unconfirmed = placed({
        certificates: [certificate({ status: 'unconfirmed' }), certificate({ serial: 'CD', status: 'unconfirmed' })]
      })
      expect(await finish(unconfirmed, { kind: 'no-match' })).toEqual({ kind: 'no-match' })
      expect(await finish(placed(), { kind: 'no-match' })).toEqual({ kind: 'no-match' })
    })

    it('leaves any other problem of the scan as it is, and a scan without one without one', async () => {
      const problem: KeyScanReport['problem'] = { kind: 'listing-failed', error: { code: null, message: 'down', http_status: 500 } }
      expect(await finish(placed({ certificates: [certificate()], inAccount: 1 }), problem)).toBe(problem)
      expect(await finish(placed({ certificates: [certificate()], inAccount: 1 }), undefined)).toBeUndefined()
    })
  })
})
