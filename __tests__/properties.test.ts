/**
 * Property-based tests: whatever text arrives in an input, a parser returns a valid value or throws an
 * InputProblem that names the input, never another exception; and no input can make a request path other than
 * the two revoke endpoints.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import { InputProblem, InvalidInputs } from '../src/errors.js'
import { readRunContext } from '../src/context.js'
import { readSettings } from '../src/inputs/read-settings.js'
import { Secrets } from '../src/secrets.js'
import {
  normalizeSerialNumber,
  parseAlertNumber,
  parseAlertRepository,
  parseBoolean,
  parseCertificateIds,
  parseInteger,
  parseOrderIds,
  parseRegion,
  parseRevocationReason,
  parseSeconds,
  parseSerialNumbers,
  resolveBaseUrl
} from '../src/inputs/values.js'
import { parseCertificatePem } from '../src/inputs/certificate-pem.js'
import { REVOCATION_REASONS } from '../src/certcentral/api.js'
import { revokePath } from '../src/certcentral/api.js'
import { planTargets } from '../src/revocation/targets.js'
import { buildOutputs, OUTPUT_LIMIT } from '../src/report/outputs.js'
import { renderInvalidInputs } from '../src/report/summary.js'
import type { RevocationResult } from '../src/revocation/revoke.js'
import { testSettings } from './support/settings.js'
import { anyCodePoint, runs } from './support/properties.js'

const RUNS = runs(400)

/** Text that leans towards what the parsers look for, plus anything at all. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: anyCodePoint }),
  fc.stringMatching(/^[0-9a-fA-Fx:, \n\t-]{0,60}$/),
  fc.constantFrom('', ' ', '0', '-1', '1e3', '0x', '::', '%2F..%2F', '../order', '1/../../user', 'NaN', 'Infinity', '١٢٣', '１２３')
)

/** Calls `parse` and says what happened: ok, a problem naming `input`, or anything else (a defect). */
function outcome(parse: () => unknown, input: string): 'ok' | 'problem' {
  try {
    parse()
    return 'ok'
  } catch (error) {
    if (error instanceof InputProblem && error.message.startsWith(input)) return 'problem'
    throw error
  }
}

describe('every parser either parses or names its input', () => {
  it.each([
    ['certificate-id', (raw: string) => parseCertificateIds(raw)],
    ['order-id', (raw: string) => parseOrderIds(raw)],
    ['serial-number', (raw: string) => parseSerialNumbers(raw)],
    ['revocation-reason', (raw: string) => parseRevocationReason(raw)],
    ['dry-run', (raw: string) => parseBoolean('dry-run', raw, false)],
    ['max-attempts', (raw: string) => parseInteger('max-attempts', raw, 5, 1, 20)],
    ['request-timeout', (raw: string) => parseSeconds('request-timeout', raw, 30, 1, 600)],
    ['region', (raw: string) => parseRegion(raw)],
    ['base-url', (raw: string) => resolveBaseUrl(raw, 'us')],
    ['alert-number', (raw: string) => parseAlertNumber('alert-number', raw)],
    ['alert-repository', (raw: string) => parseAlertRepository(raw)]
  ])('%s', (input, parse) => {
    fc.assert(
      fc.property(hostile, (raw) => void outcome(() => parse(raw), input)),
      RUNS
    )
  })

  it('certificate-pem (PEM-looking text, never a path)', () => {
    const base64 = fc.stringMatching(/^[A-Za-z0-9+/=\n]{0,400}$/)
    const pemish = fc
      .tuple(fc.string(), fc.constantFrom('CERTIFICATE', 'PRIVATE KEY', 'X'), base64, fc.string())
      .map(([before, label, body, after]) => `${before}-----BEGIN ${label}-----\n${body}\n-----END ${label}-----${after}`)
    fc.assert(
      fc.property(pemish, (raw) => void outcome(() => parseCertificatePem(raw), 'certificate-pem')),
      RUNS
    )
  })
})

describe('parsed values', () => {
  it('IDs are canonical positive decimals', () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        let ids: string[] = []
        try {
          ids = parseCertificateIds(raw)
        } catch {
          return
        }
        for (const id of ids) expect(id).toMatch(/^[1-9][0-9]{0,14}$/)
      }),
      RUNS
    )
  })

  it('serials are upper-case hex, and any hex round-trips with colons and 0x', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.boolean(), fc.boolean(), (bytes, colons, prefix) => {
        const hex = Buffer.from(bytes).toString('hex')
        const written = `${prefix ? '0x' : ''}${colons ? hex.match(/../g)?.join(':') : hex}`
        expect(normalizeSerialNumber(written)).toBe(hex.toUpperCase())
      }),
      RUNS
    )
  })

  it('a reason written in any case with -, _ or spaces is found', () => {
    const reason = fc.constantFrom(...REVOCATION_REASONS)
    const noise = fc.array(fc.constantFrom('-', '_', ' ', ''), { minLength: 0, maxLength: 5 })
    fc.assert(
      fc.property(reason, noise, fc.boolean(), (name, separators, upper) => {
        const scrambled = [...name].map((c, i) => `${separators[i % (separators.length || 1)] ?? ''}${c}`).join('')
        expect(parseRevocationReason(upper ? scrambled.toUpperCase() : scrambled.toLowerCase())).toBe(name)
      }),
      RUNS
    )
  })

  it('base URLs are https, or http on loopback, without credentials or query', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), hostile), (raw) => {
        let url: string
        try {
          url = resolveBaseUrl(raw, 'us')
        } catch {
          return
        }
        const parsed = new URL(url)
        expect(parsed.protocol === 'https:' || ['localhost', '[::1]'].includes(parsed.hostname) || parsed.hostname.startsWith('127.')).toBe(
          true
        )
        expect(parsed.username + parsed.password + parsed.search + parsed.hash).toBe('')
      }),
      RUNS
    )
  })
})

