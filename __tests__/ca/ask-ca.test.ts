import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { OCSPRequest } from 'pkijs'
import { askCa, type AskCaOptions } from '../../src/ca/ask-ca.js'
import { getUrl } from '../../src/ca/ocsp.js'
import {
  aia,
  ca,
  cdp,
  crl,
  issue,
  type Issued,
  keyPair,
  ocspAnswer,
  ocspSigning,
  ocspStatusOnly,
  serial,
  serialOf,
  serverAuth
} from './pki-fixtures.js'

interface Seen {
  method: string
  path: string
  body: Buffer
  headers: IncomingHttpHeaders
}
interface Reply {
  status?: number
  body?: Buffer | string
  headers?: Record<string, string>
  /** Send the body without Content-Length (chunked). */
  chunked?: boolean
}
type Route = (request: Seen) => Reply | 'hang' | Promise<Reply | 'hang'>

const routes = new Map<string, Route>()
let seen: Seen[] = []
let server: Server
let base: string
let logs: string[] = []
let issuer: Issued

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', async () => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
      const entry: Seen = { method: request.method ?? '', path, body: Buffer.concat(chunks), headers: request.headers }
      seen.push(entry)
      const prefix = [...routes.keys()].find((p) => path === p || path.startsWith(`${p}/`))
      if (!prefix) return void response.writeHead(404).end()
      const reply = await routes.get(prefix)!(entry)
      if (reply === 'hang') return
      const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', ...reply.headers }
      const body = reply.body ?? ''
      if (reply.chunked) {
        response.writeHead(reply.status ?? 200, headers)
        response.write(body)
        response.end()
      } else {
        response.writeHead(reply.status ?? 200, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }).end(body)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  issuer = await ca('Test Issuing CA')
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  routes.clear()
  seen = []
  logs = []
})

/** The test's CA is on loopback, and so (as in the e2e tests) is base-url: loopback addresses are allowed. */
const onLoopback = { baseUrl: 'http://127.0.0.1:8080/services/v2' }
const options = (more: Partial<AskCaOptions> = {}): AskCaOptions => ({
  timeoutMs: 5000,
  log: (m) => logs.push(m),
  addresses: onLoopback,
  ...more
})
const ocspReply = (body: Buffer): Reply => ({ body, headers: { 'Content-Type': 'application/ocsp-response' } })
const crlReply = (body: Buffer): Reply => ({ body, headers: { 'Content-Type': 'application/pkix-crl' } })
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
const HOUR = 3600_000

let scenarios = 0
/** A leaf whose AIA and CDP name this test's own paths on the loopback server. */
async function leafFor(by: Issued = issuer): Promise<{ leaf: Issued; ocspPath: string; crlPath: string }> {
  scenarios += 1
  const ocspPath = `/s${scenarios}/ocsp`
  const crlPath = `/s${scenarios}/crl`
  const leaf = await issue({
    subject: `leaf ${scenarios}.example.test`,
    issuer: by,
    extensions: [aia(`${base}${ocspPath}`), cdp(`${base}${crlPath}`), serverAuth()]
  })
  return { leaf, ocspPath, crlPath }
}

