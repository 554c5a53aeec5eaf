import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startAcmeServer, type AcmeServer } from '../../simulator/acme.js'
import { spkiSha256, startCtServer, type CtServer } from '../../simulator/ct.js'
import { makeCa, pemOf } from '../../simulator/x509.js'
import { confirmEntries, readLogged } from '../../src/ct/confirm.js'
import { CtService, groupEntries, MAX_ENTRIES, normalSerial, readListing, type CtEntry } from '../../src/ct/service.js'

const entry = (id: string, serialNumber: string, issuerName = "C=US, O=Let's Encrypt, CN=R10"): CtEntry => ({
  id,
  issuerName,
  serialNumber,
  notBefore: '2026-01-01T00:00:00',
  notAfter: '2027-01-01T00:00:00'
})

/** DER, enough of it to write a certificate by hand: a TLV, a SEQUENCE, an attribute of a Name. */
const tlv = (tag: number, ...contents: Buffer[]): Buffer => {
  const body = Buffer.concat(contents)
  const length = body.length < 0x80 ? [body.length] : [0x82, body.length >> 8, body.length & 0xff]
  return Buffer.concat([Buffer.from([tag, ...length]), body])
}
const sequence = (...items: Buffer[]) => tlv(0x30, ...items)
const rdn = (type: 'C' | 'O' | 'CN', value: string) =>
  tlv(0x31, sequence(tlv(0x06, Buffer.from([0x55, 0x04, { C: 6, O: 10, CN: 3 }[type]])), tlv(0x0c, Buffer.from(value, 'utf8'))))

/** A version 1 certificate (no extensions at all) for `publicKey`, issued by a Name of the RDNs given. */
function versionOne(publicKey: KeyObject, signingKey: KeyObject, issuer: Buffer[]): string {
  const ecdsaWithSha256 = sequence(tlv(0x06, Buffer.from('2a8648ce3d040302', 'hex')))
  const tbs = sequence(
    tlv(0x02, Buffer.from('0e07', 'hex')),
    ecdsaWithSha256,
    sequence(...issuer),
    sequence(tlv(0x17, Buffer.from('250101000000Z')), tlv(0x17, Buffer.from('490101000000Z'))),
    sequence(rdn('CN', 'leaf')),
    publicKey.export({ type: 'spki', format: 'der' })
  )
  return pemOf(sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.from([0]), sign('sha256', tbs, signingKey))))
}

