/**
 * Asking the CA safely, end to end against the simulator on Node 20 and 24 (issue 19, "Weak"): a certificate's
 * OCSP and CRL URLs reach no cloud metadata or private address, directly or through a redirect, and the summary
 * names the refused host; a certificate on hold is not revoked. The simulator and base-url are on 127.0.0.1, so
 * loopback is allowed (as for a test or an internal mirror), and the refused kinds are the others.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { decodeSummary, runActionInTest, type ActionResult } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

const SLOW = 120_000

interface ResultItem {
  id: string
  status: string
  error: { message: string } | null
}
const resultsOf = (result: ActionResult): ResultItem[] => JSON.parse(result.outputs.results) as ResultItem[]

describeOnNodes('asking the CA safely on %s', (_name, node) => {
  let sim: Simulator
  beforeEach(async () => {
    sim = await startSimulator({ rateLimits: false })
  })
  afterEach(async () => {
    await sim?.close()
  })

  const run = (inputs: Record<string, string>) =>
    runActionInTest({ node, timeoutMs: SLOW, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })

  describe('URLs from a certificate', () => {
    it(
      'never reach cloud metadata: a refused target CertCentral calls revoked stays refused, and the summary names the host',
      async () => {
        // Certificates issued from now on name http://169.254.169.254/ocsp and /crl/simulator-ca.crl.
        sim.account.origin = 'http://169.254.169.254'
        sim.account.markRevoked([1001], 'keyCompromise') // so CertCentral refuses, and the CA is asked

        const result = await run({ 'certificate-id': '1001' })

        expect(result.exitCode).toBe(1)
        expect(resultsOf(result).map((r) => [r.id, r.status])).toEqual([['1001', 'failed']])
        expect(sim.ocspRequests()).toEqual([])
        expect(sim.crlRequests()).toEqual([])
        const summary = decodeSummary(result.summary)
        expect(summary).toContain('refused 169.254.169.254: a link-local (cloud metadata) address')
        expect(result.stdout).toMatch(
          /certificate 1001: failed \(whether it was revoked before is unknown: OCSP: refused 169\.254\.169\.254/
        )
      },
      SLOW
    )

    it(
      'never reach a private address through a redirect, checked again at the hop',
      async () => {
        sim.account.markRevoked([1001], 'keyCompromise')
        sim.inject({ path: /^\/(ocsp|crl\/)/, times: 50 }, { status: 302, headers: { Location: 'http://10.0.0.1/internal' } })

        const result = await run({ 'certificate-id': '1001' })

        expect(result.exitCode).toBe(1)
        expect(resultsOf(result).map((r) => r.status)).toEqual(['failed'])
        expect(sim.ocspRequests().length).toBeGreaterThanOrEqual(1) // the first hop, on loopback, was asked
        expect(sim.crlRequests().length).toBeGreaterThanOrEqual(1)
        expect(decodeSummary(result.summary)).toContain('refused 10.0.0.1: a private address')
      },
      SLOW
    )
  })

  describe('a certificate on hold', () => {
    it(
      'is not revoked: the refusal stands, and the report says on hold',
      async () => {
        sim.account.markRevoked([1001], 'certificateHold')

        const result = await run({ 'certificate-id': '1001' })

        expect(result.exitCode).toBe(1)
        expect(resultsOf(result).map((r) => [r.id, r.status])).toEqual([['1001', 'failed']])
        expect(result.stdout).toMatch(
          /certificate 1001: failed \(not revoked before this run: on hold since \S+ \(certificateHold, not a revocation\) according to OCSP at \S+\)/
        )
        expect(decodeSummary(result.summary)).toContain('on hold since')
      },
      SLOW
    )
  })
})
