import { BUILT_IN_ACME_DIRECTORIES } from '../../src/inputs/beyond-account.js'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeKey } from '../../simulator/certificates.js'
import { issueCertificate } from '../../simulator/x509.js'
import { InvalidInputs } from '../../src/errors.js'
import { readRunContext } from '../../src/context.js'
import { alertNumberFromEvent, defaultComments, readSettings as readWith } from '../../src/inputs/read-settings.js'
import { DECLARED_INPUTS, inputVariable } from '../../src/inputs/declared.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
import { quote } from '../../src/inputs/values.js'
import { Secrets } from '../../src/secrets.js'

/** readSettings with the run context of the given runner variables. */
const readSettings = (env: Record<string, string> = {}, secrets = new Secrets()) => readWith(readRunContext(env), secrets)

const KEY = 'test-key-0123456789'
const saved = { ...process.env }

function withInputs(inputs: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
}

function problemsOf(read: () => unknown): string[] {
  try {
    read()
  } catch (error) {
    if (error instanceof InvalidInputs) return error.problems
    throw error
  }
  throw new Error('expected InvalidInputs')
}

/** What the action printed: core.setSecret writes `::add-mask::` commands to standard output. */
let written: string[] = []
beforeEach(() => {
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
})

afterEach(() => {
  process.env = { ...saved }
  jest.restoreAllMocks()
})

