import { describe, expect, it } from '@jest/globals'
import { describeTarget, planTargets, refuseOverSafetyCap, tagOf, type Target } from '../../src/revocation/targets.js'
import { testSettings } from '../support/settings.js'

const settings = testSettings

describe('planTargets', () => {
  it('orders IDs, serials, PEM certificates, then orders', () => {
    const targets = planTargets(
      settings({
        orderIds: ['9'],
        pemCertificates: [{ serialNumber: 'CC', subject: 'pem.example.test', pem: 'PEM CC' }],
        serialNumbers: ['BB'],
        certificateIds: ['2', '1']
      })
    )
    expect(targets.map((t) => `${t.type}:${t.id}:${t.source}`)).toEqual([
      'certificate:2:certificate-id',
      'certificate:1:certificate-id',
      'certificate:BB:serial-number',
      'certificate:CC:certificate-pem',
      'order:9:order-id'
    ])
    expect(targets[3].detail).toBe('pem.example.test')
    // Nothing of the PEM but its serial and subject: the certificate and its issuer are CertCentral's.
    expect(targets[3]).toEqual({ type: 'certificate', id: 'CC', source: 'certificate-pem', detail: 'pem.example.test' })
  })

  it('revokes a serial given twice (input and PEM) once, but keeps a certificate and an order of the same number', () => {
    const targets = planTargets(
      settings({
        serialNumbers: ['AA'],
        pemCertificates: [{ serialNumber: 'AA', subject: 'x', pem: 'PEM AA' }],
        certificateIds: ['5'],
        orderIds: ['5']
      })
    )
    expect(targets.map((t) => `${t.type}:${t.id}`)).toEqual(['certificate:5', 'certificate:AA', 'order:5'])
  })

  it('adds the certificates carrying the leaked key last, once', () => {
    const targets = planTargets(
      settings({ certificateIds: ['7'], pemCertificates: [{ serialNumber: 'CC', subject: 's', pem: 'PEM CC' }] }),
      ['8', '7', '9']
    )
    expect(targets).toEqual([
      { type: 'certificate', id: '7', source: 'certificate-id' },
      { type: 'certificate', id: 'CC', source: 'certificate-pem', detail: 's' },
      { type: 'certificate', id: '8', source: 'private-key' },
      { type: 'certificate', id: '9', source: 'private-key' }
    ])
  })

  it('refuses more targets than max-revocations before anything is sent', () => {
    expect(() => refuseOverSafetyCap(planTargets(settings({ certificateIds: ['1', '2', '3'] })), 2)).toThrow(
      'max-revocations: this run has 3 targets, more than the safety cap of 2'
    )
    expect(() => refuseOverSafetyCap(planTargets(settings({ certificateIds: ['1', '2'] })), 2)).not.toThrow()
  })
})

describe('describeTarget and tagOf', () => {
  it.each([
    [{ type: 'certificate', id: '1234', source: 'certificate-id' }, 'certificate 1234', ' (certificate 1234)'],
    [{ type: 'certificate', id: '1234', source: 'private-key' }, 'certificate 1234', ' (certificate 1234)'],
    [{ type: 'certificate', id: '0A1B', source: 'serial-number' }, 'certificate with serial 0A1B', ' (serial 0A1B)'],
    [{ type: 'certificate', id: '0A1B', source: 'certificate-pem' }, 'certificate with serial 0A1B', ' (serial 0A1B)'],
    [{ type: 'order', id: '5678', source: 'order-id' }, 'order 5678', ' (order 5678)']
  ] satisfies [Target, string, string][])('name %j as the log does, and at the end of its comment', (target, described, tag) => {
    expect(describeTarget(target)).toBe(described)
    expect(tagOf(target)).toBe(tag)
  })
})
