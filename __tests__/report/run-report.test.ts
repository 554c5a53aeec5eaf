import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunContext } from '../../src/context.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'
import type { KeyScanReport } from '../../src/leaked-key/scan-for-key.js'
import { notSearched, searchUnderway, type BeyondReport, type ElsewhereCertificate } from '../../src/beyond/report.js'
import { testSettings } from '../support/settings.js'
import * as actualRunner from '../../src/runner.js'

let failOutputs = false
const recorded = {
  info: [] as string[],
  warnings: [] as string[],
  notices: [] as string[],
  failed: [] as string[],
  outputs: {} as Record<string, string>
}
jest.unstable_mockModule('../../src/runner.js', () => ({
  ...actualRunner,
  info: (message: string) => void recorded.info.push(message),
  warning: (message: string | Error) => void recorded.warnings.push(String(message)),
  notice: (message: string | Error) => void recorded.notices.push(String(message)),
  setFailed: (message: string | Error) => void recorded.failed.push(String(message)),
  setOutput: (name: string, value: unknown) => {
    if (failOutputs) throw new Error('no output file')
    recorded.outputs[name] = String(value)
  },
  setSecret: () => undefined
}))
const { RunReport } = await import('../../src/report/run-report.js')
const { Log } = await import('../../src/report/log.js')
const { Secrets } = await import('../../src/secrets.js')

const API_KEY = 'unit-test-api-key-0123456789'

let dir: string
let summaryPath: string
let secrets: InstanceType<typeof Secrets>

beforeEach(() => {
  Object.assign(recorded, { info: [], warnings: [], notices: [], failed: [], outputs: {} })
  dir = mkdtempSync(join(tmpdir(), 'run-report-'))
  summaryPath = join(dir, 'summary.md')
  writeFileSync(summaryPath, 'earlier step\n')
  secrets = new Secrets()
  secrets.register(API_KEY)
})

const report = (context: RunContext = { summaryPath }) => new RunReport(context, secrets, new Log(secrets))
const summary = () => readFileSync(summaryPath, 'utf8')

function result(id: string, overrides: Partial<RevocationResult> = {}): RevocationResult {
  return {
    target: { type: 'certificate', id, source: 'certificate-id' },
    attempts: 1,
    status: 'pending',
    requestId: Number(id) * 10,
    date: null,
    error: null,
    ...overrides
  }
}
const failed = (id: string, message = 'Certificate not found.', status = 404): RevocationResult =>
  result(id, { status: 'failed', requestId: null, error: { code: 'not_found', message, http_status: status } })

