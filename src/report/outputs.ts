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
}

/** `matchedCertificates`: the IDs the private key scan found, ascending; empty when no key was given. */
export function buildOutputs(results: RevocationResult[], alertResolved: boolean, matchedCertificates: string[] = []): Outputs {
  return {
    'request-id': results.map((r) => (r.requestId === null ? '' : String(r.requestId))).join(','),
    status: results.map((r) => r.status).join(','),
    results: JSON.stringify(results.map(resultJson)),
    'alert-resolved': String(alertResolved),
    'matched-certificates': matchedCertificates.join(',')
  }
}

/** Every output goes through `redact`, so no secret reaches the step's outputs. */
export function writeOutputs(outputs: Outputs, redact: (text: string) => string): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, redact(value))
  }
}
