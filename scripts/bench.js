// `npm run bench`: how fast the action revokes at DigiCert's own rate limit, and how fast it starts.
// Prints one line per figure, with the numbers behind it. Talks only to the simulator on loopback.
import { execFileSync, spawnSync } from 'node:child_process'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Account, addBulkCertificates, serialFor } from '../simulator/account.js'
import { startSimulator } from '../simulator/server.js'
import { ACTION_ENTRY, inputVariable, runAction } from '../simulator/runner.js'
import { asciiOnly } from './ascii-dist.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const LATENCY_MS = 50
/** The node that runs the action: this one, or BENCH_NODE (`node scripts/node24.js` prints the path of a Node 24). */
const NODE = process.env.BENCH_NODE ? resolve(process.env.BENCH_NODE) : process.execPath
const FIRST_ID = 300000
const REPORT_RSS = new URL('./report-rss.js', import.meta.url).href

/**
 * @typedef {'bare' | 'floor' | 'writer' | 'action'} StartCommand  what a cold start runs: node -e '', the floor
 * bundle (the toolkit's), the writer bundle (an action that only writes one log line and one output), the action
 */

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
    // The run's requests: the listing of open revoke requests (one page on this fresh account; the contract asks
    // for it before the first revoke), then one revoke per certificate.
    const bound = scheduleBoundSeconds(count + 1, 1, LATENCY_MS)
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

/** Every tenth order has duplicates or reissues, in these shapes in turn: as many lists and extra certificates. */
const SCAN_SHAPES = [
  { duplicates: 1, reissues: 0 },
  { duplicates: 2, reissues: 0 },
  { duplicates: 3, reissues: 0 },
  { duplicates: 0, reissues: 1 },
  { duplicates: 1, reissues: 1 }
]
const FIRST_ORDER = 2_000_000
/** The extra certificates (duplicates, reissues) get IDs from here. */
const FIRST_EXTRA_ID = 900000

/**
 * The key scan's account: `orders` orders of one primary certificate each, of which every tenth (10 %) also has
 * duplicates or reissues (1 to 3 duplicates, 1 reissue, or 1 of each; SCAN_SHAPES in turn), every other duplicate
 * of those archived (listed only with show_archived=true); and every 25th order (4 %) waits for a reissue
 * (`reissue_pending`, its reissue `pending` with no certificate yet). The leaked key is on two primaries (one of an
 * order waiting for a reissue), on duplicates of two orders (one archived) and on one reissue; the other
 * certificates have keys of their own.
 * @param {Account} account
 * @param {number} orders
 * @param {import('node:crypto').KeyObject} leaked  the leaked key's public key
 */
function scanAccount(account, orders, leaked) {
  /** @type {number[]} */
  const carriers = []
  /** @type {(id: number, kind?: 'duplicate' | 'reissue', key?: boolean, more?: Partial<import('../simulator/account.js').NewCertificate>) => import('../simulator/account.js').NewCertificate} */
  const certificate = (id, kind, key = false, more = {}) => {
    if (key) carriers.push(id)
    return {
      id,
      serialNumber: serialFor(id),
      commonName: `host${id}.scan.example.test`,
      ...(kind ? { kind } : {}),
      ...(key ? { publicKey: leaked } : {}),
      ...more
    }
  }
  let nextExtra = FIRST_EXTRA_ID
  let lists = 0
  let archived = 0
  let reissuePending = 0
  for (let k = 0; k < orders; k++) {
    const waiting = k % 25 === 7
    const certificates = [certificate(FIRST_ID + k, undefined, k === 7 || k === orders - 3, waiting ? { pendingReissue: true } : {})]
    if (k % 10 === 5) {
      // The j-th order with more certificates: the 2nd one's second duplicate (archived), the 4th one's reissue and
      // the 8th one's third duplicate carry the key.
      const j = (k - 5) / 10
      const shape = SCAN_SHAPES[j % SCAN_SHAPES.length]
      for (let d = 0; d < shape.duplicates; d++) {
        const hidden = (j + d) % 2 === 0
        archived += hidden ? 1 : 0
        certificates.push(
          certificate(nextExtra++, 'duplicate', (j === 1 && d === 1) || (j === 7 && d === 2), hidden ? { archived: true } : {})
        )
      }
      for (let r = 0; r < shape.reissues; r++) certificates.push(certificate(nextExtra++, 'reissue', j === 3))
      lists += (shape.duplicates > 0 ? 1 : 0) + (shape.reissues > 0 ? 1 : 0)
    }
    if (waiting) {
      // The reissue it waits for: listed `pending`, no certificate to download.
      certificates.push(certificate(nextExtra++, 'reissue', false, { status: 'pending' }))
      lists++
      reissuePending++
    }
    account.addOrder({ id: FIRST_ORDER + k, certificates })
  }
  const issued = [...account.certificates.values()].filter((c) => c.status !== 'pending').length
  return { carriers: carriers.sort((a, b) => a - b), certificates: issued, lists, archived, reissuePending }
}

