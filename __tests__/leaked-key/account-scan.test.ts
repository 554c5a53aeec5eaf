import { describe, expect, it } from '@jest/globals'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { TransportError, type HttpAnswer } from '../../src/certcentral/transport.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import { findCertificatesWithKey, MAX_LISTED_ORDERS } from '../../src/leaked-key/account-scan.js'
import { issueCertificate } from '../../simulator/x509.js'

const clock: Clock = { now: () => 0, sleep: async () => undefined }
const leaked = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' }
})
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
        return {
          statusCode: 200,
          headers: {},
          body: JSON.stringify({ orders: page.map((id) => ({ id: id + 1, certificate: { id } })), page: { total: ids.length } })
        }
      }
      const download = /^\/certificate\/(\d+)\/download\/format\/pem_all$/.exec(path)
      if (download) {
        const id = Number(download[1])
        const key = carriers.includes(id) ? createPublicKey(leaked.publicKey) : generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
        return {
          statusCode: 200,
          headers: {},
          body: issueCertificate({ serialNumber: id.toString(16), commonName: `c${id}.example.test`, publicKey: key })
        }
      }
      return { statusCode: 404, headers: {}, body: '' }
    }
  }
  return { client, gets }
}

/** The CertCentral API over a fake transport, and the scan's options with the given index. */
const api = (client: { get(path: string): Promise<HttpAnswer> }) =>
  new CertCentralApi(
    { ...client, put: async () => Promise.reject(new Error('the scan revokes nothing')) },
    { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 2, random: () => 0 }
  )
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
    expect(second.gets.filter((g) => g.includes('/download/'))).toEqual([
      '/certificate/4/download/format/pem_all',
      '/certificate/2/download/format/pem_all'
    ])
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
    const failing = {
      get: async (path: string) =>
        path.includes('/2/download')
          ? { statusCode: 403, headers: {}, body: '{"errors":[{"code":"access_denied","message":"no"}]}' }
          : client.get(path)
    }
    const result = await findCertificatesWithKey(fingerprint, api(failing), options())
    expect(result.matches).toEqual(['1'])
    expect(result.unchecked).toEqual([{ id: '2', error: { code: 'access_denied', message: 'no', http_status: 403 } }])

    const refused = {
      get: async () => ({ statusCode: 401, headers: {}, body: '{"errors":[{"code":"access_denied|invalid_api_key","message":"bad key"}]}' })
    }
    expect((await findCertificatesWithKey(fingerprint, api(refused), options())).listingError).toEqual({
      code: 'access_denied|invalid_api_key',
      message: 'bad key',
      http_status: 401
    })
  })
})

describe('findCertificatesWithKey: what it counts and how it orders', () => {
  const known = '0'.repeat(64)
  const downloads = (gets: string[]) => gets.filter((g) => g.includes('/download/')).length

  it('counts the certificates checked and downloaded, and gives the matches in numeric order', async () => {
    const { client, gets } = account([100, 20, 10, 9], [100, 9, 10])
    const result = await findCertificatesWithKey(fingerprint, api(client), options(new Map([['20', known]])))
    expect(result).toEqual({ matches: ['9', '10', '100'], checked: 4, downloaded: 3, unchecked: [] })
    expect(downloads(gets)).toBe(3)
  })

  it('leaves out of both counts what it could not check, and gives those in numeric order', async () => {
    const { client } = account([20, 3, 100, 7], [7])
    const failing = {
      get: async (path: string): Promise<HttpAnswer> => {
        if (path.includes('/20/download'))
          return { statusCode: 403, headers: {}, body: '{"errors":[{"code":"access_denied","message":"no"}]}' }
        if (path.includes('/3/download')) return { statusCode: 200, headers: {}, body: 'not a certificate' }
        if (path.includes('/100/download')) throw new TransportError('connection reset', false)
        return client.get(path)
      }
    }
    const result = await findCertificatesWithKey(fingerprint, api(failing), options())
    expect(result).toEqual({
      matches: ['7'],
      checked: 1,
      downloaded: 1,
      unchecked: [
        {
          id: '3',
          error: {
            code: null,
            message: 'the download could not be read as a certificate (the download holds no certificate)',
            http_status: 200
          }
        },
        { id: '20', error: { code: 'access_denied', message: 'no', http_status: 403 } },
        { id: '100', error: { code: null, message: 'connection failed after 2 attempts: connection reset', http_status: null } }
      ]
    })
  })

  it('does not take a match from the index on trust: it downloads it again, and drops it if the key is not there', async () => {
    const { client, gets } = account([5, 6], [])
    const index = new Map([
      ['5', fingerprint],
      ['6', known]
    ])
    const result = await findCertificatesWithKey(fingerprint, api(client), options(index))
    expect(result).toEqual({ matches: [], checked: 2, downloaded: 0, unchecked: [] })
    expect(gets.filter((g) => g.includes('/download/'))).toEqual(['/certificate/5/download/format/pem_all'])
    expect(index.get('5')).not.toBe(fingerprint)
  })

  it('counts a match it could not confirm as unchecked', async () => {
    const { client } = account([5, 6], [5])
    const failing = {
      get: async (path: string) => (path.includes('/5/download') ? { statusCode: 503, headers: {}, body: '' } : client.get(path))
    }
    const result = await findCertificatesWithKey(fingerprint, api(failing), options(new Map([['5', fingerprint]])))
    expect(result).toEqual({
      matches: [],
      checked: 1,
      downloaded: 1,
      unchecked: [{ id: '5', error: { code: null, message: 'HTTP 503 with an empty body', http_status: 503 } }]
    })
  })

  it('says what it will download, and how far it got', async () => {
    const log: string[] = []
    const { client } = account([1, 2, 3, 4, 5], [])
    await findCertificatesWithKey(fingerprint, api(client), {
      index: new Map([['1', known]]),
      log: (line: string) => log.push(line),
      progressEvery: 2,
      concurrency: 1
    })
    expect(log).toEqual([
      'Key scan: 5 issued certificates in the account, 1 known from the index, 4 to download.',
      'Key scan: 2 of 4 certificates downloaded.'
    ])
    const one: string[] = []
    await findCertificatesWithKey(fingerprint, api(account([1], []).client), { index: new Map(), log: (line: string) => one.push(line) })
    expect(one).toEqual(['Key scan: 1 issued certificate in the account, 0 known from the index, 1 to download.'])
  })

  it('downloads at most `concurrency` certificates at once', async () => {
    const { client } = account([1, 2, 3, 4, 5, 6], [])
    let inFlight = 0
    let peak = 0
    const slow = {
      get: async (path: string) => {
        peak = Math.max(peak, ++inFlight)
        await new Promise((resolve) => setTimeout(resolve, 2))
        inFlight--
        return client.get(path)
      }
    }
    await findCertificatesWithKey(fingerprint, api(slow), { index: new Map(), concurrency: 2 })
    expect(peak).toBe(2)
  })
})

