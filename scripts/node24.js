// Finds a Node.js >= 24 (the runtime action.yml declares) for the end-to-end tests' second leg and for the bench.
// In this order: NODE24 (a path to a node binary; an error if it is not a Node >= 24), this node if it is >= 24,
// then the platform's own build that `npm ci` installed from the npm registry as one of the optionalDependencies
// node24-<os>-<cpu> (npm installs only the one whose os and cpu match this machine). None found: `missing` says
// why, and the tests report the Node 24 leg as skipped.
// `node scripts/node24.js` prints the path (exit 0), or the reason there is none (exit 1).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const MINIMUM = 24

/** The optionalDependencies name for this platform, and its binary's path. */
export function platformPackage(platform = process.platform, arch = process.arch) {
  const os = platform === 'win32' ? 'win' : platform
  const name = `node24-${os}-${arch}`
  return { name, binary: resolve(root, 'node_modules', name, 'bin', platform === 'win32' ? 'node.exe' : 'node') }
}

/**
 * The version a node binary reports, or an error message.
 * @param {string} binary
 * @returns {{ version: string, major: number, error?: undefined } | { error: string, version?: undefined, major?: undefined }}
 */
function majorOf(binary) {
  const run = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30_000 })
  if (run.error) return { error: run.error.message }
  if (run.status !== 0) return { error: `exited ${run.status}: ${run.stderr.trim().split('\n')[0]}` }
  const version = run.stdout.trim()
  if (!/^\d+\.\d+\.\d+$/.test(version)) return { error: 'it printed no Node.js version' }
  return { version, major: Number(version.split('.')[0]) }
}

/**
 * @returns {{ path: string, version: string, source: string } | { missing: string }}
 */
export function findNode24(env = process.env) {
  if (env.NODE24) {
    const binary = resolve(env.NODE24)
    const found = majorOf(binary)
    if (found.error !== undefined) throw new Error(`NODE24=${env.NODE24} does not run: ${found.error}`)
    if (found.major < MINIMUM) throw new Error(`NODE24=${env.NODE24} is Node ${found.version}, not ${MINIMUM} or later`)
    return { path: binary, version: found.version, source: 'NODE24' }
  }
  const own = process.versions.node
  if (Number(own.split('.')[0]) >= MINIMUM) return { path: process.execPath, version: own, source: 'this node' }
  const { name, binary } = platformPackage()
  if (!existsSync(binary)) {
    return {
      missing: `no Node >= ${MINIMUM}: this node is ${own}, NODE24 is not set, and ${name} is not installed (package.json has no such build for ${process.platform}-${process.arch}, or npm ci ran with --omit=optional)`
    }
  }
  const found = majorOf(binary)
  if (found.error !== undefined) return { missing: `${name} is installed but does not run on this machine: ${found.error}` }
  if (found.major < MINIMUM) return { missing: `${name} is Node ${found.version}` }
  return { path: binary, version: found.version, source: name }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = findNode24()
  if ('path' in found) {
    console.log(found.path)
  } else {
    console.error(found.missing)
    process.exitCode = 1
  }
}
