/**
 * Reuse of open revoke requests: before a live run revokes (without skip-approval), it lists the account's
 * pending requests, reads the comment of each revoke request, and gives a target whose tag ends one of them that
 * request instead of filing a second one. A scheduled poll thus converges on one request per certificate.
 */
import type { CertCentralApi } from '../certcentral/api.js'
import { describeApiError, readApiError, readRequest, readRequestPage, type ApiError, type RequestInfo } from '../certcentral/answers.js'
import { mapConcurrently } from '../certcentral/paced.js'
import { tagOf, type Target } from './targets.js'

/** The open revoke requests found for the targets, by target, and what went wrong if the listing failed. */
export interface OpenRequests {
  byTarget: Map<Target, RequestInfo>
  /** Why the listing could not be read: the targets are revoked anyway (a duplicate request is harmless). */
  failure?: string
}

/** The most pending requests read: an account with more is not one a run can sort out by reading comments. */
const MAX_PENDING_READ = 5000

/**
 * The open requests to reuse in a live run without skip-approval (with it, a new revocation supersedes them); a
 * listing that fails is warned about, and every target is revoked anyway.
 */
export async function openRequestsToReuse(
  targets: Target[],
  settings: { dryRun: boolean; skipApproval: boolean },
  api: CertCentralApi,
  warn: (message: string) => void
): Promise<Map<Target, RequestInfo> | undefined> {
  if (settings.dryRun || settings.skipApproval || targets.length === 0) return undefined
  const open = await findOpenRequests(targets, api)
  if (open.failure) {
    warn(
      `The open revoke requests could not be read (${open.failure}), so every target is revoked anyway: a duplicate request is harmless, a missed revocation is not.`
    )
  }
  return open.byTarget
}

export async function findOpenRequests(targets: Target[], api: CertCentralApi): Promise<OpenRequests> {
  const byTarget = new Map<Target, RequestInfo>()
  if (targets.length === 0) return { byTarget }
  const listing = await listPendingRequests(api)
  if ('error' in listing) return { byTarget, failure: describeApiError(listing.error) }
  const revokeRequests = listing.requests.filter((r) => r.type === 'revoke' && r.status === 'pending')

  const byTag = new Map(targets.map((target) => [tagOf(target), target]))
  const unread: string[] = []
  await mapConcurrently(revokeRequests, 20, async (listed) => {
    const result = await api.getRequest(listed.id)
    const request = 'answer' in result && result.answer.statusCode === 200 ? readRequest(result.answer) : undefined
    if (request === undefined || 'error' in request) return void unread.push(String(listed.id))
    if (request.status !== 'pending' || request.type !== 'revoke' || request.comments === undefined) return
    const target = byTag.get(tagAtEnd(request.comments))
    const known = target && byTarget.get(target)
    // The newest open request wins when several carry the same tag. (`<=` would differ only for a request listed
    // twice, which is the same request.)
    // Stryker disable next-line EqualityOperator
    if (target && (!known || known.id < request.id)) byTarget.set(target, request)
  })
  if (unread.length > 0)
    return { byTarget, failure: `${unread.length} open request(s) could not be read (${unread.slice(0, 5).join(', ')})` }
  return { byTarget }
}

/** The ` (certificate 1234)` / ` (serial 0A1B)` / ` (order 56)` that ends a comment, or '' when none does. */
export function tagAtEnd(comments: string): string {
  return / \((?:certificate [0-9]+|serial [0-9A-F]+|order [0-9]+)\)$/.exec(comments.trimEnd())?.[0] ?? ''
}

/**
 * Every pending request of the account (of every type), page by page; `counter` counts the CertCentral requests.
 * Each page adds at least one request, so MAX_PENDING_READ bounds the pages.
 */
export async function listPendingRequests(
  api: CertCentralApi,
  counter?: { calls: number }
): Promise<{ requests: RequestInfo[] } | { error: ApiError }> {
  const requests: RequestInfo[] = []
  let received = 0
  for (;;) {
    if (counter) counter.calls++
    const result = await api.listRequests(received)
    if (!('answer' in result)) return { error: result.failure }
    if (result.answer.statusCode !== 200) return { error: readApiError(result.answer) }
    const page = readRequestPage(result.answer)
    if ('error' in page) return page
    requests.push(...page.requests)
    received += page.received
    if (page.received === 0 || received >= (page.total ?? received)) return { requests }
    if (received >= MAX_PENDING_READ) {
      return { error: { code: null, message: `the request list has more than ${MAX_PENDING_READ} open requests`, http_status: 200 } }
    }
  }
}