/**
 * Issues every certificate of the account now, before the action runs. The simulator issues a certificate (a new
 * key, a signature) on its first download or list, synchronously: done during the scan, that holds its event loop
 * for milliseconds per certificate, so the requests queued behind it are stamped late and the next window's,
 * stamped on time, seem to overlap them, drawing 429s that DigiCert, which counts at its edge, would not send.
 * @param {Account} account
 */
function issueAll(account) {
  for (const certificate of account.certificates.values()) if (certificate.status !== 'pending') account.certificatePem(certificate)
}

/**
 * The key scan of an account of `orders` orders (scanAccount), as dry runs: cold (no index), warm (the index of
 * the cold run, nothing changed), then warm after a new duplicate that carries the key was added to an old order.
 * Counts only CertCentral's requests (the CA's OCSP answers are not rate-limited).
 * @param {number} orders
 */
async function scan(orders) {
  const simulator = await startSimulator({ latencyMs: LATENCY_MS, account: new Account() })
  const key = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' }
  })
  const leaked = createPublicKey(key.publicKey)
  const account = scanAccount(simulator.account, orders, leaked)
  issueAll(simulator.account)
  const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'))
  const rssFile = join(dir, 'rss')
  const inputs = {
    'api-key': simulator.keys.admin,
    'base-url': simulator.baseUrl,
    'private-key': key.privateKey,
    'certificate-index': join(dir, 'index.json'),
    'dry-run': 'true',
    'ct-search': 'off' // the CT search has its own figure (ctSearch)
  }
  const pages = Math.ceil(orders / 1000)
  try {
    const runs = []
    for (const index of /** @type {const} */ (['cold', 'warm', 'warm + 1 new duplicate'])) {
      if (index === 'warm + 1 new duplicate') {
        const id = FIRST_EXTRA_ID + 500_000
        const order = simulator.account.orders.get(FIRST_ORDER)
        if (!order) throw new Error('The bench account has no first order.')
        order.certificateIds.push(id)
        const now = Date.now()
        simulator.account.certificates.set(id, {
          id,
          serialNumber: serialFor(id),
          commonName: 'new.scan.example.test',
          kind: 'duplicate',
          status: 'issued',
          orderId: order.id,
          publicKey: leaked,
          notBefore: new Date(now - 86400_000),
          days: 397
        })
        account.carriers.push(id)
        issueAll(simulator.account)
      }
      // Each run is a later scheduled poll, not one straight after the last: DigiCert's windows start empty (the
      // action's limiter, new in each process, cannot know what an earlier run sent).
      simulator.arrivals.clear()
      const before = simulator.requests.length
      const served429 = simulator.served429
      const result = await runAction({
        node: NODE,
        nodeArgs: ['--import', REPORT_RSS],
        env: { BENCH_RSS_FILE: rssFile },
        inputs,
        timeoutMs: 900_000
      })
      const received = simulator.requests.slice(before).filter((r) => r.path.startsWith('/') && !/^\/(ocsp|crl\/|ca\.)/.test(r.path))
      const kinds = { pages: 0, lists: 0, downloads: 0 }
      for (const r of received) {
        if (r.path === '/order/certificate') kinds.pages++
        else if (/^\/order\/certificate\/[0-9]+\/(duplicate|reissue)$/.test(r.path)) kinds.lists++
        else if (r.path.endsWith('/download/format/pem_all')) kinds.downloads++
      }
      const requests = received.length
      const bound = scheduleBoundSeconds(requests, pages, LATENCY_MS)
      runs.push({
        index,
        seconds: result.seconds,
        requests,
        kinds,
        bound,
        ratio: result.seconds / bound,
        matched: result.outputs['matched-certificates'] ?? '',
        expected: account.carriers.join(','),
        served429: simulator.served429 - served429,
        peakRssMiB: Number(readFileSync(rssFile, 'utf8')) / 2 ** 20,
        exitCode: result.exitCode
      })
    }
    return {
      orders,
      certificates: account.certificates,
      withMore: Math.floor((orders + 4) / 10),
      lists: account.lists,
      archived: account.archived,
      reissuePending: account.reissuePending,
      runs
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await simulator.close()
  }
}

