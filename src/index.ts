/** The action's entry point, as the runner starts it: `node dist/index.js`. run() reports its own failures. */
import { run } from './main.js'

void run().finally(() => {
  // Every output and the summary are written by now. A socket that a proxy left half-open must not keep the
  // job running: if anything still holds the process, it ends shortly; otherwise this timer never fires.
  setTimeout(() => process.exit(), 2000).unref()
})
