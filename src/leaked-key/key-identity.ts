/**
 * Reads a leaked private key (PKCS#1, PKCS#8 or SEC1 PEM; RSA or EC) and reduces it to what the scan compares:
 * the SHA-256 of its public key's SubjectPublicKeyInfo. The key itself is never written, sent or reported.
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { InputProblem } from '../errors.js'

export interface KeyIdentity {
  /** SHA-256 of the public key's DER SubjectPublicKeyInfo, in hex: the same for every certificate of the key. */
  fingerprint: string
  /** `RSA 2048-bit` or `EC prime256v1`, for the log and the summary. */
  description: string
  /**
   * The key itself, in memory only, for the one use that needs it: signing an ACME revocation (RFC 8555 §7.6).
   * Not enumerable, so no JSON, log or spread of the identity ever carries it.
   */
  readonly signingKey?: KeyObject
}

const PRIVATE_KEY_BLOCK = /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/

/** Parses the key and returns its identity; every problem is an InputProblem that never quotes the key. */
export function identifyPrivateKey(text: string, input = 'private-key'): KeyIdentity {
  const block = PRIVATE_KEY_BLOCK.exec(text)?.[0]
  if (!block) {
    throw new InputProblem(`${input}: no PEM private key found (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY).`)
  }
  if (block.includes('ENCRYPTED')) {
    throw new InputProblem(
      `${input}: the private key is encrypted with a passphrase. Decrypt it first (openssl pkey -in key.pem -out plain.pem), and keep the result out of the repository.`
    )
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: block, format: 'pem' })
  } catch (error) {
    throw new InputProblem(`${input}: the private key could not be read (${(error as NodeJS.ErrnoException).code ?? 'malformed'}).`)
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new InputProblem(`${input}: a ${key.asymmetricKeyType} key; CertCentral certificates carry RSA or EC keys.`)
  }
  const details = key.asymmetricKeyDetails ?? {}
  const description = key.asymmetricKeyType === 'rsa' ? `RSA ${details.modulusLength}-bit` : `EC ${details.namedCurve}`
  const identity: KeyIdentity = { fingerprint: publicKeyFingerprint(key), description }
  Object.defineProperty(identity, 'signingKey', { value: key, enumerable: false })
  return identity
}

export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
}

/** The fingerprint of the first certificate of a PEM chain (the leaf, in `pem_all`). */
export function certificateFingerprint(pemChain: string): string {
  return readChain(pemChain).spki
}

/** What the scan keeps of a downloaded chain: the leaf's key fingerprint and expiry, and the leaf and issuer PEM. */
export interface ChainFacts {
  spki: string
  /** The leaf's serial number, hex as Node gives it. */
  serialNumber: string
  /** ISO 8601. */
  notAfter: string
  leaf: string
  issuer?: string
}

/** Reads `pem_all`: the first certificate is the leaf, the second its issuer. */
export function readChain(pemChain: string): ChainFacts {
  const [leaf, issuer] = pemChain.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
  if (!leaf) throw new Error('the download holds no certificate')
  const certificate = new X509Certificate(leaf)
  // validTo is OpenSSL's own rendering of the date ("Mar  1 12:00:00 2027 GMT"), which Date always reads.
  const notAfter = new Date(certificate.validTo)
  return {
    spki: publicKeyFingerprint(certificate.publicKey),
    serialNumber: certificate.serialNumber,
    notAfter: notAfter.toISOString(),
    leaf,
    ...(issuer ? { issuer } : {})
  }
}
