/**
 * The simulator's ACME server (simulator/acme.js) and the action's ACME client (src/acme/revoke-cert.ts), each
 * checked against an independent ACME client library (acme-client, from npm), so that the two do not share one
 * misreading of RFC 8555 §7.6: what acme-client signs with the certificate's key, the simulator accepts; what the
 * simulator refuses, it refuses for acme-client too; and the action's requests are what acme-client would send.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as acme from 'acme-client'
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { startAcmeServer, type AcmeServer } from '../../simulator/acme.js'
import { algorithmFor, readDirectory, revokeWithKey } from '../../src/acme/revoke-cert.js'

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
    const outcome = await revokeWithKey(server.directoryUrl, der(certificate), key, options)
    expect(outcome).toEqual({ status: 'submitted', detail: 'the ACME server accepted the revocation' })
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
    const outcome = await revokeWithKey(server.directoryUrl, der(certificate), keys.p256, options)
    server.refuse = undefined
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
