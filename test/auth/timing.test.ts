import {expect} from 'chai'

import {formatDuration, loginTimeoutSeconds, TIMED_OUT, withDeadline} from '../../src/lib/auth/timing.js'
import {ConfigError, InterruptedError} from '../../src/lib/errors.js'

describe('auth timing', () => {
  it('withDeadline: the value when it comes first, TIMED_OUT when the time runs out first', async () => {
    expect(await withDeadline(Promise.resolve(7), 5000)).to.equal(7)
    expect(await withDeadline(new Promise(() => {}), 5)).to.equal(TIMED_OUT)
    const error = await withDeadline(Promise.reject(new Error('boom')), 5000).catch((error_: Error) => error_)
    expect((error as Error).message).to.equal('boom')
  })

  it('withDeadline: an abort ends the wait with its reason, one already aborted at once', async () => {
    const controller = new AbortController()
    const waiting = withDeadline(new Promise(() => {}), 60_000, controller.signal)
    controller.abort(new InterruptedError('Login interrupted.'))
    expect(((await waiting.catch((error: Error) => error)) as Error).message).to.equal('Login interrupted.')
    const early = await withDeadline(Promise.resolve(1), 60_000, controller.signal).catch((error: Error) => error)
    expect(early).to.be.instanceOf(InterruptedError)
  })

  it('loginTimeoutSeconds: unset or blank is 600; a number up to 3600 is taken; anything else is a ConfigError naming the variable', () => {
    expect(loginTimeoutSeconds({AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: ' 2.5 '})).to.equal(2.5)
    expect(loginTimeoutSeconds({AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '3600'})).to.equal(3600)
    for (const raw of [undefined, '', '  ']) expect(loginTimeoutSeconds({AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: raw})).to.equal(600)
    for (const raw of ['0', '-3', 'soon', '3601']) {
      expect(() => loginTimeoutSeconds({AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: raw}), raw)
        .to.throw(ConfigError)
        .with.property('message', `AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS must be a number of seconds from 1 to 3600 (it is "${raw}").`)
    }
  })

  it('formatDuration: m:ss, rounded up, never negative', () => {
    expect([formatDuration(0), formatDuration(59.1), formatDuration(600), formatDuration(-4)]).to.deep.equal(['0:00', '1:00', '10:00', '0:00'])
  })
})
