/**
 * A run that does not search CT starts as fast as before: CT, ACME, jose and beyond/elsewhere.ts are reached only
 * through a dynamic import(), from beyond/start.ts (and jose only from acme/revoke-cert.ts).
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))
const LAZY = ['ct/', 'acme/', 'beyond/elsewhere.ts']

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every static import or re-export that loads something (type-only ones are erased). */
function staticImports(text: string): string[] {
  const statements = text.match(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"][^'"]+['"]|^\s*import\s*['"][^'"]+['"]/gm) ?? []
  return statements.filter((s) => !/^\s*(?:import|export)\s+type\b/.test(s)).map((s) => s.trim())
}

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

  it('main.ts reaches beyond the account through start.ts only', () => {
    const main = staticImports(readFileSync(join(SRC, 'main.ts'), 'utf8')).filter((s) => s.includes('/beyond/'))
    expect(main.map((s) => /['"]([^'"]+)['"]$/.exec(s)?.[1]).sort()).toEqual(['./beyond/report.js', './beyond/start.js'])
  })
})
