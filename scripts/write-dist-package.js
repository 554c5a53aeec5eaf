// ncc writes an ES module bundle; this marks dist/ as ESM so the runner's `node dist/index.js` loads it as one.
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(new URL('../dist/package.json', import.meta.url), `${JSON.stringify({ type: 'module' }, null, 2)}\n`)
}
