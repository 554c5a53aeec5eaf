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
  type Exchange,
  type FetchLimits
} from '../../src/ca/fetch.js'
import type { AddressPolicy } from '../../src/ca/addresses.js'

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

/** The test server is on loopback, so base-url is too (as in the e2e tests): loopback addresses are allowed. */
const onLoopback: AddressPolicy = { baseUrl: 'http://127.0.0.1:8080/services/v2' }
const limits: FetchLimits = { timeoutMs: 3000, maxBytes: 1024, userAgent: 'fetch-test/1.0', addresses: onLoopback }
const get = (path: string, more: Partial<Exchange> = {}) => ({
  method: 'GET' as const,
  url: `${origin}${path}`,
  accept: 'application/pkix-crl',
  ...more
})

/** Waits until `done` says yes, or `ms` have passed. */
async function until(done: () => boolean, ms: number): Promise<void> {
  for (const started = Date.now(); !done() && Date.now() - started < ms;) await new Promise((resolve) => setTimeout(resolve, 10))
}

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
      headers: expect.objectContaining({ 'content-type': 'application/ocsp-response' }),
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

  it('gives back a 401 as the answer, as any other status: no authentication is attempted', async () => {
    answer = (_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="ca"' })
      res.end('who?')
    }
    expect(await fetchBytes(get('/private.crl'), limits)).toMatchObject({ status: 401, body: Buffer.from('who?') })
    expect(received).toHaveLength(1)
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

  it("closes a redirect's connection, its body unread, before following it", async () => {
    let firstClosed = false
    let closedBeforeNext: boolean | undefined
    answer = (req, res) => {
      if (req.url === '/moving') {
        res.writeHead(302, { Location: '/moved' })
        res.write('a body that does not end')
        const drip = setInterval(() => res.write('.'), 20)
        req.socket.on('close', () => {
          clearInterval(drip)
          firstClosed = true
        })
        return
      }
      // The first connection is closed at once, unless it is left open (then this gives up after 500 ms).
      void until(() => firstClosed, 500).then(() => {
        closedBeforeNext = firstClosed
        fine(req, res)
      })
    }
    expect(await fetchBytes(get('/moving'), limits)).toMatchObject({ status: 200, url: `${origin}/moved` })
    expect(closedBeforeNext).toBe(true)
  })

  it('with followRedirects false, gives the redirect itself as the answer, its headers included', async () => {
    answer = (_req, res) => {
      res.writeHead(302, { Location: 'http://169.254.169.254/elsewhere', 'Replay-Nonce': 'abc' })
      res.end('moved')
    }
    const fetched = await fetchBytes(get('/directory', { followRedirects: false }), limits)
    expect(fetched).toMatchObject({ status: 302, url: `${origin}/directory`, body: Buffer.from('moved') })
    expect(fetched.headers).toMatchObject({ location: 'http://169.254.169.254/elsewhere', 'replay-nonce': 'abc' })
    expect(received.map((r) => r.url)).toEqual(['/directory'])
  })

  it('sends HEAD without reading a body, and a string body as UTF-8 with its byte length', async () => {
    const head = await fetchBytes(get('/nonce', { method: 'HEAD' }), limits)
    expect(head).toMatchObject({ status: 200, body: Buffer.alloc(0) })
    await fetchBytes(get('/post', { method: 'POST', body: '{"é":1}', contentType: 'application/jose+json' }), limits)
    expect(received.map((r) => [r.method, r.headers['content-type'], r.headers['content-length'], r.body.toString('utf8')])).toEqual([
      ['HEAD', undefined, undefined, ''],
      ['POST', 'application/jose+json', '8', '{"é":1}']
    ])
  })

  it('takes the Content-Length of a HEAD answer for what a GET would bring, not for a body to read', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '5000' })
      res.end()
    }
    const head = await fetchBytes(get('/nonce', { method: 'HEAD' }), limits)
    expect(head).toMatchObject({ status: 200, body: Buffer.alloc(0) })
    expect(head.headers['content-length']).toBe('5000')
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
    expect([declared.message, declared.final, declared.timedOut]).toEqual(['the answer is larger than 1 KiB', true, false])

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

    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '1024' })
      res.end(Buffer.alloc(1024))
    }
    expect((await fetchBytes(get('/declared-exactly'), limits)).body).toHaveLength(1024)
  })

  it('refuses an answer that declares more than the cap as soon as it says so, without waiting for its body', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '1025' })
      res.flushHeaders() // and nothing more: the body never comes
    }
    const error = await failure(get('/big'), { ...limits, timeoutMs: 1000 })
    expect([error.message, error.final, error.timedOut]).toEqual(['the answer is larger than 1 KiB', true, false])
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
    expect([error.message, error.final, error.timedOut]).toEqual(['no answer within 0.3 s', true, true])
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('at the deadline, closes a connection whose answer has not even begun', async () => {
    let closed = false
    answer = (_req, res) => {
      const socket = res.socket!
      socket.write('HTTP/1.1 200 OK\r\n') // the status line, then header lines that never end
      const drip = setInterval(() => socket.write('X-Drip: .\r\n'), 20)
      socket.on('close', () => {
        clearInterval(drip)
        closed = true
      })
    }
    const error = await failure(get('/stalling'), { ...limits, timeoutMs: 300 })
    expect(error.message).toBe('no answer within 0.3 s')
    await until(() => closed, 1000)
    expect(closed).toBe(true)
  })

  it('leaves no timer running once the answer is in', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length
    const before = timers()
    expect((await fetchBytes(get('/crl'), { ...limits, timeoutMs: 60_000 })).status).toBe(200)
    // At most as many as before (a timer of an earlier test may have ended meanwhile): the deadline's is cleared.
    expect(timers()).toBeLessThanOrEqual(before)
  })

  it('puts a refused connection in words, not as final', async () => {
    const error = await failure({ method: 'GET', url: 'http://127.0.0.1:1/crl', accept: '*/*' })
    expect([error.message, error.final]).toEqual(['connection refused (ECONNREFUSED)', false])
    expect(error.name).toBe('FetchFailure')
  })
})

