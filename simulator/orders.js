// Orders and certificates as CertCentral shows them: the order list (paged, filtered), order info, the duplicate
// and reissue lists, and the PEM download. Each is a function of the account and the call; account.js keeps the
// data, server.js the HTTP.
import { createHash } from 'node:crypto'
import { CA_CERTIFICATE, ROOT_CERTIFICATE, normalSerial } from './x509.js'
import { DAY_MS, badPaging, day, error, invalidKey, isoDate } from './answers.js'

/**
 * @import { Account, Certificate, Order } from './account.js'
 * @import { Answer } from './answers.js'
 */

/** Order statuses in which an order holds no certificate yet, or no more (documented or seen). */
export const ORDER_STATUSES_WITHOUT_CERTIFICATE = ['pending', 'rejected', 'canceled', 'waiting_pickup', 'needs_approval']

/**
 * Whether a certificate was issued (a duplicate or reissue `pending` or `rejected` never was).
 * @param {Certificate} certificate
 */
export const issued = (certificate) => certificate.status === 'issued' || certificate.status === 'revoked'

/**
 * The order's status as CertCentral shows it: `reissue_pending` while one of its certificates waits for a reissue,
 * `expired` once its primary certificate has expired, else the status it was given.
 * @param {Account} account
 * @param {Order} order
 */
export function orderStatus(account, order) {
  if (order.status !== 'issued') return order.status
  const certificates = account.certificatesOf(order)
  if (certificates.some((c) => c.pendingReissue)) return 'reissue_pending'
  const [primary] = certificates
  return primary && account.validTill(primary).getTime() < Date.now() ? 'expired' : order.status
}

/**
 * The serial number as DigiCert's answers write it: upper-case, with the leading zeros of its 16 bytes.
 * @param {Certificate} certificate
 */
const shownSerial = (certificate) => certificate.serialNumber.toUpperCase()

/**
 * An order as the listing shows it: its primary certificate only (without serial number or dates while it is not
 * issued), and how many duplicates and reissues it has (archived ones included: archiving hides, it does not remove).
 * @param {Account} account
 * @param {Order} order
 */
export function orderSummary(account, order) {
  const [certificate, ...others] = account.certificatesOf(order)
  const validTill = account.validTill(certificate)
  const duplicates = others.filter((c) => c.kind === 'duplicate').length
  const reissues = others.filter((c) => c.kind === 'reissue').length
  return {
    id: order.id,
    certificate: {
      id: certificate.id,
      common_name: certificate.commonName,
      dns_names: [certificate.commonName],
      ...(issued(certificate)
        ? {
            serial_number: shownSerial(certificate),
            valid_from: day(certificate.notBefore),
            valid_till: day(validTill),
            days_remaining: Math.max(0, Math.ceil((validTill.getTime() - Date.now()) / DAY_MS))
          }
        : {}),
      signature_hash: 'sha256'
    },
    status: orderStatus(account, order),
    has_duplicates: duplicates > 0,
    duplicates_count: duplicates,
    has_reissues: reissues > 0,
    reissues_count: reissues,
    date_created: isoDate(order.dateCreated),
    product: { name_id: 'ssl_basic', name: 'Basic OV', type: 'ssl_certificate' }
  }
}

/**
 * `GET /order/certificate`: orders by ID, paged with offset and limit (at most 1000, and at most maxPageSize when
 * that switch is on). `filters[status]` keeps one status as shown (`issued` also keeps orders that have since
 * expired, as DigiCert's does, but not `reissue_pending` ones); `filters[serial_number]` keeps the order that
 * holds a certificate with that serial number (its primary, a duplicate or a reissue); `filters[certificate_id]`
 * the order whose primary certificate has that ID. An empty page has no `orders` key (recorded live), unless the
 * emptyPageWithoutOrders switch is off.
 * @param {Account} account
 * @param {{ key?: string, status?: string, serialNumber?: string, certificateId?: string, offset?: number, limit?: number }} query
 * @returns {Answer}
 */
export function listOrders(account, { key, status, serialNumber, certificateId, offset = 0, limit = 1000 }) {
  if (!account.userFor(key)) return invalidKey()
  const refused = badPaging(offset, limit)
  if (refused) return refused
  const all = [...account.orders.values()]
    .sort((a, b) => a.id - b.id)
    .filter((order) => {
      const certificates = account.certificatesOf(order)
      const shown = orderStatus(account, order)
      if (status && shown !== status && !(status === 'issued' && shown === 'expired')) return false
      if (serialNumber !== undefined && !certificates.some((c) => issued(c) && normalSerial(c.serialNumber) === normalSerial(serialNumber)))
        return false
      if (certificateId !== undefined && String(certificates[0].id) !== certificateId) return false
      return true
    })
  // With the cap switch on, a page holds fewer orders than asked; `page.limit` says how many it may hold.
  const size = account.maxPageSize === undefined ? limit : Math.min(limit, account.maxPageSize)
  const orders = all.slice(offset, offset + size).map((order) => orderSummary(account, order))
  const page = { total: all.length, limit: size, offset }
  return { status: 200, body: orders.length === 0 && account.emptyPageWithoutOrders ? { page } : { orders, page } }
}

