/**
 * Runs the bundled action for a test: as the runner does (scripts/runner.js), with DNS held to loopback and the
 * test hosts, and with a leak check on every run: the API key (and github-token) may appear in no output, no
 * summary, and in the log only in the runner's `::add-mask::` command.
 */
import { runAction } from '../../scripts/runner.js'
import { secretLines } from '../../src/private-key.js'

// A file: URL, which --import takes on every platform (a Windows path would be read as a URL scheme).
const LOOPBACK_ONLY = new URL('./loopback-only.js', import.meta.url).href

/** The runner's options, and the text of a private key the action will see (to check it never leaks). */
type RunOptions = Parameters<typeof runAction>[0] & { privateKeyText?: string }
export type ActionResult = Awaited<ReturnType<typeof runAction>>

export async function runActionInTest(options: RunOptions): Promise<ActionResult> {
  const result = await runAction({ ...options, nodeArgs: ['--import', LOOPBACK_ONLY, ...(options.nodeArgs ?? [])] })
  for (const name of ['api-key', 'github-token']) {
    const secret = options.inputs[name]?.trim()
    if (secret && secret.length >= 8) assertNoLeak(secret, name, result)
  }
  for (const line of secretLines(options.privateKeyText ?? options.inputs['private-key'] ?? '')) {
    if (line.length >= 8) assertNoLeak(line, 'private key', result)
  }
  return result
}

export function assertNoLeak(secret: string, name: string, result: ActionResult): void {
  const places: string[] = []
  if (result.outputFile.includes(secret)) places.push('the outputs')
  if (result.summary.includes(secret)) places.push('the job summary')
  const log = `${result.stdout}\n${result.stderr}`.split('\n')
  if (log.some((line) => line.includes(secret) && line !== `::add-mask::${secret}`)) places.push('the log (outside ::add-mask::)')
  if (places.length > 0) throw new Error(`The ${name} leaked into ${places.join(', ')}.`)
}
