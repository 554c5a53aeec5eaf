/**
 * The leaked-key scan covers every certificate of every issued order, end to end on both Nodes: duplicates and
 * earlier reissues that carry the key are found and revoked, a listing whose pages are smaller than asked is read
 * to its total, an expired match is reported and not revoked, a match its CA already reports revoked gets no new
 * request, and a warm scan with the certificate index costs the listing pages only (plus the one download that
 * confirms each match before it is revoked). Each test checks every request the simulator received: the Services
 * API's and its CA's (OCSP), which the action asks about each match that has not expired.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals'
import { createPublicKey, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Account, serialFor } from '../simulator/account.js'
import { makeKey } from '../simulator/certificates.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { runActionInTest } from './support/action.js'
import { describeOnNodes } from './support/nodes.js'

const LEAKED_KEY = makeKey('ec', 'sec1')
const LEAKED = createPublicKey(LEAKED_KEY)
const DAY_MS = 86_400_000

/** What the action asks for a page of the orders (every status: it skips those that hold no valid certificate). */
const listing = (offset: number) => `GET /order/certificate?sort=order_id&offset=${offset}&limit=1000`
const download = (id: number) => `GET /certificate/${id}/download/format/pem_all`
const list = (order: number, kind: 'duplicate' | 'reissue') => `GET /order/certificate/${order}/${kind}?show_archived=true`
const revoke = (id: number) => `PUT /certificate/${id}/revoke`
/** The open revoke requests a live run without skip-approval reads before its first revoke request. */
const OPEN_REQUESTS = 'GET /request?filters[status]=pending&filters[type]=revoke&offset=0&limit=1000'
/** The CA's OCSP responder, asked about each match that has not expired (not a CertCentral request). */
const OCSP = 'POST /ocsp'

interface Spec {
  id: number
  /** The leaked key, or (default) a key of its own, made on first download. */
  key?: KeyObject
  kind?: 'duplicate' | 'reissue'
  /** Expired: issued 400 days ago for 30 days. */
  expired?: boolean
  /** Hidden from the duplicate and reissue lists unless show_archived=true. */
  archived?: boolean
  /** A duplicate or reissue that holds no certificate. */
  status?: 'pending' | 'rejected'
  /** Its order waits for a reissue. */
  pendingReissue?: boolean
}

const certificate = ({ id, key, kind, expired, archived, status, pendingReissue }: Spec) => ({
  id,
  serialNumber: serialFor(id),
  commonName: `c${id}.scan.example.test`,
  ...(key ? { publicKey: key } : {}),
  ...(kind ? { kind } : {}),
  ...(expired ? { notBefore: new Date(Date.now() - 400 * DAY_MS), days: 30 } : {}),
  ...(archived ? { archived } : {}),
  ...(status ? { status } : {}),
  ...(pendingReissue ? { pendingReissue } : {})
})

