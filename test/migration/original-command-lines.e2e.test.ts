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
import {
  BASE_CONFIG,
  lines,
  OTHER_START_URL,
  PARITY_ADMIN_OR_READ_ONLY,
  PARITY_FIXTURE,
  PARITY_ROLE_FLAGS,
  PARITY_ROLES,
  PARITY_START_URL,
  TWO_INSTANCES_CONFIG,
} from './fixture.js'

const describeResult = (r: CliResult) => `exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(0, 3000)}\n--- stderr\n${r.stderr}`

// What the original's `configure profile p1 -a 123456789012 -r ReadOnly --region us-west-2` appended.
const P1_SECTION = `[profile p1]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-west-2
credential_process = aws-sso-util credential-process --profile p1
`

/** A profile name on the credential_process line, quoted where a shell would split it, as Python's shlex.quote does. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`)

/** A section the original's `configure populate` wrote. */
const populated = (name: string, accountName: string, accountId: string, role: string, region = 'us-east-1') => `[profile ${name}]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_name = ${accountName}
sso_account_id = ${accountId}
sso_role_name = ${role}
region = ${region}
credential_process = aws-sso-util credential-process --profile ${shellWord(name)}
sso_auto_populated = true
`

/** The original's `configure populate -r us-east-1` over BASE_CONFIG, byte for byte. */
const ORIGINAL_POPULATED = `${BASE_CONFIG}
${populated('Finance-&-Ops-/-EU.Billing+Admin@x', 'Finance & Ops / EU', '345678901234', 'Billing+Admin@x')}
${populated('Finance-&-Ops-/-EU.ReadOnly', 'Finance & Ops / EU', '345678901234', 'ReadOnly')}
${populated('Prod-Account-(Main).AdminRole', 'Prod Account (Main)', '234567890123', 'AdminRole')}
${populated('Prod-Account-(Main).ReadOnly', 'Prod Account (Main)', '234567890123', 'ReadOnly')}
${populated('Prod-Account-(Main).power.user', 'Prod Account (Main)', '234567890123', 'power.user')}
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

/** What a command line must do: exit with `code`; print `stdout` exactly, or matching a pattern (a function gets the emulator's URL). */
interface Expected {
  code: number
  stdout?: ((emuUrl: string) => RegExp) | RegExp | string
  /** The lines stdout starts with. */
  firstLines?: string[]
  env?: Record<string, string | undefined>
}

/** A row of the table: one command line in a fresh parity HOME (BASE_CONFIG and logged in unless it says otherwise), and what else it must leave. */
interface Row extends Expected {
  title: string
  args: string[]
  config?: string
  loggedIn?: boolean
  alsoExpect?: (r: CliResult) => void
}

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

  async function expectCli(args: string[], {code, env, firstLines, stdout}: Expected): Promise<CliResult> {
    const r = await cli(args, env)
    expect(r.code, describeResult(r)).to.equal(code)
    const wanted = typeof stdout === 'function' ? stdout(ctx.emu.url) : stdout
    if (typeof wanted === 'string') expect(r.stdout, describeResult(r)).to.equal(wanted)
    else if (wanted) expect(r.stdout, describeResult(r)).to.match(wanted)
    if (firstLines) expect(r.stdout.split('\n').slice(0, firstLines.length), describeResult(r)).to.deep.equal(firstLines)
    return r
  }

  /** One test a row, titled with its row number. */
  function rows(table: Row[]): void {
    for (const {args, config = BASE_CONFIG, loggedIn, alsoExpect, title, ...expected} of table) {
      it(title, async () => {
        await given(config, {loggedIn})
        const r = await expectCli(args, expected)
        alsoExpect?.(r)
      })
    }
  }

  describe('roles', () => {
    rows([
      {title: '#64 [roles] roles (doc: configure.md): the original’s columns, header, alignment and order', args: ['roles'], code: 0, stdout: PARITY_ROLES},
      {
        title: '#65 [roles] roles --sort-by role,name (doc: configure.md): the sort keys’ columns first',
        args: ['roles', '--sort-by', 'role,name'],
        code: 0,
        firstLines: [
          'Role name            Account name        Account ID  ',
          "AdminRole            O'Brien sandbox     222222222222",
          'AdminRole            Prod Account (Main) 234567890123',
        ],
      },
      {
        title: '#66 [roles] roles --sort-by id,role: three columns, the original’s header text',
        args: ['roles', '--sort-by', 'id,role'],
        code: 0,
        firstLines: ['Account ID   Account name        Role name           ', '111111111111 shared-services     AdminRole           '],
      },
      {
        title: '#67 [roles] roles --sep , (doc: configure.md): three fields, the portal’s order',
        args: ['roles', '--sep', ','],
        code: 0,
        firstLines: [
          'Account name,Account ID,Role name',
          'dev,123456789012,MyLeastPrivilegeRole',
          'dev,123456789012,ReadOnly',
          'Prod Account (Main),234567890123,AdminRole',
        ],
        alsoExpect: (r) => expect(r.stdout.trim().split('\n')).to.have.length(12),
      },
      {title: '#68 [roles] --no-header', args: ['roles', '--no-header'], code: 0, stdout: PARITY_ROLES.slice(PARITY_ROLES.indexOf('\n') + 1)},
      {title: '#70 [populate: partial -u] roles -u d-1234: part of the configured start URL', args: ['roles', '-u', 'd-1234'], code: 0, stdout: PARITY_ROLES},
      {
        title: '#71 [roles] -a 123456789012 (different on purpose: the account name where the original printed UNKNOWN)',
        args: ['roles', '-a', '123456789012'],
        code: 0,
        stdout: lines(
          'Account name Account ID   Role name           ',
          'dev          123456789012 MyLeastPrivilegeRole',
          'dev          123456789012 ReadOnly            ',
        ),
      },
      {
        title: '#73 [roles] --account (hidden alias)',
        args: ['roles', '--account', '123456789012', '--sep', ',', '--no-header'],
        code: 0,
        stdout: lines('dev,123456789012,MyLeastPrivilegeRole', 'dev,123456789012,ReadOnly'),
      },
      {
        title: '#74 [roles] -r ^Admin --role-name ReadOnly',
        args: ['roles', ...PARITY_ADMIN_OR_READ_ONLY.args],
        code: 0,
        stdout: PARITY_ADMIN_OR_READ_ONLY.stdout,
      },
      {title: '#76 [cli: -v] roles -v', args: ['roles', '-v'], code: 0, stdout: PARITY_ROLES},
    ])

    it('#69 [roles] -u URL --sso-region R; AWS_DEFAULT_SSO_* env; the instance from the config', async () => {
      await given(BASE_CONFIG)
      await expectCli(['roles', '-u', PARITY_START_URL, '--sso-region', 'us-east-1'], {code: 0, stdout: PARITY_ROLES})
      writeConfig(ctx.home, '')
      await expectCli(['roles'], {code: 0, stdout: PARITY_ROLES, env: {AWS_DEFAULT_SSO_START_URL: PARITY_START_URL, AWS_DEFAULT_SSO_REGION: 'us-east-1'}})
    })

    it('#72 [roles] -a 1234 / -a 9012 / -a Prod: prefix, suffix, name pattern (doc: configure.md)', async () => {
      await given(BASE_CONFIG)
      const ids = async (...args: string[]) => {
        const r = await expectCli(['roles', '--sep', ',', '--no-header', ...args], {code: 0})
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
  })

  describe('check', () => {
    rows([
      {title: '#79 [check] check: 0', args: ['check'], code: 0},
      {title: '#80 [check] no instance: 101', config: '[default]\nregion = us-east-1\n', loggedIn: false, args: ['check'], code: 101},
      {title: '#81 [check] two instances, none chosen: 103', config: TWO_INSTANCES_CONFIG, args: ['check'], code: 103},
      {title: '#82 [check] -u nomatch: 102', config: TWO_INSTANCES_CONFIG, args: ['check', '-u', 'nomatch'], code: 102},
      {
        title: '#83 [populate: partial -u] check -u other-org: the other instance found, not logged in: 201',
        config: TWO_INSTANCES_CONFIG,
        args: ['check', '-u', 'other-org'],
        code: 201,
      },
      {title: '#84 [check] -a 999999999999: 202', args: ['check', '-a', '999999999999'], code: 202},
      {title: '#85 [check] -r NoSuchRole: 203', args: ['check', '-r', 'NoSuchRole'], code: 203},
      {
        title: '#86 [check] -a 123456789012 -r AdminRole (a role of other accounts only): 204',
        args: ['check', '-a', '123456789012', '-r', 'AdminRole'],
        code: 204,
      },
      {title: '#88 [check] --check-profile base: 0', args: ['check', '--check-profile', 'base'], code: 0},
      {title: '#89 [check] not logged in: 201', loggedIn: false, args: ['check'], code: 201},
      {title: '#90 [check] --skip-token-check: 0 without a token', loggedIn: false, args: ['check', '--skip-token-check'], code: 0},
    ])

    it('#78 [check] check with ~/.aws/sso/cache 0755 (as botocore leaves it under umask 022): 0, at most a warning', async () => {
      await given(BASE_CONFIG)
      chmodSync(join(ctx.home, '.aws', 'sso', 'cache'), 0o755)
      const r = await expectCli(['check'], {code: 0})
      expect(r.stdout).to.not.contain('FAIL')
    })

    it('#91 [check] --account (hidden alias of --account-id)', async () => {
      await given(BASE_CONFIG)
      await expectCli(['check', '--account', '999999999999'], {code: 202})
      await expectCli(['check', '--account', '123456789012', '-r', 'ReadOnly'], {code: 0})
    })

    it('#87 [check] -a … -r … -q / --quiet (doc: check.md): 0, silent', async () => {
      await given(BASE_CONFIG)
      for (const q of ['-q', '--quiet']) {
        const r = await expectCli(['check', '-a', '123456789012', '-r', 'ReadOnly', q], {code: 0})
        expect(r.stdout + r.stderr).to.equal('')
      }
    })

    it('#95 [cli: -v] check -v / -vvv (doc: check.md)', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '-vvv']) await expectCli(['check', v], {code: 0})
    })
  })

  describe('login / logout', () => {
    rows([
      {title: "#49 [populate: partial -u] login 'd-12.*890': a pattern, as the original matched it", args: ['login', 'd-12.*890'], code: 0},
      {
        title: '#60 [logout] logout (1 instance): Logout call, token removed',
        args: ['logout'],
        code: 0,
        alsoExpect() {
          expect(ctx.emu.stats().Logout).to.equal(1)
          expect(existsSync(tokenFile(ctx.home, PARITY_START_URL))).to.equal(false)
        },
      },
    ])

    it('#46 [login] login (doc: login.md): no request with a valid token', async () => {
      await given(BASE_CONFIG)
      const before = JSON.stringify(ctx.emu.stats())
      await expectCli(['login'], {code: 0})
      expect(JSON.stringify(ctx.emu.stats())).to.equal(before)
    })

    it('#48 [login] login <part of the start URL> (doc: login.md: login bar)', async () => {
      await given(BASE_CONFIG)
      for (const part of ['d-1234', '1234567890.aws']) await expectCli(['login', part], {code: 0})
    })

    it('#54 [login] login --headless (doc: login.md): prints the URL with the code, then logs in', async () => {
      await given(BASE_CONFIG, {loggedIn: false})
      ctx.emu.setAutoApprove(true)
      const r = await expectCli(['login', '--headless'], {code: 0, env: loginEnv(ctx.emu, ctx.home, {browser: 'none'})})
      expect(r.stdout + r.stderr).to.match(/user_code=[A-Z]{4}-[A-Z]{4}/)
      expect(existsSync(tokenFile(ctx.home, PARITY_START_URL))).to.equal(true)
    })

    it('#56 [cli: -v] login -v / --verbose / -vvv (doc: login.md, check.md)', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '--verbose', '-vvv']) await expectCli(['login', v], {code: 0})
    })

    it('#58 [populate: partial -u] AWS_DEFAULT_SSO_START_URL=other-org login: the matching configured instance', async () => {
      await given(TWO_INSTANCES_CONFIG)
      ctx.emu.setAutoApprove(true)
      await expectCli(['login', '--headless'], {code: 0, env: {...loginEnv(ctx.emu, ctx.home, {browser: 'none'}), AWS_DEFAULT_SSO_START_URL: 'other-org'}})
      expect(existsSync(tokenFile(ctx.home, OTHER_START_URL))).to.equal(true)
    })

    it('#61 [logout] logout (2 instances): every cached session ends, as the original', async () => {
      await given(TWO_INSTANCES_CONFIG)
      writeTokenFile(ctx.home, OTHER_START_URL, await issueToken(ctx.emu, {startUrl: OTHER_START_URL}), {startUrl: OTHER_START_URL})
      await expectCli(['logout'], {code: 0})
      expect(ctx.emu.stats().Logout).to.equal(2)
      const left = listDir(join(ctx.home, '.aws', 'sso', 'cache'))
      expect(left).to.not.include(`${sha1(PARITY_START_URL)}.json`)
      expect(left).to.not.include(`${sha1(OTHER_START_URL)}.json`)
    })

    it('#62 [cli: -v] logout -v / --verbose', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '--verbose']) await expectCli(['logout', v], {code: 0})
    })
  })

  describe('configure profile / populate', () => {
    const appendsP1 = () => expect(config()).to.equal(`${BASE_CONFIG}\n${P1_SECTION}`)
    const populate = ['configure', 'populate', '-u', PARITY_START_URL, '--sso-region', 'us-east-1']

    rows([
      {
        title: '#9 [configure] configure profile … -c output=yaml (doc: configure.md)',
        args: ['configure', 'profile', 'p1', ...PARITY_ROLE_FLAGS, '--region', 'us-west-2', '-c', 'output=yaml', '--non-interactive'],
        code: 0,
        alsoExpect() {
          // The original wrote `output` before `credential_process`; the keys and values are what count.
          const written = config()
          expect(written.startsWith(`${BASE_CONFIG}\n[profile p1]\n`)).to.equal(true)
          const keys = (section: string) => section.trim().split('\n').sort()
          expect(keys(written.slice(BASE_CONFIG.length))).to.deep.equal(keys(`${P1_SECTION}output = yaml\n`))
        },
      },
      {
        title: '#16 [instance-from-config] configure profile p1 -a -r --region, the instance only in the config',
        args: ['configure', 'profile', 'p1', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', '--non-interactive'],
        code: 0,
        alsoExpect: appendsP1,
      },
      {
        title: '#17 [populate: partial -u] configure profile p1 -u d-1234 …',
        args: ['configure', 'profile', 'p1', '-u', 'd-1234', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', '--non-interactive'],
        code: 0,
        alsoExpect: appendsP1,
      },
      {
        title: '#19 [configure] configure profile default … (doc: run-as.md): a [default] every SDK reads',
        args: ['configure', 'profile', 'default', ...PARITY_ROLE_FLAGS, '--region', 'us-west-2', '--non-interactive'],
        code: 0,
        alsoExpect: () => expect(config()).to.match(/^\[(profile )?default\]\nsso_start_url = /m),
      },
      {
        title: '#21 [cli: -v] configure profile … -v',
        args: ['configure', 'profile', 'p1', ...PARITY_ROLE_FLAGS, '--region', 'us-west-2', '--non-interactive', '-v'],
        code: 0,
        alsoExpect: appendsP1,
      },
      {
        title: '#26 [instance-from-config] configure populate -r us-east-1, the instance only in the config: the original’s sections',
        args: ['configure', 'populate', '-r', 'us-east-1'],
        code: 0,
        alsoExpect() {
          for (const [name, account, id, role] of [
            ['dev.ReadOnly', 'dev', '123456789012', 'ReadOnly'],
            ['shared-services.AdminRole', 'shared-services', '111111111111', 'AdminRole'],
          ]) {
            expect(config()).to.contain(populated(name, account, id, role))
          }
        },
      },
      {
        title: '#27 [populate: partial -u] configure populate -u d-1234567890 -r us-east-1',
        args: ['configure', 'populate', '-u', 'd-1234567890', '-r', 'us-east-1'],
        code: 0,
        alsoExpect: () => expect(config()).to.contain(populated('dev.ReadOnly', 'dev', '123456789012', 'ReadOnly')),
      },
      {
        title: '#25 [populate] configure populate --raw-account-names is accepted',
        args: [...populate, '-r', 'us-east-1', '--raw-account-names'],
        code: 0,
        alsoExpect: () => expect(sections(config())).to.include.members(['dev.ReadOnly', 'shared-services.AdminRole']),
      },
      {
        title: '#30 [populate] GovCloud and China regions: the original’s short names (gov…, cn…)',
        args: [...populate, '-r', 'us-gov-west-1', '-r', 'us-gov-east-1', '-r', 'cn-north-1'],
        code: 0,
        alsoExpect: () => expect(sections(config())).to.include.members(['dev.ReadOnly', 'dev.ReadOnly.govea1', 'dev.ReadOnly.cnno1']),
      },
      {title: '#44 [cli: -v] configure populate … -v', args: [...populate, '-r', 'us-east-1', '-v'], code: 0},
    ])

    it('#39 [populate] --account-name-case capitalize/title, --role-name-case casefold/title: Python’s semantics', async () => {
      await given(BASE_CONFIG)
      await expectCli([...populate, '-r', 'us-east-1', '--account-name-case', 'capitalize', '--role-name-case', 'casefold'], {code: 0})
      expect(sections(config())).to.include.members(['Dev.readonly', 'Dev.myleastprivilegerole', 'Shared-services.adminrole'])
      writeConfig(ctx.home, BASE_CONFIG)
      await expectCli([...populate, '-r', 'us-east-1', '--account-name-case', 'title', '--role-name-case', 'title'], {code: 0})
      expect(sections(config())).to.include.members(['Dev.Readonly', 'Shared-Services.Myleastprivilegerole'])
    })

    for (const prune of [false, true]) {
      it(`#45 [populate] ours over a config the original populated${prune ? ', with --prune' : ''}: nothing renamed, nothing lost, nothing twice`, async () => {
        await given(ORIGINAL_POPULATED)
        await expectCli(['configure', 'populate', '-r', 'us-east-1', '-u', PARITY_START_URL, '--sso-region', 'us-east-1', ...(prune ? ['--prune'] : [])], {
          code: 0,
        })
        expect(sections(config())).to.include.members(sections(ORIGINAL_POPULATED))
        // Among the profiles populate writes (a hand-written one for the same role, like [profile base], is the user's own).
        const all = targets(config(), {populatedOnly: true})
        expect(all, 'each account/role/region once').to.deep.equal([...new Set(all)])
      })
    }
  })

  describe('run-as', () => {
    const run7 = ['--', 'sh', '-c', 'test -n "$AWS_ACCESS_KEY_ID" && test "$AWS_DEFAULT_REGION" = us-west-2 && exit 7']

    rows([
      {
        title: '#96 [serve-exec] run-as -u -sso-region -a -r --region -- CMD: the exit code passed through',
        args: ['run-as', ...PARITY_ROLE_FLAGS, '--region', 'us-west-2', ...run7],
        code: 7,
      },
      {
        title: '#97 [serve-exec] run-as … python3 -c … --output yaml (doc: run-as.md): the options belong to the command',
        args: ['run-as', ...PARITY_ROLE_FLAGS, 'python3', '-c', 'import sys; print(sys.argv[1:])', '--output', 'yaml'],
        code: 0,
        stdout: "['--output', 'yaml']\n",
      },
      {
        title: '#98 [instance-from-config] run-as -a -r -- CMD, the instance only in the config',
        args: ['run-as', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', ...run7],
        code: 7,
      },
      {
        title: '#99 [instance-from-config] run-as -a -r -- CMD with AWS_DEFAULT_SSO_START_URL/_REGION',
        config: '',
        args: ['run-as', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-west-2', ...run7],
        env: {AWS_DEFAULT_SSO_START_URL: PARITY_START_URL, AWS_DEFAULT_SSO_REGION: 'us-east-1'},
        code: 7,
      },
      {title: '#103 [cli: -v] run-as -v …', args: ['run-as', '-v', ...PARITY_ROLE_FLAGS, '--region', 'us-west-2', ...run7], code: 7},
    ])
  })

  describe('console', () => {
    const launch = ['console', 'launch', ...PARITY_ROLE_FLAGS]
    // The original's `console get-config-token -a 123456789012 -r ReadOnly` for the parity instance.
    const originalConfigToken =
      'eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8vZC0xMjM0NTY3ODkwLmF3c2FwcHMuY29tL3N0YXJ0Iiwic3NvcmVnIjoidXMtZWFzdC0xIiwidXJsIjoiaHR0cHM6Ly9zaWduaW4uYXdzLmFtYXpvbi5jb20vZmVkZXJhdGlvbiIsImRzdCI6Imh0dHBzOi8vY29uc29sZS5hd3MuYW1hem9uLmNvbS8iLCJhY2MiOiIxMjM0NTY3ODkwMTIiLCJyb2wiOiJSZWFkT25seSJ9'
    // Python's json.dumps defaults, as the token in console.md was made; its keys, this instance's values.
    const longKeyBody = `{"version": "1", "sso_start_url": "${PARITY_START_URL}", "sso_region": "us-east-1", "federation_endpoint": "https://signin.aws.amazon.com/federation", "destination": "https://console.aws.amazon.com/lambda/home#/functions/my-function?tab=code", "account_id": "123456789012", "role_name": "ReadOnly"}`

    rows([
      {
        title: '#105 [console] console launch … --region us-west-2 --destination "/lambda/home#/functions" -p (doc: console.md)',
        args: [...launch, '--region', 'us-west-2', '--destination', '/lambda/home#/functions', '-p'],
        code: 0,
        stdout: SIGN_IN_URL,
        alsoExpect: (r) => expect(decodeURIComponent(new URL(r.stdout.trim()).searchParams.get('Destination') ?? '')).to.contain('/lambda/home'),
      },
      {title: '#108 [console] --duration 60 (minutes)', args: [...launch, '--duration', '60', '-p'], code: 0, stdout: SIGN_IN_URL},
      {title: '#109 [console] -l --open', args: [...launch, '-l', '--open'], env: {BROWSER: 'true'}, code: 0},
      {title: '#112 [console] --keep-region-in-destination', args: [...launch, '--keep-region-in-destination', '-p'], code: 0},
      {
        title: '#115 [instance-from-config] console launch -a -r, the instance only in the config',
        args: ['console', 'launch', '-a', '123456789012', '-r', 'ReadOnly', '-p'],
        code: 0,
        stdout: SIGN_IN_URL,
      },
      {title: '#116 [cli: -v] console launch -v', args: [...launch, '-p', '-v'], code: 0},
      {
        title: '#117 [console] console get-config-token (doc: console.md): a token with the original’s keys',
        args: ['console', 'get-config-token', ...PARITY_ROLE_FLAGS],
        code: 0,
        alsoExpect(r) {
          const payload = JSON.parse(Buffer.from(r.stdout.trim(), 'base64').toString('utf8'))
          expect(payload).to.include({ssourl: PARITY_START_URL, ssoreg: 'us-east-1', acc: '123456789012', rol: 'ReadOnly'})
        },
      },
      {
        title: '#118 [console] console launch-from-config --config-token (doc: console.md), a token the original printed',
        args: ['console', 'launch-from-config', '--config-token', originalConfigToken, '-p'],
        code: 0,
        stdout: SIGN_IN_URL,
      },
      {
        title: '#120 [console] a long-key config token, the form console.md prints',
        args: ['console', 'launch', '--config-token', Buffer.from(longKeyBody).toString('base64'), '-p'],
        code: 0,
        stdout: SIGN_IN_URL,
      },
    ])

    it('#106/#107 [console] -o/--open/--no-open, -p/--print/--no-print', async () => {
      await given(BASE_CONFIG)
      for (const flags of [['--no-open', '--print'], ['-p'], ['--print', '--no-open']]) await expectCli([...launch, ...flags], {code: 0, stdout: SIGN_IN_URL})
      for (const flags of [['-o'], ['--open', '--no-print']]) await expectCli([...launch, ...flags], {code: 0, env: {BROWSER: 'true'}})
    })
  })

  describe('credential-process', () => {
    rows([
      {
        title: '#121 [credential-process] credential-process --profile base: one JSON line',
        args: ['credential-process', '--profile', 'base'],
        code: 0,
        alsoExpect: (r) => expect(JSON.parse(r.stdout)).to.include({Version: 1}),
      },
      {
        title: '#127 (different on purpose) logged out with --no-login: the original’s exit 1 and no login',
        loggedIn: false,
        args: ['credential-process', '--profile', 'base', '--no-login'],
        code: 1,
        stdout: '',
        alsoExpect: () => expect(ctx.emu.stats().StartDeviceAuthorization ?? 0).to.equal(0),
      },
    ])

    it('#126 [cli: -v] credential-process --profile base -v / --verbose: still only the JSON line on stdout', async () => {
      await given(BASE_CONFIG)
      for (const v of ['-v', '--verbose']) {
        const r = await expectCli(['credential-process', '--profile', 'base', v], {code: 0})
        expect(r.stdout.trim().split('\n')).to.have.length(1)
        expect(JSON.parse(r.stdout)).to.include({Version: 1})
      }
    })
  })

  describe('top level', () => {
    rows([
      {
        title: 'NX01 [cli: did-you-mean] a stray argument: the hint never repeats the failing command line',
        args: ['credential-process', 'extra'],
        code: 2,
        alsoExpect: (r) => expect(r.stderr).to.not.contain('Did you mean `aws-sso-util credential-process extra`'),
      },
    ])

    it('#1 [cli] --version prints the bare version', async () => {
      await expectCli(['--version'], {code: 0, stdout: /^\d+\.\d+\.\d+\S*\n$/})
    })

    for (const shell of ['bash', 'zsh', 'fish']) {
      it(`#4 [cli: completion] _AWS_SSO_UTIL_COMPLETE=${shell}_source aws-sso-util (doc: README's rc snippet): a ${shell} script, not help`, async () => {
        const r = await expectCli([], {code: 0, env: {_AWS_SSO_UTIL_COMPLETE: `${shell}_source`}})
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
  })
})
