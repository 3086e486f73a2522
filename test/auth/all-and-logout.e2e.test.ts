import {expect} from 'chai'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {formatLocalTime} from '../../src/lib/auth/messages.js'
import {credentialsPath} from '../../src/lib/cache/credentials-cache.js'
import {cliEnv, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {readJson, sha1, tokenFile, writeConfig} from '../support/sso.js'
import {browserUrls, legacyConfig, lines, listDir, loginEnv, sessionConfig, statsSince} from './helpers.js'

const URL_A = 'https://d-0000000000.awsapps.com/start'
const URL_B = 'https://d-1111111111.awsapps.com/start'
const URL_L = 'https://d-2222222222.awsapps.com/start'

const threeInstances =
  sessionConfig('alpha', URL_A, 'a-dev', '123456789012', 'MyLeastPrivilegeRole') +
  '\n' +
  sessionConfig('beta', URL_B, 'b-prod', '210987654321', 'ReadOnlyAccess') +
  '\n' +
  legacyConfig('legacy', URL_L, '333333333333', 'ReadOnlyAccess')

describe('login --all and logout', function () {
  this.timeout(60_000)
  const ctx = useEmulatorHome({emulator: {autoApprove: true}})

  const ssoCache = () => join(ctx.home, '.aws', 'sso', 'cache')
  const cliCache = () => join(ctx.home, '.aws', 'cli', 'cache')
  const env = () => loginEnv(ctx.emu, ctx.home)
  const credFile = (accountId: string, roleName: string, id: {sessionName?: string; startUrl: string}) =>
    credentialsPath({accountId, roleName, ...id}, cliEnv(ctx.home))

  function writeCred(path: string, body: Record<string, unknown>): string {
    mkdirSync(cliCache(), {recursive: true})
    writeFileSync(path, JSON.stringify(body))
    return path.slice(cliCache().length + 1)
  }

  const sso = (key: string) => ({
    ProviderType: 'sso',
    Credentials: {AccessKeyId: `ASIA${key}`, SecretAccessKey: 's', SessionToken: 't', Expiration: '2099-01-01T00:00:00Z'},
  })

  /** The three instances logged in, and role credentials cached the way AWS CLI v2 caches them. */
  async function loggedInToAll() {
    writeConfig(ctx.home, threeInstances)
    const r = await runCli(['login', '--all'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    const until = (id: string) => formatLocalTime(new Date(readJson(tokenFile(ctx.home, id)).expiresAt as string), 'UTC')
    expect(lines(r.stdout)).to.deep.equal([
      `Login succeeded for sso-session alpha (${URL_A}, us-east-1), valid until ${until('alpha')}`,
      `Login succeeded for sso-session beta (${URL_B}, us-east-1), valid until ${until('beta')}`,
      `Login succeeded for ${URL_L} (us-east-1) from profile legacy, valid until ${until(URL_L)}`,
    ])
    const files = {
      alpha: writeCred(credFile('123456789012', 'MyLeastPrivilegeRole', {sessionName: 'alpha', startUrl: URL_A}), sso('A')),
      // A role of alpha that no profile names (e.g. credential-process with --account-id/--role-name).
      alphaOther: writeCred(credFile('444455556666', 'AdministratorAccess', {sessionName: 'alpha', startUrl: URL_A}), sso('A2')),
      beta: writeCred(credFile('210987654321', 'ReadOnlyAccess', {sessionName: 'beta', startUrl: URL_B}), sso('B')),
      legacy: writeCred(credFile('333333333333', 'ReadOnlyAccess', {startUrl: URL_L}), sso('L')),
      assumeRole: writeCred(join(cliCache(), 'f00dfeed.json'), {Credentials: {AccessKeyId: 'ASIAX'}, AssumedRoleUser: {Arn: 'arn'}}),
    }
    writeFileSync(join(cliCache(), 'notes.txt'), 'not a cache entry')
    return {r, files}
  }

  it('--all logs in to two sso-sessions and a legacy profile, once each; a second run makes no request', async () => {
    await loggedInToAll()
    expect(ctx.emu.stats()).to.include({RegisterClient: 3, Authorize: 2, StartDeviceAuthorization: 1})
    expect(browserUrls(ctx.home).map((u) => new URL(u).pathname)).to.deep.equal(['/authorize', '/authorize', '/device'])
    const tokens = [sha1('alpha'), sha1('beta'), sha1(URL_L)].map((k) => `${k}.json`)
    expect(listDir(ssoCache()).filter((f) => tokens.includes(f))).to.deep.equal([...tokens].sort())
    expect(listDir(ssoCache())).to.have.length(6) // plus one client registration each

    const base = ctx.emu.stats()
    const again = await runCli(['login', '--all'], {home: ctx.home, env: env()})
    expect(again.code).to.equal(0)
    expect(lines(again.stdout)).to.have.length(3)
    expect(again.stderr).to.equal('')
    expect(statsSince(ctx.emu, base)).to.deep.equal({})
  })

  it('without a choice, several instances are a configuration error that names them', async () => {
    writeConfig(ctx.home, threeInstances)
    const r = await runCli(['login'], {home: ctx.home, env: env()})
    expect(r.code).to.equal(2)
    expect(r.stderr).to.equal(
      `3 IAM Identity Center instances found in ${join(ctx.home, '.aws', 'config')}: sso-session alpha (${URL_A}, us-east-1); ` +
        `sso-session beta (${URL_B}, us-east-1); ${URL_L} (us-east-1) from profile legacy. ` +
        'Choose one with --profile, --sso-session or START_URL SSO_REGION, or use --all.\n',
    )
    expect(ctx.emu.stats()).to.deep.equal({})
  })

  it('logout --profile removes that instance’s token and its profiles’ role credentials, and ends the session', async () => {
    const {files} = await loggedInToAll()
    const legacyToken = readJson(tokenFile(ctx.home, URL_L)).accessToken as string
    const ssoBefore = listDir(ssoCache())
    const cliBefore = listDir(cliCache())
    const base = ctx.emu.stats()

    const r = await runCli(['logout', '--profile', 'legacy'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.equal(`Logged out of ${URL_L} (us-east-1): removed 1 token file and 1 cached role credential file.\n`)
    expect(statsSince(ctx.emu, base)).to.deep.equal({Logout: 1})
    expect(listDir(ssoCache())).to.deep.equal(ssoBefore.filter((f) => f !== `${sha1(URL_L)}.json`))
    expect(listDir(cliCache())).to.deep.equal(cliBefore.filter((f) => f !== files.legacy))

    // The server no longer accepts the token.
    const res = await fetch(`${ctx.emu.url}/federation/credentials?role_name=ReadOnlyAccess&account_id=333333333333`, {
      headers: {'x-amz-sso_bearer_token': legacyToken},
    })
    expect(res.status).to.equal(401)
  })

  it('logout --all removes every token and every SSO role credential, nothing else', async () => {
    const {files} = await loggedInToAll()
    const ssoBefore = listDir(ssoCache())
    const base = ctx.emu.stats()
    const r = await runCli(['logout', '--all'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('Logged out of all IAM Identity Center sessions: removed 3 token files and 4 cached role credential files.\n')
    expect(statsSince(ctx.emu, base)).to.deep.equal({Logout: 3})
    const tokens = new Set([sha1('alpha'), sha1('beta'), sha1(URL_L)].map((k) => `${k}.json`))
    expect(listDir(ssoCache())).to.deep.equal(ssoBefore.filter((f) => !tokens.has(f)))
    expect(listDir(ssoCache())).to.have.length(3)
    expect(listDir(cliCache())).to.deep.equal([files.assumeRole, 'notes.txt'].sort())
  })

  it('logout without a choice and several instances configured ends every session, as aws-sso-util 4.33 did', async () => {
    const {files} = await loggedInToAll()
    const base = ctx.emu.stats()
    const r = await runCli(['logout'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.equal('Logged out of all IAM Identity Center sessions: removed 3 token files and 4 cached role credential files.\n')
    expect(statsSince(ctx.emu, base)).to.deep.equal({Logout: 3})
    for (const id of ['alpha', 'beta', URL_L]) expect(listDir(ssoCache())).to.not.include(`${sha1(id)}.json`)
    expect(listDir(cliCache())).to.deep.equal([files.assumeRole, 'notes.txt'].sort())
  })

  it('logout --profile with several instances configured still ends only that one', async () => {
    await loggedInToAll()
    const base = ctx.emu.stats()
    const r = await runCli(['logout', '--profile', 'legacy'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(statsSince(ctx.emu, base)).to.deep.equal({Logout: 1})
    expect(listDir(ssoCache())).to.include.members([`${sha1('alpha')}.json`, `${sha1('beta')}.json`])
    expect(listDir(ssoCache())).to.not.include(`${sha1(URL_L)}.json`)
  })

  it('logout with a single instance in the config removes all SSO role credentials, since only it can have written them', async () => {
    writeConfig(ctx.home, sessionConfig('alpha', URL_A, 'a-dev'))
    const login = await runCli(['login'], {home: ctx.home, env: env()})
    expect(login.code, login.stderr).to.equal(0)
    const mine = writeCred(credFile('123456789012', 'MyLeastPrivilegeRole', {sessionName: 'alpha', startUrl: URL_A}), sso('A'))
    const unnamed = writeCred(credFile('444455556666', 'AdministratorAccess', {sessionName: 'alpha', startUrl: URL_A}), sso('A2'))
    const other = writeCred(join(cliCache(), 'f00dfeed.json'), {Credentials: {AccessKeyId: 'ASIAX'}})
    expect(listDir(cliCache())).to.deep.equal([mine, unnamed, other].sort())
    const registration = listDir(ssoCache()).filter((f) => f !== `${sha1('alpha')}.json`)
    expect(registration).to.have.length(1)

    const r = await runCli(['logout'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal(`Logged out of sso-session alpha (${URL_A}, us-east-1): removed 1 token file and 2 cached role credential files.\n`)
    expect(listDir(cliCache())).to.deep.equal([other])
    expect(listDir(ssoCache())).to.deep.equal(registration)
    expect(ctx.emu.stats().Logout).to.equal(1)

    // Nothing left to remove: still a success, and no request without a token.
    const again = await runCli(['logout'], {home: ctx.home, env: env()})
    expect(again.code).to.equal(0)
    expect(again.stdout).to.equal(`Logged out of sso-session alpha (${URL_A}, us-east-1): removed 0 token files and 0 cached role credential files.\n`)
    expect(ctx.emu.stats().Logout).to.equal(1)
  })

  it('a failed server sign-out still removes the local files, says so, and exits 4', async () => {
    writeConfig(ctx.home, sessionConfig('alpha', URL_A, 'a-dev'))
    expect((await runCli(['login'], {home: ctx.home, env: env()})).code).to.equal(0)
    ctx.emu.setFault({operation: 'Logout', status: 400})
    const r = await runCli(['logout'], {home: ctx.home, env: env()})
    expect(r.code).to.equal(4)
    // A failed logout says nothing on stdout, where a script would read a success.
    expect(r.stdout).to.equal('')
    // One line (F15): what the server said, then what was done here all the same.
    expect(lines(r.stderr)).to.deep.equal([
      `Could not end the session for ${URL_A} on the server: Logout failed: InvalidRequestException: Injected InvalidRequestException. ` +
        `Logged out of sso-session alpha (${URL_A}, us-east-1) locally (removed 1 token file and 0 cached role credential files); the session on the server ends when the token expires.`,
    ])
    expect(listDir(ssoCache()).includes(`${sha1('alpha')}.json`)).to.equal(false)
  })
})
