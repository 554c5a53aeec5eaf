import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Redactor, Secrets, secretLines } from '../src/secrets.js'
import { redactJson } from '../src/untrusted.js'

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

  it('starts with no secret at all: a new Redactor leaves any text as it is', () => {
    // 'Stryker was here' is what mutation testing would put in a list that should start empty.
    for (const text of ['', '*', 'plain words', 'Stryker was here', 'ABCDEFGHIJKLMNOP']) expect(new Redactor().redact(text)).toBe(text)
    expect(redactorOf('Stryker was here').redact('quoted: Stryker was here; cut: r was he')).toBe('quoted: ***; cut: ***')
  })

  it('keeps the end of a text shorter than a piece, even where it is the end of a secret', () => {
    const redactor = redactorOf('ABCDEFGHIJKLMNOP')
    expect(redactor.redact('tail: JKLMNOP')).toBe('tail: JKLMNOP')
    expect(redactor.redact('P')).toBe('P')
    expect(redactor.redact('tail: IJKLMNOP')).toBe('tail: ***')
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
  it('keeps the body lines of a private key block, trimmed, whatever the line endings', () => {
    expect(secretLines('-----BEGIN EC PRIVATE KEY-----\r\n  abcdefgh \r\n\r\nijklmnop\n\n-----END EC PRIVATE KEY-----\n')).toEqual([
      'abcdefgh',
      'ijklmnop'
    ])
  })

  it('never gives a line shorter than 8 characters: alone, it would redact ordinary text', () => {
    expect(secretLines('-----BEGIN PRIVATE KEY-----\nabcdefgh\nabcdefg\n=\nQ==\n-----END PRIVATE KEY-----')).toEqual(['abcdefgh'])
    expect(secretLines('1234567\n12345678')).toEqual(['12345678'])
  })

  it('keeps only the lines of the key blocks: not what pkcs12 -nodes writes around them, nor a certificate', () => {
    const pkcs12 = [
      'Bag Attributes',
      '    localKeyID: 5A 3C 9F 01 22 7B 4E 8D 9C 0A 11 B2 3F 44 56 78 90 AB CD EF ',
      '    friendlyName: www.example.test',
      'subject=CN = www.example.test',
      'issuer=CN = Example Issuing CA',
      '-----BEGIN CERTIFICATE-----',
      'MIIBszCCAVmgAwIBAgIUPublicCertificateLine',
      '-----END CERTIFICATE-----',
      'Bag Attributes',
      '    localKeyID: 5A 3C 9F 01 22 7B 4E 8D 9C 0A 11 B2 3F 44 56 78 90 AB CD EF ',
      'Key Attributes: <No Attributes>',
      '-----BEGIN PRIVATE KEY-----',
      'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg',
      'oAoGCCqGSM49AwEHoUQDQgAEsecretsecretsecret',
      '-----END PRIVATE KEY-----'
    ].join('\n')
    expect(secretLines(pkcs12)).toEqual(['MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg', 'oAoGCCqGSM49AwEHoUQDQgAEsecretsecretsecret'])
  })

  it('leaves out the headers of an encrypted key block, and reads every key block of the text', () => {
    const text = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'Proc-Type: 4,ENCRYPTED',
      'DEK-Info: AES-256-CBC,0123456789ABCDEF0123456789ABCDEF',
      '',
      'firstKeyLine0123',
      '-----END RSA PRIVATE KEY-----',
      'between the blocks',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----',
      'secondKeyLine012',
      '-----END ENCRYPTED PRIVATE KEY-----'
    ].join('\n')
    expect(secretLines(text)).toEqual(['firstKeyLine0123', 'secondKeyLine012'])
  })

  it('reads a BEGIN line with text before or after it as no key block', () => {
    const around = (begin: string): string =>
      ['Bag Attributes', begin, 'Proc-Type: 4,ENCRYPTED', 'keyLine0123', '-----END PRIVATE KEY-----'].join('\n')
    expect(secretLines(around('-----BEGIN PRIVATE KEY-----'))).toEqual(['keyLine0123'])
    expect(secretLines(around('x-----BEGIN PRIVATE KEY-----'))).toEqual([
      'Bag Attributes',
      'x-----BEGIN PRIVATE KEY-----',
      'Proc-Type: 4,ENCRYPTED',
      'keyLine0123'
    ])
    expect(secretLines(around('-----BEGIN PRIVATE KEY----- x'))).toEqual(['Bag Attributes', 'Proc-Type: 4,ENCRYPTED', 'keyLine0123'])
  })

  it('leaves out, of text with no key block, the lines that start with five dashes, and only those', () => {
    const pgp = [
      '-----BEGIN PGP PRIVATE KEY BLOCK-----',
      '-----cut armour line',
      'bodyLine0123-----',
      'bodyLine4567',
      '-----END PGP PRIVATE KEY BLOCK-----'
    ].join('\n')
    expect(secretLines(pgp)).toEqual(['bodyLine0123-----', 'bodyLine4567'])
  })

  it('keeps every long line of text that has no private key block, and nothing of an empty text', () => {
    expect(secretLines('oneline1\ntwoline2')).toEqual(['oneline1', 'twoline2'])
    expect(secretLines('-----BEGIN CERTIFICATE-----\ncertline1\n-----END CERTIFICATE-----')).toEqual(['certline1'])
    expect(secretLines('')).toEqual([])
    expect(secretLines('  \n-----\n')).toEqual([])
  })
})

