/**
 * A real forward proxy for the proxy tests: Debian's squid, started on loopback with its own configuration.
 * Test host names are mapped to 127.0.0.1 by its hosts_file, and its DNS points at loopback, so nothing it does
 * leaves the machine. .ci/run installs squid with apt-get.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SQUID = '/usr/sbin/squid'

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

export class Squid {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly process: ChildProcess
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  static async start(hosts: string[]): Promise<Squid> {
    if (!existsSync(SQUID)) throw new Error(`${SQUID} is missing: install Debian's squid (apt-get install squid); .ci/run does.`)
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
    const child = spawn(SQUID, ['-N', '-f', join(dir, 'squid.conf')], { stdio: 'ignore' })
    const squid = new Squid(port, dir, child)
    for (let i = 0; i < 100; i++) {
      if (await accepting(port)) return squid
      if (child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const log = existsSync(join(dir, 'cache.log')) ? readFileSync(join(dir, 'cache.log'), 'utf8') : ''
    await squid.stop()
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
