/**
 * The story of a run (src/main.ts), with its two remote services faked at their module boundaries: the
 * CertCentral transport and the GitHub alert API. runner.ts (what reaches the runner) is recorded, so every decision shows in the
 * outputs, the log, the failure message and the job summary.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as actualAlerts from '../src/github/alerts.js'
import * as actualTransport from '../src/certcentral/transport.js'
import { answers, FakeCertCentral, orderOf } from './support/fake-certcentral.js'
import * as actualRunner from '../src/runner.js'
import { startAcmeServer, type AcmeServer } from '../simulator/acme.js'
import { startCtServer, type CtServer } from '../simulator/ct.js'
import { CA_CERTIFICATE, issueCertificate } from '../simulator/x509.js'

const API_KEY = 'unit-test-api-key-0123456789'
const TOKEN = 'ghs_unitTestToken0123456789'

const recorded = {
  info: [] as string[],
  warnings: [] as string[],
  notices: [] as string[],
  failed: [] as string[],
  outputs: {} as Record<string, string>,
  secrets: [] as string[]
}
jest.unstable_mockModule('../src/runner.js', () => ({
  ...actualRunner,
  info: (message: string) => void recorded.info.push(message),
  warning: (message: string | Error) => void recorded.warnings.push(String(message)),
  notice: (message: string) => void recorded.notices.push(message),
  setFailed: (message: string | Error) => void recorded.failed.push(String(message)),
  setOutput: (name: string, value: unknown) => void (recorded.outputs[name] = String(value)),
  setSecret: (secret: string) => void recorded.secrets.push(secret)
}))

let certcentral = new FakeCertCentral()
const transportOptions: unknown[] = []
jest.unstable_mockModule('../src/certcentral/transport.js', () => ({
  ...actualTransport,
  CertCentralTransport: class {
    constructor(options: unknown) {
      transportOptions.push(options)
      return certcentral
    }
  }
}))

const resolveAlert = jest.fn<typeof actualAlerts.resolveAlert>()
const readAlertSecret = jest.fn<typeof actualAlerts.readAlertSecret>()
const readAlert = jest.fn<typeof actualAlerts.readAlert>()
jest.unstable_mockModule('../src/github/alerts.js', () => ({ ...actualAlerts, resolveAlert, readAlertSecret, readAlert }))

const { run } = await import('../src/main.js')

/** A key pair of a test's own, as PEM, and a fresh KeyObject of its public half for each certificate. */
function leakedKeyPair() {
  const leaked = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' }
  })
  return { leaked, leakedPublic: () => createPublicKey(leaked.publicKey) }
}

const saved = { ...process.env }
let dir: string
let env: Record<string, string>

beforeEach(() => {
  certcentral = new FakeCertCentral()
  transportOptions.length = 0
  Object.assign(recorded, { info: [], warnings: [], notices: [], failed: [], outputs: {}, secrets: [] })
  resolveAlert.mockReset()
  readAlertSecret.mockReset()
  readAlert.mockReset()
  readAlert.mockResolvedValue({ number: 1, state: 'open' })
  dir = mkdtempSync(join(tmpdir(), 'main-test-'))
  writeFileSync(join(dir, 'summary.md'), '')
  env = {
    GITHUB_REPOSITORY: 'octo-org/certificates',
    GITHUB_RUN_ID: '77',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md')
  }
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
})

afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

async function runWith(inputs: Record<string, string>): Promise<void> {
  // CT is off: these runs must not reach crt.sh (its search is tested in e2e-beyond.test.ts, against the simulator).
  const defaults = { 'api-key': API_KEY, 'base-url': 'http://127.0.0.1:9/services/v2', 'ct-search': 'off' }
  for (const [name, value] of Object.entries({ ...defaults, ...inputs })) {
    process.env[`INPUT_${name.toUpperCase()}`] = value
  }
  await run(env)
}

const summary = (): string => readFileSync(join(dir, 'summary.md'), 'utf8')
const results = (): { id: string; status: string; request_id: number | null; matched_by?: string }[] => JSON.parse(recorded.outputs.results)

describe('run: invalid input', () => {
  it('sends nothing, writes empty outputs and a summary that says what was wrong', async () => {
    await runWith({ 'certificate-id': '12 x' })
    expect(transportOptions).toEqual([])
    expect(recorded.outputs).toEqual({
      'request-id': '',
      status: '',
      results: '[]',
      'alert-resolved': 'false',
      'matched-certificates': '',
      outcome: 'failed',
      elsewhere: '[]'
    })
    expect(summary()).toContain('The inputs are invalid. No revoke request was sent.')
    expect(recorded.failed).toEqual([
      `Invalid input; no revoke request was sent.\n- certificate-id: 'x' is not a certificate ID (expected decimal digits, like 12345).`
    ])
  })

  it('refuses more hand-given targets than max-revocations before any request', async () => {
    await runWith({ 'certificate-id': '1 2 3', 'max-revocations': '2' })
    expect(transportOptions).toEqual([])
    expect(recorded.failed[0]).toContain('max-revocations: this run has 3 targets, more than the safety cap of 2.')
  })
})

