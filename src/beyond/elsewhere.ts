/**
 * Beyond the account (SPEC, "Beyond the account"): every certificate of the leaked key that Certificate
 * Transparency knows, confirmed by download; where each belongs (this account, another DigiCert account, an ACME
 * CA, another CA); whether it is live according to its CA; and, for an ACME CA with `acme-revoke`, its
 * revocation signed by the key, then proof of it from the CA.
 *
 * Loaded only by runs that search CT (see start.ts): it brings in the CT, ACME and CA code.
 */
import { X509Certificate } from 'node:crypto'
import { realAlarm, type Alarm } from '../alarm.js'
import { askCa } from '../ca/ask-ca.js'
import { fetchIssuerFromAia } from '../ca/issuer-from-aia.js'
import type { CertCentralApi } from '../certcentral/api.js'
import { confirmEntries, type ConfirmedCertificate, type UnconfirmedCertificate } from '../ct/confirm.js'
import { CtService, normalSerial, type CtClock } from '../ct/service.js'
import { addressPolicy } from '../inputs/address-policies.js'
import type { AcmeDirectory } from '../inputs/beyond-account.js'
import type { Settings } from '../inputs/settings.js'
import type { KeyIdentity } from '../leaked-key/key-identity.js'
import { Locator, NO_ORDER_HOLDS_IT } from '../revocation/locate.js'
import { USER_AGENT } from '../version.js'
import type { BeyondReport, ElsewhereCertificate, Where } from './report.js'

export interface BeyondDeps {
  clock: CtClock
  log: (message: string) => void
  warn: (message: string) => void
  redact: (text: string) => string
  now?: () => Date
  /** The wait's deadline on `clock`: wait-timeout from the end of the account's revoke requests, as for its own wait. */
  waitDeadline?: number
  /** Rings at the deadline (default: a real timer). */
  alarm?: Alarm
  /**
   * Told the report as it stands once what CT listed is placed, and after each change of a certificate's status
   * (an ACME revocation sent, answered, proven): what an interrupted run reports.
   */
  progress?: (report: BeyondReport) => void
}

/** What CT gave, confirmed: started as soon as the key is known, alongside the account's revocations. */
export interface CtFindings {
  searched: true
  failure?: string
  listed: number
  confirmed: (ConfirmedCertificate | UnconfirmedCertificate)[]
  dropped: number
  requests: number
  ms: number
}

export async function searchCt(settings: Settings, key: KeyIdentity, deps: BeyondDeps): Promise<CtFindings> {
  const started = deps.clock.now()
  const ct = new CtService({
    baseUrl: settings.beyond.ctSearchUrl,
    timeoutMs: settings.requestTimeoutMs,
    maxAttempts: settings.maxAttempts,
    userAgent: USER_AGENT,
    clock: deps.clock,
    addresses: addressPolicy(settings),
    log: deps.log,
    redact: deps.redact
  })
  const host = new URL(settings.beyond.ctSearchUrl).host
  deps.log(`Searching Certificate Transparency at ${host} for certificates of the key (public key SHA-256 ${key.fingerprint}).`)
  const listing = await ct.search(key.fingerprint)
  if ('failure' in listing) {
    const failure = deps.redact(listing.failure)
    return { searched: true, failure, listed: 0, confirmed: [], dropped: 0, requests: ct.requests, ms: deps.clock.now() - started }
  }
  const confirmation = await confirmEntries(listing.entries, key.fingerprint, ct, deps.redact)
  const findings: CtFindings = {
    searched: true,
    listed: listing.entries.length,
    confirmed: confirmation.certificates,
    dropped: confirmation.dropped,
    requests: ct.requests,
    ms: deps.clock.now() - started
  }
  const unconfirmed = confirmation.certificates.filter((c) => c.kind === 'unconfirmed').length
  deps.log(
    `CT: ${listing.entries.length} entries, ${confirmation.certificates.length - unconfirmed} certificates confirmed to carry the key, ${unconfirmed} unconfirmed, ${confirmation.dropped} dropped (another key); ${ct.requests} requests in ${(findings.ms / 1000).toFixed(1)} s.`
  )
  return findings
}

