/**
 * A batch against the simulator enforcing DigiCert's real limits (100 requests in 5 s, 1000 in 3 minutes): the
 * action alone must draw no 429. Correctness, not timing: the benchmark measures speed.
 */
import { afterEach, expect, it } from '@jest/globals'
import { addBulkCertificates } from '../simulator/account.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { runActionInTest } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

const FIRST_ID = 200000

function ids(count: number): string {
  return Array.from({ length: count }, (_, i) => String(FIRST_ID + i)).join('\n')
}

/** The most arrivals in any window of `spanMs`, from the simulator's own clock. */
function mostInAnyWindow(times: number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= spanMs) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

describeOnNodes('a rate-limited batch on %s', (_name, node) => {
  let sim: Simulator
  afterEach(async () => sim.close())

  it('revokes 150 certificates with no 429 and never more than 100 requests in 5 s', async () => {
    sim = await startSimulator({ latencyMs: 20 })
    addBulkCertificates(sim.account, 150, FIRST_ID)
    const result = await runActionInTest({
      node,
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': ids(150), 'max-revocations': '150' }
    })
    expect(result.exitCode).toBe(0)
    expect(sim.served429).toBe(0)
    expect(sim.revokeRequests()).toHaveLength(150)
    expect(
      mostInAnyWindow(
        sim.revokeRequests().map((r) => r.at),
        5000
      )
    ).toBeLessThanOrEqual(100)
    expect(result.outputs.status.split(',')).toEqual(Array(150).fill('pending'))
    expect(sim.peakInFlight).toBeGreaterThan(1) // concurrent, not one at a time
  })

  it("recovers when another job already used most of the key's window", async () => {
    sim = await startSimulator()
    addBulkCertificates(sim.account, 120, FIRST_ID)
    // Another job sharing the key made 60 requests just before this run.
    for (let i = 0; i < 60; i++) {
      await fetch(`${sim.baseUrl}/request/1`, { headers: { 'X-DC-DEVKEY': sim.keys.admin } })
    }
    const result = await runActionInTest({
      node,
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': ids(120), 'max-revocations': '120' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status.split(',')).toEqual(Array(120).fill('pending'))
    // Only the first wave, sent before any 429 came back, can be refused: 40 of the first 100 fit the window.
    expect(sim.served429).toBeLessThanOrEqual(60)
    expect(sim.served429).toBeGreaterThan(0)
    expect(result.stdout).toContain('HTTP 429 request_limit_exceeded')
  })
})
