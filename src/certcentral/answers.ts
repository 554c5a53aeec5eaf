/** Reads CertCentral's answers: a revoke request object, a 204, or DigiCert's error format. */
import { LIMITS, clean } from '../untrusted.js'
import type { HttpAnswer } from './transport.js'

export const REQUEST_STATUSES = ['pending', 'submitted', 'approved', 'rejected'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]
/** A target's status in the outputs (the contract's table): what DigiCert answered, what the CA says, or what the run did. */
export type Status = RequestStatus | 'revoked' | 'expired' | 'dry-run' | 'failed'

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

/**
 * Order statuses in which an order holds no valid certificate: none was issued yet, or none will be (documented or
 * seen), or every certificate of the order is revoked. The key scan skips such orders.
 */
export const ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE = [
  'pending',
  'rejected',
  'canceled',
  'waiting_pickup',
  'needs_approval',
  'revoked'
] as const
/** Statuses of a duplicate or reissue that holds no certificate: the key scan skips those. */
export const CERTIFICATE_STATUSES_WITHOUT_CERTIFICATE = ['pending', 'rejected'] as const

/** An order as the order list shows it: its primary certificate, its status, and what it says of duplicates and reissues. */
export interface ListedOrder {
  id: string
  /** The primary certificate's ID, when the order has one. */
  certificateId?: string
  /** The primary certificate's serial number as listed (cut to a code's length), when given. */
  serialNumber?: string
  /** The order's status as listed (cleaned), when given. */
  status?: string
  /** `duplicates_count` / `reissues_count` when given, else 0 for `has_duplicates` / `has_reissues` false; undefined when the order does not say how many. */
  duplicates?: number
  reissues?: number
}

/** One page of the order list: its orders, and the total the listing reports. */
export interface OrderPage {
  orders: ListedOrder[]
  /** The primary certificate ID of each order that has one, in listing order. */
  certificateIds: string[]
  /** How many orders the listing has in all: a whole number of at least 0, else undefined (not believed). */
  total: number | undefined
  /** How many orders this page held (some may carry no certificate ID). */
  received: number
  /** Orders of the page with neither an order ID nor a certificate ID, in a status that may hold a certificate. */
  unidentified: number
}

const positiveId = (value: unknown): string | undefined =>
  Number.isSafeInteger(value) && (value as number) > 0 ? String(value) : undefined

/** A whole number of at least 0, else undefined: `null`, `""`, `false`, `-1`, `"9"` or a word is no total. */
const wholeCount = (value: unknown): number | undefined =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined

const listedText = (value: unknown): string | undefined => (typeof value === 'string' ? clean(value, LIMITS.code) : undefined)

/**
 * A count from `*_count`; 0 from `has_*: false`; undefined otherwise (`has_*: true` says there are some, not how
 * many).
 */
function countOf(count: unknown, has: unknown): number | undefined {
  return wholeCount(count) ?? (has === false ? 0 : undefined)
}

/**
 * `{"orders": [{"id", "status", "certificate": {"id", "serial_number"}, "duplicates_count", …}], "page": {"total"}}`.
 * An empty page may come without `orders` (recorded live); an answer that is not a JSON object, or whose `orders`
 * is not a list, is an error.
 */
export function readOrderPage(answer: HttpAnswer): OrderPage | { error: ApiError } {
  const json = parseJson(answer.body) as { orders?: unknown; page?: { total?: unknown } } | undefined
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json.orders !== undefined && !Array.isArray(json.orders))) {
    return { error: { code: null, message: 'the order list could not be read as JSON', http_status: answer.statusCode } }
  }
  const list = (json.orders ?? []) as unknown[]
  const orders: ListedOrder[] = []
  let unidentified = 0
  for (const item of list) {
    const order = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>
    const certificate = (typeof order.certificate === 'object' && order.certificate !== null ? order.certificate : {}) as Record<
      string,
      unknown
    >
    const id = positiveId(order.id)
    const certificateId = positiveId(certificate.id)
    const status = listedText(order.status)
    const serialNumber = listedText(certificate.serial_number)
    if (!id && !certificateId) {
      if (!ORDER_STATUSES_WITHOUT_VALID_CERTIFICATE.some((s) => s === status)) unidentified++
      continue
    }
    orders.push({
      id: id ?? `certificate-${certificateId}`,
      ...(certificateId ? { certificateId } : {}),
      ...(serialNumber !== undefined ? { serialNumber } : {}),
      ...(status !== undefined ? { status } : {}),
      duplicates: countOf(order.duplicates_count, order.has_duplicates),
      reissues: countOf(order.reissues_count, order.has_reissues)
    })
  }
  return {
    orders,
    certificateIds: orders.flatMap((order) => (order.certificateId ? [order.certificateId] : [])),
    total: wholeCount(json.page?.total),
    received: list.length,
    unidentified
  }
}

/** A certificate of an order's duplicate or reissue list: its ID, and its serial number as listed when given. */
export interface ListedCertificate {
  id: string
  serialNumber?: string
}

/**
 * The certificates of an order's duplicate or reissue list that may hold a certificate (every status but `pending`
 * and `rejected`), and how many of those came without a numeric ID.
 */
export function readCertificateList(answer: HttpAnswer): { certificates: ListedCertificate[]; unidentified: number } | { error: ApiError } {
  const json = parseJson(answer.body) as { certificates?: unknown } | undefined
  if (
    typeof json !== 'object' ||
    json === null ||
    Array.isArray(json) ||
    (json.certificates !== undefined && !Array.isArray(json.certificates))
  ) {
    return { error: { code: null, message: 'the certificate list could not be read as JSON', http_status: answer.statusCode } }
  }
  const certificates: ListedCertificate[] = []
  let unidentified = 0
  for (const item of (json.certificates ?? []) as unknown[]) {
    const certificate = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>
    // Pending and rejected ones hold no certificate; any other status (issued, approved, expired, one not documented) may.
    if (CERTIFICATE_STATUSES_WITHOUT_CERTIFICATE.some((s) => s === certificate.status)) continue
    const id = positiveId(certificate.id)
    const serialNumber = listedText(certificate.serial_number)
    if (id) certificates.push({ id, ...(serialNumber !== undefined ? { serialNumber } : {}) })
    else unidentified++
  }
  return { certificates, unidentified }
}

