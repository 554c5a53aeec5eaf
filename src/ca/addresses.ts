/**
 * Which addresses a URL from outside (a certificate's OCSP, CRL or CA Issuers URL; a link from another service)
 * may reach: never a loopback, link-local (cloud metadata), private, shared (CGNAT), unspecified or multicast
 * one, in any of its spellings (the URL parser has already turned `2130706433` and `0x7f.1` into 127.0.0.1;
 * IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6 forms are read as the IPv4 address they carry). The check is
 * made on the addresses a name resolves to, in the lookup the connection itself uses, so the address checked is
 * the address connected to. Two exceptions: the kinds of address `base-url` itself is on (a test on loopback, an
 * internal mirror), and hosts exempt by name (the CT service's, the ACME directories').
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns'
import { isIP, isIPv4 } from 'node:net'

export type AddressKind = 'loopback' | 'link-local' | 'private' | 'shared' | 'unspecified' | 'multicast' | 'reserved'

/** The run's rule for URLs from outside; plain data, set once per run from the settings. */
export interface AddressPolicy {
  /** CertCentral's base URL: the kinds of address its host is on are allowed (a simulator on 127.0.0.1). */
  baseUrl?: string
  /** Hosts (or URLs, whose host counts) reached whatever their address: the CT service, ACME directories. */
  exemptHosts?: readonly string[]
  /** Name resolution; Node's dns.lookup by default (tests give their own). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>
}

/** A connection the policy refused: which host, which address, and why, in our words. */
export class AddressRefused extends Error {
  readonly code = 'EADDRESSREFUSED'
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: AddressKind
  ) {
    super(refusal(host, address, kind))
    this.name = 'AddressRefused'
  }
}

function refusal(host: string, address: string, kind: AddressKind): string {
  const where = bare(host) === address ? address : `${host}, at ${address}`
  return `refused ${where}: ${article(kind)} ${KIND_WORDS[kind]} address, and only public ones are asked`
}

const KIND_WORDS: Record<AddressKind, string> = {
  loopback: 'loopback',
  'link-local': 'link-local (cloud metadata)',
  private: 'private',
  shared: 'shared (carrier-grade NAT)',
  unspecified: 'unspecified',
  multicast: 'multicast or broadcast',
  reserved: 'reserved'
}

const article = (kind: AddressKind) => (kind === 'unspecified' ? 'an' : 'a')

/** The host of a URL without IPv6 brackets: `[::1]` → `::1`. */
export const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1')

/** What kind of address `ip` is, or undefined for a public (global unicast) one; undefined for a non-IP too. */
export function addressKind(ip: string): AddressKind | undefined {
  const address = bare(ip).replace(/%.*/, '') // a zone index (fe80::1%eth0) does not change the address
  if (isIPv4(address)) return ipv4Kind(address.split('.').map(Number))
  if (isIP(address) !== 6) return undefined
  return ipv6Kind(ipv6Bytes(address))
}

function ipv4Kind([a, b, c, d]: number[]): AddressKind | undefined {
  if (a === 0) return 'unspecified' // 0.0.0.0/8, "this network": 0.0.0.0 reaches the host itself
  if (a === 127) return 'loopback'
  if (a === 169 && b === 254) return 'link-local'
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private'
  if (a === 100 && b >= 64 && b <= 127) return 'shared'
  if (a === 192 && b === 0 && c === 0) return 'reserved' // IETF protocol assignments (192.0.0.0/24)
  if (a === 198 && (b === 18 || b === 19)) return 'reserved' // benchmarking, often routed inside networks
  if (a >= 224 && a <= 239) return 'multicast'
  if (a >= 240) return a === 255 && b === 255 && c === 255 && d === 255 ? 'multicast' : 'reserved'
  return undefined
}

function ipv6Kind(bytes: number[]): AddressKind | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0)
  const v4 = (from: number) => ipv4Kind(bytes.slice(from, from + 4))
  if (zeros(0, 15) && bytes[15] === 1) return 'loopback'
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12) // ::ffff:a.b.c.d, IPv4-mapped
  if (zeros(0, 12)) return v4(12) ?? 'reserved' // ::a.b.c.d, IPv4-compatible (deprecated); :: is 0.0.0.0, unspecified
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
    if (zeros(4, 12)) return v4(12) // 64:ff9b::a.b.c.d, NAT64 to an IPv4 address
    if (bytes[4] === 0 && bytes[5] === 1) return 'private' // 64:ff9b:1::/48, local-use NAT64
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2) // 2002:aabb:ccdd::/48, 6to4
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) return 'link-local' // fe80::/10
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0xc0) return 'private' // fec0::/10, site-local (deprecated)
  if ((bytes[0] & 0xfe) === 0xfc) return 'private' // fc00::/7, unique local
  if (bytes[0] === 0xff) return 'multicast'
  return undefined
}

