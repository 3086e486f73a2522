import {expect} from 'chai'
import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parseConfigText, shlexSplit} from '../../src/lib/config/parse.js'
import {describeRun} from '../support/run.js'
import {cli, type Sandbox, useEmulatorSandbox} from '../support/sandbox.js'
import {issueToken, writeTokenFile} from '../support/sso.js'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'original-4.33')
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')
const START = 'https://d-1234567890.awsapps.com/start'

type Sections = Map<string, Record<string, string>>

/**
 * Every `[profile …]` section of a file the original wrote or printed, by the name it meant:
 * shlex-unquoted as botocore reads it, or as written where botocore cannot split the header
 * (`O'Brien-sandbox…`), so those count too. Lines before the first header (its log) are skipped.
 */
function originalSections(text: string): Sections {
  const out: Sections = new Map()
  let current: Record<string, string> | undefined
  for (const line of text.split('\n')) {
    const header = /^\[profile (.*)\]$/.exec(line)
    if (header) {
      current = {}
      out.set(shlexSplit(header[1])?.join(' ') ?? header[1], current)
    } else if (current && /^\w+ = /.test(line)) {
      const [key, ...value] = line.split(' = ')
      current[key] = value.join(' = ')
    }
  }

  return out
}

/** Whether every SDK reads the name back (the rule the CLI applies, restated so the test does not trust it). */
const everySdkReads = (name: string) => /^[\w\-@+.%:/]+$/.test(name) && name !== '__proto__'

const keyOf = (v: Record<string, string>) => `${v.sso_account_id}/${v.sso_role_name}/${v.region}`

/** The note a profile whose name differs from the original's gets. */
const renameNote = (ours: string, v: Record<string, string>, original: string, why: string) =>
  `Profile "${ours}" (${v.sso_account_id}/${v.sso_role_name} in ${v.region}): aws-sso-util 4.33 named it "${original}", which the AWS SDKs cannot read (${why}).`

/**
 * A user of aws-sso-util 4.33 switches: their config, populated by the original (its own output,
 * made by test/configure/fixtures/original-4.33/generate.sh against this emulator and directory),
 * keeps every profile under its name, and the names ours gives are the original's wherever every
 * SDK can read them.
 */