describe('request paths', () => {
  const REVOKE_PATH = /^\/(certificate\/([1-9][0-9]*|[0-9A-F]+)|order\/certificate\/[1-9][0-9]*)\/revoke$/

  it('are only ever the two revoke endpoints', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (ids, serials, orders) => {
        let targets
        try {
          targets = planTargets(
            testSettings({
              certificateIds: parseCertificateIds(ids),
              serialNumbers: parseSerialNumbers(serials),
              orderIds: parseOrderIds(orders),
              maxRevocations: 1000
            })
          )
        } catch (error) {
          if (error instanceof InputProblem || error instanceof InvalidInputs) return
          throw error
        }
        for (const target of targets) expect(revokePath(target)).toMatch(REVOKE_PATH)
      }),
      RUNS
    )
  })
})

describe('readSettings', () => {
  const saved = { ...process.env }
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  afterAll(() => {
    process.env = saved
    write.mockRestore()
  })

  it('throws nothing but InvalidInputs, whatever the inputs hold', () => {
    const names = [
      'certificate-id',
      'serial-number',
      'order-id',
      'revocation-reason',
      'skip-approval',
      'dry-run',
      'region',
      'base-url',
      'max-revocations',
      'max-attempts',
      'request-timeout',
      'alert-number',
      'alert-repository',
      'resolve-alert',
      'github-token'
    ]
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), hostile), (inputs) => {
        for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
        process.env['INPUT_API-KEY'] = 'property-test-key'
        for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
        try {
          readSettings(readRunContext({}), new Secrets())
        } catch (error) {
          if (!(error instanceof InvalidInputs)) throw error
          for (const problem of error.problems) expect(problem).not.toContain('property-test-key')
        }
      }),
      runs(300)
    )
  })
})

describe('sizes in bytes', () => {
  const saved = { ...process.env }
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  afterAll(() => {
    process.env = saved
    write.mockRestore()
  })

  /** Text of any script, many bytes a character at worst. */
  const wide = (maxLength: number) =>
    fc.oneof(
      fc.string({ unit: anyCodePoint, maxLength }),
      fc.string({ unit: fc.constantFrom('\u{1d11e}', '\u20ac', '\u00e9', '\u200b', 'a', '"', '\\'), maxLength })
    )

  it('results stays under the output limit in UTF-8 bytes, one object per target, whatever the answers', () => {
    const answer = fc.record({ code: fc.option(wide(100)), message: wide(500), date: fc.option(wide(40)) })
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), answer, fc.boolean(), (count, { code, message, date }, pem) => {
        const results: RevocationResult[] = Array.from({ length: count }, (_, i) => ({
          target: {
            type: 'certificate',
            id: i.toString(16).toUpperCase().padStart(42, 'A'),
            source: pem ? 'certificate-pem' : 'serial-number'
          },
          attempts: 1,
          status: 'failed',
          requestId: null,
          date,
          error: { code, message, http_status: 599 }
        }))
        const json = buildOutputs(results, false).results
        expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(OUTPUT_LIMIT)
        const parsed = JSON.parse(json) as { id: string; status: string }[]
        expect(parsed).toHaveLength(count)
        expect(parsed[count - 1]).toMatchObject({ id: results[count - 1].target.id, status: 'failed' })
      }),
      runs(8)
    )
  })

  it('the summary of invalid input stays under 1 MiB in UTF-8 bytes, whatever the inputs hold', () => {
    const big = fc.oneof(
      wide(2000),
      fc.integer({ min: 0, max: 1024 * 1024 }).map((size) => `-----BEGIN ${'A'.repeat(size)}-----`),
      fc.integer({ min: 0, max: 200_000 }).map((size) => `-----BEGIN ${'\u{1d11e}'.repeat(size)}-----`)
    )
    const names = ['certificate-id', 'serial-number', 'certificate-pem', 'order-id', 'base-url', 'alert-repository', 'wait-timeout']
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), big), fc.array(wide(80), { maxLength: 60 }), (inputs, undeclared) => {
        for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
        process.env['INPUT_API-KEY'] = 'property-test-key'
        for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
        const env = Object.fromEntries(undeclared.map((name, i) => [`INPUT_${i}${name}`, '1']))
        try {
          readSettings(readRunContext(env), new Secrets())
        } catch (error) {
          if (!(error instanceof InvalidInputs)) throw error
          const summary = renderInvalidInputs(error.problems, (text) => text)
          expect(Buffer.byteLength(summary, 'utf8')).toBeLessThan(1024 * 1024)
          for (const problem of error.problems) expect(Array.from(problem).length).toBeLessThanOrEqual(1001)
        }
      }),
      runs(40)
    )
  })
})
