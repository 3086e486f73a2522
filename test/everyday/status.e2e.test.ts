import {expect} from 'chai'
import {rmSync} from 'node:fs'
import {join} from 'node:path'

import {formatLocalTime} from '../../src/lib/auth/messages.js'
import {loginEnv, sessionConfig} from '../auth/helpers.js'
import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {readJson, tokenFile} from '../support/sso.js'
import {describeCli, expectRefused} from './support.js'

const URL_A = 'https://d-0000000000.awsapps.com/start'
const URL_L = 'https://d-2222222222.awsapps.com/start'
const CONFIG = `${sessionConfig('alpha', URL_A, 'dev')}
[profile legacy]
sso_start_url = ${URL_L}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnlyAccess
`
const ALPHA = `sso-session alpha (${URL_A}, us-east-1)`
const LEGACY = `${URL_L} (us-east-1) from profile legacy`

describe('status / whoami (compiled CLI): before and after login and logout', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({scope: 'suite', config: CONFIG, emulator: {autoApprove: true}})
  const cli = (args: string[]) => runCli(args, {home: ctx.home, env: {...loginEnv(ctx.emu, ctx.home), TZ: 'UTC'}})
  const until = (id: string) => formatLocalTime(new Date(readJson(tokenFile(ctx.home, id)).expiresAt as string), 'UTC')

  it('walks through a day: nobody logged in, login, credentials, --check, logout', async () => {
    const before = await cli(['status'])
    expect(before.code, describeCli(before)).to.equal(0)
    expect(before.stdout).to.equal(`${ALPHA}: not logged in\n${LEGACY}: not logged in\n`)
    expect(before.stderr).to.equal('')

    const login = await cli(['login', '--sso-session', 'alpha'])
    expect(login.code, describeCli(login)).to.equal(0)
    const loggedIn = await cli(['whoami', '--profile', 'dev'])
    expect(loggedIn.code, describeCli(loggedIn)).to.equal(0)
    expect(loggedIn.stdout).to.equal(
      `${ALPHA}: logged in until ${until('alpha')}, refreshable\n${LEGACY}: not logged in\nprofile dev (123456789012 MyLeastPrivilegeRole): no cached role credentials\n`,
    )
    const stsBefore = ctx.emu.stats().GetCallerIdentity ?? 0
    expect(stsBefore, 'status without --check calls nothing').to.equal(0)

    const checked = await cli(['status', '--profile', 'dev', '--check'])
    expect(checked.code, describeCli(checked)).to.equal(0)
    const lines = checked.stdout.split('\n')
    expect(lines[2]).to.match(/^profile dev \(123456789012 MyLeastPrivilegeRole\): role credentials cached until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)
    expect(lines[3]).to.equal(
      'profile dev: caller identity arn:aws:sts::123456789012:assumed-role/MyLeastPrivilegeRole/user@example.com (account 123456789012)',
    )
    expect(ctx.emu.stats().GetCallerIdentity).to.equal(1)

    const json = await cli(['status', '--profile', 'dev', '--output', 'json'])
    expect(json.code, describeCli(json)).to.equal(0)
    const parsed = JSON.parse(json.stdout)
    expect(parsed.instances).to.deep.equal([
      {
        description: ALPHA,
        startUrl: URL_A,
        region: 'us-east-1',
        sessionName: 'alpha',
        loggedIn: true,
        expiresAt: readJson(tokenFile(ctx.home, 'alpha')).expiresAt,
        refreshable: true,
      },
      {description: LEGACY, startUrl: URL_L, region: 'us-east-1', loggedIn: false, refreshable: false},
    ])
    expect(parsed.profile).to.include({profile: 'dev', accountId: '123456789012', roleName: 'MyLeastPrivilegeRole', credentials: 'valid'})

    const logout = await cli(['logout', '--sso-session', 'alpha'])
    expect(logout.code, describeCli(logout)).to.equal(0)
    const after = await cli(['status', '--profile', 'dev'])
    expect(after.stdout).to.equal(
      `${ALPHA}: not logged in\n${LEGACY}: not logged in\nprofile dev (123456789012 MyLeastPrivilegeRole): no cached role credentials\n`,
    )
  })

  it('--check without a login: exit 1 with the login command, nothing on stdout', async () => {
    rmSync(join(ctx.home, '.aws', 'sso'), {recursive: true, force: true})
    rmSync(join(ctx.home, '.aws', 'cli'), {recursive: true, force: true})
    const r = await cli(['status', '--profile', 'dev', '--check'])
    expect(r.code, describeCli(r)).to.equal(1)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('Login required. Run `aws-sso-util login --profile dev` and try again.\n')
  })

  describe('bad input: one line, exit 2, nothing on stdout, nothing written', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--output', 'yaml'], /^Expected --output=yaml to be one of: text, json\n$/],
      [['--check'], /^--check needs --profile: name the profile whose credentials to check\.\n$/],
      [['--profile', 'nosuch'], /^Profile "nosuch" was not found in .+\n$/],
    ]
    for (const [args, stderr] of cases) {
      it(args.join(' '), async () => {
        await expectRefused(ctx.home, stderr, () => cli(['status', ...args]))
      })
    }
  })
})
