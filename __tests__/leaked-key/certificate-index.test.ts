import { describe, expect, it } from '@jest/globals'
import { createHmac, hkdfSync } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  emptyIndex,
  indexKey,
  readCertificateIndex,
  writeCertificateIndex,
  type CertificateIndex,
  type IndexedOrder
} from '../../src/leaked-key/certificate-index.js'
import { makeFifo, withFifo } from '../support/fifo.js'

const dir = mkdtempSync(join(tmpdir(), 'index-test-'))
const hash = (c: string) => c.repeat(64)
const key = indexKey('the-api-key-0123456789')
const notAfter = '2027-03-01T12:00:00.000Z'

/** An index of certificates (ID and fingerprint, all expiring at `notAfter`) and of orders. */
function indexOf(certificates: [string, string][], orders: [string, IndexedOrder][] = []): CertificateIndex {
  return { certificates: new Map(certificates.map(([id, spki]) => [id, { spki, notAfter }])), orders: new Map(orders) }
}

/**
 * An entry's HMAC as the file format defines it, computed here rather than by the module: HMAC-SHA256, under the
 * index key, of the JSON array of the entry's kind, ID and recorded values in order.
 */
const macOf = (...entry: unknown[]) => createHmac('sha256', key).update(JSON.stringify(entry)).digest('hex')

/** A version 2 index file holding exactly these entries, as given: each with its own `mac`, or none. */
function indexFile(path: string, certificates: Record<string, unknown>, orders: Record<string, unknown> = {}): string {
  writeFileSync(path, JSON.stringify({ version: 2, fingerprint: 'sha256-spki', certificates, orders }))
  return path
}

function read(path: string, withKey = key): { index: CertificateIndex; warnings: string[] } {
  const warnings: string[] = []
  return { index: readCertificateIndex(path, withKey, (w) => warnings.push(w)), warnings }
}