/** The 16 bytes of a valid IPv6 address (net.isIP said so), a dotted IPv4 tail included. */
function ipv6Bytes(address: string): number[] {
  const cut = address.lastIndexOf(':') + 1 // a dotted IPv4 tail can only be the last group
  const tail = address.slice(cut)
  let text = address
  if (isIPv4(tail)) {
    const [a, b, c, d] = tail.split('.').map(Number)
    text = `${address.slice(0, cut)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, rest] = text.split('::')
  const groups = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : [])
  const first = groups(head)
  const last = groups(rest) // none without a `::`, where `first` has all eight
  const words = [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last]
  return words.flatMap((word) => [word >> 8, word & 0xff])
}

/** Host names as the URL parser writes them (lower case, IPv6 in brackets); entries may be hosts or URLs. */
function hostOf(entry: string): string | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `http://${entry}`
  return URL.canParse(url) ? new URL(url).hostname : undefined
}

const defaultResolve = (hostname: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true } satisfies LookupAllOptions, (error, addresses) =>
      error ? reject(error) : resolve(addresses)
    )
  })

/** The policy made usable: which hosts are exempt, which kinds `base-url` allows (resolved once, when needed). */
export class AddressGuard {
  /** The exempt hosts; undefined for an entry that cannot be read, which no host name matches. */
  private readonly exempt: Set<string | undefined>
  private readonly resolveName: (hostname: string) => Promise<LookupAddress[]>
  /** The kinds of address `base-url` is on; undefined for a public one, which is allowed anyway. */
  private baseKinds: Promise<Set<AddressKind | undefined>> | undefined

  constructor(private readonly policy: AddressPolicy = {}) {
    this.exempt = new Set(policy.exemptHosts?.map(hostOf))
    this.resolveName = policy.resolve ?? defaultResolve
  }

  isExempt(hostname: string): boolean {
    return this.exempt.has(hostname.toLowerCase())
  }

  /** The refusal for the first address of `host` that may not be reached, or undefined when all may. */
  async check(host: string, addresses: readonly string[]): Promise<AddressRefused | undefined> {
    if (this.isExempt(host)) return undefined
    for (const address of addresses) {
      const kind = addressKind(address)
      if (kind && !(await this.allowedByBaseUrl(kind))) return new AddressRefused(host, address, kind)
    }
    return undefined
  }

  /** Before a request: an IP literal is checked here (Node connects to one without a lookup). */
  async checkLiteral(hostname: string): Promise<AddressRefused | undefined> {
    const host = bare(hostname)
    return isIP(host) ? this.check(hostname, [host]) : undefined
  }

  /**
   * Through a proxy the proxy resolves the name, so the name is resolved here too and refused when it resolves to
   * an address that may not be reached; a name that does not resolve here is left to the proxy.
   */
  async checkName(hostname: string): Promise<AddressRefused | undefined> {
    if (isIP(bare(hostname)) || this.isExempt(hostname)) return this.checkLiteral(hostname)
    let addresses: LookupAddress[]
    try {
      addresses = await this.resolveName(hostname)
    } catch {
      return undefined
    }
    return this.check(
      hostname,
      addresses.map((a) => a.address)
    )
  }

  /** A `lookup` for http.request: resolves, checks every address, and hands over only checked ones. */
  readonly lookup = (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void
  ): void => {
    this.resolveName(hostname)
      .then(async (addresses) => {
        const refused = await this.check(
          hostname,
          addresses.map((a) => a.address)
        )
        if (refused) throw refused
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0)
        const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses
        if (usable.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
        return usable
      })
      .then(
        (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)),
        (error: NodeJS.ErrnoException) => callback(error, '')
      )
  }

  private allowedByBaseUrl(kind: AddressKind): Promise<boolean> {
    this.baseKinds ??= this.kindsOfBaseUrl()
    return this.baseKinds.then((kinds) => kinds.has(kind))
  }

  /** The kinds of address `base-url`'s host is on (undefined for a public one); none when it cannot be read or resolved. */
  private async kindsOfBaseUrl(): Promise<Set<AddressKind | undefined>> {
    const host = this.policy.baseUrl === undefined ? undefined : hostOf(this.policy.baseUrl)
    if (host === undefined) return new Set()
    const literal = bare(host)
    let addresses: string[]
    try {
      addresses = isIP(literal) ? [literal] : (await this.resolveName(host)).map((a) => a.address)
    } catch {
      return new Set()
    }
    return new Set(addresses.map(addressKind))
  }
}
