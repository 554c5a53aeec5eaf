/**
 * The fault suite: the network and the API misbehave. For each fault the action ends by itself within its
 * timeouts, retries exactly what the contract says (429, 502, 503, 504, connection errors and timeouts; never a
 * 500 or another 4xx), and loses nothing: every target's fate is in `results`, `status` and the summary.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { runActionInTest, type ActionResult } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

interface Result {
  id: string
  status: string
  request_id: number | null
  error: { code: string | null; message: string; http_status: number | null } | null
}

const HTML_502 =
  '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'

describeOnNodes('faults on %s', (_name, node) => {
  let sim: Simulator
  beforeEach(async () => {
    sim = await startSimulator({ rateLimits: false })
  })
  afterEach(async () => sim.close())

  const run = (inputs: Record<string, string>) =>
    runActionInTest({ node, timeoutMs: 60_000, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })
  const attemptsOn = (id: string) => sim.revokeRequests().filter((r) => r.path === `/certificate/${id}/revoke`).length
  const results = (result: ActionResult): Result[] => JSON.parse(result.outputs.results)

  /** Every target appears, in order, in results, status and a summary row. */
  function expectEveryFate(result: ActionResult, ids: string[]): void {
    expect(results(result).map((r) => r.id)).toEqual(ids)
    expect(result.outputs.status.split(',')).toHaveLength(ids.length)
    for (const id of ids) expect(result.summary).toContain(`<td>ID ${id}</td>`)
    expect(typeof result.exitCode).toBe('number') // ended by itself, not killed
  }

  it('retries a connection dropped before the answer, and one dropped mid-answer', async () => {
    sim.inject({ path: '/certificate/1001/' }, { drop: true })
    sim.inject({ path: '/certificate/1002/' }, { status: 201, body: { id: 99, status: 'pending' }, truncate: true })
    const result = await run({ 'certificate-id': '1001 1002' })
    expect(attemptsOn('1001')).toBe(2)
    expect(attemptsOn('1002')).toBe(2)
    expect(result.stdout).toMatch(/certificate 1001: the connection was dropped before an answer came \(ECONNRESET\); attempt 2 of 5/)
    expect(result.stdout).toMatch(/certificate 1002: the connection dropped in the middle of the answer \(ECONNRESET\); attempt 2 of 5/)
    expect(result.outputs.status).toBe('pending,submitted')
    expect(result.exitCode).toBe(0)
    expectEveryFate(result, ['1001', '1002'])
  })

  it('gives up on a server that never answers after request-timeout × max-attempts', async () => {
    sim.inject({ path: '/certificate/1001/', times: 2 }, { hang: true })
    const result = await run({ 'certificate-id': '1001 1004', 'request-timeout': '1', 'max-attempts': '2' })
    expect(attemptsOn('1001')).toBe(2)
    expect(result.seconds).toBeLessThan(10)
    expect(results(result)[0].error).toEqual({ code: null, http_status: null, message: 'timed out after 2 attempts: no answer within 1 s' })
    expect(result.outputs.status).toBe('failed,pending')
    expect(result.exitCode).toBe(1)
    expectEveryFate(result, ['1001', '1004'])
  })

  it("retries a proxy's HTML 502 and 503 pages, then reports a one-line excerpt", async () => {
    sim.inject({ path: '/certificate/1001/', times: 3 }, { status: 502, body: HTML_502, headers: { 'Content-Type': 'text/html' } })
    sim.inject(
      { path: '/certificate/1004/', times: 1 },
      { status: 503, body: '<html><body>Service Unavailable</body></html>', headers: { 'Retry-After': '0' } }
    )
    const result = await run({ 'certificate-id': '1001 1004', 'max-attempts': '3' })
    expect(attemptsOn('1001')).toBe(3)
    expect(attemptsOn('1004')).toBe(2)
    expect(results(result)[0].error).toEqual({ code: null, http_status: 502, message: 'HTTP 502: 502 Bad Gateway 502 Bad Gateway nginx' })
    expect(result.outputs.status).toBe('failed,pending')
    expect(result.summary).not.toContain('<center>')
    expectEveryFate(result, ['1001', '1004'])
  })

  it('counts a 201 whose body is not JSON as submitted, and says the answer was unreadable', async () => {
    sim.inject({ path: '/certificate/1001/' }, { status: 201, body: 'Created', headers: { 'Content-Type': 'text/plain' } })
    const result = await run({ 'certificate-id': '1001' })
    expect(attemptsOn('1001')).toBe(1)
    expect(result.exitCode).toBe(0)
    expect(results(result)[0]).toMatchObject({ status: 'submitted', request_id: null, error: null })
    expect(result.summary).toContain('answer unreadable')
    expectEveryFate(result, ['1001'])
  })

  it('rides out a storm of 429s up to max-attempts, for every target', async () => {
    sim.inject(
      { path: '/revoke', times: 1000 },
      { status: 429, body: { errors: [{ code: 'request_limit_exceeded', message: 'Service unavailable, please limit request volume.' }] } }
    )
    const result = await run({ 'certificate-id': '1001 1002 1004', 'max-attempts': '3' })
    for (const id of ['1001', '1002', '1004']) expect(attemptsOn(id)).toBe(3)
    expect(result.outputs.status).toBe('failed,failed,failed')
    expect(results(result).map((r) => r.error?.code)).toEqual(Array(3).fill('request_limit_exceeded'))
    expect(result.stdout).toContain('another job may be using the same key')
    expect(result.seconds).toBeLessThan(20)
    expectEveryFate(result, ['1001', '1002', '1004'])
  })

  it('never retries a 500 or another 4xx, and still revokes the rest of the batch', async () => {
    sim.inject(
      { path: '/certificate/1002/' },
      { status: 500, body: { errors: [{ code: 'internal_error', message: 'Something went wrong.' }] } }
    )
    const result = await run({ 'certificate-id': '1001 1002 1003 4040 1004', 'api-key': sim.keys.admin })
    expect(attemptsOn('1002')).toBe(1)
    expect(attemptsOn('1003')).toBe(1)
    expect(attemptsOn('4040')).toBe(1)
    expect(result.outputs.status).toBe('pending,failed,failed,failed,pending')
    expect(results(result).map((r) => r.error?.code ?? null)).toEqual([null, 'internal_error', 'pending_reissue', 'not_found', null])
    expect(result.stdout).toContain('::error::3 of 5 revocations failed; the others were sent.')
    expect(result.summary).toContain('**3 of 5 targets failed.**')
    expectEveryFate(result, ['1001', '1002', '1003', '4040', '1004'])
  })

  it('escapes hostile text from the API in the job summary', async () => {
    const hostile = '</td></tr></table><script>alert(1)</script>\n\n# Owned | [click](https://evil.example.invalid) **bold**'
    sim.inject({ path: '/certificate/1001/' }, { status: 400, body: { errors: [{ code: 'x|<b>', message: hostile }] } })
    const result = await run({ 'certificate-id': '1001' })
    expect(result.summary).not.toMatch(/<script|<\/table><|\[click\]|\*\*bold|\n# Owned|<b>/)
    expect(result.summary.split('\n').filter((line) => line.startsWith('<tr><td>'))).toHaveLength(1)
    expect(JSON.parse(result.outputs.results)[0].error.message).toContain('<script>') // outputs carry the text as data
  })

  it('never reports the API key, even when the server quotes it back', async () => {
    sim.inject({ path: '/certificate/1001/' }, (request: { headers: Record<string, string> }) => ({
      status: 400,
      body: { errors: [{ code: 'bad_key', message: `Key ${request.headers['x-dc-devkey']} is not valid here` }] }
    }))
    const result = await run({ 'certificate-id': '1001' })
    // runActionInTest has already checked the outputs, the summary and the log for the key.
    expect(result.outputs.results).toContain('Key *** is not valid here')
    expect(result.stdout).toContain(`::add-mask::${sim.keys.admin}`)
  })
})
