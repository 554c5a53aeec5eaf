/**
 * Beyond the account, end to end: the leaked key is on a certificate of the simulated CertCentral account, and CT
 * (simulator/ct.js) knows it elsewhere too: at an ACME CA (simulator/acme.js, CRL only), at another CA, and at
 * "another DigiCert account". The action searches CT, confirms each certificate by download, places it, asks its
 * CA, and revokes through ACME with the key where asked.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { serialFor } from '../simulator/account.js'
import { startAcmeServer, type AcmeServer } from '../simulator/acme.js'
import { makeKey } from '../simulator/certificates.js'
import { spkiSha256, startCtServer, type CtServer } from '../simulator/ct.js'
import { startSimulator, type Simulator } from '../simulator/server.js'
import { runActionInTest } from './support/action.js'
import { FakeGithub } from './support/fake-github.js'
import { describeOnNodes } from './support/nodes.js'

const KEY = createPrivateKey(makeKey('ec')).export({ type: 'sec1', format: 'pem' }) as string
const TOKEN = 'ghs_TokenOfTheBeyondTestsWithoutDigitRuns'
const ALERT_PATH = '/repos/octo-org/certificates/secret-scanning/alerts/7'

interface Elsewhere {
  issuer: string
  serial: string
  not_after: string
  ct_id: string
  where: string
  status: string
  next: string | null
}

describeOnNodes('beyond the account on %s', (_name, node) => {
  let sim: Simulator
  let ct: CtServer
  let acme: AcmeServer
  let github: FakeGithub
  let accountPem: string
  beforeEach(async () => {
    ;[sim, ct, acme, github] = await Promise.all([
      startSimulator({ rateLimits: false }),
      startCtServer(),
      startAcmeServer(),
      new FakeGithub().start()
    ])
    sim.account.addOrder({
      id: 8001,
      certificates: [{ id: 7001, serialNumber: serialFor(7001), commonName: 'leak.example.test', publicKey: createPublicKey(KEY) }],
      approval: 'auto'
    })
    const certificate = sim.account.findCertificate('7001')
    if (!certificate) throw new Error('certificate 7001 is missing')
    accountPem = sim.account.certificatePem(certificate)
    // resolve-alert reads the alert before anything is revoked.
    github.answers.set(`GET ${ALERT_PATH}`, { status: 200, body: { number: 7, state: 'open' } })
  })
  afterEach(async () => {
    await Promise.all([sim.close(), ct.close(), acme.close(), github.stop()])
  })

  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runActionInTest({
      node,
      privateKeyText: KEY,
      env: { GITHUB_API_URL: github.url, ...env },
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'private-key': KEY, 'ct-search-url': ct.url, ...inputs }
    })
  const elsewhere = (outputs: Record<string, string>): Elsewhere[] => JSON.parse(outputs.elsewhere)
  const acmeDirectories = () => `Simulated ACME CA = ${acme.directoryUrl}`

  it('reports, in the default mode, every live certificate of the key outside the account, and whom to ask', async () => {
    ct.add(accountPem)
    const atAcme = acme.issue(createPublicKey(KEY), { serialNumber: '00a1' })
    ct.add(acme.issue(createPublicKey(KEY), { serialNumber: '00a1', precertificate: true }))
    const atAcmeId = ct.add(atAcme)
    const atOther = acme.issue(createPublicKey(KEY), { ca: acme.otherCa, serialNumber: '0b2' })
    const atOtherId = ct.add(atOther)
    const atDigicertId = ct.add(acme.issue(createPublicKey(KEY), { ca: acme.digicertCa, serialNumber: 'c3' }))
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 200, body: {} })

    const result = await run({
      'skip-approval': 'true',
      'resolve-alert': 'true',
      'alert-number': '7',
      'github-token': TOKEN,
      'acme-directories': acmeDirectories()
    })

    expect(result.exitCode).toBe(0)
    const [search] = ct.searches()
    expect(search.url).toBe(`/?spkisha256=${spkiSha256(accountPem)}&exclude=expired&output=json`)
    expect(search.headers.accept).toBe('application/json')
    // The precertificate of A1 is not downloaded: its certificate, logged later, came first and confirmed it.
    expect(ct.downloads()).toHaveLength(4)
    expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/7001/revoke'])
    expect(acme.revokeRequests()).toHaveLength(0)
    const lookups = sim.requests.filter((r) => r.query.includes('filters[serial_number]=C3'))
    expect(lookups).toHaveLength(1)
    const found = elsewhere(result.outputs)
    expect(found).toEqual([
      expect.objectContaining({ ct_id: String(atDigicertId), serial: 'C3', where: 'digicert-other-account', status: 'to-report' }),
      expect.objectContaining({
        ct_id: String(atOtherId),
        serial: 'B2',
        where: 'other-ca',
        status: 'to-report',
        issuer: 'CN=Other Trust TLS CA, O=Other Trust Ltd'
      }),
      expect.objectContaining({ ct_id: String(atAcmeId), serial: 'A1', where: 'other-ca', status: 'to-report' })
    ])
    expect(found[0].next).toBe("report it to DigiCert (certificate problem report), or run with that account's key")
    expect(found[1].next).toBe(`ask Other Trust Ltd to revoke it: key compromise (crt.sh ID ${atOtherId})`)
    expect(found[2].next).toMatch(/^acme-revoke: true would revoke it through Simulated ACME CA/)
    expect(found[0].not_after).toMatch(/^\d{4}-\d\d-\d\dT/)
    // Each live one was asked of its CA: the issuer from caIssuers, then its CRL (these CAs publish no OCSP).
    const asked = acme.requests.map((r) => r.path)
    for (const ca of ['acme-ca', 'other-ca', 'digicert-ca']) expect(asked).toEqual(expect.arrayContaining([`/${ca}/ca.crt`, `/${ca}/crl`]))
    expect(result.summary).toContain('### Outside this account')
    expect(result.summary).toContain('**Whom to ask:**')
    expect(result.outputs['alert-resolved']).toBe('true')
    const comment = (github.requests.find((r) => r.method === 'PATCH')?.body as { resolution_comment: string }).resolution_comment
    expect(comment).toContain('3 live certificates of the key outside this account remain to be revoked')
    expect(atOther).toContain('BEGIN CERTIFICATE')
  })

  it('with require and the CT service down: fails, leaves the alert open, and still revokes the account', async () => {
    ct.down = true
    const result = await run({
      'ct-search': 'require',
      'skip-approval': 'true',
      'resolve-alert': 'true',
      'alert-number': '7',
      'github-token': TOKEN,
      'max-attempts': '2'
    })
    expect(result.exitCode).toBe(1)
    expect(ct.searches()).toHaveLength(2)
    expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/7001/revoke'])
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0)
    expect(result.outputs['alert-resolved']).toBe('false')
    expect(result.stdout).toContain(
      'ct-search is require, and Certificate Transparency could not be searched: the CT search answered HTTP 503'
    )
    expect(result.summary).toContain('Certificate Transparency could not be searched')
    expect(result.outputs.elsewhere).toBe('[]')
  })

  it('never reports nor sends to ACME a CT entry whose certificate carries another key', async () => {
    const liar = acme.issue(createPublicKey(makeKey('ec')))
    ct.add(liar, { listedAs: spkiSha256(accountPem) })
    const result = await run({ 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(0)
    expect(ct.downloads()).toHaveLength(1)
    expect(acme.requests).toHaveLength(0)
    expect(elsewhere(result.outputs)).toEqual([])
    expect(result.summary).toContain('1 listed entry carried another key when downloaded: dropped')
  })

  it('revokes through ACME, signed by the key, and proves it from the CRL with wait-for: revocation', async () => {
    const certificate = acme.issue(createPublicKey(KEY))
    ct.add(certificate)
    const result = await run({
      'skip-approval': 'true',
      'acme-revoke': 'true',
      'acme-directories': acmeDirectories(),
      'wait-for': 'revocation',
      'wait-timeout': '1'
    })
    expect(result.stdout).not.toContain('::error::')
    expect(result.exitCode).toBe(0)
    const [revoke] = acme.revokeRequests()
    expect(revoke.status).toBe(200)
    expect(revoke.protectedHeader).toMatchObject({ alg: 'ES256', url: `${acme.origin}/acme/revoke-cert` })
    expect(revoke.payload).toMatchObject({ reason: 1 })
    expect(revoke.body).not.toContain(createPrivateKey(KEY).export({ format: 'jwk' }).d as string)
    expect(acme.requests.some((r) => r.path === '/acme-ca/crl')).toBe(true)
    expect(elsewhere(result.outputs)).toEqual([expect.objectContaining({ where: 'acme', status: 'revoked', next: null })])
  })

  it('counts ACME revocations toward max-revocations, and reports submitted without wait-for', async () => {
    ct.add(acme.issue(createPublicKey(KEY)))
    const inputs = { 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() }
    const capped = await run({ ...inputs, 'max-revocations': '1' })
    expect(capped.exitCode).toBe(1)
    expect(acme.requests.filter((r) => r.path === '/directory' || r.path.startsWith('/acme/'))).toHaveLength(0)
    expect(elsewhere(capped.outputs)).toEqual([expect.objectContaining({ where: 'acme', status: 'failed' })])
    expect(elsewhere(capped.outputs)[0].next).toContain('more than max-revocations (1)')

    const result = await run(inputs)
    expect(result.exitCode).toBe(0)
    expect(acme.revokeRequests()).toHaveLength(1)
    expect(elsewhere(result.outputs)).toEqual([expect.objectContaining({ where: 'acme', status: 'submitted' })])
  })

  it('takes alreadyRevoked as revoked, when the CRL does not show it yet', async () => {
    const certificate = acme.issue(createPublicKey(KEY))
    ct.add(certificate)
    acme.revoke(certificate)
    acme.crlLags = true
    const result = await run({ 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(0)
    expect(acme.revokeRequests().map((r) => r.problem)).toEqual(['urn:ietf:params:acme:error:alreadyRevoked'])
    expect(elsewhere(result.outputs)).toEqual([expect.objectContaining({ where: 'acme', status: 'revoked' })])
  })

  it('does not ask ACME for a certificate its CA already reports revoked', async () => {
    const certificate = acme.issue(createPublicKey(KEY))
    ct.add(certificate)
    acme.revoke(certificate)
    const result = await run({ 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(0)
    expect(acme.revokeRequests()).toHaveLength(0)
    expect(elsewhere(result.outputs)).toEqual([expect.objectContaining({ where: 'acme', status: 'revoked' })])
  })

  it('retries a bad nonce with the nonce the server sent', async () => {
    ct.add(acme.issue(createPublicKey(KEY)))
    acme.badNonces = 1
    const result = await run({ 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(0)
    const [first, second] = acme.revokeRequests()
    expect(first.problem).toBe('urn:ietf:params:acme:error:badNonce')
    expect(second.status).toBe(200)
    const fresh = acme.requests.filter((r) => r.path === '/acme/new-nonce')
    expect(fresh.map((r) => r.method)).toEqual(['HEAD'])
    expect(elsewhere(result.outputs)[0].status).toBe('submitted')
  })

  it('fails when the ACME server refuses, with its problem type and detail', async () => {
    ct.add(acme.issue(createPublicKey(KEY)))
    acme.refuse = { status: 403, type: 'urn:ietf:params:acme:error:unauthorized', detail: 'Revocation <b>refused</b> by policy' }
    const result = await run({ 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(1)
    expect(sim.revokeRequests()).toHaveLength(1)
    expect(elsewhere(result.outputs)).toEqual([
      expect.objectContaining({ where: 'acme', status: 'failed', next: 'ask Simulated ACME CA to revoke it: key compromise' })
    ])
    expect(result.stdout).toContain('urn:ietf:params:acme:error:unauthorized')
    expect(result.stdout).toContain('Revocation <b>refused</b> by policy')
    expect(result.summary).not.toContain('<b>refused')
  })

  it("refuses an ACME directory's revokeCert URL at cloud metadata, and the summary names the refused host", async () => {
    ct.add(acme.issue(createPublicKey(KEY)))
    acme.directoryLinks = { revokeCert: 'http://169.254.169.254/latest/meta-data/revoke-cert' }
    const result = await run({ 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(1)
    expect(acme.revokeRequests()).toHaveLength(0)
    expect(acme.requests.map((r) => `${r.method} ${r.path}`)).toContain('HEAD /acme/new-nonce')
    expect(elsewhere(result.outputs)).toEqual([expect.objectContaining({ where: 'acme', status: 'failed' })])
    expect(result.summary).toContain('refused 169.254.169.254: a link-local (cloud metadata) address')
    expect(result.stdout).toContain('refused 169.254.169.254')
  })

  it("refuses a CT certificate's CA Issuers and CRL URLs at cloud metadata or a private address, and names the host", async () => {
    const urls = { caIssuers: 'http://169.254.169.254/latest/meta-data/ca.crt', crl: 'http://10.9.8.7/ca.crl' }
    const id = ct.add(acme.issue(createPublicKey(KEY), { ca: acme.otherCa, serialNumber: '0d4', urls }))
    const result = await run({ 'skip-approval': 'true' })
    expect(result.exitCode).toBe(0)
    expect(elsewhere(result.outputs)).toEqual([
      expect.objectContaining({ ct_id: String(id), serial: 'D4', where: 'other-ca', status: 'to-report' })
    ])
    expect(result.summary).toContain('refused 169.254.169.254: a link-local (cloud metadata) address')
    expect(acme.requests).toHaveLength(0)
  })

  it("refuses an ACME directory's newNonce URL at a private address", async () => {
    ct.add(acme.issue(createPublicKey(KEY)))
    acme.directoryLinks = { newNonce: 'http://10.20.30.40/acme/new-nonce' }
    const result = await run({ 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(1)
    expect(acme.requests.filter((r) => r.path.startsWith('/acme/'))).toHaveLength(0)
    expect(result.summary).toContain('refused 10.20.30.40: a private address')
  })

  it('leaves a certificate it could not download unconfirmed: reported, never sent to ACME, and with require a failure', async () => {
    const id = ct.add(acme.issue(createPublicKey(KEY), { serialNumber: '0f5' }))
    ct.failDownloads.add(id)
    const inputs = { 'skip-approval': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories(), 'ct-search': 'require' }
    const result = await run(inputs)
    expect(result.exitCode).toBe(1)
    expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/7001/revoke'])
    expect(acme.requests).toHaveLength(0)
    expect(elsewhere(result.outputs)).toEqual([
      expect.objectContaining({ ct_id: String(id), serial: 'F5', where: 'acme', status: 'unconfirmed' })
    ])
    expect(result.summary).toContain('**Whom to ask:**')
    expect(result.stdout).toContain('ct-search is require, and 1 live certificate of the key outside this account is not revoked')
  })

  it("keeps a hostile CT listing's issuer name on the safe path: one line, no workflow command, no markup, no link", async () => {
    const id = ct.add(acme.issue(createPublicKey(KEY), { ca: acme.otherCa, serialNumber: '0f7' }))
    ct.failDownloads.add(id)
    const listed = ct.entries.find((entry) => entry.id === id)
    if (!listed) throw new Error('not listed')
    listed.issuer_name = 'CN=Evil\n::error::forged <script>x</script> https://evil.example/\u202e\u001b[31m www.evil.example'
    const result = await run({ 'skip-approval': 'true', 'ct-search': 'require' })
    expect(result.exitCode).toBe(1)
    const [found] = elsewhere(result.outputs)
    expect(found).toMatchObject({ ct_id: String(id), status: 'unconfirmed', serial: 'F7' })
    expect(found.issuer).toBe('CN=Evil ::error::forged <script>x</script> https://evil.example/ www.evil.example')
    expect(result.stdout).not.toMatch(/^::error::forged/m)
    expect(result.stdout).not.toMatch(/[\u202e\u001b]/)
    expect(result.summary).not.toMatch(/<script|https:\/\/evil|www\.evil|[\u202e\u001b]/)
    expect(result.summary).toContain('&#60;script&#62;')
  })

  it('looks a DigiCert certificate up by serial: one this account holds but the scan missed fails the run', async () => {
    // CT shows a DigiCert certificate of the key whose serial is certificate 1001's (which carries another key here).
    const serial = serialFor(1001)
    ct.add(acme.issue(createPublicKey(KEY), { ca: acme.digicertCa, serialNumber: serial }))
    const result = await run({ 'skip-approval': 'true' })
    expect(result.exitCode).toBe(1)
    expect(
      sim.requests.filter((r) => r.path === '/order/certificate' && r.query.includes(`filters[serial_number]=${serial.replace(/^0+/, '')}`))
    ).toHaveLength(1)
    expect(elsewhere(result.outputs)).toEqual([])
    expect(result.stdout).toContain('this account holds but the key scan did not find')
  })

  it('searches CT in a dry run, and sends nothing to ACME', async () => {
    ct.add(acme.issue(createPublicKey(KEY)))
    const result = await run({ 'dry-run': 'true', 'acme-revoke': 'true', 'acme-directories': acmeDirectories() })
    expect(result.exitCode).toBe(0)
    expect(ct.searches()).toHaveLength(1)
    expect(acme.revokeRequests()).toHaveLength(0)
    expect(acme.requests.filter((r) => r.path === '/directory' || r.path === '/acme/new-nonce')).toHaveLength(0)
    expect(elsewhere(result.outputs)).toEqual([expect.objectContaining({ where: 'acme', status: 'dry-run' })])
  })

  it('fails, saying where, when no certificate of the account carries the key but some elsewhere do', async () => {
    const other = createPrivateKey(makeKey('ec')).export({ type: 'sec1', format: 'pem' }) as string
    const certificate = acme.issue(createPublicKey(other), { ca: acme.otherCa, serialNumber: '0d4' })
    ct.add(certificate)
    const result = await runActionInTest({
      node,
      privateKeyText: other,
      inputs: { 'api-key': sim.keys.admin, 'base-url': sim.baseUrl, 'private-key': other, 'ct-search-url': ct.url }
    })
    expect(result.exitCode).toBe(1)
    expect(sim.revokeRequests()).toHaveLength(0)
    expect(result.stdout).toContain(
      'No live certificate of the key is in this account, but one is elsewhere, which this run could not revoke: serial D4 of CN=Other Trust TLS CA, O=Other Trust Ltd (ask Other Trust Ltd to revoke it: key compromise'
    )
    expect(result.stdout).not.toContain('No certificate among the')
  })

  it("never calls a DigiCert certificate another account's when its lookup by serial fails: unconfirmed, the run fails, the alert stays open", async () => {
    ct.add(accountPem)
    ct.add(acme.issue(createPublicKey(KEY), { ca: acme.digicertCa, serialNumber: 'c3' }))
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 200, body: {} })
    sim.inject({ path: '/order/certificate', method: 'GET', times: 1000 }, (request: { query: string }) =>
      request.query.includes('filters[serial_number]=C3')
        ? { status: 500, body: { errors: [{ code: 'server_error', message: 'Try later.' }] } }
        : {}
    )
    const result = await run({ 'skip-approval': 'true', 'resolve-alert': 'true', 'alert-number': '7', 'github-token': TOKEN })
    expect(result.exitCode).toBe(1)
    expect(sim.revokeRequests().map((r) => r.path)).toEqual(['/certificate/7001/revoke'])
    const [found] = elsewhere(result.outputs)
    expect(found).toEqual(expect.objectContaining({ serial: 'C3', where: 'digicert-other-account', status: 'unconfirmed' }))
    expect(found.next).toMatch(/^CertCentral could not tell whether this account holds it \(.*500.*\): run again/)
    expect(found.next).not.toContain("that account's key")
    expect(result.stdout).toContain('CertCentral could not tell whether this account holds serial C3')
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0)
    expect(result.outputs['alert-resolved']).toBe('false')
  })

  it('leaves the alert open when it fails for a live certificate elsewhere and none in the account (ct-search: report)', async () => {
    const other = createPrivateKey(makeKey('ec')).export({ type: 'sec1', format: 'pem' }) as string
    ct.add(acme.issue(createPublicKey(other), { ca: acme.otherCa, serialNumber: '0d5' }))
    github.answers.set(`PATCH ${ALERT_PATH}`, { status: 200, body: {} })
    const result = await runActionInTest({
      node,
      privateKeyText: other,
      env: { GITHUB_API_URL: github.url },
      inputs: {
        'api-key': sim.keys.admin,
        'base-url': sim.baseUrl,
        'private-key': other,
        'ct-search-url': ct.url,
        'resolve-alert': 'true',
        'alert-number': '7',
        'github-token': TOKEN
      }
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('No live certificate of the key is in this account, but one is elsewhere')
    expect(github.requests.filter((r) => r.method === 'GET' && r.path === ALERT_PATH)).toHaveLength(1)
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0)
    expect(result.outputs['alert-resolved']).toBe('false')
    expect(result.stdout).toContain('Secret scanning alert #7 was left open because of certificates of the key outside this account')
  })
})
