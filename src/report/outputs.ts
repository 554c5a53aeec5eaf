/** The step's outputs, in target order, the same in every outcome. */
import * as core from '@actions/core'
import type { RevocationResult } from '../revocation/revoke.js'

export interface ResultJson {
  type: 'certificate' | 'order'
  id: string
  request_id: number | null
  status: string
  date: string | null
  error: { code: string | null; message: string; http_status: number | null } | null
  matched_by?: 'private-key'
}

export function resultJson(result: RevocationResult): ResultJson {
  return {
    type: result.target.type,
    id: result.target.id,
    request_id: result.requestId,
    status: result.status,
    date: result.date,
    error: result.error,
    ...(result.target.source === 'private-key' ? { matched_by: 'private-key' as const } : {})
  }
}

export interface Outputs {
  'request-id': string
  status: string
  results: string
  'alert-resolved': string
  'matched-certificates': string
  /** Certificates of the leaked key outside this account (report/elsewhere.ts). */
  elsewhere: string
}

/** GitHub keeps outputs of up to 1 MiB; every output stays below this many characters. */
export const OUTPUT_LIMIT = 1000 * 1024

/** Ever shorter error messages in `results`, until the JSON fits under OUTPUT_LIMIT. */
const MESSAGE_LENGTHS = [Infinity, 200, 80, 20, 0]

/**
 * `matchedCertificates`: the IDs the private key scan found, ascending; empty when no key was given. `redact`
 * removes every registered secret from each value before it is encoded.
 */
export function buildOutputs(
  results: RevocationResult[],
  alertResolved: boolean,
  matchedCertificates: string[] = [],
  redact: (text: string) => string = (text) => text
): Outputs {
  return {
    'request-id': results.map((r) => (r.requestId === null ? '' : String(r.requestId))).join(','),
    status: results.map((r) => r.status).join(','),
    results: resultsJson(results, redact),
    'alert-resolved': String(alertResolved),
    'matched-certificates': fitList(matchedCertificates),
    // Set by the run report when CT was searched (report/elsewhere.ts); an empty array otherwise.
    elsewhere: '[]'
  }
}

/**
 * The results as JSON, every text from outside (error code and message, date) redacted before it is encoded (JSON
 * escapes a `"` or `\` in a secret, which a search of the encoded text would miss), and the messages shortened as
 * far as needed to stay under the limit.
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
  for (const length of MESSAGE_LENGTHS) {
    const text = JSON.stringify(
      json.map((result) =>
        result.error && result.error.message.length > length
          ? { ...result, error: { ...result.error, message: `${result.error.message.slice(0, length)}…` } }
          : result
      )
    )
    if (text.length < OUTPUT_LIMIT) return text
  }
  // Only the IDs, statuses and request IDs are left; 5000 targets (max-revocations' ceiling) fit far below the limit.
  return JSON.stringify(
    json.map((result) => ({
      ...result,
      error: result.error && { ...result.error, code: result.error.code?.slice(0, 20) ?? null, message: '' }
    }))
  )
}

/** A comma-separated list of IDs, cut at the last whole ID under the limit (a scan of a hostile account may list more). */
function fitList(ids: string[]): string {
  const list = ids.join(',')
  return list.length < OUTPUT_LIMIT ? list : list.slice(0, list.lastIndexOf(',', OUTPUT_LIMIT - 1))
}

/** Every output goes through `redact` once more, so no secret reaches the step's outputs. */
export function writeOutputs(outputs: Outputs, redact: (text: string) => string): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, redact(value))
  }
}
