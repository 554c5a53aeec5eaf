/** Reusing open revoke requests: listing the pending requests page by page, reading each, matching tags. */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { CertCentralApi } from '../../src/certcentral/api.js'
import { RateLimiter, type Clock } from '../../src/certcentral/rate-limiter.js'
import type { HttpAnswer } from '../../src/certcentral/transport.js'
import { findOpenRequests, listPendingRequests, openRequestsToReuse, tagAtEnd } from '../../src/revocation/open-requests.js'
import type { Target } from '../../src/revocation/targets.js'

const json = (statusCode: number, body: unknown): HttpAnswer => ({ statusCode, headers: {}, body: JSON.stringify(body) })
const listingPath = (offset: number) => `/request?filters[status]=pending&offset=${offset}&limit=1000`
const listed = (id: number, type = 'revoke', status = 'pending') => ({ id, type, status, date: '2026-12-01T10:00:00+00:00' })
const page = (requests: object[], total?: number) => json(200, { requests, ...(total === undefined ? {} : { page: { total } }) })
const read = (id: number, comments: string | undefined, type = 'revoke', status = 'pending') =>
  json(200, { ...listed(id, type, status), ...(comments === undefined ? {} : { comments }) })

const certificate = (id: string): Target => ({ type: 'certificate', id, source: 'certificate-id' })
const serial = (id: string): Target => ({ type: 'certificate', id, source: 'serial-number' })
const order = (id: string): Target => ({ type: 'order', id, source: 'order-id' })

let answers: Map<string, HttpAnswer | Error>
let gets: string[]
let api: CertCentralApi
beforeEach(() => {
  answers = new Map()
  gets = []
  const clock: Clock = { now: () => 0, sleep: async () => undefined }
  const transport = {
    get: async (path: string) => {
      gets.push(path)
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
    answers.set(listingPath(0), page([listed(70), listed(71, 'reissue'), listed(72, 'revoke', 'approved'), listed(73), listed(74)], 5))
    answers.set('/request/70', read(70, 'Leaked (certificate 5)'))
    answers.set('/request/73', read(73, 'Leaked (serial 0A1B)'))
    answers.set('/request/74', read(74, 'Leaked (order 123)'))
    const targets = [certificate('5'), serial('0A1B'), order('123'), certificate('6')]
    const open = await findOpenRequests(targets, api)
    expect(matches(open.byTarget).sort()).toEqual([
      ['0A1B', 73],
      ['123', 74],
      ['5', 70]
    ])
    expect(open.failure).toBeUndefined()
    expect(gets.filter((path) => path.startsWith('/request/')).sort()).toEqual(['/request/70', '/request/73', '/request/74'])
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
    expect(matches((await findOpenRequests([certificate('5')], api)).byTarget)).toEqual([['5', 92]])
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
    const open = await findOpenRequests([certificate('5'), certificate('6')], api)
    expect(matches(open.byTarget)).toEqual([['5', 101]])
    expect(open.failure).toBe('6 open request(s) could not be read (102, 103, 104, 105, 106)')
  })

  it('says why the list could not be read', async () => {
    answers.set(listingPath(0), json(503, { errors: [{ code: 'unavailable', message: 'Maintenance.' }] }))
    expect(await findOpenRequests([certificate('5')], api)).toEqual({ byTarget: new Map(), failure: 'HTTP 503 unavailable: Maintenance.' })
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
    expect(matches((await openRequestsToReuse([certificate('5')], live, api, warn))!)).toEqual([['5', 70]])
    expect(warnings).toEqual([])
    answers.set(listingPath(0), json(503, { errors: [{ code: 'unavailable', message: 'Maintenance.' }] }))
    expect(await openRequestsToReuse([certificate('5')], live, api, warn)).toEqual(new Map())
    expect(warnings).toEqual([
      'The open revoke requests could not be read (HTTP 503 unavailable: Maintenance.), so every target is revoked anyway: a duplicate request is harmless, a missed revocation is not.'
    ])
  })
})
