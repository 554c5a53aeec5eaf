import { describe, expect, it } from '@jest/globals'
import {
  isLoopbackHost,
  normalizeSerialNumber,
  parseAlertNumber,
  parseAlertRepository,
  parseBoolean,
  parseCertificateIds,
  parseInteger,
  parseMinutes,
  parseOrderIds,
  parseRegion,
  parseRevocationReason,
  parseSeconds,
  parseSerialNumbers,
  parseServiceUrl,
  parseWaitFor,
  quote,
  resolveBaseUrl,
  splitList
} from '../../src/inputs/values.js'

describe('quote', () => {
  const hidden = '[not shown: it holds a long base64 run, like key material]'
  it('quotes a value on one line, cut at 40 characters', () => {
    expect(quote('abc')).toBe("'abc'")
    expect(quote('a\nb\tc')).toBe("'a b c'")
    const dotted = 'a.'.repeat(30)
    expect(quote(dotted.slice(0, 40))).toBe(`'${dotted.slice(0, 40)}'`)
    expect(quote(dotted.slice(0, 41))).toBe(`'${dotted.slice(0, 40)}…'`)
    expect(quote('x'.repeat(39))).toBe(`'${'x'.repeat(39)}'`)
  })
  it('never quotes a value that holds a run of 40 base64 characters (key material in the wrong input)', () => {
    const key = 'MHcCAQEEIBkg4LVWM9nuwNSk3yBkO3A/MKkV+9mi0ab1MPDqUEeJoAoGCCqGSM49'
    expect(quote(key)).toBe(hidden)
    expect(quote(`serial ${key.slice(0, 40)} here`)).toBe(hidden)
    expect(quote('x'.repeat(40))).toBe(hidden)
    expect(quote('ab-_'.repeat(10))).toBe(hidden)
    // 39 in a row, or runs broken by other characters, are quoted (cut).
    expect(quote(key.slice(0, 39))).toBe(`'${key.slice(0, 39)}'`)
    expect(quote(`${'a'.repeat(30)}.${'b'.repeat(30)}`)).toBe(`'${'a'.repeat(30)}.${'b'.repeat(9)}…'`)
  })
})

describe('parseAlertRepository', () => {
  it('takes owner/name, and nothing for an empty value', () => {
    expect(parseAlertRepository('octo-org/certificates')).toBe('octo-org/certificates')
    expect(parseAlertRepository('  a/b.c_d-e  ')).toBe('a/b.c_d-e')
    expect(parseAlertRepository(`${'o'.repeat(39)}/${'r'.repeat(100)}`)).toBe(`${'o'.repeat(39)}/${'r'.repeat(100)}`)
    expect(parseAlertRepository('A1-b2/.github')).toBe('A1-b2/.github')
    expect(parseAlertRepository('')).toBeUndefined()
    expect(parseAlertRepository('  ')).toBeUndefined()
  })
  it.each([
    'certificates',
    'octo-org/',
    '/certificates',
    'octo-org/certificates/extra',
    'octo org/certificates',
    '-octo/r',
    'octo-/r',
    'oc--to/r',
    'octo_org/r',
    `${'o'.repeat(40)}/r`,
    `o/${'r'.repeat(101)}`,
    'o/.',
    'o/..',
    'o/r?x=1',
    'o/r\nx',
    '../etc/passwd',
    'https://github.com/o/r'
  ])('refuses %j', (value) => {
    expect(() => parseAlertRepository(value)).toThrow(
      new RegExp(`^alert-repository: .* is not a repository \\(expected owner/name, like octo-org/certificates\\)\\.$`)
    )
  })
  it('quotes the bad value', () => {
    expect(() => parseAlertRepository('octo org/r')).toThrow("alert-repository: 'octo org/r' is not a repository")
  })
})

describe('splitList', () => {
  it('splits on commas, whitespace and newlines and drops empty items', () => {
    expect(splitList(' 1,2  3\n4,\n,5\t6 ')).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(splitList('')).toEqual([])
    expect(splitList(' , \n ')).toEqual([])
  })
})

