import {expect} from 'chai'

import {parseConfigText} from '../../src/lib/config/parse.js'
import {type Emulator, makeFixture} from '../emulator/server.js'
import {describeRun} from '../support/run.js'
import {cli, useEmulatorSandbox} from '../support/sandbox.js'
import {issueToken, SSO_REGION, START_URL, writeTokenFile} from '../support/sso.js'

const HAND_WRITTEN = `# written by hand: keep
[profile mine]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
sso_account_id = 100000000000
sso_role_name = ReadOnlyAccess
region = us-east-1
`

async function pendingFaults(emu: Emulator): Promise<unknown[]> {
  const response = await fetch(`${emu.url}/_emulator/faults`)
  return (await response.json()) as unknown[]
}

/**
 * A directory of 300 accounts × 3 roles behind a throttling portal: every profile is written, a
 * run after accounts disappear prunes exactly their profiles, and nothing hand-written is touched.
 */
describe('configure populate (compiled CLI, 300 accounts × 3 roles, throttled)', function () {
  this.timeout(300_000)
  const fixture = makeFixture({accounts: 300, rolesPerAccount: 3})
  const ctx = useEmulatorSandbox({emulator: {fixture}, reset: false, scope: 'suite'})
  const {box} = ctx

  before(async () => {
    writeTokenFile(box.home, START_URL, await issueToken(ctx.emu))
  })

  const env = () => box.env({AWS_ENDPOINT_URL_SSO: ctx.emu.url, AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url})
  const populate = (...extra: string[]) => cli(['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '-r', 'us-east-1', ...extra], env())

  it('writes all 900 profiles, named as the options say, despite 30 TooManyRequests answers', async () => {
    box.writeConfig(HAND_WRITTEN)
    ctx.emu.setFault({operation: 'ListAccountRoles', status: 429, count: 30})
    const callsBefore = ctx.emu.stats().ListAccountRoles ?? 0
    const r = await populate('--account-name-case', 'upper', '--trim-role-name', 'Access$', '--separator', '_')
    console.log(`      populate of 300 accounts × 3 roles with 30 injected 429s took ${r.ms} ms`)
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.contain(`Wrote 900 profile(s) (900 new, 0 updated, 0 unchanged) in ${box.configPath}.\n`)
    expect(await pendingFaults(ctx.emu)).to.deep.equal([])
    // Every account listed once, plus one retry per throttled call.
    expect((ctx.emu.stats().ListAccountRoles ?? 0) - callsBefore).to.equal(300 + 30)

    const text = box.readConfig()
    expect(text.startsWith(HAND_WRITTEN)).to.equal(true)
    const config = parseConfigText(text)
    const names = Object.keys(config.profiles).filter((n) => n !== 'mine')
    const expectedNames = fixture.accounts.flatMap((a) => ['ReadOnly', 'PowerUser', 'Administrator'].map((role) => `${a.accountName.toUpperCase()}_${role}`))
    expect(names.sort()).to.deep.equal(expectedNames.sort())
    expect(config.profiles['ACCOUNT-0042_PowerUser']).to.deep.equal({
      sso_start_url: START_URL,
      sso_region: SSO_REGION,
      sso_account_name: 'account-0042',
      sso_account_id: fixture.accounts[41].accountId,
      sso_role_name: 'PowerUserAccess',
      region: 'us-east-1',
      credential_process: 'aws-sso-util credential-process --profile ACCOUNT-0042_PowerUser',
      sso_auto_populated: 'true',
    })
  })

  it('--prune after accounts are removed deletes exactly their profiles; --dry-run shows it first', async () => {
    const before = box.readConfig()
    const gone = new Set(fixture.accounts.filter((_, i) => i % 30 === 7).map((a) => a.accountName.toUpperCase()))
    expect(gone.size).to.equal(10)
    ctx.emu.setFixture({...fixture, accounts: fixture.accounts.filter((a) => !gone.has(a.accountName.toUpperCase()))})
    const naming = ['--account-name-case', 'upper', '--trim-role-name', 'Access$', '--separator', '_']

    const dry = await populate(...naming, '--prune', '--dry-run')
    expect(dry.code, describeRun('aws-sso-util', dry)).to.equal(0)
    expect(box.readConfig()).to.equal(before)
    const removedHeaders = dry.stdout.split('\n').filter((l) => l.startsWith('-[profile '))
    expect(removedHeaders).to.have.length(30)
    expect(dry.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'))).to.deep.equal([])
    expect(dry.stderr).to.contain(`Dry run: 870 profile(s) (0 new, 0 updated, 870 unchanged, 30 removed) in ${box.configPath}; nothing was written.\n`)

    const r = await populate(...naming, '--prune')
    console.log(`      populate --prune of 290 accounts took ${r.ms} ms`)
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(r.stderr).to.contain(`Wrote 870 profile(s) (0 new, 0 updated, 870 unchanged, 30 removed) in ${box.configPath}.\n`)
    const after = parseConfigText(box.readConfig()).profiles
    const beforeNames = Object.keys(parseConfigText(before).profiles)
    const removed = beforeNames.filter((n) => !(n in after))
    expect(removed.sort()).to.deep.equal([...gone].flatMap((a) => [`${a}_Administrator`, `${a}_PowerUser`, `${a}_ReadOnly`]).sort())
    expect(box.readConfig().startsWith(HAND_WRITTEN)).to.equal(true)
  })

  it('without --prune a run never removes anything', async () => {
    ctx.emu.setFixture({...fixture, accounts: fixture.accounts.slice(0, 5)})
    const before = box.readConfig()
    const r = await populate('--account-name-case', 'upper', '--trim-role-name', 'Access$', '--separator', '_')
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(box.readConfig()).to.equal(before)
    expect(r.stderr).to.contain('No changes: 15 profile(s) (0 new, 0 updated, 15 unchanged)')
  })
})
