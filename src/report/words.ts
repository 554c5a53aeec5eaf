/** Small pieces of wording shared by the log, the failure message and the summary. */

/** `1 target`, `3 targets`; `plural(2, 'certificate')`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`
}

/** `the other was` / `the others were`, after some of a batch failed; empty when none is left. */
export function theOthersWereSent(others: number): string {
  if (others <= 0) return ''
  return others === 1 ? 'the other was sent' : 'the others were sent'
}
