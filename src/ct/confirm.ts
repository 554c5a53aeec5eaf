/**
 * Nothing from CT is trusted as told: each listed certificate is downloaded, and only one whose public key is
 * the leaked key's counts; its issuer, serial and validity are read from the certificate itself. Where CT has
 * both a precertificate and the certificate, the certificate is used.
 */
import { createHash, X509Certificate } from 'node:crypto'
import { Certificate } from 'pkijs'
import { clean, cut } from '../untrusted.js'
import { groupEntries, normalSerial, type CtEntry, type CtService } from './service.js'

/** A certificate confirmed to carry the key. */
export interface ConfirmedCertificate {
  kind: 'confirmed'
  ctId: string
  pem: string
  der: Buffer
  /** The issuer's distinguished name on one line, `CN=R10, O=Let's Encrypt, C=US`, and its parts. */
  issuer: string
  issuerCommonName?: string
  issuerOrganisation?: string
  /** Upper-case hex without leading zeros. */
  serial: string
  /** ISO 8601. */
  notAfter: string
  /** Only the precertificate could be had (it carries CT's poison extension). */
  precertificate: boolean
}

/** A listed certificate that could not be downloaded: what the listing says, unconfirmed. */
export interface UnconfirmedCertificate {
  kind: 'unconfirmed'
  ctId: string
  issuer: string
  serial: string
  notAfter: string
  why: string
}

export interface Confirmation {
  certificates: (ConfirmedCertificate | UnconfirmedCertificate)[]
  /** Listed entries whose certificate carries another key: the listing was wrong. */
  dropped: number
  downloads: number
}

/** CT's poison extension (RFC 6962 3.1): present only in precertificates. */
export const POISON_OID = '1.3.6.1.4.1.11129.2.4.3'

/** `redact` removes secrets from the names CT and the certificates give, before they are cut. */
export async function confirmEntries(
  entries: CtEntry[],
  fingerprint: string,
  ct: CtService,
  redact: (text: string) => string = (text) => text
): Promise<Confirmation> {
  const result: Confirmation = { certificates: [], dropped: 0, downloads: 0 }
  // The listing groups by what it says; the certificates say otherwise when it lied (or named one issuer two ways):
  // one certificate per issuer and serial read from the certificates, the final certificate before its precertificate.
  const byIdentity = new Map<string, ConfirmedCertificate>()
  const keep = (found: ConfirmedCertificate) => {
    const identity = `${found.issuer}\u0000${found.serial}`
    const kept = byIdentity.get(identity)
    if (kept && !(kept.precertificate && !found.precertificate)) return
    if (kept) result.certificates.splice(result.certificates.indexOf(kept), 1, found)
    else result.certificates.push(found)
    byIdentity.set(identity, found)
  }
  for (const group of groupEntries(entries)) {
    let precertificate: ConfirmedCertificate | undefined
    let final: ConfirmedCertificate | undefined
    const failures: string[] = []
    for (const entry of group) {
      result.downloads++
      const download = await ct.download(entry.id)
      if ('failure' in download) {
        failures.push(download.failure)
        continue
      }
      const read = readLogged(entry.id, download.pem, redact)
      if (typeof read === 'string') {
        failures.push(read)
        continue
      }
      if (read.fingerprint !== fingerprint) {
        result.dropped++
        continue
      }
      if (!read.certificate.precertificate) {
        final = read.certificate
        break
      }
      precertificate ??= read.certificate
    }
    const found = final ?? precertificate
    if (found) keep(found)
    else if (failures.length > 0) {
      const [first] = group
      result.certificates.push({
        kind: 'unconfirmed',
        ctId: first.id,
        issuer: clean(redact(first.issuerName), 200),
        serial: normalSerial(first.serialNumber),
        notAfter: clean(redact(first.notAfter), 40),
        why: failures[0]
      })
    }
  }
  return result
}

/** A downloaded certificate and the SHA-256 of its key, or why it could not be read. */
export function readLogged(
  ctId: string,
  pem: string,
  redact: (text: string) => string = (text) => text
): { certificate: ConfirmedCertificate; fingerprint: string } | string {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)?.[0]
  if (!block) return 'the download holds no PEM certificate'
  // Whatever the download holds, a certificate that cannot be read wholly is a finding to report, never a crash.
  let x509: X509Certificate
  let precertificate: boolean
  let fingerprint: string
  let notAfter: string
  try {
    x509 = new X509Certificate(block)
    // Read as extensions, not searched for as bytes: a serial or a name may hold the OID's bytes. A version 1
    // certificate has none.
    precertificate = Certificate.fromBER(x509.raw).extensions?.some((extension) => extension.extnID === POISON_OID) ?? false
    fingerprint = createHash('sha256')
      .update(x509.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
    notAfter = new Date(x509.validTo).toISOString()
  } catch {
    return 'the downloaded certificate could not be read'
  }
  // Node gives an empty name as undefined.
  const parts = nameParts(x509.issuer ?? '', redact)
  return {
    fingerprint,
    certificate: {
      kind: 'confirmed',
      ctId,
      pem: block,
      der: x509.raw,
      issuer: cut(parts.map(([type, value]) => `${type}=${value}`).join(', '), 200),
      ...optional('issuerCommonName', parts.find(([type]) => type === 'CN')?.[1]),
      ...optional('issuerOrganisation', parts.find(([type]) => type === 'O')?.[1]),
      serial: normalSerial(x509.serialNumber),
      notAfter,
      precertificate
    }
  }
}

/** `C=US\nO=Let's Encrypt\nCN=R10` (Node's rendering) as [type, value] pairs, most specific first. */
function nameParts(name: string, redact: (text: string) => string): [string, string][] {
  return name
    .split('\n')
    .map((line): [string, string] => {
      const at = line.indexOf('=')
      return [clean(line.slice(0, at), 40), clean(redact(line.slice(at + 1)), 100)]
    })
    .filter(([type]) => type !== '')
    .reverse()
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>)
}
