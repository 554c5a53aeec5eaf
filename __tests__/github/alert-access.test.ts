import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { InvalidInputs } from '../../src/errors.js'
import { readAlertBeforeRevoking } from '../../src/github/alert-access.js'
import type { AlertSettings } from '../../src/inputs/settings.js'
import { FakeGithub } from '../support/fake-github.js'

const path = '/repos/octo-org/web/secret-scanning/alerts/7'

describe('readAlertBeforeRevoking', () => {
  let github: FakeGithub
  let warnings: string[]
  const settings = (overrides: Partial<AlertSettings> = {}): AlertSettings => ({
    number: 7,
    repository: 'octo-org/web',
    resolve: true,
    token: 'ghs_token_0123456789',
    apiUrl: github.url,
    ...overrides
  })
  const warn = (message: string) => void warnings.push(message)
  const problemsOf = async (alert: AlertSettings): Promise<string[]> => {
    const error = await readAlertBeforeRevoking(alert, warn).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidInputs)
    return (error as InvalidInputs).problems
  }

  beforeAll(async () => {
    github = await new FakeGithub().start()
  })
  afterAll(async () => {
    await github.stop()
  })
  beforeEach(() => {
    github.requests.length = 0
    github.answers.clear()
    warnings = []
  })

  it('reads the alert of the repository given, with the token, and hands it back', async () => {
    github.answers.set(`GET ${path}`, { status: 200, body: { number: 7, state: 'open', secret: 's' } })
    await expect(readAlertBeforeRevoking(settings(), warn)).resolves.toEqual({ number: 7, state: 'open', secret: 's' })
    expect(github.requests).toMatchObject([{ method: 'GET', path, headers: { authorization: 'token ghs_token_0123456789' } }])
    expect(warnings).toEqual([])
  })

  it('reads nothing when the alert is not to be resolved, or its number is unknown', async () => {
    await expect(readAlertBeforeRevoking(settings({ resolve: false }), warn)).resolves.toBeUndefined()
    await expect(readAlertBeforeRevoking(settings({ number: undefined }), warn)).resolves.toBeUndefined()
    expect(github.requests).toEqual([])
  })

  it('refuses an unknown repository as invalid input, without asking GitHub', async () => {
    expect(await problemsOf(settings({ repository: undefined }))).toEqual([
      "alert-repository: Neither alert-repository nor GITHUB_REPOSITORY is set, so the alert's repository is unknown."
    ])
    expect(github.requests).toEqual([])
  })

  it.each([
    [401, 'GitHub did not accept github-token (401) when reading alert #7 in octo-org/web: the token is invalid or expired.'],
    [
      403,
      `github-token may not read alert #7 in octo-org/web (403: Resource not accessible by integration - https://docs.github.com/rest). It needs the repository permission "Secret scanning alerts: write": use a fine-grained token or a GitHub App token; the workflow's GITHUB_TOKEN cannot have it.`
    ],
    [
      404,
      'GitHub answered 404 for alert #7 in octo-org/web: the alert does not exist, secret scanning is off for the repository, or github-token cannot see it (it needs "Secret scanning alerts: write").'
    ]
  ])('refuses a %d as invalid input, naming the write permission', async (status, message) => {
    github.answers.set(`GET ${path}`, {
      status,
      body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' }
    })
    expect(await problemsOf(settings())).toEqual([
      `${message} resolve-alert reads the alert before anything is revoked: nothing was revoked.`
    ])
  })

  it.each([500, 502, 422])('warns about a %d and lets the revocations go ahead', async (status) => {
    github.answers.set(`GET ${path}`, { status, body: { message: 'Something broke' } })
    await expect(readAlertBeforeRevoking(settings({ apiUrl: github.url }), warn)).resolves.toBeUndefined()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`(HTTP ${status}): Something broke`)
    expect(warnings[0]).toContain('the revocations go ahead')
  })
})
