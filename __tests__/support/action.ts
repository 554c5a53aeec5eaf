/**
 * Runs the bundled action for a test: as the runner does (simulator/runner.js), with DNS held to loopback and the
 * test hosts, and with a leak check on every run. No piece of 8 characters of a secret (the API key, the
 * github-token, each line of a private key) may appear in an output (`results` is also parsed, and every string
 * in it searched), in the job summary (also decoded as a browser would read it: character references, Markdown
 * escapes and zero-width spaces undone), or in the log, where the whole secret may stand only in the runner's
 * `::add-mask::` command.
 */
import { runAction } from '../../simulator/runner.js'
import { secretLines } from '../../src/secrets.js'

// A file: URL, which --import takes on every platform (a Windows path would be read as a URL scheme).
const LOOPBACK_ONLY = new URL('./loopback-only.js', import.meta.url).href

/**
 * A test with a private key that says nothing of CT runs with `ct-search: off`: the default (`report`) would ask
 * crt.sh, which tests never reach. The tests of "Beyond the account" give ct-search or ct-search-url.
 */
function withoutCtByDefault(inputs: Record<string, string>): Record<string, string> {
  const key = (inputs['private-key'] ?? '') !== '' || (inputs['key-from-alert'] ?? '') !== ''
  if (!key || 'ct-search' in inputs || 'ct-search-url' in inputs) return inputs
  return { ...inputs, 'ct-search': 'off' }
}

/** The runner's options, and the text of a private key the action will see (to check it never leaks). */
type RunOptions = Parameters<typeof runAction>[0] & { privateKeyText?: string }
export type ActionResult = Awaited<ReturnType<typeof runAction>>

/** A secret and what to call it when it leaks. */
export interface Secret {
  name: string
  value: string
}

/** The length of a piece of a secret that must never be shown (src/secrets.ts redacts the same). */
export const PIECE = 8

export async function runActionInTest(options: RunOptions): Promise<ActionResult> {
  const result = await runAction({
    ...options,
    inputs: withoutCtByDefault(options.inputs),
    nodeArgs: ['--import', LOOPBACK_ONLY, ...(options.nodeArgs ?? [])]
  })
  assertNoLeak(secretsOf(options), result)
  return result
}

/** The secrets a run was given: api-key, github-token, and each secret line of the private key. */
export function secretsOf(options: Pick<RunOptions, 'inputs' | 'privateKeyText'>): Secret[] {
  const secrets: Secret[] = []
  for (const name of ['api-key', 'github-token']) {
    const value = options.inputs[name]?.trim()
    if (value) secrets.push({ name, value })
  }
  for (const line of secretLines(options.privateKeyText ?? options.inputs['private-key'] ?? ''))
    secrets.push({ name: 'private key', value: line })
  return secrets
}

/** Every run of PIECE characters in `secret` (none when the secret is shorter: those are checked by their own tests). */
export function piecesOf(secret: string): string[] {
  const pieces: string[] = []
  for (let at = 0; at + PIECE <= secret.length; at++) pieces.push(secret.slice(at, at + PIECE))
  return pieces
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  num: '#',
  lowbar: '_',
  bsol: '\\',
  grave: '`'
}

/**
 * The summary as a reader sees it, read once as GitHub renders it: character references (`&#95;`, `&#x5f;`,
 * `&amp;`) and Markdown backslash escapes undone in one pass from left to right, zero-width characters removed.
 */
export function decodeSummary(markdown: string): string {
  return markdown
    .replace(
      /&#(\d{1,7});|&#[xX]([0-9a-fA-F]{1,6});|&([a-zA-Z]+);|\\([!-/:-@[-`{-~])/g,
      (whole, decimal?: string, hex?: string, name?: string, escaped?: string) => {
        if (decimal !== undefined) return codePoint(Number(decimal)) ?? whole
        if (hex !== undefined) return codePoint(parseInt(hex, 16)) ?? whole
        if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole
        return escaped ?? whole
      }
    )
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
}

function codePoint(value: number): string | undefined {
  return value <= 0x10ffff ? String.fromCodePoint(value) : undefined
}

/** Every string in a JSON value (keys too), or the text itself when it is not JSON. */
export function stringsIn(text: string): string[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return [text]
  }
  const strings: string[] = []
  const visit = (node: unknown): void => {
    if (typeof node === 'string') strings.push(node)
    else if (Array.isArray(node)) node.forEach(visit)
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        strings.push(key)
        visit(child)
      }
    }
  }
  visit(value)
  return strings
}

/**
 * Each secret and, when JSON writes it otherwise (with `\"` or `\\`), also as JSON writes it: a server that quotes a
 * secret inside a JSON string of a body that is not JSON leaves it so, and a reader unescapes it at a glance.
 */
function withJsonForms(secrets: Secret[]): Secret[] {
  return secrets.flatMap((secret) => {
    const json = JSON.stringify(secret.value).slice(1, -1)
    return json === secret.value ? [secret] : [secret, { name: `${secret.name} (as JSON writes it)`, value: json }]
  })
}

/** How @actions/core writes a command's data: `%`, CR and LF escaped. */
function commandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/**
 * Throws when a piece of a secret (PIECE characters; the whole secret for a shorter one only when `short` says so)
 * stands in an output, the summary (raw or decoded), or the log, but for an `::add-mask::` command that holds no
 * whole secret other than its own.
 */
export function assertNoLeak(secrets: Secret[], result: ActionResult, { short = false } = {}): void {
  const pieces = new Map<string, string>()
  for (const { name, value } of withJsonForms(secrets)) {
    if (value.length < PIECE) {
      if (short && value !== '') pieces.set(value, name)
      continue
    }
    for (const piece of piecesOf(value)) if (!pieces.has(piece)) pieces.set(piece, name)
  }
  if (pieces.size === 0) return
  const lengths = [...new Set([...pieces.keys()].map((piece) => piece.length))]
  /** The name of the secret a piece of which stands in `text`, if any. */
  const leakIn = (text: string): string | undefined => {
    for (const length of lengths) {
      for (let at = 0; at + length <= text.length; at++) {
        const name = pieces.get(text.slice(at, at + length))
        if (name !== undefined) return name
      }
    }
    return undefined
  }

  const found: string[] = []
  const check = (place: string, texts: string[]): void => {
    for (const text of texts) {
      const name = leakIn(text)
      if (name !== undefined) {
        found.push(`the ${name} in ${place}: ${JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text)}`)
        return
      }
    }
  }
  check('the output file', [result.outputFile])
  for (const [name, value] of Object.entries(result.outputs))
    check(`output ${name}`, name === 'results' ? [value, ...stringsIn(value)] : [value])
  check('the job summary', [result.summary])
  check('the job summary as rendered', [decodeSummary(result.summary)])
  // The runner reads an `::add-mask::` command and never shows its value. A secret stands whole only in its own; the
  // value masked for another secret (an alert's, say) may share a few characters with a key, and is not shown either.
  const masks = new Set(secrets.map(({ value }) => `::add-mask::${commandData(value)}`))
  const wholes = secrets.filter(({ value }) => value.length >= PIECE).map(({ value }) => commandData(value))
  const masked = (line: string) => masks.has(line) || (line.startsWith('::add-mask::') && !wholes.some((whole) => line.includes(whole)))
  const log = `${result.stdout}\n${result.stderr}`.split(/\r?\n/).filter((line) => !masked(line))
  check('the log (outside ::add-mask::)', log)
  if (found.length > 0) throw new Error(`A secret leaked:\n${found.join('\n')}`)
}
