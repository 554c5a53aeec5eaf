/** examples/relay/relay.js: a signed secret_scanning_alert for a private key becomes one repository_dispatch; nothing else does. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decide, relay, signedBy } from '../examples/relay/relay.js'

const SECRET = 'webhook-secret-for-the-test'
const TOKEN = 'github_pat_relay_test_0000000000000000'
const sign = (body: string, secret = SECRET): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
const alertPayload = (overrides: Record<string, unknown> = {}) => ({
  action: 'created',
  alert: { number: 42, secret_type: 'rsa_private_key' },
  repository: { full_name: 'my-org/web-app' },
  ...overrides
})

let github: Server
let relayServer: Server
let githubAnswer = 204
const dispatches: { path: string; authorization: string | undefined; body: unknown }[] = []
const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)))

beforeAll(async () => {
  github = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => {
      dispatches.push({ path: `${req.method} ${req.url}`, authorization: req.headers.authorization, body: JSON.parse(text) })
      res.writeHead(githubAnswer)
      res.end()
    })
  })
  const apiUrl = await listen(github)
  relayServer = createServer(relay({ secret: SECRET, token: TOKEN, repository: 'my-org/security-responder', apiUrl: `${apiUrl}/` }))
  relayUrl = await listen(relayServer)
})
afterAll(async () => {
  await new Promise((resolve) => relayServer.close(resolve))
  await new Promise((resolve) => github.close(resolve))
})
beforeEach(() => {
  dispatches.length = 0
  githubAnswer = 204
})
let relayUrl = ''

async function deliver(event: string, payload: unknown, signature?: string): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload)
  const answer = await fetch(relayUrl, {
    method: 'POST',
    headers: { 'X-GitHub-Event': event, 'X-Hub-Signature-256': signature ?? sign(body), 'Content-Type': 'application/json' },
    body
  })
  return { status: answer.status, text: (await answer.text()).trim() }
}

describe('the relay', () => {
  it('turns a new private-key alert into one repository_dispatch naming its repository and number', async () => {
    expect(await deliver('secret_scanning_alert', alertPayload())).toEqual({ status: 202, text: 'dispatched my-org/web-app alert 42' })
    expect(dispatches).toEqual([
      {
        path: 'POST /repos/my-org/security-responder/dispatches',
        authorization: `Bearer ${TOKEN}`,
        body: { event_type: 'secret-scanning-alert', client_payload: { alert_number: 42, repository: 'my-org/web-app' } }
      }
    ])
  })

  it('refuses a delivery not signed with the webhook secret, and dispatches nothing', async () => {
    const body = JSON.stringify(alertPayload())
    expect((await deliver('secret_scanning_alert', alertPayload(), sign(body, 'another-secret'))).status).toBe(401)
    expect((await deliver('secret_scanning_alert', alertPayload(), '')).status).toBe(401)
    expect(dispatches).toEqual([])
  })

  it('says so when GitHub refuses the dispatch', async () => {
    githubAnswer = 403
    expect(await deliver('secret_scanning_alert', alertPayload())).toEqual({ status: 502, text: 'GitHub answered 403 to the dispatch' })
  })

  it('answers only POST', async () => {
    expect((await fetch(relayUrl)).status).toBe(405)
  })
})

describe('what the relay forwards', () => {
  it.each(['created', 'reopened'])('a %s alert for each private-key type', (action) => {
    for (const type of ['rsa_private_key', 'ec_private_key', 'generic_private_key']) {
      expect(decide('secret_scanning_alert', alertPayload({ action, alert: { number: 7, secret_type: type } }))).toEqual({
        dispatch: { alert_number: 7, repository: 'my-org/web-app' }
      })
    }
  })

  it.each([
    ['a ping', 'ping', alertPayload(), 200, 'pong'],
    ['another event', 'push', alertPayload(), 202, 'ignored: event push'],
    ['a resolved alert', 'secret_scanning_alert', alertPayload({ action: 'resolved' }), 202, 'ignored: not a new or reopened alert'],
    [
      'a token, not a key',
      'secret_scanning_alert',
      alertPayload({ alert: { number: 42, secret_type: 'github_personal_access_token' } }),
      202,
      'ignored: not a private key'
    ],
    [
      'an OpenSSH key',
      'secret_scanning_alert',
      alertPayload({ alert: { number: 42, secret_type: 'openssh_private_key' } }),
      202,
      'ignored: not a private key'
    ],
    [
      'no number',
      'secret_scanning_alert',
      alertPayload({ alert: { secret_type: 'ec_private_key' } }),
      400,
      'no alert number or repository in the payload'
    ],
    [
      'number 0',
      'secret_scanning_alert',
      alertPayload({ alert: { number: 0, secret_type: 'ec_private_key' } }),
      400,
      'no alert number or repository in the payload'
    ],
    [
      'dots as repository',
      'secret_scanning_alert',
      alertPayload({ repository: { full_name: '../..' } }),
      400,
      'no alert number or repository in the payload'
    ],
    [
      'a path as repository',
      'secret_scanning_alert',
      alertPayload({ repository: { full_name: 'a/b/../c' } }),
      400,
      'no alert number or repository in the payload'
    ]
  ])('not %s', (_, event, payload, status, text) => {
    expect(decide(event, payload)).toEqual({ answer: { status, text } })
  })

  it('checks the signature over the exact bytes', () => {
    const body = Buffer.from('{"a":1}')
    expect(signedBy(SECRET, body, sign('{"a":1}'))).toBe(true)
    expect(signedBy(SECRET, body, sign('{"a":2}'))).toBe(false)
    expect(signedBy(SECRET, body, undefined)).toBe(false)
  })
})
