import type { AddressPolicy } from './addresses.js'

/** What one OCSP responder or one CRL said, once verified, or why it gave no usable answer. */
export type Check =
  | {
      answered: true
      state: 'good' | 'unknown'
      /** When the answer says its information was current (thisUpdate), ISO. */
      at: string
    }
  | {
      answered: true
      /** `on-hold`: listed with reason certificateHold, which may still be lifted: not a revocation. */
      state: 'revoked' | 'on-hold'
      at: string
      /** Since when, according to the CA. */
      revokedAt: string
      reason?: string
    }
  | { answered: false; why: string }

export const noAnswer = (why: string): Check => ({ answered: false, why })

/** How a check reaches out: the HTTP limits, the clock, the log, and how outside text is made reportable. */
export interface CheckContext {
  timeoutMs: number
  maxBytes: number
  userAgent: string
  /** Which addresses the URLs may reach (see addresses.ts); default: public ones only. */
  addresses?: AddressPolicy
  now: () => Date
  log: (message: string) => void
  /** Outside text (a URL from a certificate, an excerpt of an answer) redacted, on one line, cut to `limit`. */
  outside: (text: string, limit?: number) => string
}