describe('certificate and order IDs', () => {
  it('keeps order, drops duplicates and leading zeros', () => {
    expect(parseCertificateIds('12, 34\n12 0034')).toEqual(['12', '34'])
    expect(parseOrderIds('7')).toEqual(['7'])
  })
  it('names the input and the bad value', () => {
    expect(() => parseCertificateIds('12 abc')).toThrow("certificate-id: 'abc' is not a certificate ID")
    expect(() => parseOrderIds('-5')).toThrow("order-id: '-5' is not an order ID")
    expect(() => parseCertificateIds('0')).toThrow(
      "certificate-id: '0' is not a certificate ID (expected a positive number of at most 15 digits)."
    )
    expect(() => parseOrderIds('000')).toThrow("order-id: '000' is not an order ID (expected a positive number")
    expect(() => parseCertificateIds('1234567890123456')).toThrow('at most 15 digits')
    expect(() => parseCertificateIds('12 1.5')).toThrow(
      "certificate-id: '1.5' is not a certificate ID (expected decimal digits, like 12345)."
    )
  })
  it('accepts up to 15 digits, leading zeros not counted', () => {
    expect(parseCertificateIds('123456789012345')).toEqual(['123456789012345'])
    expect(parseOrderIds('0123456789012345')).toEqual(['123456789012345'])
    expect(parseCertificateIds('007 10')).toEqual(['7', '10'])
    expect(parseCertificateIds('')).toEqual([])
  })
})

describe('serial numbers', () => {
  it('accepts colons and 0x, sends upper-case without separators', () => {
    expect(normalizeSerialNumber('0a:1b:2c')).toBe('0A1B2C')
    expect(normalizeSerialNumber('0x0a1b2c')).toBe('0A1B2C')
    expect(normalizeSerialNumber('0X0A1B2C')).toBe('0A1B2C')
    expect(parseSerialNumbers('0a1b, 0A1B 0x0a:1b')).toEqual(['0A1B'])
  })
  it('refuses what is not hex, or too long for a serial', () => {
    expect(() => normalizeSerialNumber('0a1g')).toThrow("serial-number: '0a1g' is not a serial number")
    expect(() => normalizeSerialNumber('0a::1b')).toThrow('is not a serial number')
    expect(() => normalizeSerialNumber('a'.repeat(43))).toThrow(
      'serial-number: [not shown: it holds a long base64 run, like key material] is too long for a certificate serial number (at most 20 bytes).'
    )
    expect(normalizeSerialNumber('a'.repeat(42))).toBe('A'.repeat(42))
    expect(normalizeSerialNumber('a'.repeat(40))).toBe('A'.repeat(40))
  })
  it('takes colons only between groups of one or two digits', () => {
    expect(normalizeSerialNumber('a:b:c')).toBe('ABC')
    expect(() => normalizeSerialNumber('0a1:b2')).toThrow('is not a serial number')
    expect(() => normalizeSerialNumber(':0a:1b')).toThrow('is not a serial number')
    // 0x is a prefix only.
    expect(() => normalizeSerialNumber('1a0x2f')).toThrow("serial-number: '1a0x2f' is not a serial number")
    expect(() => normalizeSerialNumber('0a:1b:')).toThrow('is not a serial number')
    expect(() => normalizeSerialNumber('0x')).toThrow('is not a serial number')
  })
  it('names the input it reads for', () => {
    expect(() => normalizeSerialNumber('zz', 'certificate-pem')).toThrow(
      "certificate-pem: 'zz' is not a serial number (expected hexadecimal, like 0A1B2C or 0a:1b:2c)."
    )
    expect(parseSerialNumbers('')).toEqual([])
  })
})

