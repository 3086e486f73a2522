import {expect} from 'chai'
import {readFileSync, statSync} from 'node:fs'

import {type Emulator, startEmulator} from '../emulator/server.js'
import {makeTempDir, removeDir, runCli} from '../support/cli.js'
import {emulatorEnv, issueToken, sessionProfile, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'

describe('credential-process renews an sso-session token silently', () => {
  let emu: Emulator
  let home: string

  before(async () => {
    emu = await startEmulator({port: 0})
  })

  after(async () => {
    await emu.close()
  })

  beforeEach(() => {
    emu.reset()
    home = makeTempDir()
  })

  afterEach(() => removeDir(home))

  it('uses the refresh token of a token expiring within seconds: no browser, no device code, one refresh', async () => {
    writeConfig(home, sessionProfile('dev', 'my-sso'))
    const seeded = await issueToken(emu, {scopes: ['sso:account:access']})
    writeTokenFile(home, 'my-sso', seeded, {session: true, expiresInSeconds: 5})
    const before = emu.stats()
    // No BROWSER and no display: a login could not happen, so success proves the refresh.
    const result = await runCli(['credential-process', '--profile', 'dev'], {home, env: {...emulatorEnv(emu), DISPLAY: undefined}})
    expect(result.stderr).to.equal('')
    expect(result.code).to.equal(0)
    const after = emu.stats()
    expect((after['CreateToken:refresh_token'] ?? 0) - (before['CreateToken:refresh_token'] ?? 0)).to.equal(1)
    expect(after.StartDeviceAuthorization).to.equal(before.StartDeviceAuthorization)
    expect(after.Authorize ?? 0).to.equal(0)
    expect(after.GetRoleCredentials).to.equal(1)

    const path = tokenFile(home, 'my-sso')
    const token = JSON.parse(readFileSync(path, 'utf8'))
    expect(token.accessToken).to.not.equal(seeded.accessToken)
    expect(token.refreshToken).to.be.a('string').and.not.equal(seeded.refreshToken)
    expect(token.clientId).to.equal(seeded.clientId)
    expect(token.expiresAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Date.parse(token.expiresAt) - Date.now()).to.be.greaterThan(7 * 3600 * 1000)
    expect(statSync(path).mode & 0o777).to.equal(0o600)
  })
})
