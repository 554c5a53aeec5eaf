/**
 * HTTP for the services outside the account that answer in JSON or PEM (a CT search service, an ACME server):
 * one exchange through @actions/http-client (so the runner's proxy settings apply), under one deadline, with
 * the body read up to a size cap and the answer's headers kept (Retry-After, Replay-Nonce, Location). Redirects
 * are not followed: neither service needs one, and a redirect must not carry a signed request elsewhere.
 */
import { HttpClient } from '@actions/http-client'
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http'
import { describeFetchError } from '../ca/fetch.js'
import { errorMessage } from '../errors.js'

export interface WebAnswer {
  status: number
  headers: IncomingMessage['headers']
  body: Buffer
}

/** No answer came: `timedOut` when the deadline passed or the connection went silent. The message is in our words. */
export class WebFailure extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean
  ) {
    super(message)
    this.name = 'WebFailure'
  }
}

export interface WebRequest {
  method: 'GET' | 'HEAD' | 'POST'
  url: string
  headers: OutgoingHttpHeaders
  body?: string
  timeoutMs: number
  maxBytes: number
  userAgent: string
}

export async function exchange(request: WebRequest): Promise<WebAnswer> {
  const http = new HttpClient(request.userAgent, undefined, {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: request.timeoutMs
  })
  let message: IncomingMessage | undefined
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new WebFailure(`no answer within ${request.timeoutMs / 1000} s`, true))
      message?.destroy()
    }, request.timeoutMs)
  })
  const work = (async (): Promise<WebAnswer> => {
    const response = await http.request(request.method, request.url, request.body ?? null, request.headers)
    message = response.message
    const body = request.method === 'HEAD' ? Buffer.alloc(0) : await readCapped(message, request.maxBytes)
    return { status: message.statusCode ?? 0, headers: message.headers, body }
  })()
  try {
    return await Promise.race([work, deadline])
  } catch (error) {
    if (error instanceof WebFailure) throw error
    const text = errorMessage(error)
    throw new WebFailure(describeFetchError(error, text), /^Request timeout/.test(text))
  } finally {
    clearTimeout(timer)
    work.catch(() => undefined)
    message?.destroy()
    http.dispose()
  }
}

function readCapped(message: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new WebFailure(`the answer is larger than ${maxBytes} bytes`, false)
    if (Number(message.headers['content-length']) > maxBytes) {
      message.destroy()
      return reject(tooLarge())
    }
    const chunks: Buffer[] = []
    let received = 0
    message.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) {
        message.destroy()
        reject(tooLarge())
      } else chunks.push(chunk)
    })
    message.on('end', () => resolve(Buffer.concat(chunks)))
    message.on('error', reject)
  })
}
