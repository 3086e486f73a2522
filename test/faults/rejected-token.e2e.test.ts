import {expect} from 'chai'

import {browserUrls, loginEnv, statsSince, SUCCESS} from '../auth/helpers.js'
import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {issueToken, readJson, sessionProfile, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'

/**
 * A session ended on the server (sign-out elsewhere, admin revocation) leaves a token that looks
 * valid locally. Once the portal has refused it, `login` must really log in again instead of
 * answering "Login succeeded" from the file.
 */
describe('faults: a token the portal rejected', function () {
  this.timeout(60_000)
  const ctx = useEmulatorHome()

  it('credential-process marks it expired in the file, and the next login opens a browser and gets a new token', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    const path = writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true})
    const rejected = readJson(path)
    ctx.emu.revokeAll()

    const cp = await runCli(['credential-process', '--profile', 'dev', '--no-login'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    expect(cp.code).to.equal(1)
    expect(cp.stdout).to.equal('')
    expect(cp.stderr).to.equal('Your IAM Identity Center session is no longer valid. Run `aws-sso-util login --profile dev` and try again.\n')
    const marked = readJson(path)
    expect(marked.accessToken).to.equal(rejected.accessToken)
    expect(Date.parse(marked.expiresAt as string)).to.be.below(Date.now())
    expect(marked.refreshToken).to.equal(rejected.refreshToken) // kept: a live session could still refresh

    const base = ctx.emu.stats()
    const login = await runCli(['login', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    expect(login.code, login.stderr).to.equal(0)
    expect(login.stdout.trim()).to.match(SUCCESS)
    expect(browserUrls(ctx.home)).to.have.length(1)
    const calls = statsSince(ctx.emu, base)
    expect(calls['CreateToken:authorization_code']).to.equal(1)
    expect(readJson(tokenFile(ctx.home, 'my-sso')).accessToken).to.not.equal(rejected.accessToken)

    const after = await runCli(['credential-process', '--profile', 'dev', '--no-login'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    expect(after.code, after.stderr).to.equal(0)
  })
})