describe('askCa: OCSP', () => {
  it('says good with the time of the answer, after a POST of a well-formed OCSPRequest', async () => {
    const { leaf, ocspPath } = await leafFor()
    const thisUpdate = new Date(Date.now() - 2 * HOUR)
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'good' }, thisUpdate })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'good', source: 'ocsp', detail: `not yet revoked according to OCSP at ${iso(thisUpdate)}` })
    expect(Date.parse(verdict.checkedAt)).toBeGreaterThan(Date.now() - 60_000)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ method: 'POST', path: ocspPath })
    expect(seen[0].headers['content-type']).toBe('application/ocsp-request')
    expect(seen[0].headers.accept).toBe('application/ocsp-response')
    expect(logs).toContain(`asking the OCSP responder ${base}${ocspPath}`)
    expect(seen[0].headers.host).toBe(base.replace('http://', ''))
    const request = OCSPRequest.fromBER(seen[0].body)
    const certId = request.tbsRequest.requestList[0].reqCert
    expect(certId.hashAlgorithm.algorithmId).toBe('1.3.14.3.2.26') // SHA-1
    expect(Buffer.from(certId.serialNumber.valueBlock.valueHexView)).toEqual(Buffer.from(serialOf(leaf)))
    const issuerName = Buffer.from(issuer.certificate.subject.toSchema().toBER(false))
    expect(Buffer.from(certId.issuerNameHash.valueBlock.valueHexView)).toEqual(createHash('sha1').update(issuerName).digest())
    const issuerKey = issuer.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView
    expect(Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView)).toEqual(createHash('sha1').update(issuerKey).digest())
  })

  it('says revoked, with the time and the reason', async () => {
    const { leaf, ocspPath } = await leafFor()
    const at = new Date('2026-01-05T08:30:00Z')
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'revoked', at, reason: 1 } })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'revoked', source: 'ocsp', revokedAt: '2026-01-05T08:30:00Z', reason: 'keyCompromise' })
    expect(verdict.detail).toMatch(/^revoked at 2026-01-05T08:30:00Z \(keyCompromise\) according to OCSP at \S+Z$/)
  })

  it('says revoked without a reason when the answer gives none', async () => {
    const { leaf, ocspPath } = await leafFor()
    routes.set(ocspPath, async () =>
      ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'revoked', at: new Date('2026-02-01T00:00:00Z') } }))
    )

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'revoked', source: 'ocsp', revokedAt: '2026-02-01T00:00:00Z' })
    expect(verdict.reason).toBeUndefined()
  })

  it('says on hold, not revoked, for certificateHold, and good for removeFromCRL', async () => {
    const { leaf, ocspPath } = await leafFor()
    const at = new Date('2026-02-03T04:05:06Z')
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'revoked', at, reason: 6 } })))

    const held = await askCa(leaf.pem, issuer.pem, options())

    expect(held).toMatchObject({ state: 'on-hold', source: 'ocsp', revokedAt: '2026-02-03T04:05:06Z' })
    expect(held.reason).toBeUndefined()
    expect(held.detail).toMatch(/^on hold since 2026-02-03T04:05:06Z \(certificateHold, not a revocation\) according to OCSP at \S+Z$/)

    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'revoked', at, reason: 8 } })))
    expect(await askCa(leaf.pem, issuer.pem, options())).toMatchObject({ state: 'good', source: 'ocsp' })
  })

  it('refuses an answer without nextUpdate more than 4 days old, and one whose nextUpdate is before its thisUpdate', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const revoked = { status: 'revoked' as const, at: new Date('2025-01-01T00:00:00Z'), reason: 1 }
    routes.set(ocspPath, async () =>
      ocspReply(
        await ocspAnswer({ leaf, issuer, status: revoked, thisUpdate: new Date(Date.now() - 4 * 24 * HOUR - 6 * 60_000), nextUpdate: null })
      )
    )
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    const old = await askCa(leaf.pem, issuer.pem, options())
    expect(old).toMatchObject({ state: 'good', source: 'crl' })
    expect(old.detail).toMatch(
      /\(OCSP: the OCSP answer is not current: it gives no nextUpdate and is more than 4 days old \(thisUpdate \S+Z\)\)$/
    )

    routes.set(ocspPath, async () =>
      ocspReply(
        await ocspAnswer({ leaf, issuer, status: revoked, thisUpdate: new Date(Date.now() - 4 * 24 * HOUR + 60_000), nextUpdate: null })
      )
    )
    expect(await askCa(leaf.pem, issuer.pem, options())).toMatchObject({ state: 'revoked', source: 'ocsp' })

    routes.set(ocspPath, async () =>
      ocspReply(
        await ocspAnswer({
          leaf,
          issuer,
          status: revoked,
          thisUpdate: new Date(Date.now() - HOUR),
          nextUpdate: new Date(Date.now() - 2 * HOUR)
        })
      )
    )
    expect((await askCa(leaf.pem, issuer.pem, options())).detail).toMatch(
      /\(OCSP: the OCSP answer is not current: its nextUpdate \(\S+Z\) is before its thisUpdate \(\S+Z\)\)$/
    )
  })

  it('falls back to GET /{base64 of the request} when the POST fails', async () => {
    const { leaf, ocspPath } = await leafFor()
    const answer = await ocspAnswer({ leaf, issuer, status: { status: 'good' } })
    routes.set(ocspPath, (request) => (request.method === 'POST' ? { status: 405 } : ocspReply(answer)))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'good', source: 'ocsp' })
    expect(seen.map((s) => s.method)).toEqual(['POST', 'GET'])
    expect(seen[1].headers.accept).toBe('application/ocsp-response')
    expect(logs).toContain('the OCSP responder did not take a POST (HTTP 405); asking by GET')
    const encoded = seen[1].path.slice(ocspPath.length + 1)
    const request = OCSPRequest.fromBER(Buffer.from(decodeURIComponent(encoded), 'base64'))
    expect(Buffer.from(request.tbsRequest.requestList[0].reqCert.serialNumber.valueBlock.valueHexView)).toEqual(Buffer.from(serialOf(leaf)))
  })

  it('accepts an answer from a responder that the issuer delegated (id-kp-OCSPSigning)', async () => {
    const { leaf, ocspPath } = await leafFor()
    const responder = await issue({ subject: 'Test OCSP Responder', issuer, extensions: [ocspSigning()] })
    routes.set(ocspPath, async () =>
      ocspReply(
        await ocspAnswer({
          leaf,
          issuer,
          signer: responder,
          certs: [responder],
          status: { status: 'revoked', at: new Date('2026-03-01T00:00:00Z'), reason: 4 }
        })
      )
    )

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'revoked', source: 'ocsp', reason: 'superseded' })
  })

  it('refuses a responder certificate of the issuer without id-kp-OCSPSigning, and reads the CRL', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const notDelegated = await issue({ subject: 'Test Web Server', issuer, extensions: [serverAuth()] })
    routes.set(ocspPath, async () =>
      ocspReply(await ocspAnswer({ leaf, issuer, signer: notDelegated, certs: [notDelegated], status: { status: 'good' } }))
    )
    routes.set(crlPath, async () =>
      crlReply(await crl({ issuer, revoked: [{ serialNumber: serialOf(leaf), at: new Date('2026-04-01T12:00:00Z'), reason: 1 }] }))
    )

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'revoked', source: 'crl', revokedAt: '2026-04-01T12:00:00Z', reason: 'keyCompromise' })
    expect(verdict.detail).toContain(
      '(OCSP: the OCSP answer was signed by a certificate of the issuer that is not delegated to sign OCSP (no id-kp-OCSPSigning))'
    )
  })

  it('refuses a delegated responder that another CA signed', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const otherCa = await ca('Other CA')
    const stranger = await issue({ subject: 'Test Issuing CA', issuer: otherCa, extensions: [ocspSigning()] })
    routes.set(ocspPath, async () =>
      ocspReply(await ocspAnswer({ leaf, issuer, signer: stranger, certs: [stranger], status: { status: 'good' } }))
    )
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'good', source: 'crl' })
    expect(verdict.detail).toContain('OCSP: the OCSP answer was signed by a responder certificate that the issuer did not sign')
  })

  it('refuses a delegated responder certificate that has expired', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const expired = await issue({
      subject: 'Old OCSP Responder',
      issuer,
      extensions: [ocspSigning()],
      notBefore: new Date(Date.now() - 60 * 24 * HOUR),
      notAfter: new Date(Date.now() - 24 * HOUR)
    })
    routes.set(ocspPath, async () =>
      ocspReply(await ocspAnswer({ leaf, issuer, signer: expired, certs: [expired], status: { status: 'good' } }))
    )
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'good', source: 'crl' })
    expect(verdict.detail).toContain('delegated responder certificate that is not valid now')
  })

  it('refuses a forged answer (the issuer named, another key signing) and falls back to the CRL', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const forger = await keyPair()
    const revokedAt = new Date('2026-05-01T00:00:00Z')
    routes.set(ocspPath, async () =>
      ocspReply(await ocspAnswer({ leaf, issuer, signingKey: forger.privateKey, status: { status: 'good' } }))
    )
    routes.set(crlPath, async () => crlReply(await crl({ issuer, revoked: [{ serialNumber: serialOf(leaf), at: revokedAt }] })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'revoked', source: 'crl', revokedAt: iso(revokedAt) })
    expect(verdict.detail).toMatch(
      /^revoked at 2026-05-01T00:00:00Z according to the CRL at \S+Z \(OCSP: the OCSP answer was not signed by the issuer or a responder it delegated\)$/
    )
    expect(logs.join('\n')).toContain('no usable answer from the OCSP responder')
  })

  it('refuses an answer about another certificate (CertID with another serial)', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, serialNumber: serial(), status: { status: 'good' } })))
    routes.set(crlPath, async () =>
      crlReply(await crl({ issuer, revoked: [{ serialNumber: serialOf(leaf), at: new Date('2026-05-02T00:00:00Z') }] }))
    )

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'revoked', source: 'crl' })
    expect(verdict.detail).toContain('OCSP: the OCSP answer is about another certificate')
  })

  it('refuses an answer past its nextUpdate, and one dated in the future', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, async () =>
      ocspReply(
        await ocspAnswer({
          leaf,
          issuer,
          status: { status: 'good' },
          thisUpdate: new Date(Date.now() - 3 * 24 * HOUR),
          nextUpdate: new Date(Date.now() - 2 * 24 * HOUR)
        })
      )
    )
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    const stale = await askCa(leaf.pem, issuer.pem, options())
    expect(stale).toMatchObject({ state: 'good', source: 'crl' })
    expect(stale.detail).toContain('OCSP: the OCSP answer is not current: it is out of date (nextUpdate ')

    // Both answers are an hour old; a clock two hours behind sees them an hour in the future.
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'good' } })))
    const early = await askCa(leaf.pem, issuer.pem, options({ now: () => new Date(Date.now() - 2 * HOUR) }))
    expect(early.state).toBe('no-answer')
    expect(early.detail).toMatch(
      /^OCSP: the OCSP answer is not current: it is dated in the future \(thisUpdate \S+\); CRL: the CRL is not current: it is dated in the future \(thisUpdate \S+\)$/
    )
  })

  it('reads the CRL when the responder does not know the certificate', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'unknown' } })))
    routes.set(crlPath, async () =>
      crlReply(await crl({ issuer, revoked: [{ serialNumber: serialOf(leaf), at: new Date('2026-06-01T00:00:00Z'), reason: 5 }] }))
    )
    expect(await askCa(leaf.pem, issuer.pem, options())).toMatchObject({ state: 'revoked', source: 'crl', reason: 'cessationOfOperation' })

    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    const unknown = await askCa(leaf.pem, issuer.pem, options())
    expect(unknown).toMatchObject({ state: 'unknown', source: 'ocsp' })
    expect(unknown.detail).toMatch(/^the OCSP responder does not know this certificate \(at \S+Z\); not listed in the CRL at \S+Z$/)
  })

  it('reads the CRL when the responder answers 503 or an OCSP error status', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, () => ({ status: 503 }))
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    const verdict = await askCa(leaf.pem, issuer.pem, options())
    expect(verdict).toMatchObject({ state: 'good', source: 'crl' })
    expect(verdict.detail).toMatch(/^not yet revoked according to the CRL at \S+Z \(OCSP: HTTP 503\)$/)
    expect(seen.map((s) => `${s.method} ${s.path.startsWith(ocspPath) ? 'ocsp' : 'crl'}`)).toEqual(['POST ocsp', 'GET ocsp', 'GET crl'])

    routes.set(ocspPath, () => ocspReply(ocspStatusOnly(3)))
    expect((await askCa(leaf.pem, issuer.pem, options())).detail).toContain('(OCSP: the responder answered tryLater)')
  })
})

