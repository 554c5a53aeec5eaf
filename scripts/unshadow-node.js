// npm links the `node` binary of the platform's Node 24 package (the optionalDependencies node24-<os>-<cpu>) into
// node_modules/.bin, which npm puts first on PATH for every script: `npm test` would then run everything on
// Node 24 only. The tests start Node 24 by its path instead (scripts/node24.js), so the link is removed and
// scripts keep the machine's own node. On Windows npm writes shims (node, node.cmd, node.ps1) instead of a link.
import { existsSync, lstatSync, readFileSync, readlinkSync, unlinkSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url))
for (const name of ['node', 'node.cmd', 'node.ps1']) {
  const file = bin + name
  if (!existsSync(file) && !isLink(file)) continue
  const target = isLink(file) ? readlinkSync(file) : readFileSync(file, 'utf8')
  if (target.includes('node24')) unlinkSync(file)
}

/** @param {string} file */
function isLink(file) {
  try {
    return lstatSync(file).isSymbolicLink()
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return false
    throw error
  }
}
