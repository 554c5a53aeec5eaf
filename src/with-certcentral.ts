/**
 * Everything a run that talks to CertCentral needs and a plain dry run does not: the transport and its pacing,
 * the key scan, the authorities, the revocation, the wait and the alert's resolution. main.ts imports this module
 * lazily, so a plain dry run (no key to look for) never even parses it and starts as fast as the toolkit allows
 * (`npm run bench -- cold`).
 */
export { CertCentralApi } from './certcentral/api.js'
export { RateLimiter, realClock } from './certcentral/rate-limiter.js'
export { CertCentralTransport } from './certcentral/transport.js'
export { resolveAlertIfTrue } from './github/alert-resolution.js'
export { scanForLeakedKey } from './leaked-key/scan-for-key.js'
export { Authority } from './revocation/authority.js'
export { followThrough } from './revocation/follow-through.js'
export { openRequestsToReuse } from './revocation/open-requests.js'
export { revokeAll, settleKeyMatches } from './revocation/revoke.js'