describe('askCa: OCSP answers that say nothing', () => {
  it('gives both reasons when POST and GET fail differently, and one when they fail alike', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, (request) => ({ status: request.method === 'POST' ? 503 : 404 }))
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    expect((await askCa(leaf.pem, issuer.pem, options())).detail).toMatch(/ \(OCSP: POST: HTTP 503; GET: HTTP 404\)$/)

    routes.set(ocspPath, () => ({ status: 502 }))
    expect((await askCa(leaf.pem, issuer.pem, options())).detail).toMatch(/ \(OCSP: HTTP 502\)$/)
  })

  it.each([
    [1, 'malformedRequest'],
    [2, 'internalError'],
    [5, 'sigRequired'],
    [6, 'unauthorized'],
    [4, 'status 4']
  ])('names the OCSP error status %i (%s), and reads the CRL', async (status, words) => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, () => ocspReply(ocspStatusOnly(status)))
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    const verdict = await askCa(leaf.pem, issuer.pem, options())
    expect(verdict).toMatchObject({ state: 'good', source: 'crl' })
    expect(verdict.detail).toMatch(new RegExp(` \\(OCSP: the responder answered ${words}\\)$`))
  })

  it('says when the answer is not an OCSP response at all', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, () => ocspReply(Buffer.from('<html>maintenance</html>')))
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    expect((await askCa(leaf.pem, issuer.pem, options())).detail).toMatch(/ \(OCSP: the answer is not an OCSP response\)$/)
  })
})

