/**
 * Resolves the GitHub secret scanning alert behind a revocation. @actions/github is loaded only here, and
 * only when a run resolves an alert, so every other run starts faster.
 */
import { errorMessage } from './errors.js'

export interface AlertTarget {
  owner: string
  repo: string
  number: number
}

export class AlertError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AlertError'
  }
}

/** GitHub keeps resolution comments short; longer ones are refused. */
const COMMENT_LIMIT = 270

/** Names the revoke request IDs (or that approval was skipped) and the run, within GitHub's length limit. */
export function resolutionComment(requestIds: (number | null)[], runUrl: string | undefined): string {
  const ids = requestIds.filter((id): id is number => id !== null)
  const skipped = requestIds.length - ids.length
  const parts: string[] = []
  if (ids.length > 0) parts.push(`request${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`)
  if (skipped > 0) parts.push(`${skipped} with approval skipped`)
  const tail = runUrl ? `. Run: ${runUrl}` : ''
  let comment = `Revoked in DigiCert CertCentral: ${parts.join('; ')}${tail}`
  while (comment.length > COMMENT_LIMIT && ids.length > 1) {
    ids.pop()
    const more = requestIds.filter((id) => id !== null).length - ids.length
    parts[0] = `requests ${ids.join(', ')} and ${more} more`
    comment = `Revoked in DigiCert CertCentral: ${parts.join('; ')}${tail}`
  }
  return comment.length > COMMENT_LIMIT ? `${comment.slice(0, COMMENT_LIMIT - 1)}…` : comment
}

export function alertTarget(repository: string | undefined, number: number): AlertTarget {
  const [owner, repo] = (repository ?? '').split('/')
  if (!owner || !repo) throw new AlertError('GITHUB_REPOSITORY is not set, so the alert\'s repository is unknown.')
  return { owner, repo, number }
}

export async function resolveAlert(token: string, alert: AlertTarget, comment: string): Promise<void> {
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(token, process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {})
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
    throw new AlertError(alertFailure(error, alert))
  }
}

export function alertFailure(error: unknown, alert: AlertTarget): string {
  const status = (error as { status?: number }).status
  const where = `alert #${alert.number} in ${alert.owner}/${alert.repo}`
  const said = errorMessage(error).split('\n')[0]
  switch (status) {
    case 401:
      return `GitHub did not accept github-token (401) when resolving ${where}: the token is invalid or expired.`
    case 403:
      return `github-token may not resolve ${where} (403: ${said}). It needs the repository permission "Secret scanning alerts: write": use a fine-grained token or a GitHub App token; the workflow's GITHUB_TOKEN cannot have it.`
    case 404:
      return `GitHub answered 404 for ${where}: the alert does not exist, secret scanning is off for the repository, or github-token cannot see it (it needs "Secret scanning alerts: write").`
    case 422:
      return `GitHub refused to resolve ${where} (422: ${said}). The alert may already be resolved, or be of a kind that cannot be resolved this way.`
    default:
      return `Resolving ${where} failed${status ? ` (HTTP ${status})` : ''}: ${said}`
  }
}
