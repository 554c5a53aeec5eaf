import { describe, expect, it } from '@jest/globals'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { CertCentralApi } from '../../src/certcentral/api.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import { findCertificatesWithKey } from '../../src/leaked-key/account-scan.js'
import { issueCertificate } from '../../simulator/x509.js'

const clock: Clock = { now: () => 0, sleep: async () => undefined }
const leaked = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
const fingerprint = identifyPrivateKey(leaked.privateKey).fingerprint

/** A fake account: certificate IDs, which carry the leaked key, served as CertCentral would, page by page. */
function account(ids: number[], carriers: number[], pageSize = 1000) {
  const gets: string[] = []
  const client = {
    get: async (path: string): Promise<HttpAnswer> => {
      gets.push(path)
      const list = /^\/order\/certificate\?filters\[status\]=issued&offset=(\d+)&limit=(\d+)$/.exec(path)
      if (list) {
        const offset = Number(list[1])
        const page = ids.slice(offset, offset + Math.min(pageSize, Number(list[2])))
        return { statusCode: 200, headers: {}, body: JSON.stringify({ orders: page.map((id) => ({ id: id + 1, certificate: { id } })), page: { total: ids.length } }) }
      }
      const download = /^\/certificate\/(\d+)\/download\/format\/pem_all$/.exec(path)
      if (download) {
        const id = Number(download[1])
        const key = carriers.includes(id) ? createPublicKey(leaked.publicKey) : generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
        return { statusCode: 200, headers: {}, body: issueCertificate({ serialNumber: id.toString(16), commonName: `c${id}.example.test`, publicKey: key }) }
      }
      return { statusCode: 404, headers: {}, body: '' }
    }
  }
  return { client, gets }
}

/** The CertCentral API over a fake transport, and the scan's options with the given index. */
const api = (client: { get(path: string): Promise<HttpAnswer> }) =>
  new CertCentralApi({ ...client, put: async () => Promise.reject(new Error('the scan revokes nothing')) }, { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 2, random: () => 0 })
const options = (index = new Map<string, string>()) => ({ index })

describe('findCertificatesWithKey', () => {
  it('finds every carrier of the key, ascending, and fills the index', async () => {
    const { client, gets } = account([30, 10, 20, 40], [40, 10])
    const index = new Map<string, string>()
    const result = await findCertificatesWithKey(fingerprint, api(client), options(index))
    expect(result).toEqual({ matches: ['10', '40'], checked: 4, downloaded: 4, unchecked: [] })
    expect(index.size).toBe(4)
    expect(gets.filter((g) => g.includes('/download/'))).toHaveLength(4)
  })

  it('downloads only what the index does not know', async () => {
    const first = account([1, 2, 3], [2])
    const index = new Map<string, string>()
    await findCertificatesWithKey(fingerprint, api(first.client), options(index))
    const second = account([1, 2, 3, 4], [2, 4])
    const result = await findCertificatesWithKey(fingerprint, api(second.client), options(index))
    // The new certificate, and the known match, confirmed by download before it is revoked.
    expect(second.gets.filter((g) => g.includes('/download/'))).toEqual(['/certificate/4/download/format/pem_all', '/certificate/2/download/format/pem_all'])
    expect(result).toMatchObject({ matches: ['2', '4'], checked: 4, downloaded: 1 })
  })

  it('follows the pages of the order list', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => i + 1)
    const { client, gets } = account(ids, [2500])
    const index = new Map(ids.slice(0, 2499).map((id) => [String(id), '0'.repeat(64)]))
    const result = await findCertificatesWithKey(fingerprint, api(client), options(index))
    expect(gets.filter((g) => g.startsWith('/order/'))).toHaveLength(3)
    expect(result.matches).toEqual(['2500'])
  })

  it('reports certificates it could not check, and a listing it could not get', async () => {
    const { client } = account([1, 2], [1])
    const failing = { get: async (path: string) => (path.includes('/2/download') ? { statusCode: 403, headers: {}, body: '{"errors":[{"code":"access_denied","message":"no"}]}' } : client.get(path)) }
    const result = await findCertificatesWithKey(fingerprint, api(failing), options())
    expect(result.matches).toEqual(['1'])
    expect(result.unchecked).toEqual([{ id: '2', error: { code: 'access_denied', message: 'no', http_status: 403 } }])

    const refused = { get: async () => ({ statusCode: 401, headers: {}, body: '{"errors":[{"code":"access_denied|invalid_api_key","message":"bad key"}]}' }) }
    expect((await findCertificatesWithKey(fingerprint, api(refused), options())).listingError).toEqual({ code: 'access_denied|invalid_api_key', message: 'bad key', http_status: 401 })
  })
})
