import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, legacyProfile, sessionProfile, START_URL, tokenFile, writeConfig} from '../support/sso.js'

describe('credential-process logs in when needed: one login for many processes', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({emulator: {autoApprove: true}})
  let browserLog: string
  const env = () => ({
    ...emulatorEnv(ctx.emu),
    BROWSER: join(repoRoot, 'test', 'support', 'browser-record.mjs'),
    BROWSER_LOG: browserLog,
  })

  beforeEach(() => {
    browserLog = join(ctx.home, 'browser.log')
  })

  const twenty = (profile: string) =>
    Promise.all(Array.from({length: 20}, () => runCli(['credential-process', '--profile', profile], {home: ctx.home, env: env()})))

  it('device code (legacy profile): one StartDeviceAuthorization, one browser tab, 20 identical outputs', async () => {
    writeConfig(ctx.home, legacyProfile())
    const results = await twenty('my-sso-profile')
    for (const r of results) expect(r.code, r.stderr).to.equal(0)
    expect(new Set(results.map((r) => r.stdout)).size).to.equal(1)
    expect(JSON.parse(results[0].stdout).Version).to.equal(1)
    const stats = ctx.emu.stats()
    expect(stats.StartDeviceAuthorization).to.equal(1)
    expect(stats.GetRoleCredentials).to.equal(1)
    expect(readFileSync(browserLog, 'utf8').trim().split('\n')).to.have.length(1)
    expect(JSON.parse(readFileSync(tokenFile(ctx.home, START_URL), 'utf8')).startUrl).to.equal(START_URL)
  })

  it('PKCE (sso-session profile): one authorization, one browser tab, 20 identical outputs', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    const results = await twenty('dev')
    for (const r of results) expect(r.code, r.stderr).to.equal(0)
    expect(new Set(results.map((r) => r.stdout)).size).to.equal(1)
    const stats = ctx.emu.stats()
    expect(stats.Authorize).to.equal(1)
    expect(stats.StartDeviceAuthorization ?? 0).to.equal(0)
    expect(stats.GetRoleCredentials).to.equal(1)
    expect(readFileSync(browserLog, 'utf8').trim().split('\n')).to.have.length(1)
    const token = JSON.parse(readFileSync(tokenFile(ctx.home, 'my-sso'), 'utf8'))
    expect(Object.keys(token).sort()).to.deep.equal([
      'accessToken',
      'clientId',
      'clientSecret',
      'expiresAt',
      'refreshToken',
      'region',
      'registrationExpiresAt',
      'startUrl',
    ])
  })

  it('without a browser and without a terminal it fails at once with the command to run', async () => {
    writeConfig(ctx.home, legacyProfile())
    const started = Date.now()
    const r = await runCli(['credential-process', '--profile', 'my-sso-profile'], {
      home: ctx.home,
      env: {...emulatorEnv(ctx.emu), DISPLAY: undefined, BROWSER: undefined},
    })
    expect(Date.now() - started).to.be.lessThan(10_000)
    expect(r.code).to.equal(1)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.match(
      /^Login required, but no browser can be opened here \(.+\)\. Run `aws-sso-util login --profile my-sso-profile` in a terminal and try again\.\n$/,
    )
    expect(ctx.emu.stats().StartDeviceAuthorization ?? 0).to.equal(0)
  })

  it('--no-login and AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN fail fast with exit 1 and the exact command', async () => {
    writeConfig(ctx.home, legacyProfile())
    for (const [args, extra] of [
      [['--no-login'], {}],
      [[], {AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN: 'true'}],
    ] as const) {
      const r = await runCli(['credential-process', '--profile', 'my-sso-profile', ...args], {home: ctx.home, env: {...env(), ...extra}})
      expect(r.code).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal('Login required. Run `aws-sso-util login --profile my-sso-profile` and try again.\n')
    }

    expect(ctx.emu.stats()).to.deep.equal({})
  })
})
