import {expect} from 'chai'

import {canRefresh} from '../../src/lib/auth/refresh.js'
import {type ClientRegistration, registrationUsable} from '../../src/lib/auth/registration.js'

const now = Date.parse('2026-11-27T12:00:00Z')
const iso = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000).toISOString()

describe('canRefresh: whether the refresh-token grant can run without a browser', () => {
  const token = {accessToken: 'a', expiresAt: iso(10), refreshToken: 'r', clientId: 'c', clientSecret: 's'}

  it('needs a refresh token and the client that got it', () => {
    expect(canRefresh(token, now)).to.equal(true)
    for (const missing of ['refreshToken', 'clientId', 'clientSecret'] as const)
      expect(canRefresh({...token, [missing]: undefined}, now), missing).to.equal(false)
  })

  it('the client registration must not have expired; an unreadable date counts as expired', () => {
    expect(canRefresh({...token, registrationExpiresAt: iso(60)}, now)).to.equal(true)
    expect(canRefresh({...token, registrationExpiresAt: iso(0)}, now)).to.equal(false)
    expect(canRefresh({...token, registrationExpiresAt: 'soon'}, now)).to.equal(false)
  })
})

describe('registrationUsable: reuse a client registration or register again', () => {
  const reg = (over: Partial<ClientRegistration> = {}): ClientRegistration => ({clientId: 'c', clientSecret: 's', expiresAt: iso(3600), ...over})

  it('needs more than 15 minutes left', () => {
    expect(registrationUsable(reg({expiresAt: iso(15 * 60 + 1)}), 'device-code', now)).to.equal(true)
    expect(registrationUsable(reg({expiresAt: iso(15 * 60)}), 'device-code', now)).to.equal(false)
    expect(registrationUsable(reg({expiresAt: 'never'}), 'device-code', now)).to.equal(false)
  })

  it('PKCE needs the authorization_code grant; the device flow needs a registration without grant types', () => {
    const pkce = reg({grantTypes: ['authorization_code', 'refresh_token']})
    expect(registrationUsable(pkce, 'pkce', now)).to.equal(true)
    expect(registrationUsable(pkce, 'device-code', now)).to.equal(false)
    expect(registrationUsable(reg(), 'pkce', now)).to.equal(false)
    expect(registrationUsable(reg(), 'device-code', now)).to.equal(true)
  })
})
