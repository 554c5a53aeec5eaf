/** action.yml and every workflow we ship against SchemaStore's schemas, as vendored in schemas/ (nothing outside the clone). */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

describe('the vendored SchemaStore schemas', () => {
  it('are in the repository, with their source, licence and date beside them', () => {
    for (const name of ['github-action.json', 'github-workflow.json']) {
      const schema = JSON.parse(readFileSync(`${root}schemas/${name}`, 'utf8')) as { $id: string }
      expect(schema.$id).toBe(`https://json.schemastore.org/${name}`)
    }
    const note = readFileSync(`${root}schemas/README.md`, 'utf8')
    expect(note).toContain('https://json.schemastore.org/github-action.json')
    expect(note).toContain('https://json.schemastore.org/github-workflow.json')
    expect(note).toContain('Apache License 2.0')
    expect(note).toMatch(/\d{4}-\d{2}-\d{2}/)
  })

  it('validate action.yml, .github/workflows and examples/ (scripts/validate-schemas.js)', () => {
    const env = { ...process.env }
    delete env.SCHEMA_DIR
    const run = spawnSync(process.execPath, ['scripts/validate-schemas.js'], { cwd: root, env, encoding: 'utf8' })
    expect(run.stdout).toMatch(/^(\d+) of \1 files valid$/m)
    expect(run.status).toBe(0)
  })
})
