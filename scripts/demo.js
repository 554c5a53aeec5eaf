// `npm run demo`: the action end to end against the built-in CertCentral simulator, a dry run and then a
// live batch, printed as a person would read them. Exits 0 when the demo went as designed.
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
      for (const row of rows) lines.push(row.map((cell, i) => (cell.length > 40 ? `${cell.slice(0, 39)}…` : cell.padEnd(widths[i]))).join('  ').trimEnd())
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
    const shown = name === 'api-key' ? '*** (the simulator\'s admin key)' : value
    console.log(dim(`  ${inputVariable(name)}=${shown}`))
  }
  console.log(`\n${bold('Log:')}`)
  console.log(result.stdout.split('\n').filter((l) => l && !l.startsWith('::add-mask::')).map((l) => `  ${l.replace(/^::error::/, 'Error: ').replace(/%0A/g, '\n    ')}`).join('\n'))
  console.log(`\n${bold('Requests the simulator received:')}`)
  const received = simulator.requests.slice(sentBefore)
  if (received.length === 0) console.log('  none')
  for (const r of received) console.log(`  ${r.method} ${r.path} → ${r.status}`)
  console.log(`\n${bold('Outputs:')}`)
  for (const [name, value] of Object.entries(result.outputs)) {
    const shown = name === 'results' ? `[\n${/** @type {unknown[]} */ (JSON.parse(value)).map((r) => `      ${JSON.stringify(r)}`).join(',\n')}\n    ]` : value
    console.log(`  ${name} = ${shown}`)
  }
  console.log(`\n${bold('Job summary:')}`)
  console.log(summaryAsText(result.summary).replace(/^/gm, '  '))
  console.log(`\n${bold('Exit code:')} ${result.exitCode}`)
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
    const leaked = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    for (const id of [1101, 1102]) {
      simulator.account.addOrder({ id: id + 5000, certificates: [{ id, serialNumber: serialFor(id), commonName: `leaky${id}.example.test`, publicKey: leaked.publicKey }] })
    }
    const keyFile = join(mkdtempSync(join(tmpdir(), 'demo-key-')), 'leaked.key')
    writeFileSync(keyFile, leaked.privateKey, { mode: 0o600 })
    const beforeKey = simulator.requests.length
    const keyInputs = { 'api-key': simulator.keys.admin, 'base-url': simulator.baseUrl, 'private-key': keyFile }
    const byKey = await runAction({ inputs: keyInputs })
    rmSync(dirname(keyFile), { recursive: true, force: true })
    show('3. A leaked private key: find every certificate that carries it, and revoke them', keyInputs, byKey, simulator, beforeKey)

    const expected = { dry: 'dry-run,dry-run,dry-run,dry-run', live: 'pending,failed,submitted,pending' }
    const problems = []
    if (dry.exitCode !== 0 || dry.outputs.status !== expected.dry || before !== 0) problems.push(`the dry run ended ${dry.exitCode} with status '${dry.outputs.status}' after ${before} requests`)
    if (live.exitCode !== 1 || live.outputs.status !== expected.live) problems.push(`the live run ended ${live.exitCode} with status '${live.outputs.status}'`)
    if (byKey.exitCode !== 0 || byKey.outputs['matched-certificates'] !== '1101,1102') problems.push(`the key run ended ${byKey.exitCode} matching '${byKey.outputs['matched-certificates']}'`)
    console.log()
    if (problems.length > 0) {
      console.log(bold(`The demo did not go as designed: ${problems.join('; ')}.`))
      return 1
    }
    console.log(bold('The demo went as designed:'), 'the dry run sent nothing; the live run revoked three targets and failed')
    console.log('on the certificate with a pending reissue, with DigiCert\'s code and what to do next; the leaked key was')
    console.log('found on certificates 1101 and 1102 among the account\'s issued certificates, and both were revoked.')
    return 0
  } finally {
    await simulator.close()
  }
}

// Runs when executed (`npm run demo`); importing the module, for summaryAsText, runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main()
