/** HTTP for OCSP and CRLs against a real server on loopback: what is sent, redirects, limits and failures. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  describeFetchError,
  fetchBytes,
  FetchFailure,
  httpProblem,
  MAX_REDIRECTS,
  seconds,
  size,
  webUrl,
  type Exchange
} from '../../src/ca/fetch.js'

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

let server: Server
let origin: string
let received: Received[] = []
/** How the server answers each request; by default 200 with three bytes. */
let answer: (req: IncomingMessage, res: ServerResponse) => void
const fine = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/ocsp-response' })
  res.end(Buffer.from([1, 2, 3]))
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      answer(req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterEach(() => {
  received = []
  answer = fine
  server.closeAllConnections()
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const limits = { timeoutMs: 3000, maxBytes: 1024, userAgent: 'fetch-test/1.0' }
const get = (path: string, more: Partial<Exchange> = {}) => ({
  method: 'GET' as const,
  url: `${origin}${path}`,
  accept: 'application/pkix-crl',
  ...more
})

/** The FetchFailure a fetch ends with (the test fails if it succeeds or throws anything else). */
async function failure(exchange: Exchange, with_ = limits): Promise<FetchFailure> {
  const error = await fetchBytes(exchange, with_).then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  expect(error).toBeInstanceOf(FetchFailure)
  return error as FetchFailure
}

describe('fetchBytes', () => {
  it('GETs with the Accept header and user agent it is given, no body, and gives back the status, URL, type and bytes', async () => {
    answer = fine
    const fetched = await fetchBytes(get('/crl/ca.crl'), limits)
    expect(fetched).toEqual({
      status: 200,
      url: `${origin}/crl/ca.crl`,
      contentType: 'application/ocsp-response',
      body: Buffer.from([1, 2, 3])
    })
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ method: 'GET', url: '/crl/ca.crl', body: Buffer.alloc(0) })
    expect(received[0].headers).toMatchObject({ accept: 'application/pkix-crl', 'user-agent': 'fetch-test/1.0' })
    expect(received[0].headers['content-type']).toBeUndefined()
    // One exchange per CA request: the connection is not kept for another.
    expect(received[0].headers.connection).toBe('close')
  })

  it('POSTs a body with its length and type, application/octet-stream when none is given', async () => {
    const body = new Uint8Array([48, 3, 2, 1, 0])
    await fetchBytes(get('/ocsp', { method: 'POST', body, contentType: 'application/ocsp-request' }), limits)
    await fetchBytes(get('/ocsp', { method: 'POST', body }), limits)
    expect(received.map((r) => [r.method, r.headers['content-type'], r.headers['content-length'], [...r.body]])).toEqual([
      ['POST', 'application/ocsp-request', '5', [48, 3, 2, 1, 0]],
      ['POST', 'application/octet-stream', '5', [48, 3, 2, 1, 0]]
    ])
  })

  it('gives an answer without a Content-Type an empty one', async () => {
    answer = (_req, res) => res.end('x')
    expect(await fetchBytes(get('/x'), limits)).toMatchObject({ status: 200, contentType: '', body: Buffer.from('x') })
  })

  it(`follows up to ${MAX_REDIRECTS} redirects, relative ones too, and reports the URL that answered`, async () => {
    answer = (req, res) => {
      const hop = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1])
      if (hop < MAX_REDIRECTS) {
        res.writeHead([301, 302, 307][hop], { Location: `/hop/${hop + 1}` })
        return void res.end()
      }
      fine(req, res)
    }
    const fetched = await fetchBytes(get('/hop/0'), limits)
    expect(fetched).toMatchObject({ status: 200, url: `${origin}/hop/${MAX_REDIRECTS}` })
    expect(received.map((r) => r.url)).toEqual(['/hop/0', '/hop/1', '/hop/2', '/hop/3'])
  })

  it('refuses one redirect more than that, and says so', async () => {
    answer = (req, res) => {
      res.writeHead(308, { Location: `${req.url}x` })
      res.end()
    }
    const error = await failure(get('/loop'))
    expect(error.message).toBe(`more than ${MAX_REDIRECTS} redirects`)
    expect(error.final).toBe(false)
    expect(received).toHaveLength(MAX_REDIRECTS + 1)
  })

  it('gives back a redirect status without a Location as the answer', async () => {
    answer = (_req, res) => {
      res.writeHead(302)
      res.end()
    }
    expect(await fetchBytes(get('/moved'), limits)).toMatchObject({ status: 302, url: `${origin}/moved` })
    expect(received).toHaveLength(1)
  })

  it('refuses a redirect to another scheme, and one to a URL that cannot be read, as final', async () => {
    answer = (_req, res) => {
      res.writeHead(303, { Location: 'https://127.0.0.1:1/crl' })
      res.end()
    }
    const scheme = await failure(get('/to-https'))
    expect([scheme.message, scheme.final]).toEqual(['a redirect from http: to https: was refused', true])

    answer = (_req, res) => {
      res.writeHead(301, { Location: 'http://[not-a-host/' })
      res.end()
    }
    const invalid = await failure(get('/to-nowhere'))
    expect([invalid.message, invalid.final]).toEqual(['an invalid URL', true])
  })

  it('refuses an answer that declares more than the cap, or sends more without saying, as final', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '1025' })
      res.end(Buffer.alloc(1025))
    }
    const declared = await failure(get('/big'))
    expect([declared.message, declared.final]).toEqual(['the answer is larger than 1 KiB', true])

    answer = (_req, res) => {
      res.writeHead(200) // chunked: no length is declared
      res.write(Buffer.alloc(1000))
      res.end(Buffer.alloc(25))
    }
    const sent = await failure(get('/big'))
    expect([sent.message, sent.final]).toEqual(['the answer is larger than 1 KiB', true])

    answer = (_req, res) => {
      res.writeHead(200)
      res.end(Buffer.alloc(1024))
    }
    expect((await fetchBytes(get('/exactly'), limits)).body).toHaveLength(1024)
  })

  it('says when the connection closes before the answer is complete', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' })
      res.write(Buffer.alloc(10))
      setTimeout(() => res.socket?.destroy(), 20)
    }
    const error = await failure(get('/cut'))
    expect(error.message).toBe('the connection was dropped (ECONNRESET)')
    expect(error.final).toBe(false)
  })

  it('gives up at the deadline even while bytes still trickle in, as final', async () => {
    answer = (_req, res) => {
      res.writeHead(200)
      const drip = setInterval(() => res.write('.'), 20)
      res.on('close', () => clearInterval(drip))
    }
    const started = Date.now()
    const error = await failure(get('/slow'), { ...limits, timeoutMs: 300 })
    expect([error.message, error.final]).toEqual(['no answer within 0.3 s', true])
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('puts a refused connection in words, not as final', async () => {
    const error = await failure({ method: 'GET', url: 'http://127.0.0.1:1/crl', accept: '*/*' })
    expect([error.message, error.final]).toEqual(['connection refused (ECONNREFUSED)', false])
    expect(error.name).toBe('FetchFailure')
  })
})

