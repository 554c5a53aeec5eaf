/** The leaked-key flow across its boundaries: the CertCentral API over a fake transport, a faked alert API. */
import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as actualAlerts from '../../src/github/alerts.js'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import { readRunContext } from '../../src/context.js'
import { identifyPrivateKey, type KeyIdentity } from '../../src/leaked-key/key-identity.js'
import { Secrets } from '../../src/secrets.js'
import { answers, FakeCertCentral, orderOf } from '../support/fake-certcentral.js'
import { testSettings } from '../support/settings.js'

const readAlertSecret = jest.fn<typeof actualAlerts.readAlertSecret>()
jest.unstable_mockModule('../../src/github/alerts.js', () => ({ ...actualAlerts, readAlertSecret }))
const { scanForLeakedKey } = await import('../../src/leaked-key/scan-for-key.js')

const leaked = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' }
})
// Read in a hook, not at load: a fault there fails the tests instead of the file (which Stryker does not count).
let key: KeyIdentity
beforeAll(() => {
  key = identifyPrivateKey(leaked.privateKey)
})
const clock: Clock = { now: () => 0, sleep: async () => undefined }
const LISTING = '/order/certificate?sort=order_id&offset=0&limit=1000'
const aLeaf = expect.stringMatching(/^-----BEGIN CERTIFICATE-----[\s\S]*-----END CERTIFICATE-----$/)