/**
 * `GET /order/certificate/{id}`: the order (by its ID, or its primary certificate's serial number), with its
 * revoke requests; status `revoked` once every certificate on it is.
 * @param {Account} account
 * @param {string} ref
 * @param {string} [key]
 * @returns {Answer}
 */
export function orderInfo(account, ref, key) {
  if (!account.userFor(key)) return invalidKey()
  let order = /^[0-9]+$/.test(ref) ? account.orders.get(Number(ref)) : undefined
  if (!order && /^[0-9a-f:]+$/i.test(ref)) {
    order = [...account.orders.values()].find((o) => normalSerial(account.certificatesOf(o)[0].serialNumber) === normalSerial(ref))
  }
  if (!order) return error(404, 'not_found|order', 'Order not found.')
  const summary = orderSummary(account, order)
  const [primary] = account.certificatesOf(order)
  const requests = [...account.requests.values()]
    .filter((request) => request.order.id === order.id)
    .map(({ id, date, type, status, comments }) => ({ id, date, type, status, comments }))
  const thumbprint = issued(primary) ? { thumbprint: certificateThumbprint(account, primary) } : {}
  return { status: 200, body: { ...summary, certificate: { ...summary.certificate, ...thumbprint }, requests } }
}

/**
 * `GET /order/certificate/{id}/duplicate` or `/reissue`: the order's certificates of that kind, each `issued`
 * even once revoked (no `revoked` status is documented for them: ask the CA), `pending` or `rejected` (then
 * without serial number, thumbprint or validity: no certificate was issued). Archived ones only with
 * `show_archived=true`. With the repeatPrimary switch (on by default), a list that holds any certificate
 * repeats the primary first, as CertCentral's lists may.
 * @param {Account} account
 * @param {string} ref
 * @param {'duplicate' | 'reissue'} kind
 * @param {string} [key]
 * @param {{ showArchived?: boolean }} [query]
 * @returns {Answer}
 */
export function listOrderCertificates(account, ref, kind, key, { showArchived = false } = {}) {
  if (!account.userFor(key)) return invalidKey()
  const order = /^[0-9]+$/.test(ref) ? account.orders.get(Number(ref)) : undefined
  if (!order) return error(404, 'not_found|order', 'Order not found.')
  const [primary, ...others] = account.certificatesOf(order)
  const listed = others.filter((c) => c.kind === kind && (showArchived || !c.archived))
  if (listed.length > 0 && account.repeatPrimary) listed.unshift(primary)
  const certificates = listed.map((c) => ({
    id: c.id,
    ...(issued(c) ? { serial_number: shownSerial(c), thumbprint: certificateThumbprint(account, c) } : {}),
    status: issued(c) ? 'issued' : c.status,
    common_name: c.commonName,
    dns_names: [c.commonName],
    date_created: isoDate(c.notBefore),
    ...(issued(c) ? { valid_till: day(account.validTill(c)) } : {}),
    key_size: 256,
    archived: c.archived === true
  }))
  return { status: 200, body: { certificates } }
}

/**
 * The SHA-1 of the certificate's DER, upper-case hex, as CertCentral shows a thumbprint.
 * @param {Account} account
 * @param {Certificate} certificate
 */
export function certificateThumbprint(account, certificate) {
  const der = Buffer.from(account.certificatePem(certificate).replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
  return createHash('sha1').update(der).digest('hex').toUpperCase()
}

/**
 * `GET /certificate/{id}/download/format/pem_all`: the certificate, the simulator's issuing CA (its issuer, the
 * intermediate) and the root, three PEM blocks as for a DigiCert TLS certificate. With the downloadServesPrimary
 * switch, a duplicate's or reissue's download is its order's primary certificate instead (as Keyfactor reports
 * CertCentral sometimes does).
 * @param {Account} account
 * @param {string} id  the path segment
 * @param {string} [key]
 * @returns {Answer}
 */
export function downloadPemAll(account, id, key) {
  if (!account.userFor(key)) return invalidKey()
  let certificate = /^[0-9]+$/.test(id) ? account.certificates.get(Number(id)) : undefined
  if (!certificate || !issued(certificate)) return error(404, 'not_found', 'Certificate not found.')
  if (account.downloadServesPrimary) {
    const order = account.orders.get(certificate.orderId)
    if (order) certificate = account.certificatesOf(order)[0]
  }
  return {
    status: 200,
    body: `${account.certificatePem(certificate)}${CA_CERTIFICATE}${ROOT_CERTIFICATE}`,
    headers: { 'Content-Type': 'application/x-pem-file' }
  }
}
