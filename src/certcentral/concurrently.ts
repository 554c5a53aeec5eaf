/**
 * Bounded concurrency, apart from the pacing: the report of a plain dry run needs revoke.ts, which uses this, and
 * must not load the transport to get it (`npm run bench -- cold`).
 */

/** Runs `work` on every item with at most `concurrency` at once; results keep the items' order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index], index)
    }
  }
  // At least one worker: a concurrency below 1 would start none and return empty slots, never calling `work`.
  await Promise.all(Array.from({ length: Math.min(items.length, Math.max(1, concurrency)) }, worker))
  return results
}