let certcentral: FakeCertCentral
let dir: string
let log: string[]
let warnings: string[]
beforeEach(() => {
  certcentral = new FakeCertCentral()
  dir = mkdtempSync(join(tmpdir(), 'scan-for-key-'))
  log = []
  warnings = []
  readAlertSecret.mockReset()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function scan(settings: ReturnType<typeof testSettings>, secrets = new Secrets()) {
  const api = new CertCentralApi(certcentral, { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 1 })
  const deps = {
    context: readRunContext({ GITHUB_REPOSITORY: 'o/r' }),
    secrets,
    log: (m: string) => void log.push(m),
    warn: (m: string) => void warnings.push(m)
  }
  return scanForLeakedKey(settings, api, deps)
}

describe('scanForLeakedKey', () => {
  it('does nothing without a key', async () => {
    expect(await scan(testSettings())).toBeUndefined()
    expect(certcentral.calls).toEqual([])
  })

  it('finds the carriers, and keeps the index so that the next scan downloads nothing', async () => {
    certcentral.addCertificate(1, createPublicKey(leaked.publicKey)).addCertificate(2).addDuplicate(orderOf(2), 3)
    const indexPath = join(dir, 'index.json')
    const settings = testSettings({ keyScan: { key, fromAlert: false, indexPath } })
    const chains = new Map([['1', { leaf: aLeaf }]])
    expect(await scan(settings)).toEqual({
      key,
      from: 'private-key',
      matches: ['1'],
      expired: [],
      chains,
      checked: 3,
      downloaded: 3,
      requests: 5
    })
    const file = JSON.parse(readFileSync(indexPath, 'utf8'))
    expect(Object.keys(file.certificates)).toEqual(['1', '2', '3'])
    expect(file.orders).toEqual({})
    expect(log[0]).toBe(
      `Looking for every certificate that carries the RSA 2048-bit key from private-key (public key SHA-256 ${key.fingerprint}).`
    )

    certcentral.calls.length = 0
    expect(await scan(settings)).toEqual({
      key,
      from: 'private-key',
      matches: ['1'],
      expired: [],
      chains,
      checked: 3,
      downloaded: 0,
      requests: 3
    })
    // The listing, the duplicates (a duplicate may have been replaced), and the match, which the index alone cannot
    // prove: it is downloaded again before it is revoked.
    expect(certcentral.calls.map((call) => call.path)).toEqual([
      LISTING,
      `/order/certificate/${orderOf(2)}/duplicate?show_archived=true`,
      '/certificate/1/download/format/pem_all'
    ])
  })

  it('reports the carriers that have expired', async () => {
    certcentral
      .addCertificate(1, createPublicKey(leaked.publicKey), { notBefore: new Date(Date.now() - 100 * 86_400_000), days: 30 })
      .addCertificate(2, createPublicKey(leaked.publicKey))
    expect(await scan(testSettings({ keyScan: { key, fromAlert: false } }))).toMatchObject({ matches: ['1', '2'], expired: ['1'] })
  })

  it('writes the index whenever the orders could be listed, none when they could not, and warns when it cannot write one', async () => {
    const indexPath = join(dir, 'index.json')
    await scan(testSettings({ keyScan: { key, fromAlert: false, indexPath } }))
    expect(JSON.parse(readFileSync(indexPath, 'utf8'))).toMatchObject({ version: 2, certificates: {}, orders: {} })

    const unlisted = join(dir, 'unlisted.json')
    certcentral.getAnswers.set(LISTING, answers.error(503, 'unavailable', 'Down.'))
    await scan(testSettings({ keyScan: { key, fromAlert: false, indexPath: unlisted } }))
    expect(existsSync(unlisted)).toBe(false)
    certcentral.getAnswers.clear()

    certcentral.addCertificate(1)
    const blocked = join(dir, 'a-folder')
    mkdirSync(blocked)
    const result = await scan(testSettings({ keyScan: { key, fromAlert: false, indexPath: blocked } }))
    expect(result?.checked).toBe(1)
    expect(warnings).toEqual([
      expect.stringContaining('a-folder could not be read'),
      expect.stringMatching(
        /^certificate-index: .*a-folder could not be written \(.*\); the next run downloads these certificates again\.$/
      )
    ])
  })

  it('names each way the scan can fall short', async () => {
    certcentral.addCertificate(1)
    expect((await scan(testSettings({ keyScan: { key, fromAlert: false } })))?.problem).toEqual({ kind: 'no-match' })

    certcentral.downloadAnswers.set('1', answers.error(500, 'internal', 'Boom.'))
    expect((await scan(testSettings({ keyScan: { key, fromAlert: false } })))?.problem).toEqual({
      kind: 'unchecked',
      unchecked: [{ id: '1', error: { code: 'internal', message: 'Boom.', http_status: 500 } }]
    })

    certcentral.downloadAnswers.clear()
    certcentral.addDuplicate(orderOf(1), 5)
    certcentral.getAnswers.set(`/order/certificate/${orderOf(1)}/duplicate?show_archived=true`, answers.error(500, 'internal', 'Boom.'))
    expect((await scan(testSettings({ keyScan: { key, fromAlert: false } })))?.problem).toEqual({
      kind: 'unchecked',
      unchecked: [{ id: 'order 2', error: { code: 'internal', message: 'Boom.', http_status: 500 } }]
    })

    certcentral.get = async () => answers.error(403, 'access_denied|access_denied_invalid_key', 'Access denied.')
    expect((await scan(testSettings({ keyScan: { key, fromAlert: false } })))?.problem).toEqual({
      kind: 'listing-failed',
      error: { code: 'access_denied|access_denied_invalid_key', message: 'Access denied.', http_status: 403 }
    })
  })

  it('takes the key from the alert, registering its lines as secrets first', async () => {
    certcentral.addCertificate(4, createPublicKey(leaked.publicKey))
    readAlertSecret.mockResolvedValue({ secret: leaked.privateKey, secretType: 'rsa_private_key' })
    const secrets = new Secrets()
    const registered = jest.spyOn(secrets, 'registerPemLines').mockImplementation(() => undefined)
    const settings = testSettings({ alert: { number: 6, resolve: false, token: 'tok' }, keyScan: { fromAlert: true } })
    const result = await scan(settings, secrets)
    expect(readAlertSecret).toHaveBeenCalledWith('tok', { owner: 'o', repo: 'r', number: 6 }, undefined, undefined)
    expect(registered).toHaveBeenCalledWith(leaked.privateKey)
    expect(result).toMatchObject({ from: 'secret scanning alert #6', matches: ['4'], key })
  })

  it('turns an alert that cannot be read into a problem, and lets any other error through', async () => {
    const settings = testSettings({ alert: { number: 6, resolve: false, token: 'tok' }, keyScan: { fromAlert: true } })
    readAlertSecret.mockRejectedValue(new actualAlerts.AlertError('GitHub answered 404 for alert #6.'))
    expect(await scan(settings)).toEqual({
      from: 'secret scanning alert #6',
      matches: [],
      expired: [],
      chains: new Map(),
      checked: 0,
      downloaded: 0,
      requests: 0,
      problem: { kind: 'no-key', message: 'GitHub answered 404 for alert #6.' }
    })
    expect(certcentral.calls).toEqual([])

    readAlertSecret.mockRejectedValue(new RangeError('a bug'))
    await expect(scan(settings)).rejects.toThrow('a bug')
  })
})
