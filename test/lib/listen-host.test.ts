import {expect} from 'chai'

import {validateListenHost} from '../../src/lib/serve/container-env.js'
import {connectHost} from '../../src/lib/serve/credential-server.js'

describe('serve --host: which names pass, and which URL a client gets', () => {
  it('accepts IP addresses and host names: labels of letters, digits and hyphens, single dots, a final dot', () => {
    for (const host of [
      '127.0.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'localhost',
      'host.docker.internal',
      'a',
      'a-b.c1.example.',
      'x'.repeat(63),
      `${'a'.repeat(63)}.`.repeat(3) + 'b'.repeat(61),
    ]) {
      expect(() => validateListenHost(host), host).not.to.throw()
    }
  })

  it('refuses empty labels, a leading hyphen or dot, spaces, other characters, labels over 63 and names over 253 characters', () => {
    for (const host of ['', '.', 'a..b', '-a', '.a', 'a b', 'a_b', 'a!', 'evil host;rm', 'x'.repeat(64), `${'a'.repeat(63)}.`.repeat(4) + 'b'.repeat(10)]) {
      expect(() => validateListenHost(host), JSON.stringify(host)).to.throw(/is not an IP address or host name/)
    }
  })

  it('SV32: the check is linear: 100,000 letters and "!" take milliseconds', () => {
    const started = performance.now()
    expect(() => validateListenHost(`${'a'.repeat(100_000)}!`)).to.throw()
    expect(() => validateListenHost(`${'a1-'.repeat(20)}!`)).to.throw()
    expect(performance.now() - started).to.be.below(200)
  })

  it('SV48: a wildcard listen address is reached through loopback; any other host is used as given', () => {
    expect(connectHost('0.0.0.0')).to.equal('127.0.0.1')
    expect(connectHost('::')).to.equal('::1')
    expect(connectHost('0:0:0:0:0:0:0:0')).to.equal('::1')
    expect(connectHost('127.0.0.1')).to.equal('127.0.0.1')
    expect(connectHost('192.0.2.7')).to.equal('192.0.2.7')
    expect(connectHost('localhost')).to.equal('localhost')
  })
})
