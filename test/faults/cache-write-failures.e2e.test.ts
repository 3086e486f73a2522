import {expect} from 'chai'
import {chmodSync, mkdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {browserUrls, loginEnv} from '../auth/helpers.js'
import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, legacyProfile, roleCredentialsFile, sessionProfile, START_URL, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'

const OUTPUT =
  /^\{"Version":1,"AccessKeyId":"ASIA[A-Z0-9]{16}","SecretAccessKey":"[^"]+","SessionToken":"[^"]+","Expiration":"[^"]+","AccountId":"123456789012"\}\n$/

/**
 * The role-credential cache is an optimisation: once GetRoleCredentials has answered, a cache
 * that cannot be written must not cost the caller its credentials.
 */
describe('faults: a cache that cannot be written', function () {
  this.timeout(60_000)
  const ctx = useEmulatorHome({config: legacyProfile()})

  const credsPath = () => roleCredentialsFile(ctx.home)

  async function signIn(): Promise<void> {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  }

  async function expectPrintedWithWarning(reason: string): Promise<void> {
    const r = await runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: emulatorEnv(ctx.emu)})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(OUTPUT)
    expect(r.stderr).to.equal(`Warning: could not cache the role credentials at ${credsPath()} (${reason}); they were fetched and are printed anyway.\n`)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  }

  it('a directory at the role-credential cache path: credentials printed, one warning line, exit 0', async () => {
    await signIn()
    mkdirSync(credsPath(), {recursive: true})
    await expectPrintedWithWarning('a directory is in the way')
    expect(statSync(credsPath()).isDirectory()).to.equal(true)
  })

  it('a file where the cache directory should be: credentials printed, one warning line, exit 0', async () => {
    await signIn()
    mkdirSync(join(ctx.home, '.aws', 'cli'), {recursive: true})
    writeFileSync(join(ctx.home, '.aws', 'cli', 'cache'), 'not a directory')
    await expectPrintedWithWarning('a file is in the way of its directory')
  })

  it('a read-only cache directory: credentials printed, one warning line, exit 0', async function () {
    if (process.getuid?.() === 0) this.skip() // root writes through any mode; the two cases above cover root
    await signIn()
    mkdirSync(join(ctx.home, '.aws', 'cli', 'cache'), {recursive: true})
    chmodSync(join(ctx.home, '.aws', 'cli', 'cache'), 0o500)
    await expectPrintedWithWarning('permission denied')
  })

  it('a directory at the token path is reported before any browser opens or any client registers', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    const tokenPath = tokenFile(ctx.home, 'my-sso')
    mkdirSync(tokenPath, {recursive: true})
    const r = await runCli(['credential-process', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    expect(r.code, r.stderr).to.equal(5)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(`The token cache path ${tokenPath} is a directory, not a file; remove it and try again.\n`)
    expect(browserUrls(ctx.home)).to.deep.equal([])
    expect(ctx.emu.stats().RegisterClient ?? 0).to.equal(0)
    expect(statSync(tokenPath).isDirectory()).to.equal(true)
  })
})
