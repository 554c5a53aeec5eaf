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
    // resolve-alert reads the alert before anything is revoked: a token that can read it.
    for (const number of [7, 8]) {
      github.answers.set(`GET /repos/octo-org/certificates/secret-scanning/alerts/${number}`, {
        status: 200,
        body: { number, state: 'open' }
      })
    }
  })
  /** The requests that resolve an alert (the read before revoking left out). */
  const patches = () => github.requests.filter((request) => request.method === 'PATCH')
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
    expect(github.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${ALERT_PATH}`, `PATCH ${ALERT_PATH}`])
    const [read, patch] = github.requests
    expect(read.headers.authorization).toBe(`token ${TOKEN}`)
    expect(read.at).toBeLessThan(Math.min(...sim.requests.map((r) => r.at)))
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
    expect(patches().map((r) => r.path)).toEqual([ALERT_PATH])

    const other = '/repos/octo-org/certificates/secret-scanning/alerts/8'
    github.answers.set(`PATCH ${other}`, { status: 200, body: {} })
    const explicit = await run({ 'certificate-id': '1002', 'alert-number': '8', 'skip-approval': 'true' })
    expect(explicit.exitCode).toBe(0)
    expect(patches().map((r) => r.path)).toEqual([ALERT_PATH, other])
  })

  it('leaves the alert open when a revocation failed', async () => {
    const result = await run({ 'certificate-id': '1001 1003' })
    expect(result.exitCode).toBe(1)
    expect(patches()).toHaveLength(0)
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
    expect(patches()).toHaveLength(0)
    expect(result.outputs).toMatchObject({ status: 'rejected,submitted', 'request-id': '88,1', 'alert-resolved': 'false' })
    expect(result.stdout).toContain('::error::1 of 2 revocations failed; the other was sent.')
    expect(result.stdout).toContain('- certificate 1001: revoke request 88 was rejected.')
    expect(result.stdout).toContain('Secret scanning alert #7 was left open because a revocation failed.')
    expect(result.summary).toContain('**Secret scanning alert #7:** not resolved')
  })

  it('never resolves on a dry run, but reads the alert there too', async () => {
    const result = await run({ 'certificate-id': '1001', 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(github.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${ALERT_PATH}`])
    expect(sim.requests).toHaveLength(0)
    expect(result.outputs['alert-resolved']).toBe('false')
    expect(result.outputs.outcome).toBe('dry-run')
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
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 404, body: { message: 'Not Found' } })
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

describeOnNodes('the alert of another repository, and the alert read first, on %s', (_name, node) => {
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

  const WEB_ALERT = '/repos/octo-org/web-shop/secret-scanning/alerts/12'
  const run = (inputs: Record<string, string>) =>
    runActionInTest({
      node,
      env: { GITHUB_API_URL: github.url },
      inputs: {
        'api-key': sim.keys.admin,
        'base-url': sim.baseUrl,
        'resolve-alert': 'true',
        'alert-number': '12',
        'github-token': TOKEN,
        ...inputs
      }
    })

  it('reads and resolves the alert of alert-repository, not of the workflow repository', async () => {
    github.answers.set(`GET ${WEB_ALERT}`, { status: 200, body: { number: 12, state: 'open' } })
    github.answers.set(`PATCH ${WEB_ALERT}`, { status: 200, body: { number: 12, state: 'resolved' } })
    const result = await run({ 'certificate-id': '1002', 'alert-repository': 'octo-org/web-shop' })
    expect(result.exitCode).toBe(0)
    expect(github.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${WEB_ALERT}`, `PATCH ${WEB_ALERT}`])
    expect(result.outputs).toMatchObject({ 'alert-resolved': 'true', outcome: 'done', status: 'submitted' })
  })

  it.each(['octo-org', 'octo-org/web-shop/extra', '../../orgs/octo-org', 'octo org/web'])(
    'refuses alert-repository %j as invalid input, sending nothing to CertCentral or GitHub',
    async (repository) => {
      const result = await run({ 'certificate-id': '1002', 'alert-repository': repository })
      expect(result.exitCode).toBe(1)
      expect(sim.requests).toHaveLength(0)
      expect(github.requests).toHaveLength(0)
      expect(result.stdout).toContain('alert-repository: ')
      expect(result.stdout).toContain('is not a repository (expected owner/name, like octo-org/certificates).')
      expect(result.outputs).toMatchObject({ outcome: 'failed', status: '', results: '[]' })
      expect(result.summary).toContain('The inputs are invalid. No revoke request was sent.')
    }
  )

  it.each([
    [403, 'github-token may not read alert #12 in octo-org/web-shop (403: Resource not accessible by integration)'],
    [404, 'GitHub answered 404 for alert #12 in octo-org/web-shop']
  ])('fails on a %d for the read before anything is revoked, naming the write permission', async (status, said) => {
    github.answers.set(`GET ${WEB_ALERT}`, { status, body: { message: 'Resource not accessible by integration' } })
    const result = await run({ 'certificate-id': '1002', 'alert-repository': 'octo-org/web-shop' })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(github.requests.map((request) => request.method)).toEqual(['GET'])
    expect(result.stdout).toContain(said)
    expect(result.stdout).toContain('"Secret scanning alerts: write"')
    expect(result.stdout).toContain('resolve-alert reads the alert before anything is revoked: nothing was revoked.')
    expect(result.outputs).toMatchObject({ outcome: 'failed', status: '', 'alert-resolved': 'false' })
    expect(result.summary).toContain('nothing was revoked')
  })

  it('fails a dry run too when the token cannot read the alert', async () => {
    github.answers.set(`GET ${WEB_ALERT}`, { status: 403, body: { message: 'Resource not accessible by integration' } })
    const result = await run({ 'certificate-id': '1002', 'alert-repository': 'octo-org/web-shop', 'dry-run': 'true' })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(result.outputs.outcome).toBe('failed')
  })

  it('refuses a github-token shorter than 16 characters before any request', async () => {
    const result = await run({ 'certificate-id': '1002', 'github-token': 'ghp_short' })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(github.requests).toHaveLength(0)
    expect(result.stdout).toContain('github-token: shorter than 16 characters')
  })
})
