/**
 * The only way the action prints to the workflow log. Every message is redacted of every registered secret,
 * loses its control characters, and cannot hold a workflow command: the runner reads a line that starts with
 * `::` as a command, and its older parser finds `##[name]` anywhere in a line, so a line that starts with `::`
 * is printed with its colons spaced apart, and every `##[` with its hashes spaced apart. The action's
 * own commands (`::error::`, `::warning::`, `::add-mask::`) are written by runner.ts, which escapes their
 * data. Methods are bound, so they can be handed around as plain functions.
 */
import * as runner from '../runner.js'
import type { Secrets } from '../secrets.js'
import { oneLine } from '../untrusted.js'

/**
 * A message for the log: redacted, each line without control characters, none of them a workflow command. It is
 * redacted again once the control characters are out, for a secret they split into parts too short to be found.
 */
export function printable(message: string, redact: (text: string) => string): string {
  return redact(message)
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const indent = line.slice(0, line.search(/[^ ]|$/))
      // `##[` is a command anywhere in a line to the runner's legacy parser; `::` at its start, after spaces, to both.
      return `${indent}${redact(oneLine(line))}`.replace(/##\[/g, '# #[').replace(/^(\s*)::/, '$1: :')
    })
    .join('\n')
}

export class Log {
  constructor(private readonly secrets: Secrets) {}

  private readonly safe = (message: string): string => printable(message, this.secrets.redact)

  readonly info = (message: string): void => runner.info(this.safe(message))
  readonly warn = (message: string): void => runner.warning(this.safe(message))
  /** Something a person should act on that is not a failure (a request to approve). */
  readonly notice = (message: string): void => runner.notice(this.safe(message))
  /** Marks the step failed with a message for the person reading the log. */
  readonly fail = (message: string): void => runner.setFailed(this.safe(message))
}
