// A real HTTP CONNECT proxy for the proxy tests, run as its own process by proxies.ts: the npm package
// `proxy` (by TooTallNate, the proxy that Node's proxy-agent packages test against) on 127.0.0.1. It is started
// with loopback-only.js preloaded, so the test hosts (*.test.invalid) resolve to 127.0.0.1, as squid's
// hosts_file maps them, and every other name is refused; and it opens tunnels only to loopback, as squid's
// `to_loopback` rule does. One line per request goes to the access log (argv[2]): `CONNECT host:port allowed`.
// Prints `listening PORT` when ready; exits when its standard input closes, so it never outlives the test.
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createProxy } from 'proxy'

const accessLog = process.argv[2]
const server = createProxy(createServer())

/** The proxy's hook for every request, CONNECT included: log it, and let it through only to loopback. */
/** @param {import('node:http').IncomingMessage} request */
server.authenticate = (request) => {
  const url = request.url ?? ''
  const target = request.method === 'CONNECT' ? url : new URL(url).host
  const host = target.slice(0, target.lastIndexOf(':')).replace(/^\[|\]$/g, '')
  const allowed = host.endsWith('.test.invalid') || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
  appendFileSync(accessLog, `${request.method} ${request.url} ${allowed ? 'allowed' : 'denied'}\n`)
  return allowed
}

server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`listening ${/** @type {import('node:net').AddressInfo} */ (server.address()).port}\n`)
)
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
