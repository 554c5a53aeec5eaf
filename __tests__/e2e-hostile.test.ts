/**
 * Hostile text, files and sizes, end to end (issue 11): the bundled action against servers on loopback that
 * answer what an attacker, or a careless proxy, would, and against files that are not files. Each defect of the
 * issue has at least one test here, with other payloads than the issue names. Every run also goes through the
 * leak check of runActionInTest (no 8-character piece of a secret in the outputs, the decoded summary, `results`
 * or the log).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serialFor } from '../simulator/account.js'
import { makeKey } from '../simulator/certificates.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { issueCertificate } from '../simulator/x509.js'
import { secretLines } from '../src/secrets.js'
import { assertNoLeak, decodeSummary, runActionInTest, type ActionResult } from './support/action.js'
import { FakeGithub } from './support/fake-github.js'
import { actionNodes } from './support/nodes.js'
import { makeFifo, withFifo } from './support/fifo.js'

// ---------------------------------------------------------------------------------------------------------------
// A hostile CertCentral: answers each request with whatever the test's responder says.

interface Seen {
  method: string
  /** The path after /services/v2. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

interface Reply {
  status: number
  /** An object is sent as JSON; a string as it is (for a body that is not JSON, or JSON written by hand). */
  body?: string | object
  headers?: Record<string, string>
}

/** `nth`: how many times this method and path have been asked, this one included. */
type Responder = (request: Seen, nth: number) => Reply

class HostileServer {
  readonly requests: Seen[] = []
  baseUrl = ''
  private readonly counts = new Map<string, number>()
  private readonly server: Server

  constructor(private readonly respond: Responder) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://hostile.invalid')
        const seen: Seen = {
          method: req.method ?? '',
          path: url.pathname.replace(/^\/services\/v2/, ''),
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8')
        }
        this.requests.push(seen)
        const key = `${seen.method} ${seen.path}`
        const nth = (this.counts.get(key) ?? 0) + 1
        this.counts.set(key, nth)
        const reply = this.respond(seen, nth)
        const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
        res.writeHead(reply.status, { 'Content-Type': typeof reply.body === 'string' ? 'text/html' : 'application/json', ...reply.headers })
        res.end(text)
      })
    })
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/v2`
    return this
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** The revoke requests, by target: `certificate/1001`, `order/77`. */
  revoked(): string[] {
    return this.requests
      .filter((r) => r.method === 'PUT')
      .map((r) => r.path.replace(/^\/order\/certificate\//, '/order/').replace(/^\/|\/revoke$/g, ''))
  }
}

/** The target a revoke path names: `1001` for /certificate/1001/revoke. */
const targetOf = (path: string): string | undefined => /^\/(?:order\/)?certificate\/([^/]+)\/revoke$/.exec(path)?.[1]

/** DigiCert's error format. */
const apiError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { errors: [{ code, message }] },
  headers
})

/** JSON with every character of every string written as \uXXXX: a secret in it is invisible to a search of the raw body. */
function opaqueJson(value: unknown): string {
  return JSON.stringify(value).replace(/"((?:[^"\\]|\\.)*)"/g, (_, inner: string) => {
    const text = JSON.parse(`"${inner}"`) as string
    return `"${[...text]
      .map((char) =>
        char
          .split('')
          .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .join('')
      )
      .join('')}"`
  })
}

// ---------------------------------------------------------------------------------------------------------------
// What a run must never print.

/** The action's own workflow commands; no other line may start with `::` (after leading spaces). */
const OWN_COMMAND = /^::(add-mask|error|warning|notice|debug|group|endgroup)::/
/** Control characters that may not reach the log, the summary or an output: C0 but the line feed, DEL, C1, U+2028/9. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * Every line the runner would read as a command: one that starts with `::` (after spaces) must be one of the
 * action's own, an `::add-mask::` only of a known secret; any other line must not hold `##[` anywhere (the
 * runner's legacy parser finds `##[name]` anywhere in a line). No control character or escape sequence at all.
 */
function expectNoForeignCommands(result: ActionResult, secrets: string[]): void {
  const masks = new Set(secrets.map((secret) => `::add-mask::${secret}`))
  const foreign: string[] = []
  for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) {
    const start = line.trimStart()
    if (start.startsWith('::')) {
      if (!OWN_COMMAND.test(start) || (start.startsWith('::add-mask::') && !masks.has(start))) foreign.push(line)
    } else if (line.includes('##[')) foreign.push(line)
    if (CONTROL.test(line)) foreign.push(JSON.stringify(line))
  }
  expect(foreign).toEqual([])
}

/** Outputs and the summary hold no control character, raw or as a character reference. */
function expectNoControlCharacters(result: ActionResult): void {
  expect(result.summary).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/)
  expect(decodeSummary(result.summary)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/)
  for (const [name, value] of Object.entries(result.outputs)) expect([name, CONTROL.test(value)]).toEqual([name, false])
  for (const entry of results(result)) {
    for (const text of [entry.error?.code, entry.error?.message, entry.date]) if (text) expect(text).not.toMatch(CONTROL)
  }
}

/** Outputs and a summary were written, and nothing printed a stack trace. */
function expectReported(result: ActionResult): void {
  expect(typeof result.exitCode).toBe('number') // ended by itself, not killed
  expect(Object.keys(result.outputs).sort()).toEqual([
    'alert-resolved',
    'elsewhere',
    'matched-certificates',
    'outcome',
    'request-id',
    'results',
    'status'
  ])
  // Whatever ended the run, a step that failed says so in one word.
  if (result.exitCode !== 0) expect(result.outputs.outcome).toBe('failed')
  expect(result.summary).toMatch(/^## DigiCert certificate revocation\n/)
  const trace = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => /^\s+at\s/.test(line) || /\bat .*\(.*:\d+:\d+\)/.test(line))
  expect(trace).toEqual([])
}

interface Result {
  type: string
  id: string
  status: string
  request_id: number | null
  date: string | null
  error: { code: string | null; message: string; http_status: number | null } | null
}
const results = (result: ActionResult): Result[] => JSON.parse(result.outputs.results || '[]') as Result[]
const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8')
const MIB = 1024 * 1024

// ---------------------------------------------------------------------------------------------------------------
// Hostile text: workflow commands, line breaks, escape sequences.

