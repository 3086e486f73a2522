/**
 * The command lines users of aws-sso-util 4.33 have in their shell history, rc files and scripts:
 * the rows of docs/migration.md's parity table and the examples of the original's docs, run against
 * the compiled CLI and the emulator. Each expectation is what the original printed, exited with or
 * wrote for the same directory and config (measured by running it against the emulator through
 * AWS_ENDPOINT_URL_SSO); where ours differs on purpose the row says so and docs/migration.md
 * explains it. Titles carry the row number and the area of the code that answers for it.
 */
import {expect} from 'chai'
import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {listDir, loginEnv} from '../auth/helpers.js'
import {type CliResult, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {run} from '../support/run.js'
import {emulatorEnv, issueToken, sha1, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'
import {BASE_CONFIG, OTHER_START_URL, PARITY_FIXTURE, PARITY_START_URL, TWO_INSTANCES_CONFIG} from './fixture.js'

const describeResult = (r: CliResult) => `exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(0, 3000)}\n--- stderr\n${r.stderr}`
const lines = (...rows: string[]) => rows.map((r) => `${r}\n`).join('')

// The original's `roles` for the parity directory.
const ROLES = lines(
  'Account name        Account ID   Role name           ',
  'Finance & Ops / EU  345678901234 Billing+Admin@x     ',
  'Finance & Ops / EU  345678901234 ReadOnly            ',
  "O'Brien sandbox     222222222222 AdminRole           ",
  "O'Brien sandbox     222222222222 DeveloperAccess     ",
  'Prod Account (Main) 234567890123 AdminRole           ',
  'Prod Account (Main) 234567890123 ReadOnly            ',
  'Prod Account (Main) 234567890123 power.user          ',
  'dev                 123456789012 MyLeastPrivilegeRole',
  'dev                 123456789012 ReadOnly            ',
  'shared-services     111111111111 AdminRole           ',
  'shared-services     111111111111 MyLeastPrivilegeRole',
)

// What the original's `configure profile p1 -a 123456789012 -r ReadOnly --region us-west-2` appended.
const P1_SECTION = `[profile p1]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-west-2
credential_process = aws-sso-util credential-process --profile p1
`

/** A section the original's `configure populate` wrote, for names every SDK reads. */
const populated = (name: string, accountName: string, accountId: string, role: string, region = 'us-east-1') => `[profile ${name}]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_name = ${accountName}
sso_account_id = ${accountId}
sso_role_name = ${role}
region = ${region}
credential_process = aws-sso-util credential-process --profile ${name}
sso_auto_populated = true
`

/** The original's `configure populate -r us-east-1` over BASE_CONFIG, byte for byte. */
const ORIGINAL_POPULATED = `${BASE_CONFIG}
[profile Finance-&-Ops-/-EU.Billing+Admin@x]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_name = Finance & Ops / EU
sso_account_id = 345678901234
sso_role_name = Billing+Admin@x
region = us-east-1
credential_process = aws-sso-util credential-process --profile 'Finance-&-Ops-/-EU.Billing+Admin@x'
sso_auto_populated = true

[profile Finance-&-Ops-/-EU.ReadOnly]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_name = Finance & Ops / EU
sso_account_id = 345678901234
sso_role_name = ReadOnly
region = us-east-1
credential_process = aws-sso-util credential-process --profile 'Finance-&-Ops-/-EU.ReadOnly'
sso_auto_populated = true

[profile Prod-Account-(Main).AdminRole]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_name = Prod Account (Main)
sso_account_id = 234567890123
sso_role_name = AdminRole
region = us-east-1
credential_process = aws-sso-util credential-process --profile 'Prod-Account-(Main).AdminRole'
sso_auto_populated = true

[profile Prod-Account-(Main).ReadOnly]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_name = Prod Account (Main)
sso_account_id = 234567890123
sso_role_name = ReadOnly
region = us-east-1
credential_process = aws-sso-util credential-process --profile 'Prod-Account-(Main).ReadOnly'
sso_auto_populated = true

[profile Prod-Account-(Main).power.user]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_name = Prod Account (Main)
sso_account_id = 234567890123
sso_role_name = power.user
region = us-east-1
credential_process = aws-sso-util credential-process --profile 'Prod-Account-(Main).power.user'
sso_auto_populated = true

${populated('dev.MyLeastPrivilegeRole', 'dev', '123456789012', 'MyLeastPrivilegeRole')}
${populated('dev.ReadOnly', 'dev', '123456789012', 'ReadOnly')}
${populated('shared-services.AdminRole', 'shared-services', '111111111111', 'AdminRole')}
${populated('shared-services.MyLeastPrivilegeRole', 'shared-services', '111111111111', 'MyLeastPrivilegeRole')}`

/** Section names of an INI text, in order. */
const sections = (text: string) => [...text.matchAll(/^\[(?:profile )?(.+)\]$/gm)].map((m) => m[1])

/** account/role/region of every SSO profile section, once per section. */
function targets(text: string, options: {populatedOnly?: boolean} = {}): string[] {
  return text
    .split(/^(?=\[)/m)
    .filter((block) => !options.populatedOnly || /^sso_auto_populated = true$/m.test(block))
    .map((block) => {
      const value = (key: string) => new RegExp(`^${key} = (.*)$`, 'm').exec(block)?.[1]
      return value('sso_account_id') && value('sso_role_name') ? `${value('sso_account_id')}/${value('sso_role_name')}/${value('region')}` : ''
    })
    .filter(Boolean)
}

const SIGN_IN_URL = (emuUrl: string) =>
  new RegExp(`^${emuUrl.replaceAll('.', String.raw`\.`)}/federation\\?Action=login&Issuer=[^&]*&Destination=[^&]+&SigninToken=[\\w-]+\\n$`)

describe('aws-sso-util 4.33 command lines (compiled CLI, emulator): the original’s observable result', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({emulator: {fixture: PARITY_FIXTURE}, reset: {fixture: true, autoApprove: true}})

  /** The parity HOME: a config, and (unless loggedIn is false) a token for the parity instance as the original's login left it. */
  async function given(config: string | undefined, options: {loggedIn?: boolean} = {}): Promise<void> {
    if (config !== undefined) writeConfig(ctx.home, config)
    if (options.loggedIn !== false) {
      writeTokenFile(ctx.home, PARITY_START_URL, await issueToken(ctx.emu, {startUrl: PARITY_START_URL}), {startUrl: PARITY_START_URL})
    }
  }

  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(args, {
      home: ctx.home,
      env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SIGNIN: ctx.emu.url, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env},
      timeoutMs: 60_000,
    })
  const config = () => readFileSync(join(ctx.home, '.aws', 'config'), 'utf8')

  describe('roles', () => {
    it('#64 [roles] roles (doc: configure.md): the original’s columns, header, alignment and order', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.equal(ROLES)
    })

    it('#65 [roles] roles --sort-by role,name (doc: configure.md): the sort keys’ columns first', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '--sort-by', 'role,name'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout.split('\n').slice(0, 3)).to.deep.equal([
        'Role name            Account name        Account ID  ',
        "AdminRole            O'Brien sandbox     222222222222",
        'AdminRole            Prod Account (Main) 234567890123',
      ])
    })

    it('#66 [roles] roles --sort-by id,role: three columns, the original’s header text', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '--sort-by', 'id,role'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout.split('\n').slice(0, 2)).to.deep.equal([
        'Account ID   Account name        Role name           ',
        '111111111111 shared-services     AdminRole           ',
      ])
    })

    it('#67 [roles] roles --sep , (doc: configure.md): three fields, the portal’s order', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '--sep', ','])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout.split('\n').slice(0, 4)).to.deep.equal([
        'Account name,Account ID,Role name',
        'dev,123456789012,MyLeastPrivilegeRole',
        'dev,123456789012,ReadOnly',
        'Prod Account (Main),234567890123,AdminRole',
      ])
      expect(r.stdout.trim().split('\n')).to.have.length(12)
    })

    it('#68 [roles] --no-header', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '--no-header'])
      expect(r.stdout).to.equal(ROLES.slice(ROLES.indexOf('\n') + 1))
    })

    it('#69 [roles] -u URL --sso-region R; AWS_DEFAULT_SSO_* env; the instance from the config', async () => {
      await given(BASE_CONFIG)
      const flags = await cli(['roles', '-u', PARITY_START_URL, '--sso-region', 'us-east-1'])
      expect(flags.stdout, describeResult(flags)).to.equal(ROLES)
      writeConfig(ctx.home, '')
      const env = await cli(['roles'], {AWS_DEFAULT_SSO_START_URL: PARITY_START_URL, AWS_DEFAULT_SSO_REGION: 'us-east-1'})
      expect(env.stdout, describeResult(env)).to.equal(ROLES)
    })

    it('#70 [populate: partial -u] roles -u d-1234: part of the configured start URL', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '-u', 'd-1234'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.equal(ROLES)
    })

    it('#71 [roles] -a 123456789012 (different on purpose: the account name where the original printed UNKNOWN)', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '-a', '123456789012'])
      expect(r.stdout, describeResult(r)).to.equal(
        lines(
          'Account name Account ID   Role name           ',
          'dev          123456789012 MyLeastPrivilegeRole',
          'dev          123456789012 ReadOnly            ',
        ),
      )
    })

    it('#72 [roles] -a 1234 / -a 9012 / -a Prod: prefix, suffix, name pattern (doc: configure.md)', async () => {
      await given(BASE_CONFIG)
      const ids = async (...args: string[]) => {
        const r = await cli(['roles', '--sep', ',', '--no-header', ...args])
        expect(r.code, describeResult(r)).to.equal(0)
        return [
          ...new Set(
            r.stdout
              .trim()
              .split('\n')
              .map((l) => l.split(',')[1]),
          ),
        ]
      }

      expect(await ids('-a', '1234')).to.deep.equal(['123456789012', '345678901234'])
      expect(await ids('-a', '9012')).to.deep.equal(['123456789012'])
      expect(await ids('-a', 'Prod')).to.deep.equal(['234567890123'])
    })

    it('#73 [roles] --account (hidden alias)', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '--account', '123456789012', '--sep', ',', '--no-header'])
      expect(r.stdout, describeResult(r)).to.equal(lines('dev,123456789012,MyLeastPrivilegeRole', 'dev,123456789012,ReadOnly'))
    })

    it('#74 [roles] -r ^Admin --role-name ReadOnly', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '-r', '^Admin', '--role-name', 'ReadOnly'])
      expect(r.stdout, describeResult(r)).to.equal(
        lines(
          'Account name        Account ID   Role name',
          'Finance & Ops / EU  345678901234 ReadOnly ',
          "O'Brien sandbox     222222222222 AdminRole",
          'Prod Account (Main) 234567890123 AdminRole',
          'Prod Account (Main) 234567890123 ReadOnly ',
          'dev                 123456789012 ReadOnly ',
          'shared-services     111111111111 AdminRole',
        ),
      )
    })

    it('#76 [cli: -v] roles -v', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['roles', '-v'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.equal(ROLES)
    })
  })

  describe('check', () => {
    it('#78 [check] check with ~/.aws/sso/cache 0755 (as botocore leaves it under umask 022): 0, at most a warning', async () => {
      await given(BASE_CONFIG)
      chmodSync(join(ctx.home, '.aws', 'sso', 'cache'), 0o755)
      const r = await cli(['check'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.not.contain('FAIL')
    })

    it('#79 [check] check: 0', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['check'])
      expect(r.code, describeResult(r)).to.equal(0)
    })

    it('#80 [check] no instance: 101', async () => {
      await given('[default]\nregion = us-east-1\n', {loggedIn: false})
      expect((await cli(['check'])).code).to.equal(101)
    })

    it('#81 [check] two instances, none chosen: 103', async () => {
      await given(TWO_INSTANCES_CONFIG)
      const r = await cli(['check'])
      expect(r.code, describeResult(r)).to.equal(103)
    })

    it('#82 [check] -u nomatch: 102', async () => {
      await given(TWO_INSTANCES_CONFIG)
      const r = await cli(['check', '-u', 'nomatch'])
      expect(r.code, describeResult(r)).to.equal(102)
    })

    it('#83 [populate: partial -u] check -u other-org: the other instance found, not logged in: 201', async () => {
      await given(TWO_INSTANCES_CONFIG)
      const r = await cli(['check', '-u', 'other-org'])
      expect(r.code, describeResult(r)).to.equal(201)
    })

    it('#84 [check] -a 999999999999: 202', async () => {
      await given(BASE_CONFIG)
      expect((await cli(['check', '-a', '999999999999'])).code).to.equal(202)
    })

    it('#85 [check] -r NoSuchRole: 203', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['check', '-r', 'NoSuchRole'])
      expect(r.code, describeResult(r)).to.equal(203)
    })

    it('#86 [check] -a 123456789012 -r AdminRole (a role of other accounts only): 204', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['check', '-a', '123456789012', '-r', 'AdminRole'])
      expect(r.code, describeResult(r)).to.equal(204)
    })

    it('#91 [check] --account (hidden alias of --account-id)', async () => {
      await given(BASE_CONFIG)
      expect((await cli(['check', '--account', '999999999999'])).code).to.equal(202)
      expect((await cli(['check', '--account', '123456789012', '-r', 'ReadOnly'])).code).to.equal(0)
    })

    it('#87 [check] -a … -r … -q / --quiet (doc: check.md): 0, silent', async () => {
      await given(BASE_CONFIG)
      for (const q of ['-q', '--quiet']) {
        const r = await cli(['check', '-a', '123456789012', '-r', 'ReadOnly', q])
        expect(r.code, describeResult(r)).to.equal(0)
        expect(r.stdout + r.stderr).to.equal('')
      }
    })

    it('#88 [check] --check-profile base: 0', async () => {
      await given(BASE_CONFIG)
      expect((await cli(['check', '--check-profile', 'base'])).code).to.equal(0)
    })

    it('#89 [check] not logged in: 201', async () => {
      await given(BASE_CONFIG, {loggedIn: false})
      expect((await cli(['check'])).code).to.equal(201)
    })

    it('#90 [check] --skip-token-check: 0 without a token', async () => {
      await given(BASE_CONFIG, {loggedIn: false})
      expect((await cli(['check', '--skip-token-check'])).code).to.equal(0)
    })

    it('#95 [cli: -v] check -v / -vvv (doc: check.md)', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '-vvv']) {
        const r = await cli(['check', v])
        expect(r.code, describeResult(r)).to.equal(0)
      }
    })
  })

  describe('login / logout', () => {
    it('#46 [login] login (doc: login.md): no request with a valid token', async () => {
      await given(BASE_CONFIG)
      const before = JSON.stringify(ctx.emu.stats())
      const r = await cli(['login'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(JSON.stringify(ctx.emu.stats())).to.equal(before)
    })

    it('#48 [login] login <part of the start URL> (doc: login.md: login bar)', async () => {
      await given(BASE_CONFIG)
      for (const part of ['d-1234', '1234567890.aws']) expect((await cli(['login', part])).code).to.equal(0)
    })

    it("#49 [populate: partial -u] login 'd-12.*890': a pattern, as the original matched it", async () => {
      await given(BASE_CONFIG)
      const r = await cli(['login', 'd-12.*890'])
      expect(r.code, describeResult(r)).to.equal(0)
    })

    it('#54 [login] login --headless (doc: login.md): prints the URL with the code, then logs in', async () => {
      await given(BASE_CONFIG, {loggedIn: false})
      ctx.emu.setAutoApprove(true)
      const r = await cli(['login', '--headless'], loginEnv(ctx.emu, ctx.home, {browser: 'none'}))
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout + r.stderr).to.match(/user_code=[A-Z]{4}-[A-Z]{4}/)
      expect(existsSync(tokenFile(ctx.home, PARITY_START_URL))).to.equal(true)
    })

    it('#56 [cli: -v] login -v / --verbose / -vvv (doc: login.md, check.md)', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '--verbose', '-vvv']) {
        const r = await cli(['login', v])
        expect(r.code, describeResult(r)).to.equal(0)
      }
    })

    it('#58 [populate: partial -u] AWS_DEFAULT_SSO_START_URL=other-org login: the matching configured instance', async () => {
      await given(TWO_INSTANCES_CONFIG)
      ctx.emu.setAutoApprove(true)
      const r = await cli(['login', '--headless'], {...loginEnv(ctx.emu, ctx.home, {browser: 'none'}), AWS_DEFAULT_SSO_START_URL: 'other-org'})
      expect(r.code, describeResult(r)).to.equal(0)
      expect(existsSync(tokenFile(ctx.home, OTHER_START_URL))).to.equal(true)
    })

    it('#60 [logout] logout (1 instance): Logout call, token removed', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['logout'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(ctx.emu.stats().Logout).to.equal(1)
      expect(existsSync(tokenFile(ctx.home, PARITY_START_URL))).to.equal(false)
    })

    it('#61 [logout] logout (2 instances): every cached session ends, as the original', async () => {
      await given(TWO_INSTANCES_CONFIG)
      writeTokenFile(ctx.home, OTHER_START_URL, await issueToken(ctx.emu, {startUrl: OTHER_START_URL}), {startUrl: OTHER_START_URL})
      const r = await cli(['logout'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(ctx.emu.stats().Logout).to.equal(2)
      const left = listDir(join(ctx.home, '.aws', 'sso', 'cache'))
      expect(left).to.not.include(`${sha1(PARITY_START_URL)}.json`)
      expect(left).to.not.include(`${sha1(OTHER_START_URL)}.json`)
    })

    it('#62 [cli: -v] logout -v / --verbose', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '--verbose']) expect((await cli(['logout', v])).code).to.equal(0)
    })
  })

  describe('configure profile / populate', () => {
    it('#9 [configure] configure profile … -c output=yaml (doc: configure.md)', async () => {
      await given(BASE_CONFIG)
      const r = await cli([
        'configure',
        'profile',
        'p1',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-a',
        '123456789012',
        '-r',
        'ReadOnly',
        '--region',
        'us-west-2',
        '-c',
        'output=yaml',
        '--non-interactive',
      ])
      expect(r.code, describeResult(r)).to.equal(0)
      // The original wrote `output` before `credential_process`; the keys and values are what count.
      const written = config()
      expect(written.startsWith(`${BASE_CONFIG}\n[profile p1]\n`)).to.equal(true)
      const keys = (section: string) => section.trim().split('\n').sort()
      expect(keys(written.slice(BASE_CONFIG.length))).to.deep.equal(keys(`${P1_SECTION}output = yaml\n`))
    })

    it('#16 [instance-from-config] configure profile p1 -a -r --region, the instance only in the config', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['configure', 'profile', 'p1', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', '--non-interactive'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(config()).to.equal(`${BASE_CONFIG}\n${P1_SECTION}`)
    })

    it('#17 [populate: partial -u] configure profile p1 -u d-1234 …', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['configure', 'profile', 'p1', '-u', 'd-1234', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', '--non-interactive'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(config()).to.equal(`${BASE_CONFIG}\n${P1_SECTION}`)
    })

    it('#19 [configure] configure profile default … (doc: run-as.md): a [default] every SDK reads', async () => {
      await given(BASE_CONFIG)
      const r = await cli([
        'configure',
        'profile',
        'default',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-a',
        '123456789012',
        '-r',
        'ReadOnly',
        '--region',
        'us-west-2',
        '--non-interactive',
      ])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(config()).to.match(/^\[(profile )?default\]\nsso_start_url = /m)
    })

    it('#21 [cli: -v] configure profile … -v', async () => {
      await given(BASE_CONFIG)
      const r = await cli([
        'configure',
        'profile',
        'p1',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-a',
        '123456789012',
        '-r',
        'ReadOnly',
        '--region',
        'us-west-2',
        '--non-interactive',
        '-v',
      ])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(config()).to.equal(`${BASE_CONFIG}\n${P1_SECTION}`)
    })

    it('#26 [instance-from-config] configure populate -r us-east-1, the instance only in the config: the original’s sections', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['configure', 'populate', '-r', 'us-east-1'])
      expect(r.code, describeResult(r)).to.equal(0)
      for (const [name, account, id, role] of [
        ['dev.ReadOnly', 'dev', '123456789012', 'ReadOnly'],
        ['shared-services.AdminRole', 'shared-services', '111111111111', 'AdminRole'],
      ]) {
        expect(config()).to.contain(populated(name, account, id, role))
      }
    })

    it('#27 [populate: partial -u] configure populate -u d-1234567890 -r us-east-1', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['configure', 'populate', '-u', 'd-1234567890', '-r', 'us-east-1'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(config()).to.contain(populated('dev.ReadOnly', 'dev', '123456789012', 'ReadOnly'))
    })

    it('#25 [populate] configure populate --raw-account-names is accepted', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['configure', 'populate', '-u', PARITY_START_URL, '--sso-region', 'us-east-1', '-r', 'us-east-1', '--raw-account-names'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(sections(config())).to.include.members(['dev.ReadOnly', 'shared-services.AdminRole'])
    })

    it('#30 [populate] GovCloud and China regions: the original’s short names (gov…, cn…)', async () => {
      await given(BASE_CONFIG)
      const r = await cli([
        'configure',
        'populate',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-r',
        'us-gov-west-1',
        '-r',
        'us-gov-east-1',
        '-r',
        'cn-north-1',
      ])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(sections(config())).to.include.members(['dev.ReadOnly', 'dev.ReadOnly.govea1', 'dev.ReadOnly.cnno1'])
    })

    it('#39 [populate] --account-name-case capitalize/title, --role-name-case casefold/title: Python’s semantics', async () => {
      await given(BASE_CONFIG)
      const a = await cli([
        'configure',
        'populate',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-r',
        'us-east-1',
        '--account-name-case',
        'capitalize',
        '--role-name-case',
        'casefold',
      ])
      expect(a.code, describeResult(a)).to.equal(0)
      expect(sections(config())).to.include.members(['Dev.readonly', 'Dev.myleastprivilegerole', 'Shared-services.adminrole'])
      writeConfig(ctx.home, BASE_CONFIG)
      const t = await cli([
        'configure',
        'populate',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-r',
        'us-east-1',
        '--account-name-case',
        'title',
        '--role-name-case',
        'title',
      ])
      expect(t.code, describeResult(t)).to.equal(0)
      expect(sections(config())).to.include.members(['Dev.Readonly', 'Shared-Services.Myleastprivilegerole'])
    })

    it('#44 [cli: -v] configure populate … -v', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['configure', 'populate', '-u', PARITY_START_URL, '--sso-region', 'us-east-1', '-r', 'us-east-1', '-v'])
      expect(r.code, describeResult(r)).to.equal(0)
    })

    for (const prune of [false, true]) {
      it(`#45 [populate] ours over a config the original populated${prune ? ', with --prune' : ''}: nothing renamed, nothing lost, nothing twice`, async () => {
        await given(ORIGINAL_POPULATED)
        const r = await cli(['configure', 'populate', '-r', 'us-east-1', '-u', PARITY_START_URL, '--sso-region', 'us-east-1', ...(prune ? ['--prune'] : [])])
        expect(r.code, describeResult(r)).to.equal(0)
        expect(sections(config())).to.include.members(sections(ORIGINAL_POPULATED))
        // Among the profiles populate writes (a hand-written one for the same role, like [profile base], is the user's own).
        const all = targets(config(), {populatedOnly: true})
        expect(all, 'each account/role/region once').to.deep.equal([...new Set(all)])
      })
    }
  })

  describe('run-as', () => {
    const run7 = ['--', 'sh', '-c', 'test -n "$AWS_ACCESS_KEY_ID" && test "$AWS_DEFAULT_REGION" = us-west-2 && exit 7']

    it('#96 [serve-exec] run-as -u -sso-region -a -r --region -- CMD: the exit code passed through', async () => {
      await given(BASE_CONFIG)
      const r = await cli([
        'run-as',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-a',
        '123456789012',
        '-r',
        'ReadOnly',
        '--region',
        'us-west-2',
        ...run7,
      ])
      expect(r.code, describeResult(r)).to.equal(7)
    })

    it('#97 [serve-exec] run-as … python3 -c … --output yaml (doc: run-as.md): the options belong to the command', async () => {
      await given(BASE_CONFIG)
      const r = await cli([
        'run-as',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-a',
        '123456789012',
        '-r',
        'ReadOnly',
        'python3',
        '-c',
        'import sys; print(sys.argv[1:])',
        '--output',
        'yaml',
      ])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.equal("['--output', 'yaml']\n")
    })

    it('#98 [instance-from-config] run-as -a -r -- CMD, the instance only in the config', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['run-as', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', ...run7])
      expect(r.code, describeResult(r)).to.equal(7)
    })

    it('#99 [instance-from-config] run-as -a -r -- CMD with AWS_DEFAULT_SSO_START_URL/_REGION', async () => {
      await given('', {loggedIn: true})
      const r = await cli(['run-as', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', ...run7], {
        AWS_DEFAULT_SSO_START_URL: PARITY_START_URL,
        AWS_DEFAULT_SSO_REGION: 'us-east-1',
      })
      expect(r.code, describeResult(r)).to.equal(7)
    })

    it('#103 [cli: -v] run-as -v …', async () => {
      await given(BASE_CONFIG)
      const r = await cli([
        'run-as',
        '-v',
        '-u',
        PARITY_START_URL,
        '--sso-region',
        'us-east-1',
        '-a',
        '123456789012',
        '-r',
        'ReadOnly',
        '--region',
        'us-west-2',
        ...run7,
      ])
      expect(r.code, describeResult(r)).to.equal(7)
    })
  })

  describe('console', () => {
    const launch = ['console', 'launch', '-u', PARITY_START_URL, '--sso-region', 'us-east-1', '-a', '123456789012', '-r', 'ReadOnly']

    it('#105 [console] console launch … --region us-west-2 --destination "/lambda/home#/functions" -p (doc: console.md)', async () => {
      await given(BASE_CONFIG)
      const r = await cli([...launch, '--region', 'us-west-2', '--destination', '/lambda/home#/functions', '-p'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.match(SIGN_IN_URL(ctx.emu.url))
      expect(decodeURIComponent(new URL(r.stdout.trim()).searchParams.get('Destination') ?? '')).to.contain('/lambda/home')
    })

    it('#106/#107 [console] -o/--open/--no-open, -p/--print/--no-print', async () => {
      await given(BASE_CONFIG)
      for (const flags of [['--no-open', '--print'], ['-p'], ['--print', '--no-open']]) {
        const r = await cli([...launch, ...flags])
        expect(r.code, describeResult(r)).to.equal(0)
        expect(r.stdout).to.match(SIGN_IN_URL(ctx.emu.url))
      }

      for (const flags of [['-o'], ['--open', '--no-print']]) {
        const r = await cli([...launch, ...flags], {BROWSER: 'true'})
        expect(r.code, describeResult(r)).to.equal(0)
      }
    })

    it('#108 [console] --duration 60 (minutes)', async () => {
      await given(BASE_CONFIG)
      const r = await cli([...launch, '--duration', '60', '-p'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.match(SIGN_IN_URL(ctx.emu.url))
    })

    it('#109 [console] -l --open', async () => {
      await given(BASE_CONFIG)
      const r = await cli([...launch, '-l', '--open'], {BROWSER: 'true'})
      expect(r.code, describeResult(r)).to.equal(0)
    })

    it('#112 [console] --keep-region-in-destination', async () => {
      await given(BASE_CONFIG)
      const r = await cli([...launch, '--keep-region-in-destination', '-p'])
      expect(r.code, describeResult(r)).to.equal(0)
    })

    it('#115 [instance-from-config] console launch -a -r, the instance only in the config', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['console', 'launch', '-a', '123456789012', '-r', 'ReadOnly', '-p'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.match(SIGN_IN_URL(ctx.emu.url))
    })

    it('#116 [cli: -v] console launch -v', async () => {
      await given(BASE_CONFIG)
      const r = await cli([...launch, '-p', '-v'])
      expect(r.code, describeResult(r)).to.equal(0)
    })

    it('#117 [console] console get-config-token (doc: console.md): a token with the original’s keys', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['console', 'get-config-token', '-u', PARITY_START_URL, '--sso-region', 'us-east-1', '-a', '123456789012', '-r', 'ReadOnly'])
      expect(r.code, describeResult(r)).to.equal(0)
      const payload = JSON.parse(Buffer.from(r.stdout.trim(), 'base64').toString('utf8'))
      expect(payload).to.include({ssourl: PARITY_START_URL, ssoreg: 'us-east-1', acc: '123456789012', rol: 'ReadOnly'})
    })

    it('#118 [console] console launch-from-config --config-token (doc: console.md), a token the original printed', async () => {
      await given(BASE_CONFIG)
      // The original's `console get-config-token -a 123456789012 -r ReadOnly` for the parity instance.
      const token =
        'eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8vZC0xMjM0NTY3ODkwLmF3c2FwcHMuY29tL3N0YXJ0Iiwic3NvcmVnIjoidXMtZWFzdC0xIiwidXJsIjoiaHR0cHM6Ly9zaWduaW4uYXdzLmFtYXpvbi5jb20vZmVkZXJhdGlvbiIsImRzdCI6Imh0dHBzOi8vY29uc29sZS5hd3MuYW1hem9uLmNvbS8iLCJhY2MiOiIxMjM0NTY3ODkwMTIiLCJyb2wiOiJSZWFkT25seSJ9'
      const r = await cli(['console', 'launch-from-config', '--config-token', token, '-p'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.match(SIGN_IN_URL(ctx.emu.url))
    })

    it('#120 [console] a long-key config token, the form console.md prints', async () => {
      await given(BASE_CONFIG)
      // Python's json.dumps defaults, as the token in console.md was made; its keys, this instance's values.
      const body = `{"version": "1", "sso_start_url": "${PARITY_START_URL}", "sso_region": "us-east-1", "federation_endpoint": "https://signin.aws.amazon.com/federation", "destination": "https://console.aws.amazon.com/lambda/home#/functions/my-function?tab=code", "account_id": "123456789012", "role_name": "ReadOnly"}`
      const r = await cli(['console', 'launch', '--config-token', Buffer.from(body).toString('base64'), '-p'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(r.stdout).to.match(SIGN_IN_URL(ctx.emu.url))
    })
  })

  describe('credential-process', () => {
    it('#121 [credential-process] credential-process --profile base: one JSON line', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['credential-process', '--profile', 'base'])
      expect(r.code, describeResult(r)).to.equal(0)
      expect(JSON.parse(r.stdout)).to.include({Version: 1})
    })

    it('#126 [cli: -v] credential-process --profile base -v / --verbose: still only the JSON line on stdout', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '--verbose']) {
        const r = await cli(['credential-process', '--profile', 'base', v])
        expect(r.code, describeResult(r)).to.equal(0)
        expect(r.stdout.trim().split('\n')).to.have.length(1)
        expect(JSON.parse(r.stdout)).to.include({Version: 1})
      }
    })

    it('#127 (different on purpose) logged out with --no-login: the original’s exit 1 and no login', async () => {
      await given(BASE_CONFIG, {loggedIn: false})
      const r = await cli(['credential-process', '--profile', 'base', '--no-login'])
      expect(r.code, describeResult(r)).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(ctx.emu.stats().StartDeviceAuthorization ?? 0).to.equal(0)
    })
  })

  describe('top level', () => {
    it('#1 [cli] --version prints the bare version', async () => {
      const r = await cli(['--version'])
      expect(r.code).to.equal(0)
      expect(r.stdout).to.match(/^\d+\.\d+\.\d+\S*\n$/)
    })

    for (const shell of ['bash', 'zsh', 'fish']) {
      it(`#4 [cli: completion] _AWS_SSO_UTIL_COMPLETE=${shell}_source aws-sso-util (doc: README's rc snippet): a ${shell} script, not help`, async () => {
        const r = await cli([], {_AWS_SSO_UTIL_COMPLETE: `${shell}_source`})
        expect(r.code, describeResult(r)).to.equal(0)
        expect(r.stdout).to.not.match(/USAGE|COMMANDS/)
        expect(r.stdout).to.match(/aws-sso-util/)
        if (shell === 'bash') {
          const script = join(ctx.home, 'completion.bash')
          writeFileSync(script, r.stdout)
          const sourced = await run('bash', ['-c', `source '${script}' && complete -p aws-sso-util`], {timeoutMs: 10_000})
          expect(sourced.code, sourced.stderr).to.equal(0)
          expect(sourced.stderr).to.equal('')
        }
      })
    }

    it('NX01 [cli: did-you-mean] a stray argument: the hint never repeats the failing command line', async () => {
      await given(BASE_CONFIG)
      const r = await cli(['credential-process', 'extra'])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.not.contain('Did you mean `aws-sso-util credential-process extra`')
    })
  })
})
