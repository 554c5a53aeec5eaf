import { describe, expect, it } from '@jest/globals'
import {
  isLoopbackHost,
  normalizeSerialNumber,
  parseAlertNumber,
  parseBoolean,
  parseCertificateIds,
  parseInteger,
  parseOrderIds,
  parseRegion,
  parseRevocationReason,
  parseSeconds,
  parseSerialNumbers,
  resolveBaseUrl,
  splitList
} from '../../src/inputs/values.js'

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
    expect(() => parseCertificateIds('0')).toThrow('positive number')
    expect(() => parseCertificateIds('1234567890123456')).toThrow('at most 15 digits')
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
    expect(() => normalizeSerialNumber('a'.repeat(43))).toThrow('too long')
    expect(normalizeSerialNumber('a'.repeat(40))).toBe('A'.repeat(40))
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
    expect(() => parseRevocationReason('stolen')).toThrow(/revocation-reason: 'stolen' .*unspecified, keyCompromise/)
  })
})

describe('booleans and numbers', () => {
  it('accepts what core.getBooleanInput accepts', () => {
    for (const value of ['true', 'True', 'TRUE']) expect(parseBoolean('dry-run', value, false)).toBe(true)
    for (const value of ['false', 'False', 'FALSE']) expect(parseBoolean('dry-run', value, true)).toBe(false)
    expect(parseBoolean('dry-run', '', true)).toBe(true)
    expect(() => parseBoolean('dry-run', 'yes', false)).toThrow("dry-run: 'yes' is not a boolean")
  })
  it('checks whole numbers and seconds against their range', () => {
    expect(parseInteger('max-attempts', '3', 5, 1, 20)).toBe(3)
    expect(parseInteger('max-attempts', '', 5, 1, 20)).toBe(5)
    expect(() => parseInteger('max-attempts', '0', 5, 1, 20)).toThrow('from 1 to 20')
    expect(() => parseInteger('max-attempts', '2.5', 5, 1, 20)).toThrow("max-attempts: '2.5'")
    expect(parseSeconds('request-timeout', '1.5', 30, 1, 600)).toBe(1.5)
    expect(() => parseSeconds('request-timeout', 'soon', 30, 1, 600)).toThrow('request-timeout')
  })
  it('reads alert numbers', () => {
    expect(parseAlertNumber('alert-number', ' 42 ')).toBe(42)
    expect(parseAlertNumber('alert-number', '')).toBeUndefined()
    expect(() => parseAlertNumber('alert-number', '#42')).toThrow("alert-number: '#42'")
  })
})

describe('region and base-url', () => {
  it('maps regions to their hosts', () => {
    expect(resolveBaseUrl('', parseRegion(''))).toBe('https://www.digicert.com/services/v2')
    expect(resolveBaseUrl('', parseRegion('EU'))).toBe('https://certcentral.digicert.eu/services/v2')
    expect(() => parseRegion('asia')).toThrow("region: 'asia'")
  })
  it('takes base-url over the region, without a trailing slash', () => {
    expect(resolveBaseUrl('https://certcentral.example.invalid/services/v2/', 'eu')).toBe('https://certcentral.example.invalid/services/v2')
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
    expect(() => resolveBaseUrl('https://user:pw@example.invalid/', 'us')).toThrow('user name, password')
    expect(() => resolveBaseUrl('https://example.invalid/?a=1', 'us')).toThrow('query')
    expect(() => resolveBaseUrl('not a url', 'us')).toThrow("base-url: 'not a url' is not a URL")
  })
  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.255.0.1')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('LOCALHOST')).toBe(true)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
    expect(isLoopbackHost('localhost.example.invalid')).toBe(false)
  })
})
