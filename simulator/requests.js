// Revoke requests as CertCentral handles them: the revoke calls (one certificate, or a whole order) and how each
// is refused or accepted, the approval (by the API, by a test, or by the administrator switch), and the request
// list and request info.
import { ADMINISTRATOR, person } from './users.js'
import { badPaging, error, invalidKey, isoDate } from './answers.js'
import { issued, orderStatus } from './orders.js'

/**
 * @import { Account, Certificate, Order } from './account.js'
 * @import { Answer } from './answers.js'
 * @import { Person, User } from './users.js'
 *
 * @typedef {{ id: number, date: string, type: 'revoke', status: 'submitted' | 'pending',
 *   requester: Person, comments: string }} RevokeRequest
 *   a revoke request as the `201` answer shows it
 * @typedef {object} StoredRequest  a revoke request as the account keeps it
 * @property {number} id
 * @property {string} date
 * @property {'revoke'} type
 * @property {'pending' | 'approved' | 'rejected'} status
 * @property {string} comments
 * @property {Person} requester
 * @property {{ id: number, certificate: { common_name: string } }} order
 * @property {{ kind: 'certificate' | 'order', ref: string, orderId: number, certificateIds: number[] }} target
 *   what approving revokes: one certificate, or every certificate of the order
 * @property {string | null} revocation_reason
 * @property {string} [date_processed]
 * @property {Person} [processor]
 * @property {string} [processor_comment]
 */

export const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']

const VIEW_ONLY = () => error(403, 'access_denied|missing_permission', 'This API key is restricted to view only.')

/**
 * Decides a revoke: `{ status, body }` as CertCentral would answer it.
 * @param {Account} account
 * @param {{ kind: 'certificate' | 'order', ref: string, key?: string, body: unknown }} call
 * @returns {Answer}
 */
export function revoke(account, { kind, ref, key, body }) {
  const user = account.userFor(key)
  if (!user) return invalidKey()
  if (user.role === 'view_only') return VIEW_ONLY()
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return error(400, 'bad_request_format', 'The request body is not a JSON object.')
  }
  // Any JSON object: each field is checked below.
  const fields = /** @type {{ comments?: unknown, skip_approval?: unknown, revocation_reason?: unknown }} */ (body)
  const { comments = '', skip_approval: skipApproval = false, revocation_reason: reason } = fields
  if (typeof comments !== 'string' || typeof skipApproval !== 'boolean') {
    return error(400, 'bad_request_format', 'comments must be a string and skip_approval a boolean.')
  }
  if (reason !== undefined && (typeof reason !== 'string' || !REVOCATION_REASONS.includes(reason))) {
    return error(400, 'invalid_revocation_reason', `Unknown revocation_reason '${String(reason)}'.`)
  }
  if (skipApproval && user.role !== 'admin') {
    return error(403, 'access_denied|missing_permission', 'Only an administrator may skip approval.')
  }

  const found = subject(account, kind, ref)
  if ('status' in found) return found
  const { order, certificates } = found
  const refused = refusal(account, kind, order, certificates)
  if (refused) return refused

  const ids = certificates.map((c) => c.id)
  if (skipApproval) {
    account.markRevoked(ids, reason)
    return { status: 204 }
  }
  const now = new Date()
  const auto = order.approval === 'auto'
  /** @type {StoredRequest} */
  const stored = {
    id: account.nextRequestId++,
    date: isoDate(now),
    type: 'revoke',
    status: auto ? 'approved' : 'pending',
    comments,
    requester: person(user),
    order: { id: order.id, certificate: { common_name: account.certificatesOf(order)[0].commonName } },
    target: { kind, ref, orderId: order.id, certificateIds: ids },
    revocation_reason: reason ?? null
  }
  if (auto) stored.date_processed = stored.date
  account.requests.set(stored.id, stored)
  if (auto) account.markRevoked(ids, reason)
  else scheduleAdministrator(account, stored.id)
  /** @type {RevokeRequest} */
  const answer = {
    id: stored.id,
    date: stored.date,
    type: 'revoke',
    status: auto ? 'submitted' : 'pending',
    requester: stored.requester,
    comments
  }
  return { status: 201, body: answer }
}

/**
 * What a revoke names: an order and all its certificates, or one certificate (by ID or serial number) and its order.
 * @param {Account} account
 * @param {'certificate' | 'order'} kind
 * @param {string} ref
 * @returns {{ order: Order, certificates: Certificate[] } | Answer}
 */
function subject(account, kind, ref) {
  if (kind === 'order') {
    const order = /^[0-9]+$/.test(ref) ? account.orders.get(Number(ref)) : undefined
    if (!order) return error(404, 'not_found|order', 'Order not found.')
    return { order, certificates: account.certificatesOf(order) }
  }
  const certificate = account.findCertificate(ref)
  if (!certificate) return error(404, 'not_found', 'Certificate not found.')
  const order = account.orders.get(certificate.orderId)
  if (!order) throw new Error(`Certificate ${certificate.id} names order ${certificate.orderId}, which the account does not hold.`)
  return { order, certificates: [certificate] }
}

