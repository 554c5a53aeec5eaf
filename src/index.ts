/** The action's entry point, as the runner starts it: `node dist/index.js`. */
import { run } from './main.js'

await run()
