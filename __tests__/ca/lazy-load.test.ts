import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { SRC, sources, staticImports } from '../support/imports.js'

describe('src/ca is loaded lazily', () => {
  it('is imported by nothing outside it but a dynamic import() or a type-only import', () => {
    // CT, ACME and beyond/elsewhere.ts are loaded lazily themselves (see __tests__/beyond/lazy-load.test.ts).
    const lazy = ['ca/', 'ct/', 'acme/', 'beyond/elsewhere.ts']
    const outside = sources(SRC).filter((file) => !lazy.some((folder) => relative(SRC, file).startsWith(folder)))
    const offending = outside.flatMap((file) => {
      return staticImports(readFileSync(file, 'utf8'))
        .filter((s) => /['"](?:\.\.?\/)+(?:.*\/)?ca\//.test(s))
        .map((s) => `${relative(SRC, file)}: ${s}`)
    })
    expect(offending).toEqual([])
  })
})
