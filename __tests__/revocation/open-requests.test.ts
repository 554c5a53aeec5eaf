/** Reusing open revoke requests: listing the pending requests page by page, reading each, matching tags. */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'
import { findOpenRequests, listPendingRequests, openRequestsToReuse, tagAtEnd } from '../../src/revocation/open-requests.js'
import type { Target } from '../../src/revocation/targets.js'

const json = (statusCode: number, body: unknown): HttpAnswer => ({ statusCode, headers: {}, body: JSON.stringify(body) })
const listingPath = (offset: number) => `/request?filters[status]=pending&filters[type]=revoke&offset=${offset}&limit=1000`
/** A request as listed; its order is 1000 + the number its comment tags, unless told (see holds). */
const listed = (id: number, type = 'revoke', status = 'pending', orderId = 1005) => ({
  id,
  type,
  status,
  date: '2026-12-01T10:00:00+00:00',
  order: { id: orderId }
})
const byIdPath = (id: string) => `/order/certificate?filters[certificate_id]=${id}&offset=0&limit=1`
const bySerialPath = (serial: string) => `/order/certificate?filters[serial_number]=${serial}&offset=0&limit=1`
/** The lookup of a certificate ID or serial answers with one order whose primary certificate it is. */
const holds = (path: string, orderId: number, certificate: { id: number; serial_number?: string }, total = 1) =>
  answers.set(path, json(200, { orders: [{ id: orderId, certificate }], page: { total, limit: 1, offset: 0 } }))
const page = (requests: object[], total?: number) => json(200, { requests, ...(total === undefined ? {} : { page: { total } }) })
const read = (id: number, comments: string | undefined, type = 'revoke', status = 'pending', orderId = 1005) =>
  json(200, { ...listed(id, type, status, orderId), ...(comments === undefined ? {} : { comments }) })

const certificate = (id: string): Target => ({ type: 'certificate', id, source: 'certificate-id' })
const serial = (id: string): Target => ({ type: 'certificate', id, source: 'serial-number' })
const order = (id: string): Target => ({ type: 'order', id, source: 'order-id' })

let answers: Map<string, HttpAnswer | Error>
/** Paths whose answer comes only after the others': what is asked first is then not what is read first. */
let slow: Set<string>
let gets: string[]
let api: CertCentralApi
beforeEach(() => {
  answers = new Map()
  slow = new Set()
  gets = []
  // Time moves only when the rate limiter waits: a run of more than 100 requests goes on.
  let time = 0
  const clock: Clock = { now: () => time, sleep: async (ms) => void (time += ms) }
  const transport = {
    get: async (path: string) => {
      gets.push(path)
      if (slow.has(path)) await new Promise((resolve) => setTimeout(resolve, 20))
      const answer = answers.get(path) ?? json(404, { errors: [{ code: 'not_found', message: 'No such thing.' }] })
      if (answer instanceof Error) throw answer
      return answer
    },
    put: async () => Promise.reject(new Error('nothing is sent'))
  }
  api = new CertCentralApi(transport, { clock, limiter: new RateLimiter(undefined, clock), maxAttempts: 1 })
})

/** The target and request ID of each match. */
const matches = (byTarget: Map<Target, { id: number }>) => [...byTarget].map(([target, request]) => [target.id, request.id])

describe('tagAtEnd', () => {
  it('finds the tag that ends a comment, white space after it ignored, and nothing else', () => {
    expect(tagAtEnd('Revoked by run 5 (certificate 1234)')).toBe(' (certificate 1234)')
    expect(tagAtEnd('x (serial 0A1B2C)  \n')).toBe(' (serial 0A1B2C)')
    expect(tagAtEnd('x (order 123)')).toBe(' (order 123)')
    expect(tagAtEnd('x (order 9) and more')).toBe('')
    expect(tagAtEnd('x (certificate 12a)')).toBe('')
    expect(tagAtEnd('x (serial 0a1b)')).toBe('')
    expect(tagAtEnd('x(certificate 12)')).toBe('')
  })
})

