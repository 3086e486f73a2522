import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {browserUrls, loginEnv, startCli, statsSince, waitFor} from '../auth/helpers.js'
import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {runPythonJson} from '../support/python.js'
import {emulatorEnv, issueToken, legacyProfile, readJson, sessionProfile, START_URL, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'

const OUTPUT =
  /^\{"Version":1,"AccessKeyId":"ASIA[A-Z0-9]{16}","SecretAccessKey":"[^"]+","SessionToken":"[^"]+","Expiration":"[^"]+","AccountId":"123456789012"\}\n$/
const boto3Script = join(repoRoot, 'test', 'faults', 'py', 'boto3_credentials.py')

/** Logins nobody needed: a token another tool just wrote, or one still valid, beats a login that cannot happen. */
describe('faults: no login when a usable token exists', function () {
  this.timeout(60_000)

  before(function () {
    requireTools(this, ['python3-boto3'])
  })

  const ctx = useEmulatorHome()

  // No browser, no terminal: what an SDK gives credential_process. A login is impossible here.
  const headless = () => loginEnv(ctx.emu, ctx.home, {browser: 'none'})

  it('boto3 rotates the refresh token first: our refresh fails, we take the token boto3 wrote, no login', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    // Five minutes left: both we (15 min) and botocore (10 min, blocking) must refresh.
    const path = writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true, expiresInSeconds: 300})
    const before = readJson(path)
    // Our refresh reaches the service first and is held there while boto3 refreshes and rotates; then
    // the service refuses it (the refresh token it carries was rotated). The hold stays below our
    // 10 s request timeout: a timeout would take the "no answer" branch and never test the re-read
    // after a refusal that this spec is named after.
    const holdMs = 8000
    ctx.emu.setFault({operation: 'CreateToken:refresh_token', delayMs: holdMs})
    const base = ctx.emu.stats()
    // A browser is available: only the re-read of the token file keeps us from logging in (headless,
    // the still-valid old token would be served and hide a missing re-read).
    const ours = startCli(['credential-process', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    await waitFor('our refresh to be in flight', () => (ctx.emu.stats()['CreateToken:refresh_token'] ?? 0) > (base['CreateToken:refresh_token'] ?? 0))
    const botoStarted = Date.now()
    const boto = await runPythonJson<{accessKeyId: string}>(boto3Script, ['dev'], {
      env: {HOME: ctx.home, AWS_CONFIG_FILE: join(ctx.home, '.aws', 'config'), ...emulatorEnv(ctx.emu)},
    })
    expect(Date.now() - botoStarted, 'boto3 rotated the token while ours was held').to.be.below(holdMs)
    expect(boto.accessKeyId).to.match(/^ASIA/)
    const botos = readJson(path)
    expect(botos.refreshToken).to.not.equal(before.refreshToken)

    const r = await ours.result
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(r.stdout).to.match(OUTPUT)
    const calls = statsSince(ctx.emu, base)
    expect(calls['CreateToken:refresh_token']).to.equal(2) // ours (refused: already rotated) and boto3's
    expect(calls.RegisterClient ?? 0).to.equal(0)
    expect(calls.StartDeviceAuthorization ?? 0).to.equal(0)
    expect(browserUrls(ctx.home)).to.deep.equal([])
    expect(readJson(path).accessToken).to.equal(botos.accessToken) // boto3's token, not overwritten
  })

  it('a legacy token with 10 minutes left and no refresh token is used when no login is possible', async () => {
    writeConfig(ctx.home, legacyProfile())
    const path = writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu), {expiresInSeconds: 600})
    const before = readFileSync(path, 'utf8')
    const base = ctx.emu.stats()
    const r = await runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: headless()})
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(r.stdout).to.match(OUTPUT)
    expect(statsSince(ctx.emu, base)).to.deep.equal({GetRoleCredentials: 1})
    expect(readFileSync(tokenFile(ctx.home, START_URL), 'utf8')).to.equal(before)
  })

  it('an expired legacy token with no login possible still says how to log in (exit 1)', async () => {
    writeConfig(ctx.home, legacyProfile())
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu), {expiresInSeconds: 30})
    const r = await runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: headless()})
    expect(r.code).to.equal(1)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.match(
      /^Login required, but no browser can be opened here \(.*\)\. Run `aws-sso-util login --profile my-sso-profile` in a terminal and try again\.\n$/,
    )
  })
})
