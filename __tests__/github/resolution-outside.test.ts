import { describe, expect, it } from '@jest/globals'
import { resolutionComment } from '../../src/github/alerts.js'

describe('resolutionComment beyond the account', () => {
  it('says how many live certificates outside the account remain, if any', () => {
    expect(resolutionComment([5], 'https://run.example/1', undefined, 2)).toBe(
      'Revoked in DigiCert CertCentral: request 5. 2 live certificates of the key outside this account remain to be revoked. Run: https://run.example/1'
    )
    expect(resolutionComment([5], undefined, undefined, 1)).toBe(
      'Revoked in DigiCert CertCentral: request 5. 1 live certificate of the key outside this account remains to be revoked'
    )
    expect(resolutionComment([5], undefined, undefined, 0)).toBe('Revoked in DigiCert CertCentral: request 5')
  })
})
