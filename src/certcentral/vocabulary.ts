/** The words of the CertCentral Services API that inputs are checked against: its regions and revocation reasons. */

export const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const
export type RevocationReason = (typeof REVOCATION_REASONS)[number]

/** The Services API of each CertCentral region. */
export const REGIONS = {
  us: 'https://www.digicert.com/services/v2',
  eu: 'https://certcentral.digicert.eu/services/v2'
} as const
export type Region = keyof typeof REGIONS
