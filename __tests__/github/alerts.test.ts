import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  AlertError,
  alertFailure,
  alertTarget,
  readAlert,
  readAlertSecret,
  resolutionComment,
  resolveAlert
} from '../../src/github/alerts.js'
import { FakeGithub } from '../support/fake-github.js'

const RUN = 'https://github.com/o/r/actions/runs/1'
const PREFIX = 'Revoked in DigiCert CertCentral: '

describe('resolutionComment', () => {
  it('names the requests and the run', () => {
    expect(resolutionComment([12, 13], RUN)).toBe(`${PREFIX}requests 12, 13. Run: ${RUN}`)
    expect(resolutionComment([12], RUN)).toBe(`${PREFIX}request 12. Run: ${RUN}`)
  })

  it('says when approval was skipped', () => {
    expect(resolutionComment([null], undefined)).toBe(`${PREFIX}1 with approval skipped`)
    expect(resolutionComment([4, null], undefined)).toBe(`${PREFIX}request 4; 1 with approval skipped`)
  })

  it('counts the targets already revoked or expired apart from those revoked with approval skipped', () => {
    expect(resolutionComment([4, null, null, null, null], undefined, { alreadyRevoked: 2, expired: 1 })).toBe(
      `${PREFIX}request 4; 1 with approval skipped; 2 already revoked; 1 expired`
    )
    expect(resolutionComment([null, null], undefined, { alreadyRevoked: 1, expired: 1 })).toBe(`${PREFIX}1 already revoked; 1 expired`)
    expect(resolutionComment([null], undefined, { alreadyRevoked: 0, expired: 1 })).toBe(`${PREFIX}1 expired`)
  })

  it("stays within GitHub's limit for many requests, saying how many it left out", () => {
    const ids = Array.from({ length: 100 }, (_, i) => 1000000 + i)
    const comment = resolutionComment([...ids, null], RUN)
    expect(comment.length).toBeLessThanOrEqual(270)
    const match = /^Revoked in DigiCert CertCentral: requests ([\d, ]+) and (\d+) more; 1 with approval skipped\. Run: (.*)$/.exec(comment)
    expect(match?.[3]).toBe(RUN)
    const shown = match![1].split(', ').map(Number)
    expect(shown).toEqual(ids.slice(0, shown.length))
    expect(shown.length + Number(match![2])).toBe(100)
    // As many as fit: one more would not.
    const longer = `${PREFIX}requests ${ids.slice(0, shown.length + 1).join(', ')} and ${99 - shown.length} more; 1 with approval skipped. Run: ${RUN}`
    expect(longer.length).toBeGreaterThan(270)
  })

  it('keeps a comment of exactly the limit, and cuts a longer one with an ellipsis', () => {
    const runOf = (length: number) => `https://github.com/${'o'.repeat(length - `${PREFIX}request 5. Run: https://github.com/`.length)}`
    expect(resolutionComment([5], runOf(270))).toBe(`${PREFIX}request 5. Run: ${runOf(270)}`)
    const cut = resolutionComment([5], runOf(271))
    expect(cut).toBe(`${`${PREFIX}request 5. Run: ${runOf(271)}`.slice(0, 269)}…`)
    expect(cut).toHaveLength(270)
    const twoRunOf = (length: number) =>
      `https://github.com/${'o'.repeat(length - `${PREFIX}requests 5, 6. Run: https://github.com/`.length)}`
    expect(resolutionComment([5, 6], twoRunOf(270))).toBe(`${PREFIX}requests 5, 6. Run: ${twoRunOf(270)}`)
    expect(resolutionComment([5, 6], twoRunOf(271))).toMatch(
      /^Revoked in DigiCert CertCentral: requests 5 and 1 more\. Run: https:\/\/github\.com\/o+…$/
    )
  })

  it('never drops the only request to make room', () => {
    const run = `https://github.com/${'o'.repeat(300)}`
    expect(resolutionComment([5], run)).toMatch(/^Revoked in DigiCert CertCentral: request 5\. Run: https:\/\/github\.com\/o+…$/)
  })
})