describe('run: revoking', () => {
  it('connects with the settings, revokes every target in order and succeeds when all are accepted', async () => {
    certcentral.revokeAnswers.set('/order/certificate/9/revoke', answers.skipped())
    await runWith({ 'certificate-id': '5', 'order-id': '9', 'request-timeout': '7' })
    expect(transportOptions).toEqual([
      { baseUrl: 'http://127.0.0.1:9/services/v2', apiKey: API_KEY, timeoutMs: 7000, redact: expect.any(Function) }
    ])
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/5/revoke', '/order/certificate/9/revoke'])
    expect(certcentral.puts()[0].body).toEqual({
      comments:
        'Revoked from octo-org/certificates by GitHub Actions: https://github.com/octo-org/certificates/actions/runs/77 (certificate 5)',
      skip_approval: false
    })
    expect(certcentral.puts()[1].body).toMatchObject({ comments: expect.stringMatching(/ \(order 9\)$/) })
    expect(recorded.outputs['request-id']).toBe('500,')
    expect(recorded.outputs.status).toBe('pending,submitted')
    expect(recorded.failed).toEqual([])
    expect(recorded.info).toEqual(expect.arrayContaining(['certificate 5: pending, request 500', 'order 9: submitted']))
    expect(certcentral.disposed).toBe(true)
  })

  it('logs each result again after waiting, and only when it waited', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.approved(501))
    await runWith({ 'certificate-id': '5', 'wait-for': 'approval' })
    expect(recorded.info.filter((line) => /^(After waiting: )?certificate 5:/.test(line))).toEqual([
      'certificate 5: approved, request 501',
      'After waiting: certificate 5: approved, request 501'
    ])
    expect(recorded.failed).toEqual([])

    Object.assign(recorded, { info: [] })
    await runWith({ 'certificate-id': '5', 'wait-for': 'none' })
    expect(recorded.info.filter((line) => line.startsWith('After waiting'))).toEqual([])
  })

  it('waits for nothing in a dry run, whatever wait-for says', async () => {
    await runWith({ 'certificate-id': '5', 'dry-run': 'true', 'wait-for': 'approval' })
    expect(certcentral.calls).toEqual([])
    expect(recorded.info.filter((line) => line.startsWith('After waiting'))).toEqual([])
  })

  it('sends nothing in a dry run and succeeds', async () => {
    await runWith({ 'certificate-id': '5', 'dry-run': 'true' })
    expect(certcentral.calls).toEqual([])
    expect(recorded.outputs.status).toBe('dry-run')
    expect(recorded.failed).toEqual([])
    expect(recorded.info[0]).toBe('Dry run: nothing will be sent. 1 target:')
  })

  it("fails the run for a failed target, naming DigiCert's code and what to do next, and says the others were sent", async () => {
    certcentral.revokeAnswers.set('/certificate/6/revoke', answers.error(400, 'pending_reissue', 'The certificate has a pending reissue.'))
    await runWith({ 'certificate-id': '5 6' })
    expect(recorded.outputs.status).toBe('pending,failed')
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).toBe(
      '1 of 2 revocations failed; the other was sent.\n' +
        '- certificate 6: HTTP 400 pending_reissue: The certificate has a pending reissue.\n' +
        "  Next: The certificate's order waits for a reissue, and CertCentral revokes nothing of it meanwhile: cancel the pending reissue in CertCentral (or let it complete), then run again."
    )
  })

  it('counts a rejected request as a failure, and keeps the alert open', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.rejected(41))
    await runWith({ 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(recorded.outputs.status).toBe('rejected')
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs['alert-resolved']).toBe('false')
    expect(recorded.failed[0]).toContain('1 of 1 revocation failed.')
    expect(recorded.failed[0]).toContain('- certificate 5: revoke request 41 was rejected.')
    expect(recorded.failed[0]).toContain('- Secret scanning alert #3 was left open because a revocation failed.')
  })

  it('keeps the alert open while the request awaits approval, says so, and does not fail', async () => {
    await runWith({ 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs['alert-resolved']).toBe('false')
    expect(recorded.failed).toEqual([])
    expect(recorded.notices).toEqual([
      "certificate 5: revoke request 500 awaits an administrator's approval in CertCentral (Certificates > Requests). Nothing is revoked until it is approved."
    ])
    expect(recorded.info).toContain(
      "Secret scanning alert #3 stays open: revoke request 500 awaits an administrator's approval in CertCentral. A later run (for example the scheduled poll) finds the same request and resolves the alert once approved."
    )
  })

  it('resolves the alert when every target was accepted, naming the requests and the run', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.approved(500))
    await runWith({ 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(resolveAlert).toHaveBeenCalledWith(
      TOKEN,
      { owner: 'octo-org', repo: 'certificates', number: 3 },
      'Revoked in DigiCert CertCentral: request 500. Run: https://github.com/octo-org/certificates/actions/runs/77',
      undefined
    )
    expect(recorded.outputs['alert-resolved']).toBe('true')
    expect(recorded.failed).toEqual([])
    expect(recorded.info).toContain('Resolved secret scanning alert #3 as revoked.')
    expect(summary()).toContain('**Secret scanning alert #3:** resolved as revoked')
  })

  it('never resolves an alert in a dry run', async () => {
    await runWith({ 'certificate-id': '5', 'dry-run': 'true', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs['alert-resolved']).toBe('false')
  })

  it("reports GitHub's refusal as a failure of the run after the revocations", async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.skipped())
    resolveAlert.mockRejectedValue(new actualAlerts.AlertError('github-token may not resolve alert #3 (403).'))
    await runWith({ 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(recorded.outputs.status).toBe('submitted')
    expect(recorded.failed).toEqual(['Every revocation was sent, but:\n- github-token may not resolve alert #3 (403).'])
  })

  it('reports an unexpected error without a stack trace, and removes the secrets from it', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.skipped())
    resolveAlert.mockRejectedValue(new TypeError(`exploded with ${API_KEY} inside`))
    await runWith({ 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(recorded.failed).toEqual(['Unexpected error: exploded with *** inside'])
    expect(certcentral.disposed).toBe(true)
  })

  it('masks the API key and the token before anything else', async () => {
    await runWith({ 'certificate-id': '5', 'github-token': TOKEN })
    expect(recorded.secrets.slice(0, 2)).toEqual([API_KEY, TOKEN])
  })
})

