/** The one rule for inputs of PEM text or a file path, and the private key read by it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputProblem } from '../../src/errors.js'
import { describeFileError, readPemOrFile, readRegularFile } from '../../src/inputs/pem-or-file.js'
import { readPrivateKey } from '../../src/inputs/private-key.js'
import { Secrets } from '../../src/secrets.js'

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
const quotable = { what: 'PEM text', maxBytes: 100, quotable: true }
const secret = { what: 'a PEM private key', maxBytes: 100, quotable: false }
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pem-or-file-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('readPemOrFile', () => {
  it('takes text with a -----BEGIN line as it is, trimmed', () => {
    expect(readPemOrFile('certificate-pem', `\n  ${PEM}\n\n`, quotable)).toBe(PEM)
  })

  it('reads the file a one-line value names, up to the limit exactly', () => {
    const path = join(dir, 'exactly.pem')
    writeFileSync(path, 'x'.repeat(100))
    expect(readPemOrFile('certificate-pem', `  ${path}\n`, quotable)).toBe('x'.repeat(100))
  })

  it('refuses several lines without -----BEGIN, quoting nothing', () => {
    expect(() => readPemOrFile('private-key', 'MIIEvQ\nIBADAN', secret)).toThrow(
      new InputProblem('private-key: the value is neither a PEM private key (no -----BEGIN line) nor a file path.')
    )
  })

  it('says why a path cannot be read, quoting it only when the rule allows', () => {
    const missing = join(dir, 'missing.pem')
    expect(() => readPemOrFile('certificate-pem', missing, quotable)).toThrow(
      new InputProblem(
        `certificate-pem: '${missing}' is not PEM text and cannot be read as a file (no such file). Paths are relative to the workspace.`
      )
    )
    expect(() => readPemOrFile('private-key', missing, secret)).toThrow(
      new InputProblem(
        'private-key: the value is not a PEM private key and cannot be read as a file (no such file). Paths are relative to the workspace.'
      )
    )
    expect(() => readPemOrFile('certificate-pem', dir, quotable)).toThrow(
      new InputProblem(
        `certificate-pem: '${dir}' is not PEM text and cannot be read as a file (it is a folder, not a regular file). Paths are relative to the workspace.`
      )
    )
  })
})

describe('readRegularFile', () => {
  it('refuses a folder, a device and a file over the limit, and reads one at the limit', () => {
    expect(() => readRegularFile(dir, 100)).toThrow('it is a folder, not a regular file')
    expect(() => readRegularFile('/dev/null', 100)).toThrow('not a regular file')
    const big = join(dir, 'big.pem')
    writeFileSync(big, 'y'.repeat(2049))
    expect(() => readRegularFile(big, 2048)).toThrow('larger than 2 KiB')
    writeFileSync(big, 'é'.repeat(1024))
    expect(readRegularFile(big, 2048)).toBe('é'.repeat(1024))
    writeFileSync(big, '')
    expect(readRegularFile(big, 2048)).toBe('')
  })

  // /proc/self/fd lists this process's open descriptors on Linux.
  const linux = process.platform === 'linux' ? it : it.skip
  linux('closes the file it opened, whether it read it or refused it', () => {
    const open = () => readdirSync('/proc/self/fd').length
    const small = join(dir, 'small.pem')
    writeFileSync(small, 'z')
    const big = join(dir, 'too-big.pem')
    writeFileSync(big, 'z'.repeat(101))
    const before = open()
    for (let i = 0; i < 20; i++) {
      readRegularFile(small, 100)
      expect(() => readRegularFile(big, 100)).toThrow('larger than')
      expect(() => readRegularFile(dir, 100)).toThrow('folder')
    }
    expect(open()).toBe(before)
  })
})

describe('describeFileError', () => {
  it('words a file error by its code, never by what the file holds', () => {
    const failure = (code: string | undefined, message = 'raw message') => Object.assign(new Error(message), { code })
    expect(describeFileError(failure('EACCES'))).toBe('permission denied (EACCES)')
    expect(describeFileError(failure('EPERM'))).toBe('permission denied (EPERM)')
    expect(describeFileError(failure('EISDIR'))).toBe('it is a folder, not a regular file')
    expect(describeFileError(failure('ELOOP'))).toBe('ELOOP')
    expect(describeFileError(failure(undefined, 'something odd'))).toBe('something odd')
  })
})

describe('readPrivateKey', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
  const bodyLines = key.split('\n').filter((line) => line !== '' && !line.startsWith('-----'))

  it('reads nothing from an empty input', () => {
    const secrets = new Secrets()
    expect(readPrivateKey('  \n', secrets)).toBeUndefined()
    expect(secrets.redact('  \n')).toBe('  \n')
  })

  it('registers every line of an inline key as a secret, and keeps its identity', () => {
    const secrets = new Secrets()
    expect(readPrivateKey(key, secrets)?.description).toBe('EC prime256v1')
    for (const line of bodyLines) expect(secrets.redact(`x ${line} y`)).toBe('x *** y')
  })

  it('registers every line of a key read from a file', () => {
    const path = join(dir, 'leaked.key')
    writeFileSync(path, key)
    const secrets = new Secrets()
    expect(readPrivateKey(path, secrets)?.description).toBe('EC prime256v1')
    for (const line of bodyLines) expect(secrets.redact(`x ${line} y`)).toBe('x *** y')
    // The path is not a secret: it is what messages name.
    expect(secrets.redact(path)).toBe(path)
  })

  it('names the input and never quotes a value that is not a key', () => {
    const missing = join(dir, 'no-such.key')
    expect(() => readPrivateKey(missing, new Secrets())).toThrow(
      new InputProblem(
        'private-key: the value is not a PEM private key and cannot be read as a file (no such file). Paths are relative to the workspace.'
      )
    )
  })
})