describe('readSettings', () => {
  it("applies the contract's defaults", () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    const settings = readSettings({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9', GITHUB_SERVER_URL: 'https://github.com' })
    expect(settings).toEqual({
      apiKey: KEY,
      certificateIds: ['1'],
      serialNumbers: [],
      pemCertificates: [],
      orderIds: [],
      comments: 'Revoked from o/r by GitHub Actions: https://github.com/o/r/actions/runs/9',
      revocationReason: undefined,
      skipApproval: false,
      dryRun: false,
      baseUrl: 'https://www.digicert.com/services/v2',
      maxRevocations: 100,
      maxAttempts: 5,
      requestTimeoutMs: 30000,
      waitFor: 'none',
      waitTimeoutMs: 30 * 60_000,
      alert: { number: undefined, repository: 'o/r', resolve: false, token: '' },
      keyScan: { key: undefined, fromAlert: false, indexPath: undefined },
      beyond: { ctSearch: 'report', ctSearchUrl: 'https://crt.sh/', acmeRevoke: false, acmeDirectories: [...BUILT_IN_ACME_DIRECTORIES] }
    })
  })

  it('reads every input into its setting', () => {
    const key = makeKey('ec')
    const certificate = { certificatePem: issueCertificate({ serialNumber: '0A1B2C', commonName: 'www.example.test', publicKey: key }) }
    withInputs({
      'api-key': KEY,
      'certificate-id': '11 12',
      'serial-number': '0a:1b',
      'certificate-pem': certificate.certificatePem,
      'order-id': '33',
      'private-key': key,
      comments: 'Key leaked in INC-42',
      'revocation-reason': 'key-compromise',
      'skip-approval': 'true',
      'dry-run': 'true',
      region: 'eu',
      'max-revocations': '7',
      'max-attempts': '3',
      'request-timeout': '2.5',
      'wait-for': 'approval',
      'wait-timeout': '1.5',
      'alert-number': '12',
      'resolve-alert': 'true',
      'github-token': 'ghp_test-token-0123456789',
      'certificate-index': ' .certificates/index.json ',
      'alert-repository': ' octo-org/other '
    })
    expect(readSettings({ GITHUB_REPOSITORY: 'o/r' })).toEqual({
      apiKey: KEY,
      certificateIds: ['11', '12'],
      serialNumbers: ['0A1B'],
      pemCertificates: [expect.objectContaining({ serialNumber: '0A1B2C', subject: 'www.example.test' })],
      orderIds: ['33'],
      comments: 'Key leaked in INC-42',
      revocationReason: 'keyCompromise',
      skipApproval: true,
      dryRun: true,
      baseUrl: 'https://certcentral.digicert.eu/services/v2',
      maxRevocations: 7,
      maxAttempts: 3,
      requestTimeoutMs: 2500,
      waitFor: 'approval',
      waitTimeoutMs: 90_000,
      alert: { number: 12, repository: 'octo-org/other', resolve: true, token: 'ghp_test-token-0123456789' },
      keyScan: { key: identifyPrivateKey(key), fromAlert: false, indexPath: '.certificates/index.json' },
      beyond: { ctSearch: 'report', ctSearchUrl: 'https://crt.sh/', acmeRevoke: false, acmeDirectories: [...BUILT_IN_ACME_DIRECTORIES] }
    })
  })

  it('takes base-url over the region', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1', region: 'eu', 'base-url': 'https://certcentral.example.invalid/services/v2/' })
    expect(readSettings({}).baseUrl).toBe('https://certcentral.example.invalid/services/v2')
  })

  it('accepts each target input alone', () => {
    const key = makeKey('ec')
    const certificate = { certificatePem: issueCertificate({ serialNumber: '0A1B2C', commonName: 'www.example.test', publicKey: key }) }
    const alone: [string, string, Record<string, unknown>][] = [
      ['serial-number', '0a1b', { serialNumbers: ['0A1B'] }],
      [
        'certificate-pem',
        certificate.certificatePem,
        { pemCertificates: [expect.objectContaining({ serialNumber: '0A1B2C', subject: 'www.example.test' })] }
      ],
      ['order-id', '33', { orderIds: ['33'] }],
      ['private-key', key, { keyScan: { key: identifyPrivateKey(key), fromAlert: false, indexPath: undefined } }]
    ]
    for (const [input, value, expected] of alone) {
      withInputs({ 'api-key': KEY, [input]: value })
      expect(readSettings({})).toMatchObject(expected)
    }
  })

  it('masks the key before anything else and hands it to the redactor', () => {
    const secrets = new Secrets()
    const registered = jest.spyOn(secrets, 'register')
    withInputs({ 'api-key': `  ${KEY}\n`, 'certificate-id': '1' })
    readSettings({}, secrets)
    expect(written.join('')).toContain(`::add-mask::${KEY}`)
    expect(registered.mock.calls.map(([secret]) => secret)).toEqual([KEY])
  })

  it('masks a github-token given as an input, and registers no empty one', () => {
    const secrets = new Secrets()
    const registered = jest.spyOn(secrets, 'register')
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'github-token': ' ghp_test-token-0123456789 ' })
    expect(readSettings({}, secrets).alert.token).toBe('ghp_test-token-0123456789')
    expect(written.join('')).toContain('::add-mask::ghp_test-token-0123456789')
    expect(registered.mock.calls.map(([secret]) => secret)).toEqual([KEY, 'ghp_test-token-0123456789'])
    expect(secrets.redact('token ghp_test-token-0123456789')).toBe('token ***')
  })

  it.each([
    ['a line break', `${KEY}\nmore`],
    ['a NUL', `${KEY}\u0000`],
    ['a unit separator', `${KEY}\u001f`],
    ['a DEL', `${KEY}\u007f`]
  ])('refuses an api-key with %s, after masking it', (_what, apiKey) => {
    const secrets = new Secrets()
    withInputs({ 'api-key': apiKey, 'certificate-id': '1' })
    expect(problemsOf(() => readSettings({}, secrets))).toEqual([
      'api-key: contains a line break or control character; copy the key again from CertCentral.'
    ])
    expect(secrets.redact(`the key ${apiKey}`)).toBe('the key ***')
  })

  it('keeps an api-key with inner spaces and punctuation as it is', () => {
    withInputs({ 'api-key': 'abc DEF-ghi_jkl~', 'certificate-id': '1' })
    expect(readSettings({}).apiKey).toBe('abc DEF-ghi_jkl~')
  })

  it('lets an unexpected error through instead of reporting it as an input problem', () => {
    const secrets = new Secrets()
    jest.spyOn(secrets, 'register').mockImplementation(() => {
      throw new TypeError('broken runner')
    })
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    expect(() => readSettings({}, secrets)).toThrow(TypeError)
  })

  it('collects every problem at once, naming inputs and values but never the key', () => {
    withInputs({
      'api-key': KEY,
      'certificate-id': '12 x1',
      'serial-number': 'zz',
      'certificate-pem': 'not-a-file.pem',
      'order-id': 'o1',
      'private-key': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      'revocation-reason': 'lost',
      'skip-approval': 'yes',
      'dry-run': 'maybe',
      region: 'asia',
      'max-revocations': '100001',
      'max-attempts': '0',
      'request-timeout': '601',
      'alert-number': '#5',
      'resolve-alert': 'sure',
      'key-from-alert': 'nope'
    })
    const problems = problemsOf(() => readSettings({}))
    expect(problems.map((problem) => problem.slice(0, problem.indexOf(':')))).toEqual([
      'private-key',
      'alert-number',
      'certificate-id',
      'serial-number',
      'certificate-pem',
      'order-id',
      'revocation-reason',
      'skip-approval',
      'dry-run',
      'region',
      'max-revocations',
      'max-attempts',
      'request-timeout',
      'resolve-alert',
      'key-from-alert'
    ])
    expect(problems.join('\n')).not.toContain(KEY)
    expect(problems[2]).toMatch(/^certificate-id: 'x1'/)
  })

  it('explains an empty key', () => {
    withInputs({ 'api-key': ' ', 'certificate-id': '1' })
    expect(problemsOf(() => readSettings({}))).toEqual([expect.stringContaining('secrets are not passed to workflows started from forks')])
  })

  it('needs at least one target input', () => {
    withInputs({ 'api-key': KEY })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'No certificate to revoke: give at least one of certificate-id, serial-number, certificate-pem, order-id, private-key, or key-from-alert.'
    ])
  })

  it('needs an alert number to resolve an alert', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'resolve-alert': 'true', 'github-token': 'ghp_test-token-0123456789' })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'resolve-alert: no alert number is known. Set alert-number, or start the workflow with a repository_dispatch event whose client_payload has alert_number.'
    ])
  })

  it('needs a token to resolve an alert, or to read its key', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'resolve-alert': 'true', 'alert-number': '5' })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'github-token: empty, but resolve-alert needs a token with "Secret scanning alerts: write".'
    ])
    withInputs({ 'api-key': KEY, 'key-from-alert': 'true', 'alert-number': '5' })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'github-token: empty, but key-from-alert needs a token with "Secret scanning alerts: read".'
    ])
    withInputs({ 'api-key': KEY, 'key-from-alert': 'true', 'resolve-alert': 'true' })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'key-from-alert: no alert number is known. Set alert-number, or start the workflow with a repository_dispatch event whose client_payload has alert_number.',
      'github-token: empty, but key-from-alert needs a token with "Secret scanning alerts: read".',
      'resolve-alert: no alert number is known. Set alert-number, or start the workflow with a repository_dispatch event whose client_payload has alert_number.',
      'github-token: empty, but resolve-alert needs a token with "Secret scanning alerts: write".'
    ])
  })

  it('takes key-from-alert as the only target', () => {
    withInputs({ 'api-key': KEY, 'key-from-alert': 'true', 'alert-number': '5', 'github-token': 'ghp_test-token-0123456789' })
    const settings = readSettings({})
    expect(settings.keyScan).toEqual({ key: undefined, fromAlert: true, indexPath: undefined })
    expect(settings.alert).toEqual({ number: 5, resolve: false, token: 'ghp_test-token-0123456789' })
  })

  it('refuses key-from-alert together with private-key', () => {
    withInputs({
      'api-key': KEY,
      'private-key': makeKey('ec'),
      'key-from-alert': 'true',
      'alert-number': '5',
      'github-token': 'ghp_test-token-0123456789'
    })
    expect(problemsOf(() => readSettings({}))).toEqual(['key-from-alert: give either private-key or key-from-alert, not both.'])
  })

  it('refuses an input the action does not declare, naming the closest declared one', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    // The runner's name for `dry_run:` (spaces become _, hyphens stay): not INPUT_DRY-RUN, so not dry-run.
    process.env.INPUT_DRY_RUN = 'true'
    process.env['INPUT_CERTIFICATE ID'] = '2'
    const env = { INPUT_DRY_RUN: 'true', INPUT_CERTIFICATE_ID: '2', 'INPUT_RESOLVE-ALERTS': 'true', 'INPUT_DRY-RUN': '' }
    expect(problemsOf(() => readSettings(env))).toEqual([
      "'dry_run' is not an input of this action; did you mean dry-run? The runner only warns about an unknown input, and a misspelt one must never change what a run does (dry_run: true would not be a dry run).",
      expect.stringMatching(/^'certificate_id' is not an input of this action; did you mean certificate-id\? /),
      expect.stringMatching(/^'resolve-alerts' is not an input of this action; did you mean resolve-alert\? /)
    ])
  })

  it('takes every declared input, whatever its value', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    const env = Object.fromEntries(DECLARED_INPUTS.map((name) => [inputVariable(name), '']))
    expect(readSettings(env).certificateIds).toEqual(['1'])
  })

  it('finds no undeclared input in a run context that names no input variables', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'dry-run': 'true' })
    const context = { ...readRunContext({ INPUT_DRY_RUN: 'true' }), inputVariables: undefined }
    expect(readWith(context, new Secrets()).dryRun).toBe(true)
  })

  it('names wait-timeout in its problem, with its ceiling', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'wait-timeout': '361' })
    expect(problemsOf(() => readSettings({}))).toEqual(["wait-timeout: '361' is not a number of minutes more than 0 and at most 360."])
  })

  it('reads alert-repository as owner/name, else the workflow repository, and refuses anything else', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'alert-repository': 'octo-org/certificates' })
    expect(readSettings({ GITHUB_REPOSITORY: 'o/r' }).alert.repository).toBe('octo-org/certificates')
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    expect(readSettings({ GITHUB_REPOSITORY: 'o/r' }).alert.repository).toBe('o/r')
    expect(readSettings({}).alert.repository).toBeUndefined()
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'alert-repository': 'octo-org' })
    expect(problemsOf(() => readSettings({ GITHUB_REPOSITORY: 'o/r' }))).toEqual([
      "alert-repository: 'octo-org' is not a repository (expected owner/name, like octo-org/certificates)."
    ])
  })

  it('refuses a github-token shorter than 16 characters only where the alert API is needed', () => {
    const asked = { 'api-key': KEY, 'certificate-id': '1', 'resolve-alert': 'true', 'alert-number': '5' }
    withInputs({ ...asked, 'github-token': 'x'.repeat(15) })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'github-token: shorter than 16 characters, so it is not a GitHub token, but resolve-alert needs one with "Secret scanning alerts: write".'
    ])
    withInputs({ ...asked, 'github-token': 'x'.repeat(16) })
    expect(readSettings({}).alert.token).toBe('x'.repeat(16))
    withInputs({ 'api-key': KEY, 'key-from-alert': 'true', 'alert-number': '5', 'github-token': '1' })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'github-token: shorter than 16 characters, so it is not a GitHub token, but key-from-alert needs one with "Secret scanning alerts: read".'
    ])
    // Not needed: a short token is no problem, and is never sent.
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'github-token': '1' })
    expect(readSettings({}).alert.token).toBe('1')
  })

  it('registers no secret shorter than 8 characters: it would redact ordinary text', () => {
    const secrets = new Secrets()
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'github-token': '7654321' })
    readSettings({}, secrets)
    expect(secrets.redact('request 7654321, token 87654321')).toBe('request 7654321, token 87654321')
    expect(written.join('')).not.toContain('::add-mask::7654321')
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'github-token': '87654321' })
    readSettings({}, secrets)
    expect(secrets.redact('token 87654321')).toBe('token ***')
    const eight = new Secrets()
    withInputs({ 'api-key': 'k3y-8chr', 'certificate-id': '1' })
    problemsOf(() => readSettings({}, eight))
    expect(eight.redact('the k3y-8chr')).toBe('the ***')
    const other = new Secrets()
    withInputs({ 'api-key': 'k3y-7ch', 'certificate-id': '1' })
    problemsOf(() => readSettings({}, other))
    expect(other.redact('the k3y-7ch')).toBe('the k3y-7ch')
    withInputs({ 'api-key': 'short', 'certificate-id': '1' })
    expect(problemsOf(() => readSettings({}, other))).toEqual([expect.stringMatching(/^api-key: shorter than 16 characters/)])
    expect(other.redact('a short word')).toBe('a short word')
  })

  it('names an undeclared input cut to 40 characters, even one that looks like base64 (a name is no secret)', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    const env = { [`INPUT_${'X'.repeat(5000)}`]: '1' }
    const [problem] = problemsOf(() => readSettings(env))
    expect(problem.startsWith(`'${'x'.repeat(40)}…' is not an input of this action; did you mean`)).toBe(true)
  })

  it('refuses an api-key too short to be a CertCentral key', () => {
    withInputs({ 'api-key': 'x'.repeat(15), 'certificate-id': '1' })
    expect(problemsOf(() => readSettings({}))).toEqual([
      'api-key: shorter than 16 characters, so it is not a CertCentral API key; copy the key again from CertCentral (Automation > API Keys).'
    ])
    withInputs({ 'api-key': 'x'.repeat(16), 'certificate-id': '1' })
    expect(readSettings({}).apiKey).toBe('x'.repeat(16))
  })

  it('checks GITHUB_API_URL like base-url, only when the run talks to GitHub', () => {
    const alertInputs = {
      'api-key': KEY,
      'certificate-id': '1',
      'resolve-alert': 'true',
      'alert-number': '5',
      'github-token': 'ghp_test-token-0123456789'
    }
    withInputs(alertInputs)
    expect(readSettings({ GITHUB_API_URL: 'https://ghe.example.invalid/api/v3/' }).alert.apiUrl).toBe('https://ghe.example.invalid/api/v3')
    expect(readSettings({}).alert.apiUrl).toBeUndefined()
    expect(problemsOf(() => readSettings({ GITHUB_API_URL: 'http://ghe.example.invalid/api/v3' }))).toEqual([
      "GITHUB_API_URL: 'http://ghe.example.invalid/api/v3' must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1), because the GitHub token is sent with every request."
    ])
    expect(problemsOf(() => readSettings({ GITHUB_API_URL: 'ghe.example.invalid' }))).toEqual([
      "GITHUB_API_URL: 'ghe.example.invalid' is not a URL (expected something like https://api.github.com)."
    ])
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    expect(readSettings({ GITHUB_API_URL: 'http://ghe.example.invalid/api/v3' }).alert.apiUrl).toBeUndefined()
  })

  it('takes a certificate-index that does not exist yet, or a regular file, and refuses anything else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'index-input-'))
    const file = join(dir, 'index.json')
    writeFileSync(file, '{}')
    for (const path of [join(dir, 'new.json'), file]) {
      withInputs({ 'api-key': KEY, 'certificate-id': '1', 'certificate-index': path })
      expect(readSettings({}).keyScan.indexPath).toBe(path)
    }
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'certificate-index': dir })
    expect(problemsOf(() => readSettings({}))).toEqual([
      `certificate-index: '${dir}' is a folder; give the path of a JSON file (it is created on the first run).`
    ])
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'certificate-index': '/dev/null' })
    expect(problemsOf(() => readSettings({}))).toEqual([
      "certificate-index: '/dev/null' is not a regular file; give the path of a JSON file (it is created on the first run)."
    ])
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'certificate-index': join(file, 'below-a-file.json') })
    expect(problemsOf(() => readSettings({}))).toEqual([
      `certificate-index: ${quote(join(file, 'below-a-file.json'))} cannot be used (ENOTDIR).`
    ])
  })

  it('takes the alert number from a repository_dispatch event, unless alert-number is given', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
    writeFileSync(path, JSON.stringify({ client_payload: { alert_number: 21 } }))
    const env = { GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_EVENT_PATH: path }
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    expect(readSettings(env).alert.number).toBe(21)
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'alert-number': '22' })
    expect(readSettings(env).alert.number).toBe(22)
  })

  it('keeps a comment that was given', () => {
    withInputs({ 'api-key': KEY, 'order-id': '3', comments: 'Key leaked in INC-42' })
    expect(readSettings({}).comments).toBe('Key leaked in INC-42')
  })
})

