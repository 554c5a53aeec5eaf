/** The typed settings of one run, built from the inputs by inputs.ts and read by everything else. */
import type { KeyIdentity } from './private-key.js'

export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation'
] as const
export type RevocationReason = (typeof REVOCATION_REASONS)[number]

export const REGIONS = {
  us: 'https://www.digicert.com/services/v2',
  eu: 'https://certcentral.digicert.eu/services/v2'
} as const
export type Region = keyof typeof REGIONS

/** A certificate from `certificate-pem`, revoked by its serial number. */
export interface PemCertificate {
  serialNumber: string
  subject: string
}

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
  alert: AlertSettings
  keyScan: KeyScanSettings
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
  resolve: boolean
  token: string
}
