import { describe, expect, it } from '@jest/globals'
import { revokePath } from '../../src/certcentral/api.js'

describe('revokePath', () => {
  it('uses the certificate and order endpoints', () => {
    expect(revokePath({ type: 'certificate', id: '12' })).toBe('/certificate/12/revoke')
    expect(revokePath({ type: 'certificate', id: '0A1B' })).toBe('/certificate/0A1B/revoke')
    expect(revokePath({ type: 'order', id: '7' })).toBe('/order/certificate/7/revoke')
  })
  it('cannot be steered to another path', () => {
    expect(revokePath({ type: 'certificate', id: '../../user' })).toBe('/certificate/..%2F..%2Fuser/revoke')
  })
})