describe('run: undeclared inputs', () => {
  it('refuses dry_run (the runner passes INPUT_DRY_RUN) before any request, naming dry-run', async () => {
    env.INPUT_DRY_RUN = 'true'
    await runWith({ 'certificate-id': '5' })
    expect(transportOptions).toEqual([])
    expect(certcentral.calls).toEqual([])
    expect(recorded.outputs.outcome).toBe('failed')
    expect(recorded.failed[0]).toContain("- 'dry_run' is not an input of this action; did you mean dry-run?")
    expect(summary()).toContain('did you mean dry-run')
  })
})

describe('run: the alert is read before anything is revoked', () => {
  const alertInputs = { 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN }

  it('reads the alert of alert-repository first, asking for the write permission in its messages, then revokes', async () => {
    const order: string[] = []
    readAlert.mockImplementation(async () => {
      order.push(`read, ${certcentral.calls.length} CertCentral calls before`)
      return {}
    })
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.approved(500))
    await runWith({ ...alertInputs, 'alert-repository': 'octo-org/web' })
    expect(readAlert).toHaveBeenCalledWith(TOKEN, { owner: 'octo-org', repo: 'web', number: 3 }, undefined, 'write')
    expect(order).toEqual(['read, 0 CertCentral calls before'])
    expect(resolveAlert).toHaveBeenCalledWith(TOKEN, { owner: 'octo-org', repo: 'web', number: 3 }, expect.any(String), undefined)
    expect(recorded.outputs.outcome).toBe('done')
  })

  it('reads it in a dry run too', async () => {
    await runWith({ ...alertInputs, 'dry-run': 'true' })
    expect(readAlert).toHaveBeenCalledTimes(1)
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs.outcome).toBe('dry-run')
  })

  it.each([401, 403, 404])('fails on a %d before any request to CertCentral, naming the permission', async (status) => {
    readAlert.mockRejectedValue(new actualAlerts.AlertError(`github-token may not read alert #3 (${status}).`, status))
    await runWith(alertInputs)
    expect(transportOptions).toEqual([])
    expect(certcentral.calls).toEqual([])
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs).toMatchObject({ outcome: 'failed', status: '', 'alert-resolved': 'false' })
    expect(recorded.failed).toEqual([
      `Invalid input; no revoke request was sent.\n- github-token may not read alert #3 (${status}). resolve-alert reads the alert before anything is revoked: nothing was revoked.`
    ])
  })

  it('warns and revokes when GitHub cannot be asked (an outage must not hold back a revocation)', async () => {
    readAlert.mockRejectedValue(new actualAlerts.AlertError('Reading alert #3 failed (HTTP 502): Bad Gateway', 502))
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.approved(500))
    await runWith(alertInputs)
    expect(certcentral.puts()).toHaveLength(1)
    expect(recorded.warnings).toEqual([expect.stringMatching(/^Reading alert #3 failed \(HTTP 502\): Bad Gateway resolve-alert reads/)])
    expect(resolveAlert).toHaveBeenCalledTimes(1)
  })

  it('does not read the alert when it is not to be resolved', async () => {
    await runWith({ 'certificate-id': '5', 'alert-number': '3', 'github-token': TOKEN })
    expect(readAlert).not.toHaveBeenCalled()
  })
})

describe('run: outcome and source', () => {
  it('says pending while a request awaits approval, and done once every target is accepted', async () => {
    await runWith({ 'certificate-id': '5' })
    expect(recorded.outputs.outcome).toBe('pending')
    certcentral.revokeAnswers.set('/certificate/6/revoke', answers.approved(501))
    await runWith({ 'certificate-id': '6' })
    expect(recorded.outputs.outcome).toBe('done')
  })

  it('says failed for a failed target', async () => {
    certcentral.revokeAnswers.set('/certificate/6/revoke', answers.error(400, 'x', 'y'))
    await runWith({ 'certificate-id': '5 6' })
    expect(recorded.outputs.outcome).toBe('failed')
  })

  it('says failed for an unexpected error', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.skipped())
    resolveAlert.mockRejectedValue(new TypeError('a bug'))
    await runWith({ 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(recorded.failed.at(-1)).toBe('Unexpected error: a bug')
    expect(recorded.outputs.outcome).toBe('failed')
  })

  it('names the input each target came from', async () => {
    await runWith({ 'certificate-id': '5', 'serial-number': '0a1b', 'order-id': '9' })
    expect(JSON.parse(recorded.outputs.results).map((r: { source: string }) => r.source)).toEqual([
      'certificate-id',
      'serial-number',
      'order-id'
    ])
  })
})

