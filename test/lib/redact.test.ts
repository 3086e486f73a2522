import {expect} from 'chai'

import {isSecretKey, redact, redactObject, redactText} from '../../src/lib/redact.js'

const SECRET = 'aVeryLongSecretValue-1234'

describe('redact', () => {
  it('keeps only the last 4 characters of a value longer than 8, and nothing of a shorter one', () => {
    expect(redact(SECRET)).to.equal('***1234')
    expect(redact('123456789')).to.equal('***6789')
    expect(redact('12345678')).to.equal('***')
    expect(redact('')).to.equal('***')
  })

  it('knows the secret field names of token files, API bodies and credentials, whatever their case', () => {
    for (const key of ['accessToken', 'refreshToken', 'idToken', 'clientSecret', 'SecretAccessKey', 'secretAccessKey', 'SessionToken', 'sessionToken']) {
      expect(isSecretKey(key), key).to.equal(true)
    }

    for (const key of ['deviceCode', 'code', 'codeVerifier', 'x-amz-sso_bearer_token', 'aws_secret_access_key', 'aws_session_token', 'ACCESSTOKEN']) {
      expect(isSecretKey(key), key).to.equal(true)
    }

    for (const key of ['AccessKeyId', 'expiresAt', 'clientId', 'startUrl', 'accessKey', 'token', '']) expect(isSecretKey(key), key).to.equal(false)
  })

  it('redacts secret fields at any depth, in arrays too, and leaves the rest and the input untouched', () => {
    const input = {
      accessToken: SECRET,
      clientId: 'client-id-visible',
      nested: {Credentials: {AccessKeyId: 'ASIAVISIBLE', SecretAccessKey: `${SECRET}-sak`, SessionToken: `${SECRET}-st`, Expiration: 'soon'}},
      list: [{refreshToken: `${SECRET}-rt`}, 'plain', 3],
      count: 2,
      nothing: null,
      flag: true,
    }
    const out = redactObject(input)
    expect(out).to.deep.equal({
      accessToken: '***1234',
      clientId: 'client-id-visible',
      nested: {Credentials: {AccessKeyId: 'ASIAVISIBLE', SecretAccessKey: '***-sak', SessionToken: '***4-st', Expiration: 'soon'}},
      list: [{refreshToken: '***4-rt'}, 'plain', 3],
      count: 2,
      nothing: null,
      flag: true,
    })
    expect(input.accessToken).to.equal(SECRET)
    expect(out).to.not.equal(input)
  })

  it('passes scalars through, and a non-string value under a secret key is walked, not redacted', () => {
    expect(redactObject('text')).to.equal('text')
    expect(redactObject(5)).to.equal(5)
    expect(redactObject(null)).to.equal(null)
    expect(redactObject({accessToken: {clientSecret: SECRET}})).to.deep.equal({accessToken: {clientSecret: '***1234'}})
    expect(redactObject({code: 42})).to.deep.equal({code: 42})
  })

  it('stops walking below 8 levels rather than recursing without end', () => {
    let deep: Record<string, unknown> = {accessToken: SECRET}
    for (let i = 0; i < 8; i++) deep = {next: deep}
    let out = redactObject(deep) as Record<string, unknown>
    for (let i = 0; i < 8; i++) out = out.next as Record<string, unknown>
    expect(out.accessToken).to.equal('***1234')

    const deeper = {next: deep}
    let walked = redactObject(deeper) as Record<string, unknown>
    for (let i = 0; i < 9; i++) walked = walked.next as Record<string, unknown>
    // Depth 9 is returned as it is: the cap is a guard against cycles, not a place secrets live.
    expect(walked.accessToken).to.equal(SECRET)
  })

  it('a structure that contains itself, through an object or an array, ends instead of overflowing the stack', () => {
    const list: unknown[] = []
    list.push(list, {accessToken: SECRET})
    const record: Record<string, unknown> = {refreshToken: SECRET}
    record.self = record
    expect(() => redactObject(list)).to.not.throw()
    expect(() => redactObject(record)).to.not.throw()
    expect((redactObject(list) as unknown[])[1]).to.deep.equal({accessToken: '***1234'})
    expect((redactObject(record) as Record<string, unknown>).refreshToken).to.equal('***1234')
  })

  it('removes known secret values from free text, every occurrence, ignoring short and missing ones', () => {
    const text = `echo ${SECRET} and ${SECRET}; short abc; other ${SECRET}-2`
    expect(redactText(text, [SECRET, undefined, 'abc', ''])).to.equal('echo ***1234 and ***1234; short abc; other ***1234-2')
    expect(redactText(text, [])).to.equal(text)
    expect(redactText('12345678 stays', ['12345678'])).to.equal('12345678 stays')
    expect(redactText('123456789 goes', ['123456789'])).to.equal('***6789 goes')
  })
})
