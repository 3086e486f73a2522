import {expect} from 'chai'

import {InterruptedError} from '../../src/lib/errors.js'
import {sleep} from '../../src/lib/sleep.js'

describe('sleep: the one wait of lock attempts, device-code polls and retries', () => {
  it('resolves after the time given', async () => {
    const started = Date.now()
    await sleep(60)
    expect(Date.now() - started).to.be.at.least(55)
  })

  it("an abort ends it at once with the signal's reason, however long it had left", async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    const started = Date.now()
    setTimeout(() => controller.abort(reason), 20)
    const error = await sleep(60_000, controller.signal).then(
      () => {},
      (error_: unknown) => error_,
    )
    expect(error).to.equal(reason)
    expect(Date.now() - started).to.be.below(1000)
  })

  it('an already aborted signal rejects before any wait; a reason that is no Error becomes "Interrupted"', async () => {
    const controller = new AbortController()
    controller.abort('just a string')
    const error = await sleep(60_000, controller.signal).then(
      () => {},
      (error_: unknown) => error_,
    )
    expect(error).to.be.instanceOf(InterruptedError)
  })
})