/** The CA's paths on the simulator: not CertCentral's, so not counted against its limits. */
const CA_PATH = /^\/(ocsp|crl\/|ca\.)/

/**
 * Waiting at its worst (`wait-for: revocation`, approval skipped, so every target waits for its CA at once):
 * `targets` serial numbers whose every lookup fails (503, each retried), or, with `silentCa`, certificate IDs
 * whose CA never answers (OCSP and CRL hang for the whole request-timeout). Measures the CertCentral requests
 * per second from the last revoke request to the end of the run, and the overrun of that time past wait-timeout.
 * @param {{ targets: number, waitMinutes: number, requestTimeout: number, silentCa: boolean }} scenario
 */
async function waiting({ targets, waitMinutes, requestTimeout, silentCa }) {
  const simulator = await startSimulator({ latencyMs: LATENCY_MS })
  addBulkCertificates(simulator.account, targets, FIRST_ID)
  issueAll(simulator.account)
  if (silentCa) simulator.inject({ path: CA_PATH, times: Infinity }, { hang: true })
  else
    simulator.inject({ method: 'GET', path: /^\/order\/certificate$/, times: Infinity }, (/** @type {{ query: string }} */ request) =>
      request.query.includes('filters[serial_number]')
        ? { status: 503, body: { errors: [{ code: 'unavailable', message: 'Maintenance.' }] } }
        : {}
    )
  const ids = Array.from({ length: targets }, (_, i) => FIRST_ID + i)
  try {
    const result = await runAction({
      node: NODE,
      inputs: {
        'api-key': simulator.keys.admin,
        'base-url': simulator.baseUrl,
        [silentCa ? 'certificate-id' : 'serial-number']: ids.map((id) => (silentCa ? String(id) : serialFor(id))).join(','),
        'skip-approval': 'true',
        'wait-for': 'revocation',
        'wait-timeout': String(waitMinutes),
        'request-timeout': String(requestTimeout)
      },
      timeoutMs: 900_000
    })
    const ended = performance.now()
    const lastRevoke = simulator.requests.findLastIndex((r) => r.method === 'PUT')
    const since = simulator.requests[lastRevoke].at
    const asked = simulator.requests.slice(lastRevoke + 1).filter((r) => !CA_PATH.test(r.path))
    const seconds = (ended - since) / 1000
    return {
      requests: asked.length,
      seconds,
      perSecond: asked.length / seconds,
      overrun: seconds - waitMinutes * 60,
      statuses: new Set(result.outputs.status?.split(',') ?? []),
      exitCode: result.exitCode
    }
  } finally {
    await simulator.close()
  }
}

/**
 * The CT search of a key found on `count` certificates outside the account (and on one in it), as a dry run
 * against the simulated crt.sh: its time and requests against the bound that one request a second sets (the
 * search and each download, the first at once). The CA of each certificate is asked too (not paced).
 * @param {number} count
 */
async function ctSearch(count) {
  const { startCtServer } = await import('../simulator/ct.js')
  const { startAcmeServer } = await import('../simulator/acme.js')
  const [simulator, ct, acme] = await Promise.all([startSimulator({ latencyMs: LATENCY_MS }), startCtServer(), startAcmeServer()])
  ct.slowMs = LATENCY_MS
  const key = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' }
  })
  const leaked = createPublicKey(key.publicKey)
  simulator.account.addOrder({
    id: 990001,
    certificates: [{ id: 990001, serialNumber: serialFor(990001), commonName: 'ct.bench.example.test', publicKey: leaked }]
  })
  for (let i = 0; i < count; i++)
    ct.add(acme.issue(leaked, { ca: i % 2 === 0 ? acme.otherCa : acme.acmeCa, serialNumber: (0x7000 + i).toString(16) }))
  try {
    const result = await runAction({
      node: NODE,
      inputs: {
        'api-key': simulator.keys.admin,
        'base-url': simulator.baseUrl,
        'private-key': key.privateKey,
        'dry-run': 'true',
        'ct-search-url': ct.url
      },
      timeoutMs: 900_000
    })
    const requests = ct.requests.length
    const bound = (requests - 1) * 1 + (requests * LATENCY_MS) / 1000
    const found = JSON.parse(result.outputs.elsewhere ?? '[]').length
    return { count, seconds: result.seconds, requests, bound, found, exitCode: result.exitCode }
  } finally {
    await Promise.all([simulator.close(), ct.close(), acme.close()])
  }
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The two bundles the action is measured against. */
const FLOORS = {
  // What an action built on the toolkit starts at: @actions/core's entry point (with its OIDC client, so
  // @actions/http-client and undici). The action no longer imports it (src/runner.ts says why).
  floor: "import * as core from '@actions/core'\ncore.info('')\n",
  // An action that does nothing but write, as the action's dry run does: one log line and one output. What the
  // action's start costs above it is its own code: reading the inputs, the plan, the outputs and the summary.
  writer: "import { appendFileSync } from 'node:fs'\nprocess.stdout.write('\\n')\nappendFileSync(process.env.GITHUB_OUTPUT, 'a=b\\n')\n"
}

