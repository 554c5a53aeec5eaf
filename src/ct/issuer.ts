/**
 * A certificate's issuer, from its Authority Information Access `caIssuers` URL (DER or PEM): CT's download gives
 * the leaf alone, and asking its CA needs the issuer. The issuer counts only when it signed the certificate.
 * (A minimal version of what src/ca/ will offer as fetchIssuerFromAia; this one keeps CT's needs in one place.)
 */
import { X509Certificate } from 'node:crypto'
import { fetchBytes, FetchFailure, webUrl } from '../ca/fetch.js'

const MAX_ISSUER_BYTES = 64 * 1024

/** The `CA Issuers` URIs of the certificate, http and https only, in its order. */
export function caIssuersUrls(certificate: X509Certificate): string[] {
  const access = certificate.infoAccess ?? ''
  return Array.from(access.matchAll(/^CA Issuers - URI:(\S+)$/gm), ([, url]) => url).filter((url) => {
    try {
      webUrl(url)
      return true
    } catch {
      return false
    }
  })
}

/** The issuer's PEM, or why it could not be had. */
export async function fetchIssuer(
  leafPem: string,
  options: { timeoutMs: number; userAgent: string }
): Promise<{ pem: string } | { failure: string }> {
  const leaf = new X509Certificate(leafPem)
  const urls = caIssuersUrls(leaf)
  if (urls.length === 0) return { failure: 'the certificate names no CA Issuers URL, so its issuer cannot be had' }
  const whys: string[] = []
  for (const url of urls.slice(0, 3)) {
    try {
      const fetched = await fetchBytes({ method: 'GET', url, accept: '*/*' }, { ...options, maxBytes: MAX_ISSUER_BYTES })
      if (fetched.status !== 200) {
        whys.push(`HTTP ${fetched.status}`)
        continue
      }
      const issuer = new X509Certificate(fetched.body)
      if (!leaf.checkIssued(issuer) || !leaf.verify(issuer.publicKey)) {
        whys.push('the certificate it gave did not sign this one')
        continue
      }
      return { pem: issuer.toString() }
    } catch (error) {
      whys.push(error instanceof FetchFailure ? error.message : 'the issuer certificate could not be read')
    }
  }
  return { failure: `its issuer could not be had from CA Issuers (${[...new Set(whys)].join(' / ')})` }
}
