// Runs the bundled action as the GitHub runner does: `node dist/index.js` with INPUT_* variables and the
// runner's files. Used by the demo, the end-to-end tests and the benchmark.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ACTION_ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url))

/**
 * The runner's name for an input: `INPUT_` + upper-cased name, hyphens kept.
 * @param {string} name
 */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Reads a GITHUB_OUTPUT file (`name<<delimiter` blocks, or `name=value` lines) into an object.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  // os.EOL ends each line: CRLF on Windows.
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i])
      outputs[name] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

/**
 * What a run of the action left: how it exited, its log, its outputs (parsed, and the file as written), its job
 * summary, and how long it took.
 * @typedef {object} ActionResult
 * @property {number | NodeJS.Signals | null} exitCode  the exit code, or the signal that ended it
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} outputs
 * @property {string} outputFile
 * @property {string} summary
 * @property {number} seconds
 */

/**
 * @param {object} options
 * @param {Record<string, string>} options.inputs  action inputs by name (`api-key`, `certificate-id`, …)
 * @param {Record<string, string>} [options.env]   more environment (GITHUB_API_URL, https_proxy, …)
 * @param {object} [options.event]                 the event payload, written to GITHUB_EVENT_PATH
 * @param {string} [options.node]                  the node binary (default: the one running this)
 * @param {string[]} [options.nodeArgs]           options for node before the script (`--import …`)
 * @param {number} [options.timeoutMs]             kill the action after this long (default 120 s)
 * @param {string} [options.entry]                 the script to run (default: dist/index.js)
 * @param {(child: import('node:child_process').ChildProcess) => void} [options.onSpawn]  told the running action
 *   (to send it a signal, as the runner does when a job is cancelled or times out)
 * @returns {Promise<ActionResult>}
 */
export async function runAction({
  inputs,
  env = {},
  event,
  node = process.execPath,
  nodeArgs = [],
  timeoutMs = 120_000,
  entry = ACTION_ENTRY,
  onSpawn
}) {
  const dir = mkdtempSync(join(tmpdir(), 'revoke-action-'))
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary'), event: join(dir, 'event.json') }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  writeFileSync(files.event, JSON.stringify(event ?? {}))
  /** @type {NodeJS.ProcessEnv} */
  const childEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'octo-org/certificates',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    ...env
  }
  for (const [name, value] of Object.entries(inputs)) childEnv[inputVariable(name)] = value
  const started = performance.now()
  const child = spawn(node, [...nodeArgs, entry], { env: childEnv, cwd: env.GITHUB_WORKSPACE ?? dir, stdio: ['ignore', 'pipe', 'pipe'] })
  onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  /** @type {number | NodeJS.Signals | null} */
  const exitCode = await new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve(code ?? signal))
  })
  clearTimeout(killer)
  const seconds = (performance.now() - started) / 1000
  const outputFile = readFileSync(files.output, 'utf8')
  const summary = readFileSync(files.summary, 'utf8')
  rmSync(dir, { recursive: true, force: true })
  return { exitCode, stdout, stderr, outputs: parseOutputFile(outputFile), outputFile, summary, seconds }
}
