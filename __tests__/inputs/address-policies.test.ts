/** The run's address rule: made from the settings in one place, the same object for every request of the run. */
import { describe, expect, it } from '@jest/globals'
import { AddressGuard } from '../../src/ca/addresses.js'
import { addressPolicy } from '../../src/inputs/address-policies.js'
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

describe('addressPolicy', () => {
  it('is base-url, with the hosts of ct-search-url and of every ACME directory exempt: one object per run', () => {
    expect(addressPolicy(settings)).toStrictEqual({ baseUrl: BASE_URL, exemptHosts: [CT, LETS_ENCRYPT, CORP_ACME] })
    expect(addressPolicy(settings)).toBe(addressPolicy(settings))
    const other = testSettings({ baseUrl: 'http://127.0.0.1:9/services/v2' })
    expect(addressPolicy(other)).toStrictEqual({ baseUrl: 'http://127.0.0.1:9/services/v2', exemptHosts: ['https://crt.sh/'] })
    expect(addressPolicy(other)).not.toBe(addressPolicy(settings))
  })

  it('opens the named hosts, whatever asks (an internal mirror, an ACME server and its CA), and no other', async () => {
    const run = guard(addressPolicy(settings))
    expect(await run.checkName('ct.corp.invalid')).toBeUndefined()
    expect(await run.checkName('acme.corp.invalid')).toBeUndefined()
    expect(await run.checkName('acme-v02.api.letsencrypt.org')).toBeUndefined()
    expect(await run.checkName('api.digicert.invalid')).toBeUndefined()
    expect((await run.checkName('ocsp.corp.invalid'))?.message).toBe(
      'refused ocsp.corp.invalid, at 10.1.2.3: a private address, and only public ones are asked'
    )
    expect((await run.checkLiteral('169.254.169.254'))?.kind).toBe('link-local')
  })
})
