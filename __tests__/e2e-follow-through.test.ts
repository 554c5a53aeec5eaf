/**
 * "Following a revocation through", end to end against the simulator on Node 20 and 24: the comment tag, open
 * requests reused, already revoked as a success, wait-for approval and revocation, asking the CA (a signed OCSP
 * answer, a forged or mismatched one refused, the CRL fallback), timeouts that name what is awaited, the alert left
 * open while a request is pending and resolved by a later run, and the unknown key's advice.
 *
 * The action's polls start 2 s apart, so the waits here are a few seconds; wait-timeout takes decimal minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.js'
import { decodeSummary, runActionInTest, type ActionResult } from './support/action.js'
import { FakeGithub } from './support/fake-github.js'
import { describeOnNodes } from './support/nodes.js'

/** Each run spawns Node and may wait a few seconds; a busy machine can be slow. */
const SLOW = 120_000
const TOKEN = 'ghs_fake_token_for_follow_through_0001'
const ALERT_PATH = '/repos/octo-org/certificates/secret-scanning/alerts/7'

interface ResultItem {
  type: string
  id: string
  request_id: number | null
  status: string
  error: { code: string | null; message: string; http_status: number | null } | null
}

const resultsOf = (result: ActionResult): ResultItem[] => JSON.parse(result.outputs.results) as ResultItem[]
/** The log without the runner's mask command, workflow commands' escapes undone. */
const logOf = (result: ActionResult): string => result.stdout.replace(/%0A/g, '\n').replace(/%25/g, '%')

