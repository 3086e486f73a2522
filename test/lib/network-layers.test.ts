import {GetRoleCredentialsCommand, SSOClient} from '@aws-sdk/client-sso'
import {expect} from 'chai'

import {bounded, type NetworkLimits, RequestTimeoutError, requestHandlerOptions} from '../../src/lib/network.js'
import {silentServer, type StallServer} from '../faults/stall-servers.js'

/**
 * Two layers bound every request: our own timer (bounded) and the SDK handler's timeouts
 * (requestHandlerOptions). The end-to-end spec (faults/network-timeouts) sees only that the run ends
 * in time, with our timer's message; here each layer is shown to keep the bound alone, so that
 * neither can be lost unnoticed behind the other.
 */
describe('network bounds: each layer keeps the bound alone', function () {
  this.timeout(15_000)
  const limits: NetworkLimits = {connectTimeoutMs: 500, requestTimeoutMs: 800, budgetMs: 3200}
  let stall: StallServer | undefined

  afterEach(async () => {
    await stall?.close()
    stall = undefined
  })

  it('our timer alone: a request that ignores its AbortSignal and never settles is cut at the request timeout', async () => {
    const started = Date.now()
    const error = await bounded(() => new Promise<never>(() => {}), {limits}).then(
      () => {},
      (error_: unknown) => error_,
    )
    const ms = Date.now() - started
    expect(error).to.be.instanceOf(RequestTimeoutError)
    expect((error as Error).message).to.equal('no answer within 0.8 s')
    expect(ms).to.be.at.least(700).and.below(3000)
  })

  it('the SDK handler alone: a portal that accepts and never answers fails within the request timeout, without our timer', async () => {
    stall = await silentServer()
    const client = new SSOClient({region: 'us-east-1', endpoint: stall.url, maxAttempts: 1, requestHandler: requestHandlerOptions(limits)})
    const started = Date.now()
    const error = await client.send(new GetRoleCredentialsCommand({accessToken: 't', accountId: '123456789012', roleName: 'R'})).then(
      () => {},
      (error_: unknown) => error_,
    )
    const ms = Date.now() - started
    client.destroy()
    expect(error, 'the SDK gave up by itself').to.be.instanceOf(Error)
    expect((error as Error).name).to.equal('TimeoutError')
    expect(stall.connections()).to.equal(1)
    expect(ms).to.be.at.least(700).and.below(3000)
  })
})
