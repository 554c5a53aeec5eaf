// `npm run bench`: how fast the action revokes at DigiCert's own rate limit, and how fast it starts.
// Prints one line per figure, with the numbers behind it. Talks only to the simulator on loopback.
import { execFileSync, spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Account, addBulkCertificates } from '../simulator/account.js'
import { startSimulator } from '../simulator/server.js'
import { ACTION_ENTRY, inputVariable, runAction } from '../simulator/runner.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const LATENCY_MS = 50
/** The node that runs the action: this one, or BENCH_NODE (`node scripts/node24.js` prints the path of a Node 24). */
const NODE = process.env.BENCH_NODE ? resolve(process.env.BENCH_NODE) : process.execPath
const FIRST_ID = 300000
const REPORT_RSS = new URL('./report-rss.js', import.meta.url).href

/** @typedef {'bare' | 'floor' | 'action'} StartCommand  what a cold start runs: node -e '', the floor bundle, the action */

/**
 * One live batch of `count` certificate IDs, at DigiCert's limits.
 * @param {number} count
 */
async function batch(count) {
  const simulator = await startSimulator({ latencyMs: LATENCY_MS })
  addBulkCertificates(simulator.account, count, FIRST_ID)
  const dir = mkdtempSync(join(tmpdir(), 'bench-'))
  const rssFile = join(dir, 'rss')
  try {
    const ids = Array.from({ length: count }, (_, i) => FIRST_ID + i).join(',')
    const result = await runAction({
      node: NODE,
      nodeArgs: ['--import', REPORT_RSS],
      env: { BENCH_RSS_FILE: rssFile },
      inputs: { 'api-key': simulator.keys.admin, 'base-url': simulator.baseUrl, 'certificate-id': ids, 'max-revocations': String(count) },
      timeoutMs: 300_000
    })
    const statuses = result.outputs.status?.split(',') ?? []
    const bound = scheduleBoundSeconds(count, 0, LATENCY_MS)
    return {
      seconds: result.seconds,
      bound,
      ratio: result.seconds / bound,
      served429: simulator.served429,
      pending: statuses.filter((s) => s === 'pending').length,
      exitCode: result.exitCode,
      peakRssMiB: Number(readFileSync(rssFile, 'utf8')) / 2 ** 20,
      peakInFlight: simulator.peakInFlight
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await simulator.close()
  }
}

/**
 * The fastest any client can make `count` requests under DigiCert's windows when the first `sequential` ones
 * must each wait for the previous answer (the order list before the downloads): in seconds, with latency.
 * @param {number} count
 * @param {number} sequential
 * @param {number} latencyMs
 */
function scheduleBoundSeconds(count, sequential, latencyMs) {
  /** @type {number[]} when each request may start, in ms */
  const starts = []
  for (let i = 0; i < count; i++) {
    const ready = i === 0 || sequential === 0 ? 0 : i <= sequential ? starts[i - 1] + latencyMs : starts[sequential - 1] + latencyMs
    starts.push(Math.max(ready, i >= 100 ? starts[i - 100] + 5000 : 0, i >= 1000 ? starts[i - 1000] + 180000 : 0))
  }
  return (starts[count - 1] + latencyMs) / 1000
}

/**
 * The key scan of an account of `count` certificates, two of which carry the leaked key: cold, then warm index.
 * @param {number} count
 */
async function scan(count) {
  const simulator = await startSimulator({ latencyMs: LATENCY_MS, account: new Account() })
  addBulkCertificates(simulator.account, count, FIRST_ID)
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
  for (const id of [FIRST_ID + 7, FIRST_ID + count - 3]) {
    const certificate = simulator.account.certificates.get(id)
    if (!certificate) throw new Error(`The bench account has no certificate ${id}.`)
    certificate.publicKey = key.publicKey
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'))
  const rssFile = join(dir, 'rss')
  const inputs = { 'api-key': simulator.keys.admin, 'base-url': simulator.baseUrl, 'private-key': key.privateKey, 'certificate-index': join(dir, 'index.json'), 'dry-run': 'true' }
  try {
    const runs = []
    for (const index of ['cold', 'warm']) {
      const before = simulator.requests.length
      const result = await runAction({ node: NODE, nodeArgs: ['--import', REPORT_RSS], env: { BENCH_RSS_FILE: rssFile }, inputs, timeoutMs: 900_000 })
      const requests = simulator.requests.length - before
      const pages = Math.ceil(count / 1000)
      runs.push({ index, seconds: result.seconds, requests, bound: scheduleBoundSeconds(requests, pages, LATENCY_MS), matches: result.outputs['matched-certificates'], served429: simulator.served429, peakRssMiB: Number(readFileSync(rssFile, 'utf8')) / 2 ** 20, exitCode: result.exitCode })
    }
    return runs
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await simulator.close()
  }
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * An ncc bundle that only imports @actions/core: the start-up floor the toolkit itself sets.
 * @param {string} dir
 */
function buildFloorBundle(dir) {
  const source = join(root, '.bench', 'floor.js')
  mkdirSync(join(root, '.bench'), { recursive: true })
  writeFileSync(source, "import * as core from '@actions/core'\ncore.info('')\n")
  execFileSync(join(root, 'node_modules/.bin/ncc'), ['build', source, '-o', dir, '--quiet'], { cwd: root, stdio: 'ignore' })
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n')
  return join(dir, 'index.js')
}

/**
 * Milliseconds for one run of `node …args` to exit.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function timeOnce(args, env) {
  const started = process.hrtime.bigint()
  const result = spawnSync(NODE, args, { env, stdio: 'ignore' })
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`)
  return Number(process.hrtime.bigint() - started) / 1e6
}

/**
 * Medians of `runs` paired cold starts: node alone, the floor bundle, and the action.
 * @param {number} runs
 */
function coldStart(runs) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'))
  try {
    const floor = buildFloorBundle(join(dir, 'floor'))
    for (const name of ['output', 'summary']) writeFileSync(join(dir, name), '')
    const env = {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      [inputVariable('api-key')]: 'bench-key-not-sent-anywhere',
      [inputVariable('certificate-id')]: '1001',
      [inputVariable('dry-run')]: 'true'
    }
    /** @type {Record<StartCommand, number[]>} */
    const samples = { bare: [], floor: [], action: [] }
    timeOnce([ACTION_ENTRY], env) // warm the file cache
    /** @type {Record<StartCommand, string[]>} */
    const commands = { bare: ['-e', ''], floor: [floor], action: [ACTION_ENTRY] }
    for (let i = 0; i < runs; i++) {
      // Paired runs, the order reversed every other time so that neither side gains from running after the other.
      /** @type {StartCommand[]} */
      const order = i % 2 === 0 ? ['bare', 'floor', 'action'] : ['action', 'floor', 'bare']
      for (const name of order) samples[name].push(timeOnce(commands[name], env))
    }
    return { bare: median(samples.bare), floor: median(samples.floor), action: median(samples.action) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** @type {(n: number, digits?: number) => string} */
const fmt = (n, digits = 2) => n.toFixed(digits)
/** @param {boolean} ok */
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target')

// `npm run bench` measures everything; `npm run bench -- batch`, `-- scan` or `-- cold` only that part.
async function main() {
  const only = process.argv[2]
  console.log(`node ${execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()}, ${LATENCY_MS} ms simulated latency, DigiCert's limits: 100 requests / 5 s, 1000 / 3 min`)
  for (const count of only && only !== 'batch' ? [] : [300, 1000]) {
    const r = await batch(count)
    console.log(
      `batch ${count}: ${fmt(r.seconds)} s wall, lower bound ${fmt(r.bound)} s, ratio ${fmt(r.ratio, 3)} (target <= 1.05, ${verdict(r.ratio <= 1.05 && r.served429 === 0)}); ` +
        `429 answers ${r.served429}; ${r.pending}/${count} pending; exit ${r.exitCode}; peak in flight ${r.peakInFlight}; ` +
        `peak RSS ${fmt(r.peakRssMiB, 1)} MiB` + (count === 1000 ? ` (target <= 100, ${verdict(r.peakRssMiB <= 100)})` : '')
    )
  }
  for (const count of only && only !== 'scan' ? [] : [2000]) {
    for (const r of await scan(count)) {
      console.log(
        `key scan of ${count} certificates, ${r.index} index (dry run): ${fmt(r.seconds)} s wall for ${r.requests} requests, lower bound ${fmt(r.bound)} s, ratio ${fmt(r.seconds / r.bound, 3)}; ` +
          `429 answers ${r.served429}; matched ${r.matches}; exit ${r.exitCode}; peak RSS ${fmt(r.peakRssMiB, 1)} MiB`
      )
    }
  }
  const RUNS = Number(process.env.BENCH_RUNS ?? 31)
  const cold = only && only !== 'cold' ? undefined : coldStart(RUNS)
  const ratio = cold ? cold.action / cold.floor : 0
  if (cold) console.log(
    `cold start (median of ${RUNS} paired runs): action dry run ${fmt(cold.action, 1)} ms = ${fmt(cold.action / cold.bare)}x node -e ''; ` +
      `floor (ncc bundle importing only @actions/core) ${fmt(cold.floor, 1)} ms = ${fmt(cold.floor / cold.bare)}x; node -e '' ${fmt(cold.bare, 1)} ms; ` +
      `action/floor ${fmt(ratio, 3)} (target <= 1.1, ${verdict(ratio <= 1.1)})`
  )
}

// Runs when executed (`npm run bench`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
