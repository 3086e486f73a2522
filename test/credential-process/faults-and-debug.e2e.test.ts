import {expect} from 'chai'
import {existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, legacyProfile, sessionProfile, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'

const LOG_NAME = 'aws-sso-util credential-process-log.txt'

describe('credential-process: faults, retries and the debug log', () => {
  const ctx = useEmulatorHome({config: legacyProfile()})
  const run = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(['credential-process', '--profile', 'my-sso-profile', ...args], {home: ctx.home, env: {...emulatorEnv(ctx.emu), ...env}})

  it('retries TooManyRequests and 5xx from GetRoleCredentials and succeeds', async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    ctx.emu.setFault({operation: 'GetRoleCredentials', status: 429, count: 2})
    ctx.emu.setFault({operation: 'GetRoleCredentials', status: 503, count: 1})
    const result = await run([])
    expect(result.stderr).to.equal('')
    expect(result.code).to.equal(0)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(4)
  })

  it('gives up on endless throttling within a bounded time with exit 4 and one line', async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    ctx.emu.setFault({operation: 'GetRoleCredentials', status: 429, count: 1000})
    const started = Date.now()
    const result = await run([])
    expect(Date.now() - started).to.be.lessThan(30_000)
    expect(result.code).to.equal(4)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.match(/^GetRoleCredentials failed: TooManyRequestsException: .+\n$/)
  })

  it('a revoked token under --no-login fails with exit 1 and the login command', async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    ctx.emu.revokeAll()
    const result = await run(['--no-login'])
    expect(result.code).to.equal(1)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.equal('Your IAM Identity Center session is no longer valid. Run `aws-sso-util login --profile my-sso-profile` and try again.\n')
  })

  it('no network gives one clear line and exit 5', async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    const result = await run([], {AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9'})
    expect(result.code).to.equal(5)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.match(/^Could not reach http:\/\/127\.0\.0\.1:9 for GetRoleCredentials \(ECONNREFUSED\)\. .+\n$/)
  })

  it('--debug writes a 0600 log, creating ~/.aws/sso, with every secret redacted', async () => {
    writeConfig(ctx.home, sessionProfile('my-sso-profile', 'my-sso'))
    const token = await issueToken(ctx.emu, {scopes: ['sso:account:access']})
    // No ~/.aws/sso yet: the original crashed here. The token expires soon, so it is refreshed too.
    const logPath = join(ctx.home, '.aws', 'sso', LOG_NAME)
    expect(existsSync(join(ctx.home, '.aws', 'sso'))).to.equal(false)
    const noToken = await run(['--debug', '--no-login'])
    expect(noToken.code).to.equal(1)
    expect(statSync(logPath).mode & 0o777).to.equal(0o600)

    writeTokenFile(ctx.home, 'my-sso', token, {session: true, expiresInSeconds: 60})
    const result = await run([], {AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'true'})
    expect(result.code, result.stderr).to.equal(0)
    const printed = JSON.parse(result.stdout)
    const log = readFileSync(logPath, 'utf8')
    const refreshed = JSON.parse(readFileSync(join(ctx.home, '.aws', 'sso', 'cache', `${(await import('../support/sso.js')).sha1('my-sso')}.json`), 'utf8'))
    expect(log).to.contain('role credentials fetched and cached')
    for (const secret of [
      printed.SecretAccessKey,
      printed.SessionToken,
      token.accessToken,
      token.refreshToken!,
      token.clientSecret,
      refreshed.accessToken,
      refreshed.refreshToken,
    ]) {
      expect(secret.length).to.be.greaterThan(8)
      expect(log).to.not.contain(secret)
      expect(log).to.not.contain(secret.slice(0, -4))
      expect(result.stderr).to.not.contain(secret)
    }
  })
})
