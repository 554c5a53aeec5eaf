/**
 * The one place that registers a secret: it is masked in the runner's log (core.setSecret) and removed from
 * everything the action reports (outputs, the job summary, messages built from a server's answer), which
 * masking alone does not cover.
 */
import * as core from '@actions/core'

export const REDACTED = '***'

/** Removes registered secrets from text. */
export class Redactor {
  private readonly secrets: string[] = []

  add(secret: string): void {
    // Very short values would shred ordinary text; a real key is long.
    if (secret.length >= 4 && !this.secrets.includes(secret)) {
      this.secrets.push(secret)
      this.secrets.sort((a, b) => b.length - a.length)
    }
  }

  redact(text: string): string {
    return this.secrets.reduce((clean, secret) => clean.split(secret).join(REDACTED), text)
  }
}

export class Secrets {
  readonly redactor = new Redactor()

  /** Masks `secret` in the log and removes it from everything reported from now on. */
  register(secret: string): void {
    core.setSecret(secret)
    this.redactor.add(secret)
  }

  /**
   * Registers every line of a PEM private key that carries secret material (not its BEGIN and END lines): the
   * runner masks one line at a time, so a multi-line key must be registered line by line.
   */
  registerPemLines(text: string): void {
    for (const line of secretLines(text)) this.register(line)
  }

  redact(text: string): string {
    return this.redactor.redact(text)
  }
}

/** The lines of a PEM block that carry secret material. */
export function secretLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----'))
}