describe('listPendingRequests', () => {
  it('reads page after page until it has the total, counting its requests', async () => {
    answers.set(listingPath(0), page([listed(1), listed(2)], 3))
    answers.set(listingPath(2), page([listed(3, 'reissue')], 3))
    const counter = { calls: 0 }
    const listing = await listPendingRequests(api, counter)
    expect(listing).toEqual({ requests: [1, 2, 3].map((id) => expect.objectContaining({ id })) })
    expect(gets).toEqual([listingPath(0), listingPath(2)])
    expect(counter.calls).toBe(2)
  })

  it('takes one page without a total as the whole list, and stops at an empty page', async () => {
    answers.set(listingPath(0), page([listed(1)]))
    expect(await listPendingRequests(api)).toEqual({ requests: [expect.objectContaining({ id: 1 })] })
    answers.set(listingPath(0), page([listed(1)], 5))
    answers.set(listingPath(1), page([], 5))
    expect(await listPendingRequests(api)).toEqual({ requests: [expect.objectContaining({ id: 1 })] })
    expect(gets).toEqual([listingPath(0), listingPath(0), listingPath(1)])
  })

  it('gives up past 5000 open requests', async () => {
    const thousand = (from: number) => Array.from({ length: 1000 }, (_, i) => listed(from + i))
    for (let offset = 0; offset < 10_000; offset += 1000) answers.set(listingPath(offset), page(thousand(offset + 1), 10_000))
    expect(await listPendingRequests(api)).toEqual({
      error: { code: null, message: 'the request list has more than 5000 open requests', http_status: 200 }
    })
    expect(gets).toHaveLength(5)
  })

  it('says why the list could not be read', async () => {
    answers.set(listingPath(0), json(503, { errors: [{ code: 'unavailable', message: 'Maintenance.' }] }))
    expect(await listPendingRequests(api)).toEqual({ error: { code: 'unavailable', message: 'Maintenance.', http_status: 503 } })
    answers.set(listingPath(0), { statusCode: 200, headers: {}, body: '<html>' })
    expect(await listPendingRequests(api)).toEqual({
      error: { code: null, message: 'the request list could not be read as JSON', http_status: 200 }
    })
    answers.set(listingPath(0), new Error('socket hang up'))
    expect(await listPendingRequests(api)).toEqual({ error: expect.objectContaining({ http_status: null }) })
  })
})

describe('findOpenRequests', () => {
  it('asks nothing for no targets', async () => {
    expect(await findOpenRequests([], api)).toEqual({ byTarget: new Map() })
    expect(gets).toEqual([])
  })

  it('reads only the pending revoke requests, and matches each by the tag that ends its comment', async () => {
    answers.set(
      listingPath(0),
      page(
        [
          listed(70),
          listed(71, 'reissue'),
          listed(72, 'revoke', 'approved'),
          listed(73, 'revoke', 'pending', 2000),
          listed(74, 'revoke', 'pending', 123)
        ],
        5
      )
    )
    answers.set('/request/70', read(70, 'Leaked (certificate 5)'))
    answers.set('/request/73', read(73, 'Leaked (serial 0A1B)', 'revoke', 'pending', 2000))
    answers.set('/request/74', read(74, 'Leaked (order 123)', 'revoke', 'pending', 123))
    holds(byIdPath('5'), 1005, { id: 5 })
    holds(bySerialPath('0A1B'), 2000, { id: 20, serial_number: '000a1b' })
    const targets = [certificate('5'), serial('0A1B'), order('123'), certificate('6')]
    const open = await findOpenRequests(targets, api)
    expect(matches(open.byTarget).sort()).toEqual([
      ['0A1B', 73],
      ['123', 74],
      ['5', 70]
    ])
    expect([open.failure, open.refused, open.unread]).toEqual([undefined, undefined, undefined])
    expect(gets.filter((path) => path.startsWith('/request/')).sort()).toEqual(['/request/70', '/request/73', '/request/74'])
    // Lookups only for the targets whose tag a request carries; an order target is its own order.
    expect(gets.filter((path) => path.startsWith('/order/')).sort()).toEqual([byIdPath('5'), bySerialPath('0A1B')])
  })

  it('skips a request that is no longer pending, is not a revoke request, or has no comment when read', async () => {
    answers.set(listingPath(0), page([listed(80), listed(81), listed(82)], 3))
    answers.set('/request/80', read(80, 'x (certificate 5)', 'revoke', 'approved'))
    answers.set('/request/81', read(81, 'x (certificate 5)', 'reissue'))
    answers.set('/request/82', read(82, undefined))
    expect(await findOpenRequests([certificate('5')], api)).toEqual({ byTarget: new Map() })
  })

  it('gives a target the newest of its open requests, whichever is read first', async () => {
    answers.set(listingPath(0), page([listed(92), listed(90), listed(91)], 3))
    answers.set('/request/90', read(90, 'oldest (certificate 5)'))
    answers.set('/request/91', read(91, 'older (certificate 5)'))
    answers.set('/request/92', read(92, 'newest (certificate 5)'))
    // The newest is asked first but read last.
    slow.add('/request/92')
    holds(byIdPath('5'), 1005, { id: 5 })
    expect(matches((await findOpenRequests([certificate('5')], api)).byTarget)).toEqual([['5', 92]])
    expect(gets.filter((path) => path === byIdPath('5'))).toHaveLength(1)
  })

  it('says which requests could not be read, and keeps what it could match', async () => {
    const ids = [101, 102, 103, 104, 105, 106, 107]
    answers.set(
      listingPath(0),
      page(
        ids.map((id) => listed(id)),
        ids.length
      )
    )
    answers.set('/request/101', read(101, 'x (certificate 5)'))
    answers.set('/request/102', json(500, { errors: [{ code: 'internal', message: 'Oops.' }] }))
    answers.set('/request/103', { statusCode: 200, headers: {}, body: 'null' })
    // Only a 200 answer is the request, whatever another's body looks like.
    answers.set('/request/104', {
      statusCode: 503,
      headers: {},
      body: JSON.stringify({ id: 104, status: 'pending', type: 'revoke', comments: 'x (certificate 6)' })
    })
    answers.set('/request/105', new Error('socket hang up'))
    holds(byIdPath('5'), 1005, { id: 5 })
    const open = await findOpenRequests([certificate('5'), certificate('6')], api)
    expect(matches(open.byTarget)).toEqual([['5', 101]])
    expect(open.failure).toBe('6 open request(s) could not be read (102, 103, 104, 105, 106)')
  })

  it('says why the list could not be read', async () => {
    answers.set(listingPath(0), json(503, { errors: [{ code: 'unavailable', message: 'Maintenance.' }] }))
    expect(await findOpenRequests([certificate('5')], api)).toEqual({ byTarget: new Map(), failure: 'HTTP 503 unavailable: Maintenance.' })
  })
})

