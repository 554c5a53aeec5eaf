// `npm run mutate`: StrykerJS on the unit suites. Stryker 10 needs Node >= 22, so it runs on this Node when it is
// new enough, else on the Node 24 that the project installs for the end-to-end tests (scripts/node24.js).
// Extra arguments go to `stryker run` (for example `--mutate 'src/report/**/*.ts'` for one folder).
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { findNode24 } from './node24.js'

function main() {
  const found = Number(process.versions.node.split('.')[0]) >= 22 ? { path: process.execPath } : findNode24()
  if (!('path' in found)) {
    console.error(`Mutation testing needs Node >= 22: ${found.missing}.`)
    return 1
  }
  const stryker = fileURLToPath(new URL('../node_modules/@stryker-mutator/core/bin/stryker.js', import.meta.url))
  // Each property test runs once per mutant that it reaches: 50 inputs each, not hundreds (__tests__/support/property-runs.ts).
  const env = { ...process.env, PROPERTY_RUNS: process.env.PROPERTY_RUNS ?? '50' }
  const result = spawnSync(found.path, [stryker, 'run', ...process.argv.slice(2)], { stdio: 'inherit', env })
  return result.status ?? 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main())
