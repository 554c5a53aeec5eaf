import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOutputFile } from '../../simulator/runner.js'
import { buildOutputs, OUTPUT_LIMIT, resultJson, runOutcome, writeOutputs, type ResultJson } from '../../src/report/outputs.js'
import type { RevocationResult } from '../../src/revocation/revoke.js'

const results: RevocationResult[] = [
  {
    target: { type: 'certificate', id: '1', source: 'certificate-id' },
    attempts: 1,
    status: 'pending',
    requestId: 11,
    date: 'd1',
    error: null
  },
  { target: { type: 'order', id: '2', source: 'order-id' }, attempts: 1, status: 'submitted', requestId: null, date: null, error: null },
  {
    target: { type: 'certificate', id: 'AB', source: 'serial-number' },
    attempts: 2,
    status: 'failed',
    requestId: null,
    date: null,
    error: { code: 'not_found', message: 'Certificate not found.', http_status: 404 }
  }
]

describe('buildOutputs', () => {
  it('lists request IDs and statuses in target order, with empty items', () => {
    const outputs = buildOutputs(results, false)
    expect(outputs['request-id']).toBe('11,,')
    expect(outputs.status).toBe('pending,submitted,failed')
    expect(outputs['alert-resolved']).toBe('false')
  })
  it('gives just the ID for one target', () => {
    expect(buildOutputs(results.slice(0, 1), true)['request-id']).toBe('11')
    expect(buildOutputs(results.slice(0, 1), true)['alert-resolved']).toBe('true')
  })
  it("writes results in the contract's shape", () => {
    expect(JSON.parse(buildOutputs(results, false).results)).toEqual([
      { type: 'certificate', id: '1', source: 'certificate-id', request_id: 11, status: 'pending', date: 'd1', error: null },
      { type: 'order', id: '2', source: 'order-id', request_id: null, status: 'submitted', date: null, error: null },
      {
        type: 'certificate',
        id: 'AB',
        source: 'serial-number',
        request_id: null,
        status: 'failed',
        date: null,
        error: { code: 'not_found', message: 'Certificate not found.', http_status: 404 }
      }
    ])
  })
  it('is empty for no targets', () => {
    expect(buildOutputs([], false)).toEqual({
      'request-id': '',
      status: '',
      results: '[]',
      'alert-resolved': 'false',
      'matched-certificates': '',
      outcome: 'failed',
      elsewhere: '[]'
    })
  })
  it('gives the outcome it is told (a run that stopped before it could say failed)', () => {
    expect(buildOutputs(results, false, [], undefined, 'pending').outcome).toBe('pending')
    expect(buildOutputs(results, false).outcome).toBe('failed')
  })
})

describe('runOutcome', () => {
  const withStatus = (...statuses: RevocationResult['status'][]): RevocationResult[] =>
    statuses.map((status, i) => ({ ...results[1], target: { type: 'order', id: String(i), source: 'order-id' }, status }))

  it('is done when every target is revoked, submitted, approved or expired', () => {
    expect(runOutcome(withStatus('revoked', 'submitted', 'approved', 'expired'), false, false)).toBe('done')
    expect(runOutcome([], false, false)).toBe('done')
  })
  it('is pending when some await approval and none failed', () => {
    expect(runOutcome(withStatus('submitted', 'pending'), false, false)).toBe('pending')
    expect(runOutcome(withStatus('pending'), false, false)).toBe('pending')
  })
  it('is failed when a target failed or was rejected, or when the step fails for another reason', () => {
    expect(runOutcome(withStatus('pending', 'failed'), false, false)).toBe('failed')
    expect(runOutcome(withStatus('rejected', 'submitted'), false, false)).toBe('failed')
    expect(runOutcome([{ ...withStatus('pending')[0], stillWaiting: 'request 1 awaits approval' }], false, false)).toBe('failed')
    expect(runOutcome(withStatus('submitted'), false, true)).toBe('failed')
    expect(runOutcome(withStatus('pending'), false, true)).toBe('failed')
  })
  it('is dry-run for a dry run that passes, and failed for one that does not', () => {
    expect(runOutcome(withStatus('dry-run', 'expired'), true, false)).toBe('dry-run')
    expect(runOutcome(withStatus('dry-run'), true, true)).toBe('failed')
  })
})

describe('the private key scan in the outputs', () => {
  it('lists the matched IDs and marks their results', () => {
    const matched: RevocationResult = {
      target: { type: 'certificate', id: '7', source: 'private-key' },
      attempts: 1,
      status: 'pending',
      requestId: 3,
      date: null,
      error: null
    }
    const outputs = buildOutputs([results[0], matched], false, ['7'])
    expect(outputs['matched-certificates']).toBe('7')
    expect(JSON.parse(outputs.results).map((r: { matched_by?: string }) => r.matched_by)).toEqual([undefined, 'private-key'])
  })
})