describe('redactJson', () => {
  const redactorFor =
    (...secrets: string[]) =>
    (text: string) =>
      redactorOf(...secrets).redact(text)

  it('redacts the strings of a JSON text and keeps it JSON, whatever the secret', () => {
    const answer = JSON.stringify({ id: 1, status: 'pending', date: '2026-12-01T10:00:00+00:00', note: 'key 1' })
    const redacted = redactJson(answer, redactorFor('1'))
    expect(JSON.parse(redacted)).toEqual({ id: 1, status: 'pending', date: '2026-***2-0***T***0:00:00+00:00', note: 'key ***' })
    expect(JSON.parse(redactJson(answer, redactorFor('"')))).toEqual(JSON.parse(answer))
    expect(JSON.parse(redactJson(answer, redactorFor('status')))).toEqual({
      id: 1,
      '***': 'pending',
      date: '2026-12-01T10:00:00+00:00',
      note: 'key 1'
    })
  })

  it('turns a number that holds a secret into the string ***, and keeps other numbers, booleans and null', () => {
    const redact = redactorFor('123456789012')
    expect(JSON.parse(redactJson('{"a":123456789012,"b":[7,true,null,"x"],"c":9123456789,"d":1234567}', redact))).toEqual({
      a: '***',
      b: [7, true, null, 'x'],
      c: '***',
      d: 1234567
    })
    // Fewer digits than a piece of a secret: kept, whatever short secret is registered.
    expect(JSON.parse(redactJson('{"id":1234567}', redactorFor('1234567')))).toEqual({ id: 1234567 })
    expect(JSON.parse(redactJson('{"id":12345678}', redactorFor('12345678')))).toEqual({ id: '***' })
  })

  it('redacts text that is not JSON as a whole', () => {
    expect(redactJson('<html>key 1</html>', redactorFor('1'))).toBe('<html>key ***</html>')
    expect(redactJson('', redactorFor('x'))).toBe('')
  })

  it('keeps a key __proto__ a key', () => {
    const redacted = JSON.parse(redactJson('{"__proto__":{"polluted":"secret-000"}}', redactorFor('secret-000')))
    expect(Object.keys(redacted)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"polluted":"***"}}')
  })

  it('redacts as text an answer nested deeper than the stack allows', () => {
    const deep = `${'['.repeat(200_000)}"secret-000"${']'.repeat(200_000)}`
    let parsed = true
    try {
      JSON.parse(deep)
    } catch {
      parsed = false
    }
    const redacted = redactJson(deep, redactorFor('secret-000'))
    expect(redacted).not.toContain('secret-000')
    if (parsed) expect(redacted).toContain('***')
  })

  it('is what Secrets hands out, bound', () => {
    const secrets = new Secrets()
    const { redactJson: bound } = secrets
    secrets.register('the-api-key-0123456789')
    expect(bound('{"m":"the-api-key-0123456789"}')).toBe('{"m":"***"}')
  })
})
