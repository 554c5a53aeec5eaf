// `npm run simulator`: starts the CertCentral simulator with the demo account and prints how to use it.
import { parseArgs } from 'node:util'
import { startSimulator } from './server.js'

/** @import { CrlMode, OcspMode } from './server.js' */

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    latency: { type: 'string', default: '0' },
    'no-rate-limit': { type: 'boolean', default: false },
    'approve-after': { type: 'string' },
    'reject-all': { type: 'boolean', default: false },
    ocsp: { type: 'string', default: 'up' },
    'ocsp-lag': { type: 'string', default: '0' },
    crl: { type: 'string', default: 'up' },
    'crl-lag': { type: 'string', default: '0' },
    'no-ca-urls': { type: 'boolean', default: false },
    'max-page-size': { type: 'string' },
    beyond: { type: 'boolean', default: false }
  }
})

const OCSP_MODES = ['up', 'down', 'tryLater', 'forged', 'mismatched']
const CRL_MODES = ['up', 'down', 'forged']
if (!OCSP_MODES.includes(values.ocsp) || !CRL_MODES.includes(values.crl)) {
  console.error(`--ocsp takes ${OCSP_MODES.join(', ')}; --crl takes ${CRL_MODES.join(', ')}.`)
  process.exit(2)
}

const simulator = await startSimulator({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  rateLimits: values['no-rate-limit'] ? false : undefined,
  approveAfterMs: values['approve-after'] === undefined ? undefined : Number(values['approve-after']),
  rejectAll: values['reject-all'],
  ocsp: /** @type {OcspMode} */ (values.ocsp),
  ocspLagMs: Number(values['ocsp-lag']),
  crl: /** @type {CrlMode} */ (values.crl),
  crlLagMs: Number(values['crl-lag']),
  caUrls: !values['no-ca-urls'],
  maxPageSize: values['max-page-size'] === undefined ? undefined : Number(values['max-page-size'])
})

const administrator =
  simulator.approveAfterMs === undefined && !simulator.rejectAll
    ? 'none: approve with PUT /request/{id}/status (admin or manager key)'
    : `${simulator.rejectAll ? 'rejects' : 'approves'} each request after ${simulator.approveAfterMs ?? 0} ms`

const pages = simulator.maxPageSize === undefined ? '' : `\n  order pages:   at most ${simulator.maxPageSize} orders, whatever limit asks`

console.log(`CertCentral simulator listening.
  base URL:      ${simulator.baseUrl}
  admin key:     ${simulator.keys.admin}
  manager key:   ${simulator.keys.manager}   (may approve requests, not skip approval)
  user key:      ${simulator.keys.user}   (may not skip approval)
  view-only key: ${simulator.keys.viewOnly}   (every PUT refused)
  administrator: ${administrator}
  OCSP:          ${simulator.urls.ocsp} (${simulator.ocsp}${simulator.ocspLagMs ? `, ${simulator.ocspLagMs} ms behind` : ''})
  CA:            ${simulator.urls.caIssuers}
  CRL:           ${simulator.urls.crl} (${simulator.crl}${simulator.crlLagMs ? `, ${simulator.crlLagMs} ms behind` : ''})${pages}
Demo certificates: 1001 (pending), 1002 (auto-approved: submitted), 1003 (pending reissue: refused),
1006 (already revoked), orders 5001-5005 (5004 holds two certificates). Ctrl-C stops it.`)

// --beyond: a crt.sh-compatible CT search and an ACME server (with its CAs) beside it, for ct-search-url and acme-directories.
const beyond = values.beyond
  ? await Promise.all([import('./ct.js'), import('./acme.js')]).then(([ct, acme]) =>
      Promise.all([ct.startCtServer(), acme.startAcmeServer()])
    )
  : []
if (beyond.length === 2) {
  const [ct, acme] = /** @type {[import('./ct.js').CtServer, import('./acme.js').AcmeServer]} */ (beyond)
  console.log(`CT search (crt.sh-compatible): ${ct.url}   (empty: add certificates with CtServer.add from a script)
ACME directory: ${acme.directoryUrl}   (acme-directories: Simulated ACME CA = ${acme.directoryUrl})`)
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => Promise.all([simulator.close(), ...beyond.map((server) => server.close())]).then(() => process.exit(0)))
}
