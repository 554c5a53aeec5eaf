import { beforeAll, describe, expect, it } from '@jest/globals'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { TransportError, type HttpAnswer } from '../../src/certcentral/transport.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import { findCertificatesWithKey, MAX_LISTED_ORDERS } from '../../src/leaked-key/account-scan.js'
import { emptyIndex, type CertificateIndex } from '../../src/leaked-key/certificate-index.js'
import { CA_CERTIFICATE, issueCertificate } from '../../simulator/x509.js'
import { answers, FakeCertCentral, orderOf } from '../support/fake-certcentral.js'

const clock: Clock = { now: () => 0, sleep: async () => undefined }
const leaked = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' }
})
const leakedPublic = () => createPublicKey(leaked.publicKey)
// Read in a hook, not at load: a fault there fails the tests instead of the file (which Stryker does not count).
let fingerprint: string
beforeAll(() => {
  fingerprint = identifyPrivateKey(leaked.privateKey).fingerprint
})
const LISTING = '/order/certificate?sort=order_id&offset=0&limit=1000'
const download = (id: number | string) => `/certificate/${id}/download/format/pem_all`
const aLeaf = expect.stringMatching(/^-----BEGIN CERTIFICATE-----[\s\S]*-----END CERTIFICATE-----$/)

/**
 * A fake account: certificate IDs, which carry the leaked key, served as CertCentral would, page by page. Each is
 * the primary certificate of its own order (its ID plus one), which says it has no duplicates and no reissues.
 */
