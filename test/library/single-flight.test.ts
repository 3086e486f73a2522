import {expect} from 'chai'

import {type Emulator, startEmulator} from '../emulator/server.js'
import {makeTempDir, removeDir} from '../support/cli.js'
import {issueToken, legacyProfile, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {runProgram} from './helpers.js'

describe('library: single flight', () => {
  let emu: Emulator
  let home: string

  before(async () => {
    emu = await startEmulator({port: 0})
  })

  after(async () => {
    await emu.close()
  })

  beforeEach(async () => {
    emu.reset()
    home = makeTempDir()
    writeConfig(home, legacyProfile())
    writeTokenFile(home, START_URL, await issueToken(emu))
    // A slow answer keeps the window open in which every caller finds the cache empty.
    emu.setFault({operation: 'GetRoleCredentials', delayMs: 500, count: 1})
  })

  afterEach(() => removeDir(home))

  it('100 concurrent GetCallerIdentity calls over 10 clients in one process: 1 GetRoleCredentials', async () => {
    const {output, result} = await runProgram(home, emu, {profile: 'my-sso-profile', clients: 10, callsPerClient: 10})
    expect(output, result.stderr).to.deep.include({ok: true, calls: 100})
    expect(output.arns).to.have.length(1)
    expect(emu.stats().GetCallerIdentity).to.equal(100)
    expect(emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('5 such processes at once: still 1 GetRoleCredentials', async () => {
    const runs = await Promise.all(Array.from({length: 5}, () => runProgram(home, emu, {profile: 'my-sso-profile', clients: 10, callsPerClient: 10})))
    for (const {output, result} of runs) {
      expect(output, result.stderr).to.deep.include({ok: true, calls: 100})
      expect(result.stderr).to.equal('')
    }

    expect(new Set(runs.flatMap((r) => r.output.arns)).size).to.equal(1)
    expect(emu.stats().GetCallerIdentity).to.equal(500)
    expect(emu.stats().GetRoleCredentials).to.equal(1)
  })
})
