/**
 * Text from outside (CertCentral's and GitHub's answers, OCSP and CRL answers, files, the event payload, inputs)
 * is untrusted. Before it reaches the log, an output or the summary it goes, in this order, through: redaction
 * of every secret in its raw form (secrets.ts; done where the text enters), one line with every control
 * character removed (oneLine), and a length cut (cut). Escaping for the destination comes last, where the text
 * is placed (report/summary.ts for Markdown and HTML, JSON.stringify for `results`).
 */

/** What stands where a secret was. */
export const REDACTED = '***'

/** A run of this many characters that also stands in a secret is a piece of it, and is redacted too (secrets.ts). */
export const PIECE_LENGTH = 8

/**
 * The lengths the contract allows, in characters: `inputValue` for a bad input value quoted back, `problem` for
 * one line of an invalid-input message (which may quote a file's text).
 */
export const LIMITS = { code: 100, message: 500, date: 40, quote: 80, excerpt: 200, inputValue: 40, problem: 1000 } as const

/**
 * ANSI escape sequences (CSI, OSC and two-character ESC forms), then every other control character: C0, DEL,
 * C1, and the Unicode line and paragraph separators; and every format character (Unicode category Cf: zero-width
 * spaces and joiners, the soft hyphen, bidirectional controls), which show nothing, or reorder what a reader sees.
 */
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g
const LINE_BREAKS = /[\t\n\r]/g
const FORMAT = /\p{Cf}/gu

/**
 * One line, with every control character, format character and escape sequence removed and runs of spaces folded.
 * What a secret split by format characters becomes whole again here: whoever redacted the text before redacts it
 * again after (report/log.ts, report/outputs.ts, report/summary.ts).
 */
export function oneLine(text: string): string {
  // Format characters first: one inside an escape sequence would otherwise leave the rest of it standing.
  return text.replace(FORMAT, '').replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(/ {2,}/g, ' ').trim()
}

/** At most `limit` characters (whole code points), with `…` when something was cut. */
export function cut(text: string, limit: number): string {
  const points = Array.from(text)
  return points.length > limit ? `${points.slice(0, limit).join('')}…` : text
}

/** One line of at most `limit` characters: for text that is already redacted (it entered through a redacting boundary). */
export function clean(text: string, limit: number): string {
  return cut(oneLine(text), limit)
}

/** The size of text in UTF-8 (Buffer's default encoding), as GitHub counts an output's or the job summary's size. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text)
}

/**
 * JSON text with every registered secret removed from its strings (keys included), then written again: text
 * that is not JSON is redacted as a whole. Redacting the text of a JSON answer as a whole could break it (a
 * secret that is also part of the syntax, `1` or `"`), and turn a request the server created into one the action
 * cannot read. A number that holds a piece of a secret becomes the string `***`.
 */
export function redactJson(text: string, redact: (text: string) => string): string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return redact(text)
  }
  try {
    return JSON.stringify(redactValue(value, redact))
  } catch {
    // Nested deeper than the stack allows: redacted as text, as an answer that is not JSON.
    return redact(text)
  }
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value)
  if (typeof value === 'number') {
    // A number of fewer digits than a piece of a secret holds none (a request ID 1 stays 1 whatever is registered).
    const digits = String(value)
    return digits.length < PIECE_LENGTH || redact(digits) === digits ? value : REDACTED
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact))
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines each key as data, so a key `__proto__` stays a key.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactValue(item, redact)]))
  }
  return value
}
