/**
 * FIFOs for the tests that a FIFO must not block: Node cannot make one, so `mkfifo` (coreutils) does, where it is
 * installed. Where it is not (Windows, a bare image), those tests are reported as skipped.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const mkfifo = (process.env.PATH ?? '')
  .split(delimiter)
  .filter(Boolean)
  .map((dir) => join(dir, 'mkfifo'))
  .find((file) => existsSync(file))

/** `it`, or `it.skip` where no FIFO can be made. */
export const withFifo = <T extends { skip: unknown }>(it: T): T | T['skip'] => (mkfifo && process.platform !== 'win32' ? it : it.skip)

/** Makes a FIFO at `path` (only in a test declared with withFifo). */
export function makeFifo(path: string): void {
  if (!mkfifo) throw new Error('mkfifo is not installed')
  execFileSync(mkfifo, [path])
}
