/**
 * A certificate's issuer fetched from where the certificate says it is published (Authority Information Access,
 * CA Issuers: DER, PEM, or a PKCS#7 "certs-only" bundle, RFC 5280 4.2.2.1), through the same guarded fetch as
 * OCSP and CRLs, and kept only when it signed the certificate. For certificates found outside the account (CT,
 * ACME), whose issuer CertCentral cannot give.
 *
 * Like ask-ca.ts, this module and PKI.js behind it are loaded only when needed: `await import(...)`.
 */
import { Certificate, ContentInfo, SignedData } from 'pkijs'
import { clean, LIMITS } from '../untrusted.js'
import type { AddressPolicy } from './addresses.js'
import { fetchBytes, FetchFailure, httpProblem, webUrl } from './fetch.js'
import { caIssuersUrls, issuedBy, readCertificate } from './pki.js'

export interface IssuerFromAiaOptions {
  /** For each HTTP exchange, redirects included. */
  timeoutMs: number
  /** Size cap of what one URL serves; default 256 KiB (a certificate is a few KiB, a bundle a few more). */
  maxBytes?: number
  /** Which addresses the certificate's URLs may reach (see addresses.ts); default: public ones only. */
  addresses?: AddressPolicy
  log?: (message: string) => void
  /** Removes secrets from outside text before it reaches `error` or the log. */
  redact?: (text: string) => string
  userAgent?: string
}

export type IssuerFromAia =
  /** The issuer as PEM, and the URL it came from (after redirects). */
  | { issuerPem: string; url: string }
  /** Why no issuer could be had, one line for a person, outside text made safe. */
  | { error: string }

export const DEFAULT_MAX_ISSUER_BYTES = 256 * 1024
/** At most this many CA Issuers URLs are tried: each may take the whole timeout. */
export const MAX_ISSUER_URLS = 3
const ACCEPT = 'application/pkix-cert, application/x-x509-ca-cert, application/pkcs7-mime, */*'
const SIGNED_DATA = '1.2.840.113549.1.7.2'

/** The issuer of `certPem`, from its CA Issuers URLs, checked to have signed it. Never throws for outside input. */
export async function fetchIssuerFromAia(certPem: string, options: IssuerFromAiaOptions): Promise<IssuerFromAia> {
  const log = options.log ?? (() => undefined)
  const redact = options.redact ?? ((text: string) => text)
  const outside = (text: string, limit: number = LIMITS.quote) => clean(redact(text), limit)
  const failed = (error: string): IssuerFromAia => ({ error: clean(error, LIMITS.message) })

  let certificate: Certificate
  try {
    certificate = readCertificate(certPem)
  } catch {
    return failed('the certificate could not be read')
  }
  const urls = caIssuersUrls(certificate).filter((url) => {
    try {
      webUrl(url)
      return true
    } catch {
      log(`ignoring the CA Issuers URL ${outside(url)}: only http and https are asked`)
      return false
    }
  })
  if (urls.length === 0) return failed('the certificate names no CA Issuers URL over http or https')

  const whys: string[] = []
  for (const url of urls.slice(0, MAX_ISSUER_URLS)) {
    log(`fetching the issuer's certificate from ${outside(url)}`)
    const found = await fromUrl(url, certificate, options, outside)
    if ('issuerPem' in found) return found
    log(`no issuer from ${outside(url)}: ${found.error}`)
    whys.push(found.error)
  }
  return failed(`no issuer from its CA Issuers URLs: ${[...new Set(whys)].join(' / ')}`)
}

async function fromUrl(
  url: string,
  certificate: Certificate,
  options: IssuerFromAiaOptions,
  outside: (text: string, limit?: number) => string
): Promise<IssuerFromAia> {
  let fetched
  try {
    fetched = await fetchBytes(
      { method: 'GET', url, accept: ACCEPT },
      {
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes ?? DEFAULT_MAX_ISSUER_BYTES,
        userAgent: options.userAgent ?? 'digicert-revoke-action',
        addresses: options.addresses
      }
    )
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error
    return { error: outside(error.message, 120) }
  }
  if (fetched.status !== 200) return { error: httpProblem(fetched, outside) }
  const candidates = certificatesIn(fetched.body)
  if (candidates.length === 0) return { error: 'the answer holds no certificate' }
  for (const candidate of candidates) {
    if (await issuedBy(certificate, candidate)) return { issuerPem: pem(candidate), url: fetched.url }
  }
  return { error: 'the certificate served there did not sign it' }
}

/** The certificates in a body: PEM blocks, else one DER certificate, else a PKCS#7 bundle's; none if unreadable. */
export function certificatesIn(body: Uint8Array): Certificate[] {
  const text = Buffer.from(body).toString('latin1')
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g)
  if (blocks) return blocks.flatMap((block) => attempt(() => readCertificate(block)))
  const single = attempt(() => Certificate.fromBER(body))
  if (single.length > 0) return single
  return attempt(() => {
    const info = ContentInfo.fromBER(body)
    if (info.contentType !== SIGNED_DATA) return []
    const signed = new SignedData({ schema: info.content })
    // Stryker disable next-line ArrayDeclaration: the filter drops whatever is not a certificate, so any default ends empty
    return (signed.certificates ?? []).filter((item) => item instanceof Certificate)
  }).flat()
}

function attempt<T>(read: () => T): T[] {
  try {
    return [read()]
  } catch {
    return []
  }
}

function pem(certificate: Certificate): string {
  const base64 = Buffer.from(certificate.toSchema(true).toBER(false)).toString('base64')
  // Stryker disable next-line ArrayDeclaration: the base64 of a certificate is never empty, so match never gives null
  return `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`
}
