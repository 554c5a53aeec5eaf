/**
 * The CertCentral Services API client: one HTTP attempt per call, through @actions/http-client so proxies
 * work as on every other action. Retrying and pacing are decided by the caller.
 */
import { HttpClient } from '@actions/http-client'
import type { IncomingHttpHeaders } from 'node:http'
import { errorMessage } from './errors.js'
import { USER_AGENT } from './version.js'

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

export interface ClientOptions {
  baseUrl: string
  apiKey: string
  timeoutMs: number
}

export class CertCentralClient {
  private readonly http: HttpClient

  constructor(private readonly options: ClientOptions) {
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

  async get(path: string): Promise<HttpAnswer> {
    return this.send('GET', path)
  }

  /** Closes kept-alive sockets, including any still waiting on a server that never answered. */
  dispose(): void {
    this.http.dispose()
  }

  private async send(method: 'GET' | 'PUT', path: string, body?: string): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      'X-DC-DEVKEY': this.options.apiKey,
      Accept: 'application/json'
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
      const text = await response.readBody()
      return { statusCode: response.message.statusCode ?? 0, headers: response.message.headers, body: text }
    })()
    try {
      return await Promise.race([exchange, deadline])
    } catch (error) {
      if (error instanceof TransportError) throw error
      const message = errorMessage(error)
      throw new TransportError(describeNetworkError(error, message), /timeout/i.test(message))
    } finally {
      clearTimeout(timer)
      exchange.catch(() => undefined) // the loser of the race must not become an unhandled rejection
    }
  }
}

function describeNetworkError(error: unknown, message: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (/^Request timeout/.test(message)) return 'the connection went silent (socket timeout)'
  return code && !message.includes(code) ? `${code}: ${message}` : message
}