describe('alertTarget', () => {
  it('needs the repository as owner/name', () => {
    expect(alertTarget('a/b', 2)).toEqual({ owner: 'a', repo: 'b', number: 2 })
    for (const repository of [undefined, '', 'only-owner', '/repo', 'owner/'])
      expect(() => alertTarget(repository, 1)).toThrow(
        new AlertError("Neither alert-repository nor GITHUB_REPOSITORY is set, so the alert's repository is unknown.")
      )
  })

  it('throws an AlertError by that name', () => {
    expect(new AlertError('x').name).toBe('AlertError')
  })
})

describe('alertFailure', () => {
  const alert = alertTarget('octo-org/certs', 7)

  it('says which permission a 403 lacks, to resolve or to read', () => {
    expect(alertFailure({ status: 403, message: 'Resource not accessible by integration\nmore' }, alert)).toBe(
      'github-token may not resolve alert #7 in octo-org/certs (403: Resource not accessible by integration). It needs the repository permission "Secret scanning alerts: write": use a fine-grained token or a GitHub App token; the workflow\'s GITHUB_TOKEN cannot have it.'
    )
    expect(alertFailure({ status: 403, message: 'x' }, alert, 'read')).toBe(
      'github-token may not read alert #7 in octo-org/certs (403: x). It needs the repository permission "Secret scanning alerts: read": use a fine-grained token or a GitHub App token; the workflow\'s GITHUB_TOKEN cannot have it.'
    )
  })

  it('explains a 401, a 404 and a 422', () => {
    expect(alertFailure({ status: 401 }, alert)).toBe(
      'GitHub did not accept github-token (401) when resolving alert #7 in octo-org/certs: the token is invalid or expired.'
    )
    expect(alertFailure({ status: 401 }, alert, 'read')).toBe(
      'GitHub did not accept github-token (401) when reading alert #7 in octo-org/certs: the token is invalid or expired.'
    )
    expect(alertFailure({ status: 404 }, alert, 'read')).toBe(
      'GitHub answered 404 for alert #7 in octo-org/certs: the alert does not exist, secret scanning is off for the repository, or github-token cannot see it (it needs "Secret scanning alerts: read").'
    )
    expect(alertFailure({ status: 422, message: 'State cannot be changed' }, alert)).toBe(
      'GitHub refused to resolve alert #7 in octo-org/certs (422: State cannot be changed). The alert may already be resolved, or be of a kind that cannot be resolved this way.'
    )
  })

  it('says what failed otherwise, with the HTTP status when there is one, on one clean line', () => {
    expect(alertFailure({ status: 502, message: 'Bad gateway\u001b[31m' }, alert)).toBe(
      'Resolving alert #7 in octo-org/certs failed (HTTP 502): Bad gateway'
    )
    expect(alertFailure(new Error('connect ECONNREFUSED'), alert, 'read')).toBe(
      'Reading alert #7 in octo-org/certs failed: connect ECONNREFUSED'
    )
    // A 422 to a read is no refusal to resolve.
    expect(alertFailure({ status: 422, message: 'Unprocessable' }, alert, 'read')).toBe(
      'Reading alert #7 in octo-org/certs failed (HTTP 422): Unprocessable'
    )
  })
})