describe('revocation-reason', () => {
  it('ignores case, -, _ and spaces', () => {
    expect(parseRevocationReason('key-compromise')).toBe('keyCompromise')
    expect(parseRevocationReason('KEY_COMPROMISE')).toBe('keyCompromise')
    expect(parseRevocationReason('Cessation Of Operation')).toBe('cessationOfOperation')
    expect(parseRevocationReason('superseded')).toBe('superseded')
    expect(parseRevocationReason('')).toBeUndefined()
  })
  it('lists the known reasons when it does not match', () => {
    expect(() => parseRevocationReason('stolen')).toThrow(
      "revocation-reason: 'stolen' is not a reason CertCentral knows. Use one of: unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation."
    )
  })
  it('knows every reason CertCentral knows, and only by its whole name', () => {
    for (const reason of ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']) {
      expect(parseRevocationReason(reason.toUpperCase())).toBe(reason)
    }
    expect(() => parseRevocationReason('key')).toThrow('revocation-reason')
    expect(() => parseRevocationReason('keyCompromised')).toThrow('revocation-reason')
  })
})

describe('booleans and numbers', () => {
  it('accepts what core.getBooleanInput accepts', () => {
    for (const value of ['true', 'True', 'TRUE']) expect(parseBoolean('dry-run', value, false)).toBe(true)
    for (const value of ['false', 'False', 'FALSE']) expect(parseBoolean('dry-run', value, true)).toBe(false)
    expect(parseBoolean('dry-run', '', true)).toBe(true)
    expect(parseBoolean('dry-run', '  ', false)).toBe(false)
    expect(parseBoolean('dry-run', ' true ', false)).toBe(true)
    expect(() => parseBoolean('dry-run', 'yes', false)).toThrow("dry-run: 'yes' is not a boolean (use true or false).")
    expect(() => parseBoolean('dry-run', 'tRUE', false)).toThrow('is not a boolean')
  })
  it('checks whole numbers and seconds against their range', () => {
    expect(parseInteger('max-attempts', '3', 5, 1, 20)).toBe(3)
    expect(parseInteger('max-attempts', '', 5, 1, 20)).toBe(5)
    expect(() => parseInteger('max-attempts', '0', 5, 1, 20)).toThrow('from 1 to 20')
    expect(() => parseInteger('max-attempts', '2.5', 5, 1, 20)).toThrow("max-attempts: '2.5'")
    expect(parseSeconds('request-timeout', '1.5', 30, 1, 600)).toBe(1.5)
    expect(() => parseSeconds('request-timeout', 'soon', 30, 1, 600)).toThrow(
      "request-timeout: 'soon' is not a number of seconds from 1 to 600."
    )
  })
  it('accepts both ends of a range and refuses what lies beyond either', () => {
    expect(parseInteger('max-attempts', '1', 5, 1, 20)).toBe(1)
    expect(parseInteger('max-attempts', ' 20 ', 5, 1, 20)).toBe(20)
    expect(() => parseInteger('max-attempts', '21', 5, 1, 20)).toThrow("max-attempts: '21' is not a whole number from 1 to 20.")
    expect(() => parseInteger('max-revocations', '5001', 100, 1, 5000)).toThrow(
      "max-revocations: '5001' is not a whole number from 1 to 5000."
    )
    expect(() => parseInteger('max-attempts', '-3', 5, 1, 20)).toThrow('from 1 to 20')
    expect(parseSeconds('request-timeout', '1', 30, 1, 600)).toBe(1)
    expect(parseSeconds('request-timeout', '600', 30, 1, 600)).toBe(600)
    expect(parseSeconds('request-timeout', '', 30, 1, 600)).toBe(30)
    expect(parseSeconds('request-timeout', ' 1.25\n', 30, 1, 600)).toBe(1.25)
    expect(() => parseSeconds('request-timeout', 'a1.5', 30, 1, 600)).toThrow("request-timeout: 'a1.5' is not a number of seconds")
    expect(() => parseSeconds('request-timeout', '600.5', 30, 1, 600)).toThrow(
      "request-timeout: '600.5' is not a number of seconds from 1 to 600."
    )
    expect(() => parseSeconds('request-timeout', '0.5', 30, 1, 600)).toThrow('from 1 to 600')
    expect(() => parseSeconds('request-timeout', '1.', 30, 1, 600)).toThrow('from 1 to 600')
    expect(() => parseSeconds('request-timeout', '.5', 30, 1, 600)).toThrow('from 1 to 600')
  })
  it('reads alert numbers', () => {
    expect(parseAlertNumber('alert-number', ' 42 ')).toBe(42)
    expect(parseAlertNumber('alert-number', '')).toBeUndefined()
    expect(() => parseAlertNumber('alert-number', '#42')).toThrow(
      "alert-number: '#42' is not a secret scanning alert number (a positive whole number)."
    )
    expect(() => parseAlertNumber('alert-number', '0')).toThrow('is not a secret scanning alert number')
    expect(() => parseAlertNumber('alert-number', '042')).toThrow('is not a secret scanning alert number')
    expect(parseAlertNumber('alert-number', '1234567890')).toBe(1234567890)
    expect(() => parseAlertNumber('alert-number', '12345678901')).toThrow('is not a secret scanning alert number')
  })
})