/** A server of the test's own on loopback, for answers the simulated crt.sh does not give. */
async function loopback(handle: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}

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
  it('takes an ID of 1 to 18 digits without a leading zero (or a safe positive integer) and a serial of 1 to 80 hex digits, nothing around them', () => {
    const notAnEntry = { failure: 'entry 1 of the CT search answer is not a certificate entry' }
    const read = (changes: Record<string, unknown>) => readListing(JSON.stringify([{ ...item, ...changes }]))
    for (const id of ['7', '5123456781', '999999999999999999']) expect(read({ id })).toEqual({ entries: [expect.objectContaining({ id })] })
    expect(read({ id: Number.MAX_SAFE_INTEGER })).toEqual({ entries: [expect.objectContaining({ id: '9007199254740991' })] })
    for (const id of ['01', 'x1', '1x', '', '1000000000000000000', -3, 2 ** 53, '1.5', true, null]) expect(read({ id })).toEqual(notAnEntry)
    for (const serial of ['0', 'aBcDeF09', 'f'.repeat(80)])
      expect(read({ serial_number: serial })).toEqual({ entries: [expect.objectContaining({ serialNumber: serial })] })
    for (const serial of ['', 'x0ab', '0abx', '0a b', 'f'.repeat(81), 171]) expect(read({ serial_number: serial })).toEqual(notAnEntry)
    expect(read({ not_before: undefined })).toEqual(notAnEntry)
    expect(read({ not_after: 7 })).toEqual(notAnEntry)
    for (const bad of [null, 'entry', 12, [item]]) expect(readListing(JSON.stringify([bad]))).toEqual(notAnEntry)
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
    // Only leading zeros go.
    expect(normalSerial('0100')).toBe('100')
    expect(normalSerial('10a0')).toBe('10A0')
  })
  it('orders a group by the IDs as numbers, not as text', () => {
    const groups = groupEntries([entry('9', '01'), entry('123456789012345678', '01'), entry('10', '01'), entry('123456789012345679', '01')])
    expect(groups.map((group) => group.map((e) => e.id))).toEqual([['123456789012345679', '123456789012345678', '10', '9']])
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
  const logged: string[] = []
  const service = (maxAttempts = 3, baseUrl = ct.url) =>
    new CtService({
      baseUrl,
      timeoutMs: 5000,
      maxAttempts,
      userAgent: 'test',
      clock,
      addresses: { exemptHosts: [baseUrl] },
      log: (message) => logged.push(message),
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

  it('asks for JSON, and retries with the wait Retry-After gives, or else the backoff, saying so', async () => {
    sleeps.length = 0
    logged.length = 0
    ct.fail503 = 1
    const client = service()
    expect(await client.search('00')).toEqual({ entries: [] })
    // Retry-After: 0, then the pacing's second.
    expect(sleeps).toEqual([0, 1000])
    expect(logged).toEqual(['CT search: HTTP 503; attempt 2 of 3 in 0.0 s.'])
    expect(ct.searches().at(-1)?.headers.accept).toBe('application/json')
    expect(ct.searches().at(-1)?.method).toBe('GET')
    sleeps.length = 0
    logged.length = 0
    ct.down = true
    const down = service(3)
    const failed = await down.search('00')
    ct.down = false
    expect(failed).toEqual({ failure: 'the CT search answered HTTP 503 (Service Unavailable)' })
    expect(down.requests).toBe(3)
    // No Retry-After: about 1 s, then 2 s (jitter at its top), which cover the pacing.
    expect(sleeps).toEqual([1000, 2000])
    expect(logged).toEqual(['CT search: HTTP 503; attempt 2 of 3 in 1.0 s.', 'CT search: HTTP 503; attempt 3 of 3 in 2.0 s.'])
  })

  it('asks for a download as PEM, and names it when it retries', async () => {
    logged.length = 0
    // Another key's: this test's certificate is not to be listed in the next one's search.
    const id = ct.add(acme.issue(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey))
    ct.fail503 = 1
    const client = service(2)
    expect(await client.download(String(id))).toEqual({ pem: ct.entries.find((e) => e.id === id)?.pem })
    expect(logged).toEqual([`CT download ${id}: HTTP 503; attempt 2 of 2 in 0.0 s.`])
    expect(ct.downloads().at(-1)?.headers.accept).toBe('application/x-pem-file, */*')
    expect(ct.downloads().at(-1)?.method).toBe('GET')
  })

  it('takes a redirect as the answer, not following it', async () => {
    const redirecting = await loopback((request, response) => {
      if (request.url?.startsWith('/elsewhere')) response.writeHead(200, { 'Content-Type': 'application/json' }).end('[]')
      else response.writeHead(302, { Location: '/elsewhere', 'Content-Type': 'text/plain' }).end('Found')
    })
    try {
      const client = service(3, redirecting.url)
      expect(await client.search('00')).toEqual({ failure: 'the CT search answered HTTP 302 (Found)' })
      expect(await client.download('1')).toEqual({ failure: 'the download answered HTTP 302 (Found)' })
      expect(client.requests).toBe(2)
    } finally {
      await redirecting.close()
    }
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

  it('says in the log why it retries a connection, and fails a search that got no answer', async () => {
    sleeps.length = 0
    logged.length = 0
    const closed = service(2, 'http://127.0.0.1:9/')
    expect(await closed.download('1')).toEqual({ failure: 'connection refused (ECONNREFUSED) (after 2 attempts)' })
    expect(logged).toEqual(['CT download 1: connection refused (ECONNREFUSED); attempt 2 of 2 in 1.0 s.'])
    expect(await service(1, 'http://127.0.0.1:9/').search('00')).toEqual({
      failure: 'connection refused (ECONNREFUSED) (after 1 attempt)'
    })
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
    // Nor by another final certificate, nor a precertificate by another precertificate: the first read is kept.
    pemOf['16'] = acme.issue(key.publicKey, { serialNumber: '0e5' })
    const twoFinals = await confirmEntries([listed[1], entry('16', '05', 'CN=E')], spki, downloads)
    expect(twoFinals.certificates.map((c) => c.ctId)).toEqual(['6'])
    const twoPrecertificates = await confirmEntries([listed[0], listed[2]], spki, downloads)
    expect(twoPrecertificates.certificates.map((c) => [c.ctId, c.kind === 'confirmed' && c.precertificate])).toEqual([['5', true]])
  })

  it('within a group, takes the final certificate even when its precertificate has the higher ID', async () => {
    const pemOf: Record<string, string> = {
      '11': acme.issue(key.publicKey, { serialNumber: '0e7', precertificate: true }),
      '10': acme.issue(key.publicKey, { serialNumber: '0e7' })
    }
    const downloads = { download: async (id: string) => ({ pem: pemOf[id] }) } as unknown as CtService
    const confirmation = await confirmEntries([entry('11', '0e7'), entry('10', '0e7')], spkiSha256(pemOf['10']), downloads)
    expect(confirmation.downloads).toBe(2)
    expect(confirmation.certificates.map((c) => [c.ctId, c.kind === 'confirmed' && c.precertificate])).toEqual([['10', false]])
  })

  it('leaves an entry unconfirmed when what it downloads is no certificate, and still confirms the rest of its group', async () => {
    const pemOf: Record<string, string> = {
      '21': 'nothing',
      '20': acme.issue(key.publicKey, { serialNumber: '0e8' }),
      '30': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'
    }
    const downloads = { download: async (id: string) => ({ pem: pemOf[id] }) } as unknown as CtService
    const confirmation = await confirmEntries(
      [entry('21', '0e8'), entry('20', '0e8'), entry('30', '0e9')],
      spkiSha256(pemOf['20']),
      downloads
    )
    expect(confirmation).toMatchObject({ dropped: 0, downloads: 3 })
    expect(confirmation.certificates.map((c) => [c.kind, c.ctId, c.serial])).toEqual([
      ['confirmed', '20', 'E8'],
      ['unconfirmed', '30', 'E9']
    ])
    expect(confirmation.certificates[1]).toMatchObject({ why: 'the downloaded certificate could not be read' })
    const alone = await confirmEntries([entry('21', '0e8')], spkiSha256(pemOf['20']), downloads)
    expect(alone).toMatchObject({ dropped: 0, downloads: 1 })
    expect(alone.certificates).toEqual([
      {
        kind: 'unconfirmed',
        ctId: '21',
        issuer: "C=US, O=Let's Encrypt, CN=R10",
        serial: 'E8',
        notAfter: '2027-01-01T00:00:00',
        why: 'the download holds no PEM certificate'
      }
    ])
  })

  it('reads a version 1 certificate (no extensions) and an issuer without a CN or an O', () => {
    const read = readLogged('4', versionOne(key.publicKey, key.privateKey, [rdn('C', 'US')]))
    if (typeof read === 'string') throw new Error(read)
    expect(read.fingerprint).toBe(spkiSha256(acme.issue(key.publicKey)))
    // No issuerCommonName or issuerOrganisation at all, not even undefined ones.
    expect(Object.keys(read.certificate).sort()).toEqual(['ctId', 'der', 'issuer', 'kind', 'notAfter', 'pem', 'precertificate', 'serial'])
    expect(read.certificate).toEqual({
      kind: 'confirmed',
      ctId: '4',
      pem: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----$/),
      der: expect.any(Buffer),
      issuer: 'C=US',
      serial: 'E07',
      notAfter: '2049-01-01T00:00:00.000Z',
      precertificate: false
    })
    const withOrganisation = readLogged('5', versionOne(key.publicKey, key.privateKey, [rdn('C', 'US'), rdn('O', 'Only Org')]))
    if (typeof withOrganisation === 'string') throw new Error(withOrganisation)
    expect(withOrganisation.certificate.issuer).toBe('O=Only Org, C=US')
    expect(withOrganisation.certificate.issuerOrganisation).toBe('Only Org')
    expect('issuerCommonName' in withOrganisation.certificate).toBe(false)
  })

  it('reads a certificate with an empty issuer name (Node gives it as undefined) as issuer "", never crashing', () => {
    const read = readLogged('6', versionOne(key.publicKey, key.privateKey, []))
    if (typeof read === 'string') throw new Error(read)
    expect(read.certificate.issuer).toBe('')
    expect('issuerCommonName' in read.certificate).toBe(false)
    expect('issuerOrganisation' in read.certificate).toBe(false)
    expect(read.certificate.serial).toBe('E07')
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
