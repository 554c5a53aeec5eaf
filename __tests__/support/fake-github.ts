/** A fake GitHub REST API on loopback for the alert endpoints: records requests, answers as told. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface GithubRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: unknown
  at: number
}

export interface FakeAnswer {
  status: number
  body?: unknown
}

export class FakeGithub {
  readonly requests: GithubRequest[] = []
  /** Answers by "METHOD path"; anything else is a 404 like GitHub's. */
  readonly answers = new Map<string, FakeAnswer>()
  url = ''
  private readonly server: Server

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const path = req.url ?? '/'
        this.requests.push({
          method: req.method ?? '',
          path,
          headers: req.headers,
          body: text ? JSON.parse(text) : undefined,
          at: performance.now()
        })
        const answer = this.answers.get(`${req.method} ${path}`) ?? {
          status: 404,
          body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }
        }
        res.writeHead(answer.status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(answer.body ?? {}))
      })
    })
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
