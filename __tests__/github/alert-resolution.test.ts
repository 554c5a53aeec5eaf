import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as actualAlerts from '../../src/github/alerts.js'
import type { RunContext } from '../../src/context.js'
import type { AlertSettings } from '../../src/inputs/settings.js'

const resolveAlert = jest.fn<typeof actualAlerts.resolveAlert>()
jest.unstable_mockModule('../../src/github/alerts.js', () => ({ ...actualAlerts, resolveAlert }))
const { resolveAlertIfTrue } = await import('../../src/github/alert-resolution.js')

const RUN_URL = 'https://github.com/octo-org/certs/actions/runs/42'
const context: RunContext = { repository: 'octo-org/certs', runUrl: RUN_URL }
const alert: AlertSettings = { number: 7, resolve: true, token: 'ghs_token', apiUrl: 'https://ghe.example.invalid/api/v3' }
const clean = { dryRun: false, requestIds: [11, null, 12], failures: 0, scanIncomplete: false, pendingRequestIds: [] }

beforeEach(() => {
  resolveAlert.mockReset()
  resolveAlert.mockResolvedValue(undefined)
})

describe('resolveAlertIfTrue', () => {
  it('resolves the alert as revoked, naming the requests and the run', async () => {
    expect(await resolveAlertIfTrue(alert, clean, context)).toEqual({ number: 7, resolved: true })
    expect(resolveAlert.mock.calls).toEqual([
      [
        'ghs_token',
        { owner: 'octo-org', repo: 'certs', number: 7 },
        `Revoked in DigiCert CertCentral: requests 11, 12; 1 with approval skipped. Run: ${RUN_URL}`,
        'https://ghe.example.invalid/api/v3'
      ]
    ])
  })

  it('does nothing unless asked, with an alert number, outside a dry run', async () => {
    expect(await resolveAlertIfTrue({ ...alert, resolve: false }, clean, context)).toBeUndefined()
    expect(await resolveAlertIfTrue({ ...alert, number: undefined }, clean, context)).toBeUndefined()
    expect(await resolveAlertIfTrue(alert, { ...clean, dryRun: true }, context)).toBeUndefined()
    expect(resolveAlert).not.toHaveBeenCalled()
  })

  it('leaves the alert open when a target failed, or the key scan is incomplete', async () => {
    expect(await resolveAlertIfTrue(alert, { ...clean, failures: 1 }, context)).toEqual({ number: 7, resolved: false, blocker: 'failures' })
    expect(await resolveAlertIfTrue(alert, { ...clean, scanIncomplete: true }, context)).toEqual({
      number: 7,
      resolved: false,
      blocker: 'incomplete-scan'
    })
    expect(await resolveAlertIfTrue(alert, { ...clean, failures: 2, scanIncomplete: true }, context)).toEqual({
      number: 7,
      resolved: false,
      blocker: 'failures'
    })
    expect(resolveAlert).not.toHaveBeenCalled()
  })

  it('leaves the alert open when the key is on more certificates than max-revocations allows: none was revoked', async () => {
    expect(await resolveAlertIfTrue(alert, { ...clean, overCap: true }, context)).toEqual({
      number: 7,
      resolved: false,
      blocker: 'over-cap'
    })
    // The scan's own gap is said first: the cap is said in the failure message beside it.
    expect(await resolveAlertIfTrue(alert, { ...clean, scanIncomplete: true, overCap: true }, context)).toEqual({
      number: 7,
      resolved: false,
      blocker: 'incomplete-scan'
    })
    expect(await resolveAlertIfTrue(alert, { ...clean, overCap: false }, context)).toEqual({ number: 7, resolved: true })
    expect(resolveAlert).toHaveBeenCalledTimes(1)
  })

  it('leaves the alert open while a request someone else filed is approved but its target not yet found revoked', async () => {
    expect(await resolveAlertIfTrue(alert, { ...clean, unconfirmedRequestIds: [31, 32] }, context)).toEqual({
      number: 7,
      resolved: false,
      blocker: 'unconfirmed',
      requestIds: [31, 32]
    })
    // Pending requests are named first; an empty list resolves.
    expect(await resolveAlertIfTrue(alert, { ...clean, pendingRequestIds: [5], unconfirmedRequestIds: [31] }, context)).toMatchObject({
      blocker: 'pending'
    })
    expect(resolveAlert).not.toHaveBeenCalled()
    expect(await resolveAlertIfTrue(alert, { ...clean, unconfirmedRequestIds: [] }, context)).toEqual({ number: 7, resolved: true })
  })

  it("reports GitHub's refusal with its message", async () => {
    resolveAlert.mockRejectedValue(new actualAlerts.AlertError('github-token may not resolve alert #7 in octo-org/certs (403: Forbidden).'))
    expect(await resolveAlertIfTrue(alert, clean, context)).toEqual({
      number: 7,
      resolved: false,
      blocker: 'github',
      message: 'github-token may not resolve alert #7 in octo-org/certs (403: Forbidden).'
    })
  })

  it('reports an unknown repository as a GitHub problem, without calling GitHub', async () => {
    expect(await resolveAlertIfTrue(alert, clean, { runUrl: RUN_URL })).toEqual({
      number: 7,
      resolved: false,
      blocker: 'github',
      message: "Neither alert-repository nor GITHUB_REPOSITORY is set, so the alert's repository is unknown."
    })
    expect(resolveAlert).not.toHaveBeenCalled()
  })

  it('lets any other error through', async () => {
    resolveAlert.mockRejectedValue(new TypeError('a bug'))
    await expect(resolveAlertIfTrue(alert, clean, context)).rejects.toThrow(TypeError)
  })
})