describe('webUrl', () => {
  it('takes http and https URLs, and refuses any other scheme or no URL at all, as final', () => {
    expect(webUrl('http://ocsp.example.invalid/').href).toBe('http://ocsp.example.invalid/')
    expect(webUrl('https://ocsp.example.invalid/x').href).toBe('https://ocsp.example.invalid/x')
    for (const [url, message] of [
      ['ldap://ldap.example.invalid/cn=CA', 'only http and https are asked, not ldap:'],
      ['file:///etc/passwd', 'only http and https are asked, not file:'],
      ['not a url', 'an invalid URL']
    ]) {
      let thrown: unknown
      try {
        webUrl(url)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(FetchFailure)
      expect([(thrown as FetchFailure).message, (thrown as FetchFailure).final]).toEqual([message, true])
    }
  })
})

describe('describeFetchError', () => {
  const error = (code: string | undefined, message: string) => Object.assign(new Error(message), { code })
  it.each([
    [undefined, 'Request timeout: /crl', 'the connection went silent (socket timeout)'],
    ['ECONNRESET', 'tunneling socket could not be established', 'the proxy could not be reached, or refused the tunnel'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'connection refused (ECONNREFUSED)'],
    ['ECONNRESET', 'socket hang up', 'the connection was dropped (ECONNRESET)'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND ocsp.example.invalid', 'host name not resolved (ENOTFOUND)'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN ocsp.example.invalid', 'host name not resolved (EAI_AGAIN)'],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'unable to verify',
      "the server's TLS certificate could not be verified (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"
    ],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'altname', "the server's TLS certificate could not be verified (ERR_TLS_CERT_ALTNAME_INVALID)"],
    ['EPIPE', 'write EPIPE', 'write EPIPE'],
    ['EHOSTUNREACH', 'no route', 'EHOSTUNREACH: no route'],
    [undefined, 'something odd', 'something odd'],
    // Only a message that starts with them is a socket timeout or a failed tunnel.
    ['EPROTO', 'after Request timeout', 'EPROTO: after Request timeout'],
    ['EPROTO', 'no tunneling socket', 'EPROTO: no tunneling socket']
  ])('%s %s: %s', (code, message, words) => {
    expect(describeFetchError(error(code, message), message)).toBe(words)
  })
})

describe('httpProblem, seconds and size', () => {
  const fetched = (contentType: string, body: string) => ({
    status: 503,
    url: 'http://ocsp.example.invalid/',
    contentType,
    body: Buffer.from(body)
  })
  const outside = (text: string, limit = 0) => `[${text.trim()}|${limit}]`

  it('quotes a text or JSON answer through the outside-text path, and nothing of a binary or empty one', () => {
    expect(httpProblem(fetched('text/plain', 'try later'), outside)).toBe('HTTP 503 ([try later|60])')
    expect(httpProblem(fetched('Application/JSON', '{}'), outside)).toBe('HTTP 503 ([{}|60])')
    expect(httpProblem(fetched('application/problem+json', '{}'), outside)).toBe('HTTP 503 ([{}|60])')
    expect(httpProblem(fetched('application/octet-stream', 'binary'), outside)).toBe('HTTP 503')
    expect(httpProblem(fetched('text/html', ''), () => '')).toBe('HTTP 503')
  })

  it('gives at most 512 bytes of the body to be quoted', () => {
    let given = ''
    httpProblem(fetched('text/plain', 'x'.repeat(600)), (text) => (given = text))
    expect(given).toBe('x'.repeat(512))
  })

  it('writes durations in seconds, and sizes in the largest whole unit', () => {
    expect(seconds(300)).toBe('0.3 s')
    expect(seconds(1500)).toBe('1.5 s')
    expect(seconds(10_000)).toBe('10 s')
    expect(size(1024 * 1024)).toBe('1 MiB')
    expect(size(3 * 1024 * 1024)).toBe('3 MiB')
    expect(size(1024 * 1024 + 1024)).toBe('1025 KiB')
    expect(size(2048)).toBe('2 KiB')
    expect(size(1024)).toBe('1 KiB')
    expect(size(1500)).toBe('1500 bytes')
    expect(size(512)).toBe('512 bytes')
  })
})