const INJECTIONS = [
  '::stop-commands::hostile-stop-token',
  '::add-mask::y',
  '::set-output name=status::revoked',
  '::set-env name=NODE_OPTIONS::--require=/tmp/evil.js',
  '::add-path::/tmp/evil',
  '::save-state name=s::v',
  '::echo::on',
  '::error file=a.ts,line=1::forged annotation',
  '::warning::forged',
  '::add-matcher::/tmp/matcher.json',
  '##[error]forged',
  '##[set-output name=status;]revoked',
  '##[add-mask]revoked',
  '##[stop-commands]t',
  '##[ADD-PATH]/tmp/evil',
  '  ::debug::indented',
  '\t::group::tabbed'
]
const BREAKS = [
  '\n',
  '\r\n',
  '\r',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u000b',
  '\u000c',
  '\u001c',
  '\u001e',
  '\u001b[2K\r',
  '\u001bE',
  '\u009b1E',
  '\n\u200b'
]
const ESCAPES = [
  '\u001b[31m',
  '\u001b[0m',
  '\u001b]8;;https://evil.example/\u0007',
  '\u001b]8;;\u001b\\',
  '\u001b]0;pwned\u0007',
  '\u009b31m',
  '\u009d0;x\u009c',
  '\u001bc',
  '\u001b[?1049h',
  '\u001b(0',
  '\u0007',
  '\u0000',
  '\u007f',
  '\u0008\u0008\u0008'
]

/** Text with the injections from `from` on, each after a line break and an escape sequence. */
function hostileText(from: number, count: number): string {
  const parts: string[] = ['boom']
  for (let i = from; i < from + count; i++) {
    const n = i % INJECTIONS.length
    parts.push(`${BREAKS[i % BREAKS.length]}${ESCAPES[(i * 5) % ESCAPES.length]}${INJECTIONS[n]}`)
  }
  return parts.join('')
}

// ---------------------------------------------------------------------------------------------------------------
// Keys.

const LEAKED_KEY = createPrivateKey(makeKey('rsa')).export({ type: 'pkcs1', format: 'pem' }) as string
const EC_KEY = createPrivateKey(makeKey('ec')).export({ type: 'sec1', format: 'pem' }) as string
const OTHER_KEY = makeKey('ec')
/** The base64 of a PEM, without its armour: on one line, and as its lines. */
const bodyLines = (pem: string): string[] => pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'))

/** An API key that JSON, HTML and Markdown all escape: every 8 characters of it hold a `"` or a `\`. */
const QUOTED_KEY = 'Ab_"Cd\\Ef_"Gh@Ij\\Kl<"Mn&\\Op*"Qr|\\St`"Uv!\\'
/** An API key of letters and digits, so that only a cut, not an escape, could leave part of it. */
const PLAIN_KEY = 'Straddle0Key1With2Plain3Letters4And5Digi'

const asRoot = process.getuid?.() === 0
const posix = process.platform === 'win32' ? it.skip : it

