import { describe, expect, it } from '@jest/globals'
import { InputProblem } from '../../src/errors.js'
import {
  BUILT_IN_ACME_DIRECTORIES,
  parseAcmeDirectories,
  parseCtSearch,
  parseCtSearchUrl,
  readBeyondAccount
} from '../../src/inputs/beyond-account.js'

describe('ct-search', () => {
  it('defaults to report, and takes off, report and require in any case', () => {
    expect(parseCtSearch('')).toBe('report')
    expect(parseCtSearch('off')).toBe('off')
    expect(parseCtSearch(' Require ')).toBe('require')
    expect(parseCtSearch('REPORT')).toBe('report')
  })
  it('refuses anything else, naming the input and the choices', () => {
    expect(() => parseCtSearch('yes')).toThrow(new InputProblem("ct-search: 'yes' is not one of off, report, require."))
  })
})

describe('ct-search-url', () => {
  it('defaults to crt.sh, and keeps a path, ending with a slash', () => {
    expect(parseCtSearchUrl('')).toBe('https://crt.sh/')
    expect(parseCtSearchUrl('https://ct.example.com/search')).toBe('https://ct.example.com/search/')
    expect(parseCtSearchUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/')
  })
  it('reads a blank value as the default, and trims any whitespace around a URL (a no-break space too)', () => {
    expect(parseCtSearchUrl(' \t\n')).toBe('https://crt.sh/')
    // The URL parser itself drops only ASCII spaces and controls: the no-break space must be trimmed before it.
    expect(parseCtSearchUrl('\u00a0https://ct.example.com/search\u00a0')).toBe('https://ct.example.com/search/')
  })
  it('ends with exactly one slash, however many the URL has', () => {
    expect(parseCtSearchUrl('https://crt.sh')).toBe('https://crt.sh/')
    expect(parseCtSearchUrl('https://ct.example.com/search//')).toBe('https://ct.example.com/search/')
  })
  it('refuses plain http off loopback, and a query', () => {
    expect(() => parseCtSearchUrl('http://ct.example.com/')).toThrow(
      new InputProblem(
        "ct-search-url: 'http://ct.example.com/' must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1), because a certificate search must not be read or changed on the way."
      )
    )
    expect(() => parseCtSearchUrl('crt.sh')).toThrow(
      new InputProblem("ct-search-url: 'crt.sh' is not a URL (expected something like https://crt.sh/).")
    )
    expect(() => parseCtSearchUrl('https://ct.example.com/?q=1')).toThrow(/must not carry a user name, password, query or fragment/)
    expect(() => parseCtSearchUrl('crt.sh')).toThrow(/is not a URL/)
  })
})

describe('acme-directories', () => {
  it('reads one issuer = URL a line, skipping blank lines and comments', () => {
    const text = '\n# our CAs\nR10 = https://acme.example.com/directory\n  Example CA, Inc. =http://localhost:14000/dir/  \n'
    expect(parseAcmeDirectories(text)).toEqual([
      { issuer: 'R10', url: 'https://acme.example.com/directory' },
      { issuer: 'Example CA, Inc.', url: 'http://localhost:14000/dir' }
    ])
    expect(parseAcmeDirectories('')).toEqual([])
  })
  it('splits at the last = (an issuer name may hold one)', () => {
    expect(parseAcmeDirectories('CN=R10 = https://a.example/d')).toEqual([{ issuer: 'CN=R10', url: 'https://a.example/d' }])
  })
  it('trims each line and the issuer and URL around the =, skipping a blank or indented comment line', () => {
    const text = '  \t\n   # indented comment = https://ignored.example/d\n\tR10\t=\u00a0https://a.example/d\u00a0\n'
    expect(parseAcmeDirectories(text)).toEqual([{ issuer: 'R10', url: 'https://a.example/d' }])
  })
  it('reads a line that starts with = as having no issuer, and one that ends with = as having no URL', () => {
    const shape = '"<issuer common name or organisation> = <ACME directory URL>"'
    expect(() => parseAcmeDirectories('= https://a.example/d')).toThrow(
      new InputProblem(`acme-directories: line 1 '= https://a.example/d' is not ${shape}.`)
    )
    expect(() => parseAcmeDirectories('R10 =')).toThrow(new InputProblem(`acme-directories: line 1 'R10 =' is not ${shape}.`))
    expect(() => parseAcmeDirectories('# R10\n  R10 = \t ')).toThrow(new InputProblem(`acme-directories: line 2 'R10 =' is not ${shape}.`))
    expect(() => parseAcmeDirectories('https://a.example/d')).toThrow(
      new InputProblem(`acme-directories: line 1 'https://a.example/d' is not ${shape}.`)
    )
    // The last = splits: an issuer of = signs alone is still an issuer.
    expect(parseAcmeDirectories('== https://a.example/d')).toEqual([{ issuer: '=', url: 'https://a.example/d' }])
  })
  it('says what a directory URL looks like, and why it must be https', () => {
    expect(() => parseAcmeDirectories('R10 = acme')).toThrow(
      new InputProblem("acme-directories (line 1): 'acme' is not a URL (expected something like https://acme.example.com/directory).")
    )
    expect(() => parseAcmeDirectories('R10 = http://acme.example.com/d')).toThrow(
      new InputProblem(
        "acme-directories (line 1): 'http://acme.example.com/d' must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1), because the revocation is signed by the leaked key and must reach that CA unchanged."
      )
    )
  })
  it('refuses a line without an issuer or a URL, and plain http off loopback, naming the line', () => {
    expect(() => parseAcmeDirectories('https://a.example/d')).toThrow(/acme-directories: line 1 .* is not "<issuer/)
    expect(() => parseAcmeDirectories('R10 =')).toThrow(/line 1/)
    expect(() => parseAcmeDirectories('= https://a.example/d')).toThrow(/line 1/)
    expect(() => parseAcmeDirectories('ok = https://a.example/d\nR10 = http://acme.example.com/d')).toThrow(
      /acme-directories \(line 2\): .* must use https:\/\//
    )
  })
})

describe('readBeyondAccount', () => {
  const check = <T>(read: () => T): T => read()
  it('puts the built-in directories first', () => {
    const inputs: Record<string, string> = { 'acme-revoke': 'true', 'acme-directories': 'R1 = https://a.example/d' }
    const settings = readBeyondAccount((name) => inputs[name] ?? '', check)
    expect(settings).toEqual({
      ctSearch: 'report',
      ctSearchUrl: 'https://crt.sh/',
      acmeRevoke: true,
      acmeDirectories: [...BUILT_IN_ACME_DIRECTORIES, { issuer: 'R1', url: 'https://a.example/d' }]
    })
    expect(BUILT_IN_ACME_DIRECTORIES).toEqual([{ issuer: "Let's Encrypt", url: 'https://acme-v02.api.letsencrypt.org/directory' }])
  })
  it('reads each input by its own name', () => {
    const inputs: Record<string, string> = {
      'ct-search': 'require',
      'ct-search-url': 'https://ct.example.com/search',
      'acme-revoke': 'true',
      'acme-directories': 'R1 = https://a.example/d\nE1 = https://e.example/d'
    }
    expect(readBeyondAccount((name) => inputs[name] ?? '', check)).toEqual({
      ctSearch: 'require',
      ctSearchUrl: 'https://ct.example.com/search/',
      acmeRevoke: true,
      acmeDirectories: [
        { issuer: "Let's Encrypt", url: 'https://acme-v02.api.letsencrypt.org/directory' },
        { issuer: 'R1', url: 'https://a.example/d' },
        { issuer: 'E1', url: 'https://e.example/d' }
      ]
    })
  })
  it('keeps the built-in directories when acme-directories has a problem that check kept', () => {
    // readSettings' check keeps the problem and gives nothing back; it throws with every problem afterwards.
    const problems: string[] = []
    const keep = <T>(read: () => T): T => {
      try {
        return read()
      } catch (error) {
        problems.push((error as Error).message)
        return undefined as T
      }
    }
    const inputs: Record<string, string> = { 'acme-directories': 'R1' }
    expect(readBeyondAccount((name) => inputs[name] ?? '', keep).acmeDirectories).toEqual([
      { issuer: "Let's Encrypt", url: 'https://acme-v02.api.letsencrypt.org/directory' }
    ])
    expect(problems).toEqual([`acme-directories: line 1 'R1' is not "<issuer common name or organisation> = <ACME directory URL>".`])
  })
  it('refuses a bad acme-revoke', () => {
    expect(() => readBeyondAccount((name) => (name === 'acme-revoke' ? 'maybe' : ''), check)).toThrow(
      /acme-revoke: 'maybe' is not a boolean/
    )
  })
})
