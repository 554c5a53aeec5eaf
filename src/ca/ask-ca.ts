/**
 * Asks a certificate's CA whether it is revoked (SPEC, "Asking the CA"): the OCSP responders that the certificate
 * names (Authority Information Access) first, then the CRLs it names (CRL Distribution Points), http and https
 * only. An answer counts only once verified: its signature (the issuer's, or an OCSP responder the issuer
 * delegated), that it is about this certificate, and that it is current; anything else counts as no answer.
 *
 * This module and PKI.js behind it are loaded only by runs that ask a CA: import it with
 * `await import('./ca/ask-ca.js')`, never statically, so a run that asks no CA starts as fast as before.
 */
import { clean, LIMITS } from '../untrusted.js'
import type { AddressPolicy } from './addresses.js'
import type { Check, CheckContext } from './check.js'
import { askCrl } from './crl.js'
import { webUrl } from './fetch.js'
import { askResponder, ocspRequest } from './ocsp.js'
import { crlUrls, iso, issuedBy, ocspUrls, readCertificate } from './pki.js'

export interface AskCaOptions {
  /** For each HTTP exchange (one OCSP request, one CRL download), redirects included. */
  timeoutMs: number
  /** Size cap of an OCSP answer; default 1 MiB. */
  maxOcspBytes?: number
  /** Size cap of a CRL; default 20 MiB. */
  maxCrlBytes?: number
  now?: () => Date
  log?: (message: string) => void
  /** Removes secrets from outside text before it reaches `detail` or the log. */
  redact?: (text: string) => string
  /** Default: the action's name. */
  userAgent?: string
  /**
   * Which addresses the certificate's URLs may reach: by default public ones only; give `base-url` so that a
   * CertCentral on loopback or a private network (a test, an internal mirror) lets its CA be there too.
   */
  addresses?: AddressPolicy
}

export interface CaVerdict {
  /** `on-hold`: suspended (certificateHold), which is not a revocation: the target keeps its status. */
  state: 'revoked' | 'on-hold' | 'good' | 'unknown' | 'not-checkable' | 'no-answer'
  source?: 'ocsp' | 'crl'
  /** When the verdict was made, ISO 8601. */
  checkedAt: string
  /** With `revoked` and `on-hold`: since when, according to the CA, ISO 8601. */
  revokedAt?: string
  /** With `revoked`, when the CA gives one: the CRLReason's name, e.g. `keyCompromise`. */
  reason?: string
  /** One line for a person, e.g. `not yet revoked according to OCSP at 2026-12-02T10:00:00Z`. */
  detail: string
}

export const DEFAULT_MAX_OCSP_BYTES = 1024 * 1024
export const DEFAULT_MAX_CRL_BYTES = 20 * 1024 * 1024
const DEFAULT_USER_AGENT = 'digicert-revoke-action'
/** Of each kind (OCSP responders, CRLs), at most this many URLs are asked: each may take the whole timeout. */
export const MAX_URLS = 3

