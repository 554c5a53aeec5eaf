/**
 * From a leaked private key to every certificate that carries it, end to end: the simulator's account holds
 * real certificates, some sharing the leaked RSA key, one the leaked EC key, the rest their own keys.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serialFor } from '../simulator/account.js'
import { makeKey } from '../simulator/certificates.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { runActionInTest } from './support/action.js'
import { FakeGithub } from './support/fake-github.js'
import { describeOnNodes } from './support/nodes.js'

const RSA_KEY = createPrivateKey(makeKey('rsa')).export({ type: 'pkcs1', format: 'pem' }) as string
const EC_KEY = createPrivateKey(makeKey('ec')).export({ type: 'sec1', format: 'pem' }) as string
const OTHER_KEY = makeKey('rsa')

/** Certificates 7001 and 7002 carry the RSA key, 7003 the EC key; 7004 another key; the demo ones their own. */
function leakAccount(sim: Simulator): void {
  const add = (id: number, key: string) =>
    sim.account.addOrder({
      id: id + 1000,
      certificates: [{ id, serialNumber: serialFor(id), commonName: `k${id}.example.test`, publicKey: createPublicKey(key) }]
    })
  add(7001, RSA_KEY)
  add(7002, RSA_KEY)
  add(7003, EC_KEY)
  add(7004, OTHER_KEY)
}