describe('RunReport.finished', () => {
  it('writes the outputs and the summary, and fails nothing when every target was accepted', () => {
    report().finished({ settings: testSettings(), results: [result('1'), result('2')] })
    expect(recorded.outputs).toEqual({
      'request-id': '10,20',
      status: 'pending,pending',
      results: JSON.stringify([
        { type: 'certificate', id: '1', source: 'certificate-id', request_id: 10, status: 'pending', date: null, error: null },
        { type: 'certificate', id: '2', source: 'certificate-id', request_id: 20, status: 'pending', date: null, error: null }
      ]),
      'alert-resolved': 'false',
      'matched-certificates': '',
      outcome: 'pending',
      elsewhere: '[]'
    })
    expect(summary()).toMatch(/^earlier step\n## DigiCert certificate revocation\n/)
    expect(summary()).toContain('**Mode:** live')
    expect(summary()).toContain('Nothing revoked yet: 2 requests (10, 20) await approval in CertCentral.')
    expect(summary()).toContain('**Approval skipped:** no')
    expect(summary()).toMatch(/\*\*Action version:\*\* \d+\.\d+\.\d+/)
    expect(recorded.failed).toEqual([])
    expect(recorded.warnings).toEqual([])
    // Each pending target names the request to approve.
    expect(recorded.notices).toEqual([
      "certificate 1: revoke request 10 awaits an administrator's approval in CertCentral (Certificates > Requests). Nothing is revoked until it is approved.",
      "certificate 2: revoke request 20 awaits an administrator's approval in CertCentral (Certificates > Requests). Nothing is revoked until it is approved."
    ])
  })

  it('fails the step with each failed target and what to do next', () => {
    report().finished({ settings: testSettings(), results: [failed('1'), result('2')] })
    expect(recorded.outputs.outcome).toBe('failed')
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).toMatch(
      /^1 of 2 revocations failed; the other was sent\.\n- certificate 1: HTTP 404 not_found: Certificate not found\.\n {2}Next: No such certificate in the account of this key on www\.digicert\.com/
    )
    expect(summary()).toContain('### What to do next')
  })

  it("words the advice and the summary after the run's settings", () => {
    const settings = testSettings({ skipApproval: true, dryRun: true, baseUrl: 'https://certcentral.digicert.eu/services/v2' })
    report().finished({ settings, results: [failed('1', 'Forbidden', 403)] })
    expect(recorded.failed[0]).toContain('skip-approval needs the key of an administrator')
    expect(summary()).toContain('dry run (no revoke request was sent)')
    expect(summary()).toContain('certcentral.digicert.eu')
  })

  it('reports the key scan and the alert in the outputs, and their problems in the failure', () => {
    const keyScan: KeyScanReport = {
      from: 'private-key',
      matches: ['7', '9'],
      expired: [],
      chains: new Map(),
      checked: 3,
      downloaded: 3,
      requests: 4,
      problem: { kind: 'unchecked', unchecked: [{ id: '8', error: { code: null, message: 'timed out', http_status: null } }] }
    }
    report().finished({
      settings: testSettings(),
      results: [result('7'), result('9')],
      keyScan,
      alert: { number: 3, resolved: false, blocker: 'incomplete-scan' }
    })
    expect(recorded.outputs['matched-certificates']).toBe('7,9')
    expect(recorded.outputs['alert-resolved']).toBe('false')
    // Every target pending, but the step fails (the scan is incomplete): the outcome says failed, as the exit code.
    expect(recorded.outputs.outcome).toBe('failed')
    expect(recorded.failed).toEqual([
      [
        'Every revocation was sent, but:',
        '- 1 certificate could not be checked for the key, so others may carry it: 8 (timed out). Run again to check them.',
        '- Secret scanning alert #3 was left open because the key scan did not find every certificate of the key.'
      ].join('\n')
    ])
    expect(summary()).toContain('**Secret scanning alert #3:** not resolved')
  })

  it("puts the run's reason and comment in the summary's audit record, and ends it with the page when not interrupted", () => {
    report({ summaryPath, actor: 'octocat', eventName: 'workflow_dispatch' }).finished({
      settings: testSettings({ revocationReason: 'keyCompromise', comments: 'INC-7' }),
      results: [result('1')]
    })
    expect(summary()).toContain(
      '**Reason sent:** keyCompromise &nbsp; **Approval skipped:** no &nbsp; **Comment:** INC-7 (each request&#39;s comment ends with its target&#39;s tag) &nbsp; **Started by:** octocat (event: workflow&#95;dispatch) &nbsp; **Action version:** '
    )
    expect(summary()).toMatch(/<\/table>\n$/)
    expect(summary()).not.toContain('Interrupted')
  })

  it('says dry-run for a dry run that passes', () => {
    report().finished({ settings: testSettings({ dryRun: true }), results: [result('1', { status: 'dry-run', requestId: null })] })
    expect(recorded.failed).toEqual([])
    expect(recorded.outputs.outcome).toBe('dry-run')
  })

  it('says a resolved alert in the outputs, and fails nothing for it', () => {
    report().finished({
      settings: testSettings(),
      results: [result('1')],
      keyScan: { from: 'private-key', matches: ['1'], expired: [], chains: new Map(), checked: 1, downloaded: 0, requests: 1 },
      alert: { number: 3, resolved: true }
    })
    expect(recorded.outputs['alert-resolved']).toBe('true')
    expect(recorded.outputs['matched-certificates']).toBe('1')
    expect(recorded.failed).toEqual([])
  })

  it('removes every secret from the outputs, the summary and the failure', () => {
    report().finished({ settings: testSettings(), results: [failed('1', `the key ${API_KEY} is unknown`, 400)] })
    const everything = [JSON.stringify(recorded.outputs), summary(), ...recorded.failed].join('\n')
    expect(everything).not.toContain(API_KEY)
    expect(everything).not.toContain(API_KEY.slice(4, 16))
    expect(JSON.parse(recorded.outputs.results)[0].error.message).toBe('the key *** is unknown')
    expect(recorded.failed[0]).toContain('the key *** is unknown')
  })

  it('says in the log that there is no summary outside a runner, and still fails the step', () => {
    report({}).finished({ settings: testSettings(), results: [failed('1')] })
    expect(recorded.warnings).toEqual([
      'GITHUB_STEP_SUMMARY is not set, so no job summary was written (this is not a GitHub Actions runner).'
    ])
    expect(recorded.failed).toHaveLength(1)
    expect(summary()).toBe('earlier step\n')
  })
})