function account(ids: number[], carriers: number[], pageSize = 1000) {
  const gets: string[] = []
  const client = {
    get: async (path: string): Promise<HttpAnswer> => {
      gets.push(path)
      const list = /^\/order\/certificate\?sort=order_id&offset=(\d+)&limit=(\d+)$/.exec(path)
      if (list) {
        const offset = Number(list[1])
        const page = ids.slice(offset, offset + Math.min(pageSize, Number(list[2])))
        const orders = page.map((id) => ({ id: id + 1, certificate: { id }, duplicates_count: 0, reissues_count: 0 }))
        return { statusCode: 200, headers: {}, body: JSON.stringify({ orders, page: { total: ids.length } }) }
      }
      const download = /^\/certificate\/(\d+)\/download\/format\/pem_all$/.exec(path)
      if (download) {
        const id = Number(download[1])
        const key = carriers.includes(id) ? leakedPublic() : generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
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
    { get: (path) => client.get(path), put: async () => Promise.reject(new Error('the scan revokes nothing')) },
    { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 2, random: () => 0 }
  )
const options = (index = emptyIndex()) => ({ index })
/** An index that knows these certificates, with the given fingerprint (one that is not the leaked key's by default). */
const indexOf = (ids: (number | string)[], spki = '0'.repeat(64)): CertificateIndex => ({
  certificates: new Map(ids.map((id) => [String(id), { spki, notAfter: '2099-01-01T00:00:00.000Z' }])),
  orders: new Map()
})
const chainsOf = (...ids: string[]) => new Map(ids.map((id) => [id, { leaf: aLeaf }]))

describe('findCertificatesWithKey', () => {
  it('finds every carrier of the key, ascending, and fills the index', async () => {
    const { client, gets } = account([30, 10, 20, 40], [40, 10])
    const index = emptyIndex()
    const result = await findCertificatesWithKey(fingerprint, api(client), options(index))
    expect(result).toEqual({
      matches: ['10', '40'],
      expired: [],
      chains: chainsOf('10', '40'),
      checked: 4,
      downloaded: 4,
      requests: 5,
      unchecked: []
    })
    expect(index.certificates.size).toBe(4)
    expect(index.certificates.get('10')).toEqual({
      spki: fingerprint,
      notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
    })
    expect(gets.filter((g) => g.includes('/download/'))).toHaveLength(4)
  })

  it('downloads only what the index does not know', async () => {
    const first = account([1, 2, 3], [2])
    const index = emptyIndex()
    await findCertificatesWithKey(fingerprint, api(first.client), options(index))
    const second = account([1, 2, 3, 4], [2, 4])
    const result = await findCertificatesWithKey(fingerprint, api(second.client), options(index))
    // The new certificate, and the known match, confirmed by download before it is revoked.
    expect(second.gets.filter((g) => g.includes('/download/'))).toEqual([download(4), download(2)])
    expect(result).toMatchObject({ matches: ['2', '4'], checked: 4, downloaded: 1, requests: 3 })
  })

  it('follows the pages of the order list', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => i + 1)
    const { client, gets } = account(ids, [2500])
    const result = await findCertificatesWithKey(fingerprint, api(client), options(indexOf(ids.slice(0, 2499))))
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
  const downloads = (gets: string[]) => gets.filter((g) => g.includes('/download/')).length

  it('counts the certificates checked and downloaded, and gives the matches in numeric order', async () => {
    const { client, gets } = account([100, 20, 10, 9], [100, 9, 10])
    const result = await findCertificatesWithKey(fingerprint, api(client), options(indexOf([20])))
    expect(result).toEqual({
      matches: ['9', '10', '100'],
      expired: [],
      chains: chainsOf('100', '10', '9'),
      checked: 4,
      downloaded: 3,
      requests: 4,
      unchecked: []
    })
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
      expired: [],
      chains: chainsOf('7'),
      checked: 1,
      downloaded: 1,
      // The listing, four downloads; the request that failed twice counts once.
      requests: 5,
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
    const index = indexOf([6])
    index.certificates.set('5', { spki: fingerprint, notAfter: '2099-01-01T00:00:00.000Z' })
    const result = await findCertificatesWithKey(fingerprint, api(client), options(index))
    expect(result).toEqual({ matches: [], expired: [], chains: new Map(), checked: 2, downloaded: 0, requests: 2, unchecked: [] })
    expect(gets.filter((g) => g.includes('/download/'))).toEqual([download(5)])
    expect(index.certificates.get('5')?.spki).not.toBe(fingerprint)
  })

  it('counts a match it could not confirm as unchecked', async () => {
    const { client } = account([5, 6], [5])
    const failing = {
      get: async (path: string) => (path.includes('/5/download') ? { statusCode: 503, headers: {}, body: '' } : client.get(path))
    }
    const result = await findCertificatesWithKey(fingerprint, api(failing), options(indexOf([5], fingerprint)))
    expect(result).toEqual({
      matches: [],
      expired: [],
      chains: new Map(),
      checked: 1,
      downloaded: 1,
      requests: 3,
      unchecked: [{ id: '5', error: { code: null, message: 'HTTP 503 with an empty body', http_status: 503 } }]
    })
  })

  it('says what it will download', async () => {
    const log: string[] = []
    const { client } = account([1, 2, 3, 4, 5], [])
    await findCertificatesWithKey(fingerprint, api(client), { index: indexOf([1]), log: (line: string) => log.push(line) })
    expect(log).toEqual([
      'Key scan: 5 orders listed, 5 orders that may hold a valid certificate, 5 certificates (0 orders with duplicates or reissues listed); 1 known from the index, 4 to download.'
    ])
  })

  it('logs its progress whenever progressEveryMs have passed since the start or the last line, after a request', async () => {
    const log: string[] = []
    const { client } = account([1, 2, 3, 4, 5], [])
    // The clock moves 10 s at each reading: the scan reads it once at the start and once after each request.
    let time = 0
    const now = () => (time += 10_000)
    await findCertificatesWithKey(fingerprint, api(client), {
      index: indexOf([1]),
      log: (line: string) => log.push(line),
      now,
      progressEveryMs: 30_000,
      concurrency: 1
    })
    expect(log).toEqual([
      'Key scan: 5 orders listed, 5 orders that may hold a valid certificate, 5 certificates (0 orders with duplicates or reissues listed); 1 known from the index, 4 to download.',
      'Key scan in progress: 5 of 5 orders listed, 2 certificates checked, 3 CertCentral requests made.'
    ])
    // Four requests, two readings of the clock per line due: at exactly progressEveryMs a line is due, just under it not.
    for (const [step, lines] of [
      [15_000, 2],
      [14_999, 1]
    ]) {
      const more: string[] = []
      let clock = 0
      await findCertificatesWithKey(fingerprint, api(account([1, 2, 3], []).client), {
        index: emptyIndex(),
        log: (line: string) => more.push(line),
        now: () => (clock += step),
        progressEveryMs: 30_000,
        concurrency: 1
      })
      expect(more.filter((line) => line.startsWith('Key scan in progress'))).toHaveLength(lines)
    }
    // Without a total, it says how many orders so far; with one order, in the singular.
    const single: string[] = []
    let tick = 0
    const noTotal = {
      get: async (path: string): Promise<HttpAnswer> =>
        path.includes('offset=0&')
          ? { statusCode: 200, headers: {}, body: '{"orders":[{"id":2,"certificate":{"id":1},"duplicates_count":0,"reissues_count":0}]}' }
          : path.startsWith('/order/')
            ? { statusCode: 200, headers: {}, body: '{}' }
            : account([1], []).client.get(path)
    }
    await findCertificatesWithKey(fingerprint, api(noTotal), {
      index: indexOf([1]),
      log: (line: string) => single.push(line),
      now: () => (tick += 30_000),
      concurrency: 1
    })
    expect(single).toEqual([
      'Key scan in progress: 0 orders listed, 0 certificates checked, 1 CertCentral request made.',
      'Key scan in progress: 1 order listed, 0 certificates checked, 2 CertCentral requests made.',
      'Key scan: 1 order listed, 1 order that may hold a valid certificate, 1 certificate (0 orders with duplicates or reissues listed); 1 known from the index, 0 to download.'
    ])
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
    await findCertificatesWithKey(fingerprint, api(slow), { index: emptyIndex(), concurrency: 2 })
    expect(peak).toBe(2)
  })
})

describe('findCertificatesWithKey: the order list', () => {
  /** A listing that answers each page from `pages` in turn (then an empty page), recording the offsets asked for. */
  function listing(...pages: { ids: number[]; total?: number; extraOrders?: number }[]) {
    const offsets: number[] = []
    const get = async (path: string): Promise<HttpAnswer> => {
      const list = /^\/order\/certificate\?sort=order_id&offset=(\d+)&limit=(\d+)$/.exec(path)
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

  it('asks for each page from the number of orders received so far, until the total', async () => {
    const { get, offsets } = listing({ ids: [1, 2], total: 5, extraOrders: 1 }, { ids: [4, 5], total: 5 })
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options(indexOf([1, 2, 4, 5])))
    expect(offsets).toEqual([0, 3])
    // The order without any ID counts as received, and makes the scan incomplete: it may hold the key.
    expect(result).toEqual({
      matches: [],
      expired: [],
      chains: new Map(),
      checked: 4,
      downloaded: 0,
      requests: 2,
      unchecked: [
        { id: 'order list', error: { code: null, message: '1 order came without an order ID or a certificate ID', http_status: 200 } }
      ]
    })
  })

  it('reads pages shorter than asked on to the total', async () => {
    const certcentral = new FakeCertCentral()
    for (const id of [10, 20, 30, 40, 50]) certcentral.addCertificate(id, id === 50 ? leakedPublic() : undefined)
    certcentral.pageCap = 2
    const result = await findCertificatesWithKey(fingerprint, api(certcentral), options())
    expect(certcentral.gets().filter((g) => g.startsWith('/order/'))).toEqual(
      [0, 2, 4].map((offset) => LISTING.replace('offset=0', `offset=${offset}`))
    )
    expect(result).toMatchObject({ matches: ['50'], checked: 5, requests: 8 })
  })

  it('stops at an empty page', async () => {
    const { get, offsets } = listing({ ids: [1], total: 10 }, { ids: [], total: 10 })
    expect(await findCertificatesWithKey(fingerprint, api({ get }), options(indexOf([1])))).toMatchObject({ checked: 1 })
    expect(offsets).toEqual([0, 1])
  })

  it('without a total it believes, reads on until an empty page, whatever the size of the pages', async () => {
    for (const total of [undefined, null, '', false, -1, 'many', '3', 2.5]) {
      const { get, offsets } = listing(
        { ids: [1, 2], total: total as number },
        { ids: [3], total: total as number },
        { ids: [4], total: total as number }
      )
      const result = await findCertificatesWithKey(fingerprint, api({ get }), options(indexOf([1, 2, 3, 4])))
      expect(result).toMatchObject({ checked: 4, unchecked: [], requests: 4 })
      expect(result.listingError).toBeUndefined()
      expect(offsets).toEqual([0, 2, 3, 4])
    }
  })

  it('reads on to the largest total it was given, so that a total that shrinks does not end the listing early', async () => {
    const { get, offsets } = listing(
      { ids: [1, 2], total: 6 },
      { ids: [3, 4], total: 2 },
      { ids: [5], total: 'x' as unknown as number },
      { ids: [6] }
    )
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options(indexOf([1, 2, 3, 4, 5, 6])))
    expect(result).toMatchObject({ checked: 6, requests: 4, unchecked: [] })
    expect(offsets).toEqual([0, 2, 4, 5])
    // A total of 0 on the first page, then orders: past its own total.
    const zero = listing({ ids: [], total: 0, extraOrders: 0 }, { ids: [1] })
    expect(await findCertificatesWithKey(fingerprint, api({ get: zero.get }), options())).toMatchObject({ checked: 0, requests: 1 })
  })

  it('refuses a listing that goes on past its own total', async () => {
    const over = listing({ ids: [1, 2], total: 3 }, { ids: [3, 4], total: 3 })
    expect((await findCertificatesWithKey(fingerprint, api({ get: over.get }), options(indexOf([1, 2, 3, 4])))).listingError).toEqual({
      code: null,
      message: 'the order list went on past its own total of 3 orders (page 2)',
      http_status: 200
    })
    const oneTooMany = listing({ ids: [1, 2], total: 1 })
    expect((await findCertificatesWithKey(fingerprint, api({ get: oneTooMany.get }), options())).listingError).toEqual({
      code: null,
      message: 'the order list went on past its own total of 1 orders (page 1)',
      http_status: 200
    })
    const exactly = listing({ ids: [1, 2], total: 2 })
    expect(await findCertificatesWithKey(fingerprint, api({ get: exactly.get }), options(indexOf([1, 2])))).toMatchObject({
      checked: 2,
      requests: 1
    })
  })

  it('refuses a listing that repeats itself, or claims more orders than any account holds', async () => {
    const repeated = listing({ ids: [1, 2], total: 10 }, { ids: [1, 2], total: 10 })
    expect((await findCertificatesWithKey(fingerprint, api({ get: repeated.get }), options(indexOf([1, 2])))).listingError).toEqual({
      code: null,
      message: 'the order list repeated orders it had already listed (page 2)',
      http_status: 200
    })
    const huge = listing({ ids: [1], total: MAX_LISTED_ORDERS + 1 })
    expect(await findCertificatesWithKey(fingerprint, api({ get: huge.get }), options())).toEqual({
      matches: [],
      expired: [],
      chains: new Map(),
      checked: 0,
      downloaded: 0,
      requests: 1,
      unchecked: [],
      listingError: {
        code: null,
        message: `the order list claims ${MAX_LISTED_ORDERS + 1} orders, more than any account holds`,
        http_status: 200
      }
    })
    expect(MAX_LISTED_ORDERS).toBe(1_000_000)
    const most = listing({ ids: [1], total: MAX_LISTED_ORDERS }, { ids: [] })
    expect((await findCertificatesWithKey(fingerprint, api({ get: most.get }), options(indexOf([1])))).listingError).toBeUndefined()
  })

  it('ends the listing at a page of orders none of which has an ID (it cannot be told from a repeat), incomplete', async () => {
    const unreadable = listing({ ids: [1], total: 10 }, { ids: [], extraOrders: 2, total: 10 }, { ids: [2], total: 10 })
    const result = await findCertificatesWithKey(fingerprint, api({ get: unreadable.get }), options(indexOf([1, 2])))
    expect(unreadable.offsets).toEqual([0, 1])
    expect(result).toMatchObject({
      checked: 1,
      unchecked: [
        {
          id: 'order list',
          error: {
            code: null,
            message:
              '2 orders came without an order ID or a certificate ID, and it was read no further than page 2, which held no order with an ID',
            http_status: 200
          }
        }
      ]
    })
    expect(result.listingError).toBeUndefined()
    // Orders that hold no certificate, without an ID: not counted as unchecked, but the listing still ends there.
    const skipped = {
      get: async (path: string): Promise<HttpAnswer> =>
        path.includes('offset=0&')
          ? { statusCode: 200, headers: {}, body: '{"orders":[{"status":"pending"}],"page":{"total":5}}' }
          : unreadable.get(path)
    }
    expect((await findCertificatesWithKey(fingerprint, api(skipped), options())).unchecked).toEqual([
      {
        id: 'order list',
        error: {
          code: null,
          message:
            '0 orders came without an order ID or a certificate ID, and it was read no further than page 1, which held no order with an ID',
          http_status: 200
        }
      }
    ])
  })

  it('reads a listing of exactly the most orders any account holds, and refuses one that goes on past it', async () => {
    // One order with a certificate, then entries that are not orders: they count as received, and cost nothing.
    const pageOf = (received: number) => `{"orders":[{"certificate":{"id":1}}${',0'.repeat(received - 1)}]}`
    const pages = (...bodies: string[]) => {
      const offsets: number[] = []
      const get = async (path: string): Promise<HttpAnswer> => {
        offsets.push(Number(/offset=(\d+)/.exec(path)?.[1]))
        return { statusCode: 200, headers: {}, body: bodies.shift() ?? '{"orders":[]}' }
      }
      return { get, offsets }
    }
    const most = pages(pageOf(MAX_LISTED_ORDERS))
    const read = await findCertificatesWithKey(fingerprint, api({ get: most.get }), options(indexOf([1])))
    expect(read).toMatchObject({
      checked: 1,
      unchecked: [{ id: 'order list', error: { message: `${MAX_LISTED_ORDERS - 1} orders came without an order ID or a certificate ID` } }]
    })
    expect(read.listingError).toBeUndefined()
    expect(most.offsets).toEqual([0, MAX_LISTED_ORDERS])

    const past = pages(pageOf(MAX_LISTED_ORDERS + 1))
    expect((await findCertificatesWithKey(fingerprint, api({ get: past.get }), options(indexOf([1])))).listingError).toEqual({
      code: null,
      message: `the order list went on past ${MAX_LISTED_ORDERS} orders, more than any account holds`,
      http_status: 200
    })
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

describe('findCertificatesWithKey: every certificate of every order', () => {
  const list = (orderId: number, kind: 'duplicate' | 'reissue') => `/order/certificate/${orderId}/${kind}?show_archived=true`
  const scan = (certcentral: FakeCertCentral, index = emptyIndex()) =>
    findCertificatesWithKey(fingerprint, api(certcentral), options(index))

  it('finds a duplicate that carries the key, and leaves its primary, which does not, out of the matches', async () => {
    const certcentral = new FakeCertCentral().addCertificate(10).addDuplicate(orderOf(10), 12, leakedPublic()).addCertificate(20)
    const result = await scan(certcentral)
    expect(result).toEqual({
      matches: ['12'],
      expired: [],
      chains: chainsOf('12'),
      checked: 3,
      downloaded: 3,
      requests: 5,
      unchecked: []
    })
    // Only the order that has duplicates is asked for them, and only for them: it says it has no reissues.
    expect(certcentral.gets()).toEqual([LISTING, list(11, 'duplicate'), download(10), download(20), download(12)])
  })

  it('finds an earlier reissue that carries the key, and downloads the primary that its list repeats once', async () => {
    const certcentral = new FakeCertCentral().addCertificate(20).addReissue(orderOf(20), 19, leakedPublic())
    const result = await scan(certcentral)
    expect(result).toMatchObject({ matches: ['19'], checked: 2, downloaded: 2, requests: 4, unchecked: [] })
    expect(certcentral.gets()).toEqual([LISTING, list(21, 'reissue'), download(20), download(19)])
  })

  it('reads both lists of an order that does not say whether it has duplicates or reissues', async () => {
    const certcentral = new FakeCertCentral().addCertificate(30).addDuplicate(orderOf(30), 32, leakedPublic()).addReissue(orderOf(30), 29)
    certcentral.orderFields = 'none'
    const result = await scan(certcentral)
    expect(certcentral.gets().filter((g) => !g.includes('/download/'))).toEqual([LISTING, list(31, 'duplicate'), list(31, 'reissue')])
    expect(result).toMatchObject({ matches: ['32'], checked: 3, downloaded: 3, requests: 6, unchecked: [] })
  })

  it('reads the list an order says it has, from has_duplicates or has_reissues alone', async () => {
    const certcentral = new FakeCertCentral().addCertificate(30).addReissue(orderOf(30), 29, leakedPublic()).addCertificate(40)
    certcentral.orderFields = 'has'
    const result = await scan(certcentral)
    expect(certcentral.gets().filter((g) => !g.includes('/download/'))).toEqual([LISTING, list(31, 'reissue')])
    expect(result).toMatchObject({ matches: ['29'], checked: 3, unchecked: [] })
  })

  // has_* says there are some, not how many: only *_count can tell that an order is unchanged, so such an order
  // is not recorded in the index, and its lists are read on every scan.
  it('finds a new duplicate on an old order that only says has_duplicates', async () => {
    const certcentral = new FakeCertCentral().addCertificate(10).addDuplicate(orderOf(10), 12)
    certcentral.orderFields = 'has'
    const index = emptyIndex()
    expect(await scan(certcentral, index)).toMatchObject({ matches: [], unchecked: [] })
    expect(index.orders).toEqual(new Map())

    certcentral.addDuplicate(orderOf(10), 14, leakedPublic())
    certcentral.calls.length = 0
    expect(await scan(certcentral, index)).toMatchObject({ matches: ['14'], unchecked: [] })
    expect(certcentral.gets()).toEqual([LISTING, list(11, 'duplicate'), download(14)])
  })

  it('asks an order whose counts are 0 for no list', async () => {
    const certcentral = new FakeCertCentral().addCertificate(10).addCertificate(20, leakedPublic())
    const result = await scan(certcentral)
    expect(certcentral.gets()).toEqual([LISTING, download(10), download(20)])
    expect(result).toMatchObject({ matches: ['20'], requests: 3 })
  })

  it('scans an unchanged account again with the listing, the lists, and one confirming download per match', async () => {
    const certcentral = new FakeCertCentral()
      .addCertificate(10)
      .addDuplicate(orderOf(10), 12, leakedPublic())
      .addDuplicate(orderOf(10), 13)
      .addCertificate(20, leakedPublic())
      .addReissue(orderOf(20), 18)
      .addCertificate(30)
    const index = emptyIndex()
    const cold = await scan(certcentral, index)
    expect(cold).toMatchObject({ matches: ['12', '20'], checked: 6, downloaded: 6, requests: 9, unchecked: [] })
    // The index keeps certificates only: what an order holds is listed again on every scan.
    expect(index.orders).toEqual(new Map())

    certcentral.calls.length = 0
    const warm = await scan(certcentral, index)
    expect(certcentral.gets()).toEqual([LISTING, list(11, 'duplicate'), list(21, 'reissue'), download(20), download(12)])
    expect(warm).toEqual({
      matches: ['12', '20'],
      expired: [],
      chains: chainsOf('12', '20'),
      checked: 6,
      downloaded: 0,
      requests: 5,
      unchecked: []
    })
  })

  it('finds a duplicate that replaced another, the counts unchanged, and costs one download for it', async () => {
    const certcentral = new FakeCertCentral()
      .addCertificate(10)
      .addDuplicate(orderOf(10), 12)
      .addCertificate(20)
      .addReissue(orderOf(20), 18)
    const index = emptyIndex()
    expect(await scan(certcentral, index)).toMatchObject({ matches: [], unchecked: [] })

    certcentral.replaceDuplicate(orderOf(10), 12, 14, leakedPublic())
    certcentral.calls.length = 0
    // What an earlier version recorded of the order, unchanged counts included, skips nothing, and is dropped.
    index.orders.set('11', { duplicates: 1, reissues: 0, certificates: ['10', '12'] })
    const result = await scan(certcentral, index)
    expect(certcentral.gets()).toEqual([LISTING, list(11, 'duplicate'), list(21, 'reissue'), download(14)])
    expect(result).toMatchObject({ matches: ['14'], checked: 4, downloaded: 1, requests: 4, unchecked: [] })
    expect(index.orders).toEqual(new Map())
  })

  it('leaves an order whose duplicate list fails unchecked, so that the scan is incomplete, and asks for it again next time', async () => {
    const certcentral = new FakeCertCentral()
      .addCertificate(10)
      .addDuplicate(orderOf(10), 12, leakedPublic())
      .addCertificate(20, leakedPublic())
    certcentral.getAnswers.set(list(11, 'duplicate'), answers.error(500, 'internal_error', 'Try later.'))
    const index = emptyIndex()
    const result = await scan(certcentral, index)
    expect(result).toEqual({
      matches: ['20'],
      expired: [],
      chains: chainsOf('20'),
      checked: 2,
      downloaded: 2,
      requests: 4,
      unchecked: [{ id: 'order 11', error: { code: 'internal_error', message: 'Try later.', http_status: 500 } }]
    })
    expect(index.orders.has('11')).toBe(false)

    certcentral.getAnswers.clear()
    certcentral.calls.length = 0
    expect(await scan(certcentral, index)).toMatchObject({ matches: ['12', '20'], unchecked: [] })
    expect(certcentral.gets()).toEqual([LISTING, list(11, 'duplicate'), download(12), download(20)])
  })

  it('gives the matches that have expired in `expired`, from the download and then from the index', async () => {
    const longAgo = { notBefore: new Date(Date.now() - 400 * 86_400_000), days: 90 }
    const certcentral = new FakeCertCentral()
      .addCertificate(10, leakedPublic(), longAgo)
      .addCertificate(20, leakedPublic())
      .addCertificate(30, undefined, longAgo)
    const index = emptyIndex()
    expect(await scan(certcentral, index)).toMatchObject({ matches: ['10', '20'], expired: ['10'], checked: 3, unchecked: [] })
    expect(Date.parse(index.certificates.get('10')?.notAfter ?? '')).toBeLessThan(Date.now())
    expect(await scan(certcentral, index)).toMatchObject({ matches: ['10', '20'], expired: ['10'], downloaded: 0 })
  })

  it('counts every request it makes: listing pages, lists and downloads', async () => {
    const certcentral = new FakeCertCentral()
      .addCertificate(10, leakedPublic())
      .addDuplicate(orderOf(10), 12)
      .addReissue(orderOf(10), 9)
      .addCertificate(20)
      .addReissue(orderOf(20), 19, leakedPublic())
    certcentral.pageCap = 1
    const result = await scan(certcentral)
    // 2 listing pages, 3 lists, 5 downloads.
    expect(result.requests).toBe(10)
    expect(certcentral.calls).toHaveLength(10)
  })
})

describe('findCertificatesWithKey: a download is checked against the listing', () => {
  /** Order 11 with primary 10 and duplicate 12, listed with these serial numbers; each download serves `served[id]`'s certificate. */
  function listedAs(serials: Record<number, string | undefined>, served: Record<number, number> = {}, carriers: number[] = []) {
    const entry = (id: number) => ({ id, ...(serials[id] === undefined ? {} : { serial_number: serials[id] }) })
    const keys = new Map(
      [10, 12].map((id) => [id, carriers.includes(id) ? leakedPublic() : generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey])
    )
    const get = async (path: string): Promise<HttpAnswer> => {
      if (path.startsWith('/order/certificate?'))
        return {
          statusCode: 200,
          headers: {},
          body: JSON.stringify({
            orders: [{ id: 11, status: 'issued', certificate: entry(10), duplicates_count: 1, reissues_count: 0 }],
            page: { total: 1 }
          })
        }
      if (path.includes('/duplicate?'))
        return { statusCode: 200, headers: {}, body: JSON.stringify({ certificates: [entry(10), entry(12)] }) }
      const asked = Number(/^\/certificate\/(\d+)\/download/.exec(path)?.[1])
      const id = served[asked] ?? asked
      const leaf = issueCertificate({ serialNumber: id.toString(16), commonName: `c${id}.example.test`, publicKey: keys.get(id)! })
      return { statusCode: 200, headers: {}, body: `${leaf}${CA_CERTIFICATE}` }
    }
    return { get }
  }

  it('compares serial numbers without leading zeros, case ignored, and skips the check where none is listed', async () => {
    const index = emptyIndex()
    const { get } = listedAs({ 10: '000A', 12: undefined }, {}, [12])
    expect(await findCertificatesWithKey(fingerprint, api({ get }), options(index))).toMatchObject({
      matches: ['12'],
      checked: 2,
      downloaded: 2,
      unchecked: []
    })
    const lower = listedAs({ 10: '0a', 12: '0C' })
    expect(await findCertificatesWithKey(fingerprint, api(lower), options())).toMatchObject({ checked: 2, unchecked: [] })
  })

  it('leaves a download of another certificate than the one listed unchecked, neither a match nor a non-match, out of the index', async () => {
    // The duplicate's download serves the primary, which carries the key: not a match for 12, and 12 is not cleared.
    const index = emptyIndex()
    const { get } = listedAs({ 10: '0A', 12: '0C' }, { 12: 10 }, [10])
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options(index))
    expect(result).toEqual({
      matches: ['10'],
      expired: [],
      chains: new Map([['10', { leaf: aLeaf, issuer: CA_CERTIFICATE.trim() }]]),
      checked: 1,
      downloaded: 1,
      requests: 4,
      unchecked: [
        {
          id: '12',
          error: {
            code: null,
            message: 'the download is not the certificate listed: its serial number is A, the listing gives C',
            http_status: 200
          }
        }
      ]
    })
    expect([...index.certificates.keys()]).toEqual(['10'])
    // And the other way round: the primary's download serves the duplicate, which carries the key.
    const swapped = listedAs({ 10: '0A', 12: '0C' }, { 10: 12 }, [12])
    const other = await findCertificatesWithKey(fingerprint, api(swapped), options())
    expect(other).toMatchObject({ matches: ['12'], unchecked: [{ id: '10' }] })
  })

  it('checks a match from the index against the listing when it downloads it again', async () => {
    const index = indexOf([12])
    index.certificates.set('10', { spki: fingerprint, notAfter: '2099-01-01T00:00:00.000Z' })
    const { get } = listedAs({ 10: '0A', 12: '0C' }, { 10: 12 }, [12])
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options(index))
    expect(result).toMatchObject({
      matches: [],
      checked: 1,
      downloaded: 0,
      unchecked: [{ id: '10', error: { message: expect.stringContaining('serial number is C, the listing gives A') } }]
    })
    expect(index.certificates.has('10')).toBe(false)
  })
})

describe('findCertificatesWithKey: orders as the listing may hold them', () => {
  /**
   * An account given as the order list's own JSON (one page, with its total), the lists at
   * `/order/certificate/{order}/{kind}` as `{ certificates: [{ id }] }`, and downloads of any certificate ID, with
   * the leaked key for `carriers` (and the simulator CA after the leaf when `withIssuer`).
   */
  function rawAccount(orders: object[], lists: Record<string, number[]>, carriers: number[], withIssuer = false) {
    const gets: string[] = []
    const get = async (path: string): Promise<HttpAnswer> => {
      gets.push(path)
      if (path.startsWith('/order/certificate?'))
        return { statusCode: 200, headers: {}, body: JSON.stringify({ orders, page: { total: orders.length } }) }
      const list = /^\/order\/certificate\/(\d+)\/(duplicate|reissue)\?show_archived=true$/.exec(path)
      if (list) {
        const ids = lists[`${list[1]}/${list[2]}`] ?? []
        return { statusCode: 200, headers: {}, body: JSON.stringify({ certificates: ids.map((id) => ({ id })) }) }
      }
      const id = Number(/^\/certificate\/(\d+)\/download/.exec(path)?.[1])
      if (!Number.isSafeInteger(id)) return { statusCode: 404, headers: {}, body: '' }
      const key = carriers.includes(id) ? leakedPublic() : generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
      const leaf = issueCertificate({ serialNumber: id.toString(16), commonName: `c${id}.example.test`, publicKey: key })
      return { statusCode: 200, headers: {}, body: withIssuer ? `${leaf}\n${CA_CERTIFICATE}` : leaf }
    }
    return { get, gets }
  }
  const downloads = (gets: string[]) => gets.filter((g) => g.includes('/download/'))

  it('lists the duplicates of an order that shows no primary certificate, and names that order as unchecked', async () => {
    const { get, gets } = rawAccount([{ id: 11, duplicates_count: 1, reissues_count: 0 }], { '11/duplicate': [12] }, [12])
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options())
    expect(result).toMatchObject({
      matches: ['12'],
      checked: 1,
      downloaded: 1,
      requests: 3,
      unchecked: [
        { id: 'order 11', error: { code: null, message: 'the order list gives no numeric certificate ID for it', http_status: 200 } }
      ]
    })
    expect(downloads(gets)).toEqual([download(12)])
  })

  it('names an order whose certificate has no numeric ID as unchecked, unless its status holds no certificate', async () => {
    const noCertificate = ['pending', 'rejected', 'canceled', 'waiting_pickup', 'needs_approval', 'revoked']
    const { get, gets } = rawAccount(
      [
        { id: 5, status: 'issued', certificate: { id: '5a' }, duplicates_count: 0, reissues_count: 0 },
        { id: 6, status: 'reissue_pending', certificate: {}, duplicates_count: 0, reissues_count: 0 },
        ...noCertificate.map((status, i) => ({ id: 7 + i, status, certificate: { id: 0 }, duplicates_count: 0, reissues_count: 0 })),
        ...noCertificate.map((status) => ({ status })),
        { status: 'expired' },
        { id: 21, status: 'expired', certificate: { id: 20 } }
      ],
      {},
      [20]
    )
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options())
    const noId = { code: null, message: 'the order list gives no numeric certificate ID for it', http_status: 200 }
    expect(result).toMatchObject({
      matches: ['20'],
      checked: 1,
      downloaded: 1,
      unchecked: [
        { id: 'order 5', error: noId },
        { id: 'order 6', error: noId },
        { id: 'order list', error: { message: '1 order came without an order ID or a certificate ID' } }
      ]
    })
    expect(downloads(gets)).toEqual([download(20)])
  })

  it('skips the orders and the certificates of the lists in a status that holds no certificate, and checks every other', async () => {
    const skipped = ['pending', 'rejected', 'canceled', 'waiting_pickup', 'needs_approval', 'revoked']
    const orders = [
      ...skipped.map((status, i) => ({
        id: 101 + 2 * i,
        status,
        certificate: { id: 100 + 2 * i },
        duplicates_count: 1,
        reissues_count: 1
      })),
      ...['issued', 'expired', 'reissue_pending', 'approved', undefined].map((status, i) => ({
        id: 201 + 2 * i,
        ...(status ? { status } : {}),
        certificate: { id: 200 + 2 * i },
        duplicates_count: 0,
        reissues_count: 0
      }))
    ]
    const listed = {
      get: async (path: string): Promise<HttpAnswer> => {
        if (path.startsWith('/order/certificate?'))
          return { statusCode: 200, headers: {}, body: JSON.stringify({ orders, page: { total: orders.length } }) }
        return rawAccount([], {}, [208]).get(path)
      }
    }
    const result = await findCertificatesWithKey(fingerprint, api(listed), options(indexOf([200, 202, 204, 206])))
    expect(result).toMatchObject({ matches: ['208'], checked: 5, requests: 2, unchecked: [] })

    const statuses = ['pending', 'rejected', 'issued', 'approved', 'expired', 'revoked', 'something new', undefined]
    const list = JSON.stringify({ certificates: statuses.map((status, i) => ({ id: 301 + i, ...(status ? { status } : {}) })) })
    const withLists = {
      get: async (path: string): Promise<HttpAnswer> =>
        path.includes('/duplicate?')
          ? { statusCode: 200, headers: {}, body: list }
          : path.startsWith('/order/certificate?')
            ? {
                statusCode: 200,
                headers: {},
                body: JSON.stringify({
                  orders: [{ id: 300, certificate: { id: 300 }, duplicates_count: 8, reissues_count: 0 }],
                  page: { total: 1 }
                })
              }
            : rawAccount([], {}, []).get(path)
    }
    const scanned = await findCertificatesWithKey(fingerprint, api(withLists), options(indexOf([300, 303, 304, 305, 306, 307, 308])))
    expect(scanned).toMatchObject({ checked: 7, downloaded: 0, unchecked: [] })
  })

  it('names an order whose list holds a certificate without a numeric ID as unchecked', async () => {
    const { get } = rawAccount([{ id: 41, certificate: { id: 40 }, duplicates_count: 1, reissues_count: 0 }], {}, [])
    const lists = {
      get: async (path: string): Promise<HttpAnswer> =>
        path.includes('/duplicate?')
          ? { statusCode: 200, headers: {}, body: '{"certificates":[{"id":"42","status":"issued"},{"id":43},{"status":"pending"}]}' }
          : get(path)
    }
    expect(await findCertificatesWithKey(fingerprint, api(lists), options(indexOf([40, 43])))).toMatchObject({
      checked: 2,
      unchecked: [
        { id: 'order 41', error: { code: null, message: 'its duplicate list holds 1 certificate without a numeric ID', http_status: 200 } }
      ]
    })
  })

  it('asks for no list of an order listed without an ID, whatever it says it has: there is no path to ask', async () => {
    const { get, gets } = rawAccount([{ certificate: { id: 30 }, duplicates_count: 2, reissues_count: 1 }], {}, [30])
    const index = emptyIndex()
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options(index))
    expect(result).toMatchObject({ matches: ['30'], checked: 1, requests: 2, unchecked: [] })
    expect(gets.filter((g) => !g.includes('/download/'))).toHaveLength(1)
    expect(index.orders).toEqual(new Map())
  })

  it('reads both lists of an order that gives one count and not the other, and does not record it in the index', async () => {
    const { get, gets } = rawAccount(
      [{ id: 41, certificate: { id: 40 }, duplicates_count: 1 }],
      { '41/duplicate': [42], '41/reissue': [39] },
      [39]
    )
    const index = emptyIndex()
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options(index))
    expect(gets.filter((g) => !g.includes('/download/'))).toEqual([
      LISTING,
      '/order/certificate/41/duplicate?show_archived=true',
      '/order/certificate/41/reissue?show_archived=true'
    ])
    expect(result).toMatchObject({ matches: ['39'], checked: 3, unchecked: [] })
    expect(index.orders).toEqual(new Map())
  })

  it('lists an order again when its reissue count changed, even with the same duplicate count', async () => {
    const certcentral = new FakeCertCentral().addCertificate(10).addDuplicate(orderOf(10), 12).addReissue(orderOf(10), 9)
    const index = emptyIndex()
    await findCertificatesWithKey(fingerprint, api(certcentral), options(index))
    certcentral.addReissue(orderOf(10), 8, leakedPublic())
    certcentral.calls.length = 0
    const result = await findCertificatesWithKey(fingerprint, api(certcentral), options(index))
    expect(certcentral.gets()).toEqual([
      LISTING,
      '/order/certificate/11/duplicate?show_archived=true',
      '/order/certificate/11/reissue?show_archived=true',
      download(8)
    ])
    expect(result).toMatchObject({ matches: ['8'], unchecked: [] })
  })

  it('leaves an order unchecked when its list cannot be reached or read, and says why', async () => {
    const certcentral = new FakeCertCentral()
      .addCertificate(10)
      .addDuplicate(orderOf(10), 12)
      .addCertificate(20)
      .addReissue(orderOf(20), 19)
    const failing = {
      get: async (path: string): Promise<HttpAnswer> => {
        if (path === '/order/certificate/11/duplicate?show_archived=true') throw new TransportError('connection reset', false)
        if (path === '/order/certificate/21/reissue?show_archived=true')
          return { statusCode: 200, headers: {}, body: '<html>maintenance</html>' }
        return certcentral.get(path)
      }
    }
    const result = await findCertificatesWithKey(fingerprint, api(failing), options())
    expect(result.unchecked).toEqual([
      { id: 'order 11', error: { code: null, message: 'connection failed after 2 attempts: connection reset', http_status: null } },
      { id: 'order 21', error: { code: null, message: 'the certificate list could not be read as JSON', http_status: 200 } }
    ])
    expect(result).toMatchObject({ checked: 2, matches: [] })
  })

  it('keeps the issuer that follows a match in its download, for asking the CA', async () => {
    const { get } = rawAccount([{ id: 51, certificate: { id: 50 }, duplicates_count: 0, reissues_count: 0 }], {}, [50], true)
    const result = await findCertificatesWithKey(fingerprint, api({ get }), options())
    expect(result.chains).toEqual(new Map([['50', { leaf: aLeaf, issuer: CA_CERTIFICATE.trim() }]]))
  })

  it('names the order and certificate counts in the singular when there is one of each listed', async () => {
    const log: string[] = []
    const certcentral = new FakeCertCentral().addCertificate(10).addDuplicate(orderOf(10), 12)
    await findCertificatesWithKey(fingerprint, api(certcentral), { index: emptyIndex(), log: (line: string) => log.push(line) })
    expect(log[0]).toBe(
      'Key scan: 1 order listed, 1 order that may hold a valid certificate, 2 certificates (1 order with duplicates or reissues listed); 0 known from the index, 2 to download.'
    )
  })
})