describe('getUrl', () => {
  it('appends the URL-encoded base64 of the request as one path segment, with or without a trailing slash', () => {
    const request = new Uint8Array([0xfb, 0xff])
    expect(getUrl('http://ocsp.example.invalid/ocsp', request)).toBe('http://ocsp.example.invalid/ocsp/%2B%2F8%3D')
    expect(getUrl('http://ocsp.example.invalid/ocsp/', request)).toBe('http://ocsp.example.invalid/ocsp/%2B%2F8%3D')
  })
})

describe('askCa: CRL', () => {
  it('answers from the CRL alone when the certificate names no OCSP responder', async () => {
    const crlPath = '/crl-only/crl'
    const leaf = await issue({ subject: 'crl-only.example.test', issuer, extensions: [cdp(`${base}${crlPath}`)] })
    const thisUpdate = new Date(Date.now() - 5 * HOUR)
    routes.set(crlPath, async () => crlReply(await crl({ issuer, thisUpdate, revoked: [{ serialNumber: serial(), at: new Date() }] })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'good', source: 'crl', detail: `not yet revoked according to the CRL at ${iso(thisUpdate)}` })
  })

  it('gives no answer when the CRL signature does not verify and OCSP does not answer', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const forger = await keyPair()
    routes.set(ocspPath, () => ({ status: 503 }))
    routes.set(crlPath, async () =>
      crlReply(await crl({ issuer, signingKey: forger.privateKey, revoked: [{ serialNumber: serialOf(leaf), at: new Date() }] }))
    )

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toEqual({ state: 'no-answer', checkedAt: expect.any(String), detail: 'OCSP: HTTP 503; CRL: signature does not verify' })
  })

  it('refuses a CRL of another issuer, and one past its nextUpdate', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const other = await ca('Other CA')
    routes.set(ocspPath, () => ({ status: 500 }))
    routes.set(crlPath, async () => crlReply(await crl({ issuer: other })))
    expect((await askCa(leaf.pem, issuer.pem, options())).detail).toBe('OCSP: HTTP 500; CRL: the CRL is from another issuer')

    routes.set(crlPath, async () =>
      crlReply(await crl({ issuer, thisUpdate: new Date(Date.now() - 10 * 24 * HOUR), nextUpdate: new Date(Date.now() - 3 * 24 * HOUR) }))
    )
    expect((await askCa(leaf.pem, issuer.pem, options())).detail).toMatch(
      /; CRL: the CRL is not current: it is out of date \(nextUpdate \S+Z\)$/
    )
  })

  it('says on hold from the CRL when the responder does not know the certificate', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'unknown' } })))
    routes.set(crlPath, async () =>
      crlReply(await crl({ issuer, revoked: [{ serialNumber: serialOf(leaf), at: new Date('2026-03-04T00:00:00Z'), reason: 6 }] }))
    )

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'on-hold', source: 'crl', revokedAt: '2026-03-04T00:00:00Z' })
    expect(verdict.detail).toMatch(
      /^on hold since 2026-03-04T00:00:00Z \(certificateHold, not a revocation\) according to the CRL at \S+Z$/
    )
  })

  it('says unknown, from OCSP, with why the CRL said nothing, when the responder does not know the certificate', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const thisUpdate = new Date(Date.now() - 2 * HOUR)
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'unknown' }, thisUpdate })))
    routes.set(crlPath, () => ({ status: 404 }))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toEqual({
      state: 'unknown',
      source: 'ocsp',
      checkedAt: expect.any(String),
      detail: `the OCSP responder does not know this certificate (at ${iso(thisUpdate)}); CRL: HTTP 404`
    })
    expect(logs).toContain(`the OCSP responder ${base}${ocspPath} does not know this certificate; reading the CRL`)
    expect(logs).toContain(`no usable CRL from ${base}${crlPath}: HTTP 404`)
  })

  it('works with an RSA issuer as well', async () => {
    const rsaIssuer = await ca('Test RSA Issuing CA', 'rsa')
    const { leaf, ocspPath, crlPath } = await leafFor(rsaIssuer)
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer: rsaIssuer, status: { status: 'good' } })))
    expect(await askCa(leaf.pem, rsaIssuer.pem, options())).toMatchObject({ state: 'good', source: 'ocsp' })

    routes.set(ocspPath, () => ({ status: 404 }))
    routes.set(crlPath, async () =>
      crlReply(
        await crl({ issuer: rsaIssuer, revoked: [{ serialNumber: serialOf(leaf), at: new Date('2026-07-01T00:00:00Z'), reason: 1 }] })
      )
    )
    expect(await askCa(leaf.pem, rsaIssuer.pem, options())).toMatchObject({ state: 'revoked', source: 'crl', reason: 'keyCompromise' })
  })
})

