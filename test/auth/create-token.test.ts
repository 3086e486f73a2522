import {expect} from 'chai'

import {issuedToken} from '../../src/lib/auth/create-token.js'

describe('CreateToken answers, one check for the device, PKCE and refresh flows', () => {
  const meta = {$metadata: {}}

  it('gives the access token, its lifetime and a rotated refresh token', () => {
    expect(issuedToken({...meta, accessToken: 'a', expiresIn: 3600, refreshToken: 'r'}, 'CreateToken', 'us-east-1', {})).to.deep.equal({
      accessToken: 'a',
      expiresIn: 3600,
      refreshToken: 'r',
    })
  })

  it('an answer without an access token or a lifetime is a service failure naming the operation, not a token', () => {
    for (const out of [{expiresIn: 3600}, {accessToken: 'a'}, {accessToken: '', expiresIn: 3600}, {accessToken: 'a', expiresIn: 0}]) {
      expect(() => issuedToken({...meta, ...out}, 'CreateToken (refresh)', 'cn-north-1', {}), JSON.stringify(out))
        .to.throw('IAM Identity Center CreateToken (refresh) failed: Error: the response lacked accessToken or expiresIn')
        .with.property('exitCode', 4)
    }
  })
})