/**
 * Why CertCentral refuses to revoke these certificates, if it does: the order waits for a reissue (documented: cancel
 * the reissue, or revoke once it completes), nothing was issued, or everything already is revoked.
 * @param {Account} account
 * @param {'certificate' | 'order'} kind
 * @param {Order} order
 * @param {Certificate[]} certificates
 * @returns {Answer | undefined}
 */
function refusal(account, kind, order, certificates) {
  if (orderStatus(account, order) === 'reissue_pending' || certificates.some((c) => c.pendingReissue)) {
    return error(
      400,
      'pending_reissue',
      'Certificates with a pending reissue cannot be revoked. Cancel the reissue or revoke after it completes.'
    )
  }
  if (!certificates.some(issued)) return error(400, 'certificate_not_issued', 'No certificate has been issued for this request.')
  if (certificates.filter(issued).every((c) => c.status === 'revoked')) {
    return error(400, 'already_revoked', kind === 'order' ? 'The order is already revoked.' : 'The certificate is already revoked.')
  }
  return undefined
}

/**
 * With the administrator switch on, approves (or rejects) the request once approveAfterMs has passed.
 * @param {Account} account
 * @param {number} id
 */
export function scheduleAdministrator(account, id) {
  if (account.approveAfterMs === undefined && !account.rejectAll) return
  const decision = account.rejectAll ? 'rejected' : 'approved'
  const timer = setTimeout(() => {
    account.timers.delete(timer)
    if (account.requests.get(id)?.status !== 'pending') return
    const comment = decision === 'approved' ? "Approved by the simulator's administrator." : "Rejected by the simulator's administrator."
    decide(account, id, decision, ADMINISTRATOR, comment)
  }, account.approveAfterMs ?? 0)
  timer.unref()
  account.timers.add(timer)
}

/**
 * Approves or rejects a pending request; approving revokes what it targets.
 * @param {Account} account
 * @param {number} id
 * @param {'approved' | 'rejected'} status
 * @param {User} processor
 * @param {string} [comment]
 * @returns {Answer}
 */
export function decide(account, id, status, processor, comment) {
  const request = account.requests.get(id)
  if (!request) return error(404, 'not_found', 'Request not found.')
  if (request.status !== 'pending') return error(400, 'request_already_processed', `The request is already ${request.status}.`)
  request.status = status
  request.date_processed = isoDate(new Date())
  request.processor = person(processor)
  if (comment !== undefined) request.processor_comment = comment
  if (status === 'approved') {
    const order = account.orders.get(request.target.orderId)
    // An order's request revokes every certificate the order holds when it is approved.
    const ids = request.target.kind === 'order' && order ? order.certificateIds : request.target.certificateIds
    account.markRevoked(ids, request.revocation_reason)
  }
  return { status: 204 }
}

/**
 * `PUT /request/{id}/status`: an administrator or a manager approves or rejects a pending request.
 * @param {Account} account
 * @param {string} id
 * @param {string | undefined} key
 * @param {unknown} body
 * @returns {Answer}
 */
export function updateRequestStatus(account, id, key, body) {
  const user = account.userFor(key)
  if (!user) return invalidKey()
  if (user.role === 'view_only') return VIEW_ONLY()
  if (user.role !== 'admin' && user.role !== 'manager') {
    return error(403, 'access_denied|missing_permission', 'Only an administrator or a manager may approve or reject requests.')
  }
  const fields = /** @type {{ status?: unknown, processor_comment?: unknown }} */ (
    typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}
  )
  const { status, processor_comment: comment } = fields
  if ((status !== 'approved' && status !== 'rejected') || (comment !== undefined && typeof comment !== 'string')) {
    return error(400, 'bad_request_format', 'status must be approved or rejected, and processor_comment a string.')
  }
  return decide(account, Number(id), status, user, comment)
}

/**
 * `GET /request/{id}`: a request as it stands; `date_processed`, `processor` and `reviewer` only once processed
 * (the simulator's administrator reviews what it processes), and the processor's comment.
 * @param {Account} account
 * @param {string} id
 * @param {string} [key]
 * @returns {Answer}
 */
export function getRequest(account, id, key) {
  if (!account.userFor(key)) return invalidKey()
  const request = account.requests.get(Number(id))
  if (!request) return error(404, 'not_found', 'Request not found.')
  const { date, type, status, date_processed, requester, processor, processor_comment, order, comments } = request
  const body = {
    id: request.id,
    date,
    type,
    status,
    date_processed,
    requester,
    processor,
    reviewer: processor,
    order,
    comments,
    processor_comment
  }
  return { status: 200, body }
}

/**
 * `GET /request`: requests, oldest first, filtered by status and type, paged like orders; without comments,
 * as DigiCert's list shows them.
 * @param {Account} account
 * @param {{ key?: string, status?: string, type?: string, offset?: number, limit?: number }} query
 * @returns {Answer}
 */
export function listRequests(account, { key, status, type, offset = 0, limit = 1000 }) {
  if (!account.userFor(key)) return invalidKey()
  const refused = badPaging(offset, limit)
  if (refused) return refused
  const all = [...account.requests.values()].filter((r) => (!status || r.status === status) && (!type || r.type === type))
  const requests = all
    .slice(offset, offset + limit)
    .map(({ id, date, type, status, requester, order }) => ({ id, date, type, status, requester, order }))
  return { status: 200, body: { requests, page: { total: all.length, limit, offset } } }
}