describeOnNodes('revoking by private key on %s', (_name, node) => {
  let sim: Simulator
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-e2e-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeEach(async () => {
    sim = await startSimulator({ rateLimits: false })
    leakAccount(sim)
  })
  afterEach(async () => sim.close())

  const run = (inputs: Record<string, string>, extra: { env?: Record<string, string>; event?: object; privateKeyText?: string } = {}) =>
    runActionInTest({ node, ...extra, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })
  /** Requests run concurrently, so they may arrive in any order: target order is checked in the outputs. */
  const revokedPaths = () =>
    sim
      .revokeRequests()
      .map((r) => r.path)
      .sort()
  const downloads = () => sim.requests.filter((r) => r.path.endsWith('/download/format/pem_all')).length

  it('revokes both certificates that share an RSA key given as text, and nothing else', async () => {
    const result = await run({ 'private-key': RSA_KEY })
    expect(result.exitCode).toBe(0)
    const [list] = sim.requests.filter((r) => r.path === '/order/certificate')
    expect(list.query).toBe('?sort=order_id&offset=0&limit=1000')
    expect(list.headers).toMatchObject({ accept: 'application/json', 'x-dc-devkey': sim.keys.admin })
    const download = sim.requests.find((r) => r.path.endsWith('/download/format/pem_all'))
    expect(download?.headers).toMatchObject({ accept: '*/*', 'x-dc-devkey': sim.keys.admin })
    expect(download?.method).toBe('GET')
    expect(revokedPaths()).toEqual(['/certificate/7001/revoke', '/certificate/7002/revoke'])
    for (const request of sim.revokeRequests())
      expect(request.body).toMatchObject({ revocation_reason: 'keyCompromise', skip_approval: false })
    expect(result.outputs['matched-certificates']).toBe('7001,7002')
    expect(JSON.parse(result.outputs.results)).toEqual([
      expect.objectContaining({ type: 'certificate', id: '7001', status: 'pending', matched_by: 'private-key' }),
      expect.objectContaining({ type: 'certificate', id: '7002', status: 'pending', matched_by: 'private-key' })
    ])
    expect(result.summary).toContain('### Leaked private key')
    expect(result.summary).toContain('**Carried by:** certificates 7001, 7002')
    expect(result.summary).toContain('<td>ID 7001 (carries the leaked key)</td>')
  })

  it('reads an EC key from a file, and revokes explicit targets first', async () => {
    const path = join(dir, 'leaked-ec.key')
    writeFileSync(path, EC_KEY)
    const result = await run(
      { 'private-key': path, 'certificate-id': '1001', 'revocation-reason': 'superseded' },
      { privateKeyText: EC_KEY }
    )
    expect(result.exitCode).toBe(0)
    expect(revokedPaths()).toEqual(['/certificate/1001/revoke', '/certificate/7003/revoke'])
    for (const request of sim.revokeRequests()) expect(request.body).toMatchObject({ revocation_reason: 'superseded' })
    expect(JSON.parse(result.outputs.results).map((r: { id: string }) => r.id)).toEqual(['1001', '7003'])
    expect(result.outputs['matched-certificates']).toBe('7003')
  })

  it('makes a dry run an inventory: the matches, and no revoke request', async () => {
    const result = await run({ 'private-key': RSA_KEY, 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(sim.revokeRequests()).toHaveLength(0)
    expect(result.outputs['matched-certificates']).toBe('7001,7002')
    expect(result.outputs.status).toBe('dry-run,dry-run')
    expect(result.summary).toContain('Would revoke 2 targets. Nothing was sent.')
  })

  it('fails clearly when no certificate carries the key', async () => {
    const result = await run({ 'private-key': makeKey('ec', 'sec1') }, {})
    expect(result.exitCode).toBe(1)
    expect(sim.revokeRequests()).toHaveLength(0)
    expect(result.outputs['matched-certificates']).toBe('')
    expect(result.stdout).toContain('No certificate among the 9 issued in this CertCentral account carries the key from private-key.')
    expect(result.stdout).toContain('another CA, another CertCentral account, or the other region')
  })

  it('refuses an encrypted key before any request', async () => {
    const encrypted = createPrivateKey(RSA_KEY).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }) as string
    const result = await run({ 'private-key': encrypted })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(result.stdout).toContain('private-key: the private key is encrypted with a passphrase')
  })

  it('downloads only new certificates on a second run with the index, and rebuilds a broken index', async () => {
    const index = join(dir, `index-${node.length}-${Date.now()}.json`)
    await run({ 'private-key': RSA_KEY, 'certificate-index': index, 'dry-run': 'true' })
    expect(downloads()).toBe(9) // five demo certificates (order 5004 has a duplicate) and four of the leak's
    expect(Object.keys(JSON.parse(readFileSync(index, 'utf8')).certificates)).toHaveLength(9)

    sim.account.addOrder({
      id: 9100,
      certificates: [{ id: 7100, serialNumber: serialFor(7100), commonName: 'new.example.test', publicKey: createPublicKey(RSA_KEY) }]
    })
    const second = await run({ 'private-key': RSA_KEY, 'certificate-index': index, 'dry-run': 'true' })
    // The new certificate, and the two matches the index holds, confirmed by download (the index is a cache).
    expect(downloads()).toBe(12)
    expect(second.outputs['matched-certificates']).toBe('7001,7002,7100')
    expect(second.summary).toContain('1 downloaded, 9 from the index')

    writeFileSync(index, '{"version": 1, "certif')
    const third = await run({ 'private-key': RSA_KEY, 'certificate-index': index, 'dry-run': 'true' })
    expect(third.stdout).toMatch(/::warning::certificate-index: .* is not a usable index/)
    expect(downloads()).toBe(22)
    expect(third.outputs['matched-certificates']).toBe('7001,7002,7100')
  })

  it('keeps the alert open when a certificate could not be checked, and revokes what it found', async () => {
    const github = await new FakeGithub().start()
    // resolve-alert reads the alert before anything is revoked.
    github.answers.set('GET /repos/octo-org/certificates/secret-scanning/alerts/12', { status: 200, body: { number: 12, state: 'open' } })
    try {
      sim.inject(
        { method: 'GET', path: '/certificate/7004/download/format/pem_all', times: 10 },
        { status: 403, body: { errors: [{ code: 'access_denied', message: 'Denied for this container.' }] } }
      )
      const result = await run(
        { 'private-key': RSA_KEY, 'resolve-alert': 'true', 'alert-number': '12', 'github-token': 'ghs_fake_alert_token_0003' },
        { env: { GITHUB_API_URL: github.url } }
      )
      expect(result.exitCode).toBe(1)
      expect(github.requests.map((r) => r.method)).toEqual(['GET'])
      expect(revokedPaths()).toEqual(['/certificate/7001/revoke', '/certificate/7002/revoke'])
      expect(result.outputs).toMatchObject({ 'matched-certificates': '7001,7002', 'alert-resolved': 'false' })
      expect(result.stdout).toContain(
        '1 certificate could not be checked for the key, so others may carry it: 7004 (HTTP 403 access_denied: Denied for this container.).'
      )
      expect(result.stdout).toContain(
        'Secret scanning alert #12 was left open because the key scan did not find every certificate of the key.'
      )
      expect(result.summary).toContain('**Secret scanning alert #12:** not resolved')
    } finally {
      await github.stop()
    }
  })

  describe('with the key from the alert', () => {
    let github: FakeGithub
    const TOKEN = 'ghs_fake_alert_token_0002'
    const ALERT = '/repos/octo-org/certificates/secret-scanning/alerts/31'
    beforeEach(async () => {
      github = await new FakeGithub().start()
    })
    afterEach(async () => github.stop())

    const alertRun = (inputs: Record<string, string>) =>
      run(
        { 'key-from-alert': 'true', 'github-token': TOKEN, ...inputs },
        {
          env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'repository_dispatch' },
          event: { client_payload: { alert_number: 31 } },
          privateKeyText: RSA_KEY
        }
      )

    it('reads the secret, revokes what carries it, then resolves the alert', async () => {
      github.answers.set(`GET ${ALERT}`, {
        status: 200,
        body: { number: 31, state: 'open', secret_type: 'rsa_private_key', secret: RSA_KEY }
      })
      github.answers.set(`PATCH ${ALERT}`, { status: 200, body: { number: 31, state: 'resolved' } })
      // With approval skipped, both revocations are done in the run, so the alert is resolved at once.
      const result = await alertRun({ 'resolve-alert': 'true', 'skip-approval': 'true' })
      expect(result.exitCode).toBe(0)
      // Read once, by resolve-alert before anything else: the key scan takes the secret from that read.
      expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${ALERT}`, `PATCH ${ALERT}`])
      expect(github.requests[0].headers.authorization).toBe(`token ${TOKEN}`)
      expect(revokedPaths()).toEqual(['/certificate/7001/revoke', '/certificate/7002/revoke'])
      expect(github.requests[1].at).toBeGreaterThan(Math.max(...sim.revokeRequests().map((r) => r.at)))
      expect(github.requests[1].body).toMatchObject({ state: 'resolved', resolution: 'revoked' })
      expect(result.outputs).toMatchObject({ 'matched-certificates': '7001,7002', 'alert-resolved': 'true' })
      expect(result.summary).toContain('from secret scanning alert &#35;31')
    })

    it('says which permission reading the secret needs, and revokes nothing', async () => {
      github.answers.set(`GET ${ALERT}`, { status: 403, body: { message: 'Resource not accessible by integration' } })
      const result = await alertRun({})
      expect(result.exitCode).toBe(1)
      expect(sim.revokeRequests()).toHaveLength(0)
      expect(result.stdout).toContain('It needs the repository permission "Secret scanning alerts: read"')
    })

    it('explains an alert whose secret is not a private key', async () => {
      github.answers.set(`GET ${ALERT}`, {
        status: 200,
        body: { number: 31, secret_type: 'github_personal_access_token', secret: 'ghp_not_a_key_000000000000000000000000' }
      })
      const result = await alertRun({})
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toContain("The alert's secret type is github_personal_access_token: key-from-alert needs a private key alert.")
      // runActionInTest checks the api-key and token. The secret is never printed, and is not even masked: an
      // alert's secret is registered only once it parses as a key (other secrets, cut into lines, would redact text).
      expect(result.stdout).not.toContain('ghp_not_a_key_000000000000000000000000')
      expect(result.stdout).toContain('Nothing was revoked:')
    })
  })
})
