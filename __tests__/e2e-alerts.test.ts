/**
 * End to end with a fake GitHub REST API on loopback: after every revocation succeeded, the action resolves the
 * secret scanning alert, and only then. On Node 20 and 24.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { serialFor } from '../simulator/account.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { FakeGithub } from './support/fake-github.js'
import { runActionInTest } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

const TOKEN = 'ghs_fake_token_for_tests_0001'
const ALERT_PATH = '/repos/octo-org/certificates/secret-scanning/alerts/7'

describeOnNodes('resolving the alert on %s', (_name, node) => {
  let sim: Simulator
  let github: FakeGithub
  beforeEach(async () => {
    sim = await startSimulator({ rateLimits: false })
    github = await new FakeGithub().start()
  })
  afterEach(async () => {
    await sim.close()
    await github.stop()
  })

  const dispatch = { action: 'secret-leaked', client_payload: { alert_number: 7, certificate_id: '1001' } }
  const run = (inputs: Record<string, string>, event: object = dispatch) =>
    runActionInTest({
      node,
      event,
      env: { GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_API_URL: github.url },
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'resolve-alert': 'true', 'github-token': TOKEN, ...inputs }
    })

  it('revokes first, then resolves the alert from the repository_dispatch payload as revoked', async () => {
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 200, body: { number: 7, state: 'resolved', resolution: 'revoked' } })
    // An order whose requests CertCentral approves at once, like 1002's: every target is accepted, with a request ID.
    sim.account.addOrder({
      id: 5010,
      certificates: [{ id: 1010, serialNumber: serialFor(1010), commonName: 'auto.example.test' }],
      approval: 'auto'
    })
    const result = await run({ 'certificate-id': '1002', 'order-id': '5010' })
    expect(result.exitCode).toBe(0)
    expect(github.requests).toHaveLength(1)
    const [patch] = github.requests
    expect(patch.method).toBe('PATCH')
    expect(patch.path).toBe(ALERT_PATH)
    expect(patch.headers.authorization).toBe(`token ${TOKEN}`)
    const requestIds = result.outputs['request-id'].replace(',', ', ')
    expect(patch.body).toEqual({
      state: 'resolved',
      resolution: 'revoked',
      resolution_comment: `Revoked in DigiCert CertCentral: requests ${requestIds}. Run: https://github.com/octo-org/certificates/actions/runs/4242`
    })
    expect(['1, 2', '2, 1']).toContain(requestIds)
    const lastRevoke = Math.max(...sim.revokeRequests().map((r) => r.at))
    expect(patch.at).toBeGreaterThan(lastRevoke)
    expect(result.outputs['alert-resolved']).toBe('true')
    expect(result.summary).toContain('**Secret scanning alert #7:** resolved as revoked')
    expect(result.outputFile).not.toContain(TOKEN)
    expect(result.summary).not.toContain(TOKEN)
  })

  it('takes alert-number over the payload, and reads client_payload.alert.number', async () => {
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 200, body: {} })
    const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true' }, { client_payload: { alert: { number: 7 } } })
    expect(result.exitCode).toBe(0)
    expect(github.requests.map((r) => r.path)).toEqual([ALERT_PATH])

    const other = '/repos/octo-org/certificates/secret-scanning/alerts/8'
    github.answers.set(`PATCH ${other}`, { status: 200, body: {} })
    const explicit = await run({ 'certificate-id': '1002', 'alert-number': '8', 'skip-approval': 'true' })
    expect(explicit.exitCode).toBe(0)
    expect(github.requests.map((r) => r.path)).toEqual([ALERT_PATH, other])
  })

  it('leaves the alert open when a revocation failed', async () => {
    const result = await run({ 'certificate-id': '1001 1003' })
    expect(result.exitCode).toBe(1)
    expect(github.requests).toHaveLength(0)
    expect(result.outputs['alert-resolved']).toBe('false')
    expect(result.stdout).toContain('Secret scanning alert #7 was left open because a revocation failed.')
  })

  it('leaves the alert open when an administrator rejected the request, and fails the run', async () => {
    sim.inject(
      { method: 'PUT', path: '/certificate/1001/revoke' },
      { status: 201, body: { id: 88, date: '2026-12-01T10:00:00+00:00', type: 'revoke', status: 'rejected' } }
    )
    const result = await run({ 'certificate-id': '1001 1002' })
    expect(result.exitCode).toBe(1)
    expect(github.requests).toHaveLength(0)
    expect(result.outputs).toMatchObject({ status: 'rejected,submitted', 'request-id': '88,1', 'alert-resolved': 'false' })
    expect(result.stdout).toContain('::error::1 of 2 revocations failed; the other was sent.')
    expect(result.stdout).toContain('- certificate 1001: revoke request 88 was rejected.')
    expect(result.stdout).toContain('Secret scanning alert #7 was left open because a revocation failed.')
    expect(result.summary).toContain('**Secret scanning alert #7:** not resolved')
  })

  it('never resolves on a dry run', async () => {
    const result = await run({ 'certificate-id': '1001', 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(github.requests).toHaveLength(0)
    expect(sim.requests).toHaveLength(0)
    expect(result.outputs['alert-resolved']).toBe('false')
  })

  it('says which permission a 403 lacks, and still reports the revocations', async () => {
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 403, body: { message: 'Resource not accessible by integration' } })
    const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('Every revocation was sent, but:')
    expect(result.stdout).toContain('"Secret scanning alerts: write"')
    expect(result.stdout).toContain("the workflow's GITHUB_TOKEN cannot have it")
    expect(result.outputs).toMatchObject({ status: 'submitted', 'request-id': '', 'alert-resolved': 'false' })
    expect(result.summary).toContain('**Secret scanning alert #7:** not resolved')
  })

  it('explains a 404 (no alert, secret scanning off, or a token that cannot see it)', async () => {
    const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('GitHub answered 404 for alert #7 in octo-org/certificates')
    expect(result.stdout).toContain('secret scanning is off')
  })

  it('explains a 422', async () => {
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 422, body: { message: 'Validation Failed' } })
    const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('GitHub refused to resolve alert #7')
  })

  it('refuses resolve-alert without an alert number before any request', async () => {
    const result = await run({ 'certificate-id': '1001' }, { client_payload: {} })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(github.requests).toHaveLength(0)
    expect(result.stdout).toContain('resolve-alert: no alert number is known')
  })
})
