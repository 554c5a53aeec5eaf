import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidInputs } from '../../src/errors.js'
import { readRunContext } from '../../src/context.js'
import { alertNumberFromEvent, defaultComments, readSettings as readWith } from '../../src/inputs/read-settings.js'
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
  it('applies the contract\'s defaults', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1' })
    const settings = readSettings({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9', GITHUB_SERVER_URL: 'https://github.com' })
    expect(settings).toMatchObject({
      apiKey: KEY,
      certificateIds: ['1'],
      skipApproval: false,
      dryRun: false,
      baseUrl: 'https://www.digicert.com/services/v2',
      maxRevocations: 100,
      maxAttempts: 5,
      requestTimeoutMs: 30000,
      comments: 'Revoked from o/r by GitHub Actions: https://github.com/o/r/actions/runs/9'
    })
    expect(settings.revocationReason).toBeUndefined()
  })

  it('masks the key before anything else and hands it to the redactor', () => {
    const secrets = new Secrets()
    const registered = jest.spyOn(secrets, 'register')
    withInputs({ 'api-key': `  ${KEY}\n`, 'certificate-id': '1' })
    readSettings({}, secrets)
    expect(written.join('')).toContain(`::add-mask::${KEY}`)
    expect(registered.mock.calls.map(([secret]) => secret)).toEqual([KEY])
  })

  it('collects every problem at once, naming inputs and values but never the key', () => {
    withInputs({
      'api-key': KEY,
      'certificate-id': '12 x1',
      'serial-number': 'zz',
      'revocation-reason': 'lost',
      'dry-run': 'maybe',
      'base-url': 'http://certcentral.example.invalid',
      'max-attempts': '0'
    })
    const problems = problemsOf(() => readSettings({}))
    expect(problems).toHaveLength(6)
    expect(problems.join('\n')).not.toContain(KEY)
    expect(problems[0]).toMatch(/^certificate-id: 'x1'/)
  })

  it('explains an empty key', () => {
    withInputs({ 'api-key': ' ', 'certificate-id': '1' })
    expect(problemsOf(() => readSettings({}))).toEqual([expect.stringContaining('secrets are not passed to workflows started from forks')])
  })

  it('needs at least one target input', () => {
    withInputs({ 'api-key': KEY })
    expect(problemsOf(() => readSettings({}))).toEqual(['No certificate to revoke: give at least one of certificate-id, serial-number, certificate-pem, order-id, private-key, or key-from-alert.'])
  })

  it('needs an alert number to resolve an alert', () => {
    withInputs({ 'api-key': KEY, 'certificate-id': '1', 'resolve-alert': 'true', 'github-token': 't' })
    expect(problemsOf(() => readSettings({}))[0]).toMatch(/^resolve-alert: no alert number is known/)
  })

  it('keeps a comment that was given', () => {
    withInputs({ 'api-key': KEY, 'order-id': '3', comments: 'Key leaked in INC-42' })
    expect(readSettings({}).comments).toBe('Key leaked in INC-42')
  })
})

describe('defaultComments', () => {
  it('names the repository and the run', () => {
    expect(defaultComments(readRunContext({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5', GITHUB_SERVER_URL: 'https://ghe.example.invalid' }))).toBe(
      'Revoked from o/r by GitHub Actions: https://ghe.example.invalid/o/r/actions/runs/5'
    )
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
  })
})
