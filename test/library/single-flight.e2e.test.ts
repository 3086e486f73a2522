import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {useEmulatorHome} from '../support/fixtures.js'
import {issueToken, legacyProfile, START_URL, writeTokenFile} from '../support/sso.js'
import {runProgram} from './helpers.js'

describe('library: single flight', () => {
  const ctx = useEmulatorHome({config: legacyProfile()})

  beforeEach(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    // A slow answer keeps the window open in which every caller finds the cache empty.
    ctx.emu.setFault({operation: 'GetRoleCredentials', delayMs: 500, count: 1})
  })

  it('100 concurrent GetCallerIdentity calls over 10 clients in one process: 1 GetRoleCredentials', async () => {
    const {output, result} = await runProgram(ctx.home, ctx.emu, {profile: 'my-sso-profile', clients: 10, callsPerClient: 10})
    expect(output, result.stderr).to.deep.include({ok: true, calls: 100})
    expect(output.arns).to.have.length(1)
    expect(ctx.emu.stats().GetCallerIdentity).to.equal(100)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  // Two layers make "one fetch": the in-process single flight (api/credentials.ts) and, across
  // processes, the per-role lock with its re-read of the cache. Each one alone is tested below, so
  // that neither can hide a break in the other.
  it('the in-process layer alone: with the cache unwritable (no re-read can help), 100 calls in one process: 1 GetRoleCredentials', async () => {
    // A file where the cache directory belongs: nothing is cached, so every waiter on the lock re-reads nothing.
    writeFileSync(join(ctx.home, '.aws', 'cli'), 'in the way\n')
    const {output, result} = await runProgram(ctx.home, ctx.emu, {profile: 'my-sso-profile', clients: 10, callsPerClient: 10})
    expect(output, result.stderr).to.deep.include({ok: true, calls: 100})
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('the cross-process layer alone: 5 processes with one call each (nothing to share in-process): 1 GetRoleCredentials', async () => {
    const runs = await Promise.all(Array.from({length: 5}, () => runProgram(ctx.home, ctx.emu, {profile: 'my-sso-profile', clients: 1, callsPerClient: 1})))
    for (const {output, result} of runs) expect(output, result.stderr).to.deep.include({ok: true, calls: 1})
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('5 such processes at once: still 1 GetRoleCredentials', async () => {
    const runs = await Promise.all(Array.from({length: 5}, () => runProgram(ctx.home, ctx.emu, {profile: 'my-sso-profile', clients: 10, callsPerClient: 10})))
    for (const {output, result} of runs) {
      expect(output, result.stderr).to.deep.include({ok: true, calls: 100})
      expect(result.stderr).to.equal('')
    }

    expect(new Set(runs.flatMap((r) => r.output.arns)).size).to.equal(1)
    expect(ctx.emu.stats().GetCallerIdentity).to.equal(500)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })
})
