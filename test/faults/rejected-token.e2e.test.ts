import {expect} from 'chai'

import {browserUrls, loginEnv, statsSince, SUCCESS} from '../auth/helpers.js'
import {type Emulator, startEmulator} from '../emulator/server.js'
import {makeTempDir, removeDir, runCli} from '../support/cli.js'
import {issueToken, readJson, sessionProfile, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'

/**
 * A session ended on the server (sign-out elsewhere, admin revocation) leaves a token that looks
 * valid locally. Once the portal has refused it, `login` must really log in again instead of
 * answering "Login succeeded" from the file.
 */
describe('faults: a token the portal rejected', function () {
  this.timeout(60_000)
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

  it('credential-process marks it expired in the file, and the next login opens a browser and gets a new token', async () => {
    writeConfig(home, sessionProfile('dev', 'my-sso'))
    const path = writeTokenFile(home, 'my-sso', await issueToken(emu, {scopes: ['sso:account:access']}), {session: true})
    const rejected = readJson(path)
    emu.revokeAll()

    const cp = await runCli(['credential-process', '--profile', 'dev', '--no-login'], {home, env: loginEnv(emu, home)})
    expect(cp.code).to.equal(1)
    expect(cp.stdout).to.equal('')
    expect(cp.stderr).to.equal('Your IAM Identity Center session is no longer valid. Run `aws-sso-util login --profile dev` and try again.\n')
    const marked = readJson(path)
    expect(marked.accessToken).to.equal(rejected.accessToken)
    expect(Date.parse(marked.expiresAt as string)).to.be.below(Date.now())
    expect(marked.refreshToken).to.equal(rejected.refreshToken) // kept: a live session could still refresh

    const base = emu.stats()
    const login = await runCli(['login', '--profile', 'dev'], {home, env: loginEnv(emu, home)})
    expect(login.code, login.stderr).to.equal(0)
    expect(login.stdout.trim()).to.match(SUCCESS)
    expect(browserUrls(home)).to.have.length(1)
    const calls = statsSince(emu, base)
    expect(calls['CreateToken:authorization_code']).to.equal(1)
    expect(readJson(tokenFile(home, 'my-sso')).accessToken).to.not.equal(rejected.accessToken)

    const after = await runCli(['credential-process', '--profile', 'dev', '--no-login'], {home, env: loginEnv(emu, home)})
    expect(after.code, after.stderr).to.equal(0)
  })
})
