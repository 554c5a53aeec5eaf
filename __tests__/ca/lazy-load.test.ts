import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

describe('src/ca is loaded lazily', () => {
  it('is imported by nothing outside it but a dynamic import() or a type-only import', () => {
    // CT, ACME and beyond/elsewhere.ts are loaded lazily themselves (see __tests__/beyond/lazy-load.test.ts).
    const lazy = ['ca/', 'ct/', 'acme/', 'beyond/elsewhere.ts']
    const outside = sources(SRC).filter((file) => !lazy.some((folder) => relative(SRC, file).startsWith(folder)))
    const offending = outside.flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      // Every static import or re-export, with its `from`: type-only ones are erased and load nothing.
      const statements = text.match(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"][^'"]+['"]|^\s*import\s*['"][^'"]+['"]/gm) ?? []
      return statements
        .filter((s) => /['"](?:\.\.?\/)+(?:.*\/)?ca\//.test(s) && !/^\s*(?:import|export)\s+type\b/.test(s))
        .map((s) => `${relative(SRC, file)}: ${s.trim()}`)
    })
    expect(offending).toEqual([])
  })
})
