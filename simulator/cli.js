// `npm run simulator`: starts the CertCentral simulator with the demo account and prints how to use it.
import { parseArgs } from 'node:util'
import { startSimulator } from './server.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    latency: { type: 'string', default: '0' },
    'no-rate-limit': { type: 'boolean', default: false }
  }
})

const simulator = await startSimulator({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  rateLimits: values['no-rate-limit'] ? false : undefined
})

console.log(`CertCentral simulator listening.
  base URL:      ${simulator.baseUrl}
  admin key:     ${simulator.keys.admin}
  user key:      ${simulator.keys.user}   (may not skip approval)
  view-only key: ${simulator.keys.viewOnly}   (every PUT refused)
Demo certificates: 1001 (pending), 1002 (auto-approved: submitted), 1003 (pending reissue: refused),
orders 5001-5004 (5004 holds two certificates). Ctrl-C stops it.`)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => simulator.close().then(() => process.exit(0)))
}
