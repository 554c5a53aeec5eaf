/**
 * The simulator's ACME server (simulator/acme.js) and the action's ACME client (src/acme/revoke-cert.ts), each
 * checked against an independent ACME client library (acme-client, from npm), so that the two do not share one
 * misreading of RFC 8555 §7.6: what acme-client signs with the certificate's key, the simulator accepts; what the
 * simulator refuses, it refuses for acme-client too; and the action's requests are what acme-client would send.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import * as acme from 'acme-client'
import { createPublicKey, createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createServer } from 'node:net'
import { AcmeServer, startAcmeServer } from '../../simulator/acme.js'
import { algorithmFor, readDirectory, readProblem, revokeWithKey } from '../../src/acme/revoke-cert.js'

/** The simulator's host exempt by name, as a run exempts an ACME directory's own host. */
const options = { timeoutMs: 5000, maxAttempts: 3, userAgent: 'test', addresses: { exemptHosts: ['127.0.0.1'] } }
const keys = {
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  p256: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  p384: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
  p521: generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey
}
const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string
const der = (certificate: string) => Buffer.from(certificate.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')

/** acme-client's own key-signed revokeCert: its JWS, with the certificate's key as jwk (no account, so no kid). */
async function revokeWithAcmeClient(server: AcmeServer, key: KeyObject, certificate: string): Promise<unknown> {
  const client = new acme.Client({ directoryUrl: server.directoryUrl, accountKey: pem(key) })
  // The typings leave out `api`, acme-client's RFC 8555 layer: revokeCertificate() would sign with an account's kid.
  const api = (client as unknown as { api: { apiResourceRequest: (...args: unknown[]) => Promise<unknown> } }).api
  return api.apiResourceRequest('revokeCert', { certificate: der(certificate).toString('base64url'), reason: 1 }, [200], {
    includeJwsKid: false
  })
}

describe('the simulated ACME server against acme-client', () => {
  let server: AcmeServer
  beforeAll(async () => {
    server = await startAcmeServer()
  })
  afterAll(() => server.close())

  it.each(Object.entries(keys))(
    'accepts acme-client revocation signed by the certificate key (%s), then says alreadyRevoked',
    async (_name, key) => {
      const certificate = server.issue(key)
      await expect(revokeWithAcmeClient(server, key, certificate)).resolves.toBeDefined()
      const last = server.revokeRequests().at(-1)
      expect(last?.status).toBe(200)
      expect(last?.protectedHeader).toHaveProperty('jwk')
      expect(last?.protectedHeader).not.toHaveProperty('kid')
      await expect(revokeWithAcmeClient(server, key, certificate)).rejects.toThrow(/already revoked/i)
      expect(server.revokeRequests().at(-1)?.problem).toBe('urn:ietf:params:acme:error:alreadyRevoked')
    }
  )

  it("refuses acme-client's request signed by another key than the certificate's", async () => {
    const certificate = server.issue(keys.p256)
    await expect(revokeWithAcmeClient(server, keys.p384, certificate)).rejects.toThrow(/not signed by the certificate/)
    expect(server.revokeRequests().at(-1)).toMatchObject({ status: 403, problem: 'urn:ietf:params:acme:error:unauthorized' })
  })

  it('refuses a certificate of another CA', async () => {
    const certificate = server.issue(keys.p256, { ca: server.otherCa })
    await expect(revokeWithAcmeClient(server, keys.p256, certificate)).rejects.toThrow(/did not issue/)
  })

  it('recovers with acme-client from a badNonce answer (acme-client retries with the Replay-Nonce)', async () => {
    const certificate = server.issue(keys.rsa)
    server.badNonces = 1
    await expect(revokeWithAcmeClient(server, keys.rsa, certificate)).resolves.toBeDefined()
    expect(
      server
        .revokeRequests()
        .slice(-2)
        .map((r) => r.problem ?? r.status)
    ).toEqual(['urn:ietf:params:acme:error:badNonce', 200])
  })
})

describe('the action ACME client (revokeWithKey)', () => {
  let server: AcmeServer
  beforeAll(async () => {
    server = await startAcmeServer()
  })
  afterAll(() => server.close())

  it.each(Object.entries(keys))('revokes with a %s key: jwk, nonce, url, alg, payload as RFC 8555 says', async (_name, key) => {
    const certificate = server.issue(key)
    const before = server.requests.length
    const outcome = await revokeWithKey(server.directoryUrl, der(certificate), key, options)
    expect(outcome).toEqual({ status: 'submitted', detail: 'the ACME server accepted the revocation' })
    const asked = server.requests.slice(before)
    expect(asked.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /directory', 'HEAD /acme/new-nonce', 'POST /acme/revoke-cert'])
    expect(asked.map((r) => r.headers.accept)).toEqual(['application/json', 'application/json', 'application/json'])
    const request = server.revokeRequests().at(-1)
    expect(request?.headers['content-type']).toBe('application/jose+json')
    expect(request?.protectedHeader).toMatchObject({ alg: algorithmFor(key), url: `${server.origin}/acme/revoke-cert` })
    expect(Object.keys(request?.protectedHeader ?? {}).sort()).toEqual(['alg', 'jwk', 'nonce', 'url'])
    expect(request?.payload).toEqual({ certificate: der(certificate).toString('base64url'), reason: 1 })
    // The key signs and is never sent: the jwk is public only.
    const jwk = (request?.protectedHeader as { jwk: Record<string, unknown> }).jwk
    expect(Object.keys(jwk).filter((name) => ['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(name))).toEqual([])
    expect(request?.body).not.toContain(key.export({ format: 'jwk' }).d as string)
  })

  it('reads alreadyRevoked as revoked', async () => {
    const certificate = server.issue(keys.p256)
    server.revoke(certificate)
    const outcome = await revokeWithKey(server.directoryUrl, der(certificate), keys.p256, options)
    expect(outcome.status).toBe('revoked')
    expect(outcome).toEqual({ status: 'revoked', detail: 'already revoked, according to the ACME server (Certificate already revoked)' })
  })

  it('retries badNonce with the fresh nonce, up to max-attempts', async () => {
    const certificate = server.issue(keys.p256)
    server.badNonces = 2
    expect((await revokeWithKey(server.directoryUrl, der(certificate), keys.p256, options)).status).toBe('submitted')
    server.badNonces = 3
    const again = server.issue(keys.p256)
    const outcome = await revokeWithKey(server.directoryUrl, der(again), keys.p256, options)
    expect(outcome).toMatchObject({ status: 'failed', type: 'urn:ietf:params:acme:error:badNonce' })
    server.badNonces = 0
  })

  it('reports any other problem with its type and detail', async () => {
    const certificate = server.issue(keys.p256)
    server.refuse = { status: 403, type: 'urn:ietf:params:acme:error:unauthorized', detail: 'Policy\nforbids <b>this</b>' }
    const before = server.revokeRequests().length
    const outcome = await revokeWithKey(server.directoryUrl, der(certificate), keys.p256, options)
    server.refuse = undefined
    // Asked once: only badNonce is asked again, though this answer too came with a fresh Replay-Nonce.
    expect(server.revokeRequests()).toHaveLength(before + 1)
    expect(outcome).toEqual({
      status: 'failed',
      type: 'urn:ietf:params:acme:error:unauthorized',
      detail: 'the revocation was refused with HTTP 403 (urn:ietf:params:acme:error:unauthorized): Policy forbids <b>this</b>'
    })
  })

  it('fails, without a request, for a key ACME cannot sign with', async () => {
    const before = server.requests.length
    const outcome = await revokeWithKey(server.directoryUrl, Buffer.alloc(0), generateKeyPairSync('ed25519').privateKey, options)
    expect(outcome.status).toBe('failed')
    expect(outcome).toEqual({
      status: 'failed',
      type: null,
      detail: 'the key cannot sign an ACME request (RSA, or EC P-256, P-384 or P-521)'
    })
    expect(server.requests).toHaveLength(before)
  })
})

describe('algorithmFor and readDirectory', () => {
  it('maps each key to its JWS algorithm', () => {
    expect(algorithmFor(keys.rsa)).toBe('RS256')
    expect(algorithmFor(keys.p256)).toBe('ES256')
    expect(algorithmFor(keys.p384)).toBe('ES384')
    expect(algorithmFor(keys.p521)).toBe('ES512')
    expect(algorithmFor(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey)).toBeUndefined()
    expect(algorithmFor(generateKeyPairSync('ed25519').privateKey)).toBeUndefined()
    expect(algorithmFor(generateKeyPairSync('rsa-pss', { modulusLength: 1024 }).privateKey)).toBeUndefined()
    // A secret key has no asymmetric details at all.
    expect(algorithmFor(createSecretKey(Buffer.alloc(32)))).toBeUndefined()
  })

  it('takes https URLs, and http ones only from an http directory', () => {
    const body = (urls: object) => Buffer.from(JSON.stringify(urls))
    const https = { revokeCert: 'https://a.invalid/r', newNonce: 'https://a.invalid/n' }
    expect(readDirectory(body(https), 'https://a.invalid/d')).toEqual(https)
    expect(readDirectory(body({ ...https, newNonce: 'http://a.invalid/n' }), 'https://a.invalid/d')).toBe(
      'the ACME directory names no usable newNonce URL'
    )
    expect(readDirectory(body({ ...https, revokeCert: 'http://127.0.0.1/r' }), 'http://127.0.0.1/d')).toEqual({
      revokeCert: 'http://127.0.0.1/r',
      newNonce: 'https://a.invalid/n'
    })
    expect(readDirectory(body({ newNonce: 'https://a.invalid/n' }), 'https://a.invalid/d')).toBe(
      'the ACME directory names no usable revokeCert URL'
    )
    expect(readDirectory(Buffer.from('<html>'), 'https://a.invalid/d')).toBe('the ACME directory is not JSON')
  })

  it('takes no URL from JSON that is not an object, nor from a value that is not a URL string', () => {
    const body = (urls: object) => Buffer.from(JSON.stringify(urls))
    const https = { revokeCert: 'https://a.invalid/r', newNonce: 'https://a.invalid/n' }
    for (const json of ['null', '5', '"https://a.invalid/r"', 'true'])
      expect(readDirectory(Buffer.from(json), 'https://a.invalid/d')).toBe('the ACME directory names no usable revokeCert URL')
    // An array would read as its one string if it were taken as a string.
    expect(readDirectory(body({ ...https, revokeCert: ['https://a.invalid/r'] }), 'https://a.invalid/d')).toBe(
      'the ACME directory names no usable revokeCert URL'
    )
    expect(readDirectory(body({ ...https, newNonce: 'not a url' }), 'https://a.invalid/d')).toBe(
      'the ACME directory names no usable newNonce URL'
    )
    // Only http and https, even from an http directory.
    for (const revokeCert of ['ftp://127.0.0.1/r', 'file:///etc/passwd', 'ws://127.0.0.1/r'])
      expect(readDirectory(body({ ...https, revokeCert }), 'http://127.0.0.1/d')).toBe('the ACME directory names no usable revokeCert URL')
  })
})

describe('problem documents (readProblem)', () => {
  const read = (text: string) => readProblem({ body: Buffer.from(text) })

  it('keeps a string type and detail, and nothing else', () => {
    expect(read('{"type":"urn:ietf:params:acme:error:malformed","detail":"d","status":400}')).toStrictEqual({
      type: 'urn:ietf:params:acme:error:malformed',
      detail: 'd'
    })
    expect(read('{"type":5,"detail":["d"]}')).toStrictEqual({})
    expect(read('{"detail":"d"}')).toStrictEqual({ detail: 'd' })
  })

  it('reads an answer that is not JSON, or is JSON null, as no problem', () => {
    expect(read('')).toStrictEqual({})
    expect(read('<html>')).toStrictEqual({})
    expect(read('null')).toStrictEqual({})
  })
})

describe('the action ACME client, for each kind of answer', () => {
  let server: AcmeServer
  beforeAll(async () => {
    server = await startAcmeServer()
  })
  afterAll(() => server.close())
  afterEach(() => {
    // Back to the simulator's own routes.
    Reflect.deleteProperty(server, 'route')
  })

  type Route = AcmeServer['route']
  /** The simulator, but `answer` answers the requests it returns an answer for. */
  const answering = (answer: (record: Parameters<Route>[0]) => ReturnType<Route> | undefined) => {
    const route = AcmeServer.prototype.route
    server.route = (record) => answer(record) ?? route.call(server, record)
  }
  const revoke = (key: KeyObject = keys.p256, directoryUrl = server.directoryUrl) =>
    revokeWithKey(directoryUrl, der(server.issue(key)), key, options)
  const asked = async (run: () => Promise<unknown>) => {
    const before = server.requests.length
    await run()
    return server.requests.slice(before).map((r) => `${r.method} ${r.path}`)
  }

  it('reports a directory that is not there with the HTTP status and the problem', async () => {
    expect(await revoke(keys.p256, `${server.origin}/nothing`)).toEqual({
      status: 'failed',
      type: 'urn:ietf:params:acme:error:malformed',
      detail: 'the ACME directory was refused with HTTP 404 (urn:ietf:params:acme:error:malformed): No route for GET /nothing'
    })
  })

  it('reports a directory that is not JSON, and asks nothing more', async () => {
    let outcome: unknown
    expect(await asked(async () => (outcome = await revoke(keys.p256, `${server.origin}/acme-ca/ca.pem`)))).toEqual(['GET /acme-ca/ca.pem'])
    expect(outcome).toEqual({ status: 'failed', type: null, detail: 'the ACME directory is not JSON' })
  })

  it('reports a directory that names no usable revokeCert URL, and asks nothing more', async () => {
    server.directoryLinks = { revokeCert: 'ftp://127.0.0.1/acme/revoke-cert' }
    let outcome: unknown
    const requests = await asked(async () => (outcome = await revoke()))
    server.directoryLinks = {}
    expect(requests).toEqual(['GET /directory'])
    expect(outcome).toEqual({ status: 'failed', type: null, detail: 'the ACME directory names no usable revokeCert URL' })
  })

  it.each([
    ['no Replay-Nonce', undefined],
    ['an empty one', ''],
    ['one with a space', 'bad nonce'],
    ['one with characters after the base64url', 'nonce!!'],
    ['one with characters before the base64url', '!!nonce'],
    ['one of 513 characters', 'a'.repeat(513)]
  ])('fails, without signing, when newNonce gives %s', async (_what, nonce) => {
    const headers: Record<string, string> = nonce === undefined ? {} : { 'Replay-Nonce': nonce }
    answering((record) => (record.path === '/acme/new-nonce' ? { status: 200, headers } : undefined))
    let outcome: unknown
    expect(await asked(async () => (outcome = await revoke()))).toEqual(['GET /directory', 'HEAD /acme/new-nonce'])
    expect(outcome).toEqual({ status: 'failed', type: null, detail: 'the ACME server gave no nonce (HEAD newNonce answered HTTP 200)' })
  })

  it('takes a base64url nonce of 512 characters', async () => {
    const nonce = `${'a'.repeat(508)}Z9-_`
    server.nonces.add(nonce)
    answering((record) => (record.path === '/acme/new-nonce' ? { status: 200, headers: { 'Replay-Nonce': nonce } } : undefined))
    expect(await revoke()).toEqual({ status: 'submitted', detail: 'the ACME server accepted the revocation' })
    expect(server.revokeRequests().at(-1)?.protectedHeader?.nonce).toBe(nonce)
  })

  it('reads alreadyRevoked without a detail as revoked', async () => {
    answering((record) =>
      record.path === '/acme/revoke-cert'
        ? {
            status: 400,
            headers: { 'Content-Type': 'application/problem+json' },
            body: JSON.stringify({ type: 'urn:ietf:params:acme:error:alreadyRevoked' })
          }
        : undefined
    )
    expect(await revoke()).toEqual({ status: 'revoked', detail: 'already revoked, according to the ACME server (alreadyRevoked)' })
  })

  it('does not ask again after a badNonce that came without a fresh nonce', async () => {
    answering((record) =>
      record.path === '/acme/revoke-cert'
        ? {
            status: 400,
            headers: { 'Content-Type': 'application/problem+json' },
            body: JSON.stringify({ type: 'urn:ietf:params:acme:error:badNonce', detail: 'stale' })
          }
        : undefined
    )
    let outcome: unknown
    expect(await asked(async () => (outcome = await revoke()))).toEqual([
      'GET /directory',
      'HEAD /acme/new-nonce',
      'POST /acme/revoke-cert'
    ])
    expect(outcome).toEqual({
      status: 'failed',
      type: 'urn:ietf:params:acme:error:badNonce',
      detail: 'the revocation was refused with HTTP 400 (urn:ietf:params:acme:error:badNonce): stale'
    })
  })

  it('takes a redirect of the signed request as the answer, and sends it nowhere else', async () => {
    answering((record) =>
      record.path === '/acme/revoke-cert' ? { status: 307, headers: { Location: `${server.origin}/acme/elsewhere` } } : undefined
    )
    let outcome: unknown
    expect(await asked(async () => (outcome = await revoke()))).toEqual([
      'GET /directory',
      'HEAD /acme/new-nonce',
      'POST /acme/revoke-cert'
    ])
    expect(outcome).toEqual({ status: 'failed', type: null, detail: 'the revocation was refused with HTTP 307: no problem document' })
  })

  it('reads a problem whose type is not a string as a problem without a type', async () => {
    answering((record) =>
      record.path === '/acme/revoke-cert'
        ? { status: 403, headers: { 'Content-Type': 'application/problem+json' }, body: '{"type":5,"detail":"no"}' }
        : undefined
    )
    expect(await revoke()).toEqual({ status: 'failed', type: null, detail: 'the revocation was refused with HTTP 403: no' })
  })

  it('reports a server that cannot be reached', async () => {
    const closed = createServer()
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port))
    )
    await new Promise((resolve) => closed.close(resolve))
    expect(await revoke(keys.p256, `http://127.0.0.1:${port}/directory`)).toEqual({
      status: 'failed',
      type: null,
      detail: 'the ACME server could not be reached: connection refused (ECONNREFUSED)'
    })
  })

  it('lets an error that is not a fetch failure through (a public key given for the private one)', async () => {
    const certificate = server.issue(keys.p256)
    const outcome = revokeWithKey(server.directoryUrl, der(certificate), createPublicKey(keys.p256), options)
    await expect(outcome).rejects.toMatchObject({
      name: 'TypeError',
      code: 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
      message: 'Invalid key object type public, expected private.'
    })
  })
})

describe('the simulated ACME server refuses what RFC 8555 refuses', () => {
  let server: AcmeServer
  beforeAll(async () => {
    server = await startAcmeServer()
  })
  afterAll(() => server.close())

  /** A revokeCert request built by hand with jose, `change` altering its header, payload or signature. */
  async function send(
    change: {
      header?: Record<string, unknown>
      payload?: Record<string, unknown>
      tamper?: boolean
      alg?: string
      contentType?: string
      nonce?: string
    } = {}
  ) {
    const { FlattenedSign, exportJWK } = await import('jose')
    const key = keys.p256
    const certificate = server.issue(key)
    const nonceAnswer = await fetch(`${server.origin}/acme/new-nonce`, { method: 'HEAD' })
    const nonce = change.nonce ?? (nonceAnswer.headers.get('replay-nonce') as string)
    const header = {
      alg: 'ES256',
      jwk: await exportJWK(createPublicKey(key)),
      nonce,
      url: `${server.origin}/acme/revoke-cert`,
      ...change.header
    }
    const payload = { certificate: der(certificate).toString('base64url'), reason: 1, ...change.payload }
    const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as never).sign(key)
    if (change.tamper) jws.signature = `${jws.signature.slice(0, -4)}AAAA`
    // An algorithm jose would not sign with: the header is rewritten after signing (the server checks alg first).
    if (change.alg) jws.protected = Buffer.from(JSON.stringify({ ...header, alg: change.alg })).toString('base64url')
    const answer = await fetch(`${server.origin}/acme/revoke-cert`, {
      method: 'POST',
      headers: { 'Content-Type': change.contentType ?? 'application/jose+json' },
      body: JSON.stringify(jws)
    })
    return { status: answer.status, type: ((await answer.json().catch(() => ({}))) as { type?: string }).type, nonce }
  }

  it('accepts the well-formed request', async () => {
    expect(await send()).toMatchObject({ status: 200 })
  })
  it.each([
    ['a tampered signature', { tamper: true }, 400, 'malformed'],
    ['another url', { header: { url: 'http://127.0.0.1:1/acme/revoke-cert' } }, 401, 'unauthorized'],
    ['an unknown nonce', { nonce: 'bm9uY2U' }, 400, 'badNonce'],
    ['a kid', { header: { kid: 'https://a.invalid/acct/1', jwk: undefined } }, 400, 'accountDoesNotExist'],
    ['alg none', { alg: 'none' }, 400, 'badSignatureAlgorithm'],
    ['an alg that does not fit the key', { alg: 'ES384' }, 400, 'badSignatureAlgorithm'],
    ['reason 7', { payload: { reason: 7 } }, 400, 'badRevocationReason'],
    ['another content type', { contentType: 'application/json' }, 415, 'malformed']
  ])('refuses %s', async (_what, change, status, type) => {
    expect(await send(change)).toMatchObject({ status, type: `urn:ietf:params:acme:error:${type}` })
  })
  it('refuses a nonce used twice', async () => {
    const first = await send()
    expect(await send({ nonce: first.nonce })).toMatchObject({ status: 400, type: 'urn:ietf:params:acme:error:badNonce' })
  })
})

describe("the address rule for the directory's URLs", () => {
  let server: AcmeServer
  beforeAll(async () => {
    server = await startAcmeServer()
  })
  afterAll(() => server.close())
  const revoke = (addresses: Parameters<typeof revokeWithKey>[3]['addresses']) =>
    revokeWithKey(server.directoryUrl, der(server.issue(keys.p256)), keys.p256, { ...options, addresses })
  const port = () => new URL(server.origin).port
  const resolveTo = (address: string) => async () => [{ address, family: 4 }]

  it('refuses a revokeCert URL at cloud metadata, even with base-url on loopback, and sends nothing there', async () => {
    server.directoryLinks = { revokeCert: 'http://169.254.169.254/acme/revoke-cert' }
    const before = server.revokeRequests().length
    const outcome = await revoke({ baseUrl: server.origin, exemptHosts: [server.directoryUrl] })
    server.directoryLinks = {}
    expect(outcome).toEqual({
      status: 'failed',
      type: null,
      detail: 'an ACME URL was not asked: refused 169.254.169.254: a link-local (cloud metadata) address, and only public ones are asked'
    })
    expect(server.revokeRequests()).toHaveLength(before)
  })

  it('refuses a newNonce URL at a private address', async () => {
    server.directoryLinks = { newNonce: `http://10.0.0.7:${port()}/acme/new-nonce` }
    const before = server.requests.length
    const outcome = await revoke({ baseUrl: server.origin, exemptHosts: [server.directoryUrl] })
    server.directoryLinks = {}
    expect(outcome).toMatchObject({ status: 'failed', detail: expect.stringContaining('refused 10.0.0.7: a private address') })
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/directory'])
  })

  it("exempts the directory's host by name only: another name on the same address is held to the rule", async () => {
    server.directoryLinks = { newNonce: `http://nonce.invalid:${port()}/acme/new-nonce` }
    const refused = await revoke({ exemptHosts: [server.directoryUrl], resolve: resolveTo('127.0.0.1') })
    expect(refused).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('refused nonce.invalid, at 127.0.0.1: a loopback address')
    })
    // The same name, exempt itself by the policy given, is asked.
    const asked = await revoke({ exemptHosts: [server.directoryUrl, 'nonce.invalid'], resolve: resolveTo('127.0.0.1') })
    server.directoryLinks = {}
    expect(asked.status).toBe('submitted')
  })
})
