// Keeps the README's inputs and outputs tables identical to action.yml: `npm run docs` rewrites them between
// their markers, and a test fails when they differ.
import yaml from 'js-yaml'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = new URL('..', import.meta.url)
export const README = fileURLToPath(new URL('README.md', root))
export const ACTION = fileURLToPath(new URL('action.yml', root))

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim()

/** The two tables, in Markdown, from action.yml's text. */
export function renderTables(actionText) {
  const action = yaml.load(actionText)
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

/** The README with both tables replaced by fresh ones. */
export function withTables(readmeText, actionText) {
  const tables = renderTables(actionText)
  let text = readmeText
  for (const name of ['inputs', 'outputs']) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(text)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`)
    text = text.replace(pattern, `$1\n${tables[name]}\n$2`)
  }
  return text
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(README, withTables(readFileSync(README, 'utf8'), readFileSync(ACTION, 'utf8')))
  console.log('README.md tables rewritten from action.yml')
}
