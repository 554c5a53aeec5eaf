/** The action's entry point, as the runner starts it: `node dist/index.js`. run() reports its own failures. */
import { run } from './main.js'

void run()
