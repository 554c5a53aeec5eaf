/** The run's address policies: one per purpose, made from the settings in one place. */
import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { CA_CERTIFICATE, issueCertificate } from '../../simulator/x509.js'
import { AddressGuard } from '../../src/ca/addresses.js'
import { askCa } from '../../src/ca/ask-ca.js'
import { certificateUrls, serviceUrls } from '../../src/inputs/address-policies.js'
import { testSettings } from '../support/settings.js'

const BASE_URL = 'https://api.digicert.invalid/services/v2'
const CT = 'https://ct.corp.invalid:8443/search/'
const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory'
const CORP_ACME = 'https://acme.corp.invalid/directory'
const settings = testSettings({
  baseUrl: BASE_URL,
  beyond: {
    ctSearch: 'report',
    ctSearchUrl: CT,
    acmeRevoke: true,
    acmeDirectories: [
      { issuer: "Let's Encrypt", url: LETS_ENCRYPT },
      { issuer: 'Corp CA', url: CORP_ACME }
    ]
  }
})
// base-url's host is public; every other name is on a private address but Let's Encrypt's, on loopback.
const ADDRESSES: Record<string, string> = {
  'api.digicert.invalid': '203.0.113.10',
  'acme-v02.api.letsencrypt.org': '127.0.0.1'
}
const resolve = async (name: string) => [{ address: ADDRESSES[name] ?? '10.1.2.3', family: 4 }]
const guard = (policy: object) => new AddressGuard({ ...policy, resolve })
const refusal = (host: string, address = '10.1.2.3') =>
  address === '127.0.0.1'
    ? `refused ${host}, at ${address}: a loopback address, and only public ones are asked`
    : `refused ${host}, at ${address}: a private address, and only public ones are asked`

describe('certificateUrls', () => {
  it('is base-url alone, one object per run', () => {
    expect(certificateUrls(settings)).toStrictEqual({ baseUrl: BASE_URL })
    expect(certificateUrls(settings)).toBe(certificateUrls(settings))
    const other = testSettings({ baseUrl: 'http://127.0.0.1:9/services/v2' })
    expect(certificateUrls(other)).toStrictEqual({ baseUrl: 'http://127.0.0.1:9/services/v2' })
  })

  it('exempts no host: not the CT service, not an ACME directory', async () => {
    const certificates = guard(certificateUrls(settings))
    expect((await certificates.checkName('ct.corp.invalid'))?.message).toBe(refusal('ct.corp.invalid'))
    expect((await certificates.checkName('acme.corp.invalid'))?.message).toBe(refusal('acme.corp.invalid'))
    expect((await certificates.checkName('acme-v02.api.letsencrypt.org'))?.message).toBe(
      refusal('acme-v02.api.letsencrypt.org', '127.0.0.1')
    )
    expect(await certificates.checkName('api.digicert.invalid')).toBeUndefined()
  })

  it("refuses a certificate's OCSP and CRL URLs on the CT service's host", async () => {
    const leaf = issueCertificate({
      serialNumber: '0a01',
      commonName: 'logged.example.test',
      publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
      origin: 'https://ct.corp.invalid:8443'
    })
    const verdict = await askCa(leaf, CA_CERTIFICATE, { timeoutMs: 2000, addresses: { ...certificateUrls(settings), resolve } })
    expect(verdict).toMatchObject({
      state: 'no-answer',
      detail: `OCSP: ${refusal('ct.corp.invalid')}; CRL: ${refusal('ct.corp.invalid')}`
    })
  })
})

describe('serviceUrls', () => {
  it("is base-url and the service's own URL, one object per run and service", () => {
    expect(serviceUrls(settings, CT)).toStrictEqual({ baseUrl: BASE_URL, exemptHosts: [CT] })
    expect(serviceUrls(settings, CORP_ACME)).toStrictEqual({ baseUrl: BASE_URL, exemptHosts: [CORP_ACME] })
    expect(serviceUrls(settings, LETS_ENCRYPT)).toStrictEqual({ baseUrl: BASE_URL, exemptHosts: [LETS_ENCRYPT] })
    expect(serviceUrls(settings, CT)).toBe(serviceUrls(settings, CT))
    expect(serviceUrls(settings, CORP_ACME)).not.toBe(serviceUrls(settings, CT))
    expect(serviceUrls(settings, CT)).not.toBe(certificateUrls(settings))
  })

  it('exempts the CT service for its own requests, and no ACME directory', async () => {
    const ct = guard(serviceUrls(settings, CT))
    expect(await ct.checkName('ct.corp.invalid')).toBeUndefined()
    expect((await ct.checkName('acme.corp.invalid'))?.message).toBe(refusal('acme.corp.invalid'))
    expect((await ct.checkName('ocsp.corp.invalid'))?.message).toBe(refusal('ocsp.corp.invalid'))
    expect((await ct.checkLiteral('169.254.169.254'))?.kind).toBe('link-local')
  })

  it('exempts an ACME directory for its own requests, and neither the CT service nor another directory', async () => {
    const corp = guard(serviceUrls(settings, CORP_ACME))
    expect(await corp.checkName('acme.corp.invalid')).toBeUndefined()
    expect((await corp.checkName('ct.corp.invalid'))?.message).toBe(refusal('ct.corp.invalid'))
    expect((await corp.checkName('acme-v02.api.letsencrypt.org'))?.message).toBe(refusal('acme-v02.api.letsencrypt.org', '127.0.0.1'))
    const letsEncrypt = guard(serviceUrls(settings, LETS_ENCRYPT))
    expect(await letsEncrypt.checkName('acme-v02.api.letsencrypt.org')).toBeUndefined()
    expect((await letsEncrypt.checkName('acme.corp.invalid'))?.message).toBe(refusal('acme.corp.invalid'))
  })

  it('exempts no URL the inputs do not name, not even one on a named host', () => {
    for (const url of ['https://ct.corp.invalid:8443/ocsp', 'https://ocsp.corp.invalid/', 'https://crt.sh/'])
      expect(() => serviceUrls(settings, url)).toThrow(new Error('only a service named in the inputs has its host exempt'))
  })
})
