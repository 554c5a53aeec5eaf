/**
 * HTTP to the CertCentral Services API: one attempt per call, through @actions/http-client so proxies work as
 * on every other action. Paths, retrying and pacing belong to api.ts.
 */
import { HttpClient } from '@actions/http-client'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { errorMessage } from '../errors.js'
import { redactJson } from '../untrusted.js'
import { USER_AGENT } from '../version.js'

export interface HttpAnswer {
  statusCode: number
  headers: IncomingHttpHeaders
  body: string
}

/** The request never got an HTTP answer: refused, reset, dropped or timed out. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

export interface TransportOptions {
  baseUrl: string
  apiKey: string
  timeoutMs: number
  /**
   * Removes every registered secret from a text. An answer is redacted as it arrives, so nothing downstream ever
   * holds a secret: a JSON answer in its strings, so that it stays the JSON the server sent (redactJson).
   */
  redact: (text: string) => string
}

export class CertCentralTransport {
  private readonly http: HttpClient

  constructor(private readonly options: TransportOptions) {
    this.http = new HttpClient(USER_AGENT, undefined, {
      allowRedirects: false, // a redirect must never carry the key to another host
      allowRetries: false,
      keepAlive: true,
      socketTimeout: options.timeoutMs
    })
  }

  async put(path: string, body: unknown): Promise<HttpAnswer> {
    return this.send('PUT', path, JSON.stringify(body))
  }

  /**
   * `accept`: the download endpoints answer PEM, not JSON, so they ask for any type. `data`: a 200 answer is
   * data for the action (a certificate chain), never printed, and kept whole: a certificate shares its public
   * key with the leaked private key, whose lines are secrets, so redacting it would destroy it. Every other
   * answer is text that may be reported, and is redacted as it arrives.
   */
  async get(path: string, accept = 'application/json', data = false): Promise<HttpAnswer> {
    return this.send('GET', path, undefined, accept, data)
  }

  /** Closes kept-alive sockets, including any still waiting on a server that never answered. */
  dispose(): void {
    this.http.dispose()
  }

  private async send(method: 'GET' | 'PUT', path: string, body?: string, accept = 'application/json', data = false): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      'X-DC-DEVKEY': this.options.apiKey,
      Accept: accept
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const url = `${this.options.baseUrl}${path}`
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TransportError(`no answer within ${this.options.timeoutMs / 1000} s`, true)),
        this.options.timeoutMs
      )
    })
    const exchange = (async (): Promise<HttpAnswer> => {
      const response = await this.http.request(method, url, body ?? null, headers)
      const text = await readAnswer(response.message)
      const statusCode = response.message.statusCode ?? 0
      const answer = data && statusCode === 200 ? text : redactJson(text, this.options.redact)
      return { statusCode, headers: response.message.headers, body: answer }
    })()
    try {
      return await Promise.race([exchange, deadline])
    } catch (error) {
      if (error instanceof TransportError) throw error
      const message = errorMessage(error)
      throw new TransportError(describeNetworkError(error, message), /timeout/i.test(message))
    } finally {
      // The loser of the race is no unhandled rejection: Promise.race handles every promise it is given.
      clearTimeout(timer)
    }
  }
}

/** Answers bigger than this are cut off: no CertCentral answer comes near it, a hostile one might. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024

/**
 * The whole body of an answer. Unlike readBody() of @actions/http-client, it fails at once when the connection
 * drops mid-answer instead of waiting for an end that never comes.
 */
function readAnswer(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    message.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_ANSWER_BYTES) {
        message.destroy(new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`))
        return
      }
      chunks.push(chunk)
    })
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('error', reject)
    // Node rejects an answer cut short through 'error' (ECONNRESET, "aborted") before 'close', so no test can
    // reach this guard; it stays for a runtime that closes without that error.
    // Stryker disable next-line all: unreachable under Node, as said above
    message.on('close', () => {
      // Stryker disable next-line all: unreachable under Node, as said above
      if (!message.complete) reject(new Error('the connection closed before the answer was complete'))
    })
  })
}

/** A network error in words, with Node's code kept for searching. */
export function describeNetworkError(error: unknown, message: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (/^Request timeout/.test(message)) return 'the connection went silent (socket timeout)'
  if (/^tunneling socket/.test(message)) return `the proxy could not be reached, or refused the tunnel (${message})`
  if (code === 'ECONNRESET' && message === 'aborted') return 'the connection dropped in the middle of the answer (ECONNRESET)'
  if (code === 'ECONNRESET' && message === 'socket hang up') return 'the connection was dropped before an answer came (ECONNRESET)'
  if (code === 'ECONNREFUSED') return `connection refused (${message})`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host name not resolved (${message})`
  if (code && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS/.test(code)) {
    return `the server's TLS certificate could not be verified (${code}: ${message}); behind a TLS-inspecting proxy, give its CA to Node with NODE_EXTRA_CA_CERTS`
  }
  return code && !message.includes(code) ? `${code}: ${message}` : message
}
