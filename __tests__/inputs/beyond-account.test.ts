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
  it('refuses plain http off loopback, and a query', () => {
    expect(() => parseCtSearchUrl('http://ct.example.com/')).toThrow(/ct-search-url: .* must use https:\/\//)
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
  it('refuses a bad acme-revoke', () => {
    expect(() => readBeyondAccount((name) => (name === 'acme-revoke' ? 'maybe' : ''), check)).toThrow(
      /acme-revoke: 'maybe' is not a boolean/
    )
  })
})
