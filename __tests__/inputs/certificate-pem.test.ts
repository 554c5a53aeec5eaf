import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { X509Certificate, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CA, CA_CERTIFICATE, ROOT, ROOT_CERTIFICATE, issueBy, issueCertificate, keyHash } from '../../simulator/x509.js'
import { commonName, parseCertificatePem } from '../../src/inputs/certificate-pem.js'

let dir: string
const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' })
const certificate = (commonName: string, serialNumber: string) => ({
  certificatePem: issueCertificate({ serialNumber, commonName, publicKey: ecKey().publicKey })
})
const first = certificate('www.example.test', '0A1B2C3D4E5F')
const second = certificate('api.example.test', '7F00000000000000000000000000000001')

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pem-test-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('certificate-pem', () => {
  it('reads every certificate of PEM text, with its serial and common name', () => {
    const text = `junk before\n${first.certificatePem}\n${second.certificatePem}`
    expect(parseCertificatePem(text)).toEqual([
      { serialNumber: '0A1B2C3D4E5F', subject: 'www.example.test', pem: first.certificatePem.trim() },
      { serialNumber: '7F00000000000000000000000000000001', subject: 'api.example.test', pem: second.certificatePem.trim() }
    ])
  })

  it('reads a file when the value is a path', () => {
    const path = join(dir, 'chain.pem')
    writeFileSync(path, first.certificatePem)
    expect(parseCertificatePem(path)).toEqual([
      { serialNumber: '0A1B2C3D4E5F', subject: 'www.example.test', pem: first.certificatePem.trim() }
    ])
  })

  it('revokes only the end-entity certificates of a chain: the issuer in the input is neither a target nor kept', () => {
    const leaf = issueCertificate({ serialNumber: '0B0B', commonName: 'leaf.example.test', publicKey: ecKey().publicKey })
    const parsed = parseCertificatePem(`${CA_CERTIFICATE}${leaf}${second.certificatePem}`)
    expect(parsed).toEqual([
      { serialNumber: '0B0B', subject: 'leaf.example.test', pem: leaf.trim() },
      { serialNumber: '7F00000000000000000000000000000001', subject: 'api.example.test', pem: second.certificatePem.trim() }
    ])
    // Alone, a CA certificate issued nothing in the input: it is the target.
    expect(parseCertificatePem(CA_CERTIFICATE).map((c) => c.subject)).toHaveLength(1)
  })

  it('takes a self-signed certificate alone as the target: issuing itself is not issuing another', () => {
    expect(parseCertificatePem(ROOT_CERTIFICATE)).toEqual([
      { serialNumber: '01', subject: 'Simulator Root CA', pem: ROOT_CERTIFICATE.trim() }
    ])
  })

  it('refuses a PEM whose every certificate issued another one in it: there is no end-entity certificate', () => {
    // A root and its renewal, with the same name and key: each verifies as the other's issuer.
    const keys = ecKey()
    const self = { ...ROOT, ...keys, keyId: keyHash(keys.publicKey) }
    const root = (serialNumber: string) =>
      issueBy(self, { serialNumber, commonName: 'Simulator Root CA', publicKey: keys.publicKey, urls: {} })
    expect(() => parseCertificatePem(`${root('01')}${root('02')}`)).toThrow(
      new Error('certificate-pem: every certificate in it issued another one in it, so none is an end-entity certificate to revoke.')
    )
  })

  it('takes a certificate as an issuer only when both its name and its key match: a name alone or a signature alone is not enough', () => {
    const leafKey = ecKey().publicKey
    // Named as issued by the simulator CA, but signed by another key.
    const forged = issueBy(
      { ...CA, privateKey: ecKey().privateKey },
      { serialNumber: '0C0C', commonName: 'forged.example.test', publicKey: leafKey, urls: {} }
    )
    // Signed by the simulator CA's key, but naming another issuer.
    const misnamed = issueBy(
      { ...CA, name: ROOT.name },
      { serialNumber: '0D0D', commonName: 'misnamed.example.test', publicKey: leafKey, urls: {} }
    )
    const ca = { serialNumber: '02', subject: 'Simulator Issuing CA', pem: CA_CERTIFICATE.trim() }
    expect(parseCertificatePem(`${CA_CERTIFICATE}${forged}`)).toEqual([
      ca,
      { serialNumber: '0C0C', subject: 'forged.example.test', pem: forged.trim() }
    ])
    expect(parseCertificatePem(`${CA_CERTIFICATE}${misnamed}`)).toEqual([
      ca,
      { serialNumber: '0D0D', subject: 'misnamed.example.test', pem: misnamed.trim() }
    ])
  })

  it('takes a certificate whose signature cannot be checked as not issued by the other: both stay targets', () => {
    const leaf = issueCertificate({ serialNumber: '0B0B', commonName: 'leaf.example.test', publicKey: ecKey().publicKey })
    const verify = jest.spyOn(X509Certificate.prototype, 'verify').mockImplementation(() => {
      throw new Error('unsupported key')
    })
    try {
      expect(parseCertificatePem(`${CA_CERTIFICATE}${leaf}`).map((target) => target.subject)).toEqual([
        'Simulator Issuing CA',
        'leaf.example.test'
      ])
      expect(verify).toHaveBeenCalled()
    } finally {
      verify.mockRestore()
    }
  })

  it('is empty when the input is', () => {
    expect(parseCertificatePem('  ')).toEqual([])
  })

  it('says so when the file does not exist', () => {
    const missing = join(dir, 'missing.pem')
    expect(() => parseCertificatePem(missing)).toThrow(
      `certificate-pem: '${missing}' is not PEM text and cannot be read as a file (no such file). Paths are relative to the workspace.`
    )
    expect(() => parseCertificatePem(dir)).toThrow('it is a folder')
    expect(() => parseCertificatePem('/dev/zero')).toThrow('not a regular file')
  })

  it('says so when the file holds no PEM block at all', () => {
    const path = join(dir, 'notes.txt')
    writeFileSync(path, 'the certificate is attached')
    expect(() => parseCertificatePem(path)).toThrow(new Error('certificate-pem: no -----BEGIN CERTIFICATE----- block found.'))
  })

  it('refuses a private key given in place of a certificate, without quoting it', () => {
    const key = ecKey().privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    let message = ''
    try {
      parseCertificatePem(key)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe(
      "certificate-pem: found a 'PRIVATE KEY' block but no CERTIFICATE block. Give the certificate itself (-----BEGIN CERTIFICATE-----)."
    )
  })

  it('names the certificate that cannot be read', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'
    expect(() => parseCertificatePem(`${first.certificatePem}\n${broken}`)).toThrow('certificate-pem: certificate 2 of 2 could not be read')
  })
})

describe('commonName', () => {
  it("takes the subject's CN line, not a CN= inside another attribute's value", () => {
    expect(commonName('C=US\nO=Example XCN=evil\nCN=www.example.test')).toBe('www.example.test')
  })
  it('gives the whole subject on one line when it has no CN', () => {
    expect(commonName('C=US\nO=Example Inc')).toBe('C=US, O=Example Inc')
  })
})
