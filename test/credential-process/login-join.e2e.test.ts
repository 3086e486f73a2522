import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, SSO_REGION, START_URL, writeConfig} from '../support/sso.js'

/**
 * The token lock is per instance, not per role: callers for different roles of one instance, and
 * `login` beside credential-process, must share one login. (The per-role lock cannot join them.)
 */
const ROLES: Array<[string, string]> = [
  ['123456789012', 'MyLeastPrivilegeRole'],
  ['123456789012', 'AdministratorAccess'],
  ['210987654321', 'ReadOnlyAccess'],
  ['210987654321', 'PowerUserAccess'],
  ['333333333333', 'ReadOnlyAccess'],
  ['333333333333', 'NetworkAdmin'],
  ['444455556666', 'AdministratorAccess'],
  ['777788889999', 'SecurityAudit'],
]

function legacyProfiles(): string {
  return ROLES.map(
    ([account, role], i) => `[profile r${i}]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${account}\nsso_role_name = ${role}\n`,
  ).join('\n')
}

function sessionProfiles(): string {
  const profiles = ROLES.map(([account, role], i) => `[profile r${i}]\nsso_session = my-sso\nsso_account_id = ${account}\nsso_role_name = ${role}\n`)
  return `${profiles.join('\n')}\n[sso-session my-sso]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\n`
}

describe('one login per instance: different roles and `login` join the same login', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({emulator: {autoApprove: true}})
  let browserLog: string
  const env = () => ({...emulatorEnv(ctx.emu), BROWSER: join(repoRoot, 'test', 'support', 'browser-record.mjs'), BROWSER_LOG: browserLog})
  const tabs = () => readFileSync(browserLog, 'utf8').trim().split('\n').length
  const credentialProcess = (profile: string) => runCli(['credential-process', '--profile', profile], {home: ctx.home, env: env()})

  beforeEach(() => {
    browserLog = join(ctx.home, 'browser.log')
  })

  function expectEachRoleServed(results: Array<{code: number | null; stdout: string; stderr: string}>) {
    for (const r of results) expect(r.code, r.stderr).to.equal(0)
    // Each role its own credentials: one GetRoleCredentials per role, no two outputs alike.
    expect(new Set(results.map((r) => JSON.parse(r.stdout).AccessKeyId)).size).to.equal(ROLES.length)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(ROLES.length)
  }

  it(`device code: ${ROLES.length} roles of one instance at once → one login, one browser tab`, async () => {
    writeConfig(ctx.home, legacyProfiles())
    const results = await Promise.all(ROLES.map((_, i) => credentialProcess(`r${i}`)))
    expectEachRoleServed(results)
    expect(ctx.emu.stats().StartDeviceAuthorization).to.equal(1)
    expect(tabs()).to.equal(1)
  })

  it(`PKCE: ${ROLES.length} roles of one sso-session at once → one authorization, one browser tab`, async () => {
    writeConfig(ctx.home, sessionProfiles())
    const results = await Promise.all(ROLES.map((_, i) => credentialProcess(`r${i}`)))
    expectEachRoleServed(results)
    expect(ctx.emu.stats().Authorize).to.equal(1)
    expect(ctx.emu.stats().StartDeviceAuthorization ?? 0).to.equal(0)
    expect(tabs()).to.equal(1)
  })

  for (const [flow, config, counter] of [
    ['device code', legacyProfiles, 'StartDeviceAuthorization'],
    ['PKCE', sessionProfiles, 'Authorize'],
  ] as const) {
    it(`${flow}: \`login\` and credential-process started together → one login`, async () => {
      writeConfig(ctx.home, config())
      const [login, ...served] = await Promise.all([
        runCli(['login', '--profile', 'r0'], {home: ctx.home, env: env()}),
        credentialProcess('r0'),
        credentialProcess('r1'),
      ])
      expect(login.code, login.stderr).to.equal(0)
      expect(login.stdout).to.match(/^Login succeeded, valid until .+\n$/)
      for (const r of served) expect(r.code, r.stderr).to.equal(0)
      expect(ctx.emu.stats()[counter]).to.equal(1)
      expect(tabs()).to.equal(1)
    })
  }
})
