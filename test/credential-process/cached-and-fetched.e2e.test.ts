import {expect} from 'chai'
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {
  ACCOUNT_ID,
  emulatorEnv,
  issueToken,
  legacyProfile,
  readJson,
  ROLE_NAME,
  sessionProfile,
  START_URL,
  writeConfig,
  writeTokenFile,
} from '../support/sso.js'

const OUTPUT =
  /^\{"Version":1,"AccessKeyId":"ASIA[A-Z0-9]{16}","SecretAccessKey":"[^"]+","SessionToken":"[^"]+","Expiration":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","AccountId":"123456789012"\}\n$/

function credsCachePath(home: string, id: {sessionName?: string; startUrl: string}, accountId = ACCOUNT_ID, roleName = ROLE_NAME): string {
  return join(home, '.aws', 'cli', 'cache', `${roleCredentialsCacheKey({accountId, roleName, ...id})}.json`)
}

for (const entry of ['run', 'oclif'] as const) {
  describe(`credential-process (${entry === 'run' ? 'slim entry' : 'through oclif'}): cache and fetch`, () => {
    const ctx = useEmulatorHome()
    const run = (args: string[], env: Record<string, string | undefined> = {}) =>
      runCli(['credential-process', ...args], {home: ctx.home, entry, env: {...emulatorEnv(ctx.emu), ...env}})

    it("fetches with a cached token, caches under botocore's key, and serves the next call from the cache", async () => {
      writeConfig(ctx.home, legacyProfile())
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const first = await run(['--profile', 'my-sso-profile'])
      expect(first.stderr).to.equal('')
      expect(first.code).to.equal(0)
      expect(first.stdout).to.match(OUTPUT)
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)

      const cachePath = credsCachePath(ctx.home, {startUrl: START_URL})
      const body = readJson(cachePath)
      const printed = JSON.parse(first.stdout)
      expect(body).to.deep.equal({
        ProviderType: 'sso',
        Credentials: {
          AccessKeyId: printed.AccessKeyId,
          SecretAccessKey: printed.SecretAccessKey,
          SessionToken: printed.SessionToken,
          Expiration: printed.Expiration,
          AccountId: ACCOUNT_ID,
        },
      })
      expect(statSync(cachePath).mode & 0o777).to.equal(0o600)
      expect(statSync(join(ctx.home, '.aws', 'cli', 'cache')).mode & 0o777).to.equal(0o700)

      const second = await run(['--profile', 'my-sso-profile'])
      expect(second.code).to.equal(0)
      expect(second.stdout).to.equal(first.stdout)
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
    })

    it('uses the sso-session token and keys the role cache by session name', async () => {
      writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
      writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true})
      const result = await run(['--profile', 'dev'])
      expect(result.stderr).to.equal('')
      expect(result.code).to.equal(0)
      expect(result.stdout).to.match(OUTPUT)
      expect(existsSync(credsCachePath(ctx.home, {sessionName: 'my-sso', startUrl: START_URL}))).to.equal(true)
      expect(existsSync(credsCachePath(ctx.home, {startUrl: START_URL}))).to.equal(false)
    })

    it('works from env vars alone, with no profile and no config file', async () => {
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const result = await run([], {
        AWS_SSO_START_URL: START_URL,
        AWS_SSO_REGION: 'us-east-1',
        AWS_SSO_ACCOUNT_ID: ACCOUNT_ID,
        AWS_SSO_ROLE_NAME: ROLE_NAME,
      })
      expect(result.stderr).to.equal('')
      expect(result.code).to.equal(0)
      expect(result.stdout).to.match(OUTPUT)
    })

    it('takes flag over env over profile, and never takes the profile from AWS_PROFILE', async () => {
      writeConfig(ctx.home, legacyProfile().replace(ROLE_NAME, 'NoSuchRoleInProfile'))
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      // env beats the profile's role
      const envWins = await run(['--profile', 'my-sso-profile'], {AWS_SSO_ROLE_NAME: ROLE_NAME})
      expect(envWins.code, envWins.stderr).to.equal(0)
      expect(existsSync(credsCachePath(ctx.home, {startUrl: START_URL}))).to.equal(true)
      // the flag beats env: AdministratorAccess is assigned too, and gets its own cache entry
      const flagWins = await run(['--profile', 'my-sso-profile', '--role-name', 'AdministratorAccess'], {AWS_SSO_ROLE_NAME: 'Nope'})
      expect(flagWins.code, flagWins.stderr).to.equal(0)
      expect(existsSync(credsCachePath(ctx.home, {startUrl: START_URL}, ACCOUNT_ID, 'AdministratorAccess'))).to.equal(true)
      // AWS_PROFILE is not a way to pick the profile
      const viaAwsProfile = await run([], {AWS_PROFILE: 'my-sso-profile'})
      expect(viaAwsProfile.code).to.equal(2)
      expect(viaAwsProfile.stdout).to.equal('')
    })

    it('the 15-minute margin: 16 minutes left is served from the cache, 14 minutes left is fetched again', async () => {
      writeConfig(ctx.home, legacyProfile())
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      mkdirSync(join(ctx.home, '.aws', 'cli', 'cache'), {recursive: true})
      const plant = (minutes: number) =>
        writeFileSync(
          credsCachePath(ctx.home, {startUrl: START_URL}),
          JSON.stringify({
            ProviderType: 'sso',
            Credentials: {
              AccessKeyId: 'ASIAPLANTEDPLANTED00',
              SecretAccessKey: 's',
              SessionToken: 't',
              Expiration: new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            },
          }),
        )
      plant(16)
      const kept = await run(['--profile', 'my-sso-profile'])
      expect(kept.code, kept.stderr).to.equal(0)
      expect(JSON.parse(kept.stdout).AccessKeyId).to.equal('ASIAPLANTEDPLANTED00')
      expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
      // Between botocore's 10-minute mandatory refresh and our 15: a 10-minute margin would serve it.
      plant(14)
      const fetched = await run(['--profile', 'my-sso-profile'])
      expect(fetched.code, fetched.stderr).to.equal(0)
      expect(JSON.parse(fetched.stdout).AccessKeyId).not.to.equal('ASIAPLANTEDPLANTED00')
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
    })

    it('refetches credentials with less than 15 minutes left, and with --force-refresh', async () => {
      writeConfig(ctx.home, legacyProfile())
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const cachePath = credsCachePath(ctx.home, {startUrl: START_URL})
      mkdirSync(join(ctx.home, '.aws', 'cli', 'cache'), {recursive: true})
      const soon = new Date(Date.now() + 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      writeFileSync(
        cachePath,
        JSON.stringify({ProviderType: 'sso', Credentials: {AccessKeyId: 'ASIAOLDOLDOLDOLDOLD0', SecretAccessKey: 's', SessionToken: 't', Expiration: soon}}),
      )
      const refreshed = await run(['--profile', 'my-sso-profile'])
      expect(refreshed.code).to.equal(0)
      expect(JSON.parse(refreshed.stdout).AccessKeyId).to.not.equal('ASIAOLDOLDOLDOLDOLD0')
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)

      // Skipping the token cache too means a new login for a legacy profile (no refresh token).
      ctx.emu.setAutoApprove(true)
      const forced = await run(['--profile', 'my-sso-profile', '--force-refresh'], {
        BROWSER: join(repoRoot, 'test', 'support', 'browser-record.mjs'),
      })
      ctx.emu.setAutoApprove(false)
      expect(forced.code, forced.stderr).to.equal(0)
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(2)
      expect(ctx.emu.stats().StartDeviceAuthorization).to.equal(2)
      expect(JSON.parse(forced.stdout).AccessKeyId).to.not.equal(JSON.parse(refreshed.stdout).AccessKeyId)
    })

    for (const [name, content] of [
      ['truncated', '{"ProviderType":"sso","Credentials":{"AccessKeyId":"ASIA'],
      ['empty', ''],
      ['not an object', '[1,2,3]'],
      ['missing fields', '{"ProviderType":"sso","Credentials":{"AccessKeyId":"ASIAXXXXXXXXXXXXXXXX"}}'],
    ] as const) {
      it(`treats a ${name} role-credential cache file as absent and replaces it`, async () => {
        writeConfig(ctx.home, legacyProfile())
        writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
        const cachePath = credsCachePath(ctx.home, {startUrl: START_URL})
        mkdirSync(join(ctx.home, '.aws', 'cli', 'cache'), {recursive: true})
        writeFileSync(cachePath, content)
        const result = await run(['--profile', 'my-sso-profile'])
        expect(result.stderr).to.equal('')
        expect(result.code).to.equal(0)
        expect(result.stdout).to.match(OUTPUT)
        expect((readJson(cachePath).Credentials as Record<string, string>).AccessKeyId).to.equal(JSON.parse(result.stdout).AccessKeyId)
      })
    }

    it('treats a corrupt token file as absent: with --no-login it asks for a login', async () => {
      writeConfig(ctx.home, legacyProfile())
      const tokenPath = writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      writeFileSync(tokenPath, '{"accessToken": "abc", "expiresAt": ')
      const result = await run(['--profile', 'my-sso-profile', '--no-login'])
      expect(result.code).to.equal(1)
      expect(result.stdout).to.equal('')
      expect(result.stderr.trim().split('\n')).to.have.length(1)
      expect(result.stderr).to.contain('aws-sso-util login --profile my-sso-profile')
      expect(readFileSync(tokenPath, 'utf8')).to.equal('{"accessToken": "abc", "expiresAt": ')
    })
  })
}
