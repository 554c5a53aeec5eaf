// `npm run mutate`: StrykerJS on the unit suites. Stryker 10 needs Node >= 22, so it runs on this Node when it is
// new enough, else on the Node 24 that the project installs for the end-to-end tests (scripts/node24.js).
//
//   npm run mutate                          all of src/ in one run; extra arguments go to `stryker run`
//                                           (for example `--mutate 'src/report/advice.ts'`)
//   npm run mutate -- --by-folder [g ...]   one run per folder of src/ (or the named ones; `top` is the files
//                                           directly in src/), each with its own incremental file, then the table
//   npm run mutate -- --table               the table of the last --by-folder runs, without running anything
//
// The table is each module's score, the score of each folder and of the whole, and marks a module under 80 %.
//
// A full run of every folder takes hours on two cores, more than one sitting: each folder's results are kept in the
// repository (reports/incremental/<folder>.json.gz, with its run time), so that a fresh clone's next run re-tests only
// the mutants whose code or tests changed since, and `--table` shows every folder's last results.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { findNode24 } from './node24.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const GROUPS = ['github', 'revocation', 'report', 'inputs', 'leaked-key', 'certcentral', 'top', 'ca', 'ct', 'acme', 'beyond']
const groupsDir = join(root, 'reports', 'mutation', 'groups')
/** Stryker's incremental file of each folder (stryker.config.mjs), and beside it what the repository keeps of it. */
const incrementalDir = join(root, 'reports', 'incremental')
const kept = (/** @type {string} */ group) => join(incrementalDir, `${group}.json.gz`)
const secondsFile = (/** @type {string} */ group) => join(incrementalDir, `${group}.seconds`)

/**
 * A folder's incremental file, from what the repository keeps when there is none yet (a fresh clone).
 * @param {string} group
 */
function restore(group) {
  const file = join(incrementalDir, `${group}.json`)
  if (!existsSync(file) && existsSync(kept(group))) writeFileSync(file, gunzipSync(readFileSync(kept(group))))
}

/**
 * Keeps a folder's results for the repository: its incremental file, compressed, and its run time.
 * @param {string} group
 * @param {number} seconds
 */
function keep(group, seconds) {
  writeFileSync(kept(group), gzipSync(readFileSync(join(incrementalDir, `${group}.json`)), { level: 9 }))
  writeFileSync(secondsFile(group), `${seconds}\n`)
}
const MODULE_FLOOR = 80

/**
 * Runs Stryker once.
 * @param {string} node
 * @param {string[]} args
 * @param {string | undefined} group
 */
function stryker(node, args, group) {
  const bin = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js')
  // Each property test runs once per mutant that it reaches: 50 inputs each, not hundreds (__tests__/support/properties.ts).
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, PROPERTY_RUNS: process.env.PROPERTY_RUNS ?? '50' }
  if (group !== undefined) env.MUTATE_GROUP = group
  const started = Date.now()
  const result = spawnSync(node, [bin, 'run', ...args], { stdio: 'inherit', env, cwd: root })
  return { status: result.status ?? 1, seconds: Math.round((Date.now() - started) / 1000) }
}

/**
 * Stryker's counts for a list of mutants, and the score as Stryker computes it: killed or timed out, of all but
 * the ignored and those that could not run.
 * @param {{ status: string }[]} mutants
 */
export function tally(mutants) {
  /** @type {Record<string, number>} */
  const count = {}
  for (const mutant of mutants) count[mutant.status] = (count[mutant.status] ?? 0) + 1
  const detected = (count.Killed ?? 0) + (count.Timeout ?? 0)
  const valid = detected + (count.Survived ?? 0) + (count.NoCoverage ?? 0)
  return {
    mutants: mutants.length,
    killed: count.Killed ?? 0,
    timeout: count.Timeout ?? 0,
    survived: count.Survived ?? 0,
    noCoverage: count.NoCoverage ?? 0,
    ignored: count.Ignored ?? 0,
    score: valid === 0 ? 100 : (100 * detected) / valid
  }
}

/**
 * The table of every group's last JSON report, and whether every module and the whole meet the bar.
 * @param {number} bar
 */
function table(bar) {
  // Only what a finished run kept: a run stopped half-way leaves a partial incremental file behind.
  const groups = GROUPS.filter((group) => existsSync(kept(group)))
  if (groups.length === 0) return { text: 'No --by-folder run yet.', met: false }
  /** @type {[string, { status: string }[]][]} */
  const modules = []
  /** @type {Record<string, number>} */
  const seconds = {}
  for (const group of groups) {
    if (existsSync(secondsFile(group))) seconds[group] = Number(readFileSync(secondsFile(group), 'utf8'))
    const report = JSON.parse(gunzipSync(readFileSync(kept(group))).toString('utf8'))
    for (const [file, { mutants }] of Object.entries(report.files)) modules.push([file, mutants])
  }
  modules.sort(([a], [b]) => a.localeCompare(b))
  const rows = modules.map(([file, mutants]) => ({ file, ...tally(mutants) }))
  const all = tally(modules.flatMap(([, mutants]) => mutants))
  const line = (/** @type {string} */ name, /** @type {ReturnType<typeof tally>} */ t, mark = '') =>
    `| ${name} | ${t.mutants} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.ignored} | ${t.score.toFixed(1)} %${mark} |`
  const low = rows.filter((row) => row.score < MODULE_FLOOR)
  const text = [
    '| module | mutants | killed | timed out | survived | no coverage | ignored | score |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) => line(row.file, row, row.score < MODULE_FLOOR ? ` (under ${MODULE_FLOOR} %)` : '')),
    line('**all**', all),
    '',
    `Run time of each folder's last run: ${Object.entries(seconds)
      .map(([group, s]) => `${group} ${s} s`)
      .join(', ')}.`,
    `Score ${all.score.toFixed(1)} % (bar ${bar} %); ${low.length} module(s) under ${MODULE_FLOOR} %.`
  ].join('\n')
  return { text, met: all.score >= bar && low.length === 0 }
}

async function main() {
  const args = process.argv.slice(2)
  const { default: config } = await import(pathToFileURL(join(root, 'stryker.config.mjs')).href)
  const bar = config.thresholds.break
  if (args[0] === '--table') {
    const { text, met } = table(bar)
    console.log(text)
    return met ? 0 : 1
  }
  const found = Number(process.versions.node.split('.')[0]) >= 22 ? { path: process.execPath } : findNode24()
  if (!('path' in found)) {
    console.error(`Mutation testing needs Node >= 22: ${found.missing}.`)
    return 1
  }
  if (args[0] !== '--by-folder') return stryker(found.path, args, undefined).status
  mkdirSync(groupsDir, { recursive: true })
  mkdirSync(incrementalDir, { recursive: true })
  const chosen = args.length > 1 ? args.slice(1) : GROUPS
  const unknown = chosen.filter((group) => !GROUPS.includes(group))
  if (unknown.length > 0) {
    console.error(`No such group: ${unknown.join(', ')}. The groups: ${GROUPS.join(', ')}.`)
    return 1
  }
  const crashed = []
  for (const group of chosen) {
    console.log(`\n== ${group}`)
    restore(group)
    const { status, seconds } = stryker(found.path, [], group)
    // A folder's run does not break on its score, so a non-zero exit is Stryker failing: its old results stay.
    if (status !== 0) crashed.push(group)
    else keep(group, seconds)
  }
  const { text, met } = table(bar)
  console.log(`\n${text}`)
  if (crashed.length > 0)
    console.error(`Stryker failed for ${crashed.join(', ')}: the table shows their last finished run. See the log above.`)
  return met && crashed.length === 0 ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main())
