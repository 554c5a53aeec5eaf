// Preloaded into the action's process by the benchmark (`node --import ./scripts/report-rss.js dist/index.js`):
// on exit, writes the process's peak resident set size in bytes to the file named by BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024))
})
