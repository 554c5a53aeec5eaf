// `npm run demo`: the action end to end against the built-in CertCentral simulator, a dry run, a live batch, a
// leaked private key, and a revocation followed through until its alert may be resolved, printed as a person would
// read them. Exits 0 when the demo went as designed.
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ACTION_ENTRY, inputVariable, runAction } from '../simulator/runner.js'
import { serialFor } from '../simulator/account.js'
import { startSimulator } from '../simulator/server.js'

/**
 * @import { ActionResult } from '../simulator/runner.js'
 * @import { Simulator } from '../simulator/server.js'
 */

/** @param {string} text */
const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
/** @param {string} text */
const dim = (text) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text)

/**
 * The job summary as plain text: entities decoded, the HTML table laid out in columns.
 * @param {string} markdown
 * @returns {string}
 */
export function summaryAsText(markdown) {
  /** @param {string} text */
  const decode = (text) =>
    text
      .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
  /** @type {string[][]} the cells of the table being read, row by row */
  const rows = []
  const lines = []
  for (const line of markdown.split('\n')) {
    if (line.startsWith('<tr>')) {
      rows.push([...line.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((m) => decode(m[1])))
    } else if (line === '</table>') {
      const widths = rows[0].map((_, i) => Math.min(40, Math.max(...rows.map((r) => r[i].length))))
      for (const row of rows)
        lines.push(
          row
            .map((cell, i) => (cell.length > 40 ? `${cell.slice(0, 39)}…` : cell.padEnd(widths[i])))
            .join('  ')
            .trimEnd()
        )
      rows.length = 0
    } else if (line !== '<table>') {
      lines.push(decode(line.replace(/\*\*/g, '').replace(/^#+ /, '')))
    }
  }
  return lines.join('\n')
}

/**
 * Prints one run of the action: its inputs, log, the requests the simulator received, outputs, summary and exit code.
 * @param {string} title
 * @param {Record<string, string>} inputs
 * @param {ActionResult} result
 * @param {Simulator} simulator
 * @param {number} sentBefore  how many requests the simulator had received before the run
 */
function show(title, inputs, result, simulator, sentBefore) {
  console.log(`\n${bold(`── ${title} ──`)}`)
  console.log(dim('Inputs, as the runner passes them:'))
  for (const [name, value] of Object.entries(inputs)) {
    const shown = name === 'api-key' ? "*** (the simulator's admin key)" : value
    console.log(dim(`  ${inputVariable(name)}=${shown}`))
  }
  console.log(`\n${bold('Log:')}`)
  console.log(
    result.stdout
      .split('\n')
      .filter((l) => l && !l.startsWith('::add-mask::'))
      .map((l) => `  ${l.replace(/^::error::/, 'Error: ').replace(/%0A/g, '\n    ')}`)
      .join('\n')
  )
  console.log(`\n${bold('Requests the simulator received:')}`)
  const received = simulator.requests.slice(sentBefore)
  if (received.length === 0) console.log('  none')
  for (const r of received) console.log(`  ${r.method} ${r.path} → ${r.status}`)
  console.log(`\n${bold('Outputs:')}`)
  for (const [name, value] of Object.entries(result.outputs)) {
    const shown =
      name === 'results'
        ? `[\n${/** @type {unknown[]} */ (JSON.parse(value)).map((r) => `      ${JSON.stringify(r)}`).join(',\n')}\n    ]`
        : value
    console.log(`  ${name} = ${shown}`)
  }
  console.log(`\n${bold('Job summary:')}`)
  console.log(summaryAsText(result.summary).replace(/^/gm, '  '))
  console.log(`\n${bold('Exit code:')} ${result.exitCode}`)
}

/**
 * A tiny stand-in for GitHub's secret scanning alert API: `GET /repos/octo-org/certificates/secret-scanning/alerts/7`
 * (resolve-alert reads the alert before anything is revoked) answers the open alert; a `PATCH` of it answers 200
 * and is recorded; anything else is a 404.
 */
async function startFakeGithub() {
  /** @type {{ method: string, path: string, body: { resolution_comment?: string }, at: number }[]} */
  const patches = []
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => {
      const found = req.method === 'PATCH' && req.url === ALERT_PATH
      const read = req.method === 'GET' && req.url === ALERT_PATH
      if (found) patches.push({ method: req.method ?? '', path: req.url ?? '', body: JSON.parse(text || '{}'), at: performance.now() })
      res.writeHead(found || read ? 200 : 404, { 'Content-Type': 'application/json' })
      const body = found
        ? { number: 7, state: 'resolved', resolution: 'revoked' }
        : read
          ? { number: 7, state: 'open' }
          : { message: 'Not Found' }
      res.end(JSON.stringify(body))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return { url: `http://127.0.0.1:${address.port}`, patches, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) }
}

const ALERT_PATH = '/repos/octo-org/certificates/secret-scanning/alerts/7'

/**
 * Scene 4: a leak's alert is resolved only once the certificate is revoked. A first run files a revoke request that
 * awaits approval and leaves the alert open; a second run, waiting for revocation, finds the same request, sees an
 * administrator approve it, asks the CA by OCSP until it answers revoked, and only then resolves the alert.
 * @param {Simulator} simulator
 * @returns {Promise<string[]>} what did not go as designed
 */
async function followThroughScene(simulator) {
  simulator.account.addOrder({ id: 6201, certificates: [{ id: 1201, serialNumber: serialFor(1201), commonName: 'leak.example.test' }] })
  const github = await startFakeGithub()
  const problems = []
  // The CA's OCSP answer lags the revocation by a moment, as a real CA's does (by up to hours).
  const lag = simulator.ocspLagMs
  // Longer than the wait's first pause after the approval (2 s, growing): the first question after it hears "not yet".
  simulator.ocspLagMs = 8_000
  try {
    const inputs = {
      'api-key': simulator.keys.admin,
      'base-url': simulator.baseUrl,
      'certificate-id': '1201',
      comments: 'Demo: key leaked in INC-1234',
      'resolve-alert': 'true',
      'alert-number': '7',
      'github-token': 'ghs_demo_token_000000000000000000'
    }
    const env = { GITHUB_API_URL: github.url }
    /** @param {ActionResult} result  the action's log lines, as they were printed */
    const logLines = (result) => result.stdout.split('\n').filter((line) => line && !line.startsWith('::'))
    /** @param {ActionResult} result */
    const outcome = (result) =>
      `status=${result.outputs.status}  request-id=${result.outputs['request-id']}  alert-resolved=${result.outputs['alert-resolved']}  exit ${result.exitCode}`
    const patchLine = () =>
      github.patches.length === 0
        ? 'GitHub received no PATCH: the alert is untouched (resolve-alert only read it).'
        : github.patches.map((p) => `GitHub received PATCH ${p.path}: "${p.body.resolution_comment}"`).join('\n  ')

    console.log(`\n${bold('── 4. Following it through: the alert closes only once the CA says revoked ──')}`)
    console.log(bold('Run 1') + dim(' (resolve-alert: true, alert #7)'))
    const first = await runAction({ inputs, env })
    for (const line of logLines(first).filter((l) => /^certificate 1201|stays open/.test(l))) console.log(`  ${line}`)
    console.log(`  ${outcome(first)}`)
    console.log(`  ${patchLine()}`)
    const requestId = Number(first.outputs['request-id'])
    if (
      first.exitCode !== 0 ||
      first.outputs.status !== 'pending' ||
      first.outputs['alert-resolved'] !== 'false' ||
      github.patches.length !== 0
    ) {
      problems.push(
        `the first follow-through run ended ${first.exitCode} with status '${first.outputs.status}' and ${github.patches.length} PATCH(es)`
      )
    }

    // Run 2 finds the open request and watches it; once it has looked twice, an administrator approves it.
    const started = simulator.requests.length
    const revokesBefore = simulator.revokeRequests().length
    let running = true
    let approvedAt = 0
    const administrator = (async () => {
      while (
        running &&
        simulator.requests.slice(started).filter((r) => r.method === 'GET' && r.path === `/request/${requestId}`).length < 2
      ) {
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      if (!running) return
      simulator.account.approve(requestId)
      approvedAt = performance.now()
    })()
    console.log(bold('Run 2') + dim(' (the same inputs, plus wait-for: revocation; e.g. the next scheduled poll)'))
    const second = await runAction({ inputs: { ...inputs, 'wait-for': 'revocation', 'wait-timeout': '1' }, env })
    running = false
    await administrator
    let approvalShown = false
    for (const line of logLines(second).filter((l) => /^(certificate 1201|Waiting for|After waiting|Resolved)/.test(l))) {
      if (!approvalShown && approvedAt > 0 && !line.startsWith('Waiting for approval') && !line.startsWith('certificate 1201')) {
        console.log(bold(`  An administrator approves request ${requestId} in CertCentral.`))
        approvalShown = true
      }
      console.log(`  ${line.replace(/ since \d\d:\d\d:\d\d UTC/, '')}`)
    }
    console.log(`  ${outcome(second)}`)
    console.log(`  ${patchLine()}`)

    const ocsp = simulator.ocspRequests().filter((r) => r.at > (approvedAt || Infinity))
    const patchAt = github.patches[0]?.at ?? 0
    if (
      second.exitCode !== 0 ||
      second.outputs.status !== 'revoked' ||
      second.outputs['request-id'] !== String(requestId) ||
      second.outputs['alert-resolved'] !== 'true' ||
      simulator.revokeRequests().length !== revokesBefore ||
      approvedAt === 0 ||
      !second.stdout.includes('not yet revoked according to OCSP') ||
      ocsp.length < 2 ||
      github.patches.length !== 1 ||
      patchAt < Math.max(...ocsp.map((r) => r.at))
    ) {
      problems.push(
        `the second follow-through run ended ${second.exitCode} with status '${second.outputs.status}', request '${second.outputs['request-id']}', alert-resolved '${second.outputs['alert-resolved']}', ${ocsp.length} OCSP request(s) after the approval and ${github.patches.length} PATCH(es)`
      )
    }
  } finally {
    simulator.ocspLagMs = lag
    await github.close()
  }
  return problems
}

/**
 * Scene 5: the key is also elsewhere. A leaked key is on one certificate of the account, and Certificate
 * Transparency (the simulated crt.sh) knows three more: at an ACME CA, at another CA, and at another DigiCert
 * account. The action revokes the account's, revokes the ACME CA's with a request signed by the key (RFC 8555
 * §7.6) and waits until the CA's CRL says so, and reports the other two with whom to ask.
 * @param {Simulator} simulator
 * @returns {Promise<string[]>} what did not go as designed
 */
async function elsewhereScene(simulator) {
  const { startCtServer } = await import('../simulator/ct.js')
  const { startAcmeServer } = await import('../simulator/acme.js')
  const [ct, acme] = await Promise.all([startCtServer(), startAcmeServer()])
  const problems = []
  try {
    const leaked = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' }
    })
    simulator.account.addOrder({
      id: 6301,
      certificates: [{ id: 1301, serialNumber: serialFor(1301), commonName: 'everywhere.example.test', publicKey: leaked.publicKey }],
      approval: 'auto'
    })
    const inAccount = simulator.account.findCertificate('1301')
    if (inAccount) ct.add(simulator.account.certificatePem(inAccount))
    ct.add(acme.issue(leaked.publicKey, { commonName: 'everywhere.example.test' }))
    ct.add(acme.issue(leaked.publicKey, { ca: acme.otherCa, commonName: 'everywhere.example.test' }))
    ct.add(acme.issue(leaked.publicKey, { ca: acme.digicertCa, commonName: 'everywhere.example.test' }))
    const inputs = {
      'api-key': simulator.keys.admin,
      'base-url': simulator.baseUrl,
      'private-key': leaked.privateKey,
      'skip-approval': 'true',
      'ct-search-url': ct.url,
      'acme-revoke': 'true',
      'acme-directories': `Simulated ACME CA = ${acme.directoryUrl}`,
      'wait-for': 'revocation',
      'wait-timeout': '1'
    }
    const before = simulator.requests.length
    const result = await runAction({ inputs })
    show(
      '5. The key is also elsewhere: Certificate Transparency, ACME revocation signed by the key',
      { ...inputs, 'private-key': '(the leaked key)' },
      result,
      simulator,
      before
    )
    console.log(
      dim(
        `CT received ${ct.requests.length} requests; the ACME server ${acme.revokeRequests().length} revokeCert (${acme
          .revokeRequests()
          .map((r) => r.status)
          .join(', ')})`
      )
    )
    /** @type {{ where: string, status: string }[]} */
    const found = JSON.parse(result.outputs.elsewhere ?? '[]')
    const statuses = found
      .map((c) => `${c.where}:${c.status}`)
      .sort()
      .join(',')
    const expected = 'acme:revoked,digicert-other-account:to-report,other-ca:to-report'
    if (result.exitCode !== 0 || statuses !== expected) problems.push(`the elsewhere run ended ${result.exitCode} with '${statuses}'`)
  } finally {
    await Promise.all([ct.close(), acme.close()])
  }
  return problems
}

/** @returns {Promise<number>} the exit code: 0 when the demo went as designed */
async function main() {
  if (!existsSync(ACTION_ENTRY)) {
    console.error(`${ACTION_ENTRY} is missing: run npm run bundle first.`)
    return 1
  }
  const simulator = await startSimulator()
  console.log(bold('CertCentral simulator'), `listening at ${simulator.baseUrl}`)
  const certificate1002 = simulator.account.certificates.get(1002)
  if (!certificate1002) throw new Error('The demo account has no certificate 1002.')
  const serial1002 = certificate1002.serialNumber
  const targets = {
    'certificate-id': '1001, 1003',
    'serial-number': serial1002.toLowerCase().replace(/(..)(?!$)/g, '$1:'),
    'order-id': '5004'
  }
  const base = { 'api-key': simulator.keys.admin, 'base-url': simulator.baseUrl, ...targets }
  try {
    const dryInputs = { ...base, 'dry-run': 'true' }
    const dry = await runAction({ inputs: dryInputs })
    show('1. Dry run: validate and plan, send nothing', dryInputs, dry, simulator, 0)

    const before = simulator.requests.length
    const liveInputs = { ...base, 'revocation-reason': 'key-compromise', comments: 'Demo: key leaked in INC-1234' }
    const live = await runAction({ inputs: liveInputs })
    show('2. Live batch: pending, submitted, and one certificate CertCentral refuses', liveInputs, live, simulator, before)

    // A private key leaks; two certificates of the account carry it.
    const leaked = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' }
    })
    for (const id of [1101, 1102]) {
      simulator.account.addOrder({
        id: id + 5000,
        certificates: [{ id, serialNumber: serialFor(id), commonName: `leaky${id}.example.test`, publicKey: leaked.publicKey }]
      })
    }
    const keyFile = join(mkdtempSync(join(tmpdir(), 'demo-key-')), 'leaked.key')
    writeFileSync(keyFile, leaked.privateKey, { mode: 0o600 })
    const beforeKey = simulator.requests.length
    // CT is scene 5's: this scene looks in the account only.
    const keyInputs = { 'api-key': simulator.keys.admin, 'base-url': simulator.baseUrl, 'private-key': keyFile, 'ct-search': 'off' }
    const byKey = await runAction({ inputs: keyInputs })
    rmSync(dirname(keyFile), { recursive: true, force: true })
    show('3. A leaked private key: find every certificate that carries it, and revoke them', keyInputs, byKey, simulator, beforeKey)

    const followed = await followThroughScene(simulator)
    const elsewhere = await elsewhereScene(simulator)

    const expected = { dry: 'dry-run,dry-run,dry-run,dry-run', live: 'pending,failed,submitted,pending' }
    const problems = [...followed, ...elsewhere]
    if (dry.exitCode !== 0 || dry.outputs.status !== expected.dry || before !== 0)
      problems.push(`the dry run ended ${dry.exitCode} with status '${dry.outputs.status}' after ${before} requests`)
    if (live.exitCode !== 1 || live.outputs.status !== expected.live)
      problems.push(`the live run ended ${live.exitCode} with status '${live.outputs.status}'`)
    if (byKey.exitCode !== 0 || byKey.outputs['matched-certificates'] !== '1101,1102')
      problems.push(`the key run ended ${byKey.exitCode} matching '${byKey.outputs['matched-certificates']}'`)
    console.log()
    if (problems.length > 0) {
      console.log(bold(`The demo did not go as designed: ${problems.join('; ')}.`))
      return 1
    }
    // Says only what is true: a pending request is not a revocation.
    console.log(bold('The demo went as designed:'), 'the dry run sent nothing; in the live run CertCentral accepted one revocation,')
    console.log("two revoke requests await an administrator's approval (nothing revoked yet), and the certificate with a pending")
    console.log("reissue failed, with DigiCert's code and what to do next; the leaked key was found on certificates 1101 and 1102")
    console.log(`among the account's issued certificates, and each got a revoke request (status ${byKey.outputs.status}); the`)
    console.log("leak's alert stayed open while its revoke request awaited approval, and was resolved only once OCSP said")
    console.log('certificate 1201 was revoked. The last key was also found in Certificate Transparency: its certificate at an')
    console.log('ACME CA was revoked with a request signed by the key itself and proved revoked by the CRL; those at another')
    console.log('CA and at another DigiCert account were reported with whom to ask.')
    return 0
  } finally {
    await simulator.close()
  }
}

// Runs when executed (`npm run demo`); importing the module, for summaryAsText, runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main()
