// `npm run screenshot`: the job summary of the demo's leaked-key scene as a person sees it on GitHub, written to
// docs/job-summary.png. It runs the bundled action against the simulator as the demo does (a private key that two
// certificates of the account carry), renders the summary's Markdown with a GFM renderer (marked, as GitHub renders
// job summaries: GitHub Flavored Markdown with its HTML), styles it like GitHub's page, and photographs it with
// headless Chromium through the DevTools protocol on a pipe (no port, no extra package).
//
// Needs dist/ (npm run bundle) and Chromium: `apt-get install chromium` on Debian, or CHROMIUM=/path/to/chrome.
// Not part of npm test.
import { spawn } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { marked } from 'marked'
import { serialFor } from '../simulator/account.js'
import { startCtServer } from '../simulator/ct.js'
import { ACTION_ENTRY, runAction } from '../simulator/runner.js'
import { startSimulator } from '../simulator/server.js'

const OUTPUT = fileURLToPath(new URL('../docs/job-summary.png', import.meta.url))
const WIDTH = 880

/** Chromium: CHROMIUM, else the first of the usual names on PATH. */
function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return join(dir, name)
      } catch {
        // not here
      }
    }
  }
  return null
}

/** The summary of the demo's third scene: a leaked key that certificates 1101 and 1102 carry, both revoked. */
async function leakedKeySummary() {
  const simulator = await startSimulator()
  const folder = mkdtempSync(join(tmpdir(), 'screenshot-key-'))
  try {
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
    const keyFile = join(folder, 'leaked.key')
    writeFileSync(keyFile, leaked.privateKey, { mode: 0o600 })
    // Certificate Transparency is searched too, on loopback: the simulated crt.sh lists the key nowhere else.
    const ct = await startCtServer()
    const inputs = { 'api-key': simulator.keys.admin, 'base-url': simulator.baseUrl, 'private-key': keyFile, 'ct-search-url': ct.url }
    const result = await runAction({ inputs }).finally(() => ct.close())
    if (result.exitCode !== 0) throw new Error(`the leaked-key run ended ${result.exitCode}:\n${result.stdout}${result.stderr}`)
    return result.summary
  } finally {
    rmSync(folder, { recursive: true, force: true })
    await simulator.close()
  }
}

/**
 * The summary as GitHub shows it: the job's name above it, GitHub's fonts, tables and code.
 * @param {string} markdown
 */
function page(markdown) {
  const body = marked.parse(markdown, { gfm: true, async: false })
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #f6f8fa; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
  .card { margin: 16px; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .title { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-weight: 600; font-size: 14px; }
  .markdown-body { padding: 8px 24px 16px; }
  h1, h2, h3 { font-weight: 600; margin: 16px 0 8px; line-height: 1.25; }
  h1 { font-size: 2em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; } h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; } h3 { font-size: 1.25em; }
  p, ul, ol, table { margin: 0 0 16px; }
  table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
  th, td { padding: 6px 13px; border: 1px solid #d1d9e0; } th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
  code { font: 85% ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; background: rgba(129,139,152,.12); padding: .2em .4em; border-radius: 6px; }
  a { color: #0969da; text-decoration: none; }
</style></head><body><div class="card"><div class="title">Revoke by leaked private key summary</div><div class="markdown-body">${body}</div></div></body></html>`
}

/**
 * Photographs an HTML file with headless Chromium: the whole page at WIDTH CSS pixels, at twice the density.
 * @param {string} chromium
 * @param {string} htmlFile
 * @returns {Promise<Buffer>}
 */
async function photograph(chromium, htmlFile) {
  const profile = mkdtempSync(join(tmpdir(), 'screenshot-profile-'))
  // fd 3 carries our commands to Chromium, fd 4 its answers, each message ending with a NUL byte.
  const browser = spawn(
    chromium,
    [
      '--headless',
      '--remote-debugging-pipe',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--no-first-run',
      `--user-data-dir=${profile}`
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] }
  )
  let stderr = ''
  browser.stderr?.on('data', (chunk) => (stderr += chunk))
  const commands = /** @type {import('node:stream').Writable} */ (browser.stdio[3])
  const answers = /** @type {import('node:stream').Readable} */ (browser.stdio[4])
  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
  const waiting = new Map()
  /** @type {((event: { method: string }) => void)[]} */
  const listeners = []
  let buffered = ''
  answers.on('data', (chunk) => {
    buffered += chunk
    let end
    while ((end = buffered.indexOf('\0')) !== -1) {
      const message = JSON.parse(buffered.slice(0, end))
      buffered = buffered.slice(end + 1)
      const pending = waiting.get(message.id)
      if (pending) {
        waiting.delete(message.id)
        if (message.error) pending.reject(new Error(`Chromium: ${message.error.message}`))
        else pending.resolve(message.result)
      } else if (message.method) {
        for (const listen of listeners) listen(message)
      }
    }
  })
  const exited = new Promise((resolve) => browser.on('exit', resolve))
  let nextId = 1
  /**
   * @param {string} method
   * @param {Record<string, unknown>} [params]
   * @param {string} [sessionId]
   * @returns {Promise<any>}
   */
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      waiting.set(id, { resolve, reject })
      commands.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`)
    })
  try {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true })
    await send('Page.enable', {}, sessionId)
    await send('Emulation.setDeviceMetricsOverride', { width: WIDTH, height: 600, deviceScaleFactor: 2, mobile: false }, sessionId)
    const loaded = new Promise((resolve) => listeners.push((event) => event.method === 'Page.loadEventFired' && resolve(undefined)))
    await send('Page.navigate', { url: pathToFileURL(htmlFile).href }, sessionId)
    await loaded
    // The card's bottom, not the page's: a short summary would otherwise end in the viewport's empty height.
    const { result } = await send(
      'Runtime.evaluate',
      { expression: "Math.ceil(document.querySelector('.card').getBoundingClientRect().bottom) + 16", returnByValue: true },
      sessionId
    )
    const clip = { x: 0, y: 0, width: WIDTH, height: Number(result.value), scale: 1 }
    const { data } = await send('Page.captureScreenshot', { format: 'png', clip, captureBeyondViewport: true }, sessionId)
    await send('Browser.close').catch(() => undefined)
    return Buffer.from(data, 'base64')
  } catch (error) {
    throw new Error(`${/** @type {Error} */ (error).message}\n${stderr.slice(-2000)}`)
  } finally {
    browser.kill()
    await exited
    rmSync(profile, { recursive: true, force: true })
  }
}

async function main() {
  if (!existsSync(ACTION_ENTRY)) {
    console.error(`${ACTION_ENTRY} is missing: run npm run bundle first.`)
    return 1
  }
  const chromium = findChromium()
  if (!chromium) {
    console.error('No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome.')
    return 1
  }
  const folder = mkdtempSync(join(tmpdir(), 'screenshot-page-'))
  try {
    const htmlFile = join(folder, 'summary.html')
    writeFileSync(htmlFile, page(await leakedKeySummary()))
    const png = await photograph(chromium, htmlFile)
    writeFileSync(OUTPUT, png)
    console.log(`${OUTPUT}: ${png.length} bytes, the leaked-key scene's job summary`)
    return 0
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main()
