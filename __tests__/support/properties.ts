/** What the property-based tests share: how many inputs each tries, and the characters they are made of. */
import fc from 'fast-check'

/**
 * How many inputs a property test tries. PROPERTY_RUNS caps it: mutation testing (scripts/mutate.js) runs every
 * property once per mutant, where a few dozen inputs find what a few hundred would, at a tenth of the time.
 */
export function runs(numRuns: number): { numRuns: number } {
  const cap = Number(process.env.PROPERTY_RUNS)
  return { numRuns: Number.isInteger(cap) && cap > 0 ? Math.min(numRuns, cap) : numRuns }
}

/**
 * Any one code point, lone surrogates included: what fast-check's `unit: 'binary'` draws, made without the second
 * that fast-check takes to build that unit in every test file (paid by each mutant whose tests are filtered out).
 */
export const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code))
