import {RegisterClientCommand, SSOOIDCClient} from '@aws-sdk/client-sso-oidc'
import {expect} from 'chai'
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {pkceRegistrationCacheKey} from '../../src/lib/cache/cache-keys.js'
import {browserUrls, loginEnv, statsSince} from '../auth/helpers.js'
import {cliEnv, repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {run} from '../support/run.js'
import {readJson, sessionProfile, START_URL, tokenFile, writeConfig} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'

const AWS_CLI_V2 = '/usr/bin/aws'
const SHIM = join(repoRoot, 'test', 'faults', 'py', 'aws-cli-endpoints')

/** The sso-session without an sso_registration_scopes line. */
const withoutScopes = sessionProfile('dev', 'my-sso', false)

/**
 * Client registrations shared with AWS CLI v2: the device flow uses the CLI's own registration
 * file (same key, computed here by the CLI's own code), a PKCE client is kept apart so that no CLI
 * release ever reuses it for the device flow, and a cached client the service refuses is replaced once.
 */
describe('faults: client registrations shared with AWS CLI v2', function () {
  this.timeout(120_000)

  before(function () {
    requireTools(this, ['awscli'])
  })

  const ctx = useEmulatorHome({emulator: {autoApprove: true}})

  const ssoCache = () => join(ctx.home, '.aws', 'sso', 'cache')
  const cliEnvFor = () => ({
    ...cliEnv(ctx.home),
    PYTHONPATH: SHIM,
    AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url,
    AWS_ENDPOINT_URL_SSO: ctx.emu.url,
    AWS_PAGER: '',
    PYTHONDONTWRITEBYTECODE: '1',
  })
  const awsSsoLogin = () => run(AWS_CLI_V2, ['sso', 'login', '--profile', 'dev', '--no-browser'], {env: cliEnvFor(), timeoutMs: 60_000})
  const ourLogin = (...flags: string[]) => runCli(['login', '--profile', 'dev', ...flags], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})

  /** The registration file name, from the CLI's own _registration_cache_key. */
  async function cliRegistrationKey(scopes: null | string[]): Promise<string> {
    const code = [
      'import json, sys',
      'from awscli.botocore.utils import SSOTokenFetcher',
      "f = SSOTokenFetcher('us-east-1', None)",
      'print(f._registration_cache_key(sys.argv[1], "my-sso", json.loads(sys.argv[2])))',
    ].join('\n')
    const r = await run('/usr/bin/python3', ['-c', code, START_URL, JSON.stringify(scopes)], {env: {PATH: process.env.PATH, HOME: ctx.home}})
    expect(r.code, r.stderr).to.equal(0)
    return r.stdout.trim()
  }

  it('no sso_registration_scopes: our device login reuses the registration `aws sso login` made (same file name)', async () => {
    writeConfig(ctx.home, withoutScopes)
    const key = await cliRegistrationKey(null)
    const cli = await awsSsoLogin()
    expect(cli.code, cli.stderr + cli.stdout).to.equal(0)
    expect(existsSync(join(ssoCache(), `${key}.json`))).to.equal(true)
    const registration = readJson(join(ssoCache(), `${key}.json`))

    await run(AWS_CLI_V2, ['sso', 'logout'], {env: cliEnvFor()})
    const base = ctx.emu.stats()
    const ours = await ourLogin('--use-device-code')
    expect(ours.code, ours.stderr).to.equal(0)
    expect(statsSince(ctx.emu, base).RegisterClient ?? 0).to.equal(0)
    expect(readJson(tokenFile(ctx.home, 'my-sso')).clientId).to.equal(registration.clientId)
  })

  it('after our PKCE login, AWS CLI v2 still logs in with the device flow; each keeps its own client', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    const cliKey = await cliRegistrationKey(['sso:account:access'])
    const ours = await ourLogin()
    expect(ours.code, ours.stderr).to.equal(0)
    expect(browserUrls(ctx.home)).to.have.length(1)
    const before = readdirSync(ssoCache()).sort()

    const cli = await awsSsoLogin()
    expect(cli.code, `exit ${cli.code}\n${cli.stdout}\n${cli.stderr}`).to.equal(0)
    expect(cli.stdout).to.contain('Successfully logged into Start URL')
    const cliReg = readJson(join(ssoCache(), `${cliKey}.json`))
    expect(cliReg.grantTypes).to.equal(undefined) // the CLI's device client in the CLI's file

    // Our PKCE client survived the CLI's login: logging in again registers nothing.
    await runCli(['logout', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    const base = ctx.emu.stats()
    const again = await ourLogin()
    expect(again.code, again.stderr).to.equal(0)
    expect(statsSince(ctx.emu, base).RegisterClient ?? 0).to.equal(0)
    const ourPkce = readJson(
      join(ssoCache(), `${pkceRegistrationCacheKey({region: 'us-east-1', scopes: ['sso:account:access'], sessionName: 'my-sso', startUrl: START_URL})}.json`),
    )
    expect(ourPkce.grantTypes).to.deep.equal(['authorization_code', 'refresh_token'])
    expect(before).to.not.include(`${cliKey}.json`) // our PKCE login never wrote the CLI's file
  })

  it('a cached client the service refuses for the device flow is replaced once, and the login succeeds', async () => {
    writeConfig(ctx.home, withoutScopes)
    // A PKCE client left in the CLI's file without its grantTypes (as an older tool wrote it).
    const oidc = new SSOOIDCClient({region: 'us-east-1', endpoint: ctx.emu.url})
    const pkce = await oidc.send(
      new RegisterClientCommand({
        clientName: 'someone-else',
        clientType: 'public',
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: START_URL,
        scopes: ['sso:account:access'],
      }),
    )
    oidc.destroy()
    const key = await cliRegistrationKey(null)
    mkdirSync(ssoCache(), {recursive: true})
    const expiresAt = new Date(pkce.clientSecretExpiresAt! * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    writeFileSync(join(ssoCache(), `${key}.json`), JSON.stringify({clientId: pkce.clientId, clientSecret: pkce.clientSecret, expiresAt}))

    const base = ctx.emu.stats()
    const ours = await ourLogin('--use-device-code')
    expect(ours.code, ours.stderr).to.equal(0)
    const calls = statsSince(ctx.emu, base)
    expect(calls.RegisterClient).to.equal(1)
    expect(calls.StartDeviceAuthorization).to.equal(2)
    const replaced = readJson(join(ssoCache(), `${key}.json`))
    expect(replaced.clientId).to.not.equal(pkce.clientId)
    expect(readJson(tokenFile(ctx.home, 'my-sso')).clientId).to.equal(replaced.clientId)
  })
})
