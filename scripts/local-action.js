// `npm run local-action [-- ENV_FILE]`: runs src/main.ts (its run()) under GitHub's @github/local-action, the
// debugger of GitHub's TypeScript action template, against the CertCentral simulator. Starts the simulator on the
// port of INPUT_BASE-URL in the env file (.env if there is one, else .env.example), runs
// `local-action run . src/main.ts ENV_FILE`, prints the requests the simulator received, the outputs and the job
// summary the action wrote, then stops the simulator. The action writes to the runner itself (src/runner.ts), not
// through @actions/core, which the tool stubs: it is given the output and summary files a runner would give it.
// Exits 1 when the action failed (it logged `::error::`), as its step would.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from '../simulator/runner.js'
import { startSimulator } from '../simulator/server.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const envFile = resolve(process.argv[2] ?? (existsSync(join(root, '.env')) ? join(root, '.env') : join(root, '.env.example')))
if (!existsSync(envFile)) {
  console.error(`${envFile} does not exist.`)
  process.exit(1)
}
const baseUrlLine = /^INPUT_BASE-URL=(.*)$/m.exec(readFileSync(envFile, 'utf8'))
const baseUrl = baseUrlLine && new URL(baseUrlLine[1].trim().replace(/^(['"])(.*)\1$/, '$2'))
if (!baseUrl || !['127.0.0.1', 'localhost'].includes(baseUrl.hostname) || !baseUrl.port) {
  console.error(`${envFile}: INPUT_BASE-URL must point at the simulator on loopback with a port, e.g. http://127.0.0.1:8089/services/v2.`)
  process.exit(1)
}

const simulator = await startSimulator({ port: Number(baseUrl.port), host: '127.0.0.1' })
console.log(`CertCentral simulator listening at ${simulator.baseUrl}; env file ${envFile}`)
const dir = mkdtempSync(join(tmpdir(), 'local-action-'))
const summary = join(dir, 'summary.md')
const output = join(dir, 'output')
writeFileSync(summary, '')
writeFileSync(output, '')

// The same as `npx local-action run . src/main.ts ENV_FILE`, without a shell: the package's own bin script.
const bin = join(root, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js')
const child = spawn(process.execPath, [bin, 'run', root, 'src/main.ts', envFile], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output }
})
// local-action exits 0 even when the action fails; its `::error::` line tells, as on a runner.
let log = ''
child.stdout.on('data', (chunk) => {
  log += chunk
  process.stdout.write(chunk)
})
const code = await new Promise((resolve) => child.once('close', (status, signal) => resolve(status ?? (signal ? 1 : 0))))
const failed = /^::error::/m.test(log)
const exitCode = code !== 0 ? code : failed ? 1 : 0

const requests = simulator.requests.map((r) => `  ${r.method} ${r.path} → ${r.status}`)
console.log(`\nRequests the simulator received:\n${requests.length > 0 ? requests.join('\n') : '  none'}`)
const outputs = Object.entries(parseOutputFile(readFileSync(output, 'utf8'))).map(([name, value]) => `  ${name}: ${value}`)
console.log(`\nOutputs:\n${outputs.length > 0 ? outputs.join('\n') : '  none'}`)
const written = readFileSync(summary, 'utf8')
console.log(`\nJob summary (${summary}):\n${written.trim() === '' ? '  none written' : written}`)
rmSync(dir, { recursive: true, force: true })
await simulator.close()
if (failed) console.log('The action failed (see ::error:: above).')
process.exitCode = exitCode