describe('RunReport.finished when the key scan found no certificate', () => {
  const noMatch: KeyScanReport = {
    from: 'private-key',
    matches: [],
    expired: [],
    chains: new Map(),
    checked: 2,
    downloaded: 2,
    requests: 3,
    problem: { kind: 'no-match' }
  }
  const scanProblem =
    '- No certificate among the 2 issued in this CertCentral account carries the key from private-key. It may belong to another CA, another CertCentral account, or the other region (us or eu).'

  it('says that Certificate Transparency could not be searched either', () => {
    report().finished({
      settings: testSettings(),
      results: [],
      keyScan: noMatch,
      beyond: { ...notSearched('report'), failure: 'crt.sh answered HTTP 503' }
    })
    expect(recorded.failed).toEqual([
      [
        'Nothing was revoked:',
        scanProblem,
        '- Certificate Transparency could not be searched either, so certificates of the key elsewhere are unknown: crt.sh answered HTTP 503.'
      ].join('\n')
    ])
  })

  it('says nothing of Certificate Transparency when it was searched', () => {
    report().finished({ settings: testSettings(), results: [], keyScan: noMatch, beyond: { ...notSearched('report'), searched: true } })
    expect(recorded.failed).toEqual([['Nothing was revoked:', scanProblem].join('\n')])
  })
})

describe('RunReport.finished with requests awaiting approval', () => {
  it('says in the log that the alert stays open, and fails nothing for it', () => {
    report().finished({
      settings: testSettings(),
      results: [result('1')],
      alert: { number: 3, resolved: false, blocker: 'pending', requestIds: [10] }
    })
    expect(recorded.info).toEqual([
      expect.stringMatching(/^Secret scanning alert #3 stays open: revoke request 10 awaits an administrator's approval/)
    ])
    expect(recorded.failed).toEqual([])
    expect(recorded.outputs['alert-resolved']).toBe('false')
  })

  it('says in the log that the alert stays open for a request approved but not yet revoked, and fails nothing for it', () => {
    report().finished({
      settings: testSettings(),
      results: [result('1', { status: 'approved', reusedRequest: true })],
      alert: { number: 3, resolved: false, blocker: 'unconfirmed', requestIds: [10] }
    })
    expect(recorded.info).toEqual([
      "Secret scanning alert #3 stays open: revoke request 10 was filed by someone else and approved, but the certificate's CA (or the order's status) does not yet say it is revoked. A later run resolves the alert once it does."
    ])
    expect(recorded.failed).toEqual([])
    expect(recorded.outputs.outcome).toBe('done')
  })

  it('still fails the step for a real failure beside it, without calling the pending alert one', () => {
    report().finished({
      settings: testSettings(),
      results: [failed('1'), result('2')],
      alert: { number: 3, resolved: false, blocker: 'pending', requestIds: [20] }
    })
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).not.toContain('stays open')
    expect(recorded.info).toHaveLength(1)
  })
})

