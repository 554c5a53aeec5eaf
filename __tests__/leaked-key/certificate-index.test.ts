import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { indexKey, readCertificateIndex, writeCertificateIndex } from '../../src/leaked-key/certificate-index.js'

const dir = mkdtempSync(join(tmpdir(), 'index-test-'))
const hash = (c: string) => c.repeat(64)
const key = indexKey('the-api-key-0123456789')

function read(path: string, withKey = key): { index: Map<string, string>; warnings: string[] } {
  const warnings: string[] = []
  return { index: readCertificateIndex(path, withKey, (w) => warnings.push(w)), warnings }
}

describe('the certificate index', () => {
  it('round-trips, sorted by ID as numbers, through an exclusive write and a rename', () => {
    const path = join(dir, 'nested', 'index.json')
    writeCertificateIndex(path, key, new Map([['100', hash('c')], ['9', hash('a')], ['10', hash('b')]]))
    expect(readdirSync(join(dir, 'nested'))).toEqual(['index.json'])
    const text = readFileSync(path, 'utf8')
    expect(text.indexOf('"9"')).toBeLessThan(text.indexOf('"10"'))
    expect(text.indexOf('"10"')).toBeLessThan(text.indexOf('"100"'))
    expect(read(path)).toEqual({ index: new Map([['9', hash('a')], ['10', hash('b')], ['100', hash('c')]]), warnings: [] })
  })

  it('starts empty, silently, when there is no file yet', () => {
    expect(read(join(dir, 'missing.json'))).toEqual({ index: new Map(), warnings: [] })
  })

  it('drops entries that another API key wrote, and says so', () => {
    const path = join(dir, 'other-key.json')
    writeCertificateIndex(path, indexKey('another-api-key-0123456789'), new Map([['1', hash('a')]]))
    const { index, warnings } = read(path)
    expect(index.size).toBe(0)
    expect(warnings).toEqual([`certificate-index: 1 of 1 entries in ${path} were not written with this API key, or were changed since; those certificates are downloaded again.`])
  })

  it('detects fingerprints swapped between two certificates (a poisoned cache), and keeps the rest', () => {
    const path = join(dir, 'swapped.json')
    writeCertificateIndex(path, key, new Map([['1', hash('a')], ['2', hash('b')], ['3', hash('c')]]))
    const file = JSON.parse(readFileSync(path, 'utf8'))
    ;[file.certificates['1'].spki, file.certificates['2'].spki] = [file.certificates['2'].spki, file.certificates['1'].spki]
    writeFileSync(path, JSON.stringify(file))
    const { index, warnings } = read(path)
    expect(index).toEqual(new Map([['3', hash('c')]]))
    expect(warnings[0]).toMatch(/^certificate-index: 2 of 3 entries/)
  })

  it.each([
    ['broken JSON', '{"version": 2, "certif', 'not JSON'],
    ['a version 1 index', JSON.stringify({ version: 1, fingerprint: 'sha256-spki', certificates: { '12': hash('a') } }), 'not a version 2 certificate index'],
    ['null', 'null', 'not a version 2 certificate index']
  ])('ignores %s with a warning that quotes none of it, to be rebuilt', (_what, text, why) => {
    const path = join(dir, `bad-${Math.random()}.json`)
    writeFileSync(path, text)
    expect(read(path)).toEqual({ index: new Map(), warnings: [`certificate-index: ${path} is not a usable index (${why}); rebuilding it.`] })
  })

  it('drops an entry with a bad ID or a bad fingerprint even with one good entry beside it', () => {
    const path = join(dir, 'mixed.json')
    writeCertificateIndex(path, key, new Map([['5', hash('e')]]))
    const file = JSON.parse(readFileSync(path, 'utf8'))
    file.certificates.x = file.certificates['5']
    file.certificates['6'] = { spki: 'not-a-hash', mac: file.certificates['5'].mac }
    writeFileSync(path, JSON.stringify(file))
    const { index, warnings } = read(path)
    expect(index).toEqual(new Map([['5', hash('e')]]))
    expect(warnings[0]).toMatch(/^certificate-index: 2 of 3 entries/)
  })

  // FIFOs and /dev/zero are POSIX; Windows has neither.
  const posix = process.platform === 'win32' ? it.skip : it
  posix('refuses to read a FIFO or a device, without blocking', () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    expect(read(fifo)).toEqual({ index: new Map(), warnings: [`certificate-index: ${fifo} could not be read (not a regular file); rebuilding it.`] })
    const link = join(dir, 'zero-link')
    symlinkSync('/dev/zero', link)
    expect(read(link).warnings).toEqual([`certificate-index: ${link} could not be read (not a regular file); rebuilding it.`])
  })

  it('leaves no temporary file behind, and writes the index for its owner only', () => {
    const path = join(dir, 'owned', 'index.json')
    writeCertificateIndex(path, key, new Map([['1', hash('a')]]))
    expect(readdirSync(join(dir, 'owned'))).toEqual(['index.json'])
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)

    const blocked = join(dir, 'blocked')
    writeFileSync(blocked, 'a file where a folder should be')
    expect(() => writeCertificateIndex(join(blocked, 'index.json'), key, new Map())).toThrow()
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
