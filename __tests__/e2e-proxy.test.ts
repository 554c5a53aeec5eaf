/**
 * The action behind a real proxy: the simulator serves HTTPS as certcentral.test.invalid under a test CA
 * (NODE_EXTRA_CA_CERTS); `https_proxy` must send the request through the proxy as a CONNECT tunnel, and
 * `no_proxy` must bypass it. The proxy is the npm package `proxy`, started by the test on loopback; where squid is
 * installed the same tests run through squid too, and are reported as skipped where it is not.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serialFor } from '../simulator/account.js'
import { makeServerTls } from '../simulator/x509.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { runActionInTest } from './support/action.js'
import { ConnectProxy, TlsInspectingProxy, type TestProxy } from './support/proxies.js'
import { actionNodes, describeOnNodes } from './support/nodes.js'
import { Squid, squidBinary } from './support/squid.js'

const HOST = 'certcentral.test.invalid'

const proxies: { name: string; start: (hosts: string[]) => Promise<TestProxy>; missing?: string }[] = [
  { name: 'the npm package proxy', start: (hosts) => ConnectProxy.start(hosts) },
  { name: 'squid', start: (hosts) => Squid.start(hosts), missing: squidBinary() ? undefined : 'squid is not installed' }
]

describe('behind a proxy', () => {
  let sim: Simulator
  let dir: string
  let caFile: string
  let baseUrl: string

  beforeAll(async () => {
    const tls = makeServerTls([HOST])
    dir = mkdtempSync(join(tmpdir(), 'proxy-test-'))
    caFile = join(dir, 'ca.pem')
    writeFileSync(caFile, tls.caPem)
    sim = await startSimulator({ rateLimits: false, tls: { key: tls.keyPem, cert: tls.certPem } })
    baseUrl = sim.baseUrl.replace('127.0.0.1', HOST)
  })
  afterAll(async () => {
    await sim?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  let nextCertificateId = 8001
  for (const { name, start, missing } of proxies) {
    const describeProxy = missing ? describe.skip : describe
    describeProxy(`through ${name}${missing ? ` (skipped: ${missing})` : ''}`, () => {
      let proxy: TestProxy
      beforeAll(async () => {
        proxy = await start([HOST])
      })
      afterAll(async () => {
        await proxy?.stop()
      })

      describeOnNodes('on %s', (_name, node) => {
        it('sends the request through https_proxy as a CONNECT tunnel', async () => {
          // Each run revokes a certificate of its own: the simulator, shared by every proxy and Node, remembers revocations.
          const id = nextCertificateId++
          sim.account.addOrder({
            id: id + 1000,
            certificates: [{ id, serialNumber: serialFor(id), commonName: `proxied${id}.example.test` }]
          })
          const certificate = String(id)
          const before = sim.revokeRequests().length
          const result = await runActionInTest({
            node,
            env: { https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: caFile },
            // skip-approval: one request, the revoke (no listing of open requests, which the other Node's run left).
            inputs: {
              'api-key': sim.keys.admin,
              'base-url': baseUrl,
              'certificate-id': certificate,
              'max-attempts': '1',
              'skip-approval': 'true'
            }
          })
          expect(result.stdout).toContain(`certificate ${certificate}: submitted`)
          expect(result.exitCode).toBe(0)
          expect(sim.revokeRequests()).toHaveLength(before + 1)
          expect(proxy.accessLog()).toMatch(new RegExp(`CONNECT ${HOST.replace(/\./g, '\\.')}:${new URL(baseUrl).port}`))
        })

        it('bypasses the proxy for a host in no_proxy', async () => {
          const logBefore = proxy.accessLog()
          const before = sim.revokeRequests().length
          const result = await runActionInTest({
            node,
            env: { https_proxy: proxy.url, no_proxy: `example.invalid,${HOST}`, NODE_EXTRA_CA_CERTS: caFile },
            inputs: {
              'api-key': sim.keys.admin,
              'base-url': baseUrl,
              'certificate-id': '1002',
              'max-attempts': '1',
              'skip-approval': 'true'
            }
          })
          expect(result.exitCode).toBe(0)
          expect(sim.revokeRequests()).toHaveLength(before + 1)
          expect(proxy.accessLog()).toBe(logBefore)
        })
      })
    })
  }

  it('points an untrusted server certificate at NODE_EXTRA_CA_CERTS', async () => {
    const [, node] = actionNodes()[0]
    const result = await runActionInTest({
      node,
      inputs: { 'api-key': sim.keys.admin, 'base-url': baseUrl, 'certificate-id': '1001', 'max-attempts': '1' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /connection failed after 1 attempt: the server's TLS certificate could not be verified \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/
    )
    expect(result.stdout).toContain('NODE_EXTRA_CA_CERTS')
  })

  it('points a TLS-inspecting proxy, whose CA Node does not trust, at NODE_EXTRA_CA_CERTS', async () => {
    const [, node] = actionNodes()[0]
    const inspecting = await TlsInspectingProxy.start([HOST])
    try {
      const before = sim.revokeRequests().length
      const result = await runActionInTest({
        node,
        env: { https_proxy: inspecting.url, NODE_EXTRA_CA_CERTS: caFile },
        // skip-approval: the revoke is the only request, so the proxy sees exactly one tunnel.
        inputs: { 'api-key': sim.keys.admin, 'base-url': baseUrl, 'certificate-id': '1001', 'max-attempts': '1', 'skip-approval': 'true' }
      })
      expect(inspecting.connects).toEqual([`${HOST}:${new URL(baseUrl).port}`])
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toMatch(
        /connection failed after 1 attempt: the server's TLS certificate could not be verified \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/
      )
      expect(result.stdout).toContain('behind a TLS-inspecting proxy, give its CA to Node with NODE_EXTRA_CA_CERTS')
      expect(sim.revokeRequests()).toHaveLength(before)
    } finally {
      await inspecting.stop()
    }
  })

  it('fails clearly when the proxy is unreachable', async () => {
    const [, node] = actionNodes()[0]
    const result = await runActionInTest({
      node,
      env: { https_proxy: 'http://127.0.0.1:9', NODE_EXTRA_CA_CERTS: caFile },
      inputs: { 'api-key': sim.keys.admin, 'base-url': baseUrl, 'certificate-id': '1001', 'max-attempts': '2' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/connection failed after 2 attempts: the proxy could not be reached, .*ECONNREFUSED 127\.0\.0\.1:9/)
    expect(result.stdout).toContain('https_proxy')
  }, 30_000)
})
