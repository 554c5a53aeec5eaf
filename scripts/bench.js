// `npm run bench`: how fast the action revokes at DigiCert's own rate limit, and how fast it starts.
// Prints one line per figure, with the numbers behind it. Talks only to the simulator on loopback.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { addBulkCertificates } from '../simulator/account.js'
import { startSimulator } from '../simulator/server.js'
import { ACTION_ENTRY, inputVariable, runAction } from './runner.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const LATENCY_MS = 50
/** The node that runs the action: this one, or BENCH_NODE (node_modules/node24/bin/node for the runner's Node 24). */
const NODE = process.env.BENCH_NODE ? resolve(process.env.BENCH_NODE) : process.execPath
const FIRST_ID = 300000

/** The fastest any client can go: `limit` requests at once, then `limit` more each time a window `span` ends. */
function lowerBoundSeconds(count, latencyMs) {
  const waves = Math.ceil(count / 100)
  return (waves - 1) * 5 + latencyMs / 1000
}

async function batch(count) {
  const simulator = await startSimulator({ latencyMs: LATENCY_MS })
  addBulkCertificates(simulator.account, count, FIRST_ID)
  const dir = mkdtempSync(join(tmpdir(), 'bench-'))
  const rssFile = join(dir, 'rss')
  try {
    const ids = Array.from({ length: count }, (_, i) => FIRST_ID + i).join(',')
    const result = await runAction({
      node: NODE,
      nodeArgs: ['--import', join(root, 'scripts/report-rss.js')],
      env: { BENCH_RSS_FILE: rssFile },
      inputs: { 'api-key': simulator.keys.admin, 'base-url': simulator.baseUrl, 'certificate-id': ids, 'max-revocations': String(count) },
      timeoutMs: 300_000
    })
    const statuses = result.outputs.status?.split(',') ?? []
    const bound = lowerBoundSeconds(count, LATENCY_MS)
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** An ncc bundle that only imports @actions/core: the start-up floor the toolkit itself sets. */
function buildFloorBundle(dir) {
  const source = join(root, '.bench', 'floor.js')
  mkdirSync(join(root, '.bench'), { recursive: true })
  writeFileSync(source, "import * as core from '@actions/core'\ncore.info('')\n")
  execFileSync(join(root, 'node_modules/.bin/ncc'), ['build', source, '-o', dir, '--quiet'], { cwd: root, stdio: 'ignore' })
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n')
  return join(dir, 'index.js')
}

function timeOnce(args, env) {
  const started = process.hrtime.bigint()
  const result = spawnSync(NODE, args, { env, stdio: 'ignore' })
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`)
  return Number(process.hrtime.bigint() - started) / 1e6
}

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
    const samples = { bare: [], floor: [], action: [] }
    timeOnce([ACTION_ENTRY], env) // warm the file cache
    for (let i = 0; i < runs; i++) {
      samples.bare.push(timeOnce(['-e', ''], env))
      samples.floor.push(timeOnce([floor], env))
      samples.action.push(timeOnce([ACTION_ENTRY], env))
    }
    return { bare: median(samples.bare), floor: median(samples.floor), action: median(samples.action) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const fmt = (n, digits = 2) => n.toFixed(digits)
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target')

// `npm run bench` measures everything; `npm run bench -- batch` or `-- cold` only that part.
const only = process.argv[2]
console.log(`node ${execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()}, ${LATENCY_MS} ms simulated latency, DigiCert's limits: 100 requests / 5 s, 1000 / 3 min`)
for (const count of only && only !== 'batch' ? [] : [300, 1000]) {
  const r = await batch(count)
  console.log(
    `batch ${count}: ${fmt(r.seconds)} s wall, lower bound ${fmt(r.bound)} s, ratio ${fmt(r.ratio, 3)} (target <= 1.05, ${verdict(r.ratio <= 1.05 && r.served429 === 0)}); ` +
      `429 answers ${r.served429}; ${r.pending}/${count} pending; exit ${r.exitCode}; peak in flight ${r.peakInFlight}` +
      (count === 1000 ? `; peak RSS ${fmt(r.peakRssMiB, 1)} MiB (target <= 100, ${verdict(r.peakRssMiB <= 100)})` : '')
  )
}
const RUNS = 15
const cold = only && only !== 'cold' ? undefined : coldStart(RUNS)
const ratio = cold ? cold.action / cold.floor : 0
if (cold) console.log(
  `cold start (median of ${RUNS} paired runs): action dry run ${fmt(cold.action, 1)} ms = ${fmt(cold.action / cold.bare)}x node -e ''; ` +
    `floor (ncc bundle importing only @actions/core) ${fmt(cold.floor, 1)} ms = ${fmt(cold.floor / cold.bare)}x; node -e '' ${fmt(cold.bare, 1)} ms; ` +
    `action/floor ${fmt(ratio, 3)} (target <= 1.1, ${verdict(ratio <= 1.1)})`
)
