import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Redactor, Secrets, secretLines } from '../src/secrets.js'

/** What the action printed: core.setSecret writes an `::add-mask::` command to standard output. */
let written: string[] = []
beforeEach(() => {
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
})

const redactorOf = (...secrets: string[]): Redactor => {
  const redactor = new Redactor()
  secrets.forEach((secret) => redactor.add(secret))
  return redactor
}

describe('Redactor', () => {
  it('replaces every whole occurrence of a secret with three asterisks', () => {
    expect(redactorOf('abcd').redact('key abcd, xabcdx and abcdabcd')).toBe('key ***, x***x and ******')
  })

  it('takes the longest secret first, so no tail of a longer one is left', () => {
    expect(redactorOf('abcd', 'abcdef').redact('key abcdef and abcd')).toBe('key *** and ***')
    expect(redactorOf('abcdef', 'abcd').redact('key abcdef and abcd')).toBe('key *** and ***')
  })

  it('removes a piece of eight characters or more of a secret, but not a shorter one', () => {
    const redactor = redactorOf('ABCDEFGHIJKLMNOP')
    expect(redactor.redact('quoted: CDEFGHIJ.')).toBe('quoted: ***.')
    expect(redactor.redact('quoted: CDEFGHI.')).toBe('quoted: CDEFGHI.')
    expect(redactor.redact('cut: ABCDEFGHIJ…')).toBe('cut: ***…')
  })

  it('replaces a run of overlapping or touching pieces once, and separate pieces each', () => {
    const redactor = redactorOf('ABCDEFGHIJKLMNOP')
    expect(redactor.redact('x CDEFGHIJKLMN y')).toBe('x *** y')
    expect(redactor.redact('ABCDEFGHABCDEFGH')).toBe('***')
    expect(redactor.redact('ABCDEFGH-ABCDEFGH')).toBe('***-***')
    expect(redactor.redact('IJKLMNOP and then BCDEFGHI at the end')).toBe('*** and then *** at the end')
    expect(redactor.redact('at the end: HIJKLMNOP')).toBe('at the end: ***')
  })

  it('also removes a secret as JSON would quote it', () => {
    expect(redactorOf('a"b').redact('raw a"b, quoted "a\\"b"')).toBe('raw ***, quoted "***"')
    expect(redactorOf('c\\d').redact('raw c\\d, quoted "c\\\\d"')).toBe('raw ***, quoted "***"')
    expect(redactorOf('long"secret-0123').redact('cut "long\\"secret-01…')).toBe('cut "***…')
  })

  it('leaves text without a secret as it is', () => {
    expect(redactorOf('ABCDEFGHIJKLMNOP').redact('nothing secret here')).toBe('nothing secret here')
    expect(new Redactor().redact('nothing registered')).toBe('nothing registered')
  })

  it('redacts a secret of any length, and ignores an empty one', () => {
    expect(redactorOf('na', '').redact('a banana')).toBe('a ba******')
    expect(redactorOf('').redact('a banana')).toBe('a banana')
  })

  it('redacts a piece cut from either end of a secret, or from its middle', () => {
    const redactor = redactorOf('0123456789abcdefXYZ')
    expect(redactor.redact('cut: 0123456789ab… and tail cdefXYZ! and 3456789a')).toBe('cut: ***… and tail cdefXYZ! and ***')
    expect(redactor.redact('two 01234567 89abcdef apart')).toBe('two *** *** apart')
    expect(redactor.redact('joined 0123456789abcdefXYZ0123456789abcdefXYZ')).toBe('joined ******')
  })
})

describe('Secrets', () => {
  it('masks a registered secret in the log and removes it from what is reported', () => {
    const secrets = new Secrets()
    secrets.register('the-api-key-0123456789')
    expect(written).toEqual([expect.stringMatching(/^::add-mask::the-api-key-0123456789\r?\n$/)])
    expect(secrets.redact('header X-DC-DEVKEY: the-api-key-0123456789')).toBe('header X-DC-DEVKEY: ***')
  })

  it('redacts through a detached function too', () => {
    const secrets = new Secrets()
    const { redact } = secrets
    secrets.register('the-api-key-0123456789')
    expect(redact('the-api-key-0123456789')).toBe('***')
  })

  it('registers each secret line of a PEM key, not its armour', () => {
    const secrets = new Secrets()
    secrets.registerPemLines(
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n  AQEFAASCBKcwggSjAgEAAoIB  \n-----END PRIVATE KEY-----\n'
    )
    expect(written.map((line) => line.trimEnd())).toEqual(['::add-mask::MIIEvQIBADANBgkqhkiG9w0B', '::add-mask::AQEFAASCBKcwggSjAgEAAoIB'])
    expect(secrets.redact('MIIEvQIBADANBgkqhkiG9w0B\nAQEFAASCBKcwggSjAgEAAoIB')).toBe('***\n***')
    expect(secrets.redact('-----BEGIN PRIVATE KEY-----')).toBe('-----BEGIN PRIVATE KEY-----')
  })
})

describe('secretLines', () => {
  it('keeps the body lines of a PEM block, trimmed, whatever the line endings', () => {
    expect(secretLines('-----BEGIN EC PRIVATE KEY-----\r\n  abc \r\n\r\ndef\n\n-----END EC PRIVATE KEY-----\n')).toEqual(['abc', 'def'])
  })
  it('keeps every line of text that has no armour, and nothing of an empty text', () => {
    expect(secretLines('one\ntwo')).toEqual(['one', 'two'])
    expect(secretLines('')).toEqual([])
    expect(secretLines('  \n-----\n')).toEqual([])
  })
})