describe('askCa: a certificate that names a responder and no CRL', () => {
  /** A leaf whose AIA names this test's responder, and which has no CRL Distribution Points. */
  async function ocspOnly(): Promise<{ leaf: Issued; ocspPath: string }> {
    scenarios += 1
    const ocspPath = `/s${scenarios}/ocsp-only`
    const leaf = await issue({
      subject: `ocsp-only ${scenarios}.example.test`,
      issuer,
      extensions: [aia(`${base}${ocspPath}`), serverAuth()]
    })
    return { leaf, ocspPath }
  }

  it('answers from OCSP alone', async () => {
    const { leaf, ocspPath } = await ocspOnly()
    const thisUpdate = new Date(Date.now() - 3 * HOUR)
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'good' }, thisUpdate })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toEqual({
      state: 'good',
      source: 'ocsp',
      checkedAt: expect.any(String),
      detail: `not yet revoked according to OCSP at ${iso(thisUpdate)}`
    })
    expect(seen.map((s) => s.path)).toEqual([ocspPath])
    expect(logs.filter((m) => m.startsWith('asking only'))).toEqual([])
  })

  it('says unknown, from OCSP, when the responder does not know the certificate and there is no CRL to read', async () => {
    const { leaf, ocspPath } = await ocspOnly()
    const thisUpdate = new Date(Date.now() - 2 * HOUR)
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'unknown' }, thisUpdate })))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toEqual({
      state: 'unknown',
      source: 'ocsp',
      checkedAt: expect.any(String),
      detail: `the OCSP responder does not know this certificate (at ${iso(thisUpdate)}); CRL: the certificate names no CRL`
    })
    expect(logs).toContain(`the OCSP responder ${base}${ocspPath} does not know this certificate; reading the CRL`)
    expect(seen).toHaveLength(1)
  })

  it('gives no answer, saying there is no CRL, when the responder does not answer', async () => {
    const { leaf, ocspPath } = await ocspOnly()
    routes.set(ocspPath, () => ({ status: 503 }))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toEqual({
      state: 'no-answer',
      checkedAt: expect.any(String),
      detail: 'OCSP: HTTP 503; CRL: the certificate names no CRL'
    })
  })
})

