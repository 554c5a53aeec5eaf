/**
 * Reuse of open revoke requests: before a live run revokes (without skip-approval), it lists the account's
 * pending revoke requests, reads the comments of the newest, and gives a target whose tag ends one of them, and
 * whose order is the request's, that request instead of filing a second one. A scheduled poll thus converges on
 * one request per certificate. Someone else wrote the comment, so the tag alone proves nothing: a request of
 * another order is never reused, and a reused one counts for the alert only once the target's authority says
 * revoked (see revoke.ts).
 */
import type { CertCentralApi } from '../certcentral/api.js'
import { describeApiError, readApiError, readRequest, readRequestPage, type ApiError, type RequestInfo } from '../certcentral/answers.js'
import { mapConcurrently } from '../certcentral/paced.js'
import { Locator } from './locate.js'
import { describeTarget, tagOf, type Target } from './targets.js'

/** The open revoke requests found for the targets, by target, and what went wrong if the listing failed. */
export interface OpenRequests {
  byTarget: Map<Target, RequestInfo>
  /** Why the listing could not be read: the targets are revoked anyway (a duplicate request is harmless). */
  failure?: string
  /** How many open revoke requests were older than the newest MAX_COMMENTS_READ, whose comments were not read. */
  unread?: number
  /** Requests that carry a target's tag but are not for its order (or its order could not be told): not reused. */
  refused?: string[]
}

/** The most pending requests listed: an account with more is not one a run can sort out by reading comments. */
const MAX_PENDING_READ = 5000
/** The comments of at most this many of the newest open revoke requests are read (one request each). */
export const MAX_COMMENTS_READ = 100

/** How the log is told: a warning, and a notice a person should act on. */
export interface OpenRequestLog {
  warn: (message: string) => void
  notice?: (message: string) => void
}

/**
 * The open requests to reuse in a live run without skip-approval (with it, a new revocation supersedes them); a
 * listing that fails is warned about, and every target is revoked anyway.
 */
export async function openRequestsToReuse(
  targets: Target[],
  settings: { dryRun: boolean; skipApproval: boolean },
  api: CertCentralApi,
  log: OpenRequestLog | ((message: string) => void),
  locator: Locator = new Locator(api)
): Promise<Map<Target, RequestInfo> | undefined> {
  if (settings.dryRun || settings.skipApproval || targets.length === 0) return undefined
  const { warn, notice = warn } = typeof log === 'function' ? { warn: log } : log
  const open = await findOpenRequests(targets, api, locator)
  if (open.failure) {
    warn(
      `The open revoke requests could not be read (${open.failure}), so every target is revoked anyway: a duplicate request is harmless, a missed revocation is not.`
    )
  }
  if (open.unread)
    warn(
      `${open.unread} older open revoke request${open.unread === 1 ? ' was' : 's were'} not read (only the ${MAX_COMMENTS_READ} newest are): a target whose request is among them gets a second one.`
    )
  open.refused?.forEach(warn)
  for (const [target, request] of open.byTarget)
    notice(
      `${describeTarget(target)}: open revoke request ${request.id} was filed by someone else: check that it revokes this certificate before approving it.`
    )
  return open.byTarget
}

export async function findOpenRequests(targets: Target[], api: CertCentralApi, locator: Locator = new Locator(api)): Promise<OpenRequests> {
  const byTarget = new Map<Target, RequestInfo>()
  if (targets.length === 0) return { byTarget }
  const listing = await listPendingRequests(api)
  if ('error' in listing) return { byTarget, failure: describeApiError(listing.error) }
  // The server was asked for pending revoke requests; what it sent is checked all the same. Newest first.
  const revokeRequests = listing.requests.filter((r) => r.type === 'revoke' && r.status === 'pending').sort((a, b) => b.id - a.id)
  const newest = revokeRequests.slice(0, MAX_COMMENTS_READ)
  // Only a request whose order can be a target's is read: with only orders as targets, their IDs say which (one
  // the listing names no order for is read, and its order checked below like any other's).
  const ownOrders = targets.every((t) => t.type === 'order') ? new Set(targets.map((t) => t.id)) : undefined
  const candidates = ownOrders ? newest.filter((r) => r.orderId === undefined || ownOrders.has(r.orderId)) : newest

  const byTag = new Map(targets.map((target) => [tagOf(target), target]))
  const tagged = new Map<Target, RequestInfo[]>()
  const unread: number[] = []
  await mapConcurrently(candidates, 20, async (listed) => {
    const result = await api.getRequest(listed.id)
    const request = 'answer' in result && result.answer.statusCode === 200 ? readRequest(result.answer) : undefined
    if (request === undefined || 'error' in request) return void unread.push(listed.id)
    if (request.status !== 'pending' || request.type !== 'revoke' || request.comments === undefined) return
    const target = byTag.get(tagAtEnd(request.comments))
    if (target) tagged.set(target, [...(tagged.get(target) ?? []), { ...request, orderId: request.orderId ?? listed.orderId }])
  })

  // The target's order is looked up only for targets whose tag a request carries.
  const refused: string[] = []
  await mapConcurrently([...tagged], 20, async ([target, requests]) => {
    const location = await locator.locate(target)
    const ids = requests.map((r) => r.id).join(', ')
    if (typeof location === 'string')
      return void refused.push(
        `Open revoke request ${ids} ends with the tag of ${describeTarget(target)}, but its order could not be told (${location}): not reused.`
      )
    const ofOrder = requests.filter((r) => r.orderId === location.orderId)
    const others = requests.filter((r) => r.orderId !== location.orderId)
    if (others.length > 0)
      refused.push(
        `Open revoke request ${others.map((r) => r.id).join(', ')} ends with the tag of ${describeTarget(target)} but is for ${others.map((r) => `order ${r.orderId ?? 'unknown'}`).join(', ')}, not its order ${location.orderId}: not reused.`
      )
    // The newest open request of the target's order wins when several carry its tag.
    const [newestOfOrder] = ofOrder.sort((a, b) => b.id - a.id)
    if (newestOfOrder) byTarget.set(target, newestOfOrder)
  })
  const extra = {
    ...(revokeRequests.length > newest.length ? { unread: revokeRequests.length - newest.length } : {}),
    ...(refused.length > 0 ? { refused } : {})
  }
  if (unread.length > 0)
    return {
      byTarget,
      ...extra,
      failure: `${unread.length} open request(s) could not be read (${unread
        .sort((a, b) => a - b)
        .slice(0, 5)
        .join(', ')})`
    }
  return { byTarget, ...extra }
}

/** The ` (certificate 1234)` / ` (serial 0A1B)` / ` (order 56)` that ends a comment, or '' when none does. */
export function tagAtEnd(comments: string): string {
  return / \((?:certificate [0-9]+|serial [0-9A-F]+|order [0-9]+)\)$/.exec(comments.trimEnd())?.[0] ?? ''
}

/**
 * Every pending revoke request of the account (`filters[type]=revoke`), page by page; `counter` counts the CertCentral requests.
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
