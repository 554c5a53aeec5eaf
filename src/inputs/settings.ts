/** The typed settings of one run, built from the inputs by read-settings.ts and read by everything else. */
import type { RevocationReason } from '../certcentral/api.js'
import type { KeyIdentity } from '../leaked-key/key-identity.js'
import type { BeyondAccountSettings } from './beyond-account.js'

/** A certificate from `certificate-pem`, revoked by its serial number. */
export interface PemCertificate {
  serialNumber: string
  subject: string
  /** The certificate itself. Its issuer is never taken from the input: asking the CA uses CertCentral's. */
  pem: string
}

/** wait-for: what a run waits for after revoking. */
export const WAIT_FOR = ['none', 'approval', 'revocation'] as const
export type WaitFor = (typeof WAIT_FOR)[number]

export interface Settings {
  apiKey: string
  certificateIds: string[]
  serialNumbers: string[]
  pemCertificates: PemCertificate[]
  orderIds: string[]
  comments: string
  revocationReason?: RevocationReason
  skipApproval: boolean
  dryRun: boolean
  baseUrl: string
  maxRevocations: number
  maxAttempts: number
  requestTimeoutMs: number
  waitFor: WaitFor
  waitTimeoutMs: number
  alert: AlertSettings
  keyScan: KeyScanSettings
  /** Certificate Transparency and ACME: the key's certificates outside this account. */
  beyond: BeyondAccountSettings
}

export interface KeyScanSettings {
  /** The identity of the leaked key from `private-key`; the key itself is not kept. */
  key?: KeyIdentity
  /** Take the key from the secret scanning alert instead. */
  fromAlert: boolean
  /** Path of the certificate index file, when one is kept. */
  indexPath?: string
}

export interface AlertSettings {
  /** The secret scanning alert behind this run, from `alert-number` or the repository_dispatch payload. */
  number?: number
  /** `owner/name` of the alert's repository: `alert-repository`, else the workflow's own (GITHUB_REPOSITORY). */
  repository?: string
  resolve: boolean
  token: string
  /** GitHub's REST API (GITHUB_API_URL), checked like base-url when a run needs it; github.com's when unset. */
  apiUrl?: string
}
