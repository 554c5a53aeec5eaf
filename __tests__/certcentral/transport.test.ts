import { describe, expect, it } from '@jest/globals'
import { describeNetworkError } from '../../src/certcentral/transport.js'

const error = (code: string, message: string) => Object.assign(new Error(message), { code })

describe('describeNetworkError', () => {
  it('puts common network failures in words and keeps the code', () => {
    expect(describeNetworkError(error('ECONNRESET', 'socket hang up'), 'socket hang up')).toBe(
      'the connection was dropped before an answer came (ECONNRESET)'
    )
    expect(describeNetworkError(error('ECONNRESET', 'aborted'), 'aborted')).toBe(
      'the connection dropped in the middle of the answer (ECONNRESET)'
    )
    expect(describeNetworkError(error('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'connect ECONNREFUSED 127.0.0.1:9')).toBe(
      'connection refused (connect ECONNREFUSED 127.0.0.1:9)'
    )
    expect(describeNetworkError(error('ENOTFOUND', 'getaddrinfo ENOTFOUND x.invalid'), 'getaddrinfo ENOTFOUND x.invalid')).toBe(
      'host name not resolved (getaddrinfo ENOTFOUND x.invalid)'
    )
    expect(describeNetworkError(new Error('Request timeout: /x'), 'Request timeout: /x')).toBe(
      'the connection went silent (socket timeout)'
    )
  })
  it('keeps the cause of a failed proxy tunnel', () => {
    const message = 'tunneling socket could not be established, cause=connect ECONNREFUSED 127.0.0.1:9'
    expect(describeNetworkError(error('ECONNRESET', message), message)).toBe(
      `the proxy could not be reached, or refused the tunnel (${message})`
    )
  })
  it('points a TLS failure at NODE_EXTRA_CA_CERTS', () => {
    const tls = error('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')
    expect(describeNetworkError(tls, tls.message)).toContain('NODE_EXTRA_CA_CERTS')
  })
  it('words a temporary resolver failure like a missing name, and a reset by what happened', () => {
    expect(describeNetworkError(error('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x.invalid'), 'getaddrinfo EAI_AGAIN x.invalid')).toBe(
      'host name not resolved (getaddrinfo EAI_AGAIN x.invalid)'
    )
    // A reset with another message is not one of the two that have words of their own.
    expect(describeNetworkError(error('ECONNRESET', 'read ECONNRESET'), 'read ECONNRESET')).toBe('read ECONNRESET')
    expect(describeNetworkError(new Error('socket hang up'), 'socket hang up')).toBe('socket hang up')
    // Nor is an "aborted" that is not a reset: a cancelled request is no dropped connection.
    expect(describeNetworkError(new Error('aborted'), 'aborted')).toBe('aborted')
    expect(describeNetworkError(error('ABORT_ERR', 'aborted'), 'aborted')).toBe('ABORT_ERR: aborted')
    // Only a message that starts with them is a socket timeout or a failed tunnel.
    expect(describeNetworkError(error('EPROTO', 'after Request timeout'), 'after Request timeout')).toBe('EPROTO: after Request timeout')
    expect(describeNetworkError(error('EPROTO', 'no tunneling socket'), 'no tunneling socket')).toBe('EPROTO: no tunneling socket')
  })
  it('keeps anything else as it is, with its code', () => {
    expect(describeNetworkError(error('EPIPE', 'write EPIPE'), 'write EPIPE')).toBe('write EPIPE')
    expect(describeNetworkError(error('EHOSTUNREACH', 'no route'), 'no route')).toBe('EHOSTUNREACH: no route')
  })
})