describe('what the outputs may carry', () => {
  const failedWith = (count: number, message: string, code = 'not_found'): RevocationResult[] =>
    Array.from({ length: count }, (_, i) => ({
      target: { type: 'certificate', id: String(1000 + i), source: 'certificate-id' },
      attempts: 1,
      status: 'failed',
      requestId: null,
      date: null,
      error: { code, message, http_status: 404 }
    }))
  const messagesOf = (json: string): string[] => JSON.parse(json).map((r: { error: { message: string } }) => r.error.message)

  it('removes secrets from every text from outside before encoding it', () => {
    const secret = 'se"cr\\et-0123456789'
    const redact = (text: string) => text.split(secret).join('***')
    const result: RevocationResult = {
      target: { type: 'certificate', id: '1', source: 'certificate-id' },
      attempts: 1,
      status: 'failed',
      requestId: null,
      date: `d ${secret}`,
      error: { code: `c ${secret}`, message: `m ${secret}`, http_status: 400 }
    }
    const outputs = buildOutputs([result], false, [], redact)
    expect(JSON.parse(outputs.results)).toEqual([
      {
        type: 'certificate',
        id: '1',
        source: 'certificate-id',
        request_id: null,
        status: 'failed',
        date: 'd ***',
        error: { code: 'c ***', message: 'm ***', http_status: 400 }
      }
    ])
    expect(buildOutputs([result], false).results).toContain('se\\"cr')
  })

  it('keeps short results whole', () => {
    const results = failedWith(3, 'Certificate not found.')
    expect(messagesOf(buildOutputs(results, false).results)).toEqual([
      'Certificate not found.',
      'Certificate not found.',
      'Certificate not found.'
    ])
  })

  it('shortens error messages only as far as needed to stay under the limit', () => {
    const long = 'm'.repeat(1000)
    for (const [count, length, cut] of [
      [2000, 1000, 200],
      [4000, 300, 80],
      [5000, 300, 20],
      [6000, 300, 0]
    ]) {
      const results = [...failedWith(count, 'm'.repeat(length)), ...failedWith(1, 'short')]
      const json = buildOutputs(results, false).results
      expect(json.length).toBeLessThan(OUTPUT_LIMIT)
      const messages = messagesOf(json)
      expect(messages[0]).toBe(cut === 0 ? '' : `${long.slice(0, cut)}…`)
      expect(messages[count]).toBe(cut === 0 ? '' : 'short')
    }
  })

  it('counts a results output of exactly the limit as too long, and cuts no message that fits its length', () => {
    const one = failedWith(1, '')
    const base = JSON.stringify(one.map(resultJson)).length
    const exact = failedWith(1, 'm'.repeat(OUTPUT_LIMIT - base))
    expect(JSON.stringify(exact.map(resultJson))).toHaveLength(OUTPUT_LIMIT)
    expect(messagesOf(buildOutputs(exact, false).results)).toEqual([`${'m'.repeat(200)}…`])
    const justUnder = failedWith(1, 'm'.repeat(OUTPUT_LIMIT - base - 1))
    expect(messagesOf(buildOutputs(justUnder, false).results)[0]).toHaveLength(OUTPUT_LIMIT - base - 1)
    const withExactCut = [...failedWith(2000, 'm'.repeat(1000)), ...failedWith(1, 'e'.repeat(200))]
    expect(messagesOf(buildOutputs(withExactCut, false).results)[2000]).toBe('e'.repeat(200))
  })

  it('keeps a missing code, date or message missing, however far it cuts', () => {
    const strict = (text: string) => text.replaceAll('s3cr3t', '***')
    const bare: RevocationResult = {
      target: { type: 'certificate', id: '1', source: 'certificate-id' },
      attempts: 1,
      status: 'failed',
      requestId: null,
      date: null,
      error: { code: null, message: 'x', http_status: null }
    }
    expect(JSON.parse(buildOutputs([bare], false, [], strict).results)[0]).toMatchObject({ date: null, error: { code: null } })
    const results = [...failedWith(5000, 'm'.repeat(1000), 'c'.repeat(100)), bare]
    expect(JSON.parse(buildOutputs(results, false, [], strict).results)[5000]).toEqual({
      type: 'certificate',
      id: '1',
      source: 'certificate-id',
      request_id: null,
      status: 'failed',
      date: null,
      error: { code: null, message: '', http_status: null }
    })
  })

  it('drops the messages and cuts the codes when nothing else fits, keeping every ID and status', () => {
    const results = failedWith(5000, 'm'.repeat(1000), 'c'.repeat(100))
    const json = buildOutputs(results, false).results
    expect(json.length).toBeLessThan(OUTPUT_LIMIT)
    const parsed = JSON.parse(json)
    expect(parsed).toHaveLength(5000)
    expect(parsed[4999]).toEqual({
      type: 'certificate',
      id: '5999',
      source: 'certificate-id',
      request_id: null,
      status: 'failed',
      date: null,
      error: { code: `${'c'.repeat(20)}…`, message: '', http_status: 404 }
    })
  })

  it('counts bytes, not characters: messages in a four-byte script are cut sooner', () => {
    const clef = '\u{1d11e}' // 1 character, 2 UTF-16 units, 4 bytes
    const results = failedWith(600, clef.repeat(500))
    const json = buildOutputs(results, false).results
    expect(Buffer.byteLength(json)).toBeLessThan(OUTPUT_LIMIT)
    // 600 messages of 500 characters are 1.2 MB: cut to 200 characters (800 bytes) each.
    expect(messagesOf(json)[0]).toBe(`${clef.repeat(200)}…`)
    // In characters, the same JSON is far under the limit: it would have been kept whole.
    expect(Array.from(JSON.stringify(results.map(resultJson))).length).toBeLessThan(OUTPUT_LIMIT)
  })

  it('keeps one object per target with its ID, source and status, however hostile the answers (5000 targets)', () => {
    const clef = '\u{1d11e}'
    const results: RevocationResult[] = Array.from({ length: 5000 }, (_, i) => ({
      target: { type: 'certificate', id: i.toString(16).toUpperCase().padStart(42, 'A'), source: 'certificate-pem' },
      attempts: 1,
      status: 'failed',
      requestId: null,
      date: clef.repeat(40),
      error: { code: clef.repeat(100), message: clef.repeat(500), http_status: 599 }
    }))
    const json = buildOutputs(results, false).results
    expect(Buffer.byteLength(json)).toBeLessThan(OUTPUT_LIMIT)
    const parsed = JSON.parse(json)
    expect(parsed).toHaveLength(5000)
    expect(parsed[4999]).toEqual({
      type: 'certificate',
      id: (4999).toString(16).toUpperCase().padStart(42, 'A'),
      source: 'certificate-pem',
      request_id: null,
      status: 'failed',
      date: null,
      error: { code: '', message: '', http_status: 599 }
    })
  })

  it('drops the messages before it cuts any code or date', () => {
    const results = failedWith(3400, 'm'.repeat(300), 'c'.repeat(100)).map((result) => ({ ...result, date: 'd'.repeat(40) }))
    const json = buildOutputs(results, false).results
    expect(Buffer.byteLength(json)).toBeLessThan(OUTPUT_LIMIT)
    const parsed = JSON.parse(json)
    for (const index of [0, 3399]) {
      expect(parsed[index]).toMatchObject({ date: 'd'.repeat(40), error: { code: 'c'.repeat(100), message: '', http_status: 404 } })
    }
    // Messages of 20 characters would not have fitted: they had to go, the codes and dates did not.
    const withShortMessages = parsed.map((r: ResultJson) => ({ ...r, error: { ...r.error, message: `${'m'.repeat(20)}…` } }))
    expect(Buffer.byteLength(JSON.stringify(withShortMessages))).toBeGreaterThanOrEqual(OUTPUT_LIMIT)
  })

  it('cuts codes to 8 characters and drops dates before dropping the codes', () => {
    const results = failedWith(5500, 'm', 'c'.repeat(100)).map((result) => ({ ...result, date: 'd'.repeat(40) }))
    const parsed = JSON.parse(buildOutputs(results, false).results)
    expect(parsed[5499]).toMatchObject({ date: null, error: { code: `${'c'.repeat(8)}…`, message: '', http_status: 404 } })
  })

  it('cuts dates and codes before dropping the codes', () => {
    const results = failedWith(4000, 'm'.repeat(100), 'c'.repeat(100)).map((result) => ({ ...result, date: 'd'.repeat(40) }))
    const parsed = JSON.parse(buildOutputs(results, false).results)
    expect(parsed[0].date).toBe(`${'d'.repeat(25)}…`)
    expect(parsed[0].error).toEqual({ code: `${'c'.repeat(20)}…`, message: '', http_status: 404 })
  })

  it('cuts a matched-certificates list too long for an output at the last whole ID', () => {
    const ids = Array.from({ length: 150_000 }, (_, i) => String(1_000_000 + i))
    const list = buildOutputs([], false, ids)['matched-certificates']
    expect(list.length).toBeLessThan(OUTPUT_LIMIT)
    expect(list.length).toBeGreaterThan(OUTPUT_LIMIT - 9)
    expect(ids.join(',').startsWith(`${list},`)).toBe(true)
    expect(list.split(',').every((id) => id.length === 7)).toBe(true)
  })

  it('counts a matched-certificates list of exactly the limit as too long, and never cuts past it', () => {
    // An 8-digit ID, then 7-digit ones: commas fall on every multiple of 8, the limit (1024000) among them.
    const ids = ['10000000', ...Array.from({ length: 127_999 }, (_, i) => String(1_000_000 + i))]
    expect(ids.join(',')).toHaveLength(OUTPUT_LIMIT)
    const list = buildOutputs([], false, ids)['matched-certificates']
    expect(list).toHaveLength(OUTPUT_LIMIT - 8)
    const longer = buildOutputs([], false, [...ids, '1234567'])['matched-certificates']
    expect(longer).toHaveLength(OUTPUT_LIMIT - 8)
    expect(buildOutputs([], false, ids.slice(0, -1))['matched-certificates']).toHaveLength(OUTPUT_LIMIT - 8)
  })

  it('marks only a certificate matched by the key scan', () => {
    const base = { attempts: 1, status: 'pending' as const, requestId: 1, date: null, error: null }
    expect(resultJson({ ...base, target: { type: 'certificate', id: '7', source: 'private-key' } })).toEqual({
      type: 'certificate',
      id: '7',
      source: 'private-key',
      request_id: 1,
      status: 'pending',
      date: null,
      error: null,
      matched_by: 'private-key'
    })
    expect(resultJson({ ...base, target: { type: 'order', id: '7', source: 'order-id' } })).not.toHaveProperty('matched_by')
  })

  it('says when CertCentral did not accept the reason, and only then', () => {
    const base = { attempts: 2, status: 'pending' as const, requestId: 1, date: null, error: null }
    const target = { type: 'certificate' as const, id: '7', source: 'certificate-id' as const }
    expect(resultJson({ ...base, target, reasonDropped: true })).toMatchObject({ reason_dropped: true })
    expect(resultJson({ ...base, target })).not.toHaveProperty('reason_dropped')
  })
})

