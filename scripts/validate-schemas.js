// Validates action.yml and every workflow (.github/workflows and examples/) against SchemaStore's schemas,
// vendored in schemas/ (see schemas/README.md; SCHEMA_DIR overrides the folder). Prints one line per file;
// exits 1 on any error.
import AjvModule from 'ajv'
import yaml from 'js-yaml'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const schemaDir = resolve(process.env.SCHEMA_DIR ?? join(root, 'schemas'))
if (!existsSync(schemaDir)) {
  console.error(`No schemas at ${schemaDir}: set SCHEMA_DIR to the folder holding github-action.json and github-workflow.json.`)
  process.exit(1)
}

// ajv is CommonJS: its class is the default export's `default` under Node's ESM interop.
const Ajv = /** @type {typeof AjvModule.default} */ (/** @type {unknown} */ (AjvModule))
const ajv = new Ajv({ strict: false, allErrors: true })
/** @param {string} name */
const load = (name) => ajv.compile(JSON.parse(readFileSync(join(schemaDir, name), 'utf8')))
const validators = { action: load('github-action.json'), workflow: load('github-workflow.json') }

/** @param {string} dir */
const yamlFiles = (dir) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir), { recursive: true })
        .map(String)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => join(dir, name))
    : []

/** @type {[string, import('ajv').ValidateFunction][]} */
const files = [
  ['action.yml', validators.action],
  ...[...yamlFiles('.github/workflows'), ...yamlFiles('examples')].map(
    (file) => /** @type {[string, import('ajv').ValidateFunction]} */ ([file, validators.workflow])
  )
]

let failures = 0
for (const [file, validate] of files) {
  let document
  try {
    document = yaml.load(readFileSync(join(root, file), 'utf8'))
  } catch (error) {
    console.log(`FAIL ${file}: not YAML (${String(/** @type {Error} */ (error).message).split('\n')[0]})`)
    failures++
    continue
  }
  if (validate(document)) {
    console.log(`ok   ${file}`)
  } else {
    failures++
    console.log(`FAIL ${file}`)
    for (const error of validate.errors ?? []) console.log(`       ${error.instancePath || '/'} ${error.message}`)
  }
}
console.log(`${files.length - failures} of ${files.length} files valid`)
process.exit(failures > 0 ? 1 : 0)