describe('RunReport.invalidInputs', () => {
  it('writes empty outputs, lists the problems in the summary and fails the step', () => {
    report().invalidInputs(["certificate-id: 'x' is not a certificate ID", `api-key: ${API_KEY} is odd`])
    expect(recorded.outputs).toEqual({
      'request-id': '',
      status: '',
      results: '[]',
      'alert-resolved': 'false',
      'matched-certificates': '',
      outcome: 'failed',
      elsewhere: '[]'
    })
    expect(summary()).toContain('**The inputs are invalid. No revoke request was sent.**')
    expect(summary()).toContain('- certificate-id: &#39;x&#39; is not a certificate ID')
    expect(summary()).not.toContain(API_KEY)
    expect(recorded.failed).toEqual([
      "Invalid input; no revoke request was sent.\n- certificate-id: 'x' is not a certificate ID\n- api-key: *** is odd"
    ])
  })
  it('says the outputs could not be written, and still writes the summary and fails the step (no stack trace)', () => {
    failOutputs = true
    try {
      report().invalidInputs(['region: bad'])
    } finally {
      failOutputs = false
    }
    expect(recorded.warnings).toEqual(['The outputs could not be written (no output file).'])
    expect(summary()).toContain('- region: bad')
    expect(recorded.failed).toEqual(['Invalid input; no revoke request was sent.\n- region: bad'])
  })
})

describe('RunReport.unexpected', () => {
  it("fails the step with the error's message, redacted, and still writes the outputs and the summary", () => {
    report().unexpected(new Error(`boom with ${API_KEY}`))
    expect(recorded.failed).toEqual(['Unexpected error: boom with ***'])
    expect(recorded.outputs).toEqual({
      'request-id': '',
      status: '',
      results: '[]',
      'alert-resolved': 'false',
      'matched-certificates': '',
      outcome: 'failed',
      elsewhere: '[]'
    })
    expect(summary()).toContain('**The run ended with an unexpected error.**')
    expect(summary()).toContain('- Unexpected error: boom with &#42;&#42;&#42;')
    expect(summary()).not.toContain(API_KEY)
    expect(recorded.warnings).toEqual([])
  })

  it('takes anything thrown, not only an Error', () => {
    report().unexpected('a string')
    expect(recorded.failed).toEqual(['Unexpected error: a string'])
  })

  it('says what could not be written, and still fails the step', () => {
    failOutputs = true
    try {
      report({ summaryPath: dir }).unexpected(new Error('boom'))
    } finally {
      failOutputs = false
    }
    expect(recorded.warnings).toEqual([
      'The outputs could not be written (no output file).',
      expect.stringMatching(/^The job summary could not be written \(.*EISDIR.*\)\.$/)
    ])
    expect(recorded.failed).toEqual(['Unexpected error: boom'])
  })
})

