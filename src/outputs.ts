/** The step's outputs, in target order, the same in every outcome. */
import * as core from '@actions/core'
import type { Redactor } from './redact.js'
import type { RevocationResult } from './revoke.js'

export interface ResultJson {
  type: 'certificate' | 'order'
  id: string
  request_id: number | null
  status: string
  date: string | null
  error: { code: string | null; message: string; http_status: number | null } | null
}

export function resultJson(result: RevocationResult): ResultJson {
  return {
    type: result.target.type,
    id: result.target.id,
    request_id: result.requestId,
    status: result.status,
    date: result.date,
    error: result.error
  }
}

export interface Outputs {
  'request-id': string
  status: string
  results: string
  'alert-resolved': string
}

export function buildOutputs(results: RevocationResult[], alertResolved: boolean): Outputs {
  return {
    'request-id': results.map((r) => (r.requestId === null ? '' : String(r.requestId))).join(','),
    status: results.map((r) => r.status).join(','),
    results: JSON.stringify(results.map(resultJson)),
    'alert-resolved': String(alertResolved)
  }
}

export function writeOutputs(outputs: Outputs, redactor: Redactor): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, redactor.redact(value))
  }
}
