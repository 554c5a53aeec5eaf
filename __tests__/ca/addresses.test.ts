/** Which addresses URLs from outside may reach: every spelling of a non-public address, and the two exceptions. */
import { describe, expect, it, jest } from '@jest/globals'
import * as dns from 'node:dns'
import type { LookupAddress, LookupOptions } from 'node:dns'
import type { AddressPolicy } from '../../src/ca/addresses.js'

/** dual.invalid has an IPv6 and an IPv4 address, in that order. */
const DUAL: LookupAddress[] = [
  { address: '2606:4700::1111', family: 6 },
  { address: '8.8.8.8', family: 4 }
]

/**
 * Node's own lookup, but for dual.invalid, answered as Node would under --dns-result-order=ipv4first: in the
 * resolver's order only when asked verbatim (IPv4 first otherwise), and every address only when asked for all.
 */
function nodeLookup(hostname: string, options: LookupOptions, callback: (...answer: unknown[]) => void): void {
  if (hostname !== 'dual.invalid') return void (dns.lookup as (...args: unknown[]) => void)(hostname, options, callback)
  const addresses = options.verbatim === true || options.order === 'verbatim' ? DUAL : [DUAL[1], DUAL[0]]
  process.nextTick(() => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)))
}
jest.unstable_mockModule('node:dns', () => ({ ...dns, lookup: nodeLookup }))
const { addressKind, AddressGuard, AddressRefused, bare } = await import('../../src/ca/addresses.js')
type AddressGuard = InstanceType<typeof AddressGuard>

/** The address a URL's host becomes once the URL parser has normalised it. */
const hostOf = (url: string) => bare(new URL(url).hostname)

describe('addressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['::2', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.0', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fe80:0:0:0:0:0:0:1', 'link-local'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'],
    ['64:ff9b:1::1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['192.0.0.8', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['240.0.0.255', 'reserved'],
    ['240.0.255.255', 'reserved'],
    ['255.0.255.255', 'reserved'],
    ['255.255.0.255', 'reserved'],
    ['255.255.255.255', 'multicast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['ff02::1', 'multicast'],
    // IPv4 addresses carried in IPv6
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:127.0.0.10', 'loopback'],
    ['::ffff:127.0.10.1', 'loopback'],
    ['::ffff:127.0.0.1%eth0', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['0:0:0:0:0:ffff:10.0.0.1', 'private'],
    ['::ffff:255.255.255.255', 'multicast'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::', 'private']
  ])('%s is %s', (ip, kind) => {
    expect(addressKind(ip)).toBe(kind)
  })

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.1',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    // the second byte of a non-public range, after another first byte
    '8.254.0.1',
    '8.168.0.1',
    '8.64.0.1',
    '8.18.0.1',
    '8.19.0.1',
    '2606:4700::1111',
    '2001:db8::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '64:ff9b:2::1',
    '2002:808:808::1',
    'fe00::1',
    'fbff::1',
    '::2:0:0:1',
    '::fffe:7f00:1',
    '::1:ffff:7f00:1',
    '64:ff9b:0:0:1::7f00:1',
    '64:ff9b:101::1',
    '::ff:7f00:1',
    // 127.0.0.1 behind a prefix one byte off NAT64's (64:ff9b::/96) or 6to4's (2002::/16)
    '1:9b::7f00:1',
    '1:ff9b::7f00:1',
    '164:ff9b::7f00:1',
    '65:ff9b::7f00:1',
    '64:fe9b::7f00:1',
    '64:ff9c::7f00:1',
    '2001:7f00:1::1',
    // fe80::/10's second byte after another first byte
    '2a80::1'
  ])('%s is public', (ip) => {
    expect(addressKind(ip)).toBeUndefined()
  })

  it('is undefined for what is no IP address', () => {
    expect(addressKind('localhost')).toBeUndefined()
    expect(addressKind('')).toBeUndefined()
    expect(addressKind('999.1.1.1')).toBeUndefined()
  })

  it('reads the URL forms of an address once the URL parser has normalised them, brackets too', () => {
    const urls = [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://0/',
      'http://0xa9fea9fe/',
      'http://[::ffff:169.254.169.254]/'
    ]
    expect(urls.map((url) => addressKind(new URL(url).hostname))).toStrictEqual([
      'loopback',
      'loopback',
      'loopback',
      'loopback',
      'loopback',
      'loopback',
      'unspecified',
      'link-local',
      'link-local'
    ])
    expect(hostOf('http://2130706433/')).toBe('127.0.0.1')
  })
})

describe('bare', () => {
  it('takes off the brackets only when they hold the whole host', () => {
    expect(bare('[::1]')).toBe('::1')
    expect(bare('::1')).toBe('::1')
    expect(bare('[::1]:443')).toBe('[::1]:443')
    expect(bare('x[::1]')).toBe('x[::1]')
  })
})

