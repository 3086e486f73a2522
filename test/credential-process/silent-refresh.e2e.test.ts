import {expect} from 'chai'
import {readFileSync, statSync} from 'node:fs'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, sessionProfile, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'

describe('credential-process renews an sso-session token silently', () => {
  const ctx = useEmulatorHome()

  it('uses the refresh token of a token expiring within seconds: no browser, no device code, one refresh', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    const seeded = await issueToken(ctx.emu, {scopes: ['sso:account:access']})
    writeTokenFile(ctx.home, 'my-sso', seeded, {session: true, expiresInSeconds: 5})
    const before = ctx.emu.stats()
    // No BROWSER and no display: a login could not happen, so success proves the refresh.
    const result = await runCli(['credential-process', '--profile', 'dev'], {home: ctx.home, env: {...emulatorEnv(ctx.emu), DISPLAY: undefined}})
    expect(result.stderr).to.equal('')
    expect(result.code).to.equal(0)
    const after = ctx.emu.stats()
    expect((after['CreateToken:refresh_token'] ?? 0) - (before['CreateToken:refresh_token'] ?? 0)).to.equal(1)
    expect(after.StartDeviceAuthorization).to.equal(before.StartDeviceAuthorization)
    expect(after.Authorize ?? 0).to.equal(0)
    expect(after.GetRoleCredentials).to.equal(1)

    const path = tokenFile(ctx.home, 'my-sso')
    const token = JSON.parse(readFileSync(path, 'utf8'))
    expect(token.accessToken).to.not.equal(seeded.accessToken)
    expect(token.refreshToken).to.be.a('string').and.not.equal(seeded.refreshToken)
    expect(token.clientId).to.equal(seeded.clientId)
    expect(token.expiresAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Date.parse(token.expiresAt) - Date.now()).to.be.greaterThan(7 * 3600 * 1000)
    expect(statSync(path).mode & 0o777).to.equal(0o600)
  })
})