describe('writeOutputs', () => {
  let dir: string
  let outputFile: string
  const saved = process.env.GITHUB_OUTPUT
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outputs-'))
    outputFile = join(dir, 'output')
    writeFileSync(outputFile, '')
    process.env.GITHUB_OUTPUT = outputFile
  })
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_OUTPUT
    else process.env.GITHUB_OUTPUT = saved
    rmSync(dir, { recursive: true, force: true })
  })

  it('sets every output, each redacted once more', () => {
    writeOutputs(
      {
        'request-id': '11',
        status: 'pending',
        results: '[{"message":"s3cr3t"}]',
        'alert-resolved': 'false',
        'matched-certificates': '',
        outcome: 'pending',
        elsewhere: '[{"issuer":"s3cr3t"}]'
      },
      (text) => text.replaceAll('s3cr3t', '***')
    )
    expect(parseOutputFile(readFileSync(outputFile, 'utf8'))).toEqual({
      'request-id': '11',
      status: 'pending',
      results: '[{"message":"***"}]',
      'alert-resolved': 'false',
      'matched-certificates': '',
      outcome: 'pending',
      elsewhere: '[{"issuer":"***"}]'
    })
  })

  it('redacts the JSON outputs in their strings, so that they stay JSON whatever the secret', () => {
    const outputs = buildOutputs(results, false)
    // A secret that is also JSON's syntax: redacting the text as a whole would break it.
    writeOutputs(outputs, (text) => text.replaceAll('"', '***').replaceAll('found', '***'))
    const parsed = JSON.parse(parseOutputFile(readFileSync(outputFile, 'utf8')).results)
    expect(parsed[2].error.message).toBe('Certificate not ***.')
    expect(parsed[0].request_id).toBe(11)
  })

  it('redacts the elsewhere output in its strings too, so that it stays JSON', () => {
    const elsewhere = JSON.stringify([{ issuer: 'CN="found"', serial: '01' }])
    writeOutputs({ ...buildOutputs(results, false), elsewhere }, (text) => text.replaceAll('"', '***').replaceAll('found', '***'))
    expect(JSON.parse(parseOutputFile(readFileSync(outputFile, 'utf8')).elsewhere)).toEqual([{ issuer: 'CN=*********', serial: '01' }])
  })
})