describe('region and base-url', () => {
  it('maps regions to their hosts', () => {
    expect(resolveBaseUrl('', parseRegion(''))).toBe('https://www.digicert.com/services/v2')
    expect(resolveBaseUrl('', parseRegion('EU'))).toBe('https://certcentral.digicert.eu/services/v2')
    expect(resolveBaseUrl('  ', parseRegion(' eu '))).toBe('https://certcentral.digicert.eu/services/v2')
    expect(() => parseRegion('asia')).toThrow("region: 'asia' is not a CertCentral region. Use us or eu (or base-url for another host).")
  })
  it('accepts an explicit us', () => {
    expect(parseRegion('us')).toBe('us')
    expect(parseRegion(' US ')).toBe('us')
    expect(parseRegion('')).toBe('us')
  })
  it('takes base-url over the region, without a trailing slash', () => {
    expect(resolveBaseUrl('https://certcentral.example.invalid/services/v2/', 'eu')).toBe('https://certcentral.example.invalid/services/v2')
    expect(resolveBaseUrl('https://certcentral.example.invalid/services/v2///', 'eu')).toBe(
      'https://certcentral.example.invalid/services/v2'
    )
  })
  it('allows plain http only on loopback', () => {
    expect(resolveBaseUrl('http://127.0.0.1:8080/services/v2', 'us')).toBe('http://127.0.0.1:8080/services/v2')
    expect(resolveBaseUrl('http://localhost:8080/x', 'us')).toBe('http://localhost:8080/x')
    expect(resolveBaseUrl('http://[::1]:8080/x', 'us')).toBe('http://[::1]:8080/x')
    expect(() => resolveBaseUrl('http://certcentral.example.invalid/services/v2', 'us')).toThrow('must use https://')
    expect(() => resolveBaseUrl('http://127.0.0.1.example.invalid/', 'us')).toThrow('must use https://')
    expect(() => resolveBaseUrl('ftp://127.0.0.1/', 'us')).toThrow('must use https://')
  })
  it('refuses credentials, queries and fragments, and non-URLs', () => {
    const refused = "base-url: 'https://example.invalid/x' must not carry a user name, password, query or fragment."
    expect(() => resolveBaseUrl('https://user:pw@example.invalid/x', 'us')).toThrow(refused)
    expect(() => resolveBaseUrl('https://user@example.invalid/x', 'us')).toThrow(refused)
    expect(() => resolveBaseUrl('https://:pw@example.invalid/x', 'us')).toThrow(refused)
    expect(() => resolveBaseUrl('https://example.invalid/x?a=1', 'us')).toThrow(refused)
    expect(() => resolveBaseUrl('https://example.invalid/x#top', 'us')).toThrow(refused)
    expect(() => resolveBaseUrl('not a url', 'us')).toThrow(
      "base-url: 'not a url' is not a URL (expected something like https://www.digicert.com/services/v2)."
    )
  })
  it('never quotes a user name or password back', () => {
    expect(() => resolveBaseUrl('http://user:hunter22@certcentral.example.invalid/v2', 'us')).toThrow(
      "base-url: 'http://certcentral.example.invalid/v2' must use https://"
    )
    expect(() => resolveBaseUrl('https://user:hunter22@certcentral.example.invalid/v2', 'us')).not.toThrow('hunter22')
  })
  it('quotes neither a query nor a fragment back, which may carry a credential too', () => {
    expect(() => resolveBaseUrl('http://certcentral.example.invalid/v2?token=hunter22#x', 'us')).toThrow(
      "base-url: 'http://certcentral.example.invalid/v2' must use https://"
    )
  })
  it('says why plain http is refused', () => {
    expect(() => resolveBaseUrl('http://certcentral.example.invalid/v2', 'us')).toThrow(
      "base-url: 'http://certcentral.example.invalid/v2' must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1), because the API key is sent with every request."
    )
  })
  it("checks another service's URL by the same rules, in its own words", () => {
    expect(parseServiceUrl('GITHUB_API_URL', 'https://ghe.example.invalid/api/v3/', 'https://api.github.com', 'the token is sent')).toBe(
      'https://ghe.example.invalid/api/v3'
    )
    expect(() =>
      parseServiceUrl('GITHUB_API_URL', 'http://ghe.example.invalid/api/v3', 'https://api.github.com', 'the token is sent')
    ).toThrow(
      "GITHUB_API_URL: 'http://ghe.example.invalid/api/v3' must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1), because the token is sent."
    )
    expect(() => parseServiceUrl('GITHUB_API_URL', 'nope', 'https://api.github.com', 'the token is sent')).toThrow(
      "GITHUB_API_URL: 'nope' is not a URL (expected something like https://api.github.com)."
    )
  })
  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.255.0.1')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('LOCALHOST')).toBe(true)
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
    expect(isLoopbackHost('localhost.example.invalid')).toBe(false)
    expect(isLoopbackHost('a.localhost')).toBe(false)
    expect(isLoopbackHost('127.0.0.1.example.invalid')).toBe(false)
    expect(isLoopbackHost('x127.0.0.1')).toBe(false)
    expect(isLoopbackHost('127.0.0')).toBe(false)
    expect(isLoopbackHost('127.0.0.1234')).toBe(false)
    expect(isLoopbackHost('[::2]')).toBe(false)
    // Only brackets around the whole host are IPv6 notation.
    expect(isLoopbackHost('::1[')).toBe(false)
    expect(isLoopbackHost(']::1')).toBe(false)
  })
})

