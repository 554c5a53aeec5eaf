// Where the project's Node 24 is: the binary npm installed for this platform, or NODE24 when it names one.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** @returns {string | undefined} */
export function findNode24() {
  const candidates = [process.env.NODE24, fileURLToPath(new URL('../node_modules/node24/bin/node', import.meta.url))]
  return candidates.find((path) => !!path && existsSync(path))
}