describe('findCertificatesWithKey: the order list', () => {
  /** A listing that answers each page from `pages` in turn (then an empty page), recording the offsets asked for. */
  function listing(...pages: { ids: number[]; total?: number; extraOrders?: number }[]) {
    const offsets: number[] = []
    const get = async (path: string): Promise<HttpAnswer> => {
      const list = /offset=(\d+)&limit=(\d+)$/.exec(path)
      if (!list) return account([], []).client.get(path)
      offsets.push(Number(list[1]))
      const page = pages.shift() ?? { ids: [] }
      const orders = [...page.ids.map((id) => ({ certificate: { id } })), ...Array.from({ length: page.extraOrders ?? 0 }, () => ({}))]
      return {
        statusCode: 200,
        headers: {},
        body: JSON.stringify({ orders, ...(page.total === undefined ? {} : { page: { total: page.total } }) })
      }
    }
    return { get, offsets }
  }
  const known = (ids: number[]) => new Map(ids.map((id) => [String(id), '0'.repeat(64)]))

  it('asks for each page from the number of orders received so far, until the total', async () => {
    const { get, offsets } = listing({ ids: [1, 2], total: 5, extraOrders: 1 }, { ids: [4, 5], total: 5 })
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options(known([1, 2, 4, 5])))
    expect(offsets).toEqual([0, 3])
    expect(result).toEqual({ matches: [], checked: 4, downloaded: 0, unchecked: [] })
  })

  it('stops at an empty page', async () => {
    const { get, offsets } = listing({ ids: [1], total: 10 }, { ids: [], total: 10 })
    expect(await findCertificatesWithKey(fingerprint, api({ get }), options(known([1])))).toMatchObject({ checked: 1 })
    expect(offsets).toEqual([0, 1])
  })

  it('without a total, reads on after a full page and stops after a short one', async () => {
    const full = Array.from({ length: 1000 }, (_, i) => i + 1)
    const { get, offsets } = listing({ ids: full }, { ids: [1001] }, { ids: [1002] })
    expect(await findCertificatesWithKey(fingerprint, api({ get }), options(known([...full, 1001])))).toMatchObject({ checked: 1001 })
    expect(offsets).toEqual([0, 1000])
  })

  it('refuses a listing that repeats itself, or claims more orders than any account holds', async () => {
    const repeated = listing({ ids: [1, 2], total: 10 }, { ids: [1, 2], total: 10 })
    expect((await findCertificatesWithKey(fingerprint, api({ get: repeated.get }), options(known([1, 2])))).listingError).toEqual({
      code: null,
      message: 'the order list repeated orders it had already listed (page 2)',
      http_status: 200
    })
    const huge = listing({ ids: [1], total: MAX_LISTED_ORDERS + 1 })
    expect(await findCertificatesWithKey(fingerprint, api({ get: huge.get }), options())).toEqual({
      matches: [],
      checked: 0,
      downloaded: 0,
      unchecked: [],
      listingError: {
        code: null,
        message: `the order list claims ${MAX_LISTED_ORDERS + 1} orders, more than any account holds`,
        http_status: 200
      }
    })
    expect(MAX_LISTED_ORDERS).toBe(1_000_000)
    const most = listing({ ids: [1], total: MAX_LISTED_ORDERS }, { ids: [] })
    expect((await findCertificatesWithKey(fingerprint, api({ get: most.get }), options(known([1])))).listingError).toBeUndefined()
  })

  it('gives up on a listing that is not JSON, or cannot be reached', async () => {
    const html = { get: async () => ({ statusCode: 200, headers: {}, body: '<html>maintenance</html>' }) }
    expect((await findCertificatesWithKey(fingerprint, api(html), options())).listingError).toEqual({
      code: null,
      message: 'the order list could not be read as JSON',
      http_status: 200
    })
    const down = {
      get: async (): Promise<HttpAnswer> => {
        throw new TransportError('connection refused', false)
      }
    }
    expect((await findCertificatesWithKey(fingerprint, api(down), options())).listingError).toEqual({
      code: null,
      message: 'connection failed after 2 attempts: connection refused',
      http_status: null
    })
  })
})