describe('wait-for and wait-timeout', () => {
  it('knows what a run may wait for, case ignored, none by default', () => {
    expect(parseWaitFor('')).toBe('none')
    expect(parseWaitFor(' ')).toBe('none')
    expect(parseWaitFor('none')).toBe('none')
    expect(parseWaitFor('Approval')).toBe('approval')
    expect(parseWaitFor(' REVOCATION ')).toBe('revocation')
    expect(() => parseWaitFor('forever')).toThrow("wait-for: 'forever' is not one of none, approval, revocation.")
  })
  it('reads minutes above 0 up to the maximum, decimals allowed', () => {
    expect(parseMinutes('wait-timeout', '', 30, 360)).toBe(30)
    expect(parseMinutes('wait-timeout', '0.5', 30, 360)).toBe(0.5)
    expect(parseMinutes('wait-timeout', '0.25', 30, 360)).toBe(0.25)
    expect(parseMinutes('wait-timeout', ' 360 ', 30, 360)).toBe(360)
    expect(() => parseMinutes('wait-timeout', '0', 30, 360)).toThrow(
      "wait-timeout: '0' is not a number of minutes more than 0 and at most 360."
    )
    expect(() => parseMinutes('wait-timeout', '360.5', 30, 360)).toThrow('at most 360')
    expect(() => parseMinutes('wait-timeout', '1e2', 30, 360)).toThrow('at most 360')
    expect(() => parseMinutes('wait-timeout', '5.', 30, 360)).toThrow('at most 360')
  })
})
