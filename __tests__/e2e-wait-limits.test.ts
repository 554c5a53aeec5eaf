/**
 * Waiting within its limits, and interruption, end to end against the simulator on Node 20 and 24: the wait's
 * budget of one CertCentral request a second with every lookup failing, its deadline with every CA silent, a
 * pending target that its CA already says revoked, and SIGTERM (the runner's cancel or the job's timeout) in the
 * middle of a run, which still leaves outputs and a summary of what was known.
 */
import { afterEach, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { addBulkCertificates, serialFor } from '../simulator/account.js'
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.js'
import { decodeSummary, runActionInTest } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

const SLOW = 120_000

describeOnNodes('waiting within its limits on %s', (_name, node) => {
  let sim: Simulator
  const start = async (options: SimulatorOptions = {}) => {
    sim = await startSimulator({ rateLimits: false, ...options })
  }
  afterEach(async () => {
    await sim?.close()
  })
  const run = (inputs: Record<string, string>, onSpawn?: (child: ChildProcess) => void) =>
    runActionInTest({ node, timeoutMs: SLOW, onSpawn, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })
  /** The CertCentral requests (not the CA's) after the last revoke request, in arrival order. */
  const waitRequests = () => {
    const lastRevoke = sim.requests.findLastIndex((r) => r.method === 'PUT')
    return sim.requests.slice(lastRevoke + 1).filter((r) => !/^\/(ocsp|crl\/|ca\.)/.test(r.path))
  }

  it(
    'spends at most one CertCentral request a second while waiting, with every serial lookup failing',
    async () => {
      await start()
      addBulkCertificates(sim.account, 10, 300000)
      sim.inject({ method: 'GET', path: /^\/order\/certificate$/, times: Infinity }, (request: { query: string }) =>
        request.query.includes('filters[serial_number]')
          ? { status: 503, body: { errors: [{ code: 'unavailable', message: 'Maintenance.' }] } }
          : {}
      )
      const serials = Array.from({ length: 10 }, (_, i) => serialFor(300000 + i)).join(',')
      const result = await run({
        'serial-number': serials,
        'skip-approval': 'true',
        'wait-for': 'revocation',
        'wait-timeout': '0.1',
        'max-attempts': '2'
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.status).toBe(Array(10).fill('submitted').join(','))
      const asked = waitRequests()
      expect(asked.length).toBeGreaterThan(0)
      expect(asked.every((r) => r.query.includes('filters[serial_number]'))).toBe(true)
      // A 6-second wait under a budget of one a second: at most 6 requests, retries counted, a second apart on average.
      expect(asked.length).toBeLessThanOrEqual(6)
      asked.forEach((r, n) => expect(r.at - asked[0].at).toBeGreaterThanOrEqual(n * 1000 - 50))
      expect(result.stdout).toContain('could not be looked up by serial number')
    },
    SLOW
  )

  it(
    "keeps the statuses when the wait stops with a check in flight: a reused request's confirmation after it still goes",
    async () => {
      await start()
      // A first run files request 1 for order 5004 (manual approval): pending.
      const first = await run({ 'order-id': '5004' })
      expect(first.outputs).toMatchObject({ status: 'pending', 'request-id': '1' })
      // The second run reuses it (a request it did not file); an administrator approves it as the wait first reads it.
      let reads = 0
      sim.inject({ method: 'GET', path: /^\/request\/1$/, times: Infinity }, () => {
        if (++reads === 2) sim.account.approve(1)
        return {}
      })
      // The order's status does not come before the deadline: the wait stops, abandoning that question.
      sim.inject({ method: 'GET', path: /^\/order\/certificate\/5004$/ }, { hang: true })
      const started = sim.requests.length
      const second = await run({ 'order-id': '5004', 'wait-for': 'revocation', 'wait-timeout': '0.05', 'request-timeout': '20' })
      // After the wait, the approval of a request someone else filed is confirmed by the order's status: it goes.
      const orderReads = sim.requests.slice(started).filter((r) => r.path === '/order/certificate/5004')
      expect(orderReads.map((r) => r.status)).toEqual(['hung', 200])
      expect(second.stdout).not.toContain('BudgetStopped')
      expect(second.outputs).toMatchObject({ status: 'revoked', 'request-id': '1' })
      expect(JSON.parse(second.outputs.results)).toEqual([expect.objectContaining({ type: 'order', id: '5004', status: 'revoked' })])
      // Revoked by its authority's word after the wait: no longer awaited, and the abandoned question is not retried.
      expect(second.stdout).not.toContain('not revoked according to its authority')
      expect(second.stdout).not.toContain('attempt 2 of')
      expect(second.exitCode).toBe(0)
    },
    SLOW
  )

  it(
    'ends at the deadline with every CA silent, abandoning the questions in flight',
    async () => {
      await start()
      sim.inject({ path: /^\/(ocsp|crl\/)/, times: Infinity }, { hang: true })
      const result = await run({
        'certificate-id': '1001',
        'skip-approval': 'true',
        'wait-for': 'revocation',
        'wait-timeout': '0.05',
        'request-timeout': '20'
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.status).toBe('submitted')
      expect(sim.ocspRequests().length).toBeGreaterThanOrEqual(1)
      // The contract's bound: wait-timeout plus one request-timeout (3 s + 20 s), start-up included. Asked OCSP
      // then the CRL, each silent for its whole request-timeout, the run would take more than 40 s.
      expect(result.seconds).toBeLessThan(23)
      expect(result.stdout).toContain(
        '- certificate 1001: not revoked according to its authority after 0.05 min (last answer: none came before the deadline)'
      )
      expect(decodeSummary(result.summary)).toContain('still waiting: not revoked according to its authority after 0.05 min')
      expect(result.stderr).not.toMatch(/\n\s+at /)
    },
    SLOW
  )

  it(
    'reports a pending target revoked once its CA says so, with wait-for: revocation',
    async () => {
      await start()
      // The request stays pending in CertCentral; someone revokes the certificate by other means meanwhile.
      let revoked = false
      const result = await run({ 'certificate-id': '1001', 'wait-for': 'revocation', 'wait-timeout': '0.5' }, () => {
        const revokeWhenFiled = setInterval(() => {
          if (sim.revokeRequests().length === 0 || revoked) return
          sim.account.markRevoked([1001], 'keyCompromise')
          revoked = true
          clearInterval(revokeWhenFiled)
        }, 20)
      })
      expect(revoked).toBe(true)
      expect(result.exitCode).toBe(0)
      expect(result.outputs).toMatchObject({ status: 'revoked', 'request-id': '1' })
      expect(sim.account.requests.get(1)?.status).toBe('pending')
      expect(result.stdout).toMatch(
        /After waiting: certificate 1001: revoked, request 1 \(revoked at \S+ \(keyCompromise\) according to OCSP/
      )
    },
    SLOW
  )
})

describeOnNodes('interrupted by the runner on %s', (_name, node) => {
  let sim: Simulator
  afterEach(async () => {
    await sim?.close()
  })

  it(
    'writes the outputs and the summary of what it knew on SIGTERM, and exits non-zero without a stack trace',
    async () => {
      sim = await startSimulator({ rateLimits: false })
      // A slow CertCentral: the second revocation is never answered.
      sim.inject({ method: 'PUT', path: '/certificate/1002/revoke' }, { hang: true })
      let signalled = false
      const result = await runActionInTest({
        node,
        timeoutMs: SLOW,
        inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': '1001 1002' },
        onSpawn: (child) => {
          const whenStuck = setInterval(() => {
            const answered = sim.revokeRequests().filter((r) => r.status !== 0)
            if (answered.length < 2 || !answered.some((r) => r.status === 'hung')) return
            clearInterval(whenStuck)
            signalled = child.kill('SIGTERM')
          }, 20)
        }
      })
      expect(signalled).toBe(true)
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toMatchObject({ status: 'pending,failed', 'request-id': '1,', 'alert-resolved': 'false' })
      const [, unanswered] = JSON.parse(result.outputs.results) as { error: { message: string } }[]
      expect(unanswered.error.message).toBe(
        'no answer from CertCentral before the run was interrupted (SIGTERM); a revoke request may have been filed all the same'
      )
      const summary = decodeSummary(result.summary)
      expect(summary).toContain('## DigiCert certificate revocation')
      expect(summary).toContain('Interrupted:** The run was interrupted (SIGTERM: the job was cancelled or timed out) while revoking')
      expect(result.stdout).toContain('::error::')
      expect(result.stderr).not.toMatch(/\n\s+at /)
    },
    SLOW
  )
})
