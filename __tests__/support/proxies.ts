/**
 * Proxies for the proxy tests, all on 127.0.0.1 and started by the test itself, with nothing to install but the
 * npm packages:
 * - ConnectProxy: a real HTTP CONNECT proxy, the npm package `proxy` (connect-proxy.js), in its own process with
 *   the test hosts mapped to loopback and every other name refused;
 * - TlsInspectingProxy: a proxy that answers CONNECT and then terminates TLS itself with a certificate from its
 *   own CA, as a corporate TLS-inspecting proxy does.
 * squid.ts runs Debian's squid the same way where it is installed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TLSSocket } from 'node:tls'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { makeServerTls } from '../../simulator/x509.js'

const SCRIPT = fileURLToPath(new URL('./connect-proxy.js', import.meta.url))
const LOOPBACK_ONLY = pathToFileURL(fileURLToPath(new URL('./loopback-only.js', import.meta.url))).href

/** What the proxy tests need of a proxy: where it listens, and the CONNECTs it has seen. */
export interface TestProxy {
  readonly url: string
  /** One line per request, `CONNECT host:port …` for every tunnel asked for. */
  accessLog(): string
  stop(): Promise<void>
}

export class ConnectProxy implements TestProxy {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly process: ChildProcess
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** `hosts` must be names that loopback-only.js maps to 127.0.0.1 (*.test.invalid). */
  static async start(hosts: string[]): Promise<ConnectProxy> {
    const unmapped = hosts.filter((host) => !host.endsWith('.test.invalid'))
    if (unmapped.length > 0) throw new Error(`only *.test.invalid names resolve (to 127.0.0.1) in the proxy: ${unmapped.join(', ')}`)
    const dir = mkdtempSync(join(tmpdir(), 'connect-proxy-'))
    const log = join(dir, 'access.log')
    writeFileSync(log, '')
    const child = spawn(process.execPath, ['--import', LOOPBACK_ONLY, SCRIPT, log], { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the proxy did not start within 10 s:\n${output}`)), 10_000)
      const read = (chunk: Buffer): void => {
        output += chunk.toString()
        const listening = /^listening (\d+)$/m.exec(output)
        if (listening) {
          clearTimeout(timer)
          resolve(Number(listening[1]))
        }
      }
      child.stdout?.on('data', read)
      child.stderr?.on('data', read)
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the proxy exited (${code}) before it listened:\n${output}`))
      })
    }).catch(async (error: unknown) => {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
      throw error
    })
    return new ConnectProxy(port, dir, child)
  }

  accessLog(): string {
    return readFileSync(join(this.dir, 'access.log'), 'utf8')
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve))
      this.process.stdin?.end() // the proxy exits when its standard input closes
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** Accepts every CONNECT, then presents its own certificate for the host asked for, signed by its own CA. */
export class TlsInspectingProxy {
  readonly connects: string[] = []
  private readonly sockets = new Set<Socket>()

  private constructor(private readonly server: Server) {}

  get url(): string {
    const { port } = this.server.address() as { port: number }
    return `http://127.0.0.1:${port}`
  }

  static async start(hosts: string[]): Promise<TlsInspectingProxy> {
    const tls = makeServerTls(hosts) // a CA that nothing trusts: the inspecting proxy's own
    const server = createServer((_request, response) => response.writeHead(405).end())
    const proxy = new TlsInspectingProxy(server)
    server.on('connect', (request, socket: Socket) => {
      proxy.connects.push(request.url ?? '')
      proxy.sockets.add(socket)
      socket.once('close', () => proxy.sockets.delete(socket))
      socket.on('error', () => socket.destroy())
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n')
      const inspected = new TLSSocket(socket, { isServer: true, key: tls.keyPem, cert: tls.certPem })
      inspected.on('error', () => socket.destroy())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise((resolve) => this.server.close(resolve))
  }
}
