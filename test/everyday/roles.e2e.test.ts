import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {makeFixture} from '../emulator/server.js'
import {makeTempDir, removeDir, runBin, snapshotTree} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {runPython} from '../support/python.js'
import {emulatorEnv, issueToken, SSO_REGION, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {TmuxPane} from '../support/tmux.js'
import {describeCli, everydayCli} from './support.js'

// Names in a different order than ids, so each --sort-by gives a different listing; one name
// needs CSV quoting.
const base = makeFixture({accounts: 300, rolesPerAccount: 3})
const fixture = {
  ...base,
  accounts: base.accounts.map((a, i) => ({...a, accountName: i === 4 ? 'Team "A", prod' : `acct-${String((i * 7) % 300).padStart(3, '0')}`})),
}
const rows = fixture.accounts.flatMap((a) => a.roles.map((roleName) => ({accountId: a.accountId, accountName: a.accountName, roleName})))
type Row = (typeof rows)[number]

function sorted(order: string): Row[] {
  const field = (r: Row, f: string) => (f === 'id' ? r.accountId : f === 'name' ? r.accountName : r.roleName)
  const fields = [...order.split(','), 'id']
  return [...rows].sort((a, b) => {
    for (const f of fields) {
      if (field(a, f) !== field(b, f)) return field(a, f) < field(b, f) ? -1 : 1
    }

    return 0
  })
}

const ACCOUNT_42 = fixture.accounts[42]
const CONFIG = `[profile ops]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
sso_account_id = ${ACCOUNT_42.accountId}
sso_role_name = PowerUserAccess

[profile ops-too]
sso_session = corp
sso_account_id = ${ACCOUNT_42.accountId}
sso_role_name = PowerUserAccess

[profile elsewhere]
sso_start_url = https://d-9999999999.awsapps.com/start
sso_region = ${SSO_REGION}
sso_account_id = ${ACCOUNT_42.accountId}
sso_role_name = ReadOnlyAccess

[sso-session corp]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
`
const profilesOf = (r: Row) => (r.accountId === ACCOUNT_42.accountId && r.roleName === 'PowerUserAccess' ? ['ops', 'ops-too'] : [])

describe('roles (compiled CLI, 300 accounts × 3 roles, throttled portal)', function () {
  this.timeout(600_000)
  const ctx = useEmulatorHome({scope: 'suite', config: CONFIG, emulator: {fixture}})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const roles = (...args: string[]) => cli(['roles', '--profile', 'ops', ...args])

  before(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  /** Each listing runs with throttling injected, and must still make every call succeed once. */
  async function throttled<T>(fn: () => Promise<T>): Promise<T> {
    ctx.emu.setFault({operation: 'ListAccounts', status: 429, count: 2})
    ctx.emu.setFault({operation: 'ListAccountRoles', status: 429, count: 30})
    const before = ctx.emu.stats().ListAccountRoles ?? 0
    const result = await fn()
    expect((ctx.emu.stats().ListAccountRoles ?? 0) - before, 'one call per account plus one per 429').to.equal(330)
    return result
  }

  it('json, sorted by role then id: all 900 rows with the profiles that point at each', async () => {
    const r = await throttled(() => roles('--output', 'json', '--sort-by', 'role,id'))
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stderr).to.equal('')
    const listed = JSON.parse(r.stdout)
    expect(listed).to.have.length(900)
    expect(listed).to.deep.equal(sorted('role,id').map((row) => ({...row, profiles: profilesOf(row)})))
  })

  it("csv, sorted by account name then role: read back by Python's csv module", async () => {
    const r = await throttled(() => roles('--output', 'csv', '--sort-by', 'name,role'))
    expect(r.code, describeCli(r)).to.equal(0)
    const parsed = await runPython('-c', ['import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))'], {input: r.stdout})
    expect(parsed.status, parsed.stderr).to.equal(0)
    expect(JSON.parse(parsed.stdout)).to.deep.equal([
      ['account_id', 'account_name', 'role_name', 'profiles'],
      ...sorted('name,role').map((row) => [row.accountId, row.accountName, row.roleName, profilesOf(row).join(' ')]),
    ])
    expect(r.stdout).to.contain(`${fixture.accounts[4].accountId},"Team ""A"", prod",AdministratorAccess,\n`)
  })

  it('--output table, sorted by id then role (its default): a header and aligned columns', async () => {
    const r = await throttled(() => roles('--output', 'table'))
    expect(r.code, describeCli(r)).to.equal(0)
    const lines = r.stdout.split('\n')
    expect(lines.pop()).to.equal('')
    expect(lines).to.have.length(901)
    const nameWidth = Math.max(...rows.map((row) => row.accountName.length))
    const expected = [
      `ACCOUNT ID    ${'ACCOUNT NAME'.padEnd(nameWidth)}  ROLE NAME            PROFILES`,
      ...sorted('id,role').map((row) =>
        `${row.accountId}  ${row.accountName.padEnd(nameWidth)}  ${row.roleName.padEnd(19)}  ${profilesOf(row).join(' ')}`.trimEnd(),
      ),
    ]
    expect(lines).to.deep.equal(expected)
  })

  it('--output table with --separator and --no-header, sorted by role then name', async () => {
    const r = await throttled(() => roles('--output', 'table', '--separator', '\t', '--no-header', '--sort-by', 'role,name'))
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal(
      sorted('role,name')
        .map((row) => `${row.accountId}\t${row.accountName}\t${row.roleName}\t${profilesOf(row).join(' ')}\n`)
        .join(''),
    )
  })

  it("-a (repeatable) asks only for those accounts' roles; -r filters by regular expression", async () => {
    const [a, b] = [fixture.accounts[7], fixture.accounts[250]]
    const before = ctx.emu.stats().ListAccountRoles ?? 0
    const r = await roles('-a', b.accountId, '-a', a.accountId, '-r', '^Power', '-r', 'Admin', '--output', 'csv', '--no-header')
    expect(r.code, describeCli(r)).to.equal(0)
    expect((ctx.emu.stats().ListAccountRoles ?? 0) - before).to.equal(2)
    expect(r.stdout).to.equal(
      [a, b].flatMap((acc) => ['AdministratorAccess', 'PowerUserAccess'].map((role) => `${acc.accountId},${acc.accountName},${role},\n`)).join(''),
    )
  })

  it('on a terminal, a progress bar counts the accounts on stderr and is wiped before the listing; piped stderr gets none', async function () {
    requireTools(this, ['tmux'])
    // Slow enough that the bar is seen: 300 calls, 8 at a time, 40 ms each.
    ctx.emu.setFault({operation: 'ListAccountRoles', status: 0, delayMs: 40, count: 300})
    const out = join(ctx.home, 'roles.csv')
    const env: Record<string, string> = {HOME: ctx.home, PATH: process.env.PATH ?? '', TERM: 'xterm', LANG: 'C.UTF-8', OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}
    for (const [k, v] of Object.entries(emulatorEnv(ctx.emu))) if (v !== undefined) env[k] = v
    const pane = new TmuxPane(['sh', '-c', `'${process.execPath}' '${runBin}' roles --profile ops --output csv > '${out}'`], env, ctx.home)
    try {
      const midway = await pane.waitFor(/\[#*\.+\] +\d+\/300 accounts/, 60_000)
      expect(midway).to.not.contain('EXIT=')
      const end = await pane.waitFor(/^EXIT=\d+$/m, 120_000)
      expect(end).to.match(/^EXIT=0$/m)
      // Carriage return and erase-line leave nothing of the bar behind.
      expect(end).to.not.contain('accounts')
      expect(readFileSync(out, 'utf8').trim().split('\n')).to.have.length(901)
    } finally {
      pane.kill()
    }

    ctx.emu.setFault({operation: 'ListAccountRoles', status: 0, delayMs: 40, count: 300})
    const piped = await roles('--output', 'csv')
    expect(piped.code, describeCli(piped)).to.equal(0)
    expect(piped.stderr).to.equal('')
  })

  it('--no-login without a usable token: exit 1 naming the login command, nothing on stdout, no portal call', async () => {
    const empty = makeTempDir()
    try {
      writeConfig(empty, CONFIG)
      const before = ctx.emu.stats()
      const r = await everydayCli(
        () => ctx.emu,
        () => empty,
      )(['roles', '--profile', 'ops', '--no-login'])
      expect(r.code, describeCli(r)).to.equal(1)
      expect(r.stdout).to.equal('')
      // The profile the user named, as credential-process's hint names it.
      expect(r.stderr).to.equal('Login required. Run `aws-sso-util login --profile ops` and try again.\n')
      expect(ctx.emu.stats().ListAccounts ?? 0).to.equal(before.ListAccounts ?? 0)
    } finally {
      removeDir(empty)
    }
  })

  describe('bad input: one line, exit 2, nothing on stdout, nothing written', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--output', 'xml'], /^Expected --output=xml to be one of: table, csv, json\n$/],
      [['--sort-by', 'id'], /^Expected --sort-by=id to be one of: id,role, name,role, role,id, role,name\n$/],
      [['-a', '12345(', '-a', '123456789012'], /^--account-id "12345\(" is neither an account id nor a valid regular expression: .+\.\n$/],
      [['-r', '(unclosed'], /^--role-name "\(unclosed" is not a valid regular expression: .+\.\n$/],
      [['--separator', ''], /^.*--separator.*\n$/],
      [['--profile', 'nosuch'], /^Profile "nosuch" was not found in .+\n$/],
      [['--sso-start-url', 'http://x.example/start', '--sso-region', 'us-east-1'], /^The start URL "http:\/\/x\.example\/start" is not an https URL\. .+\n$/],
    ]
    for (const [args, stderr] of cases) {
      it(args.join(' '), async () => {
        const before = snapshotTree(ctx.home)
        const calls = JSON.stringify(ctx.emu.stats())
        const r = await cli(['roles', ...args])
        expect(r.code, describeCli(r)).to.equal(2)
        expect(r.stdout).to.equal('')
        expect(r.stderr).to.match(stderr)
        expect(snapshotTree(ctx.home)).to.deep.equal(before)
        expect(JSON.stringify(ctx.emu.stats())).to.equal(calls)
      })
    }
  })
})