describe('defaultComments', () => {
  it('names the repository and the run', () => {
    expect(
      defaultComments(readRunContext({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5', GITHUB_SERVER_URL: 'https://ghe.example.invalid' }))
    ).toBe('Revoked from o/r by GitHub Actions: https://ghe.example.invalid/o/r/actions/runs/5')
    expect(defaultComments(readRunContext({}))).toBe('Revoked by a GitHub Actions workflow.')
  })
})

describe('alertNumberFromEvent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-'))
  function event(payload: unknown) {
    const path = join(dir, `${Math.random()}.json`)
    writeFileSync(path, JSON.stringify(payload))
    return readRunContext({ GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_EVENT_PATH: path })
  }
  it('reads client_payload.alert_number or client_payload.alert.number', () => {
    expect(alertNumberFromEvent(event({ client_payload: { alert_number: 12 } }))).toBe(12)
    expect(alertNumberFromEvent(event({ client_payload: { alert: { number: '13' } } }))).toBe(13)
    expect(alertNumberFromEvent(event({ client_payload: {} }))).toBeUndefined()
  })
  it('ignores other events', () => {
    expect(alertNumberFromEvent({ ...event({ client_payload: { alert_number: 12 } }), eventName: 'push' })).toBeUndefined()
  })
  it('refuses a payload number that is not one', () => {
    expect(() => alertNumberFromEvent(event({ client_payload: { alert_number: 'abc' } }))).toThrow("client_payload.alert_number: 'abc'")
    expect(() => alertNumberFromEvent(event({ client_payload: { alert_number: { n: 1 } } }))).toThrow(
      'client_payload.alert_number: not a secret scanning alert number (a positive whole number).'
    )
    expect(() => alertNumberFromEvent(event({ client_payload: { alert_number: true } }))).toThrow(
      'client_payload.alert_number: not a secret scanning alert number'
    )
  })
  it('takes alert_number over alert.number, and an empty or null one as none', () => {
    expect(alertNumberFromEvent(event({ client_payload: { alert_number: 3, alert: { number: 4 } } }))).toBe(3)
    expect(alertNumberFromEvent(event({ client_payload: { alert_number: null, alert: { number: 4 } } }))).toBe(4)
    expect(alertNumberFromEvent(event({ client_payload: { alert_number: '' } }))).toBeUndefined()
    expect(alertNumberFromEvent(event({ client_payload: { alert: { number: null } } }))).toBeUndefined()
    expect(alertNumberFromEvent(event({ client_payload: [12] }))).toBeUndefined()
    expect(alertNumberFromEvent(event([{ client_payload: { alert_number: 12 } }]))).toBeUndefined()
    expect(alertNumberFromEvent(event(null))).toBeUndefined()
  })
  it('needs an event file', () => {
    expect(alertNumberFromEvent(readRunContext({ GITHUB_EVENT_NAME: 'repository_dispatch' }))).toBeUndefined()
  })
  it('says why an event cannot be read', () => {
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{"client_payload":')
    const context = (path: string) => readRunContext({ GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_EVENT_PATH: path })
    expect(() => alertNumberFromEvent(context(broken))).toThrow(
      'alert-number: the repository_dispatch event could not be read (it is not JSON).'
    )
    expect(() => alertNumberFromEvent(context(dir))).toThrow(
      'alert-number: the repository_dispatch event could not be read (it is a folder, not a regular file).'
    )
    expect(() => alertNumberFromEvent(context(join(dir, 'missing.json')))).toThrow(
      'alert-number: the repository_dispatch event could not be read (ENOENT).'
    )
  })
})
