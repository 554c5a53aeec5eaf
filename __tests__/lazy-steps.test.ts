/**
 * A dry run of the targets named in its inputs asks nobody anything, and starts as fast as the toolkit allows
 * (`npm run bench -- cold`): what asks CertCentral, GitHub or a CA is reached from the entry point only through
 * main.ts's dynamic import of steps.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SRC, sources, staticallyLoaded, staticImports } from './support/imports.js'

describe('the steps that ask anyone are loaded lazily', () => {
  const atStart = staticallyLoaded('index.ts')

  it('index.ts loads none of the modules steps.ts gathers, nor what only they load', () => {
    const steps = staticallyLoaded('steps.ts')
    steps.delete('steps.ts')
    // What both load is shared: the report needs it, so it is loaded at start whatever the run.
    const onlyForSteps = [...steps].filter((module) => !atStart.has(module)).sort()
    expect(onlyForSteps).toEqual(
      expect.arrayContaining([
        'beyond/start.ts',
        'certcentral/api.ts',
        'certcentral/rate-limiter.ts',
        'certcentral/transport.ts',
        'github/alert-resolution.ts',
        'leaked-key/account-scan.ts',
        'leaked-key/scan-for-key.ts',
        'revocation/authority.ts',
        'revocation/follow-through.ts',
        'revocation/open-requests.ts'
      ])
    )
    expect(atStart.has('steps.ts')).toBe(false)
  })

  it('loads no HTTP client at start: the action writes to the runner itself, not through @actions/core', () => {
    const packagesAtStart = [...atStart].flatMap((module) =>
      staticImports(readFileSync(join(SRC, module), 'utf8'))
        .map((statement) => /['"]([^'"]+)['"]$/.exec(statement)?.[1] ?? '')
        .filter((specifier) => !specifier.startsWith('.'))
    )
    expect(packagesAtStart.length).toBeGreaterThan(0)
    expect(packagesAtStart.every((specifier) => specifier.startsWith('node:'))).toBe(true)
    // @actions/core's entry point loads its OIDC client, @actions/http-client and undici (src/runner.ts).
    const importsCore = sources().filter((file) => staticImports(readFileSync(file, 'utf8')).some((s) => s.includes('@actions/core')))
    expect(importsCore).toEqual([])
  })

  it('main.ts imports steps.ts dynamically, after the plain dry run has ended', () => {
    const main = readFileSync(join(SRC, 'main.ts'), 'utf8')
    const dryRunEnds = main.indexOf('if (settings.dryRun && !scanning) {')
    expect(dryRunEnds).toBeGreaterThan(0)
    expect(main.indexOf("await import('./steps.js')")).toBeGreaterThan(dryRunEnds)
  })
})
