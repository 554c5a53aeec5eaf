/**
 * A second real forward proxy for the proxy tests, where it is installed: squid (Debian's package), started on
 * loopback with its own configuration. Test host names are mapped to 127.0.0.1 by its hosts_file, and its DNS
 * points at loopback, so nothing it does leaves the machine. Nothing requires it: the GitHub workflow installs
 * it, .ci/run tries to, and where squidBinary() finds none the squid runs are reported as skipped (the npm
 * `proxy` in proxies.ts covers the same behaviour).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { TestProxy } from './proxies.js'

/** squid's path: /usr/sbin/squid (Debian's, often not on a user's PATH), or `squid` on PATH; undefined if none. */
export function squidBinary(): string | undefined {
  const candidates = [
    '/usr/sbin/squid',
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'squid'))
  ]
  return candidates.find((file) => existsSync(file))
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

export class Squid implements TestProxy {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly process: ChildProcess
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  static async start(hosts: string[]): Promise<Squid> {
    const squid = squidBinary()
    if (!squid) throw new Error('squid is not installed (neither /usr/sbin/squid nor squid on PATH)')
    const dir = mkdtempSync(join(tmpdir(), 'squid-'))
    chmodSync(dir, 0o777) // squid drops root for its own user, which must write its logs here
    const port = await freePort()
    writeFileSync(join(dir, 'hosts'), hosts.map((host) => `127.0.0.1 ${host}\n`).join(''))
    writeFileSync(join(dir, 'access.log'), '')
    chmodSync(join(dir, 'access.log'), 0o666)
    writeFileSync(
      join(dir, 'squid.conf'),
      [
        `http_port 127.0.0.1:${port}`,
        `pid_filename ${dir}/squid.pid`,
        `access_log stdio:${dir}/access.log`,
        `cache_log ${dir}/cache.log`,
        `coredump_dir ${dir}`,
        `hosts_file ${dir}/hosts`,
        'dns_nameservers 127.0.0.1',
        'cache deny all',
        'cache_mem 8 MB',
        'visible_hostname squid.test.invalid',
        'shutdown_lifetime 0 seconds',
        'logfile_rotate 0',
        'acl from_loopback src 127.0.0.1/32',
        'acl to_loopback dst 127.0.0.1/32',
        'http_access allow from_loopback to_loopback',
        'http_access deny all'
      ].join('\n') + '\n'
    )
    const child = spawn(squid, ['-N', '-f', join(dir, 'squid.conf')], { stdio: 'ignore' })
    const proxy = new Squid(port, dir, child)
    for (let i = 0; i < 100; i++) {
      if (await accepting(port)) return proxy
      if (child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const log = existsSync(join(dir, 'cache.log')) ? readFileSync(join(dir, 'cache.log'), 'utf8') : ''
    await proxy.stop()
    throw new Error(`squid did not start on port ${port}:\n${log}`)
  }

  /** squid's access log: one line per request, `CONNECT host:port` for every tunnel it opened. */
  accessLog(): string {
    return readFileSync(join(this.dir, 'access.log'), 'utf8')
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve))
      this.process.kill('SIGKILL')
      await exited
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