describe('configure populate over a config aws-sso-util 4.33 populated (compiled CLI, emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorSandbox({emulator: {fixture: join(FIXTURES, 'directory.json')}, reset: false, scope: 'suite'})
  const {box} = ctx

  before(async () => {
    writeTokenFile(box.home, START, await issueToken(ctx.emu, {startUrl: START}), {startUrl: START})
  })

  const env = () => box.env({AWS_ENDPOINT_URL_SSO: ctx.emu.url, AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url})
  const run = (...args: string[]) => cli(args, env())
  const populated = fixture('populated.ini')
  const original = originalSections(populated)

  it('M45, M26: a re-run without -u (the only instance) renames nothing, loses nothing, writes no account/role/region twice', async () => {
    box.writeConfig(populated)
    const r = await run('configure', 'populate', '-r', 'us-east-1', '-r', 'eu-west-1')
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(r.stdout).to.equal('')
    const after = box.readConfig()
    const ours = originalSections(after)
    // Nothing lost, nothing renamed: each section the original wrote is still there, values intact.
    for (const [name, values] of original) expect(ours.get(name), name).to.deep.equal(values)
    // The original's O'Brien sections no reader can load stay as they were; their profiles are
    // written once under a name every SDK reads, and a line says so.
    for (const line of populated.split('\n')) expect(after.split('\n')).to.include(line)
    const readable = parseConfigText(after).profiles
    const keys = Object.entries(readable)
      .filter(([, v]) => v.sso_auto_populated === 'true')
      .map(([, v]) => keyOf(v))
    expect(keys.length, 'no account/role/region twice').to.equal(new Set(keys).size)
    expect(keys.length).to.equal(20)
    const added = Object.keys(readable).filter((name) => !original.has(name))
    expect(added).to.deep.equal(['O-Brien-sandbox.AdminRole', 'O-Brien-sandbox.AdminRole.euwe1'])
    expect(r.stderr).to.contain(
      renameNote('O-Brien-sandbox.AdminRole', readable['O-Brien-sandbox.AdminRole'], "O'Brien-sandbox.AdminRole", `it contains "'"`) + '\n',
    )
    expect(r.stderr).to.contain(`Wrote 20 profile(s) (2 new, 0 updated, 18 unchanged) in ${box.configPath}.\n`)
  })

  it('M45 with --prune: removes nothing this run writes again, under any name; a second run changes nothing', async () => {
    box.writeConfig(populated)
    expect((await run('configure', 'populate', '-r', 'us-east-1', '-r', 'eu-west-1')).code).to.equal(0)
    const before = box.readConfig()
    const r = await run('configure', 'populate', '-r', 'us-east-1', '-r', 'eu-west-1', '--prune')
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(r.stderr).to.contain(`No changes: 20 profile(s) (0 new, 0 updated, 20 unchanged) in ${box.configPath}.\n`)
    expect(box.readConfig()).to.equal(before)
  })

  it('--prune keeps an older duplicate of a profile this run writes, and removes only what is gone', async () => {
    const extra = [
      '[profile Prod-Account-Main.AdminRole]',
      `sso_start_url = ${START}`,
      'sso_region = us-east-1',
      'sso_account_id = 222222222222',
      'sso_role_name = AdminRole',
      'region = us-east-1',
      'sso_auto_populated = true',
      '',
      '[profile gone.Role]',
      `sso_start_url = ${START}`,
      'sso_region = us-east-1',
      'sso_account_id = 999999999999',
      'sso_role_name = Role',
      'region = us-east-1',
      'sso_auto_populated = true',
      '',
    ].join('\n')
    box.writeConfig(`${populated}\n${extra}`)
    const r = await run('configure', 'populate', '-r', 'us-east-1', '-r', 'eu-west-1', '--prune')
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    const names = Object.keys(parseConfigText(box.readConfig()).profiles)
    expect(names).to.include('Prod-Account-Main.AdminRole').and.include('Prod-Account-(Main).AdminRole').and.not.include('gone.Role')
    // The older duplicate has our name for it, so it is the one updated; the original's stays too.
    expect(r.stderr).to.contain(`Wrote 20 profile(s) (2 new, 1 updated, 17 unchanged, 1 removed) in ${box.configPath}.\n`)
  })

  it("M23, M24: over a fresh config, the original's names and values wherever every SDK reads them; one line for each other name", async () => {
    box.writeConfig(fixture('base.ini'))
    const r = await run('configure', 'populate', '-r', 'us-east-1', '-r', 'eu-west-1')
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    const ours = parseConfigText(box.readConfig()).profiles
    const byKey = new Map(Object.entries(ours).map(([name, v]) => [keyOf(v), name]))
    let renamed = 0
    for (const [name, values] of original) {
      if (!values.sso_auto_populated) continue
      const oursName = byKey.get(keyOf(values))!
      if (everySdkReads(name)) {
        expect(oursName).to.equal(name)
        expect(ours[name]).to.deep.equal(values)
      } else {
        renamed++
        expect(everySdkReads(oursName), oursName).to.equal(true)
        expect(r.stderr).to.contain(`aws-sso-util 4.33 named it "${name}", which the AWS SDKs cannot read (`)
      }
    }

    expect(renamed).to.equal(10)
    expect(r.stderr.split('\n').filter((l) => l.includes('aws-sso-util 4.33 named it'))).to.have.length(10)
    expect(Object.keys(ours)).to.include.members(['Prod-Account-Main.AdminRole', 'Finance-Ops-EU.Billing+Admin@x.euwe1', 'n-code-Team.ReadOnly'])
  })

  // The first line of each file is the original's option list.
  const cases = ['govcloud', 'capitalize-title', 'casefold-capitalize', 'title-casefold', 'raw', 'case-then-trim', 'trim-to-empty', 'name-process']
  for (const name of cases) {
    const text = fixture(`case-${name}.ini`)
    const options = shlexSplit(text.split('\n')[0].slice(2))!

    it(`M29, M30, M25, M39, M40 (${options.join(' ')}): the original's names wherever every SDK reads them`, async () => {
      box.writeConfig(fixture('base.ini'))
      // The generator logged the process command unquoted: `python3 profile_name_format_process.py`.
      const at = options.indexOf('--profile-name-process')
      const args = at === -1 ? options : [...options.slice(0, at + 1), `python3 '${namerScript(box)}'`]
      const r = await run('configure', 'populate', ...args)
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
      const ours = parseConfigText(box.readConfig()).profiles
      const expected = originalSections(text)
      expect(Object.keys(ours).filter((n) => n !== 'base')).to.have.length(expected.size)
      for (const [originalName, values] of expected) {
        if (everySdkReads(originalName)) expect(ours[originalName], originalName).to.deep.equal(values)
        else expect(r.stderr, originalName).to.contain(`aws-sso-util 4.33 named it "${originalName}"`)
      }
    })
  }

  it('M16, M17: configure profile without a full start URL writes what the original wrote', async () => {
    box.writeConfig(fixture('base.ini'))
    const one = await run('configure', 'profile', 'p1', '-a', '222222222222', '-r', 'ReadOnly', '--region', 'eu-west-1', '--non-interactive')
    expect(one.code, describeRun('aws-sso-util', one)).to.equal(0)
    const two = await run('configure', 'profile', 'p2', '-u', 'd-1234', '-a', '333333333333', '-r', 'ReadOnly', '--region', 'us-east-1', '--non-interactive')
    expect(two.code, describeRun('aws-sso-util', two)).to.equal(0)
    expect(box.readConfig()).to.equal(fixture('configure-profile.ini'))
  })

  it('-u matching no configured start URL: one line naming the configured ones, exit 1 as the original, nothing written', async () => {
    box.writeConfig(fixture('base.ini'))
    for (const args of [
      ['configure', 'profile', 'p3', '-u', 'nomatch', '-a', '333333333333', '-r', 'ReadOnly', '--region', 'us-east-1', '--non-interactive'],
      ['configure', 'populate', '-u', 'nomatch', '-r', 'us-east-1'],
    ]) {
      const r = await run(...args)
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(
        `No configured start URL contains "nomatch"; ${box.configPath} has ${START}. Give part of one of those, or a full start URL and SSO_REGION.\n`,
      )
      expect(box.readConfig()).to.equal(fixture('base.ini'))
    }
  })

  it('M28: AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL and AWS_DEFAULT_SSO_START_URL as part of the start URL', async () => {
    box.writeConfig(fixture('base.ini'))
    for (const name of ['AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL', 'AWS_DEFAULT_SSO_START_URL']) {
      const r = await cli(['configure', 'populate', '-r', 'us-east-1', '--dry-run'], box.env({...env(), [name]: 'D-1234'}))
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
      expect(r.stderr).to.contain('Dry run: 10 profile(s) (10 new, 0 updated, 0 unchanged)')
    }
  })

  it("M27: populate -u d-1234567890 (a pattern, the original's regex) without --sso-region", async () => {
    box.writeConfig(fixture('base.ini'))
    const r = await run('configure', 'populate', '-u', 'd-12.*890', '-r', 'us-east-1', '--dry-run')
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(r.stderr).to.contain('Dry run: 10 profile(s) (10 new, 0 updated, 0 unchanged)')
  })
})

/** Does what the original's examples/profile_name_format_process.py does: account and role, and the short region after the first. */
function namerScript(box: Sandbox): string {
  const path = join(box.home, 'namer.py')
  writeFileSync(
    path,
    [
      'import sys',
      'account, _id, role, _region, short, index, _count = sys.argv[1:8]',
      "print('.'.join([account, role] + ([short] if int(index) != 0 else [])))",
      '',
    ].join('\n'),
  )
  chmodSync(path, 0o644)
  return path
}
