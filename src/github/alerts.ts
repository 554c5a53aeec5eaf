/**
 * The GitHub secret scanning alert behind a revocation: reads its secret (for key-from-alert) and resolves it as
 * revoked. @actions/github is loaded only here, and only when a run touches an alert, so every other run
 * starts faster.
 */
import { errorMessage } from '../errors.js'
import { LIMITS, clean } from '../untrusted.js'

export interface AlertTarget {
  owner: string
  repo: string
  number: number
}

export class AlertError extends Error {
  constructor(
    message: string,
    /** GitHub's HTTP status, when it answered. */
    readonly status?: number
  ) {
    super(message)
    this.name = 'AlertError'
  }
}

/** GitHub keeps resolution comments short; longer ones are refused. */
const COMMENT_LIMIT = 270

/**
 * Names the revoke request IDs (or that approval was skipped, or that a target was already revoked or expired:
 * `earlier` counts those among the targets without an ID) and the run, within GitHub's length limit.
 */
export function resolutionComment(
  requestIds: (number | null)[],
  runUrl: string | undefined,
  earlier = { alreadyRevoked: 0, expired: 0 },
  outsideRemaining = 0
): string {
  const ids = requestIds.filter((id): id is number => id !== null)
  const skipped = requestIds.length - ids.length - earlier.alreadyRevoked - earlier.expired
  const parts: string[] = []
  if (ids.length > 0) parts.push(`request${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`)
  if (skipped > 0) parts.push(`${skipped} with approval skipped`)
  if (earlier.alreadyRevoked > 0) parts.push(`${earlier.alreadyRevoked} already revoked`)
  if (earlier.expired > 0) parts.push(`${earlier.expired} expired`)
  const outside =
    outsideRemaining > 0
      ? `. ${outsideRemaining} live certificate${outsideRemaining === 1 ? '' : 's'} of the key outside this account remain${outsideRemaining === 1 ? 's' : ''} to be revoked`
      : ''
  const tail = `${outside}${runUrl ? `. Run: ${runUrl}` : ''}`
  let comment = `Revoked in DigiCert CertCentral: ${parts.join('; ')}${tail}`
  while (comment.length > COMMENT_LIMIT && ids.length > 1) {
    ids.pop()
    const more = requestIds.filter((id) => id !== null).length - ids.length
    parts[0] = `requests ${ids.join(', ')} and ${more} more`
    comment = `Revoked in DigiCert CertCentral: ${parts.join('; ')}${tail}`
  }
  return comment.length > COMMENT_LIMIT ? `${comment.slice(0, COMMENT_LIMIT - 1)}…` : comment
}

/** `repository`: alert-repository's `owner/name`, else GITHUB_REPOSITORY (see AlertSettings.repository). */
export function alertTarget(repository: string | undefined, number: number): AlertTarget {
  // Stryker disable next-line ArrayDeclaration: any array without a second item leaves repo undefined, which is refused.
  const [owner, repo] = repository?.split('/') ?? []
  if (!owner || !repo) throw new AlertError("Neither alert-repository nor GITHUB_REPOSITORY is set, so the alert's repository is unknown.")
  return { owner, repo, number }
}

/** `apiUrl`: GITHUB_API_URL from the run context (GitHub Enterprise Server), else github.com's API. */
async function octokitFor(token: string, apiUrl: string | undefined) {
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, apiUrl ? { baseUrl: apiUrl } : {})
}

export interface AlertSecret {
  secret: string
  secretType: string
}

/**
 * `GET` of the alert: its fields as GitHub answered them (untrusted). Needs "Secret scanning alerts: read";
 * `permission` is the one a failure message names (write, when the read checks a token that must resolve it).
 */
export async function readAlert(
  token: string,
  alert: AlertTarget,
  apiUrl: string | undefined,
  permission: 'read' | 'write' = 'read'
): Promise<Record<string, unknown>> {
  const octokit = await octokitFor(token, apiUrl)
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
      owner: alert.owner,
      repo: alert.repo,
      alert_number: alert.number
    })
    const data: unknown = response.data
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
  } catch (error) {
    throw new AlertError(alertFailure(error, alert, 'read', permission), (error as { status?: number }).status)
  }
}

/**
 * The leaked value of a secret scanning alert (its `secret` field); needs "Secret scanning alerts: read". `read`:
 * the alert as already read (by resolve-alert, before anything was revoked), so that it is not read twice.
 */
export async function readAlertSecret(
  token: string,
  alert: AlertTarget,
  apiUrl: string | undefined,
  read?: Record<string, unknown>
): Promise<AlertSecret> {
  const data = read ?? (await readAlert(token, alert, apiUrl))
  if (typeof data.secret !== 'string' || data.secret === '') {
    throw new AlertError(
      `Alert #${alert.number} in ${alert.owner}/${alert.repo} has no secret value: GitHub returns it only to a token with "Secret scanning alerts: read".`
    )
  }
  return { secret: data.secret, secretType: typeof data.secret_type === 'string' ? clean(data.secret_type, LIMITS.code) : 'unknown' }
}

export async function resolveAlert(token: string, alert: AlertTarget, comment: string, apiUrl: string | undefined): Promise<void> {
  const octokit = await octokitFor(token, apiUrl)
  try {
    await octokit.request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
      owner: alert.owner,
      repo: alert.repo,
      alert_number: alert.number,
      state: 'resolved',
      resolution: 'revoked',
      resolution_comment: comment
    })
  } catch (error) {
    throw new AlertError(alertFailure(error, alert), (error as { status?: number }).status)
  }
}

export function alertFailure(
  error: unknown,
  alert: AlertTarget,
  action: 'read' | 'resolve' = 'resolve',
  needs: 'read' | 'write' = action === 'read' ? 'read' : 'write'
): string {
  const status = (error as { status?: number }).status
  const where = `alert #${alert.number} in ${alert.owner}/${alert.repo}`
  const permission = `"Secret scanning alerts: ${needs}"`
  const said = clean(errorMessage(error).split('\n')[0], LIMITS.message)
  const doing = action === 'read' ? 'reading' : 'resolving'
  const failed = `${doing[0].toUpperCase()}${doing.slice(1)} ${where} failed${status ? ` (HTTP ${status})` : ''}: ${said}`
  switch (status) {
    case 401:
      return `GitHub did not accept github-token (401) when ${doing} ${where}: the token is invalid or expired.`
    case 403:
      return `github-token may not ${action} ${where} (403: ${said}). It needs the repository permission ${permission}: use a fine-grained token or a GitHub App token; the workflow's GITHUB_TOKEN cannot have it.`
    case 404:
      return `GitHub answered 404 for ${where}: the alert does not exist, secret scanning is off for the repository, or github-token cannot see it (it needs ${permission}).`
    case 422:
      // A 422 to a read says nothing of resolving: told as any other failure.
      return action === 'resolve'
        ? `GitHub refused to resolve ${where} (422: ${said}). The alert may already be resolved, or be of a kind that cannot be resolved this way.`
        : failed
    default:
      return failed
  }
}