/** What placing the findings needs of the rest of the run. */
export interface PlaceContext {
  settings: Settings
  key: KeyIdentity
  /** The leaves of the certificates the account scan found to carry the key. */
  accountLeaves: string[]
  api: CertCentralApi
  /** Revocations the account's targets already count toward max-revocations. */
  accountTargets: number
  /** The run's Locator (its lookups are kept for the run); a new one when not given. */
  locator?: Locator
}

/** Issuers whose organisation or name says DigiCert (its brands included). */
const DIGICERT_ORGANISATIONS = ['digicert inc', 'digicert, inc.']
const DIGICERT_BRANDS = /digicert|geotrust|thawte|rapidssl|encryption everywhere/i

export function isDigiCertIssuer(certificate: { issuer: string; issuerOrganisation?: string }): boolean {
  return (
    DIGICERT_ORGANISATIONS.some((name) => name === certificate.issuerOrganisation?.toLowerCase()) ||
    DIGICERT_BRANDS.test(certificate.issuer)
  )
}

/** The ACME directory of the certificate's issuer, matched by its common name or organisation (case ignored). */
export function acmeDirectoryFor(
  certificate: { issuerCommonName?: string; issuerOrganisation?: string },
  directories: AcmeDirectory[]
): AcmeDirectory | undefined {
  const names = [certificate.issuerCommonName, certificate.issuerOrganisation].filter((n): n is string => !!n).map((n) => n.toLowerCase())
  return directories.find((directory) => names.includes(directory.issuer.toLowerCase()))
}

/** `issuer|serial` of the account's matches, to recognise them in CT. */
function accountIdentities(leaves: string[]): Set<string> {
  const identities = new Set<string>()
  for (const leaf of leaves) {
    try {
      const x509 = new X509Certificate(leaf)
      identities.add(`${x509.issuer}\u0000${normalSerial(x509.serialNumber)}`)
    } catch {
      // A leaf the scan could read is readable here too; one that is not cannot be recognised.
    }
  }
  return identities
}

