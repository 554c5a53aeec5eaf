// Preloaded into the action's process by tests (`node --import …/loopback-only.js dist/index.js`): resolves the
// test hosts under .test.invalid to 127.0.0.1, as squid's hosts_file does for the proxy, and refuses every other
// name that is not loopback, so a test can never send a DNS query or a request off this machine.
import dns from 'node:dns'

/**
 * dns.lookup's overloads as the one function that implements them: `options` may be left out, the callback taking
 * its place, and the callback is given an address and family, or every address when `options.all` is set.
 * @typedef {(error: NodeJS.ErrnoException | null, address?: string | dns.LookupAddress[], family?: number) => void} LookupCallback
 * @typedef {(this: unknown, hostname: string, options: number | dns.LookupOptions | LookupCallback | undefined, callback?: LookupCallback) => unknown} Lookup
 */

const original = /** @type {Lookup} */ (dns.lookup)
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1'])

/** @type {Lookup} */
function lookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback
  // Without a callback, the original refuses the call (ERR_INVALID_ARG_TYPE) before any query.
  if (!done) return original.call(this, hostname, options, callback)
  const all = typeof options === 'object' && options !== null && options.all
  if (hostname.endsWith('.test.invalid')) {
    process.nextTick(() => (all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4)))
    return {}
  }
  if (!LOOPBACK.has(hostname) && !/^127\./.test(hostname)) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (tests resolve only loopback and *.test.invalid)`), {
      code: 'ENOTFOUND',
      hostname
    })
    process.nextTick(() => done(error))
    return {}
  }
  return original.call(this, hostname, options, callback)
}

dns.lookup = /** @type {typeof dns.lookup} */ (lookup)
