// After ncc: every character outside ASCII in dist/*.js becomes a \u escape. Node decodes a source file that is
// all ASCII straight into a one-byte string, which V8 also scans faster; one character beyond ASCII (an ellipsis
// in a message, a dependency's emoji) makes the whole megabyte a two-byte string. It is the largest part of the
// action's start-up above the toolkit's own (`npm run bench -- cold`; esbuild's charset=ascii does the same).
// A \uXXXX escape means the same character in a string, a template, a regular expression (with or without the u
// flag: astral characters become surrogate pairs) and an identifier; in a comment it is only text. The bundle uses
// no String.raw, whose raw text would differ, and a character escaped by a backslash is refused, not guessed at.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/**
 * The source with every non-ASCII character written as \u escapes (UTF-16 code units).
 * @param {string} source
 * @param {string} [name]  for the error
 */
export function asciiOnly(source, name = 'the source') {
  return source.replace(/(\\*)([^\x00-\x7f])/gu, (_, backslashes, char) => {
    if (backslashes.length % 2 === 1)
      throw new Error(`${name}: a backslash escapes ${JSON.stringify(char)}, which a \\u escape would change`)
    let escaped = ''
    for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`
    return `${backslashes}${escaped}`
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = new URL('../dist/', import.meta.url)
  for (const file of readdirSync(dist).filter((name) => name.endsWith('.js'))) {
    const url = new URL(file, dist)
    writeFileSync(url, asciiOnly(readFileSync(url, 'utf8'), `dist/${file}`))
  }
}
