import {expect} from 'chai'

import {pythonJsonDumps, registrationCacheKey, roleCredentialsCacheKey, sha1Hex, tokenCacheKey} from '../../src/lib/cache/cache-keys.js'

// Expected values come from Python: json.dumps(..., sort_keys=True) and hashlib.sha1, as botocore
// and AWS CLI v2 compute them. A different file name means the two tools stop sharing a cache.
describe('cache keys (as botocore and AWS CLI v2 name the files)', () => {
  describe('pythonJsonDumps', () => {
    it('sorts keys and uses json.dumps default separators', () => {
      expect(pythonJsonDumps({a: ['x'], m: [], z: '1'})).to.equal('{"a": ["x"], "m": [], "z": "1"}')
      expect(pythonJsonDumps({b: 'x', a: null, c: ['s1', 's2']})).to.equal('{"a": null, "b": "x", "c": ["s1", "s2"]}')
    })

    it('uses the separators given, between items and inside lists', () => {
      expect(pythonJsonDumps({b: 'x', a: null, c: ['s1', 's2']}, [',', ':'])).to.equal('{"a":null,"b":"x","c":["s1","s2"]}')
    })

    it('escapes every character from U+007F up as Python does (ensure_ascii), surrogate pairs included', () => {
      expect(pythonJsonDumps({é: '日~\u007F\u007E'})).to.equal(String.raw`{"\u00e9": "\u65e5~\u007f~"}`)
      expect(pythonJsonDumps({k: '🙂'})).to.equal(String.raw`{"k": "\ud83d\ude42"}`)
    })
  })

  it('tokenCacheKey is the sha1 of the session name or start URL', () => {
    expect(tokenCacheKey('my-sso')).to.equal('0ad374308c5a4e22f723adf10145eafad7c4031c')
    expect(sha1Hex('my-sso')).to.equal('0ad374308c5a4e22f723adf10145eafad7c4031c')
  })

  describe('roleCredentialsCacheKey', () => {
    it('hashes account, role and session name for sso-session profiles (the start URL left out)', () => {
      expect(
        roleCredentialsCacheKey({accountId: '123456789012', roleName: 'Admin', sessionName: 'my-sso', startUrl: 'https://d-1.awsapps.com/start'}),
      ).to.equal('c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3')
    })

    it('hashes account, role and start URL for legacy profiles', () => {
      const expected = 'eaf949b0199c32f35d2ca36916b645095494eee8'
      expect(roleCredentialsCacheKey({accountId: '123456789012', roleName: 'Admin', startUrl: 'https://d-1.awsapps.com/start'})).to.equal(expected)
      expect(roleCredentialsCacheKey({accountId: '123456789012', roleName: 'Admin', sessionName: '', startUrl: 'https://d-1.awsapps.com/start'})).to.equal(
        expected,
      )
    })
  })

  describe('registrationCacheKey', () => {
    it('writes null for absent or empty scopes and an absent session name', () => {
      const expected = '4c8232f5b856247191190eb9e4a2d778dc4f2b56'
      expect(registrationCacheKey({region: 'us-east-1', startUrl: 'https://d-1.awsapps.com/start'})).to.equal(expected)
      expect(registrationCacheKey({region: 'us-east-1', scopes: [], startUrl: 'https://d-1.awsapps.com/start'})).to.equal(expected)
    })

    it('hashes region, scopes in their order, session name, start URL and the tool name', () => {
      expect(
        registrationCacheKey({
          region: 'eu-west-1',
          scopes: ['sso:account:access', 'openid'],
          sessionName: 'my-sso',
          startUrl: 'https://d-1.awsapps.com/start',
        }),
      ).to.equal('a17e18e83dfd8ab0ce9e898d5d96d95344a79757')
    })
  })
})