describe('fetchBytes: the addresses URLs from outside may reach', () => {
  const port = () => new URL(origin).port
  /** Names resolved from a table, as the connection's own lookup would; others do not resolve. */
  const resolve = (table: Record<string, string>) => async (hostname: string) => {
    if (!table[hostname]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return [{ address: table[hostname], family: 4 }]
  }

  it('reaches no loopback address by default, in any spelling, and sends nothing', async () => {
    const strict: FetchLimits = { ...limits, addresses: undefined }
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '127.1', '[::ffff:127.0.0.1]']) {
      const error = await failure({ method: 'GET', url: `http://${host}:${port()}/crl`, accept: '*/*' }, strict)
      expect(error.message).toMatch(/^refused (127\.0\.0\.1|::ffff:7f00:1): a loopback address, and only public ones are asked$/)
      expect(error.final).toBe(true)
    }
    expect(received).toEqual([])
  })

  it('checks a name in the lookup the connection uses: refused when it resolves to loopback, connected when allowed', async () => {
    const addresses: AddressPolicy = { resolve: resolve({ 'ca.test.invalid': '127.0.0.1' }) }
    const refused = await failure({ method: 'GET', url: `http://ca.test.invalid:${port()}/crl`, accept: '*/*' }, { ...limits, addresses })
    expect(refused.message).toMatch(/^refused ca\.test\.invalid, at 127\.0\.0\.1: a loopback address/)
    expect(received).toEqual([])

    // The same name with base-url on loopback: the .invalid name reaches the server only through that lookup.
    const fetched = await fetchBytes(
      { method: 'GET', url: `http://ca.test.invalid:${port()}/crl`, accept: '*/*' },
      { ...limits, addresses: { ...onLoopback, resolve: addresses.resolve } }
    )
    expect(fetched.status).toBe(200)
    expect(received.map((r) => [r.url, r.headers.host])).toEqual([['/crl', `ca.test.invalid:${port()}`]])
  })

  it('checks again at each redirect: to cloud metadata, by address or by a name that resolves to it', async () => {
    const addresses: AddressPolicy = { ...onLoopback, resolve: resolve({ 'metadata.test.invalid': '169.254.169.254' }) }
    for (const target of [
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.test.invalid/latest/meta-data/',
      'http://0xa9fea9fe/'
    ]) {
      answer = (_req, res) => {
        res.writeHead(302, { Location: target })
        res.end()
      }
      const error = await failure(get('/redirected'), { ...limits, addresses })
      expect(error.message).toMatch(/^refused (\S+, at )?169\.254\.169\.254: a link-local \(cloud metadata\) address/)
      expect(error.final).toBe(true)
    }
    expect(received.map((r) => r.url)).toEqual(['/redirected', '/redirected', '/redirected'])
  })

  it("resolves base-url's host once for all the fetches under one policy", async () => {
    const asked: string[] = []
    const addresses: AddressPolicy = {
      baseUrl: 'http://base.test.invalid/services/v2',
      resolve: (hostname) => {
        asked.push(hostname)
        return resolve({ 'base.test.invalid': '127.0.0.1' })(hostname)
      }
    }
    for (const path of ['/one', '/two', '/three']) expect((await fetchBytes(get(path), { ...limits, addresses })).status).toBe(200)
    expect(asked).toEqual(['base.test.invalid'])
    expect(received.map((r) => r.url)).toEqual(['/one', '/two', '/three'])
  })

  it('takes only an error that starts with "Request timeout" for a timeout', async () => {
    const addresses: AddressPolicy = {
      ...onLoopback,
      resolve: () =>
        Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN ca.test.invalid (upstream: Request timeout)'), { code: 'EAI_AGAIN' }))
    }
    const error = await failure({ method: 'GET', url: `http://ca.test.invalid:${port()}/crl`, accept: '*/*' }, { ...limits, addresses })
    expect([error.message, error.final, error.timedOut]).toEqual(['host name not resolved (EAI_AGAIN)', false, false])
  })

  it('lets an exempt host through whatever its address', async () => {
    const addresses: AddressPolicy = { exemptHosts: ['ct.test.invalid'], resolve: resolve({ 'ct.test.invalid': '127.0.0.1' }) }
    const fetched = await fetchBytes(
      { method: 'GET', url: `http://ct.test.invalid:${port()}/json`, accept: '*/*' },
      { ...limits, addresses }
    )
    expect(fetched.status).toBe(200)
  })

  describe('through a proxy', () => {
    const saved = { ...process.env }
    afterEach(() => {
      for (const name of ['http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY']) {
        if (saved[name] === undefined) delete process.env[name]
        else process.env[name] = saved[name]
      }
    })

    it('resolves the name here and refuses it before asking the proxy; a name that does not resolve here is left to the proxy', async () => {
      delete process.env.no_proxy
      delete process.env.NO_PROXY
      process.env.http_proxy = 'http://127.0.0.1:1' // nothing listens: reaching it is ECONNREFUSED
      const addresses: AddressPolicy = { resolve: resolve({ 'inside.test.invalid': '10.0.0.7' }) }

      const refused = await failure({ method: 'GET', url: 'http://inside.test.invalid/crl', accept: '*/*' }, { ...limits, addresses })
      expect(refused.message).toMatch(/^refused inside\.test\.invalid, at 10\.0\.0\.7: a private address/)
      const literal = await failure({ method: 'GET', url: 'http://10.0.0.7/crl', accept: '*/*' }, { ...limits, addresses })
      expect(literal.message).toMatch(/^refused 10\.0\.0\.7: a private address/)

      const left = await failure({ method: 'GET', url: 'http://elsewhere.test.invalid/crl', accept: '*/*' }, { ...limits, addresses })
      expect(left.message).toBe('the proxy could not be reached, or refused the tunnel')

      // The proxy itself is the run's own choice: a proxy on loopback (by name, so a lookup would see it) is asked.
      process.env.http_proxy = 'http://localhost:1'
      const viaLocalhost = await failure(
        { method: 'GET', url: 'http://elsewhere.test.invalid/crl', accept: '*/*' },
        { ...limits, addresses }
      )
      expect(viaLocalhost.message).toBe('the proxy could not be reached, or refused the tunnel')
    })
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
    expect(httpProblem(fetched('application/octet-stream; note=text/plain', 'binary'), outside)).toBe('HTTP 503')
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
    expect(size(0)).toBe('0 bytes')
  })
})
