import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {readJson, START_URL, tokenFile, writeConfig} from '../support/sso.js'
import {browserUrls, lines, listDir, loginEnv, sessionConfig, startCli, waitFor} from './helpers.js'

const HINT = '`aws-sso-util login --profile dev`'

describe('login: expiry, slow down, interruption, no browser', function () {
  this.timeout(60_000)
  const ctx = useEmulatorHome({reset: {lifetimes: true}, config: sessionConfig('my-sso', START_URL, 'dev')})

  const locks = () => listDir(join(ctx.home, '.aws', 'sso', 'aws-sso-util-locks'))

  it('device code never approved: the code expires, exit 3, no token', async () => {
    ctx.emu.setLifetimes({deviceCodeSeconds: 2})
    const r = await runCli(['login', '--profile', 'dev', '--use-device-code'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {action: 'none'})})
    expect(r.code).to.equal(3)
    expect(r.stdout).to.equal('')
    expect(lines(r.stderr).at(-1)).to.equal(`The login window expired before the request was approved. Run ${HINT} to try again.`)
    expect(browserUrls(ctx.home)).to.have.length(1)
    expect(ctx.emu.stats().StartDeviceAuthorization).to.equal(1)
    expect(ctx.emu.stats()['CreateToken:device_code']).to.be.within(1, 3)
    expect(existsSync(tokenFile(ctx.home, 'my-sso'))).to.equal(false)
    expect(locks()).to.deep.equal([])
  })

  it('PKCE never approved: the login window (AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS) ends, exit 3', async () => {
    const started = Date.now()
    const r = await runCli(['login', '--profile', 'dev'], {
      home: ctx.home,
      env: loginEnv(ctx.emu, ctx.home, {action: 'none', extra: {AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '2'}}),
    })
    expect(r.code).to.equal(3)
    expect(Date.now() - started).to.be.at.least(2000)
    expect(lines(r.stderr).at(-1)).to.equal(`The login window expired before the request was approved. Run ${HINT} to try again.`)
    expect(lines(r.stderr)).to.include('Waiting for the login to be approved in the browser (up to 0:02 min)…')
    expect(ctx.emu.stats()).to.deep.equal({RegisterClient: 1})
    expect(existsSync(tokenFile(ctx.home, 'my-sso'))).to.equal(false)
  })

  it('SlowDownException adds 5 s to the poll interval and the login still succeeds', async () => {
    ctx.emu.setFault({operation: 'CreateToken:device_code', errorType: 'SlowDownException'})
    const started = Date.now()
    const r = await runCli(['login', '--profile', 'dev', '--use-device-code'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    const elapsed = Date.now() - started
    expect(r.code, r.stderr).to.equal(0)
    // One poll after 1 s (slowed down), the next 1 + 5 s later; without the extra 5 s it would take ~2 s.
    expect(ctx.emu.stats()['CreateToken:device_code']).to.equal(2)
    expect(elapsed).to.be.at.least(6000)
    expect(existsSync(tokenFile(ctx.home, 'my-sso'))).to.equal(true)
  })

  for (const flow of ['PKCE', 'device code'] as const) {
    it(`${flow}: Ctrl-C while waiting exits 130 with one line, leaving no lock and no token`, async () => {
      const args = ['login', '--profile', 'dev', ...(flow === 'device code' ? ['--use-device-code'] : [])]
      const cli = startCli(args, {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {action: 'none'})})
      await waitFor('the sign-in URL to reach the browser', () => browserUrls(ctx.home).length === 1 && cli.stderrSoFar().includes('Waiting'))
      expect(locks()).to.have.length(1)
      const before = cli.stderrSoFar()
      cli.child.kill('SIGINT')
      const r = await cli.result
      expect(r.code).to.equal(130)
      expect(r.stdout).to.equal('')
      expect(r.stderr.slice(before.length)).to.equal('Login interrupted.\n')
      expect(locks()).to.deep.equal([])
      expect(existsSync(tokenFile(ctx.home, 'my-sso'))).to.equal(false)
      expect(listDir(join(ctx.home, '.aws', 'sso', 'cache')).filter((f) => f.startsWith('.'))).to.deep.equal([])
      if (flow === 'PKCE') {
        // The loopback listener is gone with the process.
        const redirect = new URL(browserUrls(ctx.home)[0]).searchParams.get('redirect_uri')!
        const reached = await fetch(redirect).then(
          () => true,
          () => false,
        )
        expect(reached).to.equal(false)
      }
    })
  }

  it('--no-browser prints the URL with the user code and opens nothing; the device code flow finishes', async () => {
    const cli = startCli(['login', '--profile', 'dev', '--no-browser'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    let userCode = ''
    await waitFor('the user code on stderr', () => {
      userCode = /user_code=([A-Z]{4}-[A-Z]{4})/.exec(cli.stderrSoFar())?.[1] ?? ''
      return userCode !== ''
    })
    ctx.emu.approve(userCode)
    const r = await cli.result
    expect(r.code, r.stderr).to.equal(0)
    expect(lines(r.stderr)).to.deep.equal([
      `Logging in to sso-session my-sso (${START_URL}, us-east-1).`,
      'Open this URL in a browser on any device to sign in (not opening a browser: browser opening is turned off):',
      `  ${ctx.emu.url}/device?user_code=${userCode}`,
      `Then check that the page shows the code ${userCode}.`,
      'Waiting for the login to be approved in the browser (up to 1:00 min)…',
    ])
    expect(browserUrls(ctx.home)).to.deep.equal([])
    expect(ctx.emu.stats().StartDeviceAuthorization).to.equal(1)
    expect(ctx.emu.stats().Authorize).to.equal(undefined)
  })

  it('--force-refresh (alias --force) logs in anew through the browser even with a valid token, never by refresh', async () => {
    const first = await runCli(['login', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    expect(first.code, first.stderr).to.equal(0)
    const old = readJson(tokenFile(ctx.home, 'my-sso'))
    for (const flag of ['--force-refresh', '--force']) {
      const r = await runCli(['login', '--profile', 'dev', flag], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
      expect(r.code, r.stderr).to.equal(0)
    }

    expect(readJson(tokenFile(ctx.home, 'my-sso')).accessToken).to.not.equal(old.accessToken)
    expect(browserUrls(ctx.home)).to.have.length(3)
    expect(ctx.emu.stats()).to.deep.equal({RegisterClient: 1, Authorize: 3, CreateToken: 3, 'CreateToken:authorization_code': 3})
  })

  it('without config, the instance comes from AWS_SSO_LOGIN_DEFAULT_SSO_START_URL / _REGION (legacy token, device code)', async () => {
    writeConfig(ctx.home, '')
    const url = 'https://d-3333333333.awsapps.com/start'
    const r = await runCli(['login'], {
      home: ctx.home,
      env: loginEnv(ctx.emu, ctx.home, {
        extra: {
          AWS_SSO_LOGIN_DEFAULT_SSO_START_URL: url,
          AWS_SSO_LOGIN_DEFAULT_SSO_REGION: 'us-east-1',
          AWS_DEFAULT_SSO_START_URL: 'https://ignored.awsapps.com/start',
        },
      }),
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(lines(r.stderr)[0]).to.equal(`Logging in to ${url} (us-east-1).`)
    expect(Object.keys(readJson(tokenFile(ctx.home, url)))).to.deep.equal(['startUrl', 'region', 'accessToken', 'expiresAt'])
    expect(ctx.emu.stats().StartDeviceAuthorization).to.equal(1)
  })

  it('no browser possible and nobody watching stderr: fails at once with the command to run, no request made', async () => {
    const r = await runCli(['login', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {browser: 'none'})})
    expect(r.code).to.equal(1)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(
      `Login required, but no browser can be opened here (there is no display: DISPLAY and WAYLAND_DISPLAY are unset). Run ${HINT} in a terminal and try again.\n`,
    )
    expect(ctx.emu.stats()).to.deep.equal({})
  })

  it('a BROWSER that cannot be started, with nobody watching stderr: exit 1 instead of waiting out the window', async () => {
    const r = await runCli(['login', '--profile', 'dev'], {
      home: ctx.home,
      env: loginEnv(ctx.emu, ctx.home, {extra: {BROWSER: join(ctx.home, 'no-such-browser')}}),
    })
    expect(r.code).to.equal(1)
    expect(lines(r.stderr).slice(-2)).to.deep.equal([
      'Could not start a browser; open the URL above by hand.',
      `Login required, but the browser could not be started. Run ${HINT} in a terminal and try again.`,
    ])
    expect(existsSync(tokenFile(ctx.home, 'my-sso'))).to.equal(false)
  })

  it('an SSH session without a display counts as no browser', async () => {
    const r = await runCli(['login', '--profile', 'dev'], {
      home: ctx.home,
      env: loginEnv(ctx.emu, ctx.home, {browser: 'none', extra: {SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', DISPLAY: undefined}}),
    })
    expect(r.code).to.equal(1)
    expect(r.stderr).to.contain('(this is an SSH session without a display)')
  })
})
