import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { startAcmeServer, type AcmeServer } from '../../simulator/acme.js'
import { spkiSha256, startCtServer, type CtServer } from '../../simulator/ct.js'
import { makeCa } from '../../simulator/x509.js'
import { confirmEntries, readLogged } from '../../src/ct/confirm.js'
import { CtService, groupEntries, MAX_ENTRIES, normalSerial, readListing, type CtEntry } from '../../src/ct/service.js'

const entry = (id: string, serialNumber: string, issuerName = "C=US, O=Let's Encrypt, CN=R10"): CtEntry => ({
  id,
  issuerName,
  serialNumber,
  notBefore: '2026-01-01T00:00:00',
  notAfter: '2027-01-01T00:00:00'
})

describe('readListing', () => {
  const item = { id: 12, issuer_name: 'CN=R10', serial_number: '00ab', not_before: 'a', not_after: 'b' }
  it('reads crt.sh entries', () => {
    expect(readListing(JSON.stringify([item, { ...item, id: '13' }]))).toEqual({
      entries: [
        { id: '12', issuerName: 'CN=R10', serialNumber: '00ab', notBefore: 'a', notAfter: 'b' },
        { id: '13', issuerName: 'CN=R10', serialNumber: '00ab', notBefore: 'a', notAfter: 'b' }
      ]
    })
    expect(readListing('[]')).toEqual({ entries: [] })
  })
  it('fails a search whose answer is not an array of entries', () => {
    expect(readListing('<html>')).toEqual({ failure: 'the CT search answer is not JSON' })
    expect(readListing('{"id":1}')).toEqual({ failure: 'the CT search answer is not a JSON array' })
    for (const bad of [
      { ...item, id: 0 },
      { ...item, id: '1x' },
      { ...item, id: 1.5 },
      { ...item, serial_number: 'xyz' },
      { ...item, issuer_name: 5 },
      { ...item, not_after: null },
      null,
      [item]
    ])
      expect(readListing(JSON.stringify([item, bad]))).toEqual({ failure: 'entry 2 of the CT search answer is not a certificate entry' })
  })
  it('fails a search of more than 10,000 entries, and takes exactly 10,000', () => {
    expect(readListing(JSON.stringify(Array.from({ length: MAX_ENTRIES + 1 }, () => item)))).toEqual({
      failure: 'the CT search listed 10001 entries, more than 10000'
    })
    expect('entries' in readListing(JSON.stringify(Array.from({ length: MAX_ENTRIES }, () => item)))).toBe(true)
  })
})

describe('groupEntries', () => {
  it('makes one certificate of a precertificate and its certificate (same issuer and serial), highest ID first', () => {
    const groups = groupEntries([entry('5', '00ab'), entry('9', 'AB'), entry('7', 'cd'), entry('9', 'ab'), entry('6', 'ab', 'CN=Other')])
    expect(groups.map((group) => group.map((e) => e.id))).toEqual([['9', '5'], ['7'], ['6']])
  })
  it('normalises serials', () => {
    expect(normalSerial('000aBc')).toBe('ABC')
    expect(normalSerial('00')).toBe('0')
  })
})