describe.each(actionNodes())('hostile text, files and sizes on %s', (_name, node) => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostile-e2e-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const servers: HostileServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()))
  })
  const hostile = async (respond: Responder): Promise<HostileServer> => {
    const server = await new HostileServer(respond).start()
    servers.push(server)
    return server
  }

  type Extra = Omit<Parameters<typeof runActionInTest>[0], 'inputs' | 'node'>
  const run = (inputs: Record<string, string>, extra: Extra = {}) => runActionInTest({ node, timeoutMs: 60_000, ...extra, inputs })

  describe('(1) a server cannot write workflow commands or escape sequences into the log', () => {
    it('defuses commands, line breaks, ANSI and C1 sequences in codes, messages, dates and excerpts, on every attempt', async () => {
      const server = await hostile((request, nth) => {
        switch (targetOf(request.path)) {
          case '1001': // retried twice (the retry line prints the code), then refused
            if (nth === 1) return apiError(503, `busy${hostileText(0, 2)}`, hostileText(2, 4), { 'Retry-After': '0' })
            if (nth === 2) return apiError(429, `slow${hostileText(6, 2)}`, hostileText(8, 4), { 'Retry-After': '0' })
            return apiError(400, `no${hostileText(12, 2)}`, hostileText(14, 6))
          case '1002':
            return { status: 201, body: { id: 5, status: 'pending', date: `2026${hostileText(3, 1)}` } }
          case '1003': // not JSON: an excerpt of the page is reported
            return { status: 400, body: `<html><body><pre>${hostileText(9, 5)}</pre></body></html>` }
          case '1004': // a code made only of an injection, and an empty message
            return apiError(409, `${BREAKS[0]}${INJECTIONS[0]}`, '')
          case '77':
            return apiError(404, `${ESCAPES[2]}gone${hostileText(11, 2)}`, `\u2028${hostileText(5, 5)}\u0085`)
          default: // anything else the action asks (open requests, …) is answered with the same text
            return apiError(400, `odd${hostileText(1, 2)}`, hostileText(7, 4))
        }
      })
      const apiKey = 'HOSTILE-COMMANDS-KEY-0000000000000001'
      const result = await run({
        'api-key': apiKey,
        'base-url': server.baseUrl,
        'certificate-id': '1001 1002 1003 1004',
        'order-id': '77',
        'max-attempts': '3'
      })
      expect(result.exitCode).toBe(1)
      expect(server.requests.filter((r) => r.path === '/certificate/1001/revoke')).toHaveLength(3)
      expect(results(result).map((r) => `${r.id}:${r.status}`)).toEqual([
        '1001:failed',
        '1002:pending',
        '1003:failed',
        '1004:failed',
        '77:failed'
      ])
      expectNoForeignCommands(result, [apiKey])
      expectNoControlCharacters(result)
      expectReported(result)
      // The text is still reported, as data: on one line, cut to the contract's lengths.
      const [first, second, third] = results(result)
      expect(first.error?.code).toMatch(/^noboom/)
      expect(first.error?.message).toContain('stop-commands')
      expect(second.date).toMatch(/^2026/)
      expect(third.error?.message).toMatch(/^HTTP 400: boom/)
      for (const r of results(result)) {
        expect(Array.from(r.error?.code ?? '').length).toBeLessThanOrEqual(101)
        expect(Array.from(r.error?.message ?? '').length).toBeLessThanOrEqual(501)
        expect(Array.from(r.date ?? '').length).toBeLessThanOrEqual(41)
      }
      expect(result.stdout).toMatch(/certificate 1001: .*attempt 2 of 3/)
    })

    it("defuses GitHub's error text and an alert's secret type", async () => {
      const sim = await startSimulator({ rateLimits: false })
      const github = await new FakeGithub().start()
      try {
        const token = 'ghs_Hg4Tk8Lm2Qz6Xw9Pv3Rn7Bc1Jd5s'
        const alert = '/repos/octo-org/certificates/secret-scanning/alerts/9'
        github.answers.set(`GET ${alert}`, { status: 200, body: { number: 9, state: 'open' } })
        github.answers.set(`PATCH ${alert}`, {
          status: 422,
          body: { message: `Validation\u001b[31m Failed\r##[add-mask]Failed\u2028::stop-commands::x\u0085::set-output name=a::b` }
        })
        const resolve = await run(
          {
            'api-key': sim.keys.admin,
            'base-url': sim.baseUrl,
            'certificate-id': '1002',
            'resolve-alert': 'true',
            'alert-number': '9',
            'github-token': token
          },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(resolve.exitCode).toBe(1)
        expect(resolve.stdout).toContain('GitHub refused to resolve alert #9')
        expectNoForeignCommands(resolve, [sim.keys.admin, token])
        expectNoControlCharacters(resolve)

        github.answers.set(`GET ${alert}`, {
          status: 200,
          body: {
            number: 9,
            secret_type: 'rsa_private_key\n::add-mask::Failed\u001b[1m##[set-output name=x;]y',
            secret: 'not a key\n::warning::forged'
          }
        })
        const read = await run(
          { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'key-from-alert': 'true', 'alert-number': '9', 'github-token': token },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(read.exitCode).toBe(1)
        expect(sim.revokeRequests()).toHaveLength(1) // the first run's only
        expectNoForeignCommands(read, [sim.keys.admin, token, 'not a key', '::warning::forged']) // the secret's lines are masked
        expectNoControlCharacters(read)
        expectReported(read)
      } finally {
        await github.stop()
        await sim.close()
      }
    })

    it('defuses a certificate-pem whose subject carries commands and links', async () => {
      const pem = issueCertificate({
        serialNumber: '0A1B2C3D',
        commonName: 'shop.example.test ##[set-output name=status;]revoked ::add-mask::x https://evil.example/cn @octocat',
        publicKey: createPublicKey(OTHER_KEY)
      })
      const result = await run({
        'api-key': 'HOSTILE-COMMANDS-KEY-0000000000000002',
        'base-url': 'http://127.0.0.1:9/services/v2',
        'certificate-pem': pem,
        'dry-run': 'true'
      })
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain('certificate with serial 0A1B2C3D (shop.example.test')
      expectNoForeignCommands(result, ['HOSTILE-COMMANDS-KEY-0000000000000002'])
      expect(result.summary).toContain('https&#8203;://evil.example/cn')
      expect(result.summary).toContain('&#64;&#8203;octocat')
    })
  })

  describe('(2) the API key never leaks through escaping', () => {
    it('finds no piece of a key with _ " \\ < & @ in the outputs, the decoded summary or results, however the server quotes it', async () => {
      const server = await hostile((request) => {
        const key = String(request.headers['x-dc-devkey'])
        switch (targetOf(request.path)) {
          case '2001':
            return apiError(400, key, `Key ${key} is not valid for this account: "${key}"`)
          case '2002': // the same, with every character \u-escaped: no search of the raw body finds it
            return {
              status: 403,
              body: opaqueJson({ errors: [{ code: `denied ${key}`, message: `the key ${key}${key} is view-only` }] }),
              headers: { 'Content-Type': 'application/json' }
            }
          case '2003':
            return {
              status: 201,
              body: opaqueJson({ id: 41, status: 'pending', date: key }),
              headers: { 'Content-Type': 'application/json' }
            }
          case '2004': // the key split by escape sequences and control characters, which cleaning removes
            return apiError(
              400,
              `x${key.slice(0, 9)}\u001b[0m${key.slice(9)}`,
              `${key.slice(0, 5)}\u0007${key.slice(5, 20)}\u009b1m${key.slice(20)}\u0000`
            )
          case '2005': // a proxy's page that prints the request headers
            return {
              status: 502,
              body: `<html><body><h1>Bad Gateway</h1><pre>X-DC-DEVKEY: ${key}\nAccept: application/json</pre></body></html>`
            }
          case '2006': // JSON that is not quite JSON: the key stays JSON-escaped in the excerpt
            return { status: 400, body: `{"errors":[{"code":"invalid_api_key","message":${JSON.stringify(`Key ${key} unknown`)}}]` }
          case '2007':
            return { status: 201, body: { id: 42, status: 'submitted', date: `${key}Z` } }
          default:
            return apiError(400, `key_${key}`, `No route; key was ${JSON.stringify(key)}`)
        }
      })
      const ids = ['2001', '2002', '2003', '2004', '2005', '2006', '2007']
      const result = await run({ 'api-key': QUOTED_KEY, 'base-url': server.baseUrl, 'certificate-id': ids.join(' '), 'max-attempts': '1' })
      // runActionInTest has checked every 8 characters of the key; the outcome is still reported.
      expect(server.requests.filter((r) => r.method === 'PUT').every((r) => r.headers['x-dc-devkey'] === QUOTED_KEY)).toBe(true)
      expect(results(result).map((r) => `${r.id}:${r.status}`)).toEqual([
        '2001:failed',
        '2002:failed',
        '2003:pending',
        '2004:failed',
        '2005:failed',
        '2006:failed',
        '2007:submitted'
      ])
      expect(results(result)[0].error?.message).toMatch(/^Key \*\*\* is not valid/)
      expect(result.stdout).toContain(`::add-mask::${QUOTED_KEY}`)
      expectReported(result)
    })

    it('finds no piece of a github-token with _ " \\ that GitHub quotes back', async () => {
      const sim = await startSimulator({ rateLimits: false })
      const github = await new FakeGithub().start()
      try {
        const token = 'ghp_"To\\ke_"n\\wi_"th\\qu_"ot\\es_'
        const alert = '/repos/octo-org/certificates/secret-scanning/alerts/12'
        github.answers.set(`GET ${alert}`, { status: 200, body: { number: 12, state: 'open' } })
        github.answers.set(`PATCH ${alert}`, {
          status: 403,
          body: { message: `Token ${token} (${JSON.stringify(token)}) may not resolve alerts` }
        })
        const result = await run(
          {
            'api-key': sim.keys.admin,
            'base-url': sim.baseUrl,
            'certificate-id': '1002',
            'resolve-alert': 'true',
            'alert-number': '12',
            'github-token': token
          },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(github.requests[0]?.headers.authorization).toBe(`token ${token}`)
        expect(result.exitCode).toBe(1)
        expect(result.stdout).toContain('"Secret scanning alerts: write"')
        expect(result.summary).toContain('**Secret scanning alert #12:** not resolved')
      } finally {
        await github.stop()
        await sim.close()
      }
    })
  })

  describe('(3) a cut never leaves a piece of the key', () => {
    it('sweeps the key across the 500-character cut of a message, the 100 of a code and the 40 of a date', async () => {
      // Each body is JSON with every character \u-escaped, so the key is found only once the answer is parsed.
      const plan = new Map<string, Reply>()
      let id = 3001
      for (let at = 484; at <= 499; at++)
        plan.set(String(id++), {
          status: 400,
          body: opaqueJson({ errors: [{ code: 'invalid', message: `${'m'.repeat(at)}${PLAIN_KEY} tail` }] })
        })
      for (let at = 84; at <= 99; at++)
        plan.set(String(id++), {
          status: 400,
          body: opaqueJson({ errors: [{ code: `${'c'.repeat(at)}${PLAIN_KEY}`, message: 'refused' }] })
        })
      for (let at = 24; at <= 39; at++)
        plan.set(String(id++), { status: 201, body: opaqueJson({ id, status: 'pending', date: `${'d'.repeat(at)}${PLAIN_KEY}` }) })
      const server = await hostile((request) => {
        const reply = plan.get(targetOf(request.path) ?? '')
        return reply ? { ...reply, headers: { 'Content-Type': 'application/json' } } : apiError(404, 'not_found', 'No route.')
      })
      const result = await run({
        'api-key': PLAIN_KEY,
        'base-url': server.baseUrl,
        'certificate-id': [...plan.keys()].join(' '),
        'max-attempts': '1'
      })
      expect(results(result)).toHaveLength(plan.size)
      // The answer is parsed, then its strings redacted, then cut: the key goes whole before any cut. Where the
      // `***` that stands for it reaches past the cut, the cut leaves a `*` or nothing of it, never a piece of the key.
      const texts = results(result).map((r) => `${r.error?.message ?? ''}|${r.error?.code ?? ''}|${r.date ?? ''}`)
      expect(texts.filter((text) => text.includes('***')).length).toBeGreaterThan(30)
      expect(texts.filter((text) => text.includes('…')).length).toBeGreaterThan(0)
      expectReported(result)
    })

    it('sweeps the github-token across the cut of a GitHub message', async () => {
      const github = await new FakeGithub().start()
      const server = await hostile(() => ({ status: 201, body: { id: 7, status: 'submitted', date: '2026-01-01T00:00:00+00:00' } }))
      try {
        const token = 'ghp_StraddlingToken0123456789abcdefghij'
        const alert = '/repos/octo-org/certificates/secret-scanning/alerts/5'
        // The read before revoking, refused with the token at the cut: nothing is sent, and no piece is shown.
        for (const at of [482, 494]) {
          github.answers.set(`GET ${alert}`, { status: 403, body: { message: `${'g'.repeat(at)}${token} and more` } })
          const refused = await run(
            {
              'api-key': PLAIN_KEY,
              'base-url': server.baseUrl,
              'certificate-id': '1',
              'resolve-alert': 'true',
              'alert-number': '5',
              'github-token': token
            },
            { env: { GITHUB_API_URL: github.url } }
          )
          expect(refused.exitCode).toBe(1)
          expect(refused.stdout).toContain('github-token may not read alert #5 in octo-org/certificates (403: ggg')
        }
        github.answers.set(`GET ${alert}`, { status: 200, body: { number: 5, state: 'open' } })
        for (const at of [482, 488, 494]) {
          github.answers.set(`PATCH ${alert}`, { status: 422, body: { message: `${'g'.repeat(at)}${token} and more` } })
          const result = await run(
            {
              'api-key': PLAIN_KEY,
              'base-url': server.baseUrl,
              'certificate-id': '1',
              'resolve-alert': 'true',
              'alert-number': '5',
              'github-token': token
            },
            { env: { GITHUB_API_URL: github.url } }
          )
          expect(result.stdout).toContain('GitHub refused to resolve alert #5')
        }
      } finally {
        await github.stop()
      }
    })
  })

  describe('(4) the value of private-key is never quoted', () => {
    const ecBody = bodyLines(EC_KEY)
    const cases: [string, string, RegExp][] = [
      [
        'bare base64 on one line',
        ecBody.join(''),
        /private-key: the value is not a PEM private key and cannot be read as a file \(no such file\)/
      ],
      ['bare base64 on several lines', ecBody.join('\n'), /private-key: the value is neither a PEM private key/],
      [
        'a path that does not exist',
        '/nonexistent/leaked-keys/prod-signing.key',
        /private-key: the value is not a PEM private key and cannot be read as a file \(no such file\)/
      ],
      ['a PEM on one line, with spaces', EC_KEY.trim().replace(/\n/g, ' '), /private-key: /],
      ['a PEM with literal \\n', EC_KEY.trim().replace(/\n/g, '\\n'), /private-key: /],
      [
        'a PEM whose base64 is damaged',
        EC_KEY.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'),
        /private-key: the private key could not be read/
      ],
      [
        'DER in base64, as a PKCS#8 key',
        createPrivateKey(EC_KEY).export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        /private-key: the value is not a PEM private key/
      ]
    ]
    it.each(cases)('%s', async (_case, value, message) => {
      const sim = await startSimulator({ rateLimits: false })
      try {
        // The lines of the key, or of the damaged key the action was given (it masks those).
        const privateKeyText = value.includes('-----BEGIN') && value.includes('\n') ? value : EC_KEY
        const result = await run({ 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'private-key': value }, { privateKeyText })
        expect(result.exitCode).toBe(1)
        expect(sim.requests).toHaveLength(0)
        expect(result.stdout).toMatch(message)
        // Not the key (runActionInTest checked its lines), nor any 8 characters of the value as given.
        const joined = value.replace(/-----(BEGIN|END) EC PRIVATE KEY-----|\\n|\s/g, '')
        assertNoLeak(
          [joined, ...secretLines(value)].map((secret) => ({ name: 'private-key value', value: secret })),
          result
        )
        if (value.startsWith('/')) expect(`${result.stdout}${result.summary}`).not.toContain('prod-signing')
        expectReported(result)
      } finally {
        await sim.close()
      }
    })
  })

  describe('(5) a poisoned certificate index revokes what carries the key, and only that', () => {
    let sim: Simulator
    beforeEach(async () => {
      sim = await startSimulator({ rateLimits: false })
      const add = (id: number, key: string) =>
        sim.account.addOrder({
          id: id + 1000,
          certificates: [{ id, serialNumber: serialFor(id), commonName: `p${id}.example.test`, publicKey: createPublicKey(key) }]
        })
      add(8001, LEAKED_KEY) // A carries the leaked key
      add(8002, OTHER_KEY) // B does not
      // No order of the account has duplicates or reissues (until the simulator lists them itself).
      sim.inject(
        { method: 'GET', path: /\/order\/certificate\/\d+\/(duplicate|reissue)$/, times: 10_000 },
        { status: 200, body: { certificates: [] } }
      )
    })
    afterEach(async () => sim.close())

    type IndexFile = { version: number; fingerprint: string; certificates: Record<string, { spki: string; mac: string }> }
    const readIndex = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as IndexFile

    it("revokes A, not B, after A's and B's fingerprints were swapped, and warns", async () => {
      const index = join(dir, `swapped-${node.length}.json`)
      const first = await run({
        'api-key': sim.keys.admin,
        'base-url': sim.baseUrl,
        'private-key': LEAKED_KEY,
        'certificate-index': index,
        'dry-run': 'true'
      })
      expect(first.outputs['matched-certificates']).toBe('8001')
      const file = readIndex(index)
      const [a, b] = [file.certificates['8001'], file.certificates['8002']]
      ;[a.spki, b.spki] = [b.spki, a.spki]
      writeFileSync(index, JSON.stringify(file))

      const second = await run({
        'api-key': sim.keys.admin,
        'base-url': sim.baseUrl,
        'private-key': LEAKED_KEY,
        'certificate-index': index
      })
      expect(second.stdout).toMatch(
        /::warning::certificate-index: 2 of \d+ entries in .* were not written with this API key, or were changed since/
      )
      expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/8001/revoke'])
      expect(second.outputs['matched-certificates']).toBe('8001')
      expect(second.outputs.status).toBe('pending')
      expect(second.exitCode).toBe(0)
      // The index is rebuilt with the truth.
      const rebuilt = readIndex(index)
      expect(rebuilt.certificates['8001'].spki).toBe(b.spki)
      expect(rebuilt.certificates['8002'].spki).toBe(a.spki)
    })

    it('trusts no entry written under another API key, nor one with a made-up MAC, nor one on the prototype', async () => {
      const index = join(dir, `other-key-${node.length}.json`)
      await run({
        'api-key': sim.keys.user,
        'base-url': sim.baseUrl,
        'private-key': LEAKED_KEY,
        'certificate-index': index,
        'dry-run': 'true'
      })
      const file = readIndex(index)
      const leaked = file.certificates['8001'].spki
      file.certificates['8002'] = { spki: leaked, mac: 'f'.repeat(64) }
      // JSON.parse makes "__proto__" an own key, which must not be taken for a certificate either.
      writeFileSync(
        index,
        JSON.stringify(file).replace('"certificates":{', `"certificates":{"__proto__":{"spki":"${leaked}","mac":"${'0'.repeat(64)}"},`)
      )
      const result = await run({
        'api-key': sim.keys.admin,
        'base-url': sim.baseUrl,
        'private-key': LEAKED_KEY,
        'certificate-index': index
      })
      expect(result.stdout).toMatch(/::warning::certificate-index: \d+ of \d+ entries .* were not written with this API key/)
      expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/8001/revoke'])
      expect(result.outputs['matched-certificates']).toBe('8001')
    })

    it('writes the index over a dangling link without following it', async () => {
      const victim = join(dir, `victim-${node.length}`, 'written-through-link.json')
      const index = join(dir, `link-${node.length}.json`)
      symlinkSync(victim, index)
      const result = await run({
        'api-key': sim.keys.admin,
        'base-url': sim.baseUrl,
        'private-key': LEAKED_KEY,
        'certificate-index': index,
        'dry-run': 'true'
      })
      expect(result.exitCode).toBe(0)
      expect(existsSync(victim)).toBe(false)
      expect(readIndex(index).version).toBe(2)
    })
  })

  describe('(6) files that are not files are invalid input, at once', () => {
    let sim: Simulator
    beforeEach(async () => {
      sim = await startSimulator({ rateLimits: false })
    })
    afterEach(async () => sim.close())
    const quick = { timeoutMs: 15_000 }

    const expectRefused = (result: ActionResult, message: RegExp) => {
      expect(result.exitCode).toBe(1)
      expect(result.seconds).toBeLessThan(10)
      expect(sim.requests).toHaveLength(0)
      expect(result.stdout).toMatch(message)
      expect(result.summary).toContain('**The inputs are invalid. No revoke request was sent.**')
      expectReported(result)
    }

    withFifo(it)('a FIFO as certificate-index, private-key, certificate-pem or the event payload', async () => {
      const fifo = join(dir, `fifo-${node.length}`)
      makeFifo(fifo)
      const base = { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl }
      expectRefused(
        await run({ ...base, 'private-key': EC_KEY, 'certificate-index': fifo }, quick),
        /certificate-index: '.*' is not a regular file/
      )
      expectRefused(
        await run({ ...base, 'private-key': fifo }, quick),
        /private-key: the value is not a PEM private key and cannot be read as a file \(not a regular file\)/
      )
      expectRefused(
        await run({ ...base, 'certificate-pem': fifo }, quick),
        /certificate-pem: '.*' is not PEM text and cannot be read as a file \(not a regular file\)/
      )
      expectRefused(
        await run(
          { ...base, 'certificate-id': '1001', 'resolve-alert': 'true', 'github-token': 'ghs_Fq2Lw9Xe4Rt7Yu1Io3Pa6Sd8Gh0j' },
          { ...quick, env: { GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_EVENT_PATH: fifo, GITHUB_API_URL: 'http://127.0.0.1:9' } }
        ),
        /alert-number: the repository_dispatch event could not be read \(not a regular file\)/
      )
    })

    posix('a link to /dev/zero or /dev/urandom as certificate-pem or private-key', async () => {
      const zero = join(dir, `zero-${node.length}.pem`)
      const random = join(dir, `random-${node.length}.key`)
      symlinkSync('/dev/zero', zero)
      symlinkSync('/dev/urandom', random)
      const base = { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl }
      expectRefused(
        await run({ ...base, 'certificate-pem': zero }, quick),
        /certificate-pem: '.*' is not PEM text and cannot be read as a file \(not a regular file\)/
      )
      expectRefused(
        await run({ ...base, 'private-key': zero }, quick),
        /private-key: the value is not a PEM private key and cannot be read as a file \(not a regular file\)/
      )
      expectRefused(await run({ ...base, 'private-key': random }, quick), /private-key: .*\(not a regular file\)/)
      expectRefused(
        await run({ ...base, 'private-key': EC_KEY, 'certificate-index': zero }, quick),
        /certificate-index: '.*' is not a regular file/
      )
    })

    it('a folder as certificate-index or certificate-pem', async () => {
      const folder = join(dir, `folder-${node.length}`)
      mkdirSync(folder)
      const base = { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl }
      expectRefused(
        await run({ ...base, 'private-key': EC_KEY, 'certificate-index': folder }, quick),
        /certificate-index: '.*' is a folder/
      )
      expectRefused(
        await run({ ...base, 'certificate-pem': folder }, quick),
        /certificate-pem: '.*' is not PEM text and cannot be read as a file \(it is a folder, not a regular file\)/
      )
    })

    posix('/proc/self/environ as certificate-pem: read, refused, and none of it quoted', async () => {
      const token = 'ghs_Ev3Nr7Tk1Yp5Qs9Lm2Hx6Bd4Wc8z'
      const result = await run(
        { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-pem': '/proc/self/environ', 'github-token': token },
        quick
      )
      expectRefused(result, /certificate-pem: no -----BEGIN CERTIFICATE----- block found/)
      expect(result.stdout).not.toMatch(/GITHUB_OUTPUT|INPUT_/)
    })

    posix('a link that loops as private-key', async () => {
      const loop = join(dir, `loop-${node.length}.key`)
      symlinkSync(loop, loop)
      expectRefused(
        await run({ 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'private-key': loop }, quick),
        /private-key: the value is not a PEM private key and cannot be read as a file \(ELOOP\)/
      )
    })
  })

  describe('(7) sizes stay bounded', () => {
    const ids = (count: number, from = 100_000_000_000_000) => Array.from({ length: count }, (_, i) => String(from + i)).join('\n')

    it('refuses max-revocations over 5000, and 5001 targets under a cap of 5000', async () => {
      const base = { 'api-key': PLAIN_KEY, 'base-url': 'http://127.0.0.1:9/services/v2', 'dry-run': 'true' }
      const over = await run({ ...base, 'certificate-id': '1', 'max-revocations': '5001' })
      expect(over.exitCode).toBe(1)
      expect(over.stdout).toContain("max-revocations: '5001' is not a whole number from 1 to 5000.")
      const many = await run({ ...base, 'certificate-id': ids(5001), 'max-revocations': '5000' })
      expect(many.exitCode).toBe(1)
      expect(many.stdout).toContain('max-revocations: this run has 5001 targets, more than the safety cap of 5000.')
      expect(results(many)).toEqual([])
      expectReported(many)
    })

    it('keeps a 5000-target dry run under 1 MiB, with a row that says how many more are in results', async () => {
      // 4300 certificate IDs, then 700 certificates from a PEM file whose subjects escape to long rows.
      const publicKey = createPublicKey(OTHER_KEY)
      const pems = Array.from({ length: 700 }, (_, i) =>
        issueCertificate({ serialNumber: serialFor(900_000 + i), commonName: `${'&'.repeat(380)}-${i}`, publicKey })
      )
      const pemFile = join(dir, `bulk-${node.length}.pem`)
      writeFileSync(pemFile, pems.join(''))
      expect(byteLength(pems.join(''))).toBeLessThan(MIB)
      const result = await run({
        'api-key': PLAIN_KEY,
        'base-url': 'http://127.0.0.1:9/services/v2',
        'certificate-id': ids(4300),
        'certificate-pem': pemFile,
        'dry-run': 'true',
        'max-revocations': '5000'
      })
      expect(result.exitCode).toBe(0)
      expect(results(result)).toHaveLength(5000)
      expect(result.outputs.status.split(',')).toEqual(Array(5000).fill('dry-run'))
      expect(byteLength(result.summary)).toBeLessThan(MIB)
      const more = /<tr><td colspan="6">… and (\d+) more targets: every target is in the results output\.<\/td><\/tr>/.exec(result.summary)
      expect(more).not.toBeNull()
      const rows = result.summary.split('\n').filter((line) => line.startsWith('<tr><td>'))
      expect(rows.length + Number(more?.[1])).toBe(5000)
      for (const value of Object.values(result.outputs)) expect(byteLength(value)).toBeLessThan(MIB)
      expect(byteLength(result.outputFile)).toBeLessThan(5 * MIB)
    })

    it('cuts a date of 10,000 characters to 40, a code of 10,000 to 100 and a message of 100,000 to 500', async () => {
      const server = await hostile((request) =>
        targetOf(request.path) === '1'
          ? { status: 201, body: { id: 1, status: 'pending', date: `2026-01-01T${'9'.repeat(10_000)}` } }
          : apiError(400, `c${'x'.repeat(10_000)}`, `m${'y<'.repeat(50_000)}`)
      )
      const result = await run({ 'api-key': PLAIN_KEY, 'base-url': server.baseUrl, 'certificate-id': '1 2', 'max-attempts': '1' })
      const [dated, refused] = results(result)
      expect(dated.date).toBe(`2026-01-01T${'9'.repeat(29)}…`)
      expect(refused.error?.code).toBe(`c${'x'.repeat(99)}…`)
      expect(Array.from(refused.error?.message ?? '')).toHaveLength(501)
      expect(byteLength(result.summary)).toBeLessThan(64 * 1024)
      expect(result.stdout.split('\n').every((line) => line.length < 4096)).toBe(true)
    })

    it('refuses an answer larger than 4 MiB without reading it all', async () => {
      const huge = 'z'.repeat(5 * MIB)
      const server = await hostile(() => ({ status: 400, body: huge }))
      const result = await run({ 'api-key': PLAIN_KEY, 'base-url': server.baseUrl, 'certificate-id': '1', 'max-attempts': '1' })
      expect(result.exitCode).toBe(1)
      expect(results(result)[0].status).toBe('failed')
      expect(byteLength(result.outputs.results)).toBeLessThan(4096)
      expectReported(result)
    })
  })

  describe('(8) every failure writes outputs and a summary, and no stack trace', () => {
    let sim: Simulator
    beforeEach(async () => {
      sim = await startSimulator({ rateLimits: false })
    })
    afterEach(async () => sim.close())

    const dispatch = (event: unknown, file?: string) => ({
      env: { GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_API_URL: 'http://127.0.0.1:9', ...(file ? { GITHUB_EVENT_PATH: file } : {}) },
      ...(file ? {} : { event: event as object })
    })
    const alertInputs = () => ({
      'api-key': sim.keys.admin,
      'base-url': sim.baseUrl,
      'certificate-id': '1001',
      'resolve-alert': 'true',
      'github-token': 'ghs_Zq8vN3xK1pL7wR2mT9yB4cH6dF0a'
    })

    const expectInvalid = (result: ActionResult, message: string | RegExp) => {
      expect(result.exitCode).toBe(1)
      expect(sim.requests).toHaveLength(0)
      expect(result.stdout).toMatch(message)
      expect(result.outputs).toMatchObject({ 'request-id': '', status: '', results: '[]', 'alert-resolved': 'false' })
      expect(result.summary).toContain('**The inputs are invalid. No revoke request was sent.**')
      expectReported(result)
    }

    it.each([
      ['an object', { alert_number: { number: 7 } }],
      ['an array', { alert_number: [7] }],
      ['true', { alert_number: true }],
      ['a negative number', { alert_number: -7 }],
      ['a fraction', { alert_number: 7.5 }],
      ['a huge number', { alert_number: 1e300 }],
      ['a command', { alert_number: '7\n::add-mask::x' }],
      ['an alert whose number is an object', { alert: { number: { toString: 'x' } } }]
    ])('an alert_number that is %s', async (_what, payload) => {
      expectInvalid(
        await run(alertInputs(), dispatch({ client_payload: payload })),
        /client_payload\.alert_number: .*not a secret scanning alert number/
      )
    })

    it.each([
      ['client_payload is null', { client_payload: null }],
      ['client_payload is a string', { client_payload: 'alert 7' }],
      ['the payload is an array', [{ client_payload: { alert_number: 7 } }]],
      ['the payload is null', null]
    ])('%s', async (_what, payload) => {
      expectInvalid(await run(alertInputs(), dispatch(payload)), 'resolve-alert: no alert number is known.')
    })

    it.each([
      ['broken JSON', '{"client_payload": {"alert_number": 7'],
      ['an empty file', ''],
      ['a byte order mark and binary', '\ufeff\u0000\u0001{}'],
      ['JSON nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`]
    ])('an event payload that is %s', async (what, text) => {
      const file = join(dir, `event-${what.replace(/\W+/g, '-')}-${node.length}.json`)
      writeFileSync(file, text)
      const result = await run(alertInputs(), dispatch(undefined, file))
      if (what.startsWith('JSON nested'))
        expectInvalid(result, /resolve-alert: no alert number is known|alert-number: the repository_dispatch event could not be read/)
      else expectInvalid(result, 'alert-number: the repository_dispatch event could not be read (it is not JSON).')
    })

    ;(asRoot ? it.skip : it)('a key file nobody may read (chmod 000)', async () => {
      const file = join(dir, `unreadable-${node.length}.key`)
      writeFileSync(file, EC_KEY)
      chmodSync(file, 0o000)
      const result = await run({ 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'private-key': file }, { privateKeyText: EC_KEY })
      expectInvalid(result, /private-key: the value is not a PEM private key and cannot be read as a file \(permission denied \(EACCES\)\)/)
    })

    it('an outputs file that cannot be written: the summary says so, and the run ends cleanly', async () => {
      const folder = join(dir, `outputs-folder-${node.length}`)
      mkdirSync(folder, { recursive: true })
      const result = await run(
        { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': '1001' },
        { env: { GITHUB_OUTPUT: folder } }
      )
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toMatch(/::error::Unexpected error: .*EISDIR/)
      expect(result.summary).toContain('**The run ended with an unexpected error.**')
      expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at\s/m)
    })

    it('a summary file that cannot be written: the outputs are still written', async () => {
      const folder = join(dir, `summary-folder-${node.length}`)
      mkdirSync(folder, { recursive: true })
      const result = await run(
        { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': '1001' },
        { env: { GITHUB_STEP_SUMMARY: folder } }
      )
      expect(result.exitCode).toBe(0)
      expect(result.outputs.status).toBe('pending')
      expect(result.stdout).toMatch(/::warning::The job summary could not be written \(.*EISDIR/)
      expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at\s/m)
    })
  })

  describe('(9) the GitHub token never travels in clear', () => {
    it.each([
      'http://api.github.invalid',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example/api/v3',
      'http://[::ffff:a00:1]',
      'ftp://api.github.invalid',
      'javascript:alert(1)',
      'https://x-access-token:hunter2-in-url@api.github.invalid',
      'http://x-access-token:hunter2-in-url@api.github.invalid'
    ])('GITHUB_API_URL=%s is invalid input before any request', async (url) => {
      const sim = await startSimulator({ rateLimits: false })
      const github = await new FakeGithub().start()
      try {
        const result = await run(
          {
            'api-key': sim.keys.admin,
            'base-url': sim.baseUrl,
            'certificate-id': '1001',
            'resolve-alert': 'true',
            'alert-number': '3',
            'github-token': 'ghs_Cv5Bn8Mk2Jh4Gf7Ds1Aq9Wz3Xe6r'
          },
          { env: { GITHUB_API_URL: url } }
        )
        expect(result.exitCode).toBe(1)
        expect(sim.requests).toHaveLength(0)
        expect(github.requests).toHaveLength(0)
        expect(result.stdout).toMatch(/GITHUB_API_URL: .*(must use https:\/\/|must not carry a user name|is not a URL)/)
        expect(`${result.stdout}${result.summary}${result.outputFile}`).not.toContain('hunter2')
        expectReported(result)
      } finally {
        await github.stop()
        await sim.close()
      }
    })

    it('is not checked when no alert is involved', async () => {
      const sim = await startSimulator({ rateLimits: false })
      try {
        const result = await run(
          { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'certificate-id': '1001' },
          { env: { GITHUB_API_URL: 'http://api.github.invalid' } }
        )
        expect(result.exitCode).toBe(0)
      } finally {
        await sim.close()
      }
    })
  })

  describe('(10) a listing cannot keep the scan going forever', () => {
    const order = (id: number) => ({ id: id + 1_000_000, certificate: { id }, status: 'issued' })
    const scan = (server: HostileServer) =>
      run({ 'api-key': PLAIN_KEY, 'base-url': server.baseUrl, 'private-key': EC_KEY, 'dry-run': 'true' }, { timeoutMs: 30_000 })
    const listings = (server: HostileServer) => server.requests.filter((r) => r.path === '/order/certificate').length

    it('a page.total of 10^15', async () => {
      const server = await hostile((request) => ({
        status: 200,
        body: { orders: [order(Number(request.query.get('offset')) + 1)], page: { total: 1e15, limit: 1000, offset: 0 } }
      }))
      const result = await scan(server)
      expect(result.exitCode).toBe(1)
      expect(result.seconds).toBeLessThan(15)
      expect(listings(server)).toBe(1)
      expect(result.stdout).toMatch(
        /The account's orders could not be listed, so no certificate was checked for the key \(.*the order list claims 1000000000000000 orders/
      )
      expectReported(result)
    })

    it('the same page, forever', async () => {
      const server = await hostile(() => ({
        status: 200,
        body: { orders: [order(11), order(12)], page: { total: 900_000, limit: 1000, offset: 0 } }
      }))
      const result = await scan(server)
      expect(result.exitCode).toBe(1)
      expect(result.seconds).toBeLessThan(15)
      expect(listings(server)).toBe(2)
      expect(result.stdout).toContain('the order list repeated orders it had already listed (page 2)')
    })

    it('the same page of orders without a certificate, forever', async () => {
      const server = await hostile(() => ({
        status: 200,
        body: {
          orders: [
            { id: 1, status: 'issued' },
            { id: 2, certificate: { id: 'x' } },
            { id: 3, certificate: { id: 1e20 } }
          ],
          page: { total: 999_999 }
        }
      }))
      const result = await scan(server)
      expect(result.exitCode).toBe(1)
      expect(result.seconds).toBeLessThan(15)
      expect(listings(server)).toBeLessThan(5)
      expect(result.stdout).toMatch(/The account's orders could not be listed.*the order list/)
    })

    it('a page of orders that cannot be read, forever', async () => {
      const server = await hostile(() => ({
        status: 200,
        body: { orders: [{ status: 'issued' }, {}, 7, null, { id: -1 }, { id: '12' }], page: { total: 999_999 } }
      }))
      const result = await scan(server)
      expect(result.exitCode).toBe(1)
      expect(result.seconds).toBeLessThan(15)
      // No order of the page has an ID, so it cannot be told from a repeat: the listing ends there, incomplete.
      expect(listings(server)).toBe(1)
      expect(result.stdout).toContain(
        'order list (HTTP 200 6 orders came without an order ID or a certificate ID, and it was read no further than page 1, which held no order with an ID)'
      )
    })

    it('pages without a total that never end, each of new orders', async () => {
      // 10,000 orders a page, more than the page size asked for, so the listing reads on; nothing says how many.
      const server = await hostile((request) => {
        if (request.path !== '/order/certificate') return apiError(404, 'not_found', 'No route.')
        const from = Number(request.query.get('offset')) + 1
        return { status: 200, body: { orders: Array.from({ length: 10_000 }, (_, i) => ({ id: from + i })) } }
      })
      const result = await run(
        { 'api-key': PLAIN_KEY, 'base-url': server.baseUrl, 'private-key': EC_KEY, 'dry-run': 'true' },
        { timeoutMs: 90_000 }
      )
      expect(result.exitCode).toBe(1)
      expect(result.seconds).toBeLessThan(60)
      expect(listings(server)).toBeLessThanOrEqual(101)
      expect(result.stdout).toMatch(/The account's orders could not be listed.*the order list went on past 1000000 orders/)
      expectReported(result)
    }, 120_000)

    it('empty pages: a complete scan of nothing', async () => {
      const server = await hostile(() => ({ status: 200, body: { orders: [], page: { total: 5 } } }))
      const result = await scan(server)
      expect(result.exitCode).toBe(1)
      expect(result.seconds).toBeLessThan(15)
      expect(listings(server)).toBe(1)
      expect(result.stdout).toContain('No certificate among the 0 issued in this CertCentral account carries the key')
    })

    it('pages that are not what they say: a string total, a negative one, orders that are not a list', async () => {
      const bodies = [
        { orders: [order(21)], page: { total: '1e15' } },
        { orders: [order(21)], page: { total: -1 } },
        { orders: { 0: order(21) }, page: { total: 1 } },
        { orders: [order(21)], page: null }
      ]
      for (const body of bodies) {
        const server = await hostile((request) =>
          request.path === '/order/certificate' ? { status: 200, body } : apiError(404, 'not_found', 'Certificate not found.')
        )
        const result = await scan(server)
        expect(result.exitCode).toBe(1)
        expect(result.seconds).toBeLessThan(15)
        expect(listings(server)).toBeLessThan(3)
        expectReported(result)
      }
    })
  })

  describe('(11) short secrets and links', () => {
    it('refuses a github-token of 3 characters where the alert API is needed, before any request', async () => {
      const sim = await startSimulator({ rateLimits: false })
      const github = await new FakeGithub().start()
      try {
        const token = 'q7Z'
        const alert = '/repos/octo-org/certificates/secret-scanning/alerts/4'
        github.answers.set(`PATCH ${alert}`, { status: 403, body: { message: `Token q7Z (q7Z) cannot resolve alerts` } })
        const result = await run(
          {
            'api-key': sim.keys.admin,
            'base-url': sim.baseUrl,
            'certificate-id': '1002',
            'resolve-alert': 'true',
            'alert-number': '4',
            'github-token': token
          },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(result.exitCode).toBe(1)
        expect(sim.requests).toHaveLength(0)
        expect(github.requests).toHaveLength(0)
        expect(result.stdout).toContain('github-token: shorter than 16 characters, so it is not a GitHub token')
        assertNoLeak([{ name: 'github-token', value: token }], result, { short: true })
      } finally {
        await github.stop()
        await sim.close()
      }
    })

    it('links no URL, www. address, e-mail address or @mention from an answer', async () => {
      const message =
        'See https://evil.example/x or www.evil.example, HTTPS://EVIL.EXAMPLE/z, 1https://evil.example/y, _https://evil.example/u, ' +
        '(www.evil.example/p) _www.evil.example ftp://evil.example/f mailto:admin@evil.example admin@evil.example, ping @octocat and @org/team'
      const server = await hostile(() => apiError(400, 'see_https://evil.example/code', message))
      const result = await run({ 'api-key': PLAIN_KEY, 'base-url': server.baseUrl, 'certificate-id': '1', 'max-attempts': '1' })
      expect(result.exitCode).toBe(1)
      expect(result.summary).toContain('https&#8203;://evil.example/x')
      expect(result.summary).toContain('www&#8203;.evil.example')
      expect(result.summary).toContain('&#64;&#8203;octocat')
      // What GitHub would link, once the character references are read: a scheme right before ://, a www. at a
      // word's start, or an @ before a word character.
      const shown = result.summary.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      expect(shown.match(/[a-z]:\/\//gi) ?? []).toEqual([])
      expect(shown.match(/(?:^|[^\w\u200b])www\./gim) ?? []).toEqual([])
      expect(shown.match(/@\w/g) ?? []).toEqual([])
      expect(shown).not.toMatch(/<a\s|\]\(/i)
      // results keep the text as data.
      expect(results(result)[0].error?.message).toBe(message)
    })
  })
})
