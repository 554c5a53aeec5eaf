// How the simulated CertCentral writes its answers: DigiCert's error format, the unknown-key refusal, and dates as
// DigiCert's examples write them.

/**
 * How a call is answered: server.js sends a Buffer as is, another object as JSON.
 * @typedef {object} Answer
 * @property {number} status
 * @property {object | string | Buffer} [body]
 * @property {Record<string, string>} [headers]
 */

/**
 * An answer in DigiCert's error format.
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @returns {Answer}
 */
export function error(status, code, message) {
  return { status, body: { errors: [{ code, message }] } }
}

/** DigiCert's answer to an unknown, revoked or other-region key (recorded from the live API). */
export function invalidKey() {
  return error(403, 'access_denied|access_denied_invalid_key', 'Access denied due to access_denied_invalid_key.')
}

/** `offset` and `limit` as both lists take them: offset 0 or more, limit 1 to 1000; else the refusal. */
export function badPaging(/** @type {number} */ offset, /** @type {number} */ limit) {
  if (Number.isInteger(offset) && offset >= 0 && Number.isInteger(limit) && limit >= 1 && limit <= 1000) return undefined
  return error(400, 'invalid_paging', 'offset must be 0 or more and limit from 1 to 1000.')
}

/** @param {Date} date  ISO 8601 to the second with `+00:00`, as DigiCert's examples write dates */
export const isoDate = (date) => date.toISOString().replace(/\.\d{3}Z$/, '+00:00')

/** @param {Date} date  `yyyy-MM-dd` */
export const day = (date) => date.toISOString().slice(0, 10)

export const DAY_MS = 86400_000
