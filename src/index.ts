/** The action's entry point, as the runner starts it: `node dist/index.js`. run() reports its own failures. */
import { run, type ListenForInterruption } from './main.js'

/**
 * The runner cancels a job, or ends it at its timeout, with SIGINT then SIGTERM (then kills it). Node's default
 * would end the process at once, without outputs or summary: instead the run reports what it knows and the step
 * fails.
 */
const listenForInterruption: ListenForInterruption = (handler) => {
  const signals = ['SIGINT', 'SIGTERM'] as const
  const listener = (signal: NodeJS.Signals): void => {
    handler(signal)
    process.exit(1)
  }
  for (const signal of signals) process.on(signal, listener)
  return () => signals.forEach((signal) => process.off(signal, listener))
}

void run(process.env, listenForInterruption).finally(() => {
  // Every output and the summary are written by now. A socket that a proxy left half-open, or a question to a CA
  // that the wait abandoned at its deadline, must not keep the job running: if anything still holds the process,
  // it ends shortly; otherwise this timer never fires.
  setTimeout(() => process.exit(), 2000).unref()
})
