import {expect} from 'chai'

import {isRetryable, NetworkError, toAppError, withRetries} from '../../src/lib/aws-errors.js'
import {AwsServiceError, ConfigError} from '../../src/lib/errors.js'
import {BudgetExceededError, NetworkBudget} from '../../src/lib/network.js'

const sdkError = (name: string, status?: number) => Object.assign(new Error(`${name} happened`), {name, $metadata: {httpStatusCode: status}})

describe('isRetryable: what is worth another try', () => {
  it('throttling, 429, 5xx and network failures are; other answers are not', () => {
    for (const e of [
      sdkError('TooManyRequestsException'),
      sdkError('ThrottlingException'),
      sdkError('SlowDownException'),
      sdkError('InternalServerException'),
      sdkError('Whatever', 429),
      sdkError('Whatever', 503),
      Object.assign(new Error('x'), {code: 'ECONNRESET'}),
      Object.assign(new Error('x'), {cause: {code: 'ENOTFOUND'}}),
    ]) {
      expect(isRetryable(e), String(e)).to.equal(true)
    }

    for (const e of [sdkError('UnauthorizedException', 401), sdkError('ForbiddenException', 403), sdkError('Whatever', 499), new Error('plain'), undefined]) {
      expect(isRetryable(e), String(e)).to.equal(false)
    }
  })
})

describe('withRetries: bounded attempts with backoff', () => {
  const fast = {baseDelayMs: 1, maxDelayMs: 2}

  it('returns the first success after retryable failures', async () => {
    let calls = 0
    const value = await withRetries(async () => {
      calls++
      if (calls < 3) throw sdkError('ThrottlingException', 400)
      return 'ok'
    }, fast)
    expect([value, calls]).to.deep.equal(['ok', 3])
  })

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0
    const error = await withRetries(
      async () => {
        calls++
        throw sdkError('ThrottlingException', 400)
      },
      {...fast, attempts: 4},
    ).catch((error_: unknown) => error_)
    expect(calls).to.equal(4)
    expect((error as Error).name).to.equal('ThrottlingException')
  })

  it('does not retry an answer', async () => {
    let calls = 0
    await withRetries(async () => {
      calls++
      throw sdkError('UnauthorizedException', 401)
    }, fast).catch(() => {})
    expect(calls).to.equal(1)
  })

  it('stops when the next wait would pass the time budget', async () => {
    let calls = 0
    const started = Date.now()
    await withRetries(
      async () => {
        calls++
        throw sdkError('ThrottlingException', 400)
      },
      {attempts: 50, baseDelayMs: 1000, maxDelayMs: 1000, budgetMs: 0},
    ).catch(() => {})
    expect(calls).to.equal(1)
    // No wait happened at all; the bound is loose because the machine may be busy.
    expect(Date.now() - started).to.be.below(900)
  })

  it("starts no attempt that the caller's network budget could not finish: under a second left after the wait", async () => {
    let calls = 0
    const started = Date.now()
    const error = await withRetries(
      async () => {
        calls++
        throw sdkError('ThrottlingException', 400)
      },
      {attempts: 50, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 60_000, budget: new NetworkBudget(900)},
    ).catch((error_: Error) => error_)
    expect(calls).to.equal(1)
    expect((error as Error).name).to.equal('ThrottlingException')
    expect(Date.now() - started).to.be.below(900)
  })

  it('does not retry once the budget itself has run out', async () => {
    let calls = 0
    await withRetries(
      async () => {
        calls++
        throw new BudgetExceededError(1000)
      },
      {attempts: 5, baseDelayMs: 1, maxDelayMs: 1},
    ).catch(() => {})
    expect(calls).to.equal(1)
  })
})

describe('toAppError: one actionable line', () => {
  it('keeps our own errors, names the code for network failures and the AWS error name otherwise', () => {
    const own = new ConfigError('mine')
    expect(toAppError(own, 'GetRoleCredentials')).to.equal(own)
    const net = toAppError(Object.assign(new Error('x'), {code: 'ECONNREFUSED'}), 'GetRoleCredentials', 'portal.sso.us-east-1.amazonaws.com')
    expect(net).to.be.instanceOf(NetworkError)
    expect(net.message).to.equal(
      'Could not reach portal.sso.us-east-1.amazonaws.com for GetRoleCredentials (ECONNREFUSED). Check your network connection, proxy or VPN.',
    )
    const aws = toAppError(sdkError('ForbiddenException', 403), 'GetRoleCredentials')
    expect(aws).to.be.instanceOf(AwsServiceError)
    expect(aws.message).to.equal('GetRoleCredentials failed: ForbiddenException: ForbiddenException happened')
  })
})