/** What the CA says about `leafPem`, issued by `issuerPem`. Never throws for anything from outside. */
export async function askCa(leafPem: string, issuerPem: string, options: AskCaOptions): Promise<CaVerdict> {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? (() => undefined)
  const redact = options.redact ?? ((text: string) => text)
  const outside = (text: string, limit: number = LIMITS.quote) => clean(redact(text), limit)
  const verdict = (found: Omit<CaVerdict, 'checkedAt'>): CaVerdict => ({
    ...found,
    checkedAt: iso(now()),
    detail: clean(found.detail, LIMITS.message)
  })

  let leaf, issuer
  try {
    leaf = readCertificate(leafPem)
  } catch {
    return verdict({ state: 'not-checkable', detail: 'the certificate could not be read' })
  }
  try {
    issuer = readCertificate(issuerPem)
  } catch {
    return verdict({ state: 'not-checkable', detail: "the issuer's certificate could not be read" })
  }
  if (!(await issuedBy(leaf, issuer)))
    return verdict({ state: 'not-checkable', detail: 'the certificate given as its issuer did not sign it' })

  const ignored: string[] = []
  const usable = (urls: string[], what: string) => {
    const web = urls.filter((url) => {
      try {
        webUrl(url)
        return true
      } catch {
        log(`ignoring the ${what} ${outside(url)}: only http and https are asked`)
        ignored.push(outside(/^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'an invalid URL', 20))
        return false
      }
    })
    if (web.length > MAX_URLS) log(`asking only the first ${MAX_URLS} of the ${web.length} ${what} URLs the certificate names`)
    return web.slice(0, MAX_URLS)
  }
  const responders = usable(ocspUrls(leaf), 'OCSP responder')
  const crls = usable(crlUrls(leaf), 'CRL')
  if (responders.length === 0 && crls.length === 0) {
    const note = ignored.length > 0 ? ` (ignored: ${[...new Set(ignored)].join(', ')})` : ''
    return verdict({ state: 'not-checkable', detail: `the certificate names no OCSP responder and no CRL over http or https${note}` })
  }

  const context: CheckContext = {
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxOcspBytes ?? DEFAULT_MAX_OCSP_BYTES,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    addresses: options.addresses,
    now,
    log,
    outside
  }

  // OCSP first: the freshest answer, and the one browsers ask.
  let ocspWhy = 'the certificate names no responder'
  let unknown: Extract<Check, { answered: true }> | undefined
  if (responders.length > 0) {
    const request = await ocspRequest(leaf, issuer)
    const whys: string[] = []
    for (const url of responders) {
      const check = await askResponder(url, request, leaf, issuer, context)
      if (check.answered && check.state !== 'unknown') return verdict(said(check, 'ocsp'))
      if (check.answered) {
        log(`the OCSP responder ${outside(url)} does not know this certificate; reading the CRL`)
        unknown = check
        break
      }
      log(`no usable answer from the OCSP responder ${outside(url)}: ${check.why}`)
      whys.push(check.why)
    }
    ocspWhy = distinct(whys)
  }

  // Then the CRL: when there is no responder, it does not answer, its answer cannot be verified, or it does not
  // know the certificate.
  const crlContext = { ...context, maxBytes: options.maxCrlBytes ?? DEFAULT_MAX_CRL_BYTES }
  const whys: string[] = []
  for (const url of crls) {
    const check = await askCrl(url, leaf, issuer, crlContext)
    if (check.answered) {
      if (unknown && check.state === 'good') {
        return verdict({
          state: 'unknown',
          source: 'ocsp',
          detail: `the OCSP responder does not know this certificate (at ${unknown.at}); not listed in the CRL at ${check.at}`
        })
      }
      const found = said(check, 'crl')
      return verdict(unknown || responders.length === 0 ? found : { ...found, detail: `${found.detail} (OCSP: ${ocspWhy})` })
    }
    log(`no usable CRL from ${outside(url)}: ${check.why}`)
    whys.push(check.why)
  }
  const crlWhy = crls.length > 0 ? distinct(whys) : 'the certificate names no CRL'
  if (unknown)
    return verdict({
      state: 'unknown',
      source: 'ocsp',
      detail: `the OCSP responder does not know this certificate (at ${unknown.at}); CRL: ${crlWhy}`
    })
  return verdict({ state: 'no-answer', detail: `OCSP: ${ocspWhy}; CRL: ${crlWhy}` })
}

/** A verified answer as a verdict, in words. */
function said(check: Extract<Check, { answered: true }>, source: 'ocsp' | 'crl'): Omit<CaVerdict, 'checkedAt'> {
  const according = source === 'ocsp' ? `according to OCSP at ${check.at}` : `according to the CRL at ${check.at}`
  if (check.state === 'revoked') {
    const reason = check.reason ? ` (${check.reason})` : ''
    const detail = `revoked at ${check.revokedAt}${reason} ${according}`
    return { state: 'revoked', source, revokedAt: check.revokedAt, ...(check.reason ? { reason: check.reason } : {}), detail }
  }
  if (check.state === 'on-hold')
    return {
      state: 'on-hold',
      source,
      revokedAt: check.revokedAt,
      detail: `on hold since ${check.revokedAt} (certificateHold, not a revocation) ${according}`
    }
  // A responder's `unknown` never comes here (askCa reads the CRL instead), and a CRL never says it: the last line
  // is there for the type only.
  // Stryker disable next-line ConditionalExpression: `unknown` never comes here, so `good` is the only state left
  if (check.state === 'good') return { state: 'good', source, detail: `not yet revoked ${according}` }
  // Stryker disable next-line ObjectLiteral,StringLiteral: never reached (see above)
  return { state: 'unknown', source, detail: `the certificate is unknown ${according}` }
}

function distinct(whys: string[]): string {
  return [...new Set(whys)].join(' / ')
}
