import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type ServerResponse, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startAcmeServer, type AcmeServer } from '../../simulator/acme.js'
import { placeAndAct, type BeyondDeps, type CtFindings } from '../../src/beyond/elsewhere.js'
import type { CertCentralApi } from '../../src/certcentral/api.js'
import { readLogged } from '../../src/ct/confirm.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
import { testSettings } from '../support/settings.js'

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const key = identifyPrivateKey(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
const settle = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms))

/** wait-for: revocation, for certificates revoked through the simulator's ACME server (SPEC, "Beyond the account"). */
describe('the wait for proof of an ACME revocation, step by step', () => {
  let acme: AcmeServer
  /** A CRL server that answers its first request (is it live?) at once, and holds every later one until released. */
  let held: Server
  let heldUrl = ''
  let heard = 0
  const holding: ServerResponse[] = []
  const release = async () => {
    const body = Buffer.from(await (await fetch(`${acme.origin}/acme-ca/crl`)).arrayBuffer())
    for (const response of holding.splice(0)) response.writeHead(200, { 'Content-Type': 'application/pkix-crl' }).end(body)
  }
  beforeAll(async () => {
    acme = await startAcmeServer()
    held = createServer((_request, response) => {
      holding.push(response)
      if (heard++ === 0) void release()
    })
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve))
    heldUrl = `http://127.0.0.1:${(held.address() as AddressInfo).port}/crl`
  })
  afterAll(async () => {
    held.closeAllConnections()
    await new Promise((resolve) => held.close(resolve))
    await acme.close()
  })

  const crlReads = () => acme.requests.filter((r) => r.path === '/acme-ca/crl').length
  /** A clock that moves only when slept on, and the pauses slept. */
  const steppingClock = (start: number, onSleep: () => void = () => undefined) => {
    let now = start
    const slept: number[] = []
    return {
      slept,
      clock: {
        now: () => now,
        sleep: async (ms: number) => {
          slept.push(ms)
          now += ms
          onSleep()
        }
      }
    }
  }
  /** An alarm that records when it is set for, and rings when told. */
  const fakeAlarm = () => {
    const set: number[] = []
    let ring = (): void => undefined
    const alarm = (ms: number) => {
      set.push(ms)
      return { rings: new Promise<void>((resolve) => (ring = resolve)), cancel: () => undefined }
    }
    return { set, alarm, ring: () => ring() }
  }
  const revokeAndWait = (pems: string[], waitDeps: Partial<BeyondDeps>, waitTimeoutMs = 60_000) => {
    const confirmed = pems.map((pem, i) => {
      const read = readLogged(String(91 + i), pem)
      if (typeof read === 'string') throw new Error(read)
      return read.certificate
    })
    const beyond = {
      ctSearch: 'report' as const,
      ctSearchUrl: 'https://crt.sh/',
      acmeRevoke: true,
      acmeDirectories: [{ issuer: 'Simulated ACME CA', url: acme.directoryUrl }]
    }
    // base-url on loopback, as a test's: the certificates' URLs on the simulators may be asked.
    const settings = testSettings({ baseUrl: 'http://127.0.0.1:9/services/v2', beyond, waitFor: 'revocation', waitTimeoutMs })
    const findings: CtFindings = { searched: true, listed: pems.length, confirmed, dropped: 0, requests: 1, ms: 1 }
    return placeAndAct(
      findings,
      { settings, key, accountLeaves: [], api: {} as CertCentralApi, accountTargets: 0 },
      { clock: { now: () => 0, sleep: async () => undefined }, log: () => undefined, warn: () => undefined, redact: (t) => t, ...waitDeps }
    )
  }

  it('asks again after 2 s when its CA does not say revoked yet, and stops as soon as it does (no progress asked for)', async () => {
    const pem = acme.issue(keys.publicKey)
    acme.crlLags = true
    const { clock, slept } = steppingClock(1000, () => (acme.crlLags = false))
    const { alarm } = fakeAlarm()
    try {
      const report = await revokeAndWait([pem], { clock, alarm, waitDeadline: 60_000 })
      expect(slept).toEqual([2000])
      const [entry] = report.certificates
      expect(entry).toEqual(expect.objectContaining({ where: 'acme', status: 'revoked', live: false }))
      expect(entry.detail).toMatch(/^revoked through ACME \(revoked .+ according to the CRL at .+\)$/)
      expect(entry.stillWaiting).toBeUndefined()
    } finally {
      acme.crlLags = false
    }
  })

  it.each([
    // Asked at 1000 and at 3000; 4 s more would pass the deadline: it ends there, without sleeping past it.
    [6000, [2000], 2],
    // Asked at 1000 and at 3000, then sleeps 4 s to the deadline exactly, and asks no more.
    [7000, [2000, 4000], 2]
  ])('pauses 2 s, then twice as long, within the deadline at %d', async (waitDeadline, pauses, asked) => {
    const pem = acme.issue(keys.publicKey)
    acme.crlLags = true
    const { clock, slept } = steppingClock(1000)
    const { alarm } = fakeAlarm()
    try {
      const before = crlReads()
      const report = await revokeAndWait([pem], { clock, alarm, waitDeadline })
      expect(slept).toEqual(pauses)
      // Once to tell that it was live, then for proof.
      expect(crlReads()).toBe(before + 1 + asked)
      const [entry] = report.certificates
      expect(entry).toEqual(expect.objectContaining({ status: 'submitted', live: true }))
      expect(entry.stillWaiting).toMatch(/^not yet revoked according to the CRL at /)
    } finally {
      acme.crlLags = false
    }
  })

  it('without a deadline from the account, waits wait-timeout from now', async () => {
    const pem = acme.issue(keys.publicKey)
    acme.crlLags = true
    const { clock, slept } = steppingClock(1000)
    const { alarm, set } = fakeAlarm()
    try {
      await revokeAndWait([pem], { clock, alarm }, 5000)
      expect(set).toEqual([5000])
      expect(slept).toEqual([2000])
    } finally {
      acme.crlLags = false
    }
  })

  it('cannot wait for proof from a CA that could not be found, and says so without setting an alarm', async () => {
    const pem = acme.issue(keys.publicKey, { urls: { caIssuers: `${acme.origin}/nowhere/ca.crt`, crl: `${acme.origin}/acme-ca/crl` } })
    const { clock, slept } = steppingClock(1000)
    const { alarm, set } = fakeAlarm()
    const report = await revokeAndWait([pem], { clock, alarm, waitDeadline: 60_000 })
    const [entry] = report.certificates
    expect(entry).toEqual(expect.objectContaining({ where: 'acme', status: 'submitted' }))
    expect(entry.issuerPem).toBeUndefined()
    // Why its CA cannot be asked, not the ACME server's answer, which is its detail now.
    expect(entry.detail).toBe('the ACME server accepted the revocation')
    expect(entry.stillWaiting).toMatch(/^its CA cannot be asked: no issuer from its CA Issuers URLs: .*HTTP 404/)
    expect(set).toEqual([])
    expect(slept).toEqual([])
  })

  it('at the deadline, says only of those not proven revoked that it still waits, and hears nothing after it', async () => {
    const proven = acme.issue(keys.publicKey)
    const hanging = acme.issue(keys.publicKey, { urls: { caIssuers: `${acme.origin}/acme-ca/ca.crt`, crl: heldUrl } })
    const { alarm, ring } = fakeAlarm()
    let told = 0
    const clock = { now: () => 1000, sleep: async () => undefined }
    const waiting = revokeAndWait([proven, hanging], { clock, alarm, waitDeadline: 5000, progress: () => void told++ })
    for (let i = 0; i < 500 && heard < 2; i++) await settle(10)
    // Asked whether it was live, revoked through ACME, and now asked for proof: no answer comes.
    expect(heard).toBe(2)
    ring()
    const report = await waiting
    const [first, second] = report.certificates
    expect(first).toEqual(expect.objectContaining({ status: 'revoked', live: false }))
    expect(first.stillWaiting).toBeUndefined()
    expect(second).toEqual(
      expect.objectContaining({ status: 'submitted', live: true, stillWaiting: 'its CA gave no answer before wait-timeout ended' })
    )
    const toldAtTheEnd = told
    // Its CA answers late, and says revoked (the ACME revocation went through): the run has ended, nothing changes.
    await release()
    await settle()
    expect(heard).toBe(2)
    expect(told).toBe(toldAtTheEnd)
    expect(second).toEqual(
      expect.objectContaining({ status: 'submitted', live: true, stillWaiting: 'its CA gave no answer before wait-timeout ended' })
    )
  })
})
