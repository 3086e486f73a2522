import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {formatLocalTime} from '../../src/lib/auth/messages.js'
import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {readJson, sha1, START_URL, tokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {browserResults, browserUrls, lines, listDir, loginEnv, modeOf, sessionConfig, waitForBrowsers} from './helpers.js'

// Headless Chromium opens the sign-in URL and clicks the button, as a person would.
describe('login with a real browser', function () {
  this.timeout(90_000)

  before(function () {
    requireTools(this, ['chromium'])
  })
  const ctx = useEmulatorHome({config: sessionConfig('my-sso', START_URL, 'dev')})

  const cacheDir = () => join(ctx.home, '.aws', 'sso', 'cache')

  it('device code: Approve in the browser writes the token as AWS CLI v2 does', async () => {
    const r = await runCli(['login', '--profile', 'dev', '--use-device-code'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {browser: 'click'})})
    expect(r.code, r.stderr).to.equal(0)

    const path = tokenFile(ctx.home, 'my-sso')
    const token = readJson(path)
    expect(Object.keys(token)).to.deep.equal([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ])
    expect(token.startUrl).to.equal(START_URL)
    expect(token.region).to.equal('us-east-1')
    expect(token.expiresAt).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(Date.parse(token.expiresAt as string) - Date.now()).to.be.within(8 * 3_600_000 - 60_000, 8 * 3_600_000)
    expect(modeOf(path)).to.equal(0o600)
    expect(modeOf(cacheDir())).to.equal(0o700)
    expect(modeOf(join(ctx.home, '.aws', 'sso'))).to.equal(0o700)

    const url = browserUrls(ctx.home)
    expect(url).to.have.length(1)
    const userCode = new URL(url[0]).searchParams.get('user_code')
    expect(url[0]).to.equal(`${ctx.emu.url}/device?user_code=${userCode}`)
    expect(lines(r.stderr)).to.deep.equal([
      `Logging in to sso-session my-sso (${START_URL}, us-east-1).`,
      'Opening the sign-in page in your browser. If it does not open, open this URL in a browser on any device:',
      `  ${url[0]}`,
      `Then check that the page shows the code ${userCode}.`,
      'Waiting for the login to be approved in the browser (up to 1:00 min)…',
    ])
    expect(r.stdout).to.equal(`Login succeeded, valid until ${formatLocalTime(new Date(token.expiresAt as string), 'UTC')}\n`)
    await waitForBrowsers(ctx.home, 1)
    expect(browserResults(ctx.home)).to.deep.equal([`${ctx.emu.url}/device/approve Request approved`])

    // The registration is cached under AWS CLI v2's key, without grant types (device flow).
    const regKey = sha1(
      '{"region": "us-east-1", "scopes": ["sso:account:access"], "session_name": "my-sso", "startUrl": "https://d-0000000000.awsapps.com/start", "tool": "botocore"}',
    )
    expect(listDir(cacheDir())).to.deep.equal([`${regKey}.json`, `${sha1('my-sso')}.json`].sort())
    const reg = readJson(join(cacheDir(), `${regKey}.json`))
    expect(Object.keys(reg)).to.deep.equal(['clientId', 'clientSecret', 'expiresAt', 'scopes'])
    expect(reg.clientId).to.equal(token.clientId)
    expect(reg.expiresAt).to.equal(token.registrationExpiresAt)
    expect(ctx.emu.stats()).to.include({RegisterClient: 1, StartDeviceAuthorization: 1, 'CreateToken:device_code': ctx.emu.stats().CreateToken})

    // A second login finds the token valid and makes no request at all.
    const before = ctx.emu.stats()
    const again = await runCli(['login', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {browser: 'click'})})
    expect(again.code).to.equal(0)
    expect(again.stderr).to.equal('')
    expect(again.stdout).to.equal(r.stdout)
    expect(ctx.emu.stats()).to.deep.equal(before)
    expect(browserUrls(ctx.home)).to.have.length(1)
  })

  it('PKCE: Approve redirects to the loopback listener and the token carries a refresh token', async () => {
    const r = await runCli(['login', '--sso-session', 'my-sso'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {browser: 'click'})})
    expect(r.code, r.stderr).to.equal(0)
    const token = readJson(tokenFile(ctx.home, 'my-sso'))
    expect(token).to.include.keys('accessToken', 'refreshToken', 'clientId', 'clientSecret', 'registrationExpiresAt')
    expect(modeOf(tokenFile(ctx.home, 'my-sso'))).to.equal(0o600)

    const [url] = browserUrls(ctx.home)
    const authorize = new URL(url)
    expect(`${authorize.origin}${authorize.pathname}`).to.equal(`${ctx.emu.url}/authorize`)
    const q = authorize.searchParams
    expect([...q.keys()]).to.deep.equal(['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge_method', 'scopes', 'code_challenge'])
    expect(q.get('client_id')).to.equal(token.clientId)
    expect(q.get('redirect_uri')).to.match(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/)
    expect(q.get('state')).to.match(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/)
    expect(q.get('code_challenge')).to.match(/^[\w-]{43}$/)
    expect(url).to.contain('&scopes=sso%3Aaccount%3Aaccess&')
    expect(lines(r.stderr)).to.deep.equal([
      `Logging in to sso-session my-sso (${START_URL}, us-east-1).`,
      'Opening the sign-in page in your browser. If it does not open, open this URL in a browser on this computer:',
      `  ${url}`,
      'Waiting for the login to be approved in the browser (up to 1:00 min)…',
    ])
    expect(r.stdout).to.equal(`Login succeeded, valid until ${formatLocalTime(new Date(token.expiresAt as string), 'UTC')}\n`)
    await waitForBrowsers(ctx.home, 1)
    expect(browserResults(ctx.home)).to.deep.equal([
      `${q.get('redirect_uri')}?code=${browserResults(ctx.home)[0].split('code=')[1].split('&')[0]}&state=${q.get('state')} Login complete`,
    ])
    expect(ctx.emu.stats()).to.deep.equal({RegisterClient: 1, Authorize: 1, CreateToken: 1, 'CreateToken:authorization_code': 1})

    const regFile = listDir(join(ctx.home, '.aws', 'sso', 'cache')).find((f) => f !== `${sha1('my-sso')}.json`)!
    expect(readJson(join(ctx.home, '.aws', 'sso', 'cache', regFile)).grantTypes).to.deep.equal(['authorization_code', 'refresh_token'])
  })

  for (const flow of ['device code', 'PKCE'] as const) {
    it(`${flow}: Deny in the browser fails with exit 3 and writes no token`, async () => {
      const args = ['login', '--profile', 'dev', ...(flow === 'device code' ? ['--use-device-code'] : [])]
      const r = await runCli(args, {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {browser: 'click', action: 'deny'})})
      expect(r.code).to.equal(3)
      expect(r.stdout).to.equal('')
      expect(lines(r.stderr).at(-1)).to.equal('The login request was denied. Run `aws-sso-util login --profile dev` to try again.')
      expect(existsSync(tokenFile(ctx.home, 'my-sso'))).to.equal(false)
      await waitForBrowsers(ctx.home, 1)
      expect(browserResults(ctx.home)[0]).to.match(flow === 'PKCE' ? /error=access_denied.* Login not completed$/ : / Request denied$/)
    })
  }
})