/**
 * An ncc bundle of `FLOORS[name]`, built as `npm run bundle` builds the action (the same target, every file ASCII),
 * so that a ratio is what the action's own code adds, not a difference of build.
 * @param {keyof typeof FLOORS} name
 * @param {string} dir
 */
function buildFloorBundle(name, dir) {
  const source = join(root, '.bench', `${name}.js`)
  mkdirSync(join(root, '.bench'), { recursive: true })
  writeFileSync(source, FLOORS[name])
  execFileSync(join(root, 'node_modules/.bin/ncc'), ['build', source, '-o', dir, '--quiet', '--target', 'es2022'], {
    cwd: root,
    stdio: 'ignore'
  })
  for (const file of readdirSync(dir).filter((entry) => entry.endsWith('.js')))
    writeFileSync(join(dir, file), asciiOnly(readFileSync(join(dir, file), 'utf8'), file))
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
 * Medians of `runs` paired cold starts: node alone, the two floor bundles, and the action.
 * @param {number} runs
 */
function coldStart(runs) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'))
  try {
    const floor = buildFloorBundle('floor', join(dir, 'floor'))
    const writer = buildFloorBundle('writer', join(dir, 'writer'))
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
    const samples = { bare: [], floor: [], writer: [], action: [] }
    timeOnce([ACTION_ENTRY], env) // warm the file cache
    /** @type {Record<StartCommand, string[]>} */
    const commands = { bare: ['-e', ''], floor: [floor], writer: [writer], action: [ACTION_ENTRY] }
    for (let i = 0; i < runs; i++) {
      // Paired runs, the order reversed every other time so that neither side gains from running after the other.
      /** @type {StartCommand[]} */
      const order = i % 2 === 0 ? ['bare', 'floor', 'writer', 'action'] : ['action', 'writer', 'floor', 'bare']
      for (const name of order) samples[name].push(timeOnce(commands[name], env))
    }
    return { bare: median(samples.bare), floor: median(samples.floor), writer: median(samples.writer), action: median(samples.action) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** @type {(n: number, digits?: number) => string} */
const fmt = (n, digits = 2) => n.toFixed(digits)
/** @param {boolean} ok */
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target')

// `npm run bench` measures everything; `npm run bench -- batch`, `-- scan`, `-- wait`, `-- ct` or `-- cold` only that part;
// `npm run bench -- scan 200` (or BENCH_SCAN_ORDERS=200) scans an account of 200 orders instead of 2000.
async function main() {
  const only = process.argv[2]
  console.log(
    `node ${execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()}, ${LATENCY_MS} ms simulated latency, DigiCert's limits: 100 requests / 5 s, 1000 / 3 min`
  )
  for (const count of only && only !== 'batch' ? [] : [300, 1000]) {
    const r = await batch(count)
    console.log(
      `batch ${count}: ${fmt(r.seconds)} s wall, lower bound ${fmt(r.bound)} s, ratio ${fmt(r.ratio, 3)} (target <= 1.05, ${verdict(r.ratio <= 1.05 && r.served429 === 0)}); ` +
        `429 answers ${r.served429}; ${r.pending}/${count} pending; exit ${r.exitCode}; peak in flight ${r.peakInFlight}; ` +
        `peak RSS ${fmt(r.peakRssMiB, 1)} MiB` +
        (count === 1000 ? ` (target <= 100, ${verdict(r.peakRssMiB <= 100)})` : '')
    )
  }
  const scanOrders = Number(process.argv[3] ?? process.env.BENCH_SCAN_ORDERS ?? 2000)
  if (!Number.isInteger(scanOrders) || scanOrders < 10)
    throw new Error(`The scan bench takes a number of orders of 10 or more, not ${process.argv[3] ?? process.env.BENCH_SCAN_ORDERS}.`)
  for (const orders of only && only !== 'scan' ? [] : [scanOrders]) {
    const s = await scan(orders)
    console.log(
      `key scan account: ${s.orders} orders, ${s.withMore} of them (10 %) with duplicates or reissues (1-3 duplicates, 1 reissue, or 1 of each; ${s.archived} duplicates archived), ` +
        `${s.reissuePending} waiting for a reissue (reissue_pending, a pending reissue each); ${s.certificates} certificates; ` +
        `the key on ${s.runs[0].expected.split(',').length} (primaries, one waiting for a reissue, duplicates, one archived, a reissue)`
    )
    for (const r of s.runs) {
      const found =
        r.matched === r.expected
          ? `all ${r.expected.split(',').length} carriers found`
          : `MISSED carriers: matched ${r.matched}, expected ${r.expected}`
      const timing =
        r.index === 'cold'
          ? `lower bound ${fmt(r.bound)} s for ${r.requests} requests, ratio ${fmt(r.ratio, 3)} (target <= 1.05 and zero 429, ${verdict(r.ratio <= 1.05 && r.served429 === 0)})`
          : `lower bound ${fmt(r.bound)} s`
      console.log(
        `key scan, ${r.index} index (dry run): ${r.requests} CertCentral requests (${r.kinds.pages} listing pages, ${r.kinds.lists} duplicate/reissue lists, ${r.kinds.downloads} downloads); ` +
          `${fmt(r.seconds)} s wall, ${timing}; 429 answers ${r.served429}; ${found}; exit ${r.exitCode}; ` +
          `peak RSS ${fmt(r.peakRssMiB, 1)} MiB (target < 100, ${verdict(r.peakRssMiB < 100)})`
      )
    }
  }
  for (const scenario of only && only !== 'wait'
    ? []
    : [
        { targets: 30, waitMinutes: 0.5, requestTimeout: 30, silentCa: false },
        { targets: 30, waitMinutes: 0.05, requestTimeout: 30, silentCa: true }
      ]) {
    const w = await waiting(scenario)
    const what = scenario.silentCa ? 'certificates whose CA never answers' : 'serial numbers whose every lookup fails (503)'
    const rateOk = w.perSecond <= 1
    const overrunOk = w.overrun <= scenario.requestTimeout
    console.log(
      `waiting (wait-for: revocation), ${scenario.targets} ${what}, wait-timeout ${scenario.waitMinutes * 60} s, request-timeout ${scenario.requestTimeout} s: ` +
        `${w.requests} CertCentral requests in ${fmt(w.seconds)} s after the last revoke request = ${fmt(w.perSecond, 3)} per second (target <= 1, ${verdict(rateOk)}); ` +
        `overrun past wait-timeout ${fmt(w.overrun)} s (target <= ${scenario.requestTimeout}, ${verdict(overrunOk)}); statuses ${[...w.statuses].join('/')}; exit ${w.exitCode}`
    )
  }
  for (const count of only && only !== 'ct' ? [] : [50]) {
    const c = await ctSearch(count)
    console.log(
      `CT search (dry run): the key on ${c.count} certificates in CT and 1 in the account; ${c.requests} CT requests (1 search, ${c.requests - 1} downloads), ` +
        `${fmt(c.seconds)} s wall against ${fmt(c.bound)} s for one request a second plus latency, ratio ${fmt(c.seconds / c.bound, 3)}; ` +
        `${c.found} certificates reported outside the account; exit ${c.exitCode}`
    )
  }
  const RUNS = Number(process.env.BENCH_RUNS ?? 31)
  const cold = only && only !== 'cold' ? undefined : coldStart(RUNS)
  const ratio = cold ? cold.action / cold.floor : 0
  if (cold)
    console.log(
      `cold start (median of ${RUNS} paired runs): action dry run ${fmt(cold.action, 1)} ms = ${fmt(cold.action / cold.bare)}x node -e ''; ` +
        `floor (ncc bundle importing only @actions/core, built as the action) ${fmt(cold.floor, 1)} ms = ${fmt(cold.floor / cold.bare)}x; node -e '' ${fmt(cold.bare, 1)} ms; ` +
        `action/floor ${fmt(ratio, 3)} (target <= 1.05, ${verdict(ratio <= 1.05)}); ` +
        `the action's own code: ${fmt(cold.action - cold.writer, 1)} ms above a bundle that only writes a log line and an output (${fmt(cold.writer, 1)} ms), ` +
        `action/writer ${fmt(cold.action / cold.writer, 3)}`
    )
}

// Runs when executed (`npm run bench`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
