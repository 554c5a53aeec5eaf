// A webhook relay: GitHub's secret_scanning_alert webhook cannot start a workflow, so this small server receives
// it (from a GitHub App or an organisation webhook) and sends the documented repository_dispatch call that starts
// examples/revoke-on-dispatch.yml in your central repository. Node 20 or later, no dependencies:
//
//   WEBHOOK_SECRET=… DISPATCH_TOKEN=… DISPATCH_REPOSITORY=my-org/security-responder node relay.js
//
//   WEBHOOK_SECRET        the webhook's secret: every delivery's X-Hub-Signature-256 is checked against it
//   DISPATCH_TOKEN        a fine-grained token (or GitHub App token) with "Contents: Read and write" on
//                         DISPATCH_REPOSITORY only: POST /repos/{owner}/{repo}/dispatches needs exactly that
//   DISPATCH_REPOSITORY   owner/name of the repository whose workflow revokes
//   PORT                  default 8080; GITHUB_API_URL, default https://api.github.com (GitHub Enterprise Server:
//                         https://HOST/api/v3)
//
// It forwards only the alert's repository and number: the webhook payload carries no secret, and the workflow
// reads the key from the alert itself (key-from-alert). Deliveries that are not a new or reopened private-key
// alert are acknowledged and dropped. Put it behind HTTPS (a reverse proxy, or a serverless platform's own).
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

/** The private-key secret types (non-provider patterns) whose certificates the action can find. */
export const PRIVATE_KEY_TYPES = ['rsa_private_key', 'ec_private_key', 'generic_private_key']
const ACTIONS = ['created', 'reopened']
const MAX_BODY = 1024 * 1024

/**
 * @typedef {{ secret: string, token: string, repository: string, apiUrl?: string }} RelayOptions
 * @typedef {{ status: number, text: string }} Answer
 */

/**
 * Whether a delivery's body is signed with the webhook secret (X-Hub-Signature-256: sha256=<hex>).
 * @param {string} secret
 * @param {Buffer} body
 * @param {string | undefined} signature
 */
export function signedBy(secret, body, signature) {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`)
  const given = Buffer.from(signature ?? '')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * `owner/name`, neither part `.` or `..`.
 * @param {unknown} value
 */
export const isRepositoryName = (value) =>
  typeof value === 'string' && /^[\w.-]+\/[\w.-]+$/.test(value) && !value.split('/').some((part) => /^\.+$/.test(part))

/**
 * What to do with one delivery: the dispatch to send, or the answer to give without one.
 * @param {string | undefined} event  X-GitHub-Event
 * @param {unknown} payload
 * @returns {{ dispatch: { alert_number: number, repository: string } } | { answer: Answer }}
 */
export function decide(event, payload) {
  if (event === 'ping') return { answer: { status: 200, text: 'pong' } }
  if (event !== 'secret_scanning_alert') return { answer: { status: 202, text: `ignored: event ${String(event).slice(0, 40)}` } }
  const { action, alert, repository } = /** @type {{ action?: unknown, alert?: any, repository?: any }} */ (payload ?? {})
  if (!ACTIONS.includes(String(action))) return { answer: { status: 202, text: 'ignored: not a new or reopened alert' } }
  if (!PRIVATE_KEY_TYPES.includes(String(alert?.secret_type))) return { answer: { status: 202, text: 'ignored: not a private key' } }
  const number = alert?.number
  const fullName = repository?.full_name
  if (!Number.isSafeInteger(number) || number < 1 || !isRepositoryName(fullName)) {
    return { answer: { status: 400, text: 'no alert number or repository in the payload' } }
  }
  return { dispatch: { alert_number: number, repository: fullName } }
}

/**
 * The request handler: checks the signature, decides, and sends the repository_dispatch.
 * @param {RelayOptions} options
 * @returns {import('node:http').RequestListener}
 */
export function relay({ secret, token, repository, apiUrl = 'https://api.github.com' }) {
  return (req, res) => {
    /** @param {Answer} answer */
    const reply = ({ status, text }) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(`${text}\n`)
    }
    if (req.method !== 'POST') return reply({ status: 405, text: 'POST only' })
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length
      if (size > MAX_BODY) req.destroy()
      else chunks.push(chunk)
    })
    req.on('end', async () => {
      const body = Buffer.concat(chunks)
      if (!signedBy(secret, body, /** @type {string | undefined} */ (req.headers['x-hub-signature-256']))) {
        return reply({ status: 401, text: 'bad signature' })
      }
      let payload
      try {
        payload = JSON.parse(body.toString('utf8'))
      } catch {
        return reply({ status: 400, text: 'not JSON' })
      }
      const decision = decide(/** @type {string | undefined} */ (req.headers['x-github-event']), payload)
      if ('answer' in decision) return reply(decision.answer)
      try {
        const answer = await fetch(`${apiUrl.replace(/\/+$/, '')}/repos/${repository}/dispatches`, {
          method: 'POST',
          headers: {
            Accept: 'application/vnd.github+json',
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'User-Agent': 'secret-scanning-relay',
            'X-GitHub-Api-Version': '2022-11-28'
          },
          body: JSON.stringify({ event_type: 'secret-scanning-alert', client_payload: decision.dispatch })
        })
        const { alert_number, repository: from } = decision.dispatch
        if (answer.status === 204) return reply({ status: 202, text: `dispatched ${from} alert ${alert_number}` })
        console.error(`relay: GitHub answered ${answer.status} to the dispatch for ${from} alert ${alert_number}`)
        return reply({ status: 502, text: `GitHub answered ${answer.status} to the dispatch` })
      } catch (error) {
        console.error(`relay: the dispatch failed: ${/** @type {Error} */ (error).message}`)
        return reply({ status: 502, text: 'the dispatch failed' })
      }
    })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { WEBHOOK_SECRET, DISPATCH_TOKEN, DISPATCH_REPOSITORY, GITHUB_API_URL, PORT } = process.env
  const missing = Object.entries({ WEBHOOK_SECRET, DISPATCH_TOKEN, DISPATCH_REPOSITORY }).filter(([, v]) => !v)
  if (missing.length > 0 || !isRepositoryName(DISPATCH_REPOSITORY)) {
    console.error(`relay: set ${missing.map(([k]) => k).join(', ') || 'DISPATCH_REPOSITORY as owner/name'}`)
    process.exit(1)
  }
  const options = { secret: String(WEBHOOK_SECRET), token: String(DISPATCH_TOKEN), repository: String(DISPATCH_REPOSITORY) }
  const server = createServer(relay({ ...options, apiUrl: GITHUB_API_URL || undefined }))
  server.listen(Number(PORT || 8080), () => console.log(`relay: listening on ${PORT || 8080}, dispatching to ${DISPATCH_REPOSITORY}`))
}
