// `npm run mutate`: StrykerJS on the unit suites. Stryker 10 needs Node >= 22, so it runs on the Node 24 that
// the project installs for the end-to-end tests (or on this Node, when it is new enough). Extra arguments go to
// `stryker run` (for example `--mutate src/report/**/*.ts` for one folder).
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { findNode24 } from './node24.js'

// Runs when executed (`npm run mutate`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const node = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : findNode24()
  if (!node) {
    console.error('Mutation testing needs Node >= 22: none was found (run npm ci, which installs Node 24, or use a newer Node).')
    process.exit(1)
  }
  const stryker = fileURLToPath(new URL('../node_modules/@stryker-mutator/core/bin/stryker.js', import.meta.url))
  const result = spawnSync(node, [stryker, 'run', ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(result.status ?? 1)
}
