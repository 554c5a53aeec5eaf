/** The contract kept in one place: action.yml, the README's tables, the inputs the code reads, the version. */
import { describe, expect, it } from '@jest/globals'
import yaml from 'js-yaml'
import { readdirSync, readFileSync } from 'node:fs'
import { renderTables, withTables } from '../scripts/readme-tables.js'
import { ACTION_VERSION } from '../src/version.js'

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')
const actionText = read('action.yml')
const action = yaml.load(actionText) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: Record<string, string> }

describe('the contract', () => {
  it('README tables are identical to action.yml (npm run docs rewrites them)', () => {
    const readme = read('README.md')
    expect(readme).toEqual(withTables(readme, actionText))
    expect(readme).toContain(renderTables(actionText).inputs)
  })

  it('docs/leaked-keys.md shows the scheduled workflow exactly as examples/ has it', () => {
    expect(read('docs/leaked-keys.md')).toContain(read('examples/revoke-leaked-keys-scheduled.yml').trimEnd())
  })

  it('every input in action.yml is read by the code in src/inputs/, and the code reads no other', () => {
    const folder = new URL('../src/inputs/', import.meta.url)
    const sources = readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => read(`src/inputs/${file}`))
    const read_ = new Set(sources.flatMap((source) => [...source.matchAll(/\b(?:input|getInput)\('([a-z-]+)'\)/g)].map((m) => m[1])))
    expect([...read_].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('every output in action.yml is written by the code', () => {
    const source = read('src/report/outputs.ts')
    for (const name of Object.keys(action.outputs)) expect(source).toMatch(new RegExp(`'?${name}'?: `))
  })

  it('runs the committed ESM bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(JSON.parse(read('dist/package.json'))).toEqual({ type: 'module' })
  })

  it('sends the package version in the User-Agent', () => {
    expect(ACTION_VERSION).toBe(JSON.parse(read('package.json')).version)
  })
})