describe('CtService and confirmEntries against the simulated crt.sh', () => {
  let ct: CtServer
  let acme: AcmeServer
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const sleeps: number[] = []
  let now = 0
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    }
  }
  const service = (maxAttempts = 3) =>
    new CtService({
      baseUrl: ct.url,
      timeoutMs: 5000,
      maxAttempts,
      userAgent: 'test',
      clock,
      addresses: { exemptHosts: [ct.url] },
      random: () => 1
    })
  beforeAll(async () => {
    ;[ct, acme] = await Promise.all([startCtServer(), startAcmeServer()])
  })
  afterAll(async () => Promise.all([ct.close(), acme.close()]))

  it('paces requests at one a second', async () => {
    sleeps.length = 0
    const client = service()
    await client.search('00')
    await client.search('00')
    now += 400
    await client.search('00')
    expect(sleeps).toEqual([1000, 600])
    expect(client.requests).toBe(3)
  })

  it('retries 503 after Retry-After, and gives up after max-attempts with the status', async () => {
    sleeps.length = 0
    ct.fail503 = 1
    const client = service()
    expect(await client.search('00')).toEqual({ entries: [] })
    expect(client.requests).toBe(2)
    ct.down = true
    const failed = await service(2).search('00')
    ct.down = false
    expect(failed).toEqual({ failure: 'the CT search answered HTTP 503 (Service Unavailable)' })
  })

  it('confirms by download, prefers the certificate to its precertificate, drops another key, and leaves a failed download unconfirmed', async () => {
    const spki = spkiSha256(acme.issue(key.publicKey))
    const pre = ct.add(acme.issue(key.publicKey, { serialNumber: '0e1', precertificate: true }))
    const final = ct.add(acme.issue(key.publicKey, { serialNumber: '0e1' }))
    const onlyPre = ct.add(acme.issue(key.publicKey, { serialNumber: '0e2', precertificate: true }))
    ct.add(acme.issue(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, { serialNumber: '0e3' }), { listedAs: spki })
    const missing = ct.add(acme.issue(key.publicKey, { serialNumber: '0e4' }))
    ct.failDownloads.add(missing)
    const client = service()
    const listing = await client.search(spki)
    if (!('entries' in listing)) throw new Error(listing.failure)
    const confirmation = await confirmEntries(listing.entries, spki, client)
    expect(confirmation.dropped).toBe(1)
    expect(confirmation.downloads).toBe(4)
    expect(confirmation.certificates.map((c) => [c.kind, c.ctId, c.serial])).toEqual([
      ['unconfirmed', String(missing), 'E4'],
      ['confirmed', String(onlyPre), 'E2'],
      ['confirmed', String(final), 'E1']
    ])
    expect(confirmation.certificates[0]).toMatchObject({ why: 'the download answered HTTP 404 (Certificate not found)' })
    expect(confirmation.certificates[1]).toMatchObject({
      precertificate: true,
      issuerOrganisation: 'Simulated ACME CA',
      issuerCommonName: 'Simulated ACME R1'
    })
    expect(confirmation.certificates[2]).toMatchObject({ precertificate: false, issuer: 'CN=Simulated ACME R1, O=Simulated ACME CA' })
    expect(pre).toBeLessThan(final)
  })

  it('retries a connection that fails, with exponential backoff, and says why it gave up', async () => {
    sleeps.length = 0
    const closed = new CtService({
      baseUrl: 'http://127.0.0.1:9/',
      timeoutMs: 2000,
      maxAttempts: 3,
      userAgent: 'test',
      clock,
      addresses: { exemptHosts: ['http://127.0.0.1:9/'] },
      random: () => 1
    })
    const result = await closed.download('1')
    expect(result).toEqual({ failure: 'connection refused (ECONNREFUSED) (after 3 attempts)' })
    expect(closed.requests).toBe(3)
    // About 1 s, then 2 s (jitter at its top); the pacing needs no wait of its own after a backoff of 1 s or more.
    expect(sleeps).toEqual([1000, 2000])
  })

  it('does not retry a download larger than a certificate can be, and paces downloads with searches', async () => {
    sleeps.length = 0
    const id = ct.add(acme.issue(key.publicKey))
    const logged = ct.entries.find((entry) => entry.id === id)
    if (!logged) throw new Error('not logged')
    logged.pem += ' '.repeat(300 * 1024)
    const client = service()
    await client.search('00')
    expect(await client.download(String(id))).toEqual({ failure: 'the answer is larger than 256 KiB (after 1 attempt)' })
    expect(client.requests).toBe(2)
    expect(sleeps).toEqual([1000])
  })

  it('does not retry a 404, and reads a download only when 200', async () => {
    const client = service()
    expect(await client.download('999')).toEqual({ failure: 'the download answered HTTP 404 (Certificate not found)' })
    expect(client.requests).toBe(1)
  })

  it('reads a precertificate by its poison extension, not by the bytes of its OID (a serial may hold them)', () => {
    const oidBytes = '060a2b06010401d679020403' // the DER of 1.3.6.1.4.1.11129.2.4.3
    const final = readLogged('1', acme.issue(key.publicKey, { serialNumber: oidBytes }))
    const pre = readLogged('2', acme.issue(key.publicKey, { serialNumber: oidBytes, precertificate: true }))
    if (typeof final === 'string' || typeof pre === 'string') throw new Error('unreadable')
    expect(final.certificate.der.includes(Buffer.from(oidBytes, 'hex'))).toBe(true)
    expect([final.certificate.precertificate, pre.certificate.precertificate]).toEqual([false, true])
    expect(final.certificate.serial).toBe('60A2B06010401D679020403')
  })

  it('keeps one certificate per issuer and serial read from the certificates, the final one, whatever the listing says', async () => {
    const pemOf: Record<string, string> = {
      '5': acme.issue(key.publicKey, { serialNumber: '0e5', precertificate: true }),
      '6': acme.issue(key.publicKey, { serialNumber: '0e5' }),
      '7': acme.issue(key.publicKey, { serialNumber: '0e5', precertificate: true }),
      '8': acme.issue(key.publicKey, { serialNumber: '0e6' })
    }
    const downloads = { download: async (id: string) => ({ pem: pemOf[id] }) } as unknown as CtService
    const spki = spkiSha256(pemOf['8'])
    // The listing names each under another issuer or serial: four groups, two certificates.
    const listed = [
      entry('5', '01', 'CN=A'),
      entry('6', '02', 'CN=B'),
      entry('7', '03', 'CN=C'),
      entry('8', '04', 'CN=D'),
      entry('9', '04', 'CN=D')
    ]
    pemOf['9'] = pemOf['8']
    const confirmation = await confirmEntries(listed, spki, downloads)
    expect(confirmation.certificates.map((c) => [c.ctId, c.serial, c.kind === 'confirmed' && c.precertificate])).toEqual([
      ['6', 'E5', false],
      ['9', 'E6', false]
    ])
    // The final certificate listed first is not displaced by its precertificate listed after it.
    const reversed = await confirmEntries([listed[1], listed[0]], spki, downloads)
    expect(reversed.certificates.map((c) => c.ctId)).toEqual(['6'])
  })

  it('reads a hostile issuer name safely: redacted before it is cut, one line, without format characters', () => {
    const secret = 'SECRETVALUE1234'
    // The secret straddles the 100 characters an issuer's part is cut to: cut first, half of it would stay.
    const organisation = `${'x'.repeat(95)}${secret}`
    const ca = makeCa('Evil\u202e CA\r\n::error::forged https://evil.example/', organisation)
    const read = readLogged('3', acme.issue(key.publicKey, { ca }), (text) => text.replaceAll(secret, '***'))
    if (typeof read === 'string') throw new Error(read)
    expect(read.certificate.issuerOrganisation).toBe(`${'x'.repeat(95)}***`)
    // Node writes a line break inside a name escaped (\0D\0A); the bidi override is removed.
    expect(read.certificate.issuerCommonName).toBe('Evil CA\\0D\\0A::error::forged https://evil.example/')
    expect(read.certificate.issuer).toBe(`CN=Evil CA\\0D\\0A::error::forged https://evil.example/, O=${'x'.repeat(95)}***`)
    expect(read.certificate.issuer).not.toMatch(/SECRET|[\r\n\u202e]/)
  })

  it('readLogged refuses what is not a certificate', () => {
    expect(readLogged('1', 'nothing')).toBe('the download holds no PEM certificate')
    expect(readLogged('1', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toBe(
      'the downloaded certificate could not be read'
    )
  })
})
