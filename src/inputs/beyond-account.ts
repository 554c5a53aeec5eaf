/**
 * The inputs of "Beyond the account": whether Certificate Transparency is searched for the leaked key
 * (`ct-search`), where (`ct-search-url`), and whether certificates found there are revoked through their CA's
 * ACME server, signed by the leaked key (`acme-revoke`, `acme-directories`).
 */
import { InputProblem } from '../errors.js'
import { parseBoolean, parseServiceUrl, quote } from './values.js'

export const CT_SEARCH_MODES = ['off', 'report', 'require'] as const
export type CtSearchMode = (typeof CT_SEARCH_MODES)[number]

/** An issuer (its common name or organisation, as the certificate names it) whose ACME server accepts key-signed revocation. */
export interface AcmeDirectory {
  issuer: string
  url: string
}

export interface BeyondAccountSettings {
  ctSearch: CtSearchMode
  ctSearchUrl: string
  acmeRevoke: boolean
  /** The built-in directories first, then those of `acme-directories`, in the order given. */
  acmeDirectories: AcmeDirectory[]
}

export const DEFAULT_CT_SEARCH_URL = 'https://crt.sh/'

/** Let's Encrypt's issuers name their organisation `Let's Encrypt`; its server revokes on a key-signed request (RFC 8555 §7.6). */
export const BUILT_IN_ACME_DIRECTORIES: readonly AcmeDirectory[] = [
  { issuer: "Let's Encrypt", url: 'https://acme-v02.api.letsencrypt.org/directory' }
]

export function parseCtSearch(raw: string): CtSearchMode {
  const value = raw.trim().toLowerCase()
  if (value === '') return 'report'
  if ((CT_SEARCH_MODES as readonly string[]).includes(value)) return value as CtSearchMode
  throw new InputProblem(`ct-search: ${quote(raw)} is not one of ${CT_SEARCH_MODES.join(', ')}.`)
}

/** A crt.sh-compatible search service: https unless loopback, kept with its path (the query is added to it). */
export function parseCtSearchUrl(raw: string): string {
  const value = raw.trim() === '' ? DEFAULT_CT_SEARCH_URL : raw.trim()
  // parseServiceUrl drops every trailing slash; the query is added after one.
  return `${parseServiceUrl('ct-search-url', value, DEFAULT_CT_SEARCH_URL, 'a certificate search must not be read or changed on the way')}/`
}

/** `<issuer common name or organisation> = <ACME directory URL>`, one a line; blank lines and `#` comments are skipped. */
export function parseAcmeDirectories(raw: string): AcmeDirectory[] {
  const directories: AcmeDirectory[] = []
  for (const [index, line] of raw.split(/\r?\n/).entries()) {
    const text = line.trim()
    if (text === '' || text.startsWith('#')) continue
    // The last `=`: a directory URL carries no query (parseServiceUrl refuses one), an issuer's name may hold one.
    const at = text.lastIndexOf('=')
    // The line is trimmed: the issuer is missing only when there is no `=` or the line starts with it, the URL only
    // when the line ends with it.
    if (at <= 0 || text.endsWith('=')) {
      throw new InputProblem(
        `acme-directories: line ${index + 1} ${quote(text)} is not "<issuer common name or organisation> = <ACME directory URL>".`
      )
    }
    const url = parseServiceUrl(
      `acme-directories (line ${index + 1})`,
      text.slice(at + 1).trim(),
      'https://acme.example.com/directory',
      'the revocation is signed by the leaked key and must reach that CA unchanged'
    )
    directories.push({ issuer: text.slice(0, at).trim(), url })
  }
  return directories
}

/** All four inputs; `input` reads one by name (trimmed, as the runner gives them). */
export function readBeyondAccount(input: (name: string) => string, check: <T>(read: () => T) => T): BeyondAccountSettings {
  return {
    ctSearch: check(() => parseCtSearch(input('ct-search'))),
    ctSearchUrl: check(() => parseCtSearchUrl(input('ct-search-url'))),
    acmeRevoke: check(() => parseBoolean('acme-revoke', input('acme-revoke'), false)),
    acmeDirectories: [...BUILT_IN_ACME_DIRECTORIES, ...(check(() => parseAcmeDirectories(input('acme-directories'))) ?? [])]
  }
}