/** A resolver from a table; a name not in it does not resolve. */
function resolver(table: Record<string, string[]>, calls: string[] = []): AddressPolicy['resolve'] {
  return async (hostname) => {
    calls.push(hostname)
    const addresses = table[hostname]
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
}

describe('AddressGuard.check', () => {
  it('refuses the first address that is not public, naming the host, the address and its kind', async () => {
    const guard = new AddressGuard()
    const refused = await guard.check('ocsp.example.invalid', ['8.8.8.8', '169.254.169.254', '10.0.0.1'])

    expect(refused).toBeInstanceOf(AddressRefused)
    expect(refused).toMatchObject({ host: 'ocsp.example.invalid', address: '169.254.169.254', kind: 'link-local', code: 'EADDRESSREFUSED' })
    expect(refused?.name).toBe('AddressRefused')
    expect(refused?.message).toBe(
      'refused ocsp.example.invalid, at 169.254.169.254: a link-local (cloud metadata) address, and only public ones are asked'
    )
    expect(await guard.check('ocsp.example.invalid', ['8.8.8.8', '2606:4700::1111'])).toBeUndefined()
  })

  it('words each kind, and does not repeat an address that is its own host', async () => {
    const guard = new AddressGuard()
    const messages = await Promise.all(
      ['0.0.0.0', '[::1]', '10.0.0.1', '100.64.0.1', '224.0.0.1', '240.0.0.1'].map(
        async (host) => (await guard.checkLiteral(host))?.message
      )
    )
    expect(messages.map((message) => message)).toStrictEqual([
      'refused 0.0.0.0: an unspecified address, and only public ones are asked',
      'refused ::1: a loopback address, and only public ones are asked',
      'refused 10.0.0.1: a private address, and only public ones are asked',
      'refused 100.64.0.1: a shared (carrier-grade NAT) address, and only public ones are asked',
      'refused 224.0.0.1: a multicast or broadcast address, and only public ones are asked',
      'refused 240.0.0.1: a reserved address, and only public ones are asked'
    ])
  })

  it('allows the kinds of address base-url is on, and only those', async () => {
    const guard = new AddressGuard({ baseUrl: 'http://127.0.0.1:8080/services/v2' })

    expect(await guard.check('ca.invalid', ['127.0.0.1', '::1'])).toBeUndefined()
    expect(await guard.check('ca.invalid', ['169.254.169.254'])).toMatchObject({ kind: 'link-local' })
    expect(await guard.check('ca.invalid', ['10.0.0.1'])).toMatchObject({ kind: 'private' })
  })

  it('allows private addresses with an internal mirror as base-url, resolving its name once, and only when needed', async () => {
    const calls: string[] = []
    const guard = new AddressGuard({
      baseUrl: 'https://certcentral.corp.invalid/services/v2',
      resolve: resolver({ 'certcentral.corp.invalid': ['10.1.2.3'] }, calls)
    })

    expect(await guard.check('ocsp.example.invalid', ['8.8.8.8'])).toBeUndefined()
    expect(calls).toStrictEqual([])
    expect(await guard.check('ocsp.corp.invalid', ['192.168.0.10'])).toBeUndefined()
    expect(await guard.check('ocsp.corp.invalid', ['fd00::10'])).toBeUndefined()
    expect(await guard.check('ocsp.corp.invalid', ['127.0.0.1'])).toMatchObject({ kind: 'loopback' })
    expect(calls).toStrictEqual(['certcentral.corp.invalid'])
  })

  it('allows nothing more when base-url is public, does not resolve, or cannot be read', async () => {
    for (const baseUrl of ['https://www.digicert.com/services/v2', 'https://gone.invalid/', 'not a url', undefined]) {
      const guard = new AddressGuard({ baseUrl, resolve: resolver({ 'www.digicert.com': ['45.60.125.229'] }) })
      expect(await guard.check('ca.invalid', ['127.0.0.1'])).toMatchObject({ kind: 'loopback' })
    }
  })

  it('lets exempt hosts through whatever their address, given as hosts or as URLs, case ignored', async () => {
    const guard = new AddressGuard({
      exemptHosts: ['CT.Mirror.invalid', 'https://acme.corp.invalid:14000/dir', '%%%://', 'logs.corp.invalid/copy?of=https://ct.example']
    })

    expect(await guard.check('ct.mirror.invalid', ['10.0.0.5'])).toBeUndefined()
    expect(await guard.check('ACME.corp.invalid', ['127.0.0.1'])).toBeUndefined()
    expect(await guard.check('logs.corp.invalid', ['10.0.0.6'])).toBeUndefined()
    expect(await guard.check('other.corp.invalid', ['10.0.0.5'])).toMatchObject({ kind: 'private' })
  })
})

describe('AddressGuard.checkLiteral and checkName', () => {
  it('checks an IP literal, and leaves a name to the lookup', async () => {
    const guard = new AddressGuard({ resolve: resolver({ 'inside.invalid': ['10.0.0.1'] }) })

    expect(await guard.checkLiteral('127.0.0.1')).toMatchObject({ address: '127.0.0.1', kind: 'loopback' })
    expect(await guard.checkLiteral('[::ffff:7f00:1]')).toMatchObject({ address: '::ffff:7f00:1', kind: 'loopback' })
    expect(await guard.checkLiteral('8.8.8.8')).toBeUndefined()
    expect(await guard.checkLiteral('inside.invalid')).toBeUndefined()
  })

  it('for a proxy, resolves a name here and refuses it when it resolves inside; a name that does not resolve is left to the proxy', async () => {
    const calls: string[] = []
    const guard = new AddressGuard({
      resolve: resolver({ 'inside.invalid': ['8.8.8.8', '10.0.0.1'], 'public.invalid': ['8.8.8.8'] }, calls),
      exemptHosts: ['ct.invalid']
    })

    expect(await guard.checkName('inside.invalid')).toMatchObject({ host: 'inside.invalid', address: '10.0.0.1' })
    expect(await guard.checkName('public.invalid')).toBeUndefined()
    expect(await guard.checkName('unknown.invalid')).toBeUndefined()
    expect(await guard.checkName('169.254.169.254')).toMatchObject({ kind: 'link-local' })
    expect(await guard.checkName('ct.invalid')).toBeUndefined()
    expect(calls).toStrictEqual(['inside.invalid', 'public.invalid', 'unknown.invalid'])
  })
})

describe('AddressGuard.lookup', () => {
  type Answer = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }
  const lookup = (guard: AddressGuard, host: string, all: boolean) =>
    new Promise<Answer>((resolve) => guard.lookup(host, { all }, (error, address, family) => resolve({ error, address, family })))
  const guard = new AddressGuard({
    resolve: resolver({ 'public.invalid': ['8.8.8.8', '2606:4700::1111'], 'rebind.invalid': ['8.8.8.8', '127.0.0.1'], 'empty.invalid': [] })
  })

  it('hands over every address when asked for all, and the first one otherwise', async () => {
    expect(await lookup(guard, 'public.invalid', true)).toStrictEqual({
      error: null,
      address: [
        { address: '8.8.8.8', family: 4 },
        { address: '2606:4700::1111', family: 6 }
      ],
      family: undefined
    })
    expect(await lookup(guard, 'public.invalid', false)).toStrictEqual({ error: null, address: '8.8.8.8', family: 4 })
  })

  it('hands over only addresses of the family asked for, by number or by name', async () => {
    const ask = (family: number | string, all: boolean) =>
      new Promise<unknown>((resolve) =>
        guard.lookup('public.invalid', { all, family }, (error, address, f) => resolve({ error, address, family: f }))
      )
    expect(await ask(6, false)).toStrictEqual({ error: null, address: '2606:4700::1111', family: 6 })
    expect(await ask('IPv6', true)).toStrictEqual({ error: null, address: [{ address: '2606:4700::1111', family: 6 }], family: undefined })
    expect(await ask('IPv4', false)).toStrictEqual({ error: null, address: '8.8.8.8', family: 4 })
    expect(await ask(0, true)).toMatchObject({ error: null, address: [{ family: 4 }, { family: 6 }] })
    const v4only = await new Promise<{ error: unknown }>((resolve) =>
      new AddressGuard({ resolve: resolver({ 'v4.invalid': ['8.8.8.8'] }) }).lookup('v4.invalid', { family: 6 }, (error) =>
        resolve({ error })
      )
    )
    expect(v4only.error).toMatchObject({ code: 'ENOTFOUND' })
  })

  it('refuses a name when any of its addresses is not public', async () => {
    const { error } = await lookup(guard, 'rebind.invalid', false)
    expect(error).toBeInstanceOf(AddressRefused)
    expect(error).toMatchObject({ host: 'rebind.invalid', address: '127.0.0.1' })
  })

  it('passes a resolution error on, and calls a name without addresses not found', async () => {
    expect((await lookup(guard, 'nowhere.invalid', true)).error).toMatchObject({ code: 'ENOTFOUND' })
    expect((await lookup(guard, 'empty.invalid', true)).error).toMatchObject({
      code: 'ENOTFOUND',
      message: 'getaddrinfo ENOTFOUND empty.invalid'
    })
  })

  it("resolves with Node's own lookup by default: localhost is loopback, and refused", async () => {
    const { error } = await lookup(new AddressGuard(), 'localhost', true)
    expect(error).toMatchObject({ host: 'localhost', kind: 'loopback' })
  })

  it("asks Node's lookup for every address, in the resolver's order", async () => {
    expect(await lookup(new AddressGuard(), 'dual.invalid', true)).toStrictEqual({ error: null, address: DUAL, family: undefined })
    expect(await lookup(new AddressGuard(), 'dual.invalid', false)).toStrictEqual({ error: null, address: '2606:4700::1111', family: 6 })
  })
})
