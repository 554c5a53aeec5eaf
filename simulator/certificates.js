// Makes throwaway certificates and keys for the simulator and the tests with the openssl command line, so
// no real certificate of anyone's is ever committed.
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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

/**
 * A self-signed certificate for `commonName` with the given serial number (hex) and key (a new RSA key when
 * none is given). Returns the certificate and key in PEM.
 * @param {object} options
 * @param {string} options.commonName
 * @param {string} options.serialNumber  hex, without 0x
 * @param {string} [options.keyPem]  the private key, in PEM
 * @param {number} [options.days]  default 30
 * @returns {{ certificatePem: string, keyPem: string }}
 */
export function makeCertificate({ commonName, serialNumber, keyPem = makeKey('rsa'), days = 30 }) {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cert-'))
  try {
    const keyFile = join(dir, 'key.pem')
    writeFileSync(keyFile, keyPem, { mode: 0o600 })
    const certFile = join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        keyFile,
        '-out',
        certFile,
        '-days',
        String(days),
        '-subj',
        `/CN=${commonName}`,
        '-set_serial',
        `0x${serialNumber}`,
        '-sha256'
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    )
    return { certificatePem: readFileSync(certFile, 'utf8'), keyPem }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A test CA and a server certificate it signs for `hostnames` (DNS names) and 127.0.0.1, for serving HTTPS on
 * loopback. Give the CA to Node with NODE_EXTRA_CA_CERTS.
 * @param {string[]} hostnames  the first is also the certificate's common name
 * @returns {{ caPem: string, certPem: string, keyPem: string }}
 */
export function makeServerTls(hostnames) {
  const dir = mkdtempSync(join(tmpdir(), 'sim-tls-'))
  /** @param {string[]} args */
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  try {
    writeFileSync(join(dir, 'ca.key'), makeKey('ec'), { mode: 0o600 })
    writeFileSync(join(dir, 'server.key'), makeKey('ec'), { mode: 0o600 })
    run(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Revoke Action Test CA', '-sha256'])
    run(['req', '-new', '-key', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hostnames[0]}`])
    const names = [...hostnames.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',')
    writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${names}\nextendedKeyUsage=serverAuth\n`)
    run([
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      'ext.cnf'
    ])
    /** @param {string} name */
    const read = (name) => readFileSync(join(dir, name), 'utf8')
    return { caPem: read('ca.pem'), certPem: read('server.pem'), keyPem: read('server.key') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
