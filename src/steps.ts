/**
 * The steps of a run that asks CertCentral (or GitHub, or a CA) anything: the key scan, the revocations, the wait,
 * the search beyond the account and the alert's resolution, with the transport and the rate limiter under them.
 * main.ts loads this module with one `await import()`, and only when a run needs it: a dry run of the targets
 * named in the inputs asks nobody anything, and does not compile any of it (`npm run bench -- cold`).
 */
export { finishBeyondAccount, startCtSearch } from './beyond/start.js'
export { CertCentralApi } from './certcentral/api.js'
export { RateLimiter, realClock } from './certcentral/rate-limiter.js'
export { CertCentralTransport } from './certcentral/transport.js'
export { resolveAlertIfTrue } from './github/alert-resolution.js'
export { scanForLeakedKey } from './leaked-key/scan-for-key.js'
export { Authority } from './revocation/authority.js'
export { followThrough } from './revocation/follow-through.js'
export { openRequestsToReuse } from './revocation/open-requests.js'
export { confirmReusedRequests, revokeAll, settleKeyMatches } from './revocation/revoke.js'
