import { describe, expect, it } from '@jest/globals'
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeKey } from '../../simulator/certificates.js'
import { CA_CERTIFICATE, issueCertificate } from '../../simulator/x509.js'
import { readPrivateKeyText } from '../../src/inputs/private-key.js'
import { certificateFingerprint, identifyPrivateKey, publicKeyFingerprint, readChain } from '../../src/leaked-key/key-identity.js'
import { secretLines } from '../../src/secrets.js'

const rsa = makeKey('rsa', 'pkcs8')
const rsaPkcs1 = createPrivateKey(rsa).export({ type: 'pkcs1', format: 'pem' }) as string
const ec = makeKey('ec', 'pkcs8')
const ecSec1 = createPrivateKey(ec).export({ type: 'sec1', format: 'pem' }) as string

describe('identifyPrivateKey', () => {
  it('gives PKCS#8 and PKCS#1 forms of one RSA key the same fingerprint', () => {
    const a = identifyPrivateKey(rsa)
    expect(a).toEqual(identifyPrivateKey(rsaPkcs1))
    expect(a.description).toBe('RSA 2048-bit')
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })
  it('gives PKCS#8 and SEC1 forms of one EC key the same fingerprint', () => {
    expect(identifyPrivateKey(ec)).toEqual(identifyPrivateKey(ecSec1))
    expect(identifyPrivateKey(ec).description).toBe('EC prime256v1')
  })
  it('matches the fingerprint of a certificate issued for the key, and not of another', () => {
    const certificate = issueCertificate({ serialNumber: '0A', commonName: 'x.example.test', publicKey: createPublicKey(ec) })
    expect(certificateFingerprint(certificate)).toBe(identifyPrivateKey(ec).fingerprint)
    expect(certificateFingerprint(certificate)).not.toBe(identifyPrivateKey(rsa).fingerprint)
  })
  it('finds the key amid other text', () => {
    expect(identifyPrivateKey(`leaked in config.yml:\n${ecSec1}\nmore`).fingerprint).toBe(identifyPrivateKey(ec).fingerprint)
  })
  it('refuses an encrypted key, a malformed one, an unsupported type and no key, without quoting the key', () => {
    const encrypted = createPrivateKey(rsa).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string
    expect(() => identifyPrivateKey(encrypted)).toThrow('private-key: the private key is encrypted with a passphrase')
    const broken = rsa.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n')
    expect(() => identifyPrivateKey(broken)).toThrow(/^private-key: the private key could not be read \(ERR_[A-Z0-9_]+\)\.$/)
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    expect(() => identifyPrivateKey(ed)).toThrow('private-key: a ed25519 key; CertCentral certificates carry RSA or EC keys.')
    expect(() => identifyPrivateKey('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(
      'private-key: no PEM private key found'
    )
    // A block must end as it began: BEGIN RSA PRIVATE KEY does not end at END PRIVATE KEY.
    const mismatched = rsaPkcs1.replace('-----END RSA PRIVATE KEY-----', '-----END PRIVATE KEY-----')
    expect(() => identifyPrivateKey(mismatched)).toThrow('private-key: no PEM private key found')
    for (const bad of [encrypted, broken]) {
      try {
        identifyPrivateKey(bad)
      } catch (error) {
        for (const line of secretLines(bad)) expect((error as Error).message).not.toContain(line)
      }
    }
  })
})

describe('readChain', () => {
  const notBefore = new Date('2026-01-10T08:30:00Z')
  const leaf = issueCertificate({ serialNumber: '0B', commonName: 'y.example.test', publicKey: createPublicKey(ec), notBefore, days: 30 })

  it("reads the leaf's key fingerprint and expiry, the leaf, and the issuer that follows it", () => {
    expect(readChain(`${leaf}\n${CA_CERTIFICATE}\n`)).toEqual({
      spki: identifyPrivateKey(ec).fingerprint,
      serialNumber: '0B',
      notAfter: '2026-02-09T08:30:00.000Z',
      leaf: leaf.trim(),
      issuer: CA_CERTIFICATE.trim()
    })
  })
  it('has no issuer when the download holds the leaf alone', () => {
    expect(readChain(leaf)).toEqual({
      spki: identifyPrivateKey(ec).fingerprint,
      serialNumber: '0B',
      notAfter: '2026-02-09T08:30:00.000Z',
      leaf: leaf.trim()
    })
  })
  it('refuses a download without a certificate, or with a broken one', () => {
    expect(() => readChain('<html>maintenance</html>')).toThrow('the download holds no certificate')
    expect(() => readChain('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow()
  })
})

describe('reading the key', () => {
  it('takes PEM text as it is, or reads a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'key-test-'))
    const path = join(dir, 'leaked.key')
    writeFileSync(path, ec)
    expect(readPrivateKeyText(ec)).toBe(ec.trim())
    expect(readPrivateKeyText(path)).toBe(ec)
    expect(() => readPrivateKeyText(join(dir, 'none.key'))).toThrow('no such file')
    expect(() => readPrivateKeyText(dir)).toThrow('not a regular file')
  })
  it('masks the body lines, not the armour', () => {
    const lines = secretLines(rsaPkcs1)
    expect(lines.length).toBeGreaterThan(10)
    expect(lines.some((line) => line.includes('BEGIN'))).toBe(false)
  })
  it('fingerprints a public key object directly', () => {
    expect(publicKeyFingerprint(createPublicKey(rsa))).toBe(identifyPrivateKey(rsa).fingerprint)
  })
})
