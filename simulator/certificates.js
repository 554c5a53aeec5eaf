// Makes throwaway keys for the simulator and the tests with node:crypto, so no real key of anyone's is ever
// committed. Certificates come from x509.js, in JavaScript too: the tests need no openssl.
import { generateKeyPairSync } from 'node:crypto'

/**
 * A new private key in PEM: `rsa` (2048 bits) or `ec` (P-256), as PKCS#8 unless `encoding` says `pkcs1` (RSA)
 * or `sec1` (EC).
 * @param {'rsa' | 'ec'} [type]
 * @param {'pkcs8' | 'pkcs1' | 'sec1'} [encoding]
 * @returns {string}
 */
export function makeKey(type = 'rsa', encoding = 'pkcs8') {
  // A mismatched pair (pkcs1 for EC, sec1 for RSA) is left to Node, which refuses it (ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS).
  const publicKeyEncoding = /** @type {const} */ ({ type: 'spki', format: 'pem' })
  return type === 'ec'
    ? generateKeyPairSync('ec', {
        namedCurve: 'P-256',
        privateKeyEncoding: { type: /** @type {'pkcs8' | 'sec1'} */ (encoding), format: 'pem' },
        publicKeyEncoding
      }).privateKey
    : generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: /** @type {'pkcs8' | 'pkcs1'} */ (encoding), format: 'pem' },
        publicKeyEncoding
      }).privateKey
}
