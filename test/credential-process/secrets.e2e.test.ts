import {expect} from 'chai'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {type CliResult, runCli} from '../support/cli.js'
import {type EchoGateway, startEchoGateway} from '../support/echo-gateway.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {issueToken, type IssuedToken, sessionProfile, writeTokenFile} from '../support/sso.js'

const LOG_NAME = 'aws-sso-util credential-process-log.txt'

/**
 * The five secrets (access token, refresh token, client secret, secret access key, session token)
 * must never show on stderr, on stdout when a command fails, or in the debug log, not even when
 * a server quotes them back in an error. Only their last 4 characters may appear.
 */
describe('secrets never leave in clear: a server that quotes them back in its errors', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({config: sessionProfile('dev', 'my-sso')})
  let gateway: EchoGateway | undefined
  let token: IssuedToken

  beforeEach(async () => {
    token = await issueToken(ctx.emu, {scopes: ['sso:account:access']})
  })

  afterEach(async () => {
    await gateway?.close()
    gateway = undefined
  })

  async function through(routes: string[]): Promise<Record<string, string | undefined>> {
    gateway = await startEchoGateway(ctx.emu.url, routes)
    // No browser and no terminal: a login, if one is tried, fails at once.
    return {AWS_ENDPOINT_URL_SSO: gateway.url, AWS_ENDPOINT_URL_SSO_OIDC: gateway.url, BROWSER: undefined, DISPLAY: undefined}
  }

  const log = () => {
    const path = join(ctx.home, '.aws', 'sso', LOG_NAME)
    return existsSync(path) ? readFileSync(path, 'utf8') : ''
  }

  /** Every secret the run held or the server echoed: none whole, none but its last 4 characters. */
  function expectNoSecret(result: CliResult, secrets: string[], where: {log?: boolean} = {}) {
    expect(gateway!.quoted.length, 'the gateway quoted an exchange').to.be.greaterThan(0)
    const places: Array<[string, string]> = [
      ['stderr', result.stderr],
      ['stdout', result.stdout],
    ]
    if (where.log) places.push(['debug log', log()])
    for (const secret of secrets) {
      expect(secret.length, 'a secret long enough to tell').to.be.greaterThan(8)
      // The quoted text really carried it: otherwise this test could not fail.
      expect(gateway!.quoted.join('\n'), 'the gateway echoed the secret').to.contain(secret)
      for (const [name, text] of places) expect(text, `${name} shows ${secret.slice(0, 6)}…`).to.not.contain(secret.slice(0, -4))
    }
  }

  it('credential-process --debug: GetRoleCredentials answered with the bearer token and the fetched keys quoted', async () => {
    writeTokenFile(ctx.home, 'my-sso', token, {session: true})
    const env = await through(['GET /federation/credentials'])
    const r = await runCli(['credential-process', '--profile', 'dev', '--debug'], {home: ctx.home, env})
    expect(r.code, r.stderr).to.equal(4)
    expect(r.stdout).to.equal('')
    expect(r.stderr.split('\n')[0]).to.match(/^GetRoleCredentials failed: InvalidRequestException: /)
    const [secretAccessKey, sessionToken] = ['secretAccessKey', 'sessionToken'].map((key) => {
      const match = gateway!.quoted[0].match(new RegExp(`"${key}":"([^"]+)"`))
      expect(match, key).to.not.equal(null)
      return match![1]
    })
    expect(log()).to.contain('failed')
    expectNoSecret(r, [token.accessToken, secretAccessKey, sessionToken], {log: true})
  })

  it('credential-process (debug by env): a refresh answered with the refresh token, client secret and new tokens quoted', async () => {
    writeTokenFile(ctx.home, 'my-sso', token, {session: true, expiresInSeconds: 60})
    const env = await through(['POST /token'])
    const r = await runCli(['credential-process', '--profile', 'dev'], {home: ctx.home, env: {...env, AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'true'}})
    expect(r.code, r.stderr).to.equal(1)
    expect(r.stdout).to.equal('')
    expect(ctx.emu.stats().CreateToken).to.be.greaterThan(1)
    const rotated = gateway!.upstreamValues.filter((v) => v.length > 20)
    expect(rotated.length, 'the upstream issued new tokens').to.be.greaterThan(0)
    expectNoSecret(r, [token.refreshToken!, token.clientSecret, ...rotated], {log: true})
  })

  it('login: a refresh answered with the refresh token and client secret quoted', async () => {
    writeTokenFile(ctx.home, 'my-sso', token, {session: true, expiresInSeconds: 60})
    const env = await through(['POST /token'])
    const r = await runCli(['login', '--profile', 'dev'], {home: ctx.home, env})
    expect(r.code).to.not.equal(0)
    expect(r.stdout).to.equal('')
    expectNoSecret(r, [token.refreshToken!, token.clientSecret])
  })

  it('logout: a Logout answered with the bearer token quoted', async () => {
    writeTokenFile(ctx.home, 'my-sso', token, {session: true})
    const env = await through(['POST /logout'])
    const r = await runCli(['logout', '--profile', 'dev'], {home: ctx.home, env})
    expectNoSecret(r, [token.accessToken])
  })
})
