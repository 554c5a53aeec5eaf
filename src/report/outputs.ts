/** The step's outputs, in target order, the same in every outcome. */
import * as runner from '../runner.js'
import type { Target } from '../revocation/targets.js'
import type { RevocationResult } from '../revocation/revoke.js'
import { isFailure } from '../revocation/revoke.js'
import { cut, redactJson, utf8Bytes } from '../untrusted.js'

export interface ResultJson {
  type: 'certificate' | 'order'
  id: string
  source: Target['source']
  request_id: number | null
  status: string
  date: string | null
  error: { code: string | null; message: string; http_status: number | null } | null
  matched_by?: 'private-key'
  /** CertCentral did not accept `revocation_reason`: the request was sent again without it. */
  reason_dropped?: true
}

export function resultJson(result: RevocationResult): ResultJson {
  return {
    type: result.target.type,
    id: result.target.id,
    source: result.target.source,
    request_id: result.requestId,
    status: result.status,
    date: result.date,
    error: result.error,
    ...(result.target.source === 'private-key' ? { matched_by: 'private-key' as const } : {}),
    ...(result.reasonDropped ? { reason_dropped: true as const } : {})
  }
}

/** One word for the whole run (the contract's `outcome`). */
export type Outcome = 'done' | 'pending' | 'failed' | 'dry-run'

/**
 * `failed` whenever the step fails (`stepFailed`: the run ends with a failure message), else `dry-run` for a dry
 * run, `pending` when some target awaits approval, `done` when every target is revoked, submitted, approved or
 * expired.
 */
export function runOutcome(results: RevocationResult[], dryRun: boolean, stepFailed: boolean): Outcome {
  if (stepFailed || results.some(isFailure)) return 'failed'
  if (dryRun) return 'dry-run'
  return results.some((result) => result.status === 'pending') ? 'pending' : 'done'
}

export interface Outputs {
  'request-id': string
  status: string
  results: string
  'alert-resolved': string
  'matched-certificates': string
  outcome: Outcome
  /** Certificates of the leaked key outside this account (report/elsewhere.ts). */
  elsewhere: string
}

/** GitHub keeps outputs of up to 1 MiB; every output stays below this many bytes of UTF-8. */
export const OUTPUT_LIMIT = 1000 * 1024

/**
 * Ever smaller `results`, until the JSON fits under OUTPUT_LIMIT: messages shortened, then dropped; then dates
 * and codes cut. Every level keeps one object per target with its ID, source, status, request ID and HTTP status.
 */
const SHRINKING: { message: number; code: number; date: number }[] = [
  { message: Infinity, code: Infinity, date: Infinity },
  { message: 200, code: Infinity, date: Infinity },
  { message: 80, code: Infinity, date: Infinity },
  { message: 20, code: Infinity, date: Infinity },
  { message: 0, code: Infinity, date: Infinity },
  { message: 0, code: 20, date: 25 },
  { message: 0, code: 8, date: 0 },
  // The last resort, for thousands of targets with the longest IDs and codes in a script of four bytes a character.
  { message: 0, code: 0, date: 0 }
]

/**
 * `matchedCertificates`: the IDs the private key scan found, ascending; empty when no key was given. `redact`
 * removes every registered secret from each value before it is encoded. `outcome`: see runOutcome; a run that
 * stopped before it could say (invalid input, an unexpected error) failed.
 */
export function buildOutputs(
  results: RevocationResult[],
  alertResolved: boolean,
  matchedCertificates: string[] = [],
  redact: (text: string) => string = (text) => text,
  outcome: Outcome = 'failed'
): Outputs {
  return {
    'request-id': results.map((r) => (r.requestId === null ? '' : String(r.requestId))).join(','),
    status: results.map((r) => r.status).join(','),
    results: resultsJson(results, redact),
    'alert-resolved': String(alertResolved),
    'matched-certificates': fitList(matchedCertificates),
    outcome,
    // Set by the run report when CT was searched (report/elsewhere.ts); an empty array otherwise.
    elsewhere: '[]'
  }
}

/**
 * The results as JSON, every text from outside (error code and message, date) redacted before it is encoded (JSON
 * escapes a `"` or `\` in a secret, which a search of the encoded text would miss), and shrunk as far as needed
 * to stay under the limit in bytes (a message in a non-Latin script takes two to four bytes a character).
 */
function resultsJson(results: RevocationResult[], redact: (text: string) => string): string {
  const json = results.map(resultJson).map((result) => ({
    ...result,
    date: result.date === null ? null : redact(result.date),
    error: result.error && {
      ...result.error,
      code: result.error.code === null ? null : redact(result.error.code),
      message: redact(result.error.message)
    }
  }))
  let text = ''
  for (const level of SHRINKING) {
    text = JSON.stringify(json.map((result) => shrunk(result, level)))
    if (utf8Bytes(text) < OUTPUT_LIMIT) return text
  }
  // The last level fits within max-revocations' ceiling: 5000 targets of the longest IDs take under 1,000,000 bytes.
  return text
}

function shrunk(result: ResultJson, level: (typeof SHRINKING)[number]): ResultJson {
  const date = result.date === null || level.date === 0 ? null : shorter(result.date, level.date)
  if (!result.error) return { ...result, date }
  const { code, message } = result.error
  return {
    ...result,
    date,
    error: {
      ...result.error,
      code: code === null ? null : shorter(code, level.code),
      message: shorter(message, level.message)
    }
  }
}

/** At most `limit` characters, with `…` when cut; 0 drops the text (Infinity keeps it as it is). */
function shorter(text: string, limit: number): string {
  if (limit === 0) return ''
  return limit === Infinity ? text : cut(text, limit)
}

/** A comma-separated list of IDs, cut at the last whole ID under the limit (a scan of a hostile account may list more). */
function fitList(ids: string[]): string {
  const list = ids.join(',')
  // IDs are digits: one byte each.
  return utf8Bytes(list) < OUTPUT_LIMIT ? list : list.slice(0, list.lastIndexOf(',', OUTPUT_LIMIT - 1))
}

/** The outputs that hold JSON: redacted in their strings, so that they stay JSON. */
const JSON_OUTPUTS = new Set(['results', 'elsewhere'])

/** Every output goes through `redact` once more, so no secret reaches the step's outputs. */
export function writeOutputs(outputs: Outputs, redact: (text: string) => string): void {
  for (const [name, value] of Object.entries(outputs)) {
    runner.setOutput(name, JSON_OUTPUTS.has(name) ? redactJson(value, redact) : redact(value))
  }
}