describe('the alert API', () => {
  const github = new FakeGithub()
  const alert = alertTarget('octo-org/certs', 7)
  const path = '/repos/octo-org/certs/secret-scanning/alerts/7'

  beforeAll(async () => {
    await github.start()
  })
  afterAll(async () => {
    await github.stop()
  })
  beforeEach(() => {
    github.requests.length = 0
    github.answers.clear()
  })

  it('reads the secret and its type, cleaned, with the token', async () => {
    github.answers.set(`GET ${path}`, { status: 200, body: { number: 7, secret: 'the-secret', secret_type: 'private_key\u001b[2K' } })
    await expect(readAlertSecret('ghs_token', alert, github.url)).resolves.toEqual({ secret: 'the-secret', secretType: 'private_key' })
    expect(github.requests).toMatchObject([{ method: 'GET', path, headers: { authorization: 'token ghs_token' } }])
  })

  it('says "unknown" for a secret of no stated type', async () => {
    github.answers.set(`GET ${path}`, { status: 200, body: { secret: 'the-secret', secret_type: 12 } })
    await expect(readAlertSecret('ghs_token', alert, github.url)).resolves.toEqual({ secret: 'the-secret', secretType: 'unknown' })
  })

  it('refuses an alert without a secret value, empty or not text', async () => {
    for (const secret of [undefined, '', 42]) {
      github.answers.set(`GET ${path}`, { status: 200, body: { secret, secret_type: 'private_key' } })
      await expect(readAlertSecret('ghs_token', alert, github.url)).rejects.toThrow(
        new AlertError(
          'Alert #7 in octo-org/certs has no secret value: GitHub returns it only to a token with "Secret scanning alerts: read".'
        )
      )
    }
  })

  it('explains a refusal to read, with its status', async () => {
    github.answers.set(`GET ${path}`, { status: 403, body: { message: 'Resource not accessible by integration' } })
    const error = await readAlertSecret('ghs_token', alert, github.url).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlertError)
    expect((error as AlertError).status).toBe(403)
    expect((error as Error).message).toMatch(/^github-token may not read alert #7 in octo-org\/certs \(403: Resource not accessible/)
    expect((error as Error).message).toContain('"Secret scanning alerts: read"')
  })

  it('takes the secret from an alert already read, without reading it again', async () => {
    const read = { number: 7, secret: 'the-secret', secret_type: 'private_key' }
    await expect(readAlertSecret('ghs_token', alert, github.url, read)).resolves.toEqual({
      secret: 'the-secret',
      secretType: 'private_key'
    })
    expect(github.requests).toEqual([])
  })

  it('reads the alert for resolve-alert, naming the write permission a refusal lacks', async () => {
    github.answers.set(`GET ${path}`, { status: 200, body: { number: 7, state: 'open' } })
    await expect(readAlert('ghs_token', alert, github.url, 'write')).resolves.toEqual({ number: 7, state: 'open' })
    github.answers.set(`GET ${path}`, { status: 404, body: { message: 'Not Found' } })
    const error = await readAlert('ghs_token', alert, github.url, 'write').catch((caught: unknown) => caught)
    expect((error as AlertError).status).toBe(404)
    expect((error as Error).message).toBe(
      'GitHub answered 404 for alert #7 in octo-org/certs: the alert does not exist, secret scanning is off for the repository, or github-token cannot see it (it needs "Secret scanning alerts: write").'
    )
  })

  it('gives an empty object for an answer that is not one', async () => {
    github.answers.set(`GET ${path}`, { status: 200, body: [1, 2] })
    await expect(readAlert('ghs_token', alert, github.url)).resolves.toEqual({})
    github.answers.set(`GET ${path}`, { status: 200, body: 'text' })
    await expect(readAlert('ghs_token', alert, github.url)).resolves.toEqual({})
  })

  it('resolves the alert as revoked, with the comment', async () => {
    github.answers.set(`PATCH ${path}`, { status: 200, body: { number: 7, state: 'resolved' } })
    await resolveAlert('ghs_token', alert, 'Revoked in DigiCert CertCentral: request 4', github.url)
    expect(github.requests).toMatchObject([{ method: 'PATCH', path, headers: { authorization: 'token ghs_token' } }])
    expect(github.requests[0].body).toEqual({
      state: 'resolved',
      resolution: 'revoked',
      resolution_comment: 'Revoked in DigiCert CertCentral: request 4'
    })
  })

  it('explains a refusal to resolve', async () => {
    github.answers.set(`PATCH ${path}`, { status: 422, body: { message: 'State cannot be changed' } })
    const error = await resolveAlert('ghs_token', alert, 'c', github.url).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlertError)
    expect((error as Error).message).toMatch(/^GitHub refused to resolve alert #7 in octo-org\/certs \(422: State cannot be changed/)
  })
})