describe('findOpenRequests does not trust a tag alone', () => {
  it('never reuses a request of another order, even one whose comment ends with the tag, or carries it twice', async () => {
    // Request 61 is for order 1006 (certificate 6's), tagged for certificate 5; 62 carries both tags, 5's last.
    answers.set(listingPath(0), page([listed(61, 'revoke', 'pending', 1006), listed(62, 'revoke', 'pending', 1006)], 2))
    answers.set('/request/61', read(61, 'Revoke now (certificate 5)', 'revoke', 'pending', 1006))
    answers.set('/request/62', read(62, 'x (certificate 6) (certificate 5)', 'revoke', 'pending', 1006))
    holds(byIdPath('5'), 1005, { id: 5 })
    const open = await findOpenRequests([certificate('5')], api)
    expect(open.byTarget.size).toBe(0)
    expect(open.refused).toEqual([
      expect.stringMatching(
        /^Open revoke request (61, 62|62, 61) ends with the tag of certificate 5 but is for order 1006, order 1006, not its order 1005: not reused\.$/
      )
    ])
  })

  it('takes the order from the request when the listing does not name it, and refuses a request with none', async () => {
    const bare = { id: 63, type: 'revoke', status: 'pending', date: '2026-12-01T10:00:00+00:00' }
    answers.set(listingPath(0), page([bare, { ...bare, id: 64 }], 2))
    answers.set('/request/63', json(200, { ...bare, comments: 'x (certificate 5)', order: { id: 1005 } }))
    answers.set('/request/64', json(200, { ...bare, id: 64, comments: 'y (certificate 5)' }))
    holds(byIdPath('5'), 1005, { id: 5 })
    const open = await findOpenRequests([certificate('5')], api)
    expect(matches(open.byTarget)).toEqual([['5', 63]])
    expect(open.refused).toEqual([
      'Open revoke request 64 ends with the tag of certificate 5 but is for order unknown, not its order 1005: not reused.'
    ])
  })

  it('reuses nothing when the lookup does not give exactly one order that holds the target', async () => {
    answers.set(listingPath(0), page([listed(65)], 1))
    answers.set('/request/65', read(65, 'x (certificate 5)'))
    const refusedWith = async (): Promise<string[] | undefined> => {
      const open = await findOpenRequests([certificate('5')], api)
      expect(open.byTarget.size).toBe(0)
      return open.refused
    }
    holds(byIdPath('5'), 1005, { id: 5 }, 2)
    expect(await refusedWith()).toEqual([
      'Open revoke request 65 ends with the tag of certificate 5, but its order could not be told (CertCentral lists 2 orders for this certificate, not one): not reused.'
    ])
    answers.set(byIdPath('5'), json(200, { orders: [], page: { total: 0 } }))
    expect(await refusedWith()).toEqual([expect.stringContaining('(CertCentral lists no order that holds this certificate)')])
    answers.set(byIdPath('5'), json(503, { errors: [{ code: 'unavailable', message: 'Maintenance.' }] }))
    expect(await refusedWith()).toEqual([
      expect.stringContaining('(the certificate could not be looked up by certificate ID (HTTP 503 unavailable: Maintenance.))')
    ])
    // The order found holds another certificate as primary, and neither list holds certificate 5.
    holds(byIdPath('5'), 1005, { id: 9 })
    answers.set('/order/certificate/1005/duplicate?show_archived=true', json(200, { certificates: [{ id: 10 }] }))
    answers.set('/order/certificate/1005/reissue?show_archived=true', json(200, { certificates: [] }))
    expect(await refusedWith()).toEqual([expect.stringContaining('(order 1005, which CertCentral found for it, lists no certificate 5)')])
    // Listed as a reissue of the order: that order holds it.
    answers.set('/order/certificate/1005/reissue?show_archived=true', json(200, { certificates: [{ id: 5 }] }))
    expect(matches((await findOpenRequests([certificate('5')], api)).byTarget)).toEqual([['5', 65]])
  })

  it('reads only the requests of the targets orders when every target is an order', async () => {
    answers.set(listingPath(0), page([listed(66, 'revoke', 'pending', 123), listed(67, 'revoke', 'pending', 999)], 2))
    answers.set('/request/66', read(66, 'x (order 123)', 'revoke', 'pending', 123))
    const open = await findOpenRequests([order('123')], api)
    expect(matches(open.byTarget)).toEqual([['123', 66]])
    expect(gets).toEqual([listingPath(0), '/request/66'])
  })

  it('reads a request the listing names no order for even when every target is an order, and checks its order then', async () => {
    // 68 is for order 123 once read; 69, tagged for order 123 too, is for order 999: not reused.
    const bare = (id: number) => ({ id, type: 'revoke', status: 'pending', date: '2026-12-01T10:00:00+00:00' })
    answers.set(listingPath(0), page([bare(68), bare(69), listed(70, 'revoke', 'pending', 999)], 3))
    answers.set('/request/68', json(200, { ...bare(68), comments: 'x (order 123)', order: { id: 123 } }))
    answers.set('/request/69', json(200, { ...bare(69), comments: 'Revoke now (order 123)', order: { id: 999 } }))
    const open = await findOpenRequests([order('123'), order('124')], api)
    expect(matches(open.byTarget)).toEqual([['123', 68]])
    expect(open.refused).toEqual([
      'Open revoke request 69 ends with the tag of order 123 but is for order 999, not its order 123: not reused.'
    ])
    // 70 is listed for an order no target is: it is not read.
    expect(gets.filter((path) => path.startsWith('/request/')).sort()).toEqual(['/request/68', '/request/69'])
  })

  it('reads the requests of every order when a target is a certificate, and reuses none of another order', async () => {
    // 71 is listed for order 999, tagged for order 123: read, since the certificate's order is not known beforehand.
    answers.set(listingPath(0), page([listed(71, 'revoke', 'pending', 999), listed(72)], 2))
    answers.set('/request/71', read(71, 'Revoke now (order 123)', 'revoke', 'pending', 999))
    answers.set('/request/72', read(72, 'x (certificate 5)'))
    holds(byIdPath('5'), 1005, { id: 5 })
    const open = await findOpenRequests([order('123'), certificate('5')], api)
    expect(matches(open.byTarget)).toEqual([['5', 72]])
    expect(open.refused).toEqual([
      'Open revoke request 71 ends with the tag of order 123 but is for order 999, not its order 123: not reused.'
    ])
  })

  it('names every request it refuses when the order of their target could not be told', async () => {
    answers.set(listingPath(0), page([listed(65), listed(66)], 2))
    answers.set('/request/65', read(65, 'x (certificate 5)'))
    answers.set('/request/66', read(66, 'y (certificate 5)'))
    holds(byIdPath('5'), 1005, { id: 5 }, 2)
    const open = await findOpenRequests([certificate('5')], api)
    expect(open.byTarget.size).toBe(0)
    expect(open.refused).toEqual([
      expect.stringMatching(
        /^Open revoke request (65, 66|66, 65) ends with the tag of certificate 5, but its order could not be told \(CertCentral lists 2 orders for this certificate, not one\): not reused\.$/
      )
    ])
  })

  it('reads the comments of the 100 newest open revoke requests only, and says how many were left', async () => {
    const all = Array.from({ length: 103 }, (_, i) => listed(i + 1))
    answers.set(listingPath(0), page(all, 103))
    for (const { id } of all) answers.set(`/request/${id}`, read(id, 'x (certificate 7)'))
    const open = await findOpenRequests([certificate('5')], api)
    expect(open.unread).toBe(3)
    const read_ = gets.filter((path) => path.startsWith('/request/'))
    expect(read_).toHaveLength(100)
    expect(read_).not.toContain('/request/3')
    expect(read_).toContain('/request/4')
  })
})