describeOnNodes('following a revocation through on %s', (_name, node) => {
  let sim: Simulator
  let github: FakeGithub | undefined
  const start = async (options: SimulatorOptions = {}) => {
    sim = await startSimulator({ rateLimits: false, ...options })
  }
  afterEach(async () => {
    await sim?.close()
    await github?.stop()
    github = undefined
  })

  const run = (inputs: Record<string, string>, extra: { env?: Record<string, string>; event?: object } = {}) =>
    runActionInTest({ node, timeoutMs: SLOW, ...extra, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })
  const paths = (method: string, pattern: RegExp) =>
    sim.requests.filter((r) => r.method === method && pattern.test(r.path)).map((r) => r.path)

  describe('the comment tag', () => {
    beforeEach(() => start())

    it(
      'ends every revoke request comment with the tag of its target: certificate, serial or order',
      async () => {
        const serial1002 = sim.account.certificates.get(1002)?.serialNumber as string
        const given = serial1002.toLowerCase().replace(/(..)(?!$)/g, '$1:')
        const result = await run({ 'certificate-id': '1001', 'serial-number': given, 'order-id': '5004', comments: 'Leaked in INC-1234' })
        expect(result.exitCode).toBe(0)
        const comments = new Map(sim.revokeRequests().map((r) => [r.path, (r.body as { comments: string }).comments]))
        expect(Object.fromEntries(comments)).toEqual({
          '/certificate/1001/revoke': 'Leaked in INC-1234 (certificate 1001)',
          [`/certificate/${serial1002}/revoke`]: `Leaked in INC-1234 (serial ${serial1002})`,
          '/order/certificate/5004/revoke': 'Leaked in INC-1234 (order 5004)'
        })
        // The default comment carries the tag too, and CertCentral keeps it for the approver to read.
        const second = await run({ 'certificate-id': '1005' })
        expect(second.exitCode).toBe(0)
        const last = sim.revokeRequests().at(-1)?.body as { comments: string }
        expect(last.comments).toMatch(/ \(certificate 1005\)$/)
        expect([...sim.account.requests.values()].at(-1)?.comments).toBe(last.comments)
      },
      SLOW
    )
  })

  describe('open requests are reused', () => {
    beforeEach(() => start())

    it(
      'sends no second revoke request for a target whose open request carries its tag',
      async () => {
        const first = await run({ 'certificate-id': '1001' })
        expect(first.exitCode).toBe(0)
        expect(first.outputs).toMatchObject({ status: 'pending', 'request-id': '1' })
        expect(sim.revokeRequests()).toHaveLength(1)

        const before = sim.requests.length
        const second = await run({ 'certificate-id': '1001' })
        expect(second.exitCode).toBe(0)
        expect(second.outputs).toMatchObject({ status: 'pending', 'request-id': '1' })
        expect(sim.revokeRequests()).toHaveLength(1)
        // One listing of the open revoke requests, the comment of each, then the order of the target whose tag one carries.
        const asked = sim.requests.slice(before).map((r) => `${r.method} ${r.path}${r.query}`)
        expect(asked).toEqual([
          'GET /request?filters[status]=pending&filters[type]=revoke&offset=0&limit=1000',
          'GET /request/1',
          'GET /order/certificate?filters[certificate_id]=1001&offset=0&limit=1'
        ])
        expect(second.stdout).toContain('certificate 1001: pending, request 1 (open revoke request 1 reused, filed by someone else')
        expect(second.summary).toContain('open revoke request 1 reused')
      },
      SLOW
    )

    it(
      'does not reuse a request for another target, nor with skip-approval, and revokes anyway when the listing fails',
      async () => {
        await run({ 'certificate-id': '1001' })
        const other = await run({ 'certificate-id': '1005' })
        expect(other.outputs).toMatchObject({ status: 'pending', 'request-id': '2' })
        expect(sim.revokeRequests()).toHaveLength(2)

        // With skip-approval the new revocation supersedes the open request: no listing at all.
        const before = sim.requests.length
        const skipped = await run({ 'certificate-id': '1001', 'skip-approval': 'true' })
        expect(skipped.exitCode).toBe(0)
        expect(skipped.outputs).toMatchObject({ status: 'submitted', 'request-id': '' })
        expect(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /certificate/1001/revoke'])

        // A listing that fails: a warning, and the target is revoked anyway (a duplicate is harmless).
        sim.inject(
          { method: 'GET', path: /^\/request$/ },
          { status: 500, body: { errors: [{ code: 'internal_error', message: 'Boom.' }] } }
        )
        const failedListing = await run({ 'certificate-id': '1005' })
        expect(failedListing.exitCode).toBe(0)
        expect(failedListing.outputs).toMatchObject({ status: 'pending', 'request-id': '3' })
        expect(failedListing.stdout).toMatch(
          /::warning::The open revoke requests could not be read \(.*internal_error.*\), so every target is revoked anyway/
        )
        expect(sim.revokeRequests()).toHaveLength(4)
      },
      SLOW
    )
  })

  describe('already revoked', () => {
    beforeEach(() => start())

    it(
      'reports a certificate that CertCentral refuses as already revoked as revoked, once its CA says so',
      async () => {
        sim.account.markRevoked([1001], 'keyCompromise')
        const result = await run({ 'certificate-id': '1001 1006' })
        expect(result.exitCode).toBe(0)
        expect(sim.revokeRequests().map((r) => r.status)).toEqual([400, 400])
        expect(sim.ocspRequests().length).toBeGreaterThanOrEqual(2)
        expect(result.outputs).toMatchObject({ status: 'revoked,revoked', 'request-id': ',' })
        expect(resultsOf(result).map((r) => [r.id, r.status, r.error])).toEqual([
          ['1001', 'revoked', null],
          ['1006', 'revoked', null]
        ])
        expect(result.stdout).toMatch(
          /certificate 1001: revoked \(already revoked \(revoked at \S+ \(keyCompromise\) according to OCSP at \S+\)\)/
        )
        expect(result.summary).toContain('already revoked')
        expect(result.stdout).not.toContain('::error::')
      },
      SLOW
    )

    it(
      'asks an order its status, and keeps a refusal when the authority says the target is not revoked',
      async () => {
        const order = await run({ 'order-id': '5005' })
        expect(order.exitCode).toBe(0)
        expect(order.outputs.status).toBe('revoked')
        expect(order.stdout).toContain('order 5005: revoked (already revoked (order status revoked))')
        expect(paths('GET', /^\/order\/certificate\/5005$/)).toEqual(['/order/certificate/5005'])
        expect(sim.ocspRequests()).toHaveLength(0)

        // CertCentral says "already revoked" of a certificate that is not: the CA decides, and the refusal stands.
        sim.inject(
          { method: 'PUT', path: '/certificate/1001/revoke' },
          { status: 400, body: { errors: [{ code: 'already_revoked', message: 'The certificate is already revoked.' }] } }
        )
        const refused = await run({ 'certificate-id': '1001' })
        expect(refused.exitCode).toBe(1)
        expect(refused.outputs.status).toBe('failed')
        expect(refused.stdout).toMatch(/certificate 1001: failed \(not revoked before this run: not yet revoked according to OCSP at \S+\)/)
      },
      SLOW
    )
  })

  describe('wait-for: revocation, through a signed OCSP answer', () => {
    beforeEach(() => start())

    it(
      'reports a certificate revoked with skip-approval as revoked once OCSP says so',
      async () => {
        const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true', 'wait-for': 'revocation', 'wait-timeout': '1' })
        expect(result.exitCode).toBe(0)
        expect(result.outputs).toMatchObject({ status: 'revoked', 'request-id': '' })
        // The CA was asked: the certificate and its issuer from CertCentral, then one OCSP request; no CRL needed.
        expect(paths('GET', /download/)).toEqual(['/certificate/1001/download/format/pem_all'])
        expect(sim.ocspRequests()).toHaveLength(1)
        expect(sim.ocspRequests()[0].headers['content-type']).toBe('application/ocsp-request')
        expect(sim.crlRequests()).toHaveLength(0)
        expect(result.stdout).toMatch(/After waiting: certificate 1001: revoked \(revoked at \S+ according to OCSP at \S+\)/)
        expect(result.summary).toContain('<td>revoked</td>')
        expect(result.summary).toMatch(/revoked at \S+ according to OCSP/)
      },
      SLOW
    )

    it(
      'keeps asking while OCSP still says good, and reports revoked once it turns, with progress in the log',
      async () => {
        sim.ocspLagMs = 2_500
        const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true', 'wait-for': 'revocation', 'wait-timeout': '1' })
        expect(result.exitCode).toBe(0)
        expect(result.outputs.status).toBe('revoked')
        expect(sim.ocspRequests().length).toBeGreaterThanOrEqual(2)
        expect(result.stdout).toMatch(
          /Waiting for revocation of 1 target since \d\d:\d\d:\d\d UTC \(certificate 1001: not yet revoked according to OCSP at \S+\); next check in \d+ s\./
        )
        expect(result.stdout).toMatch(/After waiting: certificate 1001: revoked \(revoked at \S+ according to OCSP at \S+\)/)
      },
      SLOW
    )

    it(
      'waits for the approval first, then for the CA',
      async () => {
        sim.approveAfterMs = 3_000
        const result = await run({ 'certificate-id': '1001', 'wait-for': 'revocation', 'wait-timeout': '1' })
        expect(result.exitCode).toBe(0)
        expect(result.outputs).toMatchObject({ status: 'revoked', 'request-id': '1' })
        expect(result.stdout).toMatch(/Waiting for approval of 1 revoke request \(1\) since \d\d:\d\d:\d\d UTC; next check in \d+ s\./)
        expect(paths('GET', /^\/request\/1$/).length).toBeGreaterThanOrEqual(2)
        // The pending target is asked of its CA too (someone may have revoked it already); after the read that
        // found it approved, the CA says revoked.
        const approvedSeen = sim.requests.findLast((r) => r.path === '/request/1')?.at ?? Infinity
        expect(sim.ocspRequests().some((ocsp) => ocsp.at < approvedSeen)).toBe(true)
        expect(sim.ocspRequests().at(-1)?.at).toBeGreaterThan(approvedSeen)
      },
      SLOW
    )

    it(
      'reports an order revoked with skip-approval as revoked by its status, asking no CA',
      async () => {
        const result = await run({ 'order-id': '5004', 'skip-approval': 'true', 'wait-for': 'revocation', 'wait-timeout': '1' })
        expect(result.exitCode).toBe(0)
        expect(result.outputs).toMatchObject({ status: 'revoked', 'request-id': '' })
        expect(paths('GET', /^\/order\/certificate\/5004$/)).toEqual(['/order/certificate/5004'])
        expect(sim.ocspRequests()).toHaveLength(0)
        expect(result.stdout).toContain('After waiting: order 5004: revoked (order status revoked)')
      },
      SLOW
    )
  })

  describe('an answer the action cannot verify is no answer', () => {
    it(
      'refuses a forged OCSP "revoked" and lets the CRL decide',
      async () => {
        await start({ ocsp: 'forged', crlLagMs: 2_500 })
        const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true', 'wait-for': 'revocation', 'wait-timeout': '1' })
        expect(result.exitCode).toBe(0)
        expect(result.outputs.status).toBe('revoked')
        // The forged OCSP answer said revoked from the start; the CRL did not list the revocation yet, so the action waited.
        expect(result.stdout).toMatch(
          /Waiting for revocation of 1 target .*not yet revoked according to the CRL at \S+ \(OCSP: the OCSP answer was signed by a responder certificate that the issuer did not sign\)/
        )
        expect(result.stdout).toMatch(
          /After waiting: certificate 1001: revoked \(revoked at \S+ according to the CRL at \S+ \(OCSP: the OCSP answer was signed by a responder certificate that the issuer did not sign\)\)/
        )
        expect(sim.crlRequests().length).toBeGreaterThanOrEqual(2)
        expect(sim.ocspRequests().length).toBe(sim.crlRequests().length)
      },
      SLOW
    )

    it(
      'with no CRL either: not revoked, and the run fails saying what the CA said',
      async () => {
        await start({ ocsp: 'forged', crl: 'down' })
        const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true', 'wait-for': 'revocation', 'wait-timeout': '0.05' })
        expect(result.exitCode).toBe(1)
        expect(result.outputs.status).toBe('submitted')
        expect(sim.ocspRequests().length).toBeGreaterThanOrEqual(1)
        const log = logOf(result)
        expect(log).toContain('::error::1 of 1 revocation failed.')
        expect(log).toMatch(
          /- certificate 1001: not revoked according to its authority after 0\.05 min \(last answer: OCSP: the OCSP answer was signed by a responder certificate that the issuer did not sign; CRL: HTTP 503/
        )
        expect(result.summary).toContain('still waiting: not revoked according to its authority')
      },
      SLOW
    )

    it.each([
      ['forged', 'the OCSP answer was signed by a responder certificate that the issuer did not sign'],
      ['mismatched', '']
    ] as const)(
      'does not take a %s OCSP "revoked" as proof that a refused certificate was already revoked',
      async (ocsp, why) => {
        await start({ ocsp })
        sim.inject(
          { method: 'PUT', path: '/certificate/1001/revoke' },
          { status: 400, body: { errors: [{ code: 'already_revoked', message: 'The certificate is already revoked.' }] } }
        )
        const result = await run({ 'certificate-id': '1001' })
        expect(result.exitCode).toBe(1)
        expect(result.outputs.status).toBe('failed')
        expect(sim.ocspRequests()).toHaveLength(1)
        expect(sim.crlRequests()).toHaveLength(1)
        expect(result.stdout).toMatch(
          /certificate 1001: failed \(not revoked before this run: not yet revoked according to the CRL at \S+ \(OCSP: [^)]+\)\)/
        )
        if (why) expect(result.stdout).toContain(why)
      },
      SLOW
    )
  })

  describe('the CRL fallback', () => {
    it(
      'reads the CRL when the OCSP responder does not answer',
      async () => {
        await start({ ocsp: 'down' })
        const result = await run({ 'certificate-id': '1001', 'skip-approval': 'true', 'wait-for': 'revocation', 'wait-timeout': '1' })
        expect(result.exitCode).toBe(0)
        expect(result.outputs.status).toBe('revoked')
        // The responder is tried by POST, then by GET (the request in the path), before the CRL is read.
        expect(sim.ocspRequests().map((r) => `${r.method} ${r.status}`)).toEqual(['POST 503', 'GET 503'])
        expect(sim.crlRequests().map((r) => r.status)).toEqual([200])
        expect(result.stdout).toMatch(
          /After waiting: certificate 1001: revoked \(revoked at \S+ according to the CRL at \S+ \(OCSP: HTTP 503/
        )
      },
      SLOW
    )
  })

  describe('a timeout names what is awaited', () => {
    beforeEach(() => start())

    it(
      'fails wait-for: approval with the request to approve',
      async () => {
        const result = await run({ 'certificate-id': '1001', 'wait-for': 'approval', 'wait-timeout': '0.05' })
        expect(result.exitCode).toBe(1)
        expect(result.outputs).toMatchObject({ status: 'pending', 'request-id': '1' })
        expect(paths('GET', /^\/request\/1$/).length).toBeGreaterThanOrEqual(2)
        expect(sim.ocspRequests()).toHaveLength(0)
        const log = logOf(result)
        expect(log).toMatch(/Waiting for approval of 1 revoke request \(1\) since \d\d:\d\d:\d\d UTC; next check in \d+ s\./)
        expect(log).toContain(
          "- certificate 1001: revoke request 1 still awaits an administrator's approval in CertCentral after 0.05 min: approve it (Certificates > Requests), or run again later."
        )
        expect(result.summary).toContain('still waiting: revoke request 1 still awaits an administrator')
      },
      SLOW
    )
  })

  describe('the alert stays open until the revocation is done', () => {
    beforeEach(async () => {
      await start()
      github = await new FakeGithub().start()
      github.answers.set(`PATCH ${ALERT_PATH}`, { status: 200, body: { number: 7, state: 'resolved', resolution: 'revoked' } })
      // resolve-alert reads the alert before anything is revoked.
      github.answers.set(`GET ${ALERT_PATH}`, { status: 200, body: { number: 7, state: 'open' } })
    })
    /** The requests that resolve the alert (each run's read before revoking left out). */
    const patches = () => github?.requests.filter((request) => request.method === 'PATCH') ?? []
    const runWithAlert = (inputs: Record<string, string>) =>
      run(
        { 'certificate-id': '1001', 'resolve-alert': 'true', 'alert-number': '7', 'github-token': TOKEN, ...inputs },
        { env: { GITHUB_API_URL: (github as FakeGithub).url } }
      )

    it(
      'leaves it open while the request is pending, and a later run that waits reuses the request and resolves it',
      async () => {
        const first = await runWithAlert({})
        expect(first.exitCode).toBe(0)
        expect(first.outputs).toMatchObject({ status: 'pending', 'request-id': '1', 'alert-resolved': 'false' })
        expect(patches()).toHaveLength(0)
        expect(first.stdout).toContain(
          "Secret scanning alert #7 stays open: revoke request 1 awaits an administrator's approval in CertCentral. A later run (for example the scheduled poll) finds the same request and resolves the alert once approved."
        )
        expect(decodeSummary(first.summary)).toContain(
          '**Secret scanning alert #7:** not resolved: Secret scanning alert #7 stays open: revoke request 1 awaits'
        )

        // The second run finds request 1 still open and waits; an administrator approves it meanwhile.
        const started = sim.requests.length
        // It reads request 1 twice: its comment (to reuse it), then its status (the first poll of wait-for).
        let running = true
        const approveWhenWatched = (async () => {
          while (running && sim.requests.slice(started).filter((r) => r.path === '/request/1').length < 2)
            await new Promise((resolve) => setTimeout(resolve, 50))
          if (running) sim.account.approve(1)
        })()
        const second = await runWithAlert({ 'wait-for': 'revocation', 'wait-timeout': '1' })
        running = false
        await approveWhenWatched
        expect(second.exitCode).toBe(0)
        expect(sim.revokeRequests()).toHaveLength(1)
        expect(second.outputs).toMatchObject({ status: 'revoked', 'request-id': '1', 'alert-resolved': 'true' })
        expect(second.stdout).toContain('certificate 1001: pending, request 1 (open revoke request 1 reused, filed by someone else')
        expect(second.stdout).toMatch(/After waiting: certificate 1001: revoked, request 1 \(revoked at \S+ according to OCSP at \S+\)/)
        expect(patches()).toHaveLength(1)
        const [patch] = patches()
        expect(patch).toMatchObject({ method: 'PATCH', path: ALERT_PATH })
        expect(patch.body).toMatchObject({
          state: 'resolved',
          resolution: 'revoked',
          resolution_comment: expect.stringContaining('request 1')
        })
        // The alert was resolved only after the CA said revoked.
        expect(patch.at).toBeGreaterThan(Math.max(...sim.ocspRequests().map((r) => r.at)))
        expect(second.summary).toContain('**Secret scanning alert #7:** resolved as revoked')
      },
      SLOW
    )

    it(
      'resolves it on a plain second run after the approval: the request is no longer open, the certificate already revoked',
      async () => {
        const first = await runWithAlert({})
        expect(first.outputs).toMatchObject({ status: 'pending', 'alert-resolved': 'false' })
        expect(patches()).toHaveLength(0)

        sim.account.approve(1)
        const second = await runWithAlert({})
        expect(second.exitCode).toBe(0)
        expect(second.outputs).toMatchObject({ status: 'revoked', 'alert-resolved': 'true' })
        expect(second.stdout).toMatch(/certificate 1001: revoked \(already revoked \(revoked at \S+ according to OCSP at \S+\)\)/)
        expect(github?.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
          `GET ${ALERT_PATH}`,
          `GET ${ALERT_PATH}`,
          `PATCH ${ALERT_PATH}`
        ])
        // The comment names what happened: no request of this run, and no approval skipped.
        expect(patches()[0].body).toEqual({
          state: 'resolved',
          resolution: 'revoked',
          resolution_comment:
            'Revoked in DigiCert CertCentral: 1 already revoked. Run: https://github.com/octo-org/certificates/actions/runs/4242'
        })
      },
      SLOW
    )
  })

  describe('an unknown API key', () => {
    beforeEach(() => start())

    it(
      'is answered 403 access_denied_invalid_key, and the advice is about the key',
      async () => {
        const result = await run({ 'api-key': 'NOT-A-KNOWN-KEY-00000000000000000000', 'certificate-id': '1001' })
        expect(result.exitCode).toBe(1)
        expect(sim.revokeRequests().map((r) => r.status)).toEqual([403])
        expect(sim.ocspRequests()).toHaveLength(0)
        expect(resultsOf(result)[0]).toMatchObject({
          status: 'failed',
          error: { code: 'access_denied|access_denied_invalid_key', http_status: 403 }
        })
        const log = logOf(result)
        expect(log).toContain('access_denied|access_denied_invalid_key')
        expect(log).toContain('CertCentral did not accept the API key: check the api-key secret')
        expect(log).not.toMatch(/administrator|lacks a permission/)
        expect(result.summary).toContain('CertCentral did not accept the API key')
      },
      SLOW
    )
  })
})
