/**
 * Who can say that a target is revoked: for an order, its status in CertCentral; for a certificate, its CA
 * (OCSP, then the CRL), never CertCentral's word alone. The certificate and its issuer always come from
 * CertCentral's download, never from the input; the OCSP and CRL code is loaded only when a run asks.
 */
import { X509Certificate } from 'node:crypto'
import type { CertCentralApi } from '../certcentral/api.js'
import { readApiError, readOrderStatus, describeApiError } from '../certcentral/answers.js'
import type { CaVerdict } from '../ca/ask-ca.js'
import { addressPolicy } from '../inputs/address-policies.js'
import type { Settings } from '../inputs/settings.js'
import { bySerial, Locator, sameSerial } from './locate.js'
import type { Target } from './targets.js'

export interface AuthorityVerdict {
  /** `revoked`: the authority says so; `not-revoked`: it says not (yet); `unknown`: it could not be asked or did not answer. */
  state: 'revoked' | 'not-revoked' | 'unknown'
  /** For a person: `OCSP at 2026-12-02T10:00:00Z: revoked`, `order status revoked`, `the CA names no OCSP responder or CRL`. */
  detail: string
}

export interface AuthorityOptions {
  /** The run's: its `request-timeout`, and its address rule for URLs from outside. */
  settings: Settings
  redact: (text: string) => string
}

export class Authority {
  /** The certificate and its issuer, per target, once downloaded: waiting asks again and again. */
  private readonly chains = new Map<Target, { leaf: string; issuer: string } | string>()

  /** Where each target is in the account, looked up once per run (open requests reuse it too). */
  readonly locator: Locator

  constructor(
    private readonly api: CertCentralApi,
    private readonly options: AuthorityOptions
  ) {
    this.locator = new Locator(api)
  }

  /** A certificate and its issuer already at hand (the key scan downloaded them): asking its CA needs no download. */
  remember(target: Target, chain: { leaf: string; issuer?: string }): void {
    if (chain.issuer) this.chains.set(target, { leaf: chain.leaf, issuer: chain.issuer })
  }

  async ask(target: Target): Promise<AuthorityVerdict> {
    return target.type === 'order' ? this.askOrder(target) : this.askCa(target)
  }

  private async askOrder(target: Target): Promise<AuthorityVerdict> {
    const result = await this.api.getOrder(target.id)
    if (!('answer' in result))
      return { state: 'unknown', detail: `the order's status could not be read (${describeApiError(result.failure)})` }
    if (result.answer.statusCode !== 200)
      return { state: 'unknown', detail: `the order's status could not be read (${describeApiError(readApiError(result.answer))})` }
    const order = readOrderStatus(result.answer)
    if ('error' in order) return { state: 'unknown', detail: `the order's status could not be read (${order.error.message})` }
    return { state: order.status === 'revoked' ? 'revoked' : 'not-revoked', detail: `order status ${order.status}` }
  }

  private async askCa(target: Target): Promise<AuthorityVerdict> {
    const chain = await this.chainOf(target)
    if (typeof chain === 'string') return { state: 'unknown', detail: chain }
    const { askCa } = await import('../ca/ask-ca.js')
    const { settings, redact } = this.options
    // The run's one address rule, the same for certificates found anywhere else.
    const addresses = addressPolicy(settings)
    const verdict: CaVerdict = await askCa(chain.leaf, chain.issuer, { timeoutMs: settings.requestTimeoutMs, redact, addresses })
    if (verdict.state === 'revoked') return { state: 'revoked', detail: verdict.detail }
    if (verdict.state === 'good' || verdict.state === 'on-hold') return { state: 'not-revoked', detail: verdict.detail }
    return { state: 'unknown', detail: verdict.detail }
  }

  /** The leaf and its issuer, from CertCentral (a serial number is located first); downloaded once per run. */
  private async chainOf(target: Target): Promise<{ leaf: string; issuer: string } | string> {
    const known = this.chains.get(target)
    if (known) return known
    const chain = await this.fetchChain(target)
    // A failed download is not kept: the next poll tries again.
    if (typeof chain !== 'string') this.chains.set(target, chain)
    return chain
  }

  /**
   * CertCentral's `pem_all`: the leaf, then its issuer. Never an issuer from the input: someone who brings a
   * certificate could bring a CA of their own to vouch for it. A download for a serial number must be the
   * certificate with that serial: CertCentral may serve another certificate of the order.
   */
  private async fetchChain(target: Target): Promise<{ leaf: string; issuer: string } | string> {
    let certificateId = target.id
    if (bySerial(target)) {
      const location = await this.locator.locate(target)
      if (typeof location === 'string') return location
      certificateId = location.certificateId ?? certificateId
    }
    const download = await this.api.downloadChain(certificateId)
    if (!('answer' in download)) return `the certificate could not be downloaded (${describeApiError(download.failure)})`
    if (download.answer.statusCode !== 200)
      return `the certificate could not be downloaded (${describeApiError(readApiError(download.answer))})`
    const blocks = Array.from(
      download.answer.body.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g),
      ([block]) => block
    )
    const [leaf, issuer] = blocks
    if (!leaf || !issuer) return "CertCentral's download holds no issuer certificate to check the CA's answer with"
    if (bySerial(target)) {
      const served = serialOf(leaf)
      if (served === undefined || !sameSerial(served, target.id))
        return `CertCentral's download of certificate ${certificateId} is not the certificate with serial ${target.id} (it has serial ${served ?? 'unreadable'}), so its CA was not asked`
    }
    return { leaf, issuer }
  }
}

/** The serial number of a PEM certificate, upper-case hex; undefined when it cannot be read. */
function serialOf(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).serialNumber
  } catch {
    // Unreadable: no serial, so the function ends and gives undefined.
  }
}
