/**
 * The run's address policies (the rule is ca/addresses.ts), one per purpose, all made here from the settings:
 * - `certificateUrls`: the OCSP, CRL and CA Issuers URLs a certificate names, wherever it came from (CertCentral,
 *   or CT, where anyone can log one): the kinds of address `base-url` is on, and no host exempt.
 * - `serviceUrls`: a service the user named in an input (`ct-search-url`, an ACME directory): its host is exempt
 *   by name for that service's own requests only, so a certificate or another service naming that host gains nothing.
 * One object per run and purpose: the guard behind each resolves `base-url` once.
 */
import type { AddressPolicy } from '../ca/addresses.js'
import type { Settings } from './settings.js'

/** Per run, per purpose: undefined for the certificates' policy, else the service's URL. */
const made = new WeakMap<Settings, Map<string | undefined, AddressPolicy>>()

function once(settings: Settings, purpose: string | undefined, make: () => AddressPolicy): AddressPolicy {
  let policies = made.get(settings)
  if (!policies) made.set(settings, (policies = new Map()))
  let policy = policies.get(purpose)
  if (!policy) policies.set(purpose, (policy = make()))
  return policy
}

/** For every URL a certificate names: nothing exempt, whatever host it names. */
export function certificateUrls(settings: Settings): AddressPolicy {
  return once(settings, undefined, () => ({ baseUrl: settings.baseUrl }))
}

/** For the requests to one service named in the inputs (and the URLs it links to): its own host exempt, no other. */
export function serviceUrls(settings: Settings, url: string): AddressPolicy {
  const named = [settings.beyond.ctSearchUrl, ...settings.beyond.acmeDirectories.map((directory) => directory.url)]
  if (!named.includes(url)) throw new Error('only a service named in the inputs has its host exempt')
  return once(settings, url, () => ({ baseUrl: settings.baseUrl, exemptHosts: [url] }))
}
