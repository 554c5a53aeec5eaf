/**
 * End to end: the bundled action started as the runner starts it, against the CertCentral simulator on
 * loopback. Each test checks what the simulator received and what the action wrote, on Node 20 and 24.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { issueCertificate } from '../simulator/x509.js'
import { ACTION_ENTRY } from '../simulator/runner.js'
import { runActionInTest } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

const RUN_URL = 'https://github.com/octo-org/certificates/actions/runs/4242'

describeOnNodes('the action on %s', (_name, node) => {
  let sim: Simulator
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeEach(async () => {
    sim = await startSimulator({ rateLimits: false })
  })
  afterEach(async () => sim.close())

  const run = (inputs: Record<string, string>, extra: { timeoutMs?: number; env?: Record<string, string>; event?: object } = {}) =>
    runActionInTest({ node, ...extra, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })

  it('plans a dry run without sending anything', async () => {
    const result = await run({ 'certificate-id': '1001, 1003', 'order-id': '5004', 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(sim.requests).toHaveLength(0)
    expect(result.outputs).toEqual({
      'request-id': ',,',
      status: 'dry-run,dry-run,dry-run',
      results: expect.any(String),
      'alert-resolved': 'false',
      'matched-certificates': '',
      outcome: 'dry-run',
      elsewhere: '[]'
    })
    expect(JSON.parse(result.outputs.results).map((r: { id: string; type: string }) => `${r.type}:${r.id}`)).toEqual([
      'certificate:1001',
      'certificate:1003',
      'order:5004'
    ])
    expect(result.summary).toContain('dry run (no revoke request was sent)')
    expect(result.summary).toContain('Would revoke 3 targets.')
  })

  it("revokes a mixed batch in target order, with the contract's headers and body", async () => {
    const serial = sim.account.certificates.get(1002)?.serialNumber ?? ''
    const result = await run({
      'certificate-id': '1001\n1003',
      'serial-number': serial.toLowerCase().replace(/(..)(?!$)/g, '$1:'),
      'order-id': '5004, 9999'
    })
    const revokes = sim.revokeRequests()
    // Sent concurrently, so they may arrive in any order; the outputs below keep target order.
    expect(revokes.map((r) => r.path).sort()).toEqual(
      [
        '/certificate/1001/revoke',
        '/certificate/1003/revoke',
        `/certificate/${serial}/revoke`,
        '/order/certificate/5004/revoke',
        '/order/certificate/9999/revoke'
      ].sort()
    )
    for (const request of revokes) {
      expect(request.headers['x-dc-devkey']).toBe(sim.keys.admin)
      expect(request.headers['content-type']).toBe('application/json')
      expect(request.headers.accept).toBe('application/json')
      expect(request.headers['user-agent']).toMatch(/^digicert-revoke-action\/\d+\.\d+\.\d+$/)
      // Each comment ends with its target, so that an approver sees it and a later run finds the request.
      const tag = / \((certificate \d+|serial [0-9A-F]+|order \d+)\)$/.exec(String((request.body as { comments?: string }).comments))?.[0]
      expect(tag).toBeDefined()
      expect(request.body).toEqual({
        comments: `Revoked from octo-org/certificates by GitHub Actions: ${RUN_URL}${tag}`,
        skip_approval: false
      })
      const path = request.path.replace(/\/revoke$/, '')
      expect(tag).toBe(
        path.startsWith('/order/')
          ? ` (order ${path.split('/').pop()})`
          : path.endsWith(serial)
            ? ` (serial ${serial})`
            : ` (certificate ${path.split('/').pop()})`
      )
    }
    expect(result.outputs.status).toBe('pending,failed,submitted,pending,failed')
    // The simulator numbers requests as they arrive; the outputs hold them in target order.
    expect(result.outputs['request-id']).toMatch(/^\d,,\d,\d,$/)
    expect(result.outputs['request-id'].split(',').filter(Boolean).sort()).toEqual(['1', '2', '3'])
    const results = JSON.parse(result.outputs.results)
    expect(results[1]).toEqual({
      type: 'certificate',
      id: '1003',
      source: 'certificate-id',
      request_id: null,
      status: 'failed',
      date: null,
      error: { code: 'pending_reissue', message: expect.stringContaining('pending reissue'), http_status: 400 }
    })
    expect(results[0].date).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('::error::2 of 5 revocations failed; the others were sent.')
    expect(result.stdout).toContain('certificate 1003: HTTP 400 pending_reissue')
    expect(result.stdout).toContain('order 9999: HTTP 404 not_found|order: Order not found.')
    expect(result.summary).toContain('**2 of 5 targets failed.**')
    expect(result.summary).toContain('<tr><td>certificate</td><td>ID 1001</td><td>pending</td><td>1</td>')
    expect(result.summary).toContain('### What to do next')
  })

  it('skips approval with an admin key: 204 becomes submitted with no request ID', async () => {
    const result = await run({
      'certificate-id': '1001',
      'skip-approval': 'TRUE',
      'revocation-reason': 'KEY_COMPROMISE',
      comments: 'INC-7'
    })
    expect(result.exitCode).toBe(0)
    expect(sim.revokeRequests()[0].body).toEqual({
      comments: 'INC-7 (certificate 1001)',
      skip_approval: true,
      revocation_reason: 'keyCompromise'
    })
    expect(sim.revokeRequests()[0].status).toBe(204)
    expect(result.outputs).toMatchObject({ 'request-id': '', status: 'submitted' })
    expect(sim.account.certificates.get(1001)?.status).toBe('revoked')
  })

  it("explains that skip-approval needs an administrator's key", async () => {
    const result = await run({ 'api-key': sim.keys.user, 'certificate-id': '1001', 'skip-approval': 'true' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('failed')
    expect(result.stdout).toContain('access_denied|missing_permission')
    expect(result.stdout).toContain('skip-approval needs the key of an administrator')
  })

  it('refuses invalid input before sending anything, without a stack trace', async () => {
    const result = await run({
      'certificate-id': '1001 12ab',
      'dry-run': 'yes',
      'base-url': 'http://certcentral.example.invalid/services/v2'
    })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(result.stdout).toContain("certificate-id: '12ab' is not a certificate ID")
    expect(result.stdout).toContain("dry-run: 'yes' is not a boolean")
    expect(result.stdout).toContain('base-url:')
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /)
    expect(result.summary).toContain('The inputs are invalid. No revoke request was sent.')
    expect(result.outputs).toMatchObject({ status: '', results: '[]' })
  })

  it('revokes and says so when run outside a runner, with no job summary file', async () => {
    const result = await run({ 'certificate-id': '1001' }, { env: { GITHUB_STEP_SUMMARY: '' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('pending')
    expect(result.stdout).toContain('::warning::GITHUB_STEP_SUMMARY is not set, so no job summary was written')
  })

  it('refuses a run over max-revocations before sending anything', async () => {
    const result = await run({ 'certificate-id': '1001 1002 1003', 'max-revocations': '2' })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(result.stdout).toContain('more than the safety cap of 2')
  })

  it('revokes the certificates of a PEM file by serial number', async () => {
    const serial = sim.account.certificates.get(1004)?.serialNumber ?? ''
    const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    const path = join(dir, 'leaked.pem')
    writeFileSync(path, issueCertificate({ commonName: 'mail.example.test', serialNumber: serial, publicKey }))
    const result = await run({ 'certificate-pem': path })
    expect(result.exitCode).toBe(0)
    expect(sim.revokeRequests().map((r) => r.path)).toEqual([`/certificate/${serial}/revoke`])
    expect(result.summary).toContain(`serial ${serial} (mail.example.test, from PEM)`)
  })

  /** A copy of the bundle without the chunks `drop` picks: a run that needs one of them would fail to load it. */
  const bundleWithout = (name: string, drop: (text: string) => boolean) => {
    const bundle = join(dir, name)
    cpSync(join(ACTION_ENTRY, '..'), bundle, { recursive: true })
    const chunks = readdirSync(bundle).filter((file) => /^\d+\.index\.js$/.test(file))
    const dropped = chunks.filter((chunk) => drop(readFileSync(join(bundle, chunk), 'utf8')))
    for (const chunk of dropped) rmSync(join(bundle, chunk))
    return { entry: join(bundle, 'index.js'), dropped }
  }

  it('loads @actions/github only for runs that touch an alert: a revocation runs without its chunk', async () => {
    const { entry, dropped } = bundleWithout('bundle-without-octokit', (text) => text.includes('getOctokit'))
    expect(dropped).toHaveLength(1)
    const result = await runActionInTest({
      node,
      entry,
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': '1001' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('pending')
  })

  it('loads no chunk for a dry run of the targets named in its inputs: it asks nobody anything', async () => {
    const { entry, dropped } = bundleWithout('bundle-without-chunks', () => true)
    expect(dropped.length).toBeGreaterThan(1)
    const result = await runActionInTest({
      node,
      entry,
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': '1001', 'serial-number': '0A1B2C', 'dry-run': 'true' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('dry-run,dry-run')
    expect(result.outputs.outcome).toBe('dry-run')
    expect(sim.requests).toHaveLength(0)
  })
})