export async function placeAndAct(findings: CtFindings, context: PlaceContext, deps: BeyondDeps): Promise<BeyondReport> {
  const { settings } = context
  const now = deps.now ?? (() => new Date())
  const report: BeyondReport = {
    mode: settings.beyond.ctSearch,
    searched: true,
    ...(findings.failure ? { failure: findings.failure } : {}),
    listed: findings.listed,
    dropped: findings.dropped,
    inAccount: 0,
    missedByScan: [],
    certificates: [],
    requests: findings.requests,
    seconds: findings.ms / 1000
  }
  const inAccount = accountIdentities(context.accountLeaves)
  const acme: { entry: ElsewhereCertificate; certificate: ConfirmedCertificate; directory: AcmeDirectory }[] = []
  // The URLs a certificate from CT names are held to the run's rule: anyone can log a certificate.
  const caOptions = {
    timeoutMs: settings.requestTimeoutMs,
    redact: deps.redact,
    addresses: addressPolicy(settings),
    userAgent: USER_AGENT
  }

  const locator = context.locator ?? new Locator(context.api)
  for (const found of findings.confirmed) {
    if (found.kind === 'unconfirmed') {
      // Only the listing's word for the issuer: enough to say where to look, not to act.
      const named = {
        issuerCommonName: /(?:^|,\s*)CN=([^,]+)/.exec(found.issuer)?.[1],
        issuerOrganisation: /(?:^|,\s*)O=([^,]+)/.exec(found.issuer)?.[1]
      }
      const acmeIssuer = settings.beyond.acmeRevoke && acmeDirectoryFor(named, settings.beyond.acmeDirectories)
      const where: Where = isDigiCertIssuer({ issuer: found.issuer, ...named })
        ? 'digicert-other-account'
        : acmeIssuer
          ? 'acme'
          : 'other-ca'
      report.certificates.push({
        issuer: found.issuer,
        serial: found.serial,
        notAfter: found.notAfter,
        ctId: found.ctId,
        where,
        status: 'unconfirmed',
        next: `download it from CT (crt.sh ID ${found.ctId}) and check it by hand: ${found.why}`,
        live: true
      })
      continue
    }
    const x509 = new X509Certificate(found.pem)
    if (inAccount.has(`${x509.issuer}\u0000${found.serial}`)) {
      report.inAccount++
      continue
    }
    const directory = acmeDirectoryFor(found, settings.beyond.acmeDirectories)
    let where: Where = 'other-ca'
    /** Why CertCentral could not say whether this account holds a DigiCert certificate. */
    let lookupFailed: string | undefined
    if (isDigiCertIssuer(found)) {
      // Found among an order's certificates (not only its primary): this account's, and the scan missed it.
      const location = await locator.locate({ type: 'certificate', id: found.serial, source: 'serial-number' })
      if (typeof location !== 'string') {
        report.inAccount++
        report.missedByScan.push(found.serial)
        deps.warn(`CT lists serial ${found.serial} of ${found.issuer}, which this account holds but the key scan did not find.`)
        continue
      }
      // Only "no order holds it" means another account; a failed or unclear lookup says nothing either way.
      if (location !== NO_ORDER_HOLDS_IT) lookupFailed = location
      where = 'digicert-other-account'
    } else if (directory && settings.beyond.acmeRevoke) where = 'acme'
    const entry: ElsewhereCertificate = {
      issuer: found.issuer,
      serial: found.serial,
      notAfter: found.notAfter,
      ctId: found.ctId,
      where,
      status: 'to-report',
      next: null,
      live: true,
      leafPem: found.pem
    }
    report.certificates.push(entry)
    if (new Date(found.notAfter) <= now()) {
      entry.status = 'expired'
      entry.live = false
      continue
    }
    // CT keeps listing revoked certificates: only the CA can say this one is still live.
    const issuer = await fetchIssuerFromAia(found.pem, { ...caOptions, log: deps.log })
    if ('issuerPem' in issuer) {
      entry.issuerPem = issuer.issuerPem
      const verdict = await askCa(found.pem, issuer.issuerPem, caOptions)
      if (verdict.state === 'revoked') {
        entry.status = 'revoked'
        entry.live = false
        entry.detail = `already revoked (${verdict.detail})`
        continue
      }
      entry.detail = verdict.detail
    } else entry.detail = entry.caUnreachable = `its CA cannot be asked: ${issuer.error}`
    if (lookupFailed !== undefined) {
      entry.status = 'unconfirmed'
      entry.lookupFailed = lookupFailed
      entry.next = `CertCentral could not tell whether this account holds it (${lookupFailed}): run again, or look serial ${found.serial} up in CertCentral; if no order holds it, report it to DigiCert (certificate problem report)`
    } else if (where === 'acme' && directory) acme.push({ entry, certificate: found, directory })
    else entry.next = whomToAsk(entry, found, directory)
  }

  deps.progress?.(report)
  await revokeThroughAcme(acme, context, deps, report)
  return report
}

/** What a person does about a live certificate the run cannot revoke. */
export function whomToAsk(
  entry: ElsewhereCertificate,
  certificate: { issuerOrganisation?: string; issuerCommonName?: string },
  directory?: AcmeDirectory
): string {
  if (entry.where === 'digicert-other-account') return "report it to DigiCert (certificate problem report), or run with that account's key"
  const issuer = certificate.issuerOrganisation ?? certificate.issuerCommonName ?? entry.issuer
  if (directory) return `acme-revoke: true would revoke it through ${issuer}'s ACME server; or ask ${issuer} to revoke it: key compromise`
  return `ask ${issuer} to revoke it: key compromise (crt.sh ID ${entry.ctId})`
}

