/**
 * The only way the action prints to the workflow log: every line is redacted of every registered secret first.
 * Methods are bound, so they can be handed around as plain functions.
 */
import * as core from '@actions/core'
import type { Secrets } from '../secrets.js'

export class Log {
  constructor(private readonly secrets: Secrets) {}

  readonly info = (message: string): void => core.info(this.secrets.redact(message))
  readonly warn = (message: string): void => core.warning(this.secrets.redact(message))
  /** Marks the step failed with a message for the person reading the log. */
  readonly fail = (message: string): void => core.setFailed(this.secrets.redact(message))
}
