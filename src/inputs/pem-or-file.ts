/**
 * The one rule for inputs that take either PEM text or the path of a file (`certificate-pem`, `private-key`):
 * text with a -----BEGIN line is used as it is; anything else must name a small regular file.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { InputProblem, errorMessage } from '../errors.js'
import { quote } from './values.js'

export interface PemOrFileRule {
  /** The expected content in messages: "PEM text", "a PEM private key". */
  what: string
  /** A bigger file is not one of ours. */
  maxBytes: number
  /** Whether a message may quote the value: never for a private key, which may be key material without its armour. */
  quotable: boolean
}

export function readPemOrFile(input: string, raw: string, rule: PemOrFileRule): string {
  const value = raw.trim()
  if (value.includes('-----BEGIN')) return value
  const shown = rule.quotable ? `${quote(value)} ` : 'the value '
  if (value.includes('\n')) throw new InputProblem(`${input}: the value is neither ${rule.what} (no -----BEGIN line) nor a file path.`)
  const cannot = (why: string) =>
    new InputProblem(`${input}: ${shown}is not ${rule.what} and cannot be read as a file (${why}). Paths are relative to the workspace.`)
  try {
    return readRegularFile(value, rule.maxBytes)
  } catch (error) {
    throw cannot((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeFileError(error))
  }
}

/** The file is not one the action reads: a folder, a device, a FIFO, or too big. */
export class NotRegular extends Error {}

/**
 * Reads a regular file of at most `maxBytes`. The file is opened first and checked through its descriptor, so
 * a FIFO, a device (even behind a link) or a folder is refused without reading, and a file that grows after the
 * check is still read no further than the limit.
 */
export function readRegularFile(path: string, maxBytes: number): string {
  // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const stats = fstatSync(fd)
    if (stats.isDirectory()) throw new NotRegular('it is a folder, not a regular file')
    if (!stats.isFile()) throw new NotRegular('not a regular file')
    // One byte more than allowed tells a file over the limit, whatever its size said (it may grow meanwhile).
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    for (let read = 1; read > 0; length += read) read = readSync(fd, buffer, length, buffer.length - length, null)
    if (length > maxBytes) throw new NotRegular(`larger than ${maxBytes / 1024} KiB`)
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** A file error in words, with its code (or NotRegular's own words), never quoting what the file holds. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`
  if (code === 'EISDIR') return 'it is a folder, not a regular file'
  return code ? `${code}` : errorMessage(error)
}
