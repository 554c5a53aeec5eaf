// `node scripts/changelog-section.js v1.2.3`: prints CHANGELOG.md's section for that version, the release notes.
// Fails (exit 1, one line on stderr) when the tag is not a version, when CHANGELOG.md has no dated section for it,
// or when the section is empty: the release workflow then publishes nothing.
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const CHANGELOG = fileURLToPath(new URL('../CHANGELOG.md', import.meta.url))

/** A version heading as Keep a Changelog writes it: `## [1.2.3] - 2026-12-06`. */
const VERSION_HEADING = /^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})\s*$/

/**
 * The version a tag names: `v1.2.3` → `1.2.3`; anything else → null.
 * @param {string} tag
 */
export function versionOfTag(tag) {
  const match = /^v(\d+\.\d+\.\d+)$/.exec(tag)
  return match ? match[1] : null
}

/**
 * Every dated version heading, newest first as written, with its date.
 * @param {string} changelog
 * @returns {{ version: string, date: string }[]}
 */
export function releasedVersions(changelog) {
  return changelog
    .split('\n')
    .map((line) => VERSION_HEADING.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ version: match[1], date: match[2] }))
}

/**
 * The body of a version's section (between its heading and the next `## ` heading, or the link references), trimmed.
 * @param {string} changelog
 * @param {string} version  e.g. `1.2.3`
 * @returns {string}
 */
export function sectionOf(changelog, version) {
  const lines = changelog.split('\n')
  const start = lines.findIndex((line) => VERSION_HEADING.exec(line)?.[1] === version)
  if (start === -1) throw new Error(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD"`)
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((line) => line.startsWith('## ') || /^\[[^\]]+\]: /.test(line))
  const body = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim()
  if (body === '') throw new Error(`CHANGELOG.md's section for ${version} is empty`)
  return body
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tag = process.argv[2] ?? ''
  const version = versionOfTag(tag)
  try {
    if (version === null) throw new Error(`"${tag.slice(0, 40)}" is not a release tag like v1.2.3`)
    process.stdout.write(`${sectionOf(readFileSync(CHANGELOG, 'utf8'), version)}\n`)
  } catch (error) {
    console.error(`changelog-section: ${/** @type {Error} */ (error).message}`)
    process.exitCode = 1
  }
}