async function revokeThroughAcme(
  work: { entry: ElsewhereCertificate; certificate: ConfirmedCertificate; directory: AcmeDirectory }[],
  context: PlaceContext,
  deps: BeyondDeps,
  report: BeyondReport
): Promise<void> {
  if (work.length === 0) return
  const { settings } = context
  if (settings.dryRun) {
    for (const { entry, directory } of work) {
      entry.status = 'dry-run'
      entry.next = `a live run revokes it through ${new URL(directory.url).host}, signed by the key`
    }
    return deps.progress?.(report)
  }
  if (context.accountTargets + work.length > settings.maxRevocations) {
    for (const { entry } of work) {
      entry.status = 'failed'
      entry.next = `not sent: with the account's ${context.accountTargets} targets, more than max-revocations (${settings.maxRevocations}); raise it and run again`
    }
    return deps.progress?.(report)
  }
  const signingKey = context.key.signingKey
  const { revokeWithKey } = await import('../acme/revoke-cert.js')
  for (const { entry, certificate, directory } of work) {
    if (!signingKey) {
      entry.status = 'failed'
      entry.next = 'the key is not at hand to sign the revocation'
      deps.progress?.(report)
      continue
    }
    // Sent and not yet answered: interrupted now, it may or may not have been filed.
    entry.acmeUnanswered = true
    deps.progress?.(report)
    const outcome = await revokeWithKey(directory.url, certificate.der, signingKey, {
      timeoutMs: settings.requestTimeoutMs,
      maxAttempts: settings.maxAttempts,
      userAgent: USER_AGENT,
      redact: deps.redact,
      addresses: addressPolicy(settings)
    })
    report.acmeRequests = (report.acmeRequests ?? 0) + 1
    delete entry.acmeUnanswered
    entry.status = outcome.status
    entry.detail = outcome.detail
    if (outcome.status === 'failed') {
      entry.error = { type: outcome.type, detail: outcome.detail }
      entry.next = `ask ${certificate.issuerOrganisation ?? certificate.issuerCommonName ?? entry.issuer} to revoke it: key compromise`
    } else if (outcome.status === 'revoked') entry.live = false
    deps.progress?.(report)
    deps.log(`ACME ${new URL(directory.url).host}: serial ${entry.serial} ${entry.status} (${entry.detail}).`)
  }
  if (settings.waitFor === 'revocation')
    await waitForProof(
      work.map((w) => w.entry).filter((e) => e.status === 'submitted'),
      context,
      deps,
      report
    )
}

/**
 * wait-for: revocation: each certificate revoked through ACME is asked of its CA until it says revoked, or the
 * wait's deadline, the account's own (wait-timeout from the end of the revoke requests): at it, nothing in flight
 * is awaited any more, and what it still hears changes nothing.
 */
async function waitForProof(entries: ElsewhereCertificate[], context: PlaceContext, deps: BeyondDeps, report: BeyondReport): Promise<void> {
  const { settings } = context
  const deadline = deps.waitDeadline ?? deps.clock.now() + settings.waitTimeoutMs
  let pause = 2000
  let waiting = entries.filter((entry) => entry.issuerPem)
  for (const entry of entries.filter((e) => !e.issuerPem)) entry.stillWaiting = entry.caUnreachable ?? 'its CA cannot be asked: no issuer'
  if (waiting.length === 0) return
  const alarm = (deps.alarm ?? realAlarm)(Math.max(0, deadline - deps.clock.now()))
  const deadlinePassed = alarm.rings.then(() => 'deadline' as const)
  let over = false
  const askEach = async (): Promise<void> => {
    for (const entry of waiting) {
      const verdict = await askCa(entry.leafPem as string, entry.issuerPem as string, {
        timeoutMs: settings.requestTimeoutMs,
        redact: deps.redact,
        addresses: addressPolicy(settings),
        userAgent: USER_AGENT
      })
      if (over) break
      if (verdict.state === 'revoked') {
        entry.status = 'revoked'
        entry.live = false
        entry.detail = `revoked through ACME (${verdict.detail})`
        delete entry.stillWaiting
      } else entry.stillWaiting = verdict.detail
      deps.progress?.(report)
    }
  }
  try {
    // Past the deadline already (CT and ACME took longer), no CA is asked: the run ends as the wait's deadline says.
    while (deps.clock.now() < deadline) {
      const asked = askEach()
      if ((await Promise.race([asked, deadlinePassed])) === 'deadline') {
        // Stryker disable next-line CallExpression: askCa answers every failure as a verdict and never rejects; kept so that one that did could not end the run as an unhandled rejection
        asked.catch(() => undefined)
        return
      }
      waiting = waiting.filter((entry) => entry.status !== 'revoked')
      if (waiting.length === 0 || deps.clock.now() + pause > deadline) return
      if ((await Promise.race([deps.clock.sleep(pause), deadlinePassed])) === 'deadline') return
      pause = Math.min(pause * 2, 60_000)
    }
  } finally {
    over = true
    alarm.cancel()
    // Said only once the wait is over: interrupted before, the run reports what the CA said last, if anything.
    for (const entry of waiting) if (entry.status !== 'revoked') entry.stillWaiting ??= 'its CA gave no answer before wait-timeout ended'
  }
}
