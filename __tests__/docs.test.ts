/** The documentation a newcomer reads: the README's size, every relative link and anchor, the release facts (changelog, version, licence, dependencies). */
import { describe, expect, it } from '@jest/globals'
import AjvModule from 'ajv'
import yaml from 'js-yaml'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { releasedVersions, sectionOf, versionOfTag } from '../scripts/changelog-section.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string): string => readFileSync(join(root, path), 'utf8')
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...readdirSync(join(root, 'docs'))
    .filter((n) => n.endsWith('.md'))
    .map((n) => `docs/${n}`)
]
const pkg = JSON.parse(read('package.json')) as { version: string; license: string; dependencies: Record<string, string> }

/** Markdown without its fenced code blocks, where a `](` is code, not a link. */
const prose = (markdown: string): string => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, … */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const [, text] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const plain = text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, (c) => (c === '_' ? '_' : ''))
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** Every relative link target of a page: `[text](target)` and `![alt](target)`, outside code blocks. */
const relativeLinks = (markdown: string): string[] =>
  [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?: +"[^"]*")?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t))

describe('the README', () => {
  const readme = read('README.md')

  it('stays at most 20 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20 * 1024)
  })

  it('gives the two commands, and which Node the action, the tests and the development tools need', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toMatch(/^npm test +#/m)
    expect(readme).toContain('Node.js 20 or later')
    expect(readme).toContain('`runs.using: node24`')
    expect(readme).toContain('Node 22 or later')
  })

  it('pins a release by @v1 and shows the full-SHA form', () => {
    expect(readme).toMatch(/uses: OWNER\/digicert-revoke-action@v1\n/)
    expect(readme).toMatch(/uses: OWNER\/digicert-revoke-action@[0-9a-f]{40} # v\d+\.\d+\.\d+/)
  })

  it("has a first workflow that is valid against GitHub's workflow schema (vendored in schemas/)", () => {
    const Ajv = AjvModule as unknown as typeof AjvModule.default
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(read('schemas/github-workflow.json')))
    const workflows = [...readme.matchAll(/^```yaml\n(name: [\s\S]*?)^```$/gm)].map((m) => yaml.load(m[1]))
    expect(workflows).toHaveLength(1)
    expect(validate(workflows[0])).toBe(true)
    expect(JSON.stringify(workflows[0])).toContain('"environment":"certificate-revocation"')
  })

  it('says the project is not affiliated with DigiCert', () => {
    expect(readme).toContain('not affiliated with, endorsed by or supported by DigiCert')
  })

  it('states the prerequisites a first user trips over', () => {
    expect(readme).toContain('non-provider patterns, off by default')
    expect(readme).toContain('Secret Protection')
    expect(readme).toContain('disables scheduled workflows after 60 days')
    expect(readme).toContain('"Prevent self-review"')
  })

  it('links every page of docs/ and shows the job summary picture', () => {
    for (const page of pages.filter((p) => p.startsWith('docs/'))) expect(relativeLinks(readme)).toContain(page)
    expect(relativeLinks(readme)).toContain('docs/job-summary.png')
  })
})

describe.each(pages)('%s', (page) => {
  const markdown = read(page)
  const links = relativeLinks(markdown)

  it('has relative links that all resolve, anchors included', () => {
    const broken: string[] = []
    for (const link of links) {
      const [path, anchor] = link.split('#') as [string, string | undefined]
      const target = path === '' ? page : normalize(join(dirname(page), decodeURIComponent(path)))
      if (target.startsWith('..') || !existsSync(join(root, target))) {
        broken.push(`${link} (no ${target})`)
        continue
      }
      if (anchor !== undefined && (!target.endsWith('.md') || !anchorsOf(read(target)).has(anchor))) broken.push(`${link} (no #${anchor})`)
    }
    expect(broken).toEqual([])
  })
})

describe('the link check itself', () => {
  it('makes the anchors GitHub makes', () => {
    expect([
      ...anchorsOf('# Beyond the account: every certificate\n## `wait-for` and `wait-timeout`\n## A b\n## A b\n```\n# not a heading\n```')
    ]).toEqual(['beyond-the-account-every-certificate', 'wait-for-and-wait-timeout', 'a-b', 'a-b-1'])
  })

  it('finds links and images but not URLs or code', () => {
    expect(
      relativeLinks('[a](docs/a.md) ![p](x.png "t") [w](https://example.com) [m](mailto:a@b.c)\n```\n[c](code.md)\n```\n[s](#here)')
    ).toEqual(['docs/a.md', 'x.png', '#here'])
  })
})

