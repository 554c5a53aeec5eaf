/**
 * Pure parsers for the action's inputs. Each takes the raw text of one input and returns the typed value or
 * throws an InputProblem that names the input and the bad value.
 */
import { REGIONS, REVOCATION_REASONS, type Region, type RevocationReason } from '../certcentral/vocabulary.js'
import { InputProblem } from '../errors.js'
import { LIMITS, clean } from '../untrusted.js'
import { WAIT_FOR, type WaitFor } from './settings.js'

/** 40 characters of the base64 alphabets (standard and URL-safe) in a row: key material, not a value typed by hand. */
const LONG_BASE64_RUN = /[A-Za-z0-9+/_-]{40,}/

/**
 * An input's value quoted back in a message: one line, cut to 40 characters, so a pasted blob does not flood the
 * log. A value that holds a long base64 run is not quoted at all: it may be key material pasted into the wrong
 * input (a header-less key in certificate-pem or serial-number), and 40 characters of a key are too many to show.
 */
export function quote(value: string): string {
  if (LONG_BASE64_RUN.test(value)) return '[not shown: it holds a long base64 run, like key material]'
  return `'${clean(value, LIMITS.inputValue)}'`
}

/** Splits a list input on commas, whitespace and newlines, dropping empty items. */
export function splitList(raw: string): string[] {
  return raw.split(/[\s,]/).filter((item) => item !== '')
}

function unique(items: string[]): string[] {
  return [...new Set(items)]
}

const MAX_ID_DIGITS = 15

function parseNumericIds(input: string, noun: string, raw: string): string[] {
  return unique(
    splitList(raw).map((item) => {
      if (!/^[0-9]+$/.test(item)) {
        throw new InputProblem(`${input}: ${quote(item)} is not ${noun} (expected decimal digits, like 12345).`)
      }
      const canonical = item.replace(/^0+(?=.)/, '')
      if (canonical === '0' || canonical.length > MAX_ID_DIGITS) {
        throw new InputProblem(`${input}: ${quote(item)} is not ${noun} (expected a positive number of at most ${MAX_ID_DIGITS} digits).`)
      }
      return canonical
    })
  )
}

export function parseCertificateIds(raw: string): string[] {
  return parseNumericIds('certificate-id', 'a certificate ID', raw)
}

export function parseOrderIds(raw: string): string[] {
  return parseNumericIds('order-id', 'an order ID', raw)
}

/** RFC 5280 limits serial numbers to 20 octets; a DER sign byte can add one more. */
const MAX_SERIAL_HEX_DIGITS = 42

/** Normalises one serial number: `0x` prefix and colons accepted, upper-case hex without separators returned. */
export function normalizeSerialNumber(item: string, input = 'serial-number'): string {
  let hex = item.replace(/^0x/i, '')
  if (/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})+$/i.test(hex)) {
    hex = hex.replace(/:/g, '')
  }
  if (!/^[0-9a-f]+$/i.test(hex)) {
    throw new InputProblem(`${input}: ${quote(item)} is not a serial number (expected hexadecimal, like 0A1B2C or 0a:1b:2c).`)
  }
  if (hex.length > MAX_SERIAL_HEX_DIGITS) {
    throw new InputProblem(`${input}: ${quote(item)} is too long for a certificate serial number (at most 20 bytes).`)
  }
  return hex.toUpperCase()
}

export function parseSerialNumbers(raw: string): string[] {
  return unique(splitList(raw).map((item) => normalizeSerialNumber(item)))
}

/** Matches a reason ignoring case, `-`, `_` and spaces: `key-compromise` and `KEY_COMPROMISE` both work. */
export function parseRevocationReason(raw: string): RevocationReason | undefined {
  const wanted = raw.replace(/[\s_-]/g, '').toLowerCase()
  if (wanted === '') return undefined
  const reason = REVOCATION_REASONS.find((candidate) => candidate.toLowerCase() === wanted)
  if (!reason) {
    throw new InputProblem(
      `revocation-reason: ${quote(raw)} is not a reason CertCentral knows. Use one of: ${REVOCATION_REASONS.join(', ')}.`
    )
  }
  return reason
}

const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

