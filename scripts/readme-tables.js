// Keeps the README's inputs and outputs tables identical to action.yml: `npm run docs` rewrites them between
// their markers, and a test fails when they differ.
import yaml from 'js-yaml'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * What of action.yml the tables show. A YAML scalar may be a number or a boolean, and is shown as written.
 * @typedef {{ description: string, required?: boolean, default?: string | number | boolean }} ActionInput
 * @typedef {{ inputs: Record<string, ActionInput>, outputs: Record<string, { description: string }> }} ActionMetadata
 */

const root = new URL('..', import.meta.url)
export const README = fileURLToPath(new URL('README.md', root))
export const ACTION = fileURLToPath(new URL('action.yml', root))

/** @param {unknown} text */
const cell = (text) =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

/**
 * The two tables, in Markdown, from action.yml's text.
 * @param {string} actionText
 */
export function renderTables(actionText) {
  // action.yml's shape is checked against the GitHub Action schema by scripts/validate-schemas.js.
  const action = /** @type {ActionMetadata} */ (yaml.load(actionText))
  const inputs = Object.entries(action.inputs).map(([name, input]) => {
    const fallback = input.required ? '(required)' : input.default === '' ? "`''`" : `\`${input.default}\``
    return `| \`${name}\` | ${fallback} | ${cell(input.description)} |`
  })
  const outputs = Object.entries(action.outputs).map(([name, output]) => `| \`${name}\` | ${cell(output.description)} |`)
  return {
    inputs: ['| input | default | description |', '| --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| output | description |', '| --- | --- |', ...outputs].join('\n')
  }
}

/**
 * The README with both tables replaced by fresh ones.
 * @param {string} readmeText
 * @param {string} actionText
 */
export function withTables(readmeText, actionText) {
  const tables = renderTables(actionText)
  let text = readmeText
  for (const name of /** @type {const} */ (['inputs', 'outputs'])) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(text)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`)
    text = text.replace(pattern, `$1\n${tables[name]}\n$2`)
  }
  return text
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(README, withTables(readFileSync(README, 'utf8'), readFileSync(ACTION, 'utf8')))
  console.log('README.md tables rewritten from action.yml')
}
