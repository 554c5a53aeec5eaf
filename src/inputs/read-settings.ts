/**
 * Turns the action's inputs into one typed Settings object. Nothing else reads inputs. Every problem is
 * collected, so a user fixes them all in one go; InvalidInputs is thrown before any request is sent.
 */
import * as runner from '../runner.js'
import { statSync } from 'node:fs'
import type { RunContext } from '../context.js'
import { InputProblem, InvalidInputs } from '../errors.js'
import { PIECE_LENGTH, type Secrets } from '../secrets.js'
import { LIMITS, clean, cut } from '../untrusted.js'
import { readBeyondAccount } from './beyond-account.js'
import { parseCertificatePem } from './certificate-pem.js'
import { undeclaredInputs } from './declared.js'
import { describeFileError, readRegularFile } from './pem-or-file.js'
import { readPrivateKey } from './private-key.js'
import type { Settings } from './settings.js'
import {
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
  parseServiceUrl,
  parseWaitFor,
  parseMinutes,
  quote,
  resolveBaseUrl
} from './values.js'

/** The contract's defaults for the numeric inputs (action.yml says the same). */
const DEFAULTS = { maxRevocations: 100, maxAttempts: 5, requestTimeout: 30, waitTimeout: 30 }
/**
 * max-revocations' ceiling; the shortest API key, and github-token where the alert API is needed, accepted
 * (DigiCert's and GitHub's are far longer, and a short secret cannot be redacted safely).
 */
const CEILINGS = { maxRevocations: 5000, secretLength: 16, waitTimeout: 360 }

export function readSettings(context: RunContext, secrets: Secrets): Settings {
  const problems: string[] = []
  /**
   * The value read, or, when the input has a problem, nothing: the problem is kept, and readSettings throws with
   * every problem before any setting is used (the checks below treat nothing as false or absent).
   */
  function check<T>(read: () => T): T {
    try {
      return read()
    } catch (error) {
      if (!(error instanceof InputProblem)) throw error
      problems.push(error.message)
      return undefined as T
    }
  }
  // Trimmed, as the runner's own inputs are. Only a declared input is read (a test checks).
  const input = (name: string): string => runner.getInput(name)
  // Stryker disable next-line ArrayDeclaration: undeclaredInputs looks only at INPUT_ names, so any list without one is as empty.
  for (const { name, closest } of undeclaredInputs(context.inputVariables ?? [])) {
    problems.push(
      `'${clean(name, LIMITS.inputValue)}' is not an input of this action; did you mean ${closest}? The runner only warns about an unknown input, and a misspelt one must never change what a run does (dry_run: true would not be a dry run).`
    )
  }

  const apiKey = check(() => readApiKey(input('api-key'), secrets))
  const privateKey = check(() => readPrivateKey(input('private-key'), secrets))
  const alertNumber = check(() => parseAlertNumber('alert-number', input('alert-number')) ?? alertNumberFromEvent(context))
  const token = input('github-token')
  readToken(token, secrets)
  const settings: Settings = {
    apiKey,
    certificateIds: check(() => parseCertificateIds(input('certificate-id'))),
    serialNumbers: check(() => parseSerialNumbers(input('serial-number'))),
    pemCertificates: check(() => parseCertificatePem(input('certificate-pem'))),
    orderIds: check(() => parseOrderIds(input('order-id'))),
    comments: input('comments') || defaultComments(context),
    revocationReason: check(() => parseRevocationReason(input('revocation-reason'))),
    skipApproval: check(() => parseBoolean('skip-approval', input('skip-approval'), false)),
    dryRun: check(() => parseBoolean('dry-run', input('dry-run'), false)),
    baseUrl: check(() => resolveBaseUrl(input('base-url'), parseRegion(input('region')))),
    maxRevocations: check(() =>
      parseInteger('max-revocations', input('max-revocations'), DEFAULTS.maxRevocations, 1, CEILINGS.maxRevocations)
    ),
    maxAttempts: check(() => parseInteger('max-attempts', input('max-attempts'), DEFAULTS.maxAttempts, 1, 20)),
    waitFor: check(() => parseWaitFor(input('wait-for'))),
    waitTimeoutMs: 60_000 * check(() => parseMinutes('wait-timeout', input('wait-timeout'), DEFAULTS.waitTimeout, CEILINGS.waitTimeout)),
    requestTimeoutMs: 1000 * check(() => parseSeconds('request-timeout', input('request-timeout'), DEFAULTS.requestTimeout, 1, 600)),
    alert: {
      number: alertNumber,
      repository: check(() => parseAlertRepository(input('alert-repository'))) ?? context.repository,
      resolve: check(() => parseBoolean('resolve-alert', input('resolve-alert'), false)),
      token
    },
    keyScan: {
      key: privateKey,
      fromAlert: check(() => parseBoolean('key-from-alert', input('key-from-alert'), false)),
      indexPath: check(() => readIndexPath(input('certificate-index')))
    },
    beyond: readBeyondAccount(input, check)
  }

  const targetInputs = ['certificate-id', 'serial-number', 'certificate-pem', 'order-id', 'private-key']
  if (targetInputs.every((name) => input(name) === '') && !settings.keyScan.fromAlert) {
    problems.push(`No certificate to revoke: give at least one of ${targetInputs.join(', ')}, or key-from-alert.`)
  }
  if (settings.keyScan.fromAlert && input('private-key') !== '') {
    problems.push('key-from-alert: give either private-key or key-from-alert, not both.')
  }
  const alertInputs = [
    ['key-from-alert', settings.keyScan.fromAlert, 'read'],
    ['resolve-alert', settings.alert.resolve, 'write']
  ] as const
  const asked = alertInputs.filter(([, wanted]) => wanted)
  if (asked.length > 0 && context.githubApiUrl !== undefined) {
    settings.alert.apiUrl = check(() =>
      parseServiceUrl(
        'GITHUB_API_URL',
        context.githubApiUrl as string,
        'https://api.github.com',
        'the GitHub token is sent with every request'
      )
    )
  }
  for (const [name, , permission] of asked) {
    if (settings.alert.number === undefined) {
      problems.push(
        `${name}: no alert number is known. Set alert-number, or start the workflow with a repository_dispatch event whose client_payload has alert_number.`
      )
    }
    if (token === '') {
      problems.push(`github-token: empty, but ${name} needs a token with "Secret scanning alerts: ${permission}".`)
    } else if (token.length < CEILINGS.secretLength) {
      problems.push(
        `github-token: shorter than ${CEILINGS.secretLength} characters, so it is not a GitHub token, but ${name} needs one with "Secret scanning alerts: ${permission}".`
      )
    }
  }
  // Each cut, so that no value quoted whole (a file, a pasted blob) can swell the log or the summary.
  if (problems.length > 0) throw new InvalidInputs(problems.map((problem) => cut(problem, LIMITS.problem)))
  return settings
}