/** The same values as core.getBooleanInput, with an empty value meaning the default. */
export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim()
  if (value === '') return fallback
  if (TRUE_VALUES.includes(value)) return true
  if (FALSE_VALUES.includes(value)) return false
  throw new InputProblem(`${input}: ${quote(raw)} is not a boolean (use true or false).`)
}

/** A whole number within [min, max]; an empty value means the default. */
export function parseInteger(input: string, raw: string, fallback: number, min: number, max: number): number {
  const value = raw.trim()
  if (value === '') return fallback
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputProblem(`${input}: ${quote(raw)} is not a whole number from ${min} to ${max}.`)
  }
  return Number(value)
}

/** Seconds, possibly fractional, within [min, max]; an empty value means the default. */
export function parseSeconds(input: string, raw: string, fallback: number, min: number, max: number): number {
  const value = raw.trim()
  if (value === '') return fallback
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputProblem(`${input}: ${quote(raw)} is not a number of seconds from ${min} to ${max}.`)
  }
  return Number(value)
}

export function parseRegion(raw: string): Region {
  const value = raw.trim().toLowerCase()
  if (value === '') return 'us'
  if (value === 'us' || value === 'eu') return value
  throw new InputProblem(`region: ${quote(raw)} is not a CertCentral region. Use us or eu (or base-url for another host).`)
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(\.[0-9]{1,3}){3}$/.test(host)
}

/**
 * The Services API base URL: `base-url` when given, else the region's host. A base URL must be https (the key
 * travels in a header) unless it is on loopback, and may not carry credentials, a query or a fragment.
 */
export function resolveBaseUrl(rawBaseUrl: string, region: Region): string {
  const value = rawBaseUrl.trim()
  if (value === '') return REGIONS[region]
  return parseServiceUrl('base-url', value, 'https://www.digicert.com/services/v2', 'the API key is sent with every request')
}

/**
 * A service's base URL that a credential travels to: https, unless its host is loopback; no user name,
 * password, query or fragment. `why` ends the message about plain http.
 */
export function parseServiceUrl(input: string, value: string, example: string, why: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputProblem(`${input}: ${quote(value)} is not a URL (expected something like ${example}).`)
  }
  // A user name or password, a query or a fragment may be a credential: none is quoted.
  const shown = `${url.protocol}//${url.host}${url.pathname}`
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new InputProblem(
      `${input}: ${quote(shown)} must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1), because ${why}.`
    )
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new InputProblem(`${input}: ${quote(shown)} must not carry a user name, password, query or fragment.`)
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** Reads an alert number: a positive whole number, or nothing. */
export function parseAlertNumber(input: string, raw: string): number | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  if (!/^[1-9][0-9]{0,9}$/.test(value)) {
    throw new InputProblem(`${input}: ${quote(raw)} is not a secret scanning alert number (a positive whole number).`)
  }
  return Number(value)
}

/** A GitHub owner (user or organisation: letters, digits, single hyphens inside) and a repository name. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/

/** alert-repository: `owner/name`, or nothing (the workflow's own repository). */
export function parseAlertRepository(raw: string): string | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  if (!REPOSITORY.test(value)) {
    throw new InputProblem(`alert-repository: ${quote(raw)} is not a repository (expected owner/name, like octo-org/certificates).`)
  }
  return value
}

/** wait-for: none (the default), approval or revocation, case ignored. */
export function parseWaitFor(raw: string): WaitFor {
  const value = raw.trim().toLowerCase()
  if (value === '') return 'none'
  const known = WAIT_FOR.find((option) => option === value)
  if (!known) throw new InputProblem(`wait-for: ${quote(raw)} is not one of ${WAIT_FOR.join(', ')}.`)
  return known
}

/** wait-timeout in minutes: decimals allowed, more than 0, at most `max`; empty means the default. */
export function parseMinutes(input: string, raw: string, fallback: number, max: number): number {
  const value = raw.trim()
  if (value === '') return fallback
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) <= 0 || Number(value) > max) {
    throw new InputProblem(`${input}: ${quote(raw)} is not a number of minutes more than 0 and at most ${max}.`)
  }
  return Number(value)
}
