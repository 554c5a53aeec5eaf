/**
 * The run's address rule (ca/addresses.ts) for every URL from outside, made here from the settings, once per run,
 * and used by every request that follows one: the account's OCSP and CRL questions, the CT search, the ACME
 * revocations, and the questions to the CAs of the certificates CT finds. It allows the kinds of address `base-url`
 * is on, and exempts by name the hosts of `ct-search-url` and of `acme-directories` (SPEC, "Beyond the account": an
 * internal CT mirror or ACME server, whose CA's OCSP, CRL and CA Issuers URLs are on the same host). One object,
 * so that the guard behind it resolves `base-url` once.
 */
import type { AddressPolicy } from '../ca/addresses.js'
import type { Settings } from './settings.js'

const made = new WeakMap<Settings, AddressPolicy>()

/** The run's address rule: the same object for every request of the run. */
export function addressPolicy(settings: Settings): AddressPolicy {
  let policy = made.get(settings)
  if (!policy) {
    const exemptHosts = [settings.beyond.ctSearchUrl, ...settings.beyond.acmeDirectories.map((directory) => directory.url)]
    made.set(settings, (policy = { baseUrl: settings.baseUrl, exemptHosts }))
  }
  return policy
}
