/** A report of a CT search that ended, for the tests of what the action says of certificates outside the account. */
import { notSearched, type BeyondReport, type ElsewhereCertificate } from '../../src/beyond/report.js'

/** CT was searched and listed these certificates outside the account (and nothing else, unless `fields` say so). */
export const searched = (certificates: ElsewhereCertificate[], fields: Partial<BeyondReport> = {}): BeyondReport => ({
  ...notSearched('report'),
  searched: true,
  listed: certificates.length,
  certificates,
  ...fields
})