describe('a run reports once', () => {
  const later = (run: InstanceType<typeof RunReport>) => {
    run.interrupted('SIGTERM')
    run.finished({ settings: testSettings(), results: [failed('1')] })
    run.unexpected(new Error('late'))
    run.invalidInputs(['late'])
  }
  const titles = () => summary().match(/## DigiCert certificate revocation/g)

  it('after invalid inputs', () => {
    const run = report()
    run.invalidInputs(['region: bad'])
    later(run)
    expect(recorded.failed).toEqual(['Invalid input; no revoke request was sent.\n- region: bad'])
    expect(titles()).toHaveLength(1)
  })

  it('after an unexpected error', () => {
    const run = report()
    run.unexpected(new Error('boom'))
    later(run)
    expect(recorded.failed).toEqual(['Unexpected error: boom'])
    expect(titles()).toHaveLength(1)
  })
})

describe('RunReport.interrupted', () => {
  it('before the settings are known: empty outputs, a summary that says so, a failed step', () => {
    report().interrupted('SIGINT')
    expect(recorded.outputs).toMatchObject({ status: '', results: '[]', 'alert-resolved': 'false' })
    const message = 'The run was interrupted (SIGINT: the job was cancelled or timed out); what it knew by then is reported.'
    expect(recorded.failed).toEqual([message])
    expect(summary()).toContain('- The run was interrupted (SIGINT: the job was cancelled or timed out); what it knew by then is reported.')
  })

  it("during a dry run's key scan: the planned targets as dry-run, the scan incomplete, a failed step", () => {
    const run = report()
    const settings = { ...testSettings(), dryRun: true }
    run.know({ settings, targets: [result('1').target, result('2').target], step: 'scanning for the key' })
    run.interrupted('SIGTERM')
    expect(recorded.outputs.status).toBe('dry-run,dry-run')
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).toContain(
      'The run was interrupted (SIGTERM: the job was cancelled or timed out) while scanning for the key; what it knew by then is reported. The key scan did not end, so it is incomplete: other certificates of the account may carry the key; run again.'
    )
    expect(summary()).toContain('**Interrupted:** The run was interrupted')
  })

  it.each([
    ['reading the alert', ''],
    [
      'scanning for the key',
      ' The key scan did not end, so it is incomplete: other certificates of the account may carry the key; run again.'
    ]
  ] as const)('while %s, before any revoke request: each target failed as not sent, nothing said to be filed', (step, scanNote) => {
    const run = report()
    run.know({ settings: testSettings(), targets: [result('1').target, result('2').target], step })
    run.interrupted('SIGTERM')
    expect(recorded.outputs.status).toBe('failed,failed')
    const message = 'the run was interrupted before a revoke request was sent for this target (SIGTERM): nothing was filed for it'
    const errors = (JSON.parse(recorded.outputs.results) as { error: unknown }[]).map((target) => target.error)
    expect(errors).toEqual([0, 1].map(() => ({ code: null, message, http_status: null })))
    expect(recorded.failed).toHaveLength(1)
    expect(recorded.failed[0]).toContain(`- certificate 1: ${message}`)
    expect(recorded.failed[0]).toContain('Next: Nothing was sent to CertCentral for this target: run again.')
    expect(recorded.failed[0]).toContain(
      `The run was interrupted (SIGTERM: the job was cancelled or timed out) while ${step}; what it knew by then is reported.${scanNote}`
    )
    expect(recorded.failed[0]).not.toContain('may have been filed')
    expect(summary()).not.toContain('may have been filed')
  })

  it('while revoking, a target without an answer may have been filed', () => {
    const run = report()
    const targets = [result('1').target, result('2').target]
    run.know({ settings: testSettings(), targets, step: 'revoking' })
    run.knowResult({ ...result('2'), target: targets[1] })
    run.interrupted('SIGINT')
    expect(recorded.outputs.status).toBe('failed,pending')
    const [unanswered] = JSON.parse(recorded.outputs.results) as { error: unknown }[]
    expect(unanswered.error).toEqual({
      code: null,
      message: 'no answer from CertCentral before the run was interrupted (SIGINT); a revoke request may have been filed all the same',
      http_status: null
    })
  })

  describe('beyond the account', () => {
    const acmeCertificate = (serial: string, fields: Partial<ElsewhereCertificate>): ElsewhereCertificate => ({
      issuer: 'CN=Simulated ACME CA',
      serial,
      notAfter: '2027-01-01T00:00:00.000Z',
      ctId: `4${serial}`,
      where: 'acme',
      status: 'to-report',
      next: null,
      live: true,
      ...fields
    })
    const beyond = (certificates: ElsewhereCertificate[]): BeyondReport => ({
      ...notSearched('report'),
      searched: true,
      listed: certificates.length,
      certificates,
      requests: 3,
      seconds: 2
    })
    const interruptedWith = (known: BeyondReport): void => {
      const run = report()
      const one = result('1')
      run.know({ settings: testSettings(), targets: [one.target], step: 'waiting', results: [one], beyond: known })
      run.interrupted('SIGTERM')
    }

    it('keeps an ACME revocation already sent, and reports one sent but unanswered as failed, never revoked', () => {
      interruptedWith(
        beyond([
          acmeCertificate('01', { status: 'submitted', detail: 'accepted by the ACME server' }),
          acmeCertificate('02', { detail: 'OCSP good', acmeUnanswered: true })
        ])
      )
      const unanswered =
        'no answer from the ACME server before the run was interrupted (SIGTERM); the revocation may have been filed all the same'
      expect(JSON.parse(recorded.outputs.elsewhere)).toEqual([
        {
          issuer: 'CN=Simulated ACME CA',
          serial: '01',
          not_after: '2027-01-01T00:00:00.000Z',
          ct_id: '401',
          where: 'acme',
          status: 'submitted',
          next: null
        },
        {
          issuer: 'CN=Simulated ACME CA',
          serial: '02',
          not_after: '2027-01-01T00:00:00.000Z',
          ct_id: '402',
          where: 'acme',
          status: 'failed',
          next: 'run again: an ACME server that revoked it answers alreadyRevoked'
        }
      ])
      expect(summary()).toContain('### Outside this account')
      expect(summary()).toContain(
        '<tr><td>CN=Simulated ACME CA</td><td>01</td><td>2027-01-01T00:00:00.000Z</td><td>401</td><td>acme</td><td>submitted</td><td>accepted by the ACME server</td></tr>'
      )
      expect(summary()).toContain(
        `<tr><td>CN=Simulated ACME CA</td><td>02</td><td>2027-01-01T00:00:00.000Z</td><td>402</td><td>acme</td><td>failed</td><td>${unanswered}; run again: an ACME server that revoked it answers alreadyRevoked</td></tr>`
      )
      expect(recorded.outputs.outcome).toBe('failed')
      expect(recorded.failed).toHaveLength(1)
      expect(recorded.failed[0]).toContain(`- ACME revocation of serial 02 (CN=Simulated ACME CA) failed: ${unanswered}.`)
      expect(recorded.failed[0]).not.toContain('serial 01')
    })

    it('says a CT search that had not ended is incomplete, not that it found nothing', () => {
      interruptedWith(searchUnderway('report'))
      expect(recorded.outputs.elsewhere).toBe('[]')
      expect(summary()).toContain(
        '### Outside this account\n\n**Certificate Transparency could not be searched:** the run was interrupted (SIGTERM) before the search ended, so it is incomplete. Certificates of the key outside this account are not known to this run.'
      )
      expect(summary()).not.toContain('Certificate Transparency listed')
    })
  })

  it('with the settings but no targets yet: empty outputs and a failed step', () => {
    const run = report()
    run.know({ settings: testSettings(), step: 'reading the alert' })
    run.interrupted('SIGTERM')
    expect(recorded.outputs).toMatchObject({ 'request-id': '', status: '', results: '[]', outcome: 'failed' })
    expect(recorded.failed).toEqual([
      'Nothing was revoked:\n- The run was interrupted (SIGTERM: the job was cancelled or timed out) while reading the alert; what it knew by then is reported.'
    ])
  })

  it('keeps each result known, in target order, and reports once', () => {
    const run = report()
    const [one, two, three] = [result('1'), result('2'), result('3')]
    run.know({ settings: testSettings(), targets: [one.target, two.target, three.target], step: 'revoking', results: [] })
    run.knowResult(three)
    run.knowResult(one)
    run.interrupted('SIGTERM')
    expect(recorded.outputs.status).toBe('pending,failed,pending')
    expect(recorded.outputs['request-id']).toBe('10,,30')
    run.interrupted('SIGINT')
    run.finished({ settings: testSettings(), results: [one, two, three] })
    run.unexpected(new Error('late'))
    run.invalidInputs(['late'])
    expect(recorded.failed).toHaveLength(1)
    expect(summary().match(/## DigiCert certificate revocation/g)).toHaveLength(1)
  })
})
