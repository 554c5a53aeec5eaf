import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startAcmeServer, type AcmeServer } from '../../simulator/acme.js'
import { startCtServer, type CtServer } from '../../simulator/ct.js'
import { placeAndAct, searchCt, type CtFindings } from '../../src/beyond/elsewhere.js'
import type { BeyondReport } from '../../src/beyond/report.js'
import type { CertCentralApi } from '../../src/certcentral/api.js'
import { readLogged } from '../../src/ct/confirm.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
import { NO_ORDER_HOLDS_IT, type Locator } from '../../src/revocation/locate.js'
import { testSettings } from '../support/settings.js'

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const key = identifyPrivateKey(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
const noApi = {} as CertCentralApi
const deps = {
  clock: { now: () => 0, sleep: async () => undefined },
  log: () => undefined,
  warn: () => undefined,
  redact: (t: string) => t
}

describe('placeAndAct', () => {
  let acme: AcmeServer
  beforeAll(async () => {
    acme = await startAcmeServer()
  })
  afterAll(() => acme.close())

  const confirmed = (pem: string, id = '77') => {
    const read = readLogged(id, pem)
    if (typeof read === 'string') throw new Error(read)
    return read.certificate
  }
  const findings = (certificates: CtFindings['confirmed']): CtFindings => ({
    searched: true,
    listed: certificates.length,
    confirmed: certificates,
    dropped: 0,
    requests: 1,
    ms: 1000
  })
  const beyond = {
    ctSearch: 'report' as const,
    ctSearchUrl: 'https://crt.sh/',
    acmeRevoke: true,
    acmeDirectories: [{ issuer: 'Simulated ACME CA', url: 'http://127.0.0.1:9/directory' }]
  }

  it('reports an expired certificate as expired, asking nobody', async () => {
    const pem = acme.issue(keys.publicKey, { ca: acme.otherCa, notBefore: new Date(Date.now() - 10 * 86400_000), days: 5 })
    const before = acme.requests.length
    const report = await placeAndAct(
      findings([confirmed(pem)]),
      { settings: testSettings({ beyond }), key, accountLeaves: [], api: noApi, accountTargets: 0 },
      deps
    )
    expect(report.certificates).toEqual([expect.objectContaining({ where: 'other-ca', status: 'expired', live: false, next: null })])
    expect(acme.requests).toHaveLength(before)
  })

  it('recognises a certificate of the account by issuer and serial, and leaves it out', async () => {
    const pem = acme.issue(keys.publicKey, { ca: acme.otherCa })
    const report = await placeAndAct(
      findings([confirmed(pem)]),
      { settings: testSettings({ beyond }), key, accountLeaves: [pem], api: noApi, accountTargets: 1 },
      deps
    )
    expect(report.certificates).toEqual([])
    expect(report.inAccount).toBe(1)
  })

  describe('a DigiCert certificate, looked up in the account by serial', () => {
    const placed = async (answer: string) => {
      const asked: string[] = []
      const locator = {
        locate: async (target: { id: string }) => {
          asked.push(target.id)
          return answer
        }
      } as unknown as Locator
      const pem = acme.issue(keys.publicKey, { ca: acme.digicertCa, serialNumber: '0c7' })
      const context = { settings: testSettings({ beyond }), key, accountLeaves: [], api: noApi, accountTargets: 0, locator }
      const report = await placeAndAct(findings([confirmed(pem)]), context, deps)
      return { report, asked }
    }
    it("is another account's only when no order holds it", async () => {
      const { report, asked } = await placed(NO_ORDER_HOLDS_IT)
      expect(asked).toEqual(['C7'])
      expect(report.certificates).toEqual([
        expect.objectContaining({
          where: 'digicert-other-account',
          status: 'to-report',
          next: "report it to DigiCert (certificate problem report), or run with that account's key"
        })
      ])
      expect(report.certificates[0].lookupFailed).toBeUndefined()
    })
    it.each([
      'the certificate could not be looked up by serial number (HTTP 500: internal error)',
      'CertCentral lists 2 orders for this certificate, not one'
    ])("is unconfirmed, never another account's, when the lookup says %s", async (failure) => {
      const { report } = await placed(failure)
      expect(report.certificates).toEqual([
        expect.objectContaining({ where: 'digicert-other-account', status: 'unconfirmed', live: true, lookupFailed: failure })
      ])
      expect(report.certificates[0].next).toBe(
        `CertCentral could not tell whether this account holds it (${failure}): run again, or look serial C7 up in CertCentral; if no order holds it, report it to DigiCert (certificate problem report)`
      )
      expect(report.certificates[0].next).not.toContain("that account's key")
    })
  })

  it('in a dry run marks an ACME certificate dry-run, and sends nothing to ACME', async () => {
    const pem = acme.issue(keys.publicKey)
    const report = await placeAndAct(
      findings([confirmed(pem)]),
      { settings: testSettings({ beyond, dryRun: true }), key, accountLeaves: [], api: noApi, accountTargets: 0 },
      deps
    )
    expect(report.certificates).toEqual([
      expect.objectContaining({ where: 'acme', status: 'dry-run', next: 'a live run revokes it through 127.0.0.1:9, signed by the key' })
    ])
    expect(acme.revokeRequests()).toHaveLength(0)
  })

  describe('tells progress the report as it stands (what an interrupted run reports)', () => {
    /** Each report progress was told, as it was then: the statuses, and whether an ACME request was unanswered. */
    const watched = () => {
      const told: BeyondReport[] = []
      const seen: { status: string; acmeUnanswered?: true }[][] = []
      const progress = (report: BeyondReport) => {
        told.push(report)
        seen.push(report.certificates.map(({ status, acmeUnanswered }) => ({ status, ...(acmeUnanswered ? { acmeUnanswered } : {}) })))
      }
      return { told, seen, progress }
    }
    const settingsWith = (fields: Parameters<typeof testSettings>[0] = {}) =>
      testSettings({ beyond: { ...beyond, acmeDirectories: [{ issuer: 'Simulated ACME CA', url: acme.directoryUrl }] }, ...fields })

    it('once placed, as each ACME revocation is sent, and once it is answered', async () => {
      const { told, seen, progress } = watched()
      const pem = acme.issue(keys.publicKey)
      const context = { settings: settingsWith(), key, accountLeaves: [], api: noApi, accountTargets: 0 }
      const report = await placeAndAct(findings([confirmed(pem)]), context, { ...deps, progress })
      expect(seen).toEqual([[{ status: 'to-report' }], [{ status: 'to-report', acmeUnanswered: true }], [{ status: 'submitted' }]])
      // The run's own report, whose later changes are known too.
      expect(told.every((r) => r === report)).toBe(true)
      expect(acme.revokeRequests().at(-1)?.status).toBe(200)
    })

    it('as the wait for proof finds it revoked', async () => {
      const { seen, progress } = watched()
      const pem = acme.issue(keys.publicKey)
      // base-url on loopback, as a test's is: the certificate's OCSP URL is on the simulator's host (127.0.0.1).
      const settings = settingsWith({ baseUrl: 'http://127.0.0.1:9/services/v2', waitFor: 'revocation', waitTimeoutMs: 60_000 })
      const clock = { now: () => 1000, sleep: async () => undefined }
      await placeAndAct(
        findings([confirmed(pem)]),
        { settings, key, accountLeaves: [], api: noApi, accountTargets: 0 },
        { ...deps, clock, waitDeadline: 60_000, progress }
      )
      expect(seen.slice(2)).toEqual([[{ status: 'submitted' }], [{ status: 'revoked' }]])
    })

    it.each([
      ['in a dry run', { dryRun: true }, 'dry-run'],
      ['over max-revocations', { maxRevocations: 1 }, 'failed']
    ])('%s, once it is known that nothing is sent', async (_, fields, status) => {
      const { seen, progress } = watched()
      const pem = acme.issue(keys.publicKey)
      const context = { settings: settingsWith(fields), key, accountLeaves: [], api: noApi, accountTargets: 1 }
      await placeAndAct(findings([confirmed(pem)]), context, { ...deps, progress })
      expect(seen).toEqual([[{ status: 'to-report' }], [{ status }]])
    })

    it('once only in a dry run without an ACME certificate', async () => {
      const { seen, progress } = watched()
      const pem = acme.issue(keys.publicKey, { ca: acme.otherCa })
      const context = { settings: settingsWith({ dryRun: true }), key, accountLeaves: [], api: noApi, accountTargets: 0 }
      await placeAndAct(findings([confirmed(pem)]), context, { ...deps, progress })
      expect(seen).toEqual([[{ status: 'to-report' }]])
    })

    it('when the key is not at hand to sign', async () => {
      const { seen, progress } = watched()
      const pem = acme.issue(keys.publicKey)
      const context = { settings: settingsWith(), key: { ...key, signingKey: undefined }, accountLeaves: [], api: noApi, accountTargets: 0 }
      await placeAndAct(findings([confirmed(pem)]), context, { ...deps, progress })
      expect(seen).toEqual([[{ status: 'to-report' }], [{ status: 'failed' }]])
    })
  })

  it('reports the search as it was: searched, its failure, its counts and its seconds', async () => {
    const report = await placeAndAct(
      { searched: true, failure: 'CT answered HTTP 503', listed: 0, confirmed: [], dropped: 2, requests: 3, ms: 2500 },
      { settings: testSettings({ beyond }), key, accountLeaves: [], api: noApi, accountTargets: 0 },
      deps
    )
    expect(report).toEqual({
      mode: 'report',
      searched: true,
      failure: 'CT answered HTTP 503',
      listed: 0,
      dropped: 2,
      inAccount: 0,
      missedByScan: [],
      certificates: [],
      requests: 3,
      seconds: 2.5
    })
  })

  describe('a certificate CT lists but that could not be downloaded (unconfirmed)', () => {
    const unconfirmed = (issuer: string, ctId = '90') => ({
      kind: 'unconfirmed' as const,
      ctId,
      issuer,
      serial: '5A01',
      notAfter: '2099-01-01T00:00:00.000Z',
      why: 'the download failed (HTTP 404)'
    })
    const directories = [
      { issuer: 'ACME by name', url: 'http://127.0.0.1:9/directory' },
      { issuer: 'ACME by org', url: 'http://127.0.0.1:9/directory' }
    ]
    const place = async (issuers: string[], acmeRevoke = true) => {
      const before = acme.requests.length
      const report = await placeAndAct(
        findings(issuers.map((issuer) => unconfirmed(issuer))),
        {
          settings: testSettings({ beyond: { ...beyond, acmeRevoke, acmeDirectories: directories } }),
          key,
          accountLeaves: [],
          api: noApi,
          accountTargets: 0
        },
        deps
      )
      expect(acme.requests).toHaveLength(before)
      return report
    }

    it('is placed by the issuer its listing names, however the name is spaced, and nothing is asked or sent', async () => {
      const report = await place([
        'CN=ACME by name, O=Nobody',
        'C=US,CN=ACME by name',
        'C=US, CN=ACME by name',
        'O=ACME by org, CN=Nobody',
        'C=US,O=ACME by org',
        'C=US, O=ACME by org',
        'C=US, O=Other Trust Ltd, CN=Other Trust TLS CA',
        'C=US, O=Some Org, CN=Some CA',
        'C=US',
        'C=US, O=DigiCert Inc, CN=Some Issuing CA'
      ])
      expect(report.certificates.map((c) => c.where)).toEqual([
        'acme',
        'acme',
        'acme',
        'acme',
        'acme',
        'acme',
        'other-ca',
        'other-ca',
        'other-ca',
        'digicert-other-account'
      ])
      expect(report.certificates[0]).toEqual({
        issuer: 'CN=ACME by name, O=Nobody',
        serial: '5A01',
        notAfter: '2099-01-01T00:00:00.000Z',
        ctId: '90',
        where: 'acme',
        status: 'unconfirmed',
        next: 'download it from CT (crt.sh ID 90) and check it by hand: the download failed (HTTP 404)',
        live: true
      })
      expect(report.certificates.every((c) => c.status === 'unconfirmed' && c.live)).toBe(true)
    })

    it('without acme-revoke, is never placed at an ACME CA', async () => {
      const report = await place(['CN=ACME by name, O=Nobody', 'O=ACME by org, CN=Nobody'], false)
      expect(report.certificates.map((c) => c.where)).toEqual(['other-ca', 'other-ca'])
    })
  })

  it("a DigiCert certificate an order of the account holds counts as the account's, missed by the scan, with a warning", async () => {
    const asked: unknown[] = []
    const locator = {
      locate: async (target: unknown) => {
        asked.push(target)
        return { orderId: 12 }
      }
    } as unknown as Locator
    const warnings: string[] = []
    const pem = acme.issue(keys.publicKey, { ca: acme.digicertCa, serialNumber: '0c8' })
    const found = confirmed(pem)
    const report = await placeAndAct(
      findings([found]),
      { settings: testSettings({ beyond }), key, accountLeaves: [], api: noApi, accountTargets: 0, locator },
      { ...deps, warn: (message: string) => warnings.push(message) }
    )
    expect(asked).toEqual([{ type: 'certificate', id: 'C8', source: 'serial-number' }])
    expect(report.certificates).toEqual([])
    expect(report.inAccount).toBe(1)
    expect(report.missedByScan).toEqual(['C8'])
    expect(warnings).toEqual([`CT lists serial C8 of ${found.issuer}, which this account holds but the key scan did not find.`])
  })

  it('reports a certificate that expires at this very moment as expired', async () => {
    const pem = acme.issue(keys.publicKey, { ca: acme.otherCa })
    const found = confirmed(pem)
    const before = acme.requests.length
    const report = await placeAndAct(
      findings([found]),
      { settings: testSettings({ beyond }), key, accountLeaves: [], api: noApi, accountTargets: 0 },
      { ...deps, now: () => new Date(found.notAfter) }
    )
    expect(report.certificates).toEqual([expect.objectContaining({ status: 'expired', live: false, next: null })])
    expect(acme.requests).toHaveLength(before)
  })

  it('reports a certificate its CA already says is revoked as revoked, with nothing to do', async () => {
    const pem = acme.issue(keys.publicKey, { ca: acme.otherCa })
    acme.revoke(pem)
    // base-url on loopback, as a test's is: the certificate's URLs are on the simulator's host (127.0.0.1).
    const settings = testSettings({ baseUrl: 'http://127.0.0.1:9/services/v2', beyond })
    const report = await placeAndAct(findings([confirmed(pem)]), { settings, key, accountLeaves: [], api: noApi, accountTargets: 0 }, deps)
    expect(report.certificates).toEqual([expect.objectContaining({ where: 'other-ca', status: 'revoked', live: false, next: null })])
    expect(report.certificates[0].detail).toMatch(/^already revoked \(revoked .+ according to the CRL at .+\)$/)
  })

  it('without acme-revoke, places an ACME-capable issuer at other-ca and says acme-revoke would revoke it', async () => {
    const pem = acme.issue(keys.publicKey)
    const report = await placeAndAct(
      findings([confirmed(pem)]),
      { settings: testSettings({ beyond: { ...beyond, acmeRevoke: false } }), key, accountLeaves: [], api: noApi, accountTargets: 0 },
      deps
    )
    expect(report.certificates).toEqual([expect.objectContaining({ where: 'other-ca', status: 'to-report' })])
    expect(report.certificates[0].next).toMatch(/^acme-revoke: true would revoke it/)
  })
})

describe('ACME revocations and what they answer', () => {
  let acme: AcmeServer
  beforeAll(async () => {
    acme = await startAcmeServer()
  })
  afterAll(() => acme.close())

  /** Places ACME certificates (the simulator's ACME CA), no progress told, and returns the report and the log. */
  const act = async (
    pems: string[],
    fields: Parameters<typeof testSettings>[0] = {},
    context: { accountTargets?: number; signing?: boolean } = {}
  ) => {
    const beyond = {
      ctSearch: 'report' as const,
      ctSearchUrl: 'https://crt.sh/',
      acmeRevoke: true,
      acmeDirectories: [{ issuer: 'Simulated ACME CA', url: acme.directoryUrl }]
    }
    const settings = testSettings({ baseUrl: 'http://127.0.0.1:9/services/v2', beyond, ...fields })
    const logs: string[] = []
    const certificates = pems.map((pem, i) => {
      const read = readLogged(String(81 + i), pem)
      if (typeof read === 'string') throw new Error(read)
      return read.certificate
    })
    const report = await placeAndAct(
      { searched: true, listed: certificates.length, confirmed: certificates, dropped: 0, requests: 1, ms: 1 },
      {
        settings,
        key: context.signing === false ? { ...key, signingKey: undefined } : key,
        accountLeaves: [],
        api: noApi,
        accountTargets: context.accountTargets ?? 0
      },
      { ...deps, log: (message: string) => logs.push(message) }
    )
    return { report, logs }
  }

  it('sends them when the account and they reach max-revocations exactly', async () => {
    const before = acme.revokeRequests().length
    const { report } = await act([acme.issue(keys.publicKey)], { maxRevocations: 2 }, { accountTargets: 1 })
    expect(report.certificates).toEqual([expect.objectContaining({ where: 'acme', status: 'submitted', next: null, live: true })])
    expect(report.certificates[0].error).toBeUndefined()
    expect(acme.revokeRequests()).toHaveLength(before + 1)
  })

  it('sends none over max-revocations, and says why (no progress asked for)', async () => {
    const before = acme.revokeRequests().length
    const { report } = await act([acme.issue(keys.publicKey)], { maxRevocations: 2 }, { accountTargets: 2 })
    expect(report.certificates).toEqual([
      expect.objectContaining({
        status: 'failed',
        next: "not sent: with the account's 2 targets, more than max-revocations (2); raise it and run again"
      })
    ])
    expect(acme.revokeRequests()).toHaveLength(before)
  })

  it('sends none when the key is not at hand to sign, and says so (no progress asked for)', async () => {
    const before = acme.revokeRequests().length
    const { report } = await act([acme.issue(keys.publicKey)], {}, { signing: false })
    expect(report.certificates).toEqual([
      expect.objectContaining({ status: 'failed', next: 'the key is not at hand to sign the revocation', live: true })
    ])
    expect(acme.revokeRequests()).toHaveLength(before)
  })

  it('reports a refusal as failed, with its error, and whom to ask; and waits for no proof of it', async () => {
    const pem = acme.issue(keys.publicKey)
    acme.refuse = { status: 403, type: 'urn:ietf:params:acme:error:unauthorized', detail: 'not today' }
    const crlReads = () => acme.requests.filter((r) => r.path === '/acme-ca/crl').length
    const before = crlReads()
    try {
      const { report, logs } = await act([pem], { waitFor: 'revocation', waitTimeoutMs: 60_000 })
      const [entry] = report.certificates
      expect(entry).toEqual(expect.objectContaining({ where: 'acme', status: 'failed', live: true }))
      expect(entry.error).toEqual({ type: 'urn:ietf:params:acme:error:unauthorized', detail: entry.detail })
      expect(entry.detail).toContain('not today')
      expect(entry.next).toBe('ask Simulated ACME CA to revoke it: key compromise')
      expect(entry.stillWaiting).toBeUndefined()
      // Read once, to tell that it was live: never for proof of a revocation that was refused.
      expect(crlReads()).toBe(before + 1)
      expect(logs).toContain(`ACME ${new URL(acme.directoryUrl).host}: serial ${entry.serial} failed (${entry.detail}).`)
    } finally {
      acme.refuse = undefined
    }
  })

  it('reports one the ACME server says is already revoked as revoked, not live', async () => {
    const pem = acme.issue(keys.publicKey)
    const { report: first } = await act([pem])
    expect(first.certificates).toEqual([expect.objectContaining({ status: 'submitted', live: true })])
    // Its CA publishes late: only the ACME server knows it is revoked.
    acme.crlLags = true
    try {
      const { report, logs } = await act([pem])
      const [entry] = report.certificates
      expect(entry).toEqual(expect.objectContaining({ where: 'acme', status: 'revoked', live: false, next: null }))
      expect(entry.detail).toMatch(/^already revoked, according to the ACME server/)
      expect(entry.error).toBeUndefined()
      expect(logs).toContain(`ACME ${new URL(acme.directoryUrl).host}: serial ${entry.serial} revoked (${entry.detail}).`)
    } finally {
      acme.crlLags = false
    }
  })
})

describe('the wait for proof of an ACME revocation', () => {
  let acme: AcmeServer
  /** A CRL server that answers the first request (is it live?) with the ACME CA's CRL, then never again: a CA hanging at the deadline. */
  let hanging: Server
  let hangingUrl = ''
  let heard = 0
  beforeAll(async () => {
    acme = await startAcmeServer()
    hanging = createServer((_request, response) => {
      if (heard++ > 0) return
      void fetch(`${acme.origin}/acme-ca/crl`)
        .then((crl) => crl.arrayBuffer())
        .then((body) => response.writeHead(200, { 'Content-Type': 'application/pkix-crl' }).end(Buffer.from(body)))
    })
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/crl`
  })
  afterAll(async () => {
    hanging.closeAllConnections()
    await new Promise((resolve) => hanging.close(resolve))
    await acme.close()
  })

  const revokeAndWait = (pem: string, waitDeps: Partial<typeof deps> & Record<string, unknown>) => {
    const read = readLogged('78', pem)
    if (typeof read === 'string') throw new Error(read)
    const beyond = {
      ctSearch: 'report' as const,
      ctSearchUrl: 'https://crt.sh/',
      acmeRevoke: true,
      acmeDirectories: [{ issuer: 'Simulated ACME CA', url: acme.directoryUrl }]
    }
    // base-url on loopback, as a test's: the certificates' URLs on the simulators may be asked.
    const baseUrl = 'http://127.0.0.1:9/services/v2'
    const settings = testSettings({ baseUrl, beyond, waitFor: 'revocation', waitTimeoutMs: 60_000, requestTimeoutMs: 30_000 })
    const ctFindings: CtFindings = { searched: true, listed: 1, confirmed: [read.certificate], dropped: 0, requests: 1, ms: 1 }
    return placeAndAct(ctFindings, { settings, key, accountLeaves: [], api: noApi, accountTargets: 0 }, { ...deps, ...waitDeps })
  }

  it("asks no CA once the account's deadline has passed (CT and ACME took longer), and says it still waits", async () => {
    const pem = acme.issue(keys.publicKey)
    const crlReads = () => acme.requests.filter((r) => r.path === '/acme-ca/crl').length
    const before = crlReads()
    // wait-timeout is 60 s, but the deadline counted from the end of the revoke requests came at 1000.
    const clock = { now: () => 1500, sleep: async () => undefined }
    const report = await revokeAndWait(pem, { clock, waitDeadline: 1000 })
    expect(report.acmeRequests).toBe(1)
    // Read once, to tell that it was live before revoking it; never for proof.
    expect(crlReads()).toBe(before + 1)
    expect(report.certificates).toEqual([
      expect.objectContaining({ where: 'acme', status: 'submitted', stillWaiting: 'its CA gave no answer before wait-timeout ended' })
    ])
  })

  it("abandons a CA still asked at the deadline, set at the account's, and keeps nothing it says later", async () => {
    const pem = acme.issue(keys.publicKey, { urls: { caIssuers: `${acme.origin}/acme-ca/ca.crt`, crl: hangingUrl } })
    let ring = (): void => undefined
    const set: number[] = []
    let cancelled = 0
    const alarm = (ms: number) => {
      set.push(ms)
      return { rings: new Promise<void>((resolve) => (ring = resolve)), cancel: () => void cancelled++ }
    }
    const clock = { now: () => 1000, sleep: async () => undefined }
    let told: BeyondReport | undefined
    const waiting = revokeAndWait(pem, { clock, waitDeadline: 5000, alarm, progress: (report: BeyondReport) => (told = report) })
    for (let i = 0; i < 500 && heard < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10))
    // Asked whether it was live, revoked through ACME, and now asked for proof: no answer comes.
    expect(heard).toBe(2)
    expect(acme.revokeRequests().at(-1)?.status).toBe(200)
    // Interrupted now, the run would say what is true: submitted, and the wait not over (so no word of its end).
    expect(told?.certificates).toEqual([expect.objectContaining({ where: 'acme', status: 'submitted' })])
    expect(told?.certificates[0].stillWaiting).toBeUndefined()
    // The alarm rings at the account's deadline, not wait-timeout after CT and ACME ended.
    expect(set).toEqual([4000])
    ring()
    const report = await waiting
    expect(cancelled).toBe(1)
    expect(report.certificates).toEqual([
      expect.objectContaining({ where: 'acme', status: 'submitted', stillWaiting: 'its CA gave no answer before wait-timeout ended' })
    ])
  })
})

describe('the address rules beyond the account, with base-url public', () => {
  let acme: AcmeServer
  let ct: CtServer
  beforeAll(async () => {
    ;[acme, ct] = await Promise.all([startAcmeServer(), startCtServer()])
  })
  afterAll(async () => Promise.all([acme.close(), ct.close()]))
  // base-url does not resolve: no loopback or private address is opened by it. The simulators are on 127.0.0.1.
  const baseUrl = 'https://api.digicert.invalid/services/v2'
  const paths = (from: number) => acme.requests.slice(from).map((request) => request.path)
  /** Places one certificate as CT would give it, confirmed, and acts on it: the report, and the requests it made. */
  const placeLogged = async (ctId: string, pem: string, settings: ReturnType<typeof testSettings>) => {
    const read = readLogged(ctId, pem)
    if (typeof read === 'string') throw new Error(read)
    const before = acme.requests.length
    const report = await placeAndAct(
      { searched: true, listed: 1, confirmed: [read.certificate], dropped: 0, requests: 1, ms: 1 },
      { settings, key, accountLeaves: [], api: noApi, accountTargets: 0 },
      deps
    )
    return { report, requested: paths(before) }
  }

  it('searches the CT service under its exemption, and asks the CA that a certificate found there names on that host', async () => {
    // Another CA's certificate whose URLs are on the CT service's host (127.0.0.1): an internal mirror beside its CA.
    const pem = acme.issue(keys.publicKey, { ca: acme.otherCa })
    ct.add(pem)
    const beyond = { ctSearch: 'report' as const, ctSearchUrl: ct.url, acmeRevoke: false, acmeDirectories: [] }
    const settings = testSettings({ baseUrl, beyond })
    const found = await searchCt(settings, key, deps)
    expect(found).toMatchObject({
      listed: 1,
      dropped: 0,
      requests: 2,
      confirmed: [expect.objectContaining({ kind: 'confirmed', pem: pem.trim() })]
    })
    expect(found.failure).toBeUndefined()
    const before = acme.requests.length
    const report = await placeAndAct(found, { settings, key, accountLeaves: [], api: noApi, accountTargets: 0 }, deps)
    expect(report.certificates).toEqual([expect.objectContaining({ where: 'other-ca', status: 'to-report', live: true })])
    expect(report.certificates[0].detail).toMatch(/^not yet revoked according to the CRL at \d{4}-\d\d-\d\dT[\d:]+Z$/)
    expect(paths(before)).toEqual(['/other-ca/ca.crt', '/other-ca/crl'])
  })

  it('refuses the URLs a certificate found in CT names on a host the inputs do not name, on the same address', async () => {
    const origin = `http://localhost:${new URL(acme.directoryUrl).port}`
    const pem = acme.issue(keys.publicKey, { ca: acme.otherCa, urls: { caIssuers: `${origin}/other/ca.crt`, crl: `${origin}/other/crl` } })
    const beyond = { ctSearch: 'report' as const, ctSearchUrl: ct.url, acmeRevoke: false, acmeDirectories: [] }
    const { report, requested } = await placeLogged('80', pem, testSettings({ baseUrl, beyond }))
    expect(report.certificates).toEqual([expect.objectContaining({ where: 'other-ca', status: 'to-report', live: true })])
    expect(report.certificates[0].detail).toBe(
      'its CA cannot be asked: no issuer from its CA Issuers URLs: refused localhost, at 127.0.0.1: a loopback address, and only public ones are asked'
    )
    expect(requested).toEqual([])
  })

  it('revokes through the ACME directory under its exemption, which covers its CA on the same host', async () => {
    const pem = acme.issue(keys.publicKey)
    const beyond = {
      ctSearch: 'report' as const,
      ctSearchUrl: 'https://crt.sh/',
      acmeRevoke: true,
      acmeDirectories: [{ issuer: 'Simulated ACME CA', url: acme.directoryUrl }]
    }
    const { report, requested } = await placeLogged('79', pem, testSettings({ baseUrl, beyond }))
    expect(report.certificates).toEqual([
      expect.objectContaining({ where: 'acme', status: 'submitted', detail: 'the ACME server accepted the revocation' })
    ])
    expect(report.certificates[0].issuerPem).toContain('-----BEGIN CERTIFICATE-----')
    // Its CA, on the directory's host (exempt with it), then the directory, its nonce and its revokeCert.
    expect(requested).toEqual(['/acme-ca/ca.crt', '/acme-ca/crl', '/directory', '/acme/new-nonce', '/acme/revoke-cert'])
  })
})