/** Masks the key before anything else can print it, and explains the usual reason for an empty one. */
function readApiKey(raw: string, secrets: Secrets): string {
  const apiKey = raw
  if (apiKey === '') {
    throw new InputProblem(
      "api-key: empty. If it comes from a secret, check the secret's name and the environment it lives in; secrets are not passed to workflows started from forks."
    )
  }
  // A key shorter than a piece of a secret is refused below, so never sent; redacting it would cut ordinary text.
  if (apiKey.length >= PIECE_LENGTH) secrets.register(apiKey)
  if (/[\x00-\x1f\x7f]/.test(apiKey)) {
    throw new InputProblem('api-key: contains a line break or control character; copy the key again from CertCentral.')
  }
  if (apiKey.length < CEILINGS.secretLength) {
    throw new InputProblem(
      `api-key: shorter than ${CEILINGS.secretLength} characters, so it is not a CertCentral API key; copy the key again from CertCentral (Automation > API Keys).`
    )
  }
  return apiKey
}

/** The certificate index's path: absent (a first run), or a regular file; a FIFO, a device or a folder is refused. */
function readIndexPath(raw: string): string | undefined {
  const path = raw
  if (path === '') return undefined
  let stats
  try {
    stats = statSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path
    throw new InputProblem(`certificate-index: ${quote(path)} cannot be used (${describeFileError(error)}).`)
  }
  if (!stats.isFile()) {
    throw new InputProblem(
      `certificate-index: ${quote(path)} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}; give the path of a JSON file (it is created on the first run).`
    )
  }
  return path
}

/**
 * The runner masks `github.token` and secrets already; a token pasted any other way is masked here too, unless it
 * is shorter than a piece of a secret: such a token is never sent (where the alert API is needed it is refused as
 * too short) and never printed, and redacting it would cut ordinary text (every `1` for `github-token: 1`).
 */
function readToken(token: string, secrets: Secrets): void {
  if (token.length >= PIECE_LENGTH) secrets.register(token)
}

/** `Revoked from <repo> by <run URL>`, so the CertCentral request points back at the run that sent it. */
export function defaultComments(context: RunContext): string {
  if (!context.repository) return 'Revoked by a GitHub Actions workflow.'
  return `Revoked from ${context.repository} by GitHub Actions: ${context.runUrl ?? context.repositoryUrl}`
}

/** The alert number of a repository_dispatch event: `client_payload.alert_number` or `client_payload.alert.number`. */
export function alertNumberFromEvent(context: RunContext): number | undefined {
  if (context.eventName !== 'repository_dispatch' || !context.eventPath) return undefined
  let event: unknown
  try {
    event = JSON.parse(readRegularFile(context.eventPath, MAX_EVENT_BYTES))
  } catch (error) {
    const why = error instanceof SyntaxError ? 'it is not JSON' : describeFileError(error)
    throw new InputProblem(`alert-number: the repository_dispatch event could not be read (${why}).`)
  }
  const payload = field(event, 'client_payload')
  const value = field(payload, 'alert_number') ?? field(field(payload, 'alert'), 'number')
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new InputProblem('client_payload.alert_number: not a secret scanning alert number (a positive whole number).')
  }
  return parseAlertNumber('client_payload.alert_number', String(value))
}

/** GitHub's event payloads are at most 25 MB. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024

/** A field of a JSON object, or undefined when `value` is not an object. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined
}
