/** Settings as readSettings would build them from the defaults, with the given fields changed. */
import type { Settings } from '../../src/inputs/settings.js'

export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    apiKey: 'key',
    certificateIds: [],
    serialNumbers: [],
    pemCertificates: [],
    orderIds: [],
    comments: 'c',
    skipApproval: false,
    dryRun: false,
    baseUrl: 'https://www.digicert.com/services/v2',
    maxRevocations: 100,
    maxAttempts: 5,
    requestTimeoutMs: 30000,
    waitFor: 'none',
    waitTimeoutMs: 1_800_000,
    alert: { resolve: false, token: '' },
    keyScan: { fromAlert: false },
    // Off in unit tests, whose runs must not reach a CT service (the input's default is `report`).
    beyond: { ctSearch: 'off', ctSearchUrl: 'https://crt.sh/', acmeRevoke: false, acmeDirectories: [] },
    ...overrides
  }
}
