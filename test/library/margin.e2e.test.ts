import {expect} from 'chai'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, issueToken, legacyProfile, ROLE_NAME, START_URL, writeTokenFile} from '../support/sso.js'
import {runProgram} from './helpers.js'

/** Sets how long the cached role credentials (real ones, which the emulator's STS accepts) have left. */
function setMinutesLeft(home: string, minutes: number): void {
  const key = roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, startUrl: START_URL})
  const path = join(home, '.aws', 'cli', 'cache', `${key}.json`)
  const body = JSON.parse(readFileSync(path, 'utf8'))
  body.Credentials.Expiration = new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  writeFileSync(path, JSON.stringify(body))
}

describe('library: the 15-minute margin of fromAwsSsoUtil', () => {
  const ctx = useEmulatorHome({config: legacyProfile()})

  beforeEach(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    const warm = await runProgram(ctx.home, ctx.emu, {profile: 'my-sso-profile'})
    expect(warm.output, warm.result.stderr).to.deep.include({ok: true})
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('cached credentials with 16 minutes left are used: no GetRoleCredentials', async () => {
    setMinutesLeft(ctx.home, 16)
    const {output, result} = await runProgram(ctx.home, ctx.emu, {profile: 'my-sso-profile'})
    expect(output, result.stderr).to.deep.include({ok: true, calls: 1})
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('cached credentials with 14 minutes left are fetched again: one GetRoleCredentials', async () => {
    // Between botocore's 10-minute mandatory refresh and our 15: a 10-minute margin would use them.
    setMinutesLeft(ctx.home, 14)
    const {output, result} = await runProgram(ctx.home, ctx.emu, {profile: 'my-sso-profile'})
    expect(output, result.stderr).to.deep.include({ok: true, calls: 1})
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(2)
  })
})