describeOnNodes('the key scan on %s', (_name, node) => {
  let sim: Simulator
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-scan-e2e-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeEach(async () => {
    // An account of the test's own orders only, so that every request can be accounted for.
    sim = await startSimulator({ rateLimits: false, account: new Account() })
  })
  afterEach(async () => sim.close())

  const addOrder = (id: number, certificates: Spec[]) => sim.account.addOrder({ id, certificates: certificates.map(certificate) })
  const run = (inputs: Record<string, string>) =>
    runActionInTest({ node, inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'private-key': LEAKED_KEY, ...inputs } })
  /** Every request received since `from`, as `METHOD path?query`, sorted: they run concurrently. */
  const received = (from = 0) =>
    sim.requests
      .slice(from)
      .map((r) => `${r.method} ${r.path}${r.query}`)
      .sort()
  const statuses = (from = 0) => sim.requests.slice(from).map((r) => r.status)
  const results = (json: string) =>
    (JSON.parse(json) as { id: string; status: string; matched_by?: string; request_id: number | null }[]).map(
      ({ id, status, matched_by, request_id }) => ({ id, status, matched_by, request_id })
    )

  it('revokes a duplicate that carries the key, and leaves its primary, which does not, alone', async () => {
    addOrder(8001, [{ id: 6001 }, { id: 6002, key: LEAKED }, { id: 6003 }])
    addOrder(8002, [{ id: 6004 }])
    const result = await run({})

    expect(result.exitCode).toBe(0)
    // Order 8002 says it has no duplicate and no reissue, and 8001 no reissue: those lists are not read.
    expect(received()).toEqual(
      [
        listing(0),
        list(8001, 'duplicate'),
        download(6001),
        download(6002),
        download(6003),
        download(6004),
        OCSP,
        OPEN_REQUESTS,
        revoke(6002)
      ].sort()
    )
    expect(statuses().every((status) => status === 200 || status === 201)).toBe(true)
    expect(sim.revokeRequests()[0].body).toMatchObject({
      revocation_reason: 'keyCompromise',
      skip_approval: false,
      comments: expect.stringMatching(/\(certificate 6002\)$/)
    })
    expect(result.outputs['matched-certificates']).toBe('6002')
    expect(result.outputs.status).toBe('pending')
    expect(results(result.outputs.results)).toEqual([{ id: '6002', status: 'pending', matched_by: 'private-key', request_id: 1 }])
    expect(sim.account.requests.get(1)?.target).toMatchObject({ kind: 'certificate', certificateIds: [6002] })
    expect(result.summary).toContain(
      "**Scanned:** 4 certificates of the account's orders, duplicates and reissues (archived ones too) included (4 downloaded, 0 from the index; 6 CertCentral requests)"
    )
    expect(result.summary).toContain('**Carried by:** certificates 6002')
    expect(result.summary).toContain('<td>ID 6002 (carries the leaked key)</td><td>pending</td><td>1</td>')
    expect(result.summary).not.toContain('ID 6001')
    expect(result.stdout).toContain('Key scan: 4 checked, 4 downloaded, 6 CertCentral requests; the key is on certificate 6002.')
  })

  it('finds an earlier reissue that carries the key the same way, each certificate once when a list repeats the primary', async () => {
    addOrder(8101, [{ id: 6101 }, { id: 6102, key: LEAKED, kind: 'reissue' }, { id: 6103, kind: 'duplicate' }])
    addOrder(8102, [{ id: 6104 }])
    // DigiCert's lists may repeat the order's primary certificate (the simulator's do): it is still checked once.
    const result = await run({ 'skip-approval': 'true' })

    expect(result.exitCode).toBe(0)
    expect(received()).toEqual(
      [
        listing(0),
        list(8101, 'duplicate'),
        list(8101, 'reissue'),
        download(6101),
        download(6102),
        download(6103),
        download(6104),
        OCSP,
        revoke(6102)
      ].sort()
    )
    expect(sim.revokeRequests()[0].body).toMatchObject({ revocation_reason: 'keyCompromise', skip_approval: true })
    expect(sim.account.certificates.get(6102)?.status).toBe('revoked')
    for (const id of [6101, 6103, 6104]) expect(sim.account.certificates.get(id)?.status).toBe('issued')
    expect(result.outputs['matched-certificates']).toBe('6102')
    expect(results(result.outputs.results)).toEqual([{ id: '6102', status: 'submitted', matched_by: 'private-key', request_id: null }])
    expect(result.summary).toContain('(4 downloaded, 0 from the index; 7 CertCentral requests)')
    expect(result.summary).toContain('**Carried by:** certificates 6102')
    expect(result.summary).toContain('<td>ID 6102 (carries the leaked key)</td><td>submitted</td>')
  })

  it('reads a listing whose pages are smaller than asked to its total, and checks every certificate', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => 6201 + i)
    for (const id of ids) addOrder(id + 2000, [{ id, key: id === 6213 ? LEAKED : undefined }])
    addOrder(8299, [{ id: 6299 }, { id: 6300, key: LEAKED }])
    sim.maxPageSize = 7
    const result = await run({ 'dry-run': 'true' })

    expect(result.exitCode).toBe(0)
    // 21 orders, 7 a page: offsets 0, 7, 14, each asking for 1000, in turn; the third page reaches page.total.
    const pages = sim.requests.filter((r) => r.path === '/order/certificate')
    expect(pages.map((r) => `${r.method} ${r.path}${r.query}`)).toEqual([listing(0), listing(7), listing(14)])
    const all = [...ids, 6299, 6300]
    expect(received()).toEqual([listing(0), listing(7), listing(14), list(8299, 'duplicate'), ...all.map(download), OCSP, OCSP].sort())
    expect(result.outputs['matched-certificates']).toBe('6213,6300')
    expect(result.outputs.status).toBe('dry-run,dry-run')
    expect(results(result.outputs.results)).toEqual([
      { id: '6213', status: 'dry-run', matched_by: 'private-key', request_id: null },
      { id: '6300', status: 'dry-run', matched_by: 'private-key', request_id: null }
    ])
    expect(result.summary).toContain(
      "**Scanned:** 22 certificates of the account's orders, duplicates and reissues (archived ones too) included (22 downloaded, 0 from the index; 26 CertCentral requests)"
    )
    expect(result.summary).toContain('**Carried by:** certificates 6213, 6300')
    expect(result.summary).toContain('Would revoke 2 targets. Nothing was sent.')
  })

  it('reports an expired match as expired and does not revoke it', async () => {
    addOrder(8301, [{ id: 6301, key: LEAKED, expired: true }])
    addOrder(8302, [{ id: 6302 }, { id: 6303, key: LEAKED, expired: true }, { id: 6304, key: LEAKED }])
    const result = await run({})

    expect(result.exitCode).toBe(0)
    // The expired order (its primary expired) is still listed under filters[status]=issued; nobody asks the CA
    // about an expired certificate, nor is it revoked.
    expect(received()).toEqual(
      [
        listing(0),
        list(8302, 'duplicate'),
        download(6301),
        download(6302),
        download(6303),
        download(6304),
        OCSP,
        OPEN_REQUESTS,
        revoke(6304)
      ].sort()
    )
    expect(sim.revokeRequests()).toHaveLength(1)
    expect(result.outputs['matched-certificates']).toBe('6301,6303,6304')
    expect(result.outputs.status).toBe('expired,expired,pending')
    expect(result.outputs['request-id']).toBe(',,1')
    expect(results(result.outputs.results)).toEqual([
      { id: '6301', status: 'expired', matched_by: 'private-key', request_id: null },
      { id: '6303', status: 'expired', matched_by: 'private-key', request_id: null },
      { id: '6304', status: 'pending', matched_by: 'private-key', request_id: 1 }
    ])
    expect(result.summary).toContain('**Carried by:** certificates 6301, 6303, 6304')
    expect(result.summary).toContain('**Expired, so not revoked:** 6301, 6303')
    expect(result.summary).toContain('<td>ID 6301 (carries the leaked key)</td><td>expired</td><td></td>')
    expect(result.summary).toContain('<td>ID 6303 (carries the leaked key)</td><td>expired</td><td></td>')
    expect(result.summary).toContain('- **certificate ID 6301:** expired before this run: nothing was sent')
    expect(result.stdout).toContain('Expired, so not revoked: 6301, 6303.')
  })

  it('gives a match its CA already reports revoked status revoked, without a new revoke request', async () => {
    addOrder(8401, [{ id: 6401, key: LEAKED }, { id: 6402, key: LEAKED }, { id: 6403 }])
    // An order whose certificates are all revoked is no longer `issued`, so each order keeps one that is not.
    addOrder(8402, [{ id: 6404, key: LEAKED }, { id: 6405 }])
    sim.account.markRevoked([6401], 'keyCompromise')
    // Another revoked before this run through CertCentral, with approval skipped.
    const before = await run({ 'certificate-id': '6404', 'skip-approval': 'true', 'private-key': '' })
    expect(before.exitCode).toBe(0)
    expect(sim.account.certificates.get(6404)?.status).toBe('revoked')
    const from = sim.requests.length

    const result = await run({})
    expect(result.exitCode).toBe(0)
    // The duplicate list still shows 6401 `issued` (CertCentral's lists say nothing of revocation): its CA is asked.
    expect(received(from)).toEqual(
      [
        listing(0),
        list(8401, 'duplicate'),
        list(8402, 'duplicate'),
        ...[6401, 6402, 6403, 6404, 6405].map(download),
        OCSP,
        OCSP,
        OCSP,
        OPEN_REQUESTS,
        revoke(6402)
      ].sort()
    )
    expect(result.outputs['matched-certificates']).toBe('6401,6402,6404')
    expect(result.outputs.status).toBe('revoked,pending,revoked')
    expect(results(result.outputs.results)).toEqual([
      { id: '6401', status: 'revoked', matched_by: 'private-key', request_id: null },
      { id: '6402', status: 'pending', matched_by: 'private-key', request_id: 1 },
      { id: '6404', status: 'revoked', matched_by: 'private-key', request_id: null }
    ])
    expect(result.summary).toContain('<td>ID 6401 (carries the leaked key)</td><td>revoked</td><td></td>')
    expect(result.summary).toMatch(
      /- \*\*certificate ID 6401:\*\* already revoked \(revoked at \S+ \(keyCompromise\) according to OCSP at \S+\): nothing was sent/
    )
    expect(result.summary).toMatch(
      /- \*\*certificate ID 6404:\*\* already revoked \(revoked at \S+ according to OCSP at \S+\): nothing was sent/
    )
    expect(result.summary).toContain('**Carried by:** certificates 6401, 6402, 6404')
    expect(result.summary).toContain('(5 downloaded, 0 from the index; 8 CertCentral requests)')
    expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/6404/revoke', '/certificate/6402/revoke'])
  })

  it('scans warm with the index: the listing pages only, plus one confirming download per match', async () => {
    addOrder(8501, [{ id: 6501 }, { id: 6502, key: LEAKED }])
    addOrder(8502, [{ id: 6503, key: LEAKED }])
    addOrder(8503, [{ id: 6504 }, { id: 6505, kind: 'reissue' }])
    sim.maxPageSize = 2
    const index = join(dir, `index-${node.length}-${Date.now()}.json`)

    const cold = await run({ 'certificate-index': index, 'dry-run': 'true' })
    expect(cold.exitCode).toBe(0)
    expect(received()).toEqual(
      [
        listing(0),
        listing(2),
        list(8501, 'duplicate'),
        list(8503, 'reissue'),
        ...[6501, 6502, 6503, 6504, 6505].map(download),
        OCSP,
        OCSP
      ].sort()
    )
    const written = JSON.parse(readFileSync(index, 'utf8')) as { certificates: object; orders: object }
    expect(Object.keys(written.certificates)).toEqual(['6501', '6502', '6503', '6504', '6505'])
    // The index keeps downloads, not lists: every order with duplicates or reissues is listed on every scan.
    expect(written.orders).toEqual({})

    let from = sim.requests.length
    const warm = await run({ 'certificate-index': index, 'dry-run': 'true' })
    expect(warm.exitCode).toBe(0)
    // Nothing changed: the two listing pages, the two orders' lists, and the two matches downloaded again to confirm them.
    expect(received(from)).toEqual(
      [listing(0), listing(2), list(8501, 'duplicate'), list(8503, 'reissue'), download(6502), download(6503), OCSP, OCSP].sort()
    )
    expect(warm.outputs['matched-certificates']).toBe('6502,6503')
    expect(warm.outputs.status).toBe('dry-run,dry-run')
    expect(warm.summary).toContain(
      "**Scanned:** 5 certificates of the account's orders, duplicates and reissues (archived ones too) included (0 downloaded, 5 from the index; 6 CertCentral requests)"
    )
    expect(warm.stdout).toContain(
      'Key scan: 3 orders listed, 3 orders that may hold a valid certificate, 5 certificates (2 orders with duplicates or reissues listed); 5 known from the index, 0 to download.'
    )

    // A new duplicate on an old order: the new certificate's one download.
    const order = sim.account.orders.get(8501)
    if (!order) throw new Error('order 8501 is gone')
    order.certificateIds.push(6506)
    sim.account.certificates.set(6506, {
      ...certificate({ id: 6506, key: LEAKED }),
      kind: 'duplicate',
      status: 'issued',
      orderId: 8501,
      notBefore: new Date(Date.now() - DAY_MS),
      days: 397
    })
    from = sim.requests.length
    const live = await run({ 'certificate-index': index, 'skip-approval': 'true' })
    expect(live.exitCode).toBe(0)
    expect(received(from)).toEqual(
      [
        listing(0),
        listing(2),
        list(8501, 'duplicate'),
        list(8503, 'reissue'),
        download(6502),
        download(6503),
        download(6506),
        OCSP,
        OCSP,
        OCSP,
        revoke(6502),
        revoke(6503),
        revoke(6506)
      ].sort()
    )
    expect(live.outputs['matched-certificates']).toBe('6502,6503,6506')
    expect(live.outputs.status).toBe('submitted,submitted,submitted')
    expect(live.summary).toContain('(1 downloaded, 5 from the index; 7 CertCentral requests)')
    expect(live.summary).toContain('**Carried by:** certificates 6502, 6503, 6506')
  })

  it('finds an archived duplicate and the certificate of an order waiting for a reissue, and skips what holds no certificate', async () => {
    addOrder(8601, [{ id: 6601 }, { id: 6602, key: LEAKED, archived: true }, { id: 6603, status: 'pending' }])
    addOrder(8602, [
      { id: 6604, key: LEAKED, pendingReissue: true },
      { id: 6605, kind: 'reissue', status: 'rejected' }
    ])
    sim.account.addOrder({ id: 8603, status: 'needs_approval', certificates: [certificate({ id: 6606, key: LEAKED })] })
    addOrder(8604, [{ id: 6607, key: LEAKED }])
    sim.account.markRevoked([6607]) // the order is revoked with its only certificate: skipped
    const result = await run({ 'skip-approval': 'true' })

    // The archived duplicate is revoked; CertCentral refuses the certificate whose order waits for a reissue.
    expect(received()).toEqual(
      [
        listing(0),
        list(8601, 'duplicate'),
        list(8602, 'reissue'),
        download(6601),
        download(6602),
        download(6604),
        // Asked about each match before it is revoked, and once more about the refused one.
        OCSP,
        OCSP,
        OCSP,
        revoke(6602),
        revoke(6604)
      ].sort()
    )
    expect(result.outputs['matched-certificates']).toBe('6602,6604')
    expect(result.outputs.status).toBe('submitted,failed')
    expect(sim.account.certificates.get(6602)?.status).toBe('revoked')
    expect(sim.account.certificates.get(6604)?.status).toBe('issued')
    expect(result.exitCode).toBe(1)
    const advice = 'cancel the pending reissue in CertCentral (or let it complete), then run again'
    expect(result.summary).toContain(advice)
    expect(result.stdout).toContain(advice)
    expect(result.summary).toContain('HTTP 400 pending&#95;reissue: Certificates with a pending reissue cannot be revoked.')
  })

  it('fails the scan for a certificate whose download is another certificate, naming it, and still revokes the matches', async () => {
    addOrder(8701, [{ id: 6701, key: LEAKED }, { id: 6702 }])
    addOrder(8702, [{ id: 6703 }])
    sim.account.downloadServesPrimary = true
    const result = await run({ 'dry-run': 'true' })

    expect(received()).toEqual([listing(0), list(8701, 'duplicate'), ...[6701, 6702, 6703].map(download), OCSP].sort())
    expect(result.outputs['matched-certificates']).toBe('6701')
    expect(result.exitCode).toBe(1)
    const why = `the download is not the certificate listed: its serial number is ${serialFor(6701).replace(/^0+/, '')}, the listing gives ${serialFor(6702).replace(/^0+/, '')}`
    expect(result.summary).toContain(`6702 (HTTP 200 ${why})`)
    expect(result.stdout).toContain(why)
  })

  it('reads a listing whose page.total is not a count to an empty page (without orders), and one whose total shrinks to its largest', async () => {
    for (const id of [6801, 6802, 6803]) addOrder(id + 2000, [{ id, key: id === 6803 ? LEAKED : undefined }])
    sim.maxPageSize = 1
    // The simulator's own page, with page.total replaced, in turn, by what is not a count.
    const totals: unknown[] = [null, '', false, -1, 'many']
    sim.inject({ method: 'GET', path: /^\/order\/certificate$/, times: 5 }, (request: { query: string }) => {
      const query = new URLSearchParams(request.query)
      const { body } = sim.account.listOrders({
        key: sim.keys.admin,
        offset: Number(query.get('offset')),
        limit: Number(query.get('limit'))
      })
      const page = body as { orders?: object[]; page: object }
      return { status: 200, body: { ...page, page: { ...page.page, total: totals.shift() } } }
    })
    const result = await run({ 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    // Four pages: three orders, then the empty page (no `orders` key) that ends a listing without a believable total.
    expect(received()).toEqual([listing(0), listing(1), listing(2), listing(3), ...[6801, 6802, 6803].map(download), OCSP].sort())
    expect(result.outputs['matched-certificates']).toBe('6803')

    const from = sim.requests.length
    const shrinking = [3, 1]
    sim.inject({ method: 'GET', path: /^\/order\/certificate$/, times: 2 }, (request: { query: string }) => {
      const offset = Number(new URLSearchParams(request.query).get('offset'))
      const { body } = sim.account.listOrders({ key: sim.keys.admin, offset, limit: 1000 })
      const page = body as { orders?: object[]; page: object }
      return { status: 200, body: { ...page, page: { ...page.page, total: shrinking.shift() } } }
    })
    const again = await run({ 'dry-run': 'true' })
    expect(again.exitCode).toBe(0)
    expect(received(from)).toEqual([listing(0), listing(1), listing(2), ...[6801, 6802, 6803].map(download), OCSP].sort())
    expect(again.outputs['matched-certificates']).toBe('6803')
  })

  it('fails the scan, naming the order, when an order of the listing has no numeric certificate ID; a listing that repeats ends it', async () => {
    addOrder(8901, [{ id: 6901, key: LEAKED }])
    addOrder(8902, [{ id: 6902 }])
    sim.inject({ method: 'GET', path: /^\/order\/certificate$/ }, () => {
      const { body } = sim.account.listOrders({ key: sim.keys.admin })
      const page = body as { orders: { id: number; certificate: object }[]; page: object }
      const orders = page.orders.map((order) =>
        order.id === 8902 ? { ...order, certificate: { ...order.certificate, id: 'x6902' } } : order
      )
      return { status: 200, body: { ...page, orders } }
    })
    const result = await run({ 'skip-approval': 'true' })
    expect(result.outputs['matched-certificates']).toBe('6901')
    expect(sim.account.certificates.get(6901)?.status).toBe('revoked') // the match is still revoked
    expect(result.exitCode).toBe(1)
    expect(result.summary).toContain('order 8902 (HTTP 200 the order list gives no numeric certificate ID for it)')

    const from = sim.requests.length
    sim.maxPageSize = 1
    sim.inject({ method: 'GET', path: /^\/order\/certificate$/, times: 2 }, () => ({
      status: 200,
      body: sim.account.listOrders({ key: sim.keys.admin, offset: 0, limit: 1 }).body
    }))
    const looping = await run({ 'dry-run': 'true' })
    expect(received(from)).toEqual([listing(0), listing(1)])
    expect(looping.exitCode).toBe(1)
    expect(looping.summary).toContain('the order list repeated orders it had already listed (page 2)')
  })
})
