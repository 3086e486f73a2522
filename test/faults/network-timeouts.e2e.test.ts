import {expect} from 'chai'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {type CliResult, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, legacyProfile, sessionProfile, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {silentServer, stallMidBodyServer, type StallServer} from './stall-servers.js'

/** A request timeout of 1 s, so that a stalled endpoint costs seconds, not minutes. */
const ONE_SECOND = {AWS_SSO_UTIL_HTTP_TIMEOUT_SECONDS: '1'}

/**
 * Every request has a connect and a request timeout inside a total budget: an endpoint that
 * accepts the connection and never answers, or sends headers and stalls, must not hang
 * credential-process (and every SDK client that runs it) or a login.
 */
describe('faults: bounded network waits', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome()
  let stall: StallServer | undefined
  const locksDir = () => join(ctx.home, '.aws', 'sso', 'aws-sso-util-locks')
  const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir) : [])

  afterEach(async () => {
    await stall?.close()
    stall = undefined
  })

  async function signedInLegacy(): Promise<void> {
    writeConfig(ctx.home, legacyProfile())
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  }

  async function signedInSession(expiresInSeconds: number): Promise<void> {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true, expiresInSeconds})
  }

  /** The CLI against the emulator, with `env` pointing an endpoint elsewhere or shortening a timeout. */
  const cli = (args: string[], env: Record<string, string>, timeoutMs = 60_000) =>
    runCli(args, {home: ctx.home, env: {...emulatorEnv(ctx.emu), ...env}, timeoutMs})

  /** A run that must give up by itself: not killed at `timeoutMs`, done within `withinMs`, exit `code`, nothing on stdout. */
  async function expectGivesUp(
    args: string[],
    env: Record<string, string>,
    expected: {code: number; withinMs: number; timeoutMs?: number},
  ): Promise<CliResult> {
    const timeoutMs = expected.timeoutMs ?? 60_000
    const started = Date.now()
    const r = await cli(args, env, timeoutMs)
    expect(r.signal, `still running after ${timeoutMs / 1000} s`).to.equal(null)
    expect(Date.now() - started).to.be.lessThan(expected.withinMs)
    expect(r.code).to.equal(expected.code)
    expect(r.stdout).to.equal('')
    return r
  }

  it('portal accepts TCP and never answers: credential-process with the product timeouts exits 5 with one line within 60 s', async () => {
    await signedInLegacy()
    stall = await silentServer()
    const r = await expectGivesUp(
      ['credential-process', '--profile', 'my-sso-profile'],
      {AWS_ENDPOINT_URL_SSO: stall.url},
      {code: 5, withinMs: 60_000, timeoutMs: 90_000},
    )
    // "no answer within 10 s" is our own timer's text (network.ts bounded): it fired first. The SDK
    // handler's timeouts are a second bound behind it; test/lib/network-layers.test.ts shows that each
    // of the two keeps the bound alone.
    expect(r.stderr).to.match(
      new RegExp(
        `^No answer from ${stall.url.replaceAll('.', String.raw`\.`)} for GetRoleCredentials \\(no answer within 10 s\\)\\. Check your network connection, proxy or VPN\\.\\n$`,
      ),
    )
    expect(leftovers(locksDir())).to.deep.equal([])
    expect(leftovers(join(ctx.home, '.aws', 'cli', 'cache'))).to.deep.equal([])
  })

  it('portal sends headers then stalls mid-body: exit 5 within the (shortened) budget', async () => {
    await signedInLegacy()
    stall = await stallMidBodyServer()
    // 1 s per request, a budget of 4.5 s: well inside 20 s even on a loaded machine.
    const r = await expectGivesUp(
      ['credential-process', '--profile', 'my-sso-profile'],
      {AWS_ENDPOINT_URL_SSO: stall.url, ...ONE_SECOND},
      {code: 5, withinMs: 20_000},
    )
    expect(r.stderr).to.match(/^No answer from http:\/\/127\.0\.0\.1:\d+ for GetRoleCredentials \(no answer within [\d.]+ s( budget)?\)\. .+\n$/)
    expect(r.stderr.split('\n')).to.have.length(2)
    expect(stall.connections()).to.be.at.least(1)
    expect(leftovers(locksDir())).to.deep.equal([])
  })

  it('20 callers behind a hung portal all answer (exit 5, one line each) within the budget, not one after another', async () => {
    await signedInLegacy()
    stall = await silentServer()
    const started = Date.now()
    const results = await Promise.all(
      Array.from({length: 20}, () => cli(['credential-process', '--profile', 'my-sso-profile'], {AWS_ENDPOINT_URL_SSO: stall!.url, ...ONE_SECOND})),
    )
    expect(Date.now() - started).to.be.lessThan(40_000)
    for (const r of results) {
      expect(r.code, r.stderr).to.equal(5)
      expect(r.stdout).to.equal('')
      expect(r.stderr.split('\n'), r.stderr).to.have.length(2)
    }

    expect(leftovers(locksDir())).to.deep.equal([])
  })

  it('token refresh endpoint never answers: --no-login with a token about to expire exits 5 naming CreateToken', async () => {
    await signedInSession(30)
    stall = await silentServer()
    const r = await expectGivesUp(
      ['credential-process', '--profile', 'dev', '--no-login'],
      {AWS_ENDPOINT_URL_SSO_OIDC: stall.url, ...ONE_SECOND},
      {code: 5, withinMs: 20_000},
    )
    expect(r.stderr).to.match(/^No answer from http:\/\/127\.0\.0\.1:\d+ for IAM Identity Center CreateToken \(refresh\) \(no answer within [\d.]+ s\)\. .+\n$/)
  })

  it('token refresh endpoint never answers but the token is still valid: it is used, and the run stays quick', async () => {
    await signedInSession(300)
    stall = await silentServer()
    const r = await cli(['credential-process', '--profile', 'dev', '--no-login'], {AWS_ENDPOINT_URL_SSO_OIDC: stall.url, ...ONE_SECOND})
    expect(r.code, r.stderr).to.equal(0)
    expect(JSON.parse(r.stdout).Version).to.equal(1)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('login: the OIDC endpoint never answers: exit 5 with one line, no browser opened, no lock left', async () => {
    writeConfig(ctx.home, legacyProfile())
    stall = await silentServer()
    const r = await expectGivesUp(
      ['login', '--profile', 'my-sso-profile', '--no-browser'],
      {AWS_ENDPOINT_URL_SSO_OIDC: stall.url, ...ONE_SECOND},
      {code: 5, withinMs: 20_000},
    )
    expect(r.stderr).to.match(/No answer from http:\/\/127\.0\.0\.1:\d+ for IAM Identity Center RegisterClient \(no answer within [\d.]+ s\)\. .+\n$/)
    expect(leftovers(locksDir())).to.deep.equal([])
  })

  it('login: device-code polls that never answer end with the login window (exit 3), not never', async () => {
    writeConfig(ctx.home, legacyProfile())
    ctx.emu.setFault({operation: 'CreateToken', delayMs: 600_000, count: 1000})
    const r = await expectGivesUp(
      ['login', '--profile', 'my-sso-profile', '--no-browser'],
      {...ONE_SECOND, AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '4'},
      {code: 3, withinMs: 25_000},
    )
    expect(r.stderr.trim().split('\n').at(-1)).to.equal(
      'The login window expired before the request was approved. Run `aws-sso-util login --profile my-sso-profile` to try again.',
    )
  })
})