describe('the certificate index', () => {
  it('is keyed by HKDF-SHA256 of the API key, with no salt and the info certificate-index', () => {
    const expected = Buffer.from(hkdfSync('sha256', 'the-api-key-0123456789', Buffer.alloc(0), 'certificate-index', 32))
    expect(key).toEqual(expected)
    expect(indexKey('another-api-key-0123456789')).not.toEqual(expected)
  })

  it('round-trips, sorted by ID as numbers, through an exclusive write and a rename, as compact JSON', () => {
    const path = join(dir, 'nested', 'index.json')
    writeCertificateIndex(
      path,
      key,
      indexOf(
        [
          ['100', hash('c')],
          ['9', hash('a')],
          ['10', hash('b')]
        ],
        [
          ['101', { duplicates: 0, reissues: 1, certificates: ['100', '99'] }],
          ['11', { duplicates: 2, reissues: 0, certificates: ['10', '12', '13'] }]
        ]
      )
    )
    expect(readdirSync(join(dir, 'nested'))).toEqual(['index.json'])
    const text = readFileSync(path, 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.trimEnd()).not.toContain('\n')
    const certificates = text.slice(0, text.indexOf('"orders"'))
    expect(certificates.indexOf('"9"')).toBeLessThan(certificates.indexOf('"10"'))
    expect(certificates.indexOf('"10"')).toBeLessThan(certificates.indexOf('"100"'))
    const orders = text.slice(text.indexOf('"orders"'))
    expect(orders.indexOf('"11"')).toBeLessThan(orders.indexOf('"101"'))
    expect(read(path)).toEqual({
      index: indexOf(
        [
          ['9', hash('a')],
          ['10', hash('b')],
          ['100', hash('c')]
        ],
        [
          ['11', { duplicates: 2, reissues: 0, certificates: ['10', '12', '13'] }],
          ['101', { duplicates: 0, reissues: 1, certificates: ['100', '99'] }]
        ]
      ),
      warnings: []
    })
    expect([...read(path).index.certificates.keys()]).toEqual(['9', '10', '100'])
  })

  it('starts empty, silently, when there is no file yet', () => {
    expect(read(join(dir, 'missing.json'))).toEqual({ index: emptyIndex(), warnings: [] })
    expect(emptyIndex()).toEqual({ certificates: new Map(), orders: new Map() })
  })

  it('drops entries that another API key wrote, certificates and orders, and says so', () => {
    const path = join(dir, 'other-key.json')
    writeCertificateIndex(
      path,
      indexKey('another-api-key-0123456789'),
      indexOf([['1', hash('a')]], [['2', { duplicates: 1, reissues: 0, certificates: ['1', '3'] }]])
    )
    const { index, warnings } = read(path)
    expect(index).toEqual(emptyIndex())
    expect(warnings).toEqual([
      `certificate-index: 2 of 2 entries in ${path} were not written with this API key, or were changed since; those certificates are downloaded again.`
    ])
  })

  it('detects fingerprints swapped between two certificates (a poisoned cache), and keeps the rest', () => {
    const path = join(dir, 'swapped.json')
    writeCertificateIndex(
      path,
      key,
      indexOf([
        ['1', hash('a')],
        ['2', hash('b')],
        ['3', hash('c')]
      ])
    )
    const file = JSON.parse(readFileSync(path, 'utf8'))
    ;[file.certificates['1'].spki, file.certificates['2'].spki] = [file.certificates['2'].spki, file.certificates['1'].spki]
    writeFileSync(path, JSON.stringify(file))
    const { index, warnings } = read(path)
    expect(index).toEqual(indexOf([['3', hash('c')]]))
    expect(warnings[0]).toMatch(/^certificate-index: 2 of 3 entries/)
  })

  it('authenticates the expiry date with the fingerprint: a certificate made to look expired is dropped', () => {
    const path = join(dir, 'expiry.json')
    writeCertificateIndex(
      path,
      key,
      indexOf([
        ['1', hash('a')],
        ['2', hash('b')]
      ])
    )
    const file = JSON.parse(readFileSync(path, 'utf8'))
    file.certificates['1'].notAfter = '2020-01-01T00:00:00.000Z'
    writeFileSync(path, JSON.stringify(file))
    const { index, warnings } = read(path)
    expect(index).toEqual(indexOf([['2', hash('b')]]))
    expect(warnings[0]).toMatch(/^certificate-index: 1 of 2 entries/)
  })

  it('authenticates order records: one whose certificates or counts were changed is dropped, the others kept', () => {
    const path = join(dir, 'orders.json')
    const kept: IndexedOrder = { duplicates: 1, reissues: 1, certificates: ['30', '31', '32'] }
    writeCertificateIndex(
      path,
      key,
      indexOf(
        [['30', hash('a')]],
        [
          ['11', { duplicates: 1, reissues: 0, certificates: ['10', '12'] }],
          ['21', { duplicates: 0, reissues: 2, certificates: ['20', '22', '23'] }],
          ['31', kept]
        ]
      )
    )
    const file = JSON.parse(readFileSync(path, 'utf8'))
    // A poisoned cache hides a duplicate that carries the key, or claims counts that spare the order its lists.
    file.orders['11'].certificates = ['10']
    file.orders['21'].reissues = 3
    writeFileSync(path, JSON.stringify(file))
    const { index, warnings } = read(path)
    expect(index).toEqual(indexOf([['30', hash('a')]], [['31', kept]]))
    expect(warnings).toEqual([
      `certificate-index: 2 of 4 entries in ${path} were not written with this API key, or were changed since; those certificates are downloaded again.`
    ])
  })

  it('does not take a certificate record for an order record, nor the other way round', () => {
    const path = join(dir, 'kinds.json')
    writeCertificateIndex(path, key, indexOf([['5', hash('e')]], [['6', { duplicates: 0, reissues: 0, certificates: [] }]]))
    const file = JSON.parse(readFileSync(path, 'utf8'))
    file.orders['5'] = { duplicates: 0, reissues: 0, certificates: [], mac: file.certificates['5'].mac }
    file.certificates['6'] = { spki: hash('e'), notAfter, mac: file.orders['6'].mac }
    writeFileSync(path, JSON.stringify(file))
    const { index, warnings } = read(path)
    expect(index).toEqual(indexOf([['5', hash('e')]], [['6', { duplicates: 0, reissues: 0, certificates: [] }]]))
    expect(warnings[0]).toMatch(/^certificate-index: 2 of 4 entries/)
  })

  it.each([
    ['broken JSON', '{"version": 2, "certif', 'not JSON'],
    [
      'a version 1 index',
      JSON.stringify({ version: 1, fingerprint: 'sha256-spki', certificates: { '12': { spki: hash('a'), mac: hash('0') } } }),
      'not a version 2 certificate index'
    ],
    ['null', 'null', 'not a version 2 certificate index'],
    [
      'orders that are not a record',
      JSON.stringify({ version: 2, fingerprint: 'sha256-spki', certificates: {}, orders: [] }),
      'not a version 2 certificate index'
    ],
    ['no certificates', JSON.stringify({ version: 2, fingerprint: 'sha256-spki', orders: {} }), 'not a version 2 certificate index'],
    [
      'fingerprints of another kind',
      JSON.stringify({ version: 2, fingerprint: 'sha1-spki', certificates: {}, orders: {} }),
      'not a version 2 certificate index'
    ]
  ])('ignores %s with a warning that quotes none of it, to be rebuilt', (_what, text, why) => {
    const path = join(dir, `bad-${Math.random()}.json`)
    writeFileSync(path, text)
    expect(read(path)).toEqual({
      index: emptyIndex(),
      warnings: [`certificate-index: ${path} is not a usable index (${why}); rebuilding it.`]
    })
  })

  it('drops an entry with a bad ID, a bad fingerprint, a bad date or a bad order record even with one good entry beside it', () => {
    const path = join(dir, 'mixed.json')
    writeCertificateIndex(path, key, indexOf([['5', hash('e')]]))
    const file = JSON.parse(readFileSync(path, 'utf8'))
    const { mac } = file.certificates['5']
    file.certificates.x = file.certificates['5']
    file.certificates['6'] = { spki: 'not-a-hash', notAfter, mac }
    file.certificates['7'] = { spki: hash('e'), notAfter: 'someday', mac }
    file.orders['8'] = { duplicates: -1, reissues: 0, certificates: [], mac }
    file.orders['9'] = { duplicates: 0, reissues: 0, certificates: ['x'], mac }
    writeFileSync(path, JSON.stringify(file))
    const { index, warnings } = read(path)
    expect(index).toEqual(indexOf([['5', hash('e')]]))
    expect(warnings[0]).toMatch(/^certificate-index: 5 of 6 entries/)
  })

  withFifo(it)('refuses to read a FIFO or a device, without blocking', () => {
    const fifo = join(dir, 'fifo')
    makeFifo(fifo)
    expect(read(fifo)).toEqual({
      index: emptyIndex(),
      warnings: [`certificate-index: ${fifo} could not be read (not a regular file); rebuilding it.`]
    })
    const link = join(dir, 'zero-link')
    symlinkSync('/dev/zero', link)
    expect(read(link).warnings).toEqual([`certificate-index: ${link} could not be read (not a regular file); rebuilding it.`])
  })

  it('leaves no temporary file behind, and writes the index for its owner only', () => {
    const path = join(dir, 'owned', 'index.json')
    writeCertificateIndex(path, key, indexOf([['1', hash('a')]]))
    expect(readdirSync(join(dir, 'owned'))).toEqual(['index.json'])
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)

    const blocked = join(dir, 'blocked')
    writeFileSync(blocked, 'a file where a folder should be')
    expect(() => writeCertificateIndex(join(blocked, 'index.json'), key, emptyIndex())).toThrow()
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('writes each entry with the HMAC the format defines: over its kind, ID and values, so another build can read it', () => {
    const path = join(dir, 'format.json')
    writeCertificateIndex(path, key, indexOf([['7', hash('a')]], [['8', { duplicates: 1, reissues: 2, certificates: ['7', '9'] }]]))
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      version: 2,
      fingerprint: 'sha256-spki',
      certificates: { '7': { spki: hash('a'), notAfter, mac: macOf('certificate', '7', hash('a'), notAfter) } },
      orders: { '8': { duplicates: 1, reissues: 2, certificates: ['7', '9'], mac: macOf('order', '8', 1, 2, ['7', '9']) } }
    })
  })

  it('sorts IDs as numbers even past the range JavaScript orders object keys by itself', () => {
    const path = join(dir, 'long-ids.json')
    // Keys above 2^32 - 2 are not array indices: an object keeps them in insertion order unless they are sorted.
    const ids = ['100000000000', '9000000000', '10000000000']
    writeCertificateIndex(
      path,
      key,
      indexOf(
        ids.map((id) => [id, hash('d')]),
        ids.map((id) => [id, { duplicates: 0, reissues: 0, certificates: [] }])
      )
    )
    const file = JSON.parse(readFileSync(path, 'utf8'))
    expect(Object.keys(file.certificates)).toEqual(['9000000000', '10000000000', '100000000000'])
    expect(Object.keys(file.orders)).toEqual(['9000000000', '10000000000', '100000000000'])
  })

  it('reads an entry whose HMAC holds, and drops one whose HMAC is missing, not hex, or of the wrong length, without failing', () => {
    const good = macOf('certificate', '1', hash('a'), notAfter)
    const path = indexFile(join(dir, 'macs.json'), {
      '1': { spki: hash('a'), notAfter, mac: good },
      '2': { spki: hash('a'), notAfter },
      '3': { spki: hash('a'), notAfter, mac: 42 },
      '4': { spki: hash('a'), notAfter, mac: 'abc' },
      '5': { spki: hash('a'), notAfter, mac: `${macOf('certificate', '5', hash('a'), notAfter)}00` },
      '6': { spki: hash('a'), notAfter, mac: `x${macOf('certificate', '6', hash('a'), notAfter).slice(1)}` },
      '7': { spki: hash('a'), notAfter, mac: `${macOf('certificate', '7', hash('a'), notAfter).slice(0, 63)}x` },
      '8': { spki: hash('a'), notAfter, mac: macOf('certificate', '8', hash('a'), notAfter).toUpperCase() }
    })
    const { index, warnings } = read(path)
    expect(index).toEqual(indexOf([['1', hash('a')]]))
    expect(warnings[0]).toMatch(/^certificate-index: 7 of 8 entries/)
  })

  it('drops an entry that is authentic but malformed: an index written with this key is still not trusted for its shape', () => {
    const certificate = (id: string, spki: unknown, after: unknown) => ({
      spki,
      notAfter: after,
      mac: macOf('certificate', id, spki, after)
    })
    const order = (id: string, duplicates: unknown, reissues: unknown, certificates: unknown) => ({
      duplicates,
      reissues,
      certificates,
      mac: macOf('order', id, duplicates, reissues, certificates)
    })
    const path = indexFile(
      join(dir, 'authentic-but-malformed.json'),
      {
        '1': certificate('1', hash('a'), notAfter),
        '2': certificate('2', hash('A'), notAfter),
        '3': certificate('3', `${hash('a')}0`, notAfter),
        '4': certificate('4', `0${hash('a')}`, notAfter),
        '5': certificate('5', 7, notAfter),
        '6': certificate('6', hash('a'), 'someday'),
        // A number that reads as a date when made a string: only a string is a date here.
        '7': certificate('7', hash('a'), 2027),
        '08': certificate('08', hash('a'), notAfter),
        x9: certificate('x9', hash('a'), notAfter),
        '9x': certificate('9x', hash('a'), notAfter)
      },
      {
        '20': order('20', 1, 0, ['1', '21']),
        '21': order('21', -1, 0, []),
        '22': order('22', 0, -1, []),
        '23': order('23', 1.5, 0, []),
        '24': order('24', 0, '1', []),
        '25': order('25', 0, 0, '1'),
        '26': order('26', 1, 0, ['1', 1]),
        '27': order('27', 1, 0, ['1', '01']),
        '28': order('28', 1, 0, ['1', 'x2']),
        '29': order('29', 1, 0, ['1', '2x'])
      }
    )
    const { index, warnings } = read(path)
    expect(index).toEqual(indexOf([['1', hash('a')]], [['20', { duplicates: 1, reissues: 0, certificates: ['1', '21'] }]]))
    expect(warnings[0]).toMatch(/^certificate-index: 18 of 20 entries/)
  })
})
