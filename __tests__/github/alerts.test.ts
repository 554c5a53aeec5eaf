import { describe, expect, it } from '@jest/globals'
import { alertFailure, alertTarget, resolutionComment } from '../../src/github/alerts.js'

describe('resolutionComment', () => {
  it('names the requests and the run', () => {
    expect(resolutionComment([12, 13], 'https://github.com/o/r/actions/runs/1')).toBe(
      'Revoked in DigiCert CertCentral: requests 12, 13. Run: https://github.com/o/r/actions/runs/1'
    )
  })
  it('says when approval was skipped', () => {
    expect(resolutionComment([null], undefined)).toBe('Revoked in DigiCert CertCentral: 1 with approval skipped')
    expect(resolutionComment([4, null], undefined)).toBe('Revoked in DigiCert CertCentral: request 4; 1 with approval skipped')
  })
  it("stays within GitHub's limit for many requests", () => {
    const ids = Array.from({ length: 100 }, (_, i) => 1000000 + i)
    const comment = resolutionComment(ids, 'https://github.com/o/r/actions/runs/1')
    expect(comment.length).toBeLessThanOrEqual(270)
    expect(comment).toMatch(/requests 1000000, .* and \d+ more\. Run: https:\/\/github.com\/o\/r\/actions\/runs\/1$/)
  })
})

describe('alert errors', () => {
  const alert = alertTarget('octo-org/certs', 7)
  it('says which permission a 403 lacks', () => {
    expect(alertFailure({ status: 403, message: 'Resource not accessible by integration' }, alert)).toContain(
      '"Secret scanning alerts: write"'
    )
    expect(alertFailure({ status: 403, message: 'x' }, alert)).toContain('GITHUB_TOKEN cannot have it')
  })
  it('explains a 404 and a 422', () => {
    expect(alertFailure({ status: 404 }, alert)).toContain('secret scanning is off')
    expect(alertFailure({ status: 422, message: 'State cannot be changed' }, alert)).toContain('422: State cannot be changed')
  })
  it('needs the repository', () => {
    expect(() => alertTarget(undefined, 1)).toThrow('GITHUB_REPOSITORY is not set')
    expect(alertTarget('a/b', 2)).toEqual({ owner: 'a', repo: 'b', number: 2 })
  })
})
