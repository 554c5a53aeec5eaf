import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { startAcmeServer, type AcmeServer } from '../../simulator/acme.js'
import { placeAndAct, type CtFindings } from '../../src/beyond/elsewhere.js'
import type { CertCentralApi } from '../../src/certcentral/api.js'
import { readLogged } from '../../src/ct/confirm.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
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