/** A serial number as the listing and a certificate are compared: hex without separators or leading zeros, upper-case. */
export function normalSerial(serial: string): string {
  return serial
    .replace(/[\s:]/g, '')
    .toUpperCase()
    .replace(/^0+(?=.)/, '')
}

/** A revoke request as the request list or `GET /request/{id}` shows it. */
export interface RequestInfo {
  id: number
  status: RequestStatus | string
  type: string
  date: string | null
  /** Only `GET /request/{id}` carries the comment (the list does not). */
  comments?: string
  /** The order the request is for (`order.id`): the only field that says what a revoke request revokes. */
  orderId?: string
}

function readRequestObject(value: unknown): RequestInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const request = value as Record<string, unknown>
  if (!Number.isSafeInteger(request.id) || (request.id as number) <= 0) return undefined
  const orderId = requestOrderId(request)
  return {
    id: request.id as number,
    status: typeof request.status === 'string' ? clean(request.status, LIMITS.code) : '',
    type: typeof request.type === 'string' ? clean(request.type, LIMITS.code) : '',
    date: typeof request.date === 'string' ? clean(request.date, LIMITS.date) : null,
    // Kept whole but for control characters: the action's tag is matched at its end.
    ...(typeof request.comments === 'string' ? { comments: request.comments.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ') } : {}),
    ...(orderId ? { orderId } : {})
  }
}

/** One page of `GET /request`: the requests it holds, and how many the listing has in all. */
export function readRequestPage(
  answer: HttpAnswer
): { requests: RequestInfo[]; total: number | undefined; received: number } | { error: ApiError } {
  const json = parseJson(answer.body) as { requests?: unknown[]; page?: { total?: unknown } } | undefined
  if (typeof json !== 'object' || json === null)
    return { error: { code: null, message: 'the request list could not be read as JSON', http_status: answer.statusCode } }
  const list = Array.isArray(json.requests) ? json.requests : []
  const total = Number(json.page?.total)
  return {
    requests: list.map(readRequestObject).filter((r): r is RequestInfo => r !== undefined),
    total: Number.isFinite(total) ? total : undefined,
    received: list.length
  }
}

/** `GET /request/{id}`. */
export function readRequest(answer: HttpAnswer): RequestInfo | { error: ApiError } {
  const request = readRequestObject(parseJson(answer.body))
  return request ?? { error: { code: null, message: 'the request could not be read', http_status: answer.statusCode } }
}

/** `GET /order/certificate/{id}`: the order's status (`revoked` once every certificate is). */
export function readOrderStatus(answer: HttpAnswer): { status: string } | { error: ApiError } {
  const json = parseJson(answer.body) as { status?: unknown } | undefined
  if (typeof json?.status !== 'string')
    return { error: { code: null, message: 'the order could not be read', http_status: answer.statusCode } }
  return { status: clean(json.status, LIMITS.code) }
}

/** An order as a lookup by certificate ID or serial number shows it: its ID, and its primary certificate's ID and serial. */
export interface OrderHolding {
  id: string
  certificateId?: string
  serialNumber?: string
}

const serialText = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[0-9A-Fa-f:]{1,128}$/.test(value) ? value.replace(/:/g, '') : undefined

/**
 * The orders of a lookup (`filters[certificate_id]`, `filters[serial_number]`), and how many the answer says
 * there are: more than one order, or a total above one, is not the one order that holds a target.
 */
export function readOrderLookup(answer: HttpAnswer): { orders: OrderHolding[]; total: number | undefined } | { error: ApiError } {
  const json = parseJson(answer.body) as { orders?: unknown[]; page?: { total?: unknown } } | undefined
  if (typeof json !== 'object' || json === null) {
    return { error: { code: null, message: 'the order lookup could not be read as JSON', http_status: answer.statusCode } }
  }
  // CertCentral leaves `orders` out of a page with none; anything else in its place is not a lookup's answer.
  if (Array.isArray(json) || (json.orders !== undefined && !Array.isArray(json.orders))) {
    return { error: { code: null, message: 'the order lookup is not a list of orders', http_status: answer.statusCode } }
  }
  const list = json.orders ?? []
  const orders = list.flatMap((item): OrderHolding[] => {
    const order = (typeof item === 'object' && item !== null ? item : {}) as { id?: unknown; certificate?: unknown }
    const id = positiveId(order.id)
    if (!id) return []
    const certificate = (typeof order.certificate === 'object' && order.certificate !== null ? order.certificate : {}) as Record<
      string,
      unknown
    >
    const certificateId = positiveId(certificate.id)
    const serialNumber = serialText(certificate.serial_number)
    return [{ id, ...(certificateId ? { certificateId } : {}), ...(serialNumber ? { serialNumber } : {}) }]
  })
  const total = json.page?.total
  return { orders, total: Number.isSafeInteger(total) && (total as number) >= 0 ? (total as number) : undefined }
}

/** The order a request is for (`order.id`), as the request list and `GET /request/{id}` show it. */
export function requestOrderId(value: unknown): string | undefined {
  const order = typeof value === 'object' && value !== null ? (value as { order?: unknown }).order : undefined
  return typeof order === 'object' && order !== null ? positiveId((order as { id?: unknown }).id) : undefined
}
