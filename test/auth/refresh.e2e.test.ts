import {expect} from 'chai'
import {readFileSync, writeFileSync} from 'node:fs'

import type {SsoInstance} from '../../src/lib/instance.js'

import {ensureToken, type EnsureTokenOptions} from '../../src/lib/auth/token-provider.js'
import {LoginRequiredError} from '../../src/lib/errors.js'
import {cliEnv} from '../support/cli.js'
import {useEmulatorHome, useProcessEnv} from '../support/fixtures.js'
import {issueToken, type IssuedToken, readJson, START_URL, tokenFile, writeTokenFile} from '../support/sso.js'
import {browserUrls, loginEnv, modeOf, statsSince} from './helpers.js'

const session: SsoInstance = {startUrl: START_URL, region: 'us-east-1', sessionName: 'my-sso', registrationScopes: ['sso:account:access']}
const legacy: SsoInstance = {startUrl: START_URL, region: 'us-east-1'}
const HINT = 'aws-sso-util login --sso-session my-sso'

/** ensureToken in this process: the SDK takes the emulator endpoint from process.env, as in the CLI. */
describe('ensureToken: cached token, refresh-token grant, login required', function () {
  this.timeout(30_000)
  const ctx = useEmulatorHome()
  let issued: IssuedToken
  let uiLines: string[]
  let base: Record<string, number>
  const stats = () => statsSince(ctx.emu, base)
  useProcessEnv(() => ({
    AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url,
    AWS_ENDPOINT_URL_SSO: ctx.emu.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }))

  beforeEach(async () => {
    issued = await issueToken(ctx.emu, {scopes: ['sso:account:access']})
    base = ctx.emu.stats()
    uiLines = []
  })

  // A test browser is configured, so a login that should not happen would show up in its log.
  const options = (over: Partial<EnsureTokenOptions> = {}): EnsureTokenOptions => ({
    allowLogin: true,
    loginHint: HINT,
    ui: {isTTY: false, write: (line) => uiLines.push(line)},
    env: cliEnv(ctx.home, loginEnv(ctx.emu, ctx.home)),
    ...over,
  })

  function seedSessionToken(expiresInSeconds: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const path = writeTokenFile(ctx.home, 'my-sso', issued, {expiresInSeconds, session: true})
    const body = {...readJson(path), ...extra}
    writeFileSync(path, JSON.stringify(body))
    return body
  }

  it('a token with less than 15 minutes left is refreshed without a browser; the refresh token rotates', async () => {
    const old = seedSessionToken(30, {someOtherTool: 'kept'})
    const token = await ensureToken(session, options())
    expect(stats()).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1})
    expect(browserUrls(ctx.home)).to.deep.equal([])
    expect(uiLines).to.deep.equal([])

    const path = tokenFile(ctx.home, 'my-sso')
    const file = readJson(path)
    expect(file).to.deep.equal(token)
    expect(file.accessToken).to.not.equal(old.accessToken)
    expect(file.refreshToken).to.be.a('string').and.not.equal(old.refreshToken)
    expect(file.someOtherTool).to.equal('kept')
    expect(file.clientId).to.equal(old.clientId)
    expect(file.registrationExpiresAt).to.equal(old.registrationExpiresAt)
    expect(file.expiresAt).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(Date.parse(file.expiresAt as string) - Date.now()).to.be.within(8 * 3_600_000 - 60_000, 8 * 3_600_000)
    expect(modeOf(path)).to.equal(0o600)

    // Now valid for hours: served from the file, no request.
    const again = await ensureToken(session, options())
    expect(again.accessToken).to.equal(file.accessToken)
    expect(stats()).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1})
  })

  it('five concurrent callers cause one refresh', async () => {
    seedSessionToken(30)
    const tokens = await Promise.all(Array.from({length: 5}, () => ensureToken(session, options())))
    expect(new Set(tokens.map((t) => t.accessToken)).size).to.equal(1)
    expect(stats()).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1})
  })

  it('forceRefresh refreshes even a token valid for hours', async () => {
    const old = seedSessionToken(8 * 3600)
    const token = await ensureToken(session, options({forceRefresh: true, allowLogin: false}))
    expect(token.accessToken).to.not.equal(old.accessToken)
    expect(stats()).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1})
  })

  it('refresh refused and login not allowed: LoginRequiredError naming the command; the file is left alone', async () => {
    seedSessionToken(-10)
    ctx.emu.revokeAll()
    const before = readFileSync(tokenFile(ctx.home, 'my-sso'), 'utf8')
    const error = await ensureToken(session, options({allowLogin: false})).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(LoginRequiredError)
    expect((error as LoginRequiredError).message).to.equal(`Login required. Run \`${HINT}\` and try again.`)
    expect((error as LoginRequiredError).exitCode).to.equal(1)
    expect(stats()).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1})
    expect(readFileSync(tokenFile(ctx.home, 'my-sso'), 'utf8')).to.equal(before)
  })

  it('refresh refused but the token still works for minutes and login is not allowed: the token is served', async () => {
    const old = seedSessionToken(5 * 60)
    ctx.emu.revokeAll()
    const token = await ensureToken(session, options({allowLogin: false}))
    expect(token.accessToken).to.equal(old.accessToken)
    expect(stats()).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1})
  })

  it('refresh refused and login allowed: says so and logs in through the browser', async () => {
    seedSessionToken(-10)
    ctx.emu.revokeAll()
    const token = await ensureToken(session, options())
    expect(uiLines[0]).to.equal(
      'Could not refresh the IAM Identity Center token (IAM Identity Center CreateToken (refresh) failed: InvalidGrantException: Refresh token has been revoked); logging in again.',
    )
    expect(browserUrls(ctx.home)).to.have.length(1)
    expect(stats()).to.include({'CreateToken:refresh_token': 1, Authorize: 1, 'CreateToken:authorization_code': 1})
    expect(readJson(tokenFile(ctx.home, 'my-sso')).accessToken).to.equal(token.accessToken)
  })

  it('an expired registration is not used for a refresh', async () => {
    seedSessionToken(-10, {registrationExpiresAt: '2020-01-01T00:00:00Z'})
    const error = await ensureToken(session, options({allowLogin: false})).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(LoginRequiredError)
    expect(stats()).to.deep.equal({})
  })

  it('legacy token (no refresh token): served while valid, else login required, without a request', async () => {
    writeTokenFile(ctx.home, START_URL, issued, {expiresInSeconds: 20 * 60})
    expect((await ensureToken(legacy, options({allowLogin: false}))).accessToken).to.equal(issued.accessToken)
    writeTokenFile(ctx.home, START_URL, issued, {expiresInSeconds: -1})
    const error = await ensureToken(legacy, options({allowLogin: false, loginHint: 'aws-sso-util login --profile legacy'})).catch((error_: unknown) => error_)
    expect((error as Error).message).to.equal('Login required. Run `aws-sso-util login --profile legacy` and try again.')
    expect(stats()).to.deep.equal({})
  })

  it('a token the portal rejected is never returned, even though it looks valid', async () => {
    const old = seedSessionToken(8 * 3600)
    const token = await ensureToken(session, options({rejectedAccessToken: old.accessToken as string, allowLogin: false}))
    expect(token.accessToken).to.not.equal(old.accessToken)
    expect(stats()).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1})
  })
})