describe('openRequestsToReuse', () => {
  const live = { dryRun: false, skipApproval: false }

  it('looks only in a live run without skip-approval, and only for targets', async () => {
    const warnings: string[] = []
    const warn = (message: string) => void warnings.push(message)
    expect(await openRequestsToReuse([certificate('5')], { dryRun: true, skipApproval: false }, api, warn)).toBeUndefined()
    expect(await openRequestsToReuse([certificate('5')], { dryRun: false, skipApproval: true }, api, warn)).toBeUndefined()
    expect(await openRequestsToReuse([], live, api, warn)).toBeUndefined()
    expect(gets).toEqual([])
    expect(warnings).toEqual([])
  })

  it('warns only when the list could not be read, and revokes every target then', async () => {
    const warnings: string[] = []
    const warn = (message: string) => void warnings.push(message)
    answers.set(listingPath(0), page([listed(70)], 1))
    answers.set('/request/70', read(70, 'x (certificate 5)'))
    holds(byIdPath('5'), 1005, { id: 5 })
    expect(matches((await openRequestsToReuse([certificate('5')], live, api, warn))!)).toEqual([['5', 70]])
    // Reused, and named as someone else's request to check (a plain function gets the notice as a warning).
    expect(warnings).toEqual([
      'certificate 5: open revoke request 70 was filed by someone else: check that it revokes this certificate before approving it.'
    ])
    warnings.length = 0
    answers.set(listingPath(0), json(503, { errors: [{ code: 'unavailable', message: 'Maintenance.' }] }))
    expect(await openRequestsToReuse([certificate('5')], live, api, warn)).toEqual(new Map())
    expect(warnings).toEqual([
      'The open revoke requests could not be read (HTTP 503 unavailable: Maintenance.), so every target is revoked anyway: a duplicate request is harmless, a missed revocation is not.'
    ])
  })

  it('tells a reuse as a notice and the rest as warnings when given both', async () => {
    const told: string[] = []
    const log = {
      warn: (message: string) => void told.push(`warning: ${message}`),
      notice: (message: string) => void told.push(`notice: ${message}`)
    }
    answers.set(listingPath(0), page([listed(70), listed(71, 'revoke', 'pending', 1006)], 2))
    answers.set('/request/70', read(70, 'x (certificate 5)'))
    answers.set('/request/71', read(71, 'y (certificate 5)', 'revoke', 'pending', 1006))
    holds(byIdPath('5'), 1005, { id: 5 })
    expect(matches((await openRequestsToReuse([certificate('5')], live, api, log))!)).toEqual([['5', 70]])
    expect(told).toEqual([
      'warning: Open revoke request 71 ends with the tag of certificate 5 but is for order 1006, not its order 1005: not reused.',
      'notice: certificate 5: open revoke request 70 was filed by someone else: check that it revokes this certificate before approving it.'
    ])
    // Without a notice, the notice is a warning.
    told.length = 0
    await openRequestsToReuse([certificate('5')], live, api, { warn: log.warn })
    expect(told).toEqual([
      'warning: Open revoke request 71 ends with the tag of certificate 5 but is for order 1006, not its order 1005: not reused.',
      'warning: certificate 5: open revoke request 70 was filed by someone else: check that it revokes this certificate before approving it.'
    ])
  })

  it('warns how many older open requests were not read: one, or several', async () => {
    const warnings: string[] = []
    const warn = (message: string) => void warnings.push(message)
    const unreadWarning = async (count: number): Promise<string[]> => {
      warnings.length = 0
      const all = Array.from({ length: 100 + count }, (_, i) => listed(i + 1))
      answers.set(listingPath(0), page(all, all.length))
      for (const { id } of all) answers.set(`/request/${id}`, read(id, 'x (certificate 7)'))
      expect(await openRequestsToReuse([certificate('5')], live, api, warn)).toEqual(new Map())
      return [...warnings]
    }
    expect(await unreadWarning(1)).toEqual([
      '1 older open revoke request was not read (only the 100 newest are): a target whose request is among them gets a second one.'
    ])
    expect(await unreadWarning(3)).toEqual([
      '3 older open revoke requests were not read (only the 100 newest are): a target whose request is among them gets a second one.'
    ])
    expect(await unreadWarning(0)).toEqual([])
  })
})
