import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { startAcmeServer, type AcmeServer } from '../../simulator/acme.js'
import { startCtServer, type CtServer } from '../../simulator/ct.js'
import { searchCt } from '../../src/beyond/elsewhere.js'
import { identifyPrivateKey } from '../../src/leaked-key/key-identity.js'
import { testSettings } from '../support/settings.js'

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const key = identifyPrivateKey(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })

describe('searchCt', () => {
  let acme: AcmeServer
  let ct: CtServer
  beforeAll(async () => {
    ;[acme, ct] = await Promise.all([startAcmeServer(), startCtServer()])
  })
  afterAll(async () => Promise.all([acme.close(), ct.close()]))

  /** A clock that reads `start` first, then `end`: the search took end - start. */
  const run = async (start: number, end: number) => {
    const logs: string[] = []
    let reads = 0
    const clock = { now: () => (reads++ === 0 ? start : end), sleep: async () => undefined }
    const beyond = { ctSearch: 'report' as const, ctSearchUrl: ct.url, acmeRevoke: false, acmeDirectories: [] }
    const found = await searchCt(testSettings({ beyond, maxAttempts: 1 }), key, {
      clock,
      log: (message: string) => logs.push(message),
      warn: () => undefined,
      redact: (text: string) => text.replace('503', '[five-oh-three]')
    })
    return { found, logs }
  }

  it('logs what it searches and what it found: confirmed, unconfirmed and dropped, and how long it took', async () => {
    ct.entries = []
    ct.add(acme.issue(keys.publicKey, { ca: acme.otherCa }))
    ct.failDownloads.add(ct.add(acme.issue(keys.publicKey, { ca: acme.otherCa })))
    // Listed under the key, but another key's certificate: dropped.
    ct.add(acme.issue(other.publicKey, { ca: acme.otherCa }), { listedAs: key.fingerprint })
    const { found, logs } = await run(1000, 3500)
    expect(found).toMatchObject({ searched: true, listed: 3, dropped: 1, ms: 2500 })
    expect(found.confirmed.map((c) => c.kind)).toEqual(['unconfirmed', 'confirmed'])
    expect(found.failure).toBeUndefined()
    expect(logs[0]).toBe(
      `Searching Certificate Transparency at ${new URL(ct.url).host} for certificates of the key (public key SHA-256 ${key.fingerprint}).`
    )
    expect(logs.at(-1)).toBe(
      `CT: 3 entries, 1 certificates confirmed to carry the key, 1 unconfirmed, 1 dropped (another key); ${found.requests} requests in 2.5 s.`
    )
  })

  it('reports a failed search as a failure, redacted, with nothing found', async () => {
    ct.down = true
    try {
      const { found } = await run(1000, 3500)
      expect(found.failure).toContain('[five-oh-three]')
      expect(found).toEqual({ searched: true, failure: found.failure, listed: 0, confirmed: [], dropped: 0, requests: 1, ms: 2500 })
    } finally {
      ct.down = false
    }
  })
})
