/**
 * A run that does not search CT starts as fast as before: CT, ACME, jose and beyond/elsewhere.ts are reached only
 * through a dynamic import(), from beyond/start.ts (and jose only from acme/revoke-cert.ts).
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { SRC, sources, staticImports } from '../support/imports.js'

const LAZY = ['ct/', 'acme/', 'beyond/elsewhere.ts']

describe('beyond the account is loaded lazily', () => {
  it('ct/, acme/ and beyond/elsewhere.ts are imported statically only among themselves', () => {
    const outside = sources(SRC).filter((file) => !LAZY.some((lazy) => relative(SRC, file).startsWith(lazy)))
    const offending = outside.flatMap((file) => {
      const inBeyond = relative(SRC, file).startsWith('beyond/')
      return staticImports(readFileSync(file, 'utf8'))
        .filter((s) => /['"](?:\.\.?\/)+(?:ct|acme)\/|beyond\/elsewhere\.js/.test(s) || (inBeyond && /['"]\.\/elsewhere\.js['"]/.test(s)))
        .map((s) => `${relative(SRC, file)}: ${s}`)
    })
    expect(offending).toEqual([])
  })

  it('jose is imported only dynamically', () => {
    const offending = sources(SRC).flatMap((file) =>
      staticImports(readFileSync(file, 'utf8'))
        .filter((s) => /['"]jose['"]/.test(s))
        .map((s) => `${relative(SRC, file)}: ${s}`)
    )
    expect(offending).toEqual([])
    expect(readFileSync(join(SRC, 'acme/revoke-cert.ts'), 'utf8')).toContain("await import('jose')")
  })

  it('main.ts reaches beyond the account through start.ts only, by way of steps.ts', () => {
    const beyondOf = (file: string) =>
      staticImports(readFileSync(join(SRC, file), 'utf8'))
        .filter((s) => s.includes('/beyond/'))
        .map((s) => /['"]([^'"]+)['"]$/.exec(s)?.[1])
        .sort()
    expect(beyondOf('main.ts')).toEqual(['./beyond/report.js'])
    expect(beyondOf('steps.ts')).toEqual(['./beyond/start.js'])
  })
})
