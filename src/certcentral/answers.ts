/** Reads CertCentral's answers: a revoke request object, a 204, or DigiCert's error format. */
import { LIMITS, clean } from '../untrusted.js'
import type { HttpAnswer } from './transport.js'

export const REQUEST_STATUSES = ['pending', 'submitted', 'approved', 'rejected'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]
export type Status = RequestStatus | 'dry-run' | 'failed'

export interface ApiError {
  /** DigiCert's `errors[0].code`, or null when the answer had none (a proxy page, a dropped connection). */
  code: string | null
  message: string
  http_status: number | null
}

export interface RevokeOutcome {
  status: Status
  requestId: number | null
  date: string | null
  error: ApiError | null
  /** Set when DigiCert accepted the request but its answer could not be read as a request object. */
  unreadable?: boolean
}

/** A short excerpt of a body that is not DigiCert's JSON (often a proxy's HTML page), tags dropped. */
export function excerpt(body: string): string {
  return clean(body.replace(/<[^>]*>/g, ' '), LIMITS.excerpt)
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** DigiCert's `{"errors": [{"code", "message"}]}`, else the HTTP status and an excerpt of the body. */
export function readApiError(answer: HttpAnswer): ApiError {
  const json = parseJson(answer.body) as { errors?: { code?: unknown; message?: unknown }[] } | undefined
  const first = Array.isArray(json?.errors) ? json.errors[0] : undefined
  if (first && (typeof first.code === 'string' || typeof first.message === 'string')) {
    return {
      code: typeof first.code === 'string' ? clean(first.code, LIMITS.code) : null,
      message: typeof first.message === 'string' ? clean(first.message, LIMITS.message) : '',
      http_status: answer.statusCode
    }
  }
  const text = excerpt(answer.body)
  return {
    code: null,
    message: text === '' ? `HTTP ${answer.statusCode} with an empty body` : `HTTP ${answer.statusCode}: ${text}`,
    http_status: answer.statusCode
  }
}

/**
 * An error in one line for a person: `HTTP 400 pending_reissue: <DigiCert's message>`, or the message alone when
 * no answer came (it says why). A message that already starts with its HTTP status is not prefixed twice.
 */
export function describeApiError({ code, message, http_status: status }: ApiError): string {
  if (status === null) return message
  const prefix = `HTTP ${status}`
  if (message.startsWith(prefix)) return message
  return `${prefix} ${code ? `${code}${message ? `: ${message}` : ''}` : message}`.trimEnd()
}

/**
 * 201 → the request object's status and ID; 204 → submitted (approval skipped, no request); any other 2xx,
 * or a 201 that cannot be read → submitted, flagged unreadable; anything else → failed with DigiCert's error.
 */
export function interpretRevokeAnswer(answer: HttpAnswer): RevokeOutcome {
  const { statusCode } = answer
  if (statusCode === 204) return { status: 'submitted', requestId: null, date: null, error: null }
  if (statusCode < 200 || statusCode > 299) {
    return { status: 'failed', requestId: null, date: null, error: readApiError(answer) }
  }
  const json = statusCode === 201 ? parseJson(answer.body) : undefined
  const request = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
  const requestId = Number.isSafeInteger(request.id) ? (request.id as number) : null
  const status = REQUEST_STATUSES.find((known) => known === request.status)
  const date = typeof request.date === 'string' ? clean(request.date, LIMITS.date) : null
  const readable = requestId !== null && status !== undefined
  return {
    status: status ?? 'submitted',
    requestId,
    date,
    error: null,
    ...(readable ? {} : { unreadable: true })
  }
}

/** One page of the order list: the primary certificate ID of each order, and the total the listing reports. */
export interface OrderPage {
  certificateIds: string[]
  /** How many orders the listing has in all; undefined when the answer does not say. */
  total: number | undefined
  /** How many orders this page held (some may carry no certificate ID). */
  orders: number
}

/** `{"orders": [{"certificate": {"id"}}], "page": {"total"}}`; an answer that is not JSON is an error. */
export function readOrderPage(answer: HttpAnswer): OrderPage | { error: ApiError } {
  const json = parseJson(answer.body) as { orders?: { certificate?: { id?: unknown } }[]; page?: { total?: unknown } } | undefined
  if (json === undefined) return { error: { code: null, message: 'the order list could not be read as JSON', http_status: answer.statusCode } }
  const orders = Array.isArray(json?.orders) ? json.orders : []
  const certificateIds: string[] = []
  for (const order of orders) {
    const id = order?.certificate?.id
    if (Number.isSafeInteger(id) && (id as number) > 0) certificateIds.push(String(id))
  }
  const total = Number(json?.page?.total)
  return { certificateIds, total: Number.isFinite(total) ? total : undefined, orders: orders.length }
}
