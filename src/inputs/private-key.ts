/** Reads `private-key`: PEM text or the path of a file. The key is registered as a secret before it is parsed. */
import { identifyPrivateKey, type KeyIdentity } from '../leaked-key/key-identity.js'
import type { Secrets } from '../secrets.js'
import { readPemOrFile } from './pem-or-file.js'

const MAX_KEY_FILE_BYTES = 64 * 1024

/** The PEM text of `private-key`: the value itself, or the file it names. */
export function readPrivateKeyText(raw: string, input = 'private-key'): string {
  return readPemOrFile(input, raw, { what: 'a PEM private key', maxBytes: MAX_KEY_FILE_BYTES, quotable: false })
}

/**
 * Masks the leaked key line by line before anything could print it, then keeps only its identity: the key is
 * never stored, written or sent.
 */
export function readPrivateKey(raw: string, secrets: Secrets): KeyIdentity | undefined {
  if (raw.trim() === '') return undefined
  // Inline PEM comes back as it is, without a message that could quote it; a file's problems never quote it.
  const text = readPrivateKeyText(raw)
  secrets.registerPemLines(text)
  return identifyPrivateKey(text)
}