describe('the release facts', () => {
  const changelog = read('CHANGELOG.md')

  it('CHANGELOG.md and package.json agree on the version: the newest dated section, or before the first release the one Unreleased announces', () => {
    const released = releasedVersions(changelog)
    if (released.length > 0) expect(released[0].version).toBe(pkg.version)
    else expect(sectionOfUnreleased(changelog)).toContain(`Next release: ${pkg.version}`)
  })

  it('CHANGELOG.md is in the Keep a Changelog form, Unreleased first', () => {
    expect(changelog).toContain('[Keep a Changelog](https://keepachangelog.com/')
    const headings = [...changelog.matchAll(/^## (.+)$/gm)].map((m) => m[1])
    expect(headings[0]).toBe('[Unreleased]')
    for (const heading of headings.slice(1)) expect(heading).toMatch(/^\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/)
    for (const category of [...changelog.matchAll(/^### (.+)$/gm)].map((m) => m[1])) {
      expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(category)
    }
  })

  it('SECURITY.md names every runtime dependency, and no release that does not exist', () => {
    const security = read('SECURITY.md')
    for (const name of Object.keys(pkg.dependencies)) expect(security).toContain(`\`${name}\``)
    const released = new Set(releasedVersions(changelog).map((r) => r.version))
    for (const [version] of security.matchAll(/\b\d+\.\d+\.\d+\b/g)) expect(released.has(version) || version === pkg.version).toBe(true)
    if (released.size === 0) expect(security).toContain('No version has been released yet')
  })

  it('LICENSE is the MIT licence package.json names', () => {
    expect(pkg.license).toBe('MIT')
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /)
  })

  it('the job summary picture is a PNG', () => {
    const png = readFileSync(join(root, 'docs/job-summary.png'))
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(statSync(join(root, 'docs/job-summary.png')).size).toBeLessThan(1024 * 1024)
  })
})

/** The text under `## [Unreleased]`. */
function sectionOfUnreleased(changelog: string): string {
  const start = changelog.indexOf('## [Unreleased]')
  const next = changelog.indexOf('\n## ', start + 1)
  return changelog.slice(start, next === -1 ? undefined : next)
}

describe('scripts/changelog-section.js', () => {
  const fixture = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '- next',
    '',
    '## [1.1.0] - 2027-01-02',
    '',
    '### Fixed',
    '',
    '- a fix',
    '',
    '## [1.0.0] - 2026-12-20',
    '',
    '### Added',
    '',
    '- the first',
    '',
    '## [0.9.0] - 2026-12-01',
    '',
    '[1.1.0]: https://example.com/compare/v1.0.0...v1.1.0'
  ].join('\n')

  it('reads a version from a release tag only', () => {
    expect(versionOfTag('v1.2.3')).toBe('1.2.3')
    expect(versionOfTag('v10.20.30')).toBe('10.20.30')
    for (const tag of ['1.2.3', 'v1.2', 'v1.2.3-rc.1', 'v1.2.3\n', 'xv1.2.3', 'v1']) expect(versionOfTag(tag)).toBeNull()
  })

  it('lists the dated versions, newest first as written', () => {
    expect(releasedVersions(fixture)).toEqual([
      { version: '1.1.0', date: '2027-01-02' },
      { version: '1.0.0', date: '2026-12-20' },
      { version: '0.9.0', date: '2026-12-01' }
    ])
  })

  it("gives a version's section up to the next heading or the link references", () => {
    expect(sectionOf(fixture, '1.1.0')).toBe('### Fixed\n\n- a fix')
    expect(sectionOf(fixture, '1.0.0')).toBe('### Added\n\n- the first')
  })

  it('refuses a version without a section, or with an empty one', () => {
    expect(() => sectionOf(fixture, '1.2.0')).toThrow('CHANGELOG.md has no section "## [1.2.0] - YYYY-MM-DD"')
    expect(() => sectionOf(fixture, '1.0')).toThrow('no section')
    expect(() => sectionOf(fixture, '0.9.0')).toThrow("CHANGELOG.md's section for 0.9.0 is empty")
  })

  it('as a command, fails with one line for a tag that is no version or has no section', () => {
    const run = (tag: string) => spawnSync(process.execPath, ['scripts/changelog-section.js', tag], { cwd: root, encoding: 'utf8' })
    expect(run('latest')).toMatchObject({ status: 1, stdout: '', stderr: 'changelog-section: "latest" is not a release tag like v1.2.3\n' })
    expect(run('v99.0.0')).toMatchObject({
      status: 1,
      stdout: '',
      stderr: 'changelog-section: CHANGELOG.md has no section "## [99.0.0] - YYYY-MM-DD"\n'
    })
  })
})
