import { describe, expect, it } from '@jest/globals'
import { printable } from '../../src/report/log.js'

const asIs = (text: string) => text

describe('printable', () => {
  it('spaces apart the colons of a line that would start a workflow command, after any indent', () => {
    expect(printable('::error::x', asIs)).toBe(': :error::x')
    expect(printable('  ::add-mask::y', asIs)).toBe('  : :add-mask::y')
    expect(printable('\t::set-output name=a::b', asIs)).toBe(': :set-output name=a::b')
    expect(printable('first\n   ::second', asIs)).toBe('first\n   : :second')
  })

  it('leaves colons elsewhere alone, and spaces apart the hashes of every ##[', () => {
    expect(printable('a::b', asIs)).toBe('a::b')
    // A line of spaces alone keeps them all.
    expect(printable('a\n   \nb', asIs)).toBe('a\n   \nb')
    expect(printable('x ##[set-output name=a;]b ##[add-mask]c', asIs)).toBe('x # #[set-output name=a;]b # #[add-mask]c')
  })

  it("keeps each line's indent of spaces, and folds the rest of the line", () => {
    expect(printable('    indented  twice\r\n  next\rlast', asIs)).toBe('    indented twice\n  next\nlast')
  })

  it('redacts before and after removing control characters', () => {
    const redact = (text: string) => text.replaceAll('SECRET', '***')
    expect(printable('a SECRET b', redact)).toBe('a *** b')
    expect(printable('a SEC\u0007RET b', redact)).toBe('a *** b')
  })
})
