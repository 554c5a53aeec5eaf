/**
 * Removes secrets from anything the action reports. Masking only hides them in the log; outputs, the job
 * summary and messages built from a server's answer must not carry them at all.
 */
export const REDACTED = '***'

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
