/** The CertCentral transport against a real HTTP server on loopback: what it sends, what it keeps of answers. */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { CertCentralTransport, TransportError } from '../../src/certcentral/transport.js'
import { USER_AGENT } from '../../src/version.js'

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
  socket: Socket
}

let server: Server
let baseUrl: string
let received: Received[] = []
let answer: (res: ServerResponse) => void = (res) => res.end('{}')
const transports: CertCentralTransport[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        socket: req.socket
      })
      answer(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/v2`
})
afterEach(() => {
  received = []
  answer = (res) => res.end('{}')
  for (const transport of transports.splice(0)) transport.dispose()
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** Fakes setTimeout and clearTimeout only, which the transport's deadline uses: sockets and everything else stay real. */
function fakeTimeoutsOnly(): void {
  jest.useFakeTimers({
    doNotFake: [
      'Date',
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval'
    ]
  })
}

function transport(timeoutMs = 5000): CertCentralTransport {
  const made = new CertCentralTransport({
    baseUrl,
    apiKey: 'test-api-key-0123',
    timeoutMs,
    redact: (text) => text.replaceAll('SECRET', '***')
  })
  transports.push(made)
  return made
}

describe('CertCentralTransport', () => {
  it('sends a PUT as JSON with the key, and gives back the status, headers and body', async () => {
    answer = (res) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Rate-Limit': '100' })
      res.end('{"id":7}')
    }
    const got = await transport().put('/certificate/5/revoke', { comments: 'why', skip_approval: false })
    expect(got).toMatchObject({ statusCode: 201, body: '{"id":7}', headers: { 'x-rate-limit': '100' } })
    expect(received).toMatchObject([
      {
        method: 'PUT',
        url: '/services/v2/certificate/5/revoke',
        headers: {
          'x-dc-devkey': 'test-api-key-0123',
          accept: 'application/json',
          'content-type': 'application/json',
          'user-agent': USER_AGENT
        },
        body: '{"comments":"why","skip_approval":false}'
      }
    ])
  })

  it('sends a GET without a body or its type, asking for JSON unless told otherwise', async () => {
    await transport().get('/request/5')
    await transport().get('/certificate/5/download/format/pem_all', '*/*', true)
    expect(received.map((r) => [r.method, r.url, r.headers.accept, r.headers['content-type'], r.body])).toEqual([
      ['GET', '/services/v2/request/5', 'application/json', undefined, ''],
      ['GET', '/services/v2/certificate/5/download/format/pem_all', '*/*', undefined, '']
    ])
  })

  it('redacts every answer as it arrives, but for a downloaded certificate chain, kept whole', async () => {
    answer = (res) => res.end('a SECRET here')
    expect((await transport().get('/request/5')).body).toBe('a *** here')
    expect((await transport().put('/certificate/5/revoke', {})).body).toBe('a *** here')
    expect((await transport().get('/download', '*/*', true)).body).toBe('a SECRET here')
    answer = (res) => {
      res.writeHead(404)
      res.end('no SECRET kept in an error')
    }
    expect((await transport().get('/download', '*/*', true)).body).toBe('no *** kept in an error')
  })

  it('redacts a JSON answer in its strings, so that a secret that is also its syntax cannot break it', async () => {
    answer = (res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' })
      res.end('{"id":1,"status":"pending","date":"2026-12-01","note":"a SECRET here"}')
    }
    const withOne = new CertCentralTransport({
      baseUrl,
      apiKey: 'test-api-key-0123',
      timeoutMs: 5000,
      redact: (t) => t.replaceAll('1', '***')
    })
    transports.push(withOne)
    expect(JSON.parse((await withOne.put('/certificate/5/revoke', {})).body)).toEqual({
      id: 1,
      status: 'pending',
      date: '2026-***2-0***',
      note: 'a SECRET here'
    })
    const withQuote = new CertCentralTransport({
      baseUrl,
      apiKey: 'test-api-key-0123',
      timeoutMs: 5000,
      redact: (t) => t.replaceAll('"', '***')
    })
    transports.push(withQuote)
    expect(JSON.parse((await withQuote.put('/certificate/5/revoke', {})).body)).toMatchObject({ id: 1, status: 'pending' })
    expect((await transport().put('/certificate/5/revoke', {})).body).toBe(
      '{"id":1,"status":"pending","date":"2026-12-01","note":"a *** here"}'
    )
  })

  it('follows no redirect: the key must not go to another host', async () => {
    answer = (res) => {
      res.writeHead(302, { Location: 'http://elsewhere.invalid/steal' })
      res.end()
    }
    expect(await transport().get('/request/5')).toMatchObject({ statusCode: 302 })
    expect(received).toHaveLength(1)
  })

  it('gives up on a server that does not answer in time, as a timeout', async () => {
    answer = () => undefined
    const error = await transport(300)
      .get('/request/5')
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toMatchObject({ name: 'TransportError', message: 'no answer within 0.3 s', timedOut: true })
  })

  it('refuses an answer over 4 MiB, and one cut short', async () => {
    answer = (res) => {
      res.writeHead(200)
      res.end('x'.repeat(4 * 1024 * 1024 + 1))
    }
    await expect(transport().get('/request/5')).rejects.toMatchObject({
      message: expect.stringContaining('the answer is larger than 4 MiB'),
      timedOut: false
    })
    answer = (res) => {
      res.writeHead(200, { 'Content-Length': '100' })
      res.write('{"id":')
      setTimeout(() => res.destroy(), 20)
    }
    await expect(transport().get('/request/5')).rejects.toBeInstanceOf(TransportError)
  })

  it('keeps an answer of exactly 4 MiB', async () => {
    answer = (res) => {
      res.writeHead(200)
      res.end('x'.repeat(4 * 1024 * 1024))
    }
    expect((await transport().get('/request/5')).body).toHaveLength(4 * 1024 * 1024)
  })

  it('words a refused connection, not as a timeout', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const refused = new CertCentralTransport({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k', timeoutMs: 5000, redact: (t) => t })
    transports.push(refused)
    await expect(refused.get('/x')).rejects.toMatchObject({ message: expect.stringMatching(/^connection refused \(/), timedOut: false })
  })

  it('makes one attempt only, even at a status the HTTP client would retry: retrying belongs to the pacing', async () => {
    answer = (res) => {
      res.writeHead(503)
      res.end('down for maintenance')
    }
    expect(await transport().get('/request/5')).toMatchObject({ statusCode: 503, body: 'down for maintenance' })
    expect(received).toHaveLength(1)
  })

  it('keeps one connection alive across calls; dispose closes it, and nothing is sent after', async () => {
    const kept = transport()
    await kept.get('/request/5')
    await kept.put('/certificate/5/revoke', {})
    expect(received.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive'])
    expect(received[1].socket).toBe(received[0].socket)
    const closed = once(received[0].socket, 'close')
    kept.dispose()
    await expect(kept.get('/request/6')).rejects.toBeInstanceOf(TransportError)
    await closed
    expect(received).toHaveLength(2)
  })

  it('closes on dispose a connection still waiting on a server that never answered', async () => {
    fakeTimeoutsOnly()
    try {
      answer = () => undefined
      const waiting = transport(60_000)
      const error = waiting.get('/request/5').catch((caught: unknown) => caught)
      while (received.length === 0) await new Promise((resolve) => setImmediate(resolve))
      jest.advanceTimersByTime(60_000)
      expect(await error).toMatchObject({ message: 'no answer within 60 s', timedOut: true })
      const closed = once(received[0].socket, 'close')
      waiting.dispose()
      await closed
    } finally {
      jest.useRealTimers()
    }
  })

  it('leaves no timer behind once the answer is in, so the run need not wait out the timeout to end', async () => {
    fakeTimeoutsOnly()
    try {
      const call = transport(60_000).get('/request/5')
      expect(jest.getTimerCount()).toBe(1)
      expect(await call).toMatchObject({ statusCode: 200, body: '{}' })
      expect(jest.getTimerCount()).toBe(0)
      answer = (res) => res.destroy()
      await expect(transport(60_000).get('/request/5')).rejects.toBeInstanceOf(TransportError)
      expect(jest.getTimerCount()).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })
})
