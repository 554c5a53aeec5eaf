/**
 * "No false record", end to end against the simulator on Node 20 and 24: a forged tag on another order's request
 * is never reused; a reused request counts for the alert only once the CA says revoked; certificate-pem's issuer
 * is never trusted (only end-entity certificates are targets, asked of CertCentral's chain); a serial found through
 * a duplicate is asked about as itself, never as the order's primary; a headline that says what is true with a
 * notice per request to approve; revocation_reason dropped once when CertCentral refuses it.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { CA_CERTIFICATE } from '../simulator/x509.js'
import { serialFor } from '../simulator/account.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { decodeSummary, runActionInTest, type ActionResult } from './support/action.js'
import { FakeGithub } from './support/fake-github.js'
import { describeOnNodes } from './support/nodes.js'

const SLOW = 120_000
const TOKEN = 'ghs_fake_token_for_no_false_record_01'
const ALERT_PATH = '/repos/octo-org/certificates/secret-scanning/alerts/7'

interface ResultItem {
  id: string
  status: string
  request_id: number | null
  reason_dropped?: boolean
}
const resultsOf = (result: ActionResult): ResultItem[] => JSON.parse(result.outputs.results) as ResultItem[]
const logOf = (result: ActionResult): string => result.stdout.replace(/%0A/g, '\n').replace(/%25/g, '%')

describeOnNodes('no false record on %s', (_name, node) => {
  let sim: Simulator
  let github: FakeGithub | undefined
  beforeEach(async () => {
    sim = await startSimulator({ rateLimits: false })
  })
  afterEach(async () => {
    await sim?.close()
    await github?.stop()
    github = undefined
  })
  const run = (inputs: Record<string, string>, extra: { env?: Record<string, string> } = {}) =>
    runActionInTest({ node, timeoutMs: SLOW, ...extra, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })
  /** Files a revoke request as another CertCentral user would, with a comment of their choosing. */
  const fileAsSomeoneElse = (certificateId: number, comments: string): number => {
    const answer = sim.account.revoke({ kind: 'certificate', ref: String(certificateId), key: sim.keys.admin, body: { comments } })
    return (answer.body as { id: number }).id
  }

  it(
    "never reuses a request of another order whose comment ends with the target's tag, alone or after another tag",
    async () => {
      // Certificate 1005 is of order 5004; the target, 1001, of order 5001.
      const forged = fileAsSomeoneElse(1005, 'Please approve (certificate 1001)')
      const twice = fileAsSomeoneElse(1005, 'x (certificate 1005) (certificate 1001)')
      const result = await run({ 'certificate-id': '1001' })
      expect(result.exitCode).toBe(0)
      // A request of its own was filed for 1001.
      expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/1001/revoke'])
      expect(result.outputs['request-id']).toBe('3')
      expect(logOf(result)).toContain(`::warning::Open revoke request`)
      expect(logOf(result)).toMatch(
        new RegExp(
          `Open revoke request (${forged}, ${twice}|${twice}, ${forged}) ends with the tag of certificate 1001 but is for order 5004, order 5004, not its order 5001: not reused\\.`
        )
      )
      // Only open revoke requests were asked for, and the target's order looked up once its tag was seen.
      const asked = sim.requests.filter((r) => r.method === 'GET').map((r) => `${r.path}${r.query}`)
      expect(asked).toContain('/request?filters[status]=pending&filters[type]=revoke&offset=0&limit=1000')
      expect(asked).toContain('/order/certificate?filters[certificate_id]=1001&offset=0&limit=1')
    },
    SLOW
  )

  it(
    'reuses a request of the same order, names it to check, and keeps the alert open while approved but not revoked',
    async () => {
      github = await new FakeGithub().start()
      // resolve-alert reads the alert before anything is revoked.
      github.answers.set(`GET ${ALERT_PATH}`, { status: 200, body: { number: 7, state: 'open' } })
      github.answers.set(`PATCH ${ALERT_PATH}`, { status: 200, body: { number: 7, state: 'resolved', resolution: 'revoked' } })
      const reused = fileAsSomeoneElse(1001, 'Filed by hand (certificate 1001)')
      // The CA learns of the revocation only long after the approval.
      sim.ocspLagMs = 3_600_000
      sim.crlLagMs = 3_600_000
      // The run reads the request twice: its comment, then its status while waiting; it is approved in between.
      let reads = 0
      sim.inject({ method: 'GET', path: new RegExp(`^/request/${reused}$`), times: 2 }, () => {
        if (++reads === 2) sim.account.approve(reused)
        return { delayMs: 0 }
      })
      const result = await run(
        {
          'certificate-id': '1001',
          'wait-for': 'approval',
          'wait-timeout': '1',
          'resolve-alert': 'true',
          'alert-number': '7',
          'github-token': TOKEN
        },
        { env: { GITHUB_API_URL: github.url } }
      )
      expect(sim.revokeRequests()).toHaveLength(0)
      expect(result.outputs).toMatchObject({ status: 'approved', 'request-id': String(reused), 'alert-resolved': 'false' })
      expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0)
      expect(result.exitCode).toBe(0)
      const log = logOf(result)
      expect(log).toContain(
        `::notice::certificate 1001: open revoke request ${reused} was filed by someone else: check that it revokes this certificate before approving it.`
      )
      expect(log).toContain(`Secret scanning alert #7 stays open: revoke request ${reused} was filed by someone else and approved`)
      const summary = decodeSummary(result.summary)
      expect(summary).toContain('The target was approved on a request filed by someone else, but is not yet revoked according to its CA.')
      expect(summary).not.toContain('resolved as revoked')
    },
    SLOW
  )

  it(
    "revokes only the end-entity certificate of a chain in certificate-pem, and asks its CA with CertCentral's issuer",
    async () => {
      const leaf = sim.account.certificatePem(sim.account.certificates.get(1001) as never)
      sim.inject(
        { method: 'PUT', path: '/revoke' },
        { status: 400, body: { errors: [{ code: 'invalid_request', message: 'Cannot revoke.' }] } }
      )
      const result = await run({ 'certificate-pem': `${CA_CERTIFICATE}\n${leaf}` })
      // One target: the leaf; the CA certificate of the input is neither a target nor trusted.
      expect(resultsOf(result).map((r) => [r.id, r.status])).toEqual([[serialFor(1001), 'failed']])
      const gets = sim.requests.filter((r) => r.method === 'GET').map((r) => `${r.path}${r.query}`)
      expect(gets).toContain(`/order/certificate?filters[serial_number]=${serialFor(1001)}&offset=0&limit=1`)
      expect(gets).toContain('/certificate/1001/download/format/pem_all')
      expect(sim.ocspRequests().length).toBeGreaterThanOrEqual(1)
      expect(result.stdout).toMatch(/not revoked before this run: not yet revoked according to OCSP/)
    },
    SLOW
  )

  it(
    "asks the CA about the certificate with the serial, never the order's revoked primary",
    async () => {
      sim.account.addOrder({
        id: 7001,
        certificates: [
          { id: 6001, serialNumber: serialFor(6001), commonName: 'primary.example.test' },
          { id: 6002, serialNumber: serialFor(6002), commonName: 'duplicate.example.test', kind: 'duplicate' }
        ]
      })
      sim.account.markRevoked([6001])
      // CertCentral finds the order through its duplicate, and shows its primary, as the documentation says.
      sim.inject({ method: 'GET', path: /^\/order\/certificate$/, times: 5 }, (request: { query: string }) =>
        request.query.includes(`filters[serial_number]=${serialFor(6002)}`)
          ? {
              status: 200,
              body: {
                orders: [{ id: 7001, certificate: { id: 6001, serial_number: serialFor(6001) } }],
                page: { total: 1, limit: 1, offset: 0 }
              }
            }
          : { delayMs: 0 }
      )
      sim.inject({ method: 'PUT', path: '/revoke' }, { status: 400, body: { errors: [{ code: 'invalid_request', message: 'No.' }] } })
      const result = await run({ 'serial-number': serialFor(6002) })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.status).toBe('failed')
      const gets = sim.requests.filter((r) => r.method === 'GET').map((r) => `${r.path}${r.query}`)
      expect(gets).toContain('/order/certificate/7001/duplicate?show_archived=true')
      expect(gets).toContain('/certificate/6002/download/format/pem_all')
      expect(gets).not.toContain('/certificate/6001/download/format/pem_all')
    },
    SLOW
  )

  it(
    'says nothing is revoked yet while requests await approval, with a notice per request; never "accepted" for one already revoked',
    async () => {
      const result = await run({ 'certificate-id': '1001 1004' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.status).toBe('pending,pending')
      const summary = decodeSummary(result.summary)
      expect(summary).toContain('Nothing revoked yet: 2 requests (1, 2) await approval in CertCentral.')
      expect(summary).not.toContain('accepted')
      expect(summary).toContain('**Approval skipped:** no')
      expect(summary).toMatch(/\*\*Action version:\*\* \d+\.\d+\.\d+/)
      const log = logOf(result)
      expect(log).toContain("::notice::certificate 1001: revoke request 1 awaits an administrator's approval in CertCentral")
      expect(log).toContain("::notice::certificate 1004: revoke request 2 awaits an administrator's approval in CertCentral")

      sim.account.markRevoked([1002])
      const already = await run({ 'certificate-id': '1002', 'skip-approval': 'true' })
      expect(already.outputs.status).toBe('revoked')
      expect(decodeSummary(already.summary)).toContain('\nThe target was revoked.\n')
      expect(decodeSummary(already.summary)).not.toContain('accepted by CertCentral')
    },
    SLOW
  )

  it(
    'sends a certificate revocation once more without revocation_reason when CertCentral refuses the field, and says so',
    async () => {
      sim.inject({ method: 'PUT', path: '/certificate/1001/revoke' }, (request: { body: { revocation_reason?: string } }) =>
        request.body.revocation_reason
          ? { status: 400, body: { errors: [{ code: 'invalid_field', message: 'Unknown field revocation_reason.' }] } }
          : { delayMs: 0 }
      )
      const result = await run({ 'certificate-id': '1001', 'revocation-reason': 'keyCompromise' })
      expect(result.exitCode).toBe(0)
      expect(sim.revokeRequests().map((r) => r.body)).toEqual([
        expect.objectContaining({ revocation_reason: 'keyCompromise' }),
        expect.not.objectContaining({ revocation_reason: expect.anything() })
      ])
      expect(resultsOf(result)).toEqual([expect.objectContaining({ id: '1001', status: 'pending', reason_dropped: true })])
      expect(result.stdout).toContain('CertCentral did not accept revocation_reason: sent again without it')
      expect(decodeSummary(result.summary)).toContain('(not accepted for 1 certificate: sent again without it)')
    },
    SLOW
  )
})
