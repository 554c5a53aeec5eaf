// Builds real X.509 certificates in pure Node (a minimal DER encoder and node:crypto's signing), fast enough to
// give a simulated account thousands of certificates at start. Each is signed by a simulator CA with ECDSA P-256.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'

/** @import { KeyObject } from 'node:crypto' */

/**
 * A DER length: the short form below 0x80, else the long form.
 * @param {number} n
 */
function length(n) {
  if (n < 0x80) return Buffer.from([n])
  const bytes = []
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

/** @type {(tag: number, ...contents: Buffer[]) => Buffer} */
const tlv = (tag, ...contents) => {
  const body = Buffer.concat(contents)
  return Buffer.concat([Buffer.from([tag]), length(body.length), body])
}
/** @type {(...items: Buffer[]) => Buffer} */
const sequence = (...items) => tlv(0x30, ...items)
/** @type {(...items: Buffer[]) => Buffer} */
const set = (...items) => tlv(0x31, ...items)

/**
 * An OBJECT IDENTIFIER from its dotted form.
 * @param {string} dotted
 */
function oid(dotted) {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const bytes = [40 * a + b]
  for (const n of rest) {
    const chunk = [n & 0x7f]
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f))
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

/**
 * A DER INTEGER from hex: minimal, and positive (a leading 00 where the top bit is set).
 * @param {string} hex
 */
function integerFromHex(hex) {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1] < 0x80) bytes = bytes.subarray(1)
  if (bytes[0] >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes])
  return tlv(0x02, bytes)
}

/** @param {Date} date */
function utcTime(date) {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'
  return tlv(0x17, Buffer.from(text, 'ascii'))
}

/** @param {string} commonName */
const name = (commonName) => sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))))
const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'))

const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' })

/**
 * A certificate for `publicKey` (a KeyObject, or PEM of a public or private key), with the given serial number
 * (hex) and common name, issued by the simulator's CA. Returns PEM.
 * @param {object} certificate
 * @param {string} certificate.serialNumber  hex
 * @param {string} certificate.commonName
 * @param {KeyObject | string} certificate.publicKey  a key object, or PEM of a public or private key
 * @param {Date} [certificate.notBefore]  default: a day ago
 * @param {number} [certificate.days]  how long it is valid from notBefore (default 397)
 * @returns {string}
 */
export function issueCertificate({ serialNumber, commonName, publicKey, notBefore = new Date(Date.now() - 86400_000), days = 397 }) {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey.includes('PRIVATE') ? createPrivateKey(publicKey) : publicKey) : publicKey
  const spki = key.export({ type: 'spki', format: 'der' })
  const notAfter = new Date(notBefore.getTime() + days * 86400_000)
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    integerFromHex(serialNumber),
    ECDSA_WITH_SHA256,
    name('Simulator Issuing CA'),
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name(commonName),
    spki
  )
  const signature = sign('sha256', tbs, ca.privateKey)
  const der = sequence(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.from([0]), signature))
  const base64 = (der.toString('base64').match(/.{1,64}/g) ?? []).join('\n') // never empty: a DER certificate has bytes
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`
}

/** The simulator CA's certificate, self-signed, for the chain that `pem_all` returns after the leaf. */
export const CA_CERTIFICATE = issueCertificate({ serialNumber: '01', commonName: 'Simulator Issuing CA', publicKey: ca.publicKey, days: 3650 })
