/** The static import graph of src/, read from the sources: what a module loads when it is loaded. */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SRC = fileURLToPath(new URL('../../src', import.meta.url))

/** Every .ts file under `folder`. */
export function sources(folder: string = SRC): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every static import or re-export that loads something, trimmed (type-only ones are erased and load nothing). */
export function staticImports(text: string): string[] {
  const statements = text.match(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"][^'"]+['"]|^\s*import\s*['"][^'"]+['"]/gm) ?? []
  return statements.filter((s) => !/^\s*(?:import|export)\s+type\b/.test(s)).map((s) => s.trim())
}

/** The modules of src/ that loading `entry` (a path under src/) loads, as paths relative to src/, itself included. */
export function staticallyLoaded(entry: string): Set<string> {
  const loaded = new Set<string>()
  const visit = (file: string): void => {
    const name = relative(SRC, file)
    if (loaded.has(name)) return
    loaded.add(name)
    for (const statement of staticImports(readFileSync(file, 'utf8'))) {
      const specifier = /['"]([^'"]+)['"]$/.exec(statement)?.[1] ?? ''
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    }
  }
  visit(join(SRC, entry))
  return loaded
}