describe('askCa: what is asked, and how', () => {
  it('is not checkable when the certificate names neither a responder nor a CRL', async () => {
    const leaf = await issue({ subject: 'bare.example.test', issuer, extensions: [serverAuth()] })

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toEqual({
      state: 'not-checkable',
      checkedAt: expect.any(String),
      detail: 'the certificate names no OCSP responder and no CRL over http or https'
    })
    expect(seen).toHaveLength(0)
  })

  it('ignores URLs other than http and https', async () => {
    const onlyOthers = await issue({
      subject: 'ldap.example.test',
      issuer,
      extensions: [aia('ldap://ocsp.example.invalid/ocsp'), cdp('file:///etc/passwd')]
    })
    expect(await askCa(onlyOthers.pem, issuer.pem, options())).toMatchObject({
      state: 'not-checkable',
      detail: 'the certificate names no OCSP responder and no CRL over http or https (ignored: ldap:, file:)'
    })

    const crlPath = '/mixed/crl'
    const mixed = await issue({
      subject: 'mixed.example.test',
      issuer,
      extensions: [aia('ldap://ocsp.example.invalid/ocsp'), cdp('file:///etc/passwd', `${base}${crlPath}`)]
    })
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))
    expect(await askCa(mixed.pem, issuer.pem, options())).toMatchObject({ state: 'good', source: 'crl' })
    expect(seen.map((s) => s.path)).toEqual([crlPath])
    expect(logs).toContain('ignoring the OCSP responder ldap://ocsp.example.invalid/ocsp: only http and https are asked')
    expect(logs).toContain('ignoring the CRL file:///etc/passwd: only http and https are asked')
  })

  it('names what it ignored by scheme, and a URL without one as an invalid URL', async () => {
    const leaf = await issue({
      subject: 'odd-schemes.example.test',
      issuer,
      extensions: [
        aia('ocsp.example.invalid/ocsp', 'svn+ssh://ocsp.example.invalid/'),
        cdp('//crl.example.invalid/a:b', 'z39.50r://crl.example.invalid/ca', 'view-source:http://crl.example.invalid/ca.crl')
      ]
    })

    expect(await askCa(leaf.pem, issuer.pem, options())).toEqual({
      state: 'not-checkable',
      checkedAt: expect.any(String),
      detail:
        'the certificate names no OCSP responder and no CRL over http or https (ignored: an invalid URL, svn+ssh:, z39.50r:, view-source:)'
    })
    expect(logs).toContain('ignoring the OCSP responder ocsp.example.invalid/ocsp: only http and https are asked')
    expect(logs).toContain('ignoring the CRL //crl.example.invalid/a:b: only http and https are asked')
    expect(seen).toEqual([])
  })

  it('asks all of 3 URLs of a kind without saying it asks only some', async () => {
    const paths = ['/three/crl1', '/three/crl2', '/three/crl3']
    const leaf = await issue({ subject: 'three.example.test', issuer, extensions: [cdp(...paths.map((p) => `${base}${p}`))] })
    routes.set(paths[0], () => ({ status: 404 }))
    routes.set(paths[1], () => ({ status: 500 }))
    routes.set(paths[2], () => ({ status: 404 }))

    expect(await askCa(leaf.pem, issuer.pem, options())).toMatchObject({
      state: 'no-answer',
      detail: 'OCSP: the certificate names no responder; CRL: HTTP 404 / HTTP 500'
    })
    expect(seen.map((s) => s.path)).toEqual(paths)
    expect(logs.filter((m) => m.startsWith('asking only'))).toEqual([])
    expect(logs).toContain(`no usable CRL from ${base}${paths[1]}: HTTP 500`)
  })

  it("sends the action's name as User-Agent, or the one it is given", async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, () => ({ status: 503 }))
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))

    await askCa(leaf.pem, issuer.pem, options())
    expect(seen.map((s) => s.headers['user-agent'])).toEqual(['digicert-revoke-action', 'digicert-revoke-action', 'digicert-revoke-action'])

    seen = []
    await askCa(leaf.pem, issuer.pem, options({ userAgent: 'mirror-check/2' }))
    expect(seen.map((s) => s.headers['user-agent'])).toEqual(['mirror-check/2', 'mirror-check/2', 'mirror-check/2'])
  })

  it('tries the next URL of a kind when one gives no answer, at most 3 of each kind', async () => {
    const paths = ['/many/crl1', '/many/crl2', '/many/crl3', '/many/crl4']
    const leaf = await issue({ subject: 'many.example.test', issuer, extensions: [cdp(...paths.map((p) => `${base}${p}`))] })
    for (const path of paths) routes.set(path, () => ({ status: 404 }))
    routes.set(paths[2], async () => crlReply(await crl({ issuer })))
    expect(await askCa(leaf.pem, issuer.pem, options())).toMatchObject({ state: 'good', source: 'crl' })
    expect(seen.map((s) => s.path)).toEqual(paths.slice(0, 3))

    seen = []
    routes.set(paths[2], () => ({ status: 404 }))
    routes.set(paths[3], async () => crlReply(await crl({ issuer })))
    expect(await askCa(leaf.pem, issuer.pem, options())).toMatchObject({
      state: 'no-answer',
      detail: 'OCSP: the certificate names no responder; CRL: HTTP 404'
    })
    expect(seen.map((s) => s.path)).toEqual(paths.slice(0, 3))
    expect(logs).toContain('asking only the first 3 of the 4 CRL URLs the certificate names')
  })

  it('refuses answers over the size caps, whether announced or streamed', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, () => ocspReply(Buffer.alloc(4096)))
    routes.set(crlPath, () => ({ body: Buffer.alloc(64 * 1024), chunked: true }))

    const verdict = await askCa(leaf.pem, issuer.pem, options({ maxOcspBytes: 1024, maxCrlBytes: 16 * 1024 }))

    expect(verdict).toMatchObject({
      state: 'no-answer',
      detail: 'OCSP: the answer is larger than 1 KiB; CRL: the answer is larger than 16 KiB'
    })
    expect(seen.filter((s) => s.path.startsWith(ocspPath))).toHaveLength(1) // no GET after an oversized POST answer
  })

  it('gives up on a responder that does not answer within the timeout, without asking again', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, () => 'hang')
    routes.set(crlPath, async () => crlReply(await crl({ issuer })))

    const started = Date.now()
    const verdict = await askCa(leaf.pem, issuer.pem, options({ timeoutMs: 300 }))

    expect(Date.now() - started).toBeLessThan(3000)
    expect(verdict).toMatchObject({ state: 'good', source: 'crl' })
    expect(verdict.detail).toMatch(/\(OCSP: no answer within 0\.3 s\)$/)
    expect(seen.filter((s) => s.path.startsWith(ocspPath))).toHaveLength(1)

    routes.set(crlPath, () => 'hang')
    expect((await askCa(leaf.pem, issuer.pem, options({ timeoutMs: 300 }))).detail).toBe(
      'OCSP: no answer within 0.3 s; CRL: no answer within 0.3 s'
    )
  })

  it('follows redirects to the same scheme only, at most 3', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    routes.set(ocspPath, () => ({ status: 307, headers: { Location: `https://127.0.0.1:1${ocspPath}` } }))
    routes.set(`${crlPath}-moved`, async () => crlReply(await crl({ issuer })))
    routes.set(crlPath, () => ({ status: 302, headers: { Location: `${crlPath}-moved` } }))

    const verdict = await askCa(leaf.pem, issuer.pem, options())

    expect(verdict).toMatchObject({ state: 'good', source: 'crl' })
    expect(verdict.detail).toContain('(OCSP: a redirect from http: to https: was refused)')
    expect(seen.map((s) => s.path)).toEqual([ocspPath, crlPath, `${crlPath}-moved`])

    let hops = 0
    routes.set(crlPath, () => ({ status: 301, headers: { Location: `${crlPath}/${++hops}` } }))
    const looping = await askCa(leaf.pem, issuer.pem, options())
    expect(looping.detail).toBe('OCSP: a redirect from http: to https: was refused; CRL: more than 3 redirects')
    expect(hops).toBe(4)
  })

  it('puts outside text in the detail on one short line, redacted', async () => {
    const { leaf, ocspPath, crlPath } = await leafFor()
    const text = `maintenance\n\u001b[31mtoken SECRET-VALUE-123 \u2028${'x'.repeat(500)}`
    routes.set(ocspPath, () => ({ status: 503, body: text, headers: { 'Content-Type': 'text/plain' } }))
    routes.set(crlPath, () => ({ status: 502, body: '<html>\r\n<b>bad gateway</b></html>', headers: { 'Content-Type': 'text/html' } }))

    const verdict = await askCa(leaf.pem, issuer.pem, options({ redact: (t) => t.split('SECRET-VALUE-123').join('***') }))

    expect(verdict.state).toBe('no-answer')
    expect(verdict.detail).not.toMatch(/[\n\r\u001b\u2028]/)
    expect(verdict.detail).not.toContain('SECRET-VALUE-123')
    expect(verdict.detail).toContain('OCSP: HTTP 503 (maintenance token *** ')
    expect(verdict.detail).toContain('CRL: HTTP 502 (<html> <b>bad gateway</b></html>)')
    expect(verdict.detail.length).toBeLessThan(300)
  })

  it('asks no loopback, link-local or private address unless base-url is on one, and names the refused hosts', async () => {
    const { leaf, ocspPath } = await leafFor()
    routes.set(ocspPath, async () =>
      ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'revoked', at: new Date(), reason: 1 } }))
    )

    const strict = await askCa(leaf.pem, issuer.pem, options({ addresses: undefined }))
    expect(strict.state).toBe('no-answer')
    expect(strict.detail).toMatch(/^OCSP: refused 127\.0\.0\.1: a loopback address/)
    expect(strict.detail).toMatch(/; CRL: refused 127\.0\.0\.1: a loopback address/)
    expect(seen).toEqual([])

    const metadata = await issue({
      subject: 'metadata.example.test',
      issuer,
      extensions: [aia('http://169.254.169.254/latest/meta-data/iam/'), cdp('http://2886729729/ca.crl', 'http://[::ffff:10.0.0.1]/ca.crl')]
    })
    const verdict = await askCa(metadata.pem, issuer.pem, options())
    expect(verdict.state).toBe('no-answer')
    expect(verdict.detail).toBe(
      'OCSP: refused 169.254.169.254: a link-local (cloud metadata) address, and only public ones are asked; ' +
        'CRL: refused 172.16.0.1: a private address, and only public ones are asked / ' +
        'refused ::ffff:a00:1: a private address, and only public ones are asked'
    )
    expect(seen).toEqual([])
  })

  it('is not checkable when the certificate given as issuer did not sign the leaf', async () => {
    const { leaf } = await leafFor()
    const other = await ca('Test Issuing CA') // same name, another key

    const verdict = await askCa(leaf.pem, other.pem, options())

    expect(verdict).toMatchObject({ state: 'not-checkable', detail: 'the certificate given as its issuer did not sign it' })
    expect(seen).toHaveLength(0)
  })

  it('is not checkable when a certificate cannot be read', async () => {
    expect(await askCa('not a certificate', issuer.pem, options())).toMatchObject({
      state: 'not-checkable',
      detail: 'the certificate could not be read'
    })
    const { leaf } = await leafFor()
    expect(await askCa(leaf.pem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', options())).toMatchObject({
      state: 'not-checkable',
      detail: "the issuer's certificate could not be read"
    })
  })

  it('uses the clock it is given for checkedAt', async () => {
    const { leaf, ocspPath } = await leafFor()
    routes.set(ocspPath, async () => ocspReply(await ocspAnswer({ leaf, issuer, status: { status: 'good' } })))
    const now = new Date(Date.now() + 60_000)
    expect((await askCa(leaf.pem, issuer.pem, options({ now: () => now }))).checkedAt).toBe(iso(now))
  })
})
