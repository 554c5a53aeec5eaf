/**
 * The one place that registers a secret: it is masked in the runner's log (runner.setSecret) and removed from
 * everything the action reports (outputs, the job summary, messages built from a server's answer), which
 * masking alone does not cover.
 */
import * as runner from './runner.js'
import { PIECE_LENGTH, REDACTED, redactJson } from './untrusted.js'

export { PIECE_LENGTH, REDACTED } from './untrusted.js'

/**
 * Where the last run of PIECE_LENGTH characters of text starts (below 0 when there is none). Both the pieces of a
 * secret and the windows of a text looked up among them stop there: both are always PIECE_LENGTH long.
 */
const lastPieceAt = (text: string): number => text.length - PIECE_LENGTH

/**
 * Removes registered secrets from text: every whole occurrence, whatever the secret's length, and every run of
 * PIECE_LENGTH or more characters that stands in a secret, so that a server quoting part of a key, or a message
 * cut in the middle of one, leaks no usable piece of it either.
 */
export class Redactor {
  private readonly secrets: string[] = []
  private readonly pieces = new Set<string>()

  /**
   * Also adds the secret as a JSON string writes it (`"` and `\` escaped): a server that quotes it inside JSON
   * that cannot be parsed leaves it so, and a reader unescapes it at a glance.
   */
  add(secret: string): void {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) this.addForm(form)
  }

  private addForm(secret: string): void {
    if (secret === '' || this.secrets.includes(secret)) return
    this.secrets.push(secret)
    this.secrets.sort((a, b) => b.length - a.length)
    for (let at = 0; at <= lastPieceAt(secret); at++) this.pieces.add(secret.slice(at, at + PIECE_LENGTH))
  }

  redact(text: string): string {
    const whole = this.secrets.reduce((clean, secret) => clean.split(secret).join(REDACTED), text)
    return this.redactPieces(whole)
  }

  /** Marks every window that is a piece of a secret, then replaces each run of marked characters once. */
  private redactPieces(text: string): string {
    let result = ''
    let copiedUpTo = 0
    let coveredUpTo = -1
    let runStart = -1
    for (let at = 0; at <= lastPieceAt(text); at++) {
      if (!this.pieces.has(text.slice(at, at + PIECE_LENGTH))) continue
      if (at > coveredUpTo) {
        if (runStart >= 0) {
          result += text.slice(copiedUpTo, runStart) + REDACTED
          copiedUpTo = coveredUpTo
        }
        runStart = at
      }
      coveredUpTo = at + PIECE_LENGTH
    }
    if (runStart < 0) return text
    return result + text.slice(copiedUpTo, runStart) + REDACTED + text.slice(coveredUpTo)
  }
}

export class Secrets {
  readonly redactor = new Redactor()

  /** Masks `secret` in the log and removes it from everything reported from now on. */
  register(secret: string): void {
    runner.setSecret(secret)
    this.redactor.add(secret)
  }

  /**
   * Registers every line of a PEM private key that carries secret material (see secretLines): the runner masks
   * one line at a time, so a multi-line key must be registered line by line.
   */
  registerPemLines(text: string): void {
    for (const line of secretLines(text)) this.register(line)
  }

  /** Bound, so it can be handed to the boundaries where outside text enters. */
  readonly redact = (text: string): string => this.redactor.redact(text)

  /** Bound: JSON text redacted in its strings, so that it stays JSON (see redactJson). */
  readonly redactJson = (text: string): string => redactJson(text, this.redact)
}

const PRIVATE_KEY_BLOCK = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----$/

/**
 * The lines of a PEM private key that carry secret material: the lines inside its key blocks, but not a header
 * (`Proc-Type: …`, `DEK-Info: …`), and not what `openssl pkcs12 -nodes` writes around them ("Bag Attributes",
 * "localKeyID: …", "friendlyName: …", "subject=…") nor a certificate's lines, which are public. Text with no
 * key block (a key in a format the action does not know) gives all its lines but BEGIN and END lines. A line
 * shorter than PIECE_LENGTH is never given: registered alone, it would redact ordinary text.
 */
export function secretLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  const inKeys: string[] = []
  let inKey = false
  for (const line of lines) {
    if (PRIVATE_KEY_BLOCK.test(line)) inKey = true
    else if (line.startsWith('-----END ')) inKey = false
    else if (inKey && !line.includes(':')) inKeys.push(line)
  }
  const found = lines.some((line) => PRIVATE_KEY_BLOCK.test(line)) ? inKeys : lines.filter((line) => !line.startsWith('-----'))
  return found.filter((line) => line.length >= PIECE_LENGTH)
}
