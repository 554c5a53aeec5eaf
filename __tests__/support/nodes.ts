/**
 * The Node binaries the end-to-end tests run the action with: this one (20, say) and a Node >= 24, the runtime
 * action.yml declares, found by scripts/node24.js (NODE24, this node, or the platform's package from npm ci).
 * Where there is no Node >= 24, that leg's tests are reported as skipped, with the reason in their name.
 */
import { describe } from '@jest/globals'
import { findNode24 } from '../../scripts/node24.js'

type Leg = [name: string, node: string]

const major = (version: string): string => version.split('.')[0]
const own: Leg = [`node ${major(process.versions.node)}`, process.execPath]
const node24 = findNode24()

/** The legs that can run here: this node, then the Node >= 24 when it is another binary. */
export function actionNodes(): Leg[] {
  if ('missing' in node24 || node24.path === process.execPath) return [own]
  return [own, [`node ${major(node24.version)}`, node24.path]]
}

/** `describe.each` over the legs, and a skipped `describe` for a Node 24 leg that has no binary here. */
export function describeOnNodes(title: string, body: (name: string, node: string) => void): void {
  describe.each(actionNodes())(title, body)
  if ('missing' in node24) describe.skip(`${title.replace('%s', 'node 24')} (skipped: ${node24.missing})`, () => body('node 24', ''))
}
