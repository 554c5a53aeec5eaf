/**
 * A certificate's issuer fetched from where the certificate says it is published (Authority Information Access,
 * CA Issuers: DER, PEM, or a PKCS#7 "certs-only" bundle, RFC 5280 4.2.2.1), through the same guarded fetch as
 * OCSP and CRLs, and kept only when it signed the certificate. For certificates found outside the account (CT,
 * ACME), whose issuer CertCentral cannot give.
 *
 * Like ask-ca.ts, this module and PKI.js behind it are loaded only when needed: `await import(...)`.
 */
import * as asn1js from 'asn1js'
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
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g

/**
 * A certificate as it was served: PKI.js's reading of it, and exactly its bytes. PKI.js re-encodes what it read
 * (an explicit `critical FALSE` dropped, lengths made minimal), and the issuer given on must be the one served.
 */
export interface ServedCertificate {
  certificate: Certificate
  der: Uint8Array
}

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
    if (await issuedBy(certificate, candidate.certificate)) return { issuerPem: pem(candidate.der), url: fetched.url }
  }
  return { error: 'the certificate served there did not sign it' }
}

/** The certificates in a body: PEM blocks, else one DER certificate, else a PKCS#7 bundle's; none if unreadable. */
export function certificatesIn(body: Uint8Array): ServedCertificate[] {
  const text = Buffer.from(body).toString('latin1')
  const blocks = [...text.matchAll(PEM_BLOCK)]
  if (blocks.length > 0) return blocks.flatMap(([, base64]) => attempt(() => readDer(Buffer.from(base64, 'base64'))))
  const single = attempt(() => readDer(body))
  if (single.length > 0) return single
  return attempt(() => {
    const info = ContentInfo.fromBER(body)
    if (info.contentType !== SIGNED_DATA) return []
    // Read with SignedData's own schema, but by hand: a SignedData keeps its certificates, not their bytes. The
    // set gets a name of its own: CertificateSet's schema already names its items `certificates`.
    const signed = asn1js.compareSchema(info.content, info.content, SignedData.schema({ names: { certificates: 'certificateSet' } }))
    if (!signed.verified) return []
    const set = signed.result.certificateSet as asn1js.Constructed | undefined
    // Any other kind of certificate in the set (attribute, other format) is no Certificate: dropped.
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: with no set a throw gives none too, and a default's items are no Certificate
    return (set?.valueBlock.value ?? []).flatMap((block) => attempt(() => served(block)))
  }).flat()
}

/** The certificate that `bytes` begin with; throws if they begin with none. */
function readDer(bytes: Uint8Array): ServedCertificate {
  const { offset, result } = asn1js.fromBER(bytes)
  // A block asn1js could not read to its end may still match the schema with what it did read.
  if (offset === -1) throw new Error(result.error)
  return served(result)
}

/** A block read as a Certificate, with the bytes it was read from; throws if it is not a Certificate. */
function served(block: asn1js.AsnType): ServedCertificate {
  return { certificate: new Certificate({ schema: block }), der: block.valueBeforeDecodeView }
}

function attempt<T>(read: () => T): T[] {
  try {
    return [read()]
  } catch {
    return []
  }
}

function pem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64')
  // Stryker disable next-line ArrayDeclaration: the base64 of a certificate is never empty, so match never gives null
  return `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`
}
