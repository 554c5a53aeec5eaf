/** scripts/ascii-dist.js: the bundle in ASCII only, meaning exactly what it meant. */
import { describe, expect, it } from '@jest/globals'
import { asciiOnly } from '../scripts/ascii-dist.js'

/** Evaluates a snippet of JavaScript as a function body. */
const evaluate = (source: string): unknown => new Function(source)()

describe('asciiOnly', () => {
  it('writes every character beyond ASCII as \\u escapes, astral ones as surrogate pairs', () => {
    expect(asciiOnly('const a = "x … y ✅ 😀"')).toBe('const a = "x \\u2026 y \\u2705 \\ud83d\\ude00"')
    expect(asciiOnly('plain ASCII\n')).toBe('plain ASCII\n')
  })

  it.each([
    ['a string', 'return "— ä 😀"'],
    ['a template', 'const x = 1; return `${x} → 😀 ≥`'],
    [
      'a regular expression',
      'return [/^[…ä]+$/.test("ä…"), /😀/.test("😀"), /^.$/u.test("😀"), /[😀]/u.exec("a😀")[0], /^[^ä]$/.test("ä")]'
    ],
    ['an identifier', 'const größe = 3; return größe * 2'],
    ['a comment', '// ✅ done\nreturn 1 /* … */']
  ])('keeps the meaning of %s', (_what, source) => {
    const escaped = asciiOnly(source)
    expect(escaped).toMatch(/^[\x00-\x7f]*$/)
    expect(evaluate(escaped)).toEqual(evaluate(source))
  })

  it('keeps escaped backslashes before a character, and refuses a character a backslash escapes', () => {
    expect(asciiOnly('"\\\\…"')).toBe('"\\\\\\u2026"')
    expect(evaluate(`return ${asciiOnly('"\\\\…"')}`)).toBe('\\…')
    expect(() => asciiOnly('"\\…"', 'dist/x.js')).toThrow('dist/x.js: a backslash escapes "…", which a \\u escape would change')
  })
})
