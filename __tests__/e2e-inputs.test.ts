/**
 * End to end, what the inputs can do to a run's record: an undeclared input is invalid input, the outcome and the
 * source of each target are in the outputs, a short secret never corrupts an answer, format characters never hide
 * a secret, and no input makes the summary or an output bigger than GitHub keeps. On Node 20 and 24.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeKey } from '../simulator/certificates.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { FakeGithub } from './support/fake-github.js'
import { runActionInTest } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

const MiB = 1024 * 1024

describeOnNodes('what the inputs do to the record, on %s', (_name, node) => {
  let sim: Simulator
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-inputs-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeEach(async () => {
    sim = await startSimulator({ rateLimits: false })
  })
  afterEach(async () => sim.close())

  const run = (inputs: Record<string, string>, extra: { env?: Record<string, string>; event?: object } = {}) =>
    runActionInTest({ node, ...extra, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, ...inputs } })
  const sourcesOf = (results: string) => (JSON.parse(results) as { source: string }[]).map((result) => result.source)

  it('refuses dry_run (the spelling other actions use) as an undeclared input: no live run, nothing sent', async () => {
    // The runner passes `dry_run:` as INPUT_DRY_RUN, and dry-run as INPUT_DRY-RUN: without the check, this is a live run.
    const result = await run({ 'certificate-id': '1001', dry_run: 'true' })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(result.stdout).toContain(
      "::error::Invalid input; no revoke request was sent.%0A- 'dry_run' is not an input of this action; did you mean dry-run?"
    )
    expect(result.summary).toContain('did you mean dry-run')
    expect(result.outputs).toMatchObject({ outcome: 'failed', status: '', results: '[]', 'alert-resolved': 'false' })
  })

  it('says outcome pending while a request awaits approval, and names each target’s input as its source', async () => {
    const result = await run({ 'certificate-id': '1001', 'serial-number': '', 'order-id': '5002' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('pending,submitted')
    expect(result.outputs.outcome).toBe('pending')
    expect(sourcesOf(result.outputs.results)).toEqual(['certificate-id', 'order-id'])
  })

  it('says outcome done when every target is accepted, and failed when one is refused', async () => {
    const done = await run({ 'certificate-id': '1002', 'skip-approval': 'true' })
    expect(done.exitCode).toBe(0)
    expect(done.outputs).toMatchObject({ status: 'submitted', outcome: 'done' })
    const failed = await run({ 'certificate-id': '1002 1003' })
    expect(failed.exitCode).toBe(1)
    expect(failed.outputs.outcome).toBe('failed')
    expect(failed.outputs.status.split(',')).toContain('failed')
  })

  it('keeps a 201 pending with its request ID whatever short github-token is given where it is not used', async () => {
    sim.inject(
      { method: 'PUT', path: '/certificate/1001/revoke' },
      { status: 201, body: { id: 1, date: '2026-12-01T10:11:12+00:00', type: 'revoke', status: 'pending' } }
    )
    const result = await run({ 'certificate-id': '1001', 'github-token': '1' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'pending', 'request-id': '1', outcome: 'pending' })
    expect(JSON.parse(result.outputs.results)[0]).toMatchObject({ request_id: 1, status: 'pending', date: '2026-12-01T10:11:12+00:00' })
  })

  it('removes the API key from an error that splits it with format characters (zero-width, soft hyphen, bidi)', async () => {
    const key = sim.keys.admin
    const split = [...key].map((char, i) => (i % 3 === 2 ? `${char}${['\u200b', '\u00ad', '\u2066', '\u200d'][i % 4]}` : char)).join('')
    sim.inject(
      { method: 'PUT', path: '/certificate/1001/revoke' },
      { status: 400, body: { errors: [{ code: 'bad', message: `key ${split} refused` }] } }
    )
    // runActionInTest fails the test on any piece of 8 characters of the key in the log, the outputs or the summary.
    const result = await run({ 'certificate-id': '1001' })
    expect(result.exitCode).toBe(1)
    const message = JSON.parse(result.outputs.results)[0].error.message as string
    expect(message).toBe('key *** refused')
    // The summary's own zero-width space keeps GitHub from linking the run's URL; none is left of the error's.
    expect(result.summary.replaceAll('https&#8203;://', 'https://')).not.toMatch(/\u200b|\u00ad|\u2066|&#8203;|&#173;|&#8294;/)
  })

  it('never quotes key material pasted into the wrong input, and quotes another bad value cut to 40 characters', async () => {
    const pasted = 'MHcCAQEEIBkg4LVWM9nuwNSk3yBkO3A/MKkV+9mi0ab1MPDqUEeJoAoGCCqGSM49AwEHoUQDQgAE'
    const result = await run({ 'serial-number': pasted, 'order-id': 'x.'.repeat(35) })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    for (const place of [result.stdout, result.summary]) expect(place).not.toContain(pasted.slice(20, 30))
    expect(result.stdout).toContain('serial-number: [not shown: it holds a long base64 run, like key material] is not a serial number')
    expect(result.stdout).toContain(`order-id: '${'x.'.repeat(20)}…' is not an order ID`)
  })

  it('masks only the key lines of a pkcs12 -nodes key, not its Bag Attributes, localKeyID, friendlyName or subject lines', async () => {
    const key = makeKey('ec')
    const pkcs12 = [
      'Bag Attributes',
      '    localKeyID: 5A 3C 9F 01 22 7B 4E 8D 9C 0A 11 B2 3F 44 56 78 90 AB CD EF ',
      '    friendlyName: www.example.test',
      'subject=CN = www.example.test',
      'Key Attributes: <No Attributes>',
      key.trim()
    ].join('\n')
    const result = await runActionInTest({
      node,
      privateKeyText: key,
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'private-key': pkcs12, 'dry-run': 'true' }
    })
    // The key was read: the scan asked CertCentral (no certificate of this key is in the account).
    expect(result.stdout).toContain('Looking for every certificate that carries the EC prime256v1 key from private-key')
    const masks = result.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'))
    const keyLines = key.split('\n').filter((line) => line !== '' && !line.startsWith('-----'))
    expect(masks).toEqual([`::add-mask::${sim.keys.admin}`, ...keyLines.map((line) => `::add-mask::${line}`)])
  })

  it('keeps the summary under 1 MiB for a 1 MiB certificate-pem holding one BEGIN label, and never quotes the label whole', async () => {
    const file = join(dir, 'label.pem')
    const label = 'AB CD '.repeat(Math.floor((MiB - 40) / 6))
    writeFileSync(file, `-----BEGIN ${label}-----\n`)
    const result = await run({ 'certificate-pem': file })
    expect(result.exitCode).toBe(1)
    expect(sim.requests).toHaveLength(0)
    expect(Buffer.byteLength(result.summary, 'utf8')).toBeLessThan(2000)
    expect(result.stdout).toContain("certificate-pem: found a 'AB CD AB CD AB CD AB CD AB CD AB CD AB C…' block but no CERTIFICATE block.")
    expect(result.stdout.length).toBeLessThan(20_000)
  })
})

describeOnNodes('an alert secret that is not a key, on %s', (_name, node) => {
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

  it('registers none of its one-character lines, so the outputs stay JSON and the summary readable', async () => {
    const ALERT = '/repos/octo-org/certificates/secret-scanning/alerts/9'
    github.answers.set(`GET ${ALERT}`, { status: 200, body: { number: 9, secret_type: 'generic', secret: '"\n,\n:\n{\n1\ne\nt' } })
    const result = await runActionInTest({
      node,
      env: { GITHUB_API_URL: github.url },
      inputs: {
        'api-key': sim.keys.admin,
        'base-url': sim.baseUrl,
        'key-from-alert': 'true',
        'alert-number': '9',
        'github-token': 'ghs_fake_token_for_tests_0001',
        'certificate-id': '1002',
        'skip-approval': 'true'
      }
    })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.outputs.results)).toEqual([
      expect.objectContaining({ id: '1002', status: 'submitted', source: 'certificate-id' })
    ])
    expect(result.outputs.outcome).toBe('failed')
    expect(result.summary).toContain('The alert')
    expect(result.summary).not.toContain('***')
  })
})
