/**
 * The one rule for inputs that take either PEM text or the path of a file (`certificate-pem`, `private-key`):
 * text with a -----BEGIN line is used as it is; anything else must name a small regular file.
 */
import { readFileSync, statSync } from 'node:fs'
import { InputProblem, errorMessage } from '../errors.js'
import { quote } from './values.js'

/**
 * `what` names the expected content in messages ("PEM text", "a PEM private key"). A bigger file than `maxBytes`
 * is not one of ours, and a device such as /dev/zero would never end, so both are refused before reading.
 */
export function readPemOrFile(input: string, raw: string, what: string, maxBytes: number): string {
  const value = raw.trim()
  if (value.includes('-----BEGIN')) return value
  if (value.includes('\n')) throw new InputProblem(`${input}: the value is neither ${what} (no -----BEGIN line) nor a file path.`)
  const cannot = (why: string) =>
    new InputProblem(`${input}: ${quote(value)} is not ${what} and cannot be read as a file (${why}). Paths are relative to the workspace.`)
  let stats
  try {
    stats = statSync(value)
  } catch (error) {
    throw cannot((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorMessage(error))
  }
  if (stats.isDirectory()) throw cannot('it is a folder, not a regular file')
  if (!stats.isFile()) throw cannot('not a regular file')
  if (stats.size > maxBytes) throw cannot(`larger than ${maxBytes / 1024} KiB`)
  return readFileSync(value, 'utf8')
}