describe('run: interrupted (the runner cancels the job, or it times out)', () => {
  /** Runs with a listener that the test triggers while CertCentral never answers the revoke request at `hangPath`. */
  async function interruptWhileHanging(hangPath: string, inputs: Record<string, string>, signal = 'SIGTERM'): Promise<void> {
    for (const [name, value] of Object.entries({ 'api-key': API_KEY, 'base-url': 'http://127.0.0.1:9/services/v2', ...inputs }))
      process.env[`INPUT_${name.toUpperCase()}`] = value
    let interrupt: (signal: string) => void = () => undefined
    let listening = 0
    let interrupted: () => void = () => undefined
    const reported = new Promise<void>((resolve) => (interrupted = resolve))
    const put = certcentral.put.bind(certcentral)
    certcentral.put = async (path: string, body: unknown) => {
      if (path !== hangPath) return put(path, body)
      certcentral.calls.push({ method: 'PUT', path, body })
      // Once the other targets were answered; the report of an interruption is written at once.
      setTimeout(() => {
        interrupt(signal)
        interrupted()
      }, 20)
      return new Promise(() => undefined)
    }
    void run(env, (handler) => {
      listening++
      interrupt = handler
      return () => void listening--
    })
    // The run never ends by itself here (index.ts exits the process); what matters is what it wrote. However long
    // the run takes to reach the hanging request (a first load of steps.ts included), the test waits for it.
    await reported
    expect(listening).toBe(1)
  }

  it('reports what is known: answered targets as answered, the unanswered one failed, and fails the step', async () => {
    certcentral.revokeAnswers.set('/order/certificate/9/revoke', answers.skipped())
    await interruptWhileHanging('/certificate/6/revoke', { 'certificate-id': '5 6', 'order-id': '9' })
    expect(recorded.outputs.status).toBe('pending,failed,submitted')
    expect(recorded.outputs['request-id']).toBe('500,,')
    const [, unanswered] = JSON.parse(recorded.outputs.results) as { error: unknown }[]
    expect(unanswered.error).toEqual({
      code: null,
      message: 'no answer from CertCentral before the run was interrupted (SIGTERM); a revoke request may have been filed all the same',
      http_status: null
    })
    expect(recorded.outputs['alert-resolved']).toBe('false')
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).toContain('- certificate 6: no answer from CertCentral before the run was interrupted (SIGTERM)')
    expect(recorded.failed[0]).toContain('Next: Look in CertCentral (Certificates > Requests) for a revoke request of this target')
    expect(recorded.failed[0]).toContain(
      '- The run was interrupted (SIGTERM: the job was cancelled or timed out) while revoking; what it knew by then is reported.'
    )
    expect(summary()).toContain('<td>failed</td>')
    expect(summary()).toContain('**Interrupted:** The run was interrupted (SIGTERM: the job was cancelled or timed out) while revoking')
    expect(summary().match(/## DigiCert certificate revocation/g)).toHaveLength(1)
  })

  it('reports a target that was still awaited when waiting was interrupted as last seen, and fails the step', async () => {
    for (const [name, value] of Object.entries({
      'api-key': API_KEY,
      'base-url': 'http://127.0.0.1:9/services/v2',
      'certificate-id': '5',
      'wait-for': 'approval',
      'wait-timeout': '0.01'
    }))
      process.env[`INPUT_${name.toUpperCase()}`] = value
    let interrupt: (signal: string) => void = () => undefined
    const running = run(env, (handler) => {
      interrupt = handler
      return () => undefined
    })
    // The first check has read request 500 (still pending); the run now pauses before the next one.
    while (!certcentral.gets().includes('/request/500')) await new Promise((resolve) => setTimeout(resolve, 5))
    interrupt('SIGTERM')
    expect(recorded.outputs.status).toBe('pending')
    expect(recorded.outputs['request-id']).toBe('500')
    expect(recorded.failed).toEqual([
      'Every revocation was sent, but:\n- The run was interrupted (SIGTERM: the job was cancelled or timed out) while waiting; what it knew by then is reported.'
    ])
    await running
    expect(recorded.failed).toHaveLength(1)
  })

  describe('beyond the account', () => {
    const { leaked, leakedPublic } = leakedKeyPair()

    it('says that a CT search still going did not end, never that it found nothing', async () => {
      // A CT service that never answers: the search is still going when the run is interrupted.
      const ct = createServer(() => undefined)
      await new Promise<void>((resolve) => ct.listen(0, '127.0.0.1', resolve))
      try {
        certcentral.addCertificate(10, leakedPublic())
        const ctSearchUrl = `http://127.0.0.1:${(ct.address() as AddressInfo).port}/`
        await interruptWhileHanging('/certificate/10/revoke', {
          'private-key': leaked.privateKey,
          'ct-search': 'report',
          'ct-search-url': ctSearchUrl,
          'max-attempts': '1'
        })
        expect(recorded.outputs.elsewhere).toBe('[]')
        expect(summary()).toContain(
          '### Outside this account\n\n**Certificate Transparency could not be searched:** the run was interrupted (SIGTERM) before the search ended, so it is incomplete.'
        )
        expect(recorded.failed).toHaveLength(1)
      } finally {
        ct.closeAllConnections()
        await new Promise((resolve) => ct.close(resolve))
      }
    })

    it('says that CT was not searched with ct-search: off', async () => {
      certcentral.addCertificate(10, leakedPublic())
      await interruptWhileHanging('/certificate/10/revoke', { 'private-key': leaked.privateKey, 'ct-search': 'off' })
      expect(summary()).toContain(
        '### Outside this account\n\nCertificate Transparency was not searched (`ct-search: off`): certificates of the key in other accounts or at other CAs are not known to this run.'
      )
    })
  })

  it('writes the report once: what the run does after an interruption writes nothing more', async () => {
    let interrupt: (signal: string) => void = () => undefined
    for (const [name, value] of Object.entries({ 'api-key': API_KEY, 'base-url': 'http://127.0.0.1:9/services/v2', 'certificate-id': '5' }))
      process.env[`INPUT_${name.toUpperCase()}`] = value
    const put = certcentral.put.bind(certcentral)
    certcentral.put = async (path: string, body: unknown) => {
      interrupt('SIGINT')
      return put(path, body)
    }
    let stopped = false
    await run(env, (handler) => {
      interrupt = handler
      return () => void (stopped = true)
    })
    expect(stopped).toBe(true)
    expect(recorded.outputs.status).toBe('failed')
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).toContain('interrupted (SIGINT')
    expect(summary().match(/## DigiCert certificate revocation/g)).toHaveLength(1)
  })
})

describe('run: a leaked private key', () => {
  const { leaked, leakedPublic } = leakedKeyPair()

  it('revokes every certificate that carries the key, with keyCompromise, after the other targets', async () => {
    certcentral.addCertificate(30, leakedPublic()).addCertificate(10).addCertificate(20, leakedPublic())
    await runWith({ 'private-key': leaked.privateKey, 'certificate-id': '7' })
    expect(certcentral.puts().map((call) => call.path)).toEqual([
      '/certificate/7/revoke',
      '/certificate/20/revoke',
      '/certificate/30/revoke'
    ])
    expect(certcentral.puts()[1].body).toMatchObject({ revocation_reason: 'keyCompromise' })
    expect(certcentral.puts()[0].body).not.toHaveProperty('revocation_reason')
    expect(recorded.outputs['matched-certificates']).toBe('20,30')
    expect(results().map((r) => r.matched_by)).toEqual([undefined, 'private-key', 'private-key'])
    expect(recorded.info).toContain('Key scan: 3 checked, 3 downloaded, 4 CertCentral requests; the key is on certificates 20, 30.')
    expect(recorded.failed).toEqual([])
  })

  it('revokes a duplicate and an earlier reissue that carry the key, and leaves their primaries, which do not, alone', async () => {
    certcentral
      .addCertificate(10)
      .addDuplicate(orderOf(10), 12, leakedPublic())
      .addCertificate(20)
      .addReissue(orderOf(20), 19, leakedPublic())
    await runWith({ 'private-key': leaked.privateKey })
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/12/revoke', '/certificate/19/revoke'])
    expect(recorded.outputs['matched-certificates']).toBe('12,19')
    expect(recorded.failed).toEqual([])
  })

  it('reports a match that has expired as expired, sends nothing for it, and counts it as done', async () => {
    const longAgo = { notBefore: new Date(Date.now() - 400 * 86_400_000), days: 90 }
    certcentral.addCertificate(10, leakedPublic(), longAgo).addCertificate(20, leakedPublic())
    certcentral.revokeAnswers.set('/certificate/20/revoke', answers.skipped())
    await runWith({ 'private-key': leaked.privateKey, 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/20/revoke'])
    expect(recorded.outputs['matched-certificates']).toBe('10,20')
    expect(recorded.outputs.status).toBe('expired,submitted')
    expect(results().map(({ id, status, request_id }) => ({ id, status, request_id }))).toEqual([
      { id: '10', status: 'expired', request_id: null },
      { id: '20', status: 'submitted', request_id: null }
    ])
    expect(recorded.info).toContain(
      'Key scan: 2 checked, 2 downloaded, 3 CertCentral requests; the key is on certificates 10, 20. Expired, so not revoked: 10.'
    )
    expect(summary()).toContain('- **Expired, so not revoked:** 10\n')
    expect(resolveAlert).toHaveBeenCalledTimes(1)
    expect(recorded.outputs['alert-resolved']).toBe('true')
    expect(recorded.failed).toEqual([])
  })

  it('keeps the alert open and fails when some certificates could not be checked', async () => {
    certcentral.addCertificate(10, leakedPublic()).addCertificate(11)
    certcentral.downloadAnswers.set('11', answers.error(403, 'access_denied', 'Denied.'))
    await runWith({ 'private-key': leaked.privateKey, 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/10/revoke'])
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.failed[0]).toContain('Every revocation was sent, but:')
    expect(recorded.failed[0]).toContain(
      '- 1 certificate could not be checked for the key, so others may carry it: 11 (HTTP 403 access_denied: Denied.). Run again to check them.'
    )
    expect(recorded.failed[0]).toContain(
      '- Secret scanning alert #3 was left open because the key scan did not find every certificate of the key.'
    )
  })

  it('fails when no certificate carries the key', async () => {
    certcentral.addCertificate(10)
    await runWith({ 'private-key': leaked.privateKey })
    expect(certcentral.puts()).toEqual([])
    expect(recorded.failed[0]).toMatch(
      /^Nothing was revoked:\n- No certificate among the 1 issued in this CertCentral account carries the key from private-key\./
    )
  })

  it('revokes as many carriers as max-revocations allows, exactly', async () => {
    certcentral.addCertificate(10, leakedPublic()).addCertificate(11, leakedPublic())
    await runWith({ 'private-key': leaked.privateKey, 'max-revocations': '2' })
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/10/revoke', '/certificate/11/revoke'])
    expect(recorded.failed).toEqual([])
  })

  it('asks for no open requests when every match is settled without one (expired)', async () => {
    const longAgo = { notBefore: new Date(Date.now() - 400 * 86_400_000), days: 90 }
    certcentral.addCertificate(10, leakedPublic(), longAgo)
    await runWith({ 'private-key': leaked.privateKey })
    expect(certcentral.calls.map((call) => call.path).filter((path) => path.startsWith('/request'))).toEqual([])
    expect(certcentral.puts()).toEqual([])
    expect(recorded.outputs.status).toBe('expired')
  })

  /** A run with the key, max-revocations 2 and the alert to resolve, whose three carriers are over the cap: nothing is sent. */
  const runOverTheCap = async () => {
    await runWith({
      'private-key': leaked.privateKey,
      'max-revocations': '2',
      'resolve-alert': 'true',
      'alert-number': '3',
      'github-token': TOKEN
    })
    expect(certcentral.puts()).toEqual([])
  }

  it('reports more carriers than max-revocations as the safety cap, not as invalid input, and revokes none', async () => {
    certcentral.addCertificate(10, leakedPublic()).addCertificate(11, leakedPublic()).addCertificate(12, leakedPublic())
    await runOverTheCap()
    // Nothing was revoked: the alert stays open.
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs['matched-certificates']).toBe('10,11,12')
    expect(recorded.failed[0]).toContain(
      'The key is on 3 certificates, which makes 3 targets: more than the safety cap of max-revocations (2), so nothing was revoked.'
    )
    // Said as it is: the scan found every carrier, and none was revoked.
    expect(recorded.failed[0]).toContain(
      '- Secret scanning alert #3 was left open because the key is on more certificates than max-revocations allows, so none was revoked.'
    )
    expect(recorded.failed[0]).not.toContain('did not find every certificate')
    expect(summary()).not.toContain('The inputs are invalid')
    expect(summary()).toContain('safety cap')
  })

  it('says both when the scan was incomplete and its matches over max-revocations, and keeps the alert open', async () => {
    certcentral.addCertificate(10, leakedPublic()).addCertificate(11, leakedPublic()).addCertificate(12, leakedPublic()).addCertificate(13)
    certcentral.downloadAnswers.set('13', answers.error(403, 'access_denied', 'Denied.'))
    await runOverTheCap()
    const unchecked =
      '1 certificate could not be checked for the key, so others may carry it: 13 (HTTP 403 access_denied: Denied.). Run again to check them.'
    const overCap =
      'The key is on 3 certificates, which makes 3 targets: more than the safety cap of max-revocations (2), so nothing was revoked. The certificates are in matched-certificates; if they must all be revoked, raise max-revocations and run again.'
    expect(recorded.failed).toEqual([
      [
        'Nothing was revoked:',
        `- ${unchecked}`,
        `- ${overCap}`,
        '- Secret scanning alert #3 was left open because the key scan did not find every certificate of the key.'
      ].join('\n')
    ])
    expect(summary()).toContain('- **Problem:** 1 certificate could not be checked for the key')
    expect(summary()).toContain('- **Problem:** The key is on 3 certificates, which makes 3 targets: more than the safety cap')
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs['alert-resolved']).toBe('false')
  })

  it('takes the key from the alert, masks it line by line, and resolves the alert after revoking', async () => {
    certcentral.addCertificate(10, leakedPublic())
    certcentral.revokeAnswers.set('/certificate/10/revoke', answers.skipped())
    readAlertSecret.mockResolvedValue({ secret: leaked.privateKey, secretType: 'ec_private_key' })
    await runWith({ 'key-from-alert': 'true', 'alert-number': '8', 'github-token': TOKEN, 'resolve-alert': 'true' })
    // The alert as resolve-alert read it before anything else: its secret is not read a second time.
    expect(readAlertSecret).toHaveBeenCalledWith(TOKEN, { owner: 'octo-org', repo: 'certificates', number: 8 }, undefined, {
      number: 1,
      state: 'open'
    })
    expect(readAlert).toHaveBeenCalledTimes(1)
    const keyLines = leaked.privateKey.split('\n').filter((line) => line && !line.startsWith('-----'))
    expect(recorded.secrets).toEqual(expect.arrayContaining(keyLines))
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/10/revoke'])
    expect(resolveAlert).toHaveBeenCalledTimes(1)
    expect(recorded.outputs['alert-resolved']).toBe('true')
  })

  it("names the alert's secret type when it holds no private key, and revokes the other targets", async () => {
    readAlertSecret.mockResolvedValue({ secret: 'ghp_notAKeyAtAll', secretType: 'github_personal_access_token' })
    await runWith({ 'key-from-alert': 'true', 'alert-number': '8', 'github-token': TOKEN, 'certificate-id': '5' })
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/5/revoke'])
    expect(recorded.failed[0]).toContain(
      "secret scanning alert #8: no PEM private key found (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY). The alert's secret type is github_personal_access_token: key-from-alert needs a private key alert."
    )
  })
})

describe('run: a dry run', () => {
  const { leaked, leakedPublic } = leakedKeyPair()

  it('of the named targets asks nobody anything: no CertCentral transport, only the plan and each result in the log', async () => {
    await runWith({ 'certificate-id': '5', 'order-id': '9', 'dry-run': 'true' })
    expect(transportOptions).toEqual([])
    expect(recorded.info).toEqual([
      'Dry run: nothing will be sent. 2 targets:',
      '  certificate 5',
      '  order 9',
      'certificate 5: dry-run',
      'order 9: dry-run'
    ])
    expect(recorded.outputs.status).toBe('dry-run,dry-run')
    expect(recorded.failed).toEqual([])
  })

  it('with a key to scan for, scans the account, plans what it found with the named targets, and waits for nothing', async () => {
    const longAgo = { notBefore: new Date(Date.now() - 400 * 86_400_000), days: 90 }
    certcentral.addCertificate(10, leakedPublic()).addCertificate(20, leakedPublic(), longAgo).addCertificate(30)
    await runWith({ 'private-key': leaked.privateKey, 'certificate-id': '7', 'dry-run': 'true', 'wait-for': 'approval' })
    expect(transportOptions).toHaveLength(1)
    expect(certcentral.puts()).toEqual([])
    expect(recorded.info).toEqual([
      expect.stringMatching(
        /^Looking for every certificate that carries the EC prime256v1 key from private-key \(public key SHA-256 [0-9a-f]{64}\)\.$/
      ),
      'Key scan: 3 orders listed, 3 orders that may hold a valid certificate, 3 certificates (0 orders with duplicates or reissues listed); 0 known from the index, 3 to download.',
      'Key scan: 3 checked, 3 downloaded, 4 CertCentral requests; the key is on certificates 10, 20. Expired, so not revoked: 20.',
      'Dry run: nothing will be sent. 3 targets:',
      '  certificate 7',
      '  certificate 10',
      '  certificate 20',
      'certificate 7: dry-run',
      'certificate 10: dry-run',
      'certificate 20: expired (expired before this run: nothing was sent)'
    ])
    expect(recorded.outputs.status).toBe('dry-run,dry-run,expired')
    expect(summary()).toContain('Certificate Transparency was not searched (`ct-search: off`)')
    expect(recorded.failed).toEqual([])
  })
})

describe('run: interrupted, the report names the step it was in', () => {
  const { leaked, leakedPublic } = leakedKeyPair()

  /** Interrupts the run startRun started (SIGTERM), as index.ts's handler does: the report is written at once. */
  let interrupt: () => void = () => undefined
  function startRun(inputs: Record<string, string>): Promise<void> {
    const defaults = { 'api-key': API_KEY, 'base-url': 'http://127.0.0.1:9/services/v2', 'ct-search': 'off' }
    for (const [name, value] of Object.entries({ ...defaults, ...inputs })) process.env[`INPUT_${name.toUpperCase()}`] = value
    return run(env, (listener) => {
      interrupt = () => listener('SIGTERM')
      return () => undefined
    })
  }

  /** Resolves once `reached` says so, checking every 5 ms, for at most 4 s. */
  async function until(reached: () => boolean): Promise<void> {
    for (let waited = 0; !reached() && waited < 4000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5))
  }

  /** A promise that never settles: a service that never answers. */
  const never = <T>(): Promise<T> => new Promise<T>(() => undefined)

  it('while scanning for the key: the scan is incomplete, and nothing was revoked', async () => {
    certcentral.addCertificate(10, leakedPublic())
    let reached: () => void = () => undefined
    const downloading = new Promise<void>((resolve) => (reached = resolve))
    const get = certcentral.get.bind(certcentral)
    certcentral.get = async (path: string) => {
      if (!path.startsWith('/certificate/10/download')) return get(path)
      reached()
      return never()
    }
    void startRun({ 'private-key': leaked.privateKey })
    await downloading
    interrupt()
    expect(certcentral.puts()).toEqual([])
    const interruption = `The run was interrupted (SIGTERM: the job was cancelled or timed out) while scanning for the key; what it knew by then is reported. The key scan did not end, so it is incomplete: other certificates of the account may carry the key; run again.`
    expect(recorded.failed).toEqual([`Nothing was revoked:\n- ${interruption}`])
    expect(summary()).toContain(`**Interrupted:** ${interruption}`)
    expect(recorded.outputs.outcome).toBe('failed')
  })

  it('while reading the alert, before any revoke request: each target failed as not sent, nothing said to be filed', async () => {
    readAlert.mockImplementation(async () => {
      interrupt()
      return never()
    })
    void startRun({ 'certificate-id': '5 6', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    await until(() => recorded.failed.length > 0)
    expect(readAlert).toHaveBeenCalledTimes(1)
    expect(transportOptions).toEqual([])
    expect(recorded.outputs.status).toBe('failed,failed')
    const notSent =
      '- certificate 5: the run was interrupted before a revoke request was sent for this target (SIGTERM): nothing was filed for it.'
    const next = '  Next: Nothing was sent to CertCentral for this target: run again.'
    expect(recorded.failed).toEqual([
      [
        '2 of 2 revocations failed.',
        notSent,
        next,
        notSent.replace('certificate 5', 'certificate 6'),
        next,
        '- The run was interrupted (SIGTERM: the job was cancelled or timed out) while reading the alert; what it knew by then is reported.'
      ].join('\n')
    ])
    expect(summary()).not.toContain('may have been filed')
    expect(summary()).toContain(
      '**Interrupted:** The run was interrupted (SIGTERM: the job was cancelled or timed out) while reading the alert'
    )
  })

  it('while waiting: a target approved meanwhile is reported approved, the other as last seen', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.pending(800))
    certcentral.addRequest(800, 'Approved since', 'approved')
    // Time for the first check (its second read waits a second for the wait's budget), then a pause: interrupted there.
    const running = startRun({ 'certificate-id': '5 6', 'wait-for': 'approval', 'wait-timeout': '0.05' })
    await until(() => recorded.info.some((line) => line.startsWith('Waiting for approval')))
    expect(recorded.info.at(-1)).toMatch(/^Waiting for approval of 1 revoke request \(500\) since /)
    interrupt()
    expect(recorded.outputs.status).toBe('approved,pending')
    expect(recorded.outputs['request-id']).toBe('800,500')
    expect(recorded.failed).toEqual([
      'Every revocation was sent, but:\n- The run was interrupted (SIGTERM: the job was cancelled or timed out) while waiting; what it knew by then is reported.'
    ])
    await running
    expect(recorded.failed).toHaveLength(1)
  })

  it('while resolving the alert: every result known, the alert not resolved', async () => {
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.approved(500))
    resolveAlert.mockImplementation(async () => {
      interrupt()
      return never()
    })
    void startRun({ 'certificate-id': '5', 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN })
    await until(() => recorded.failed.length > 0)
    expect(recorded.outputs.status).toBe('approved')
    expect(recorded.outputs['alert-resolved']).toBe('false')
    expect(recorded.failed).toEqual([
      'Every revocation was sent, but:\n- The run was interrupted (SIGTERM: the job was cancelled or timed out) while resolving the alert; what it knew by then is reported.'
    ])
  })
})

describe('run: what the account already holds', () => {
  it("reuses a pending request someone else filed for the target's order, and says so in a notice, not a warning", async () => {
    certcentral.holds(6, 5).addRequest(900, 'Revoke please (certificate 5)', 'pending', 'revoke', 6)
    await runWith({ 'certificate-id': '5' })
    expect(certcentral.puts()).toEqual([])
    expect(results()).toEqual([expect.objectContaining({ id: '5', status: 'pending', request_id: 900 })])
    expect(recorded.notices).toEqual([
      'certificate 5: open revoke request 900 was filed by someone else: check that it revokes this certificate before approving it.',
      "certificate 5: revoke request 900 awaits an administrator's approval in CertCentral (Certificates > Requests). Nothing is revoked until it is approved."
    ])
    expect(recorded.warnings).toEqual([])
  })

  it("asks a certificate's CA, with the run's settings, when it waits for the revocation", async () => {
    // CertCentral's download holds the leaf and its issuer, so the CA is asked; this leaf names no OCSP or CRL URL.
    const leaf = issueCertificate({ serialNumber: '05', commonName: 'c5.example.test', publicKey: leakedKeyPair().leakedPublic() })
    certcentral.downloadAnswers.set('5', { statusCode: 200, headers: {}, body: `${leaf}${CA_CERTIFICATE}` })
    certcentral.revokeAnswers.set('/certificate/5/revoke', answers.skipped())
    await runWith({ 'certificate-id': '5', 'wait-for': 'revocation', 'wait-timeout': '0.01' })
    const stillWaiting =
      'not revoked according to its authority after 0.01 min (last answer: the certificate names no OCSP responder and no CRL over http or https); CRLs and OCSP answers may lag a revocation by hours, so check again later.'
    expect(recorded.failed).toEqual([
      `1 of 1 revocation failed.\n- certificate 5: ${stillWaiting}\n  Next: Still waiting when wait-timeout ended: ${stillWaiting}`
    ])
  })
})

describe('run: beyond the account', () => {
  const { leaked, leakedPublic } = leakedKeyPair()
  let acme: AcmeServer
  let ct: CtServer
  beforeAll(async () => {
    ;[acme, ct] = await Promise.all([startAcmeServer(), startCtServer()])
  })
  afterAll(async () => Promise.all([acme.close(), ct.close()]))
  beforeEach(() => {
    ct.entries = []
    ct.down = false
  })

  const alertInputs = { 'resolve-alert': 'true', 'alert-number': '3', 'github-token': TOKEN }
  const ctInputs = () => ({ 'private-key': leaked.privateKey, 'ct-search': 'report', 'ct-search-url': ct.url, 'max-attempts': '1' })

  it("says a CT search that failed in a warning, and revokes the account's certificates all the same", async () => {
    ct.down = true
    certcentral.addCertificate(10, leakedPublic())
    await runWith(ctInputs())
    expect(certcentral.puts().map((call) => call.path)).toEqual(['/certificate/10/revoke'])
    expect(recorded.warnings).toEqual([
      'Certificate Transparency could not be searched: the CT search answered HTTP 503 (Service Unavailable).'
    ])
    expect(recorded.outputs.status).toBe('pending')
    expect(recorded.failed).toEqual([])
  })

  it('keeps the alert open when no live certificate of the key is in the account but one is elsewhere, not revoked', async () => {
    const longAgo = { notBefore: new Date(Date.now() - 400 * 86_400_000), days: 90 }
    certcentral.addCertificate(10, leakedPublic(), longAgo)
    ct.add(acme.issue(leaked.publicKey, { ca: acme.otherCa }))
    await runWith({ ...ctInputs(), ...alertInputs })
    expect(recorded.outputs.status).toBe('expired')
    expect(JSON.parse(recorded.outputs.elsewhere)).toEqual([
      expect.objectContaining({ issuer: 'CN=Other Trust TLS CA, O=Other Trust Ltd', where: 'other-ca', status: 'to-report' })
    ])
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(recorded.outputs['alert-resolved']).toBe('false')
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).toMatch(/^No revoke request was sent \(the target was already revoked, expired or requested\), but:\n/)
    expect(recorded.failed[0]).toContain(
      '\n- No live certificate of the key is in this account, but one is elsewhere, which this run could not revoke: serial '
    )
    expect(recorded.failed[0]).toContain(
      '\n- Secret scanning alert #3 was left open because of certificates of the key outside this account: '
    )
  })
})
