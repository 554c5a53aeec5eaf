import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCertificateIndex, writeCertificateIndex } from '../../src/leaked-key/certificate-index.js'

const dir = mkdtempSync(join(tmpdir(), 'index-test-'))
const hash = (c: string) => c.repeat(64)

describe('the certificate index', () => {
  it('round-trips, sorted by ID, through an atomic write', () => {
    const path = join(dir, 'nested', 'index.json')
    writeCertificateIndex(path, new Map([['20', hash('b')], ['3', hash('a')]]))
    expect(readdirSync(join(dir, 'nested'))).toEqual(['index.json'])
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).certificates)).toEqual(['3', '20'])
    const warnings: string[] = []
    expect(readCertificateIndex(path, (w) => warnings.push(w))).toEqual(new Map([['3', hash('a')], ['20', hash('b')]]))
    expect(warnings).toEqual([])
  })

  it('starts empty, silently, when there is no file yet', () => {
    const warnings: string[] = []
    expect(readCertificateIndex(join(dir, 'missing.json'), (w) => warnings.push(w)).size).toBe(0)
    expect(warnings).toEqual([])
  })

  it.each([
    ['broken JSON', '{"version": 1, "certif'],
    ['another version', JSON.stringify({ version: 2, fingerprint: 'sha256-spki', certificates: {} })],
    ['a bad entry', JSON.stringify({ version: 1, fingerprint: 'sha256-spki', certificates: { '12': 'not-a-hash' } })],
    ['a bad ID', JSON.stringify({ version: 1, fingerprint: 'sha256-spki', certificates: { x: hash('c') } })]
  ])('ignores %s with a warning, to be rebuilt', (_what, text) => {
    const path = join(dir, `bad-${Math.random()}.json`)
    writeFileSync(path, text)
    const warnings: string[] = []
    expect(readCertificateIndex(path, (w) => warnings.push(w)).size).toBe(0)
    expect(warnings).toEqual([expect.stringMatching(/^certificate-index: .* is not a usable index \(.*\); rebuilding it\.$/)])
  })

  it('leaves no temporary file behind when the write fails', () => {
    const blocked = join(dir, 'blocked')
    writeFileSync(blocked, 'a file where a folder should be')
    expect(() => writeCertificateIndex(join(blocked, 'index.json'), new Map())).toThrow()
    expect(existsSync(`${join(blocked, 'index.json')}.${process.pid}.tmp`)).toBe(false)
  })
})
