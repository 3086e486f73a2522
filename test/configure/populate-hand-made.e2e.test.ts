import {expect} from 'chai'
import {chmodSync, readFileSync, statSync} from 'node:fs'

import {parseConfigText} from '../../src/lib/config/parse.js'
import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, SSO_REGION, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'

// Profiles with the names populate would give two of the default fixture's roles, written by hand.
const HAND_MADE = `# mine: do not touch\r
[profile dev.MyLeastPrivilegeRole]\r
region = eu-central-1\r
output = text\r
\r
[profile prod.ReadOnlyAccess]\r
sso_start_url = ${START_URL}\r
sso_region = ${SSO_REGION}\r
sso_account_id = 999999999999\r
sso_role_name = Other\r
`

const skippedLines = [
  'Skipped profile "dev.MyLeastPrivilegeRole": it has no sso_account_id or sso_role_name, not 123456789012/MyLeastPrivilegeRole; left as it is (--existing-config-action overwrite replaces it).',
  'Skipped profile "prod.ReadOnlyAccess": it is for 999999999999/Other, not 210987654321/ReadOnlyAccess; left as it is (--existing-config-action overwrite replaces it).',
]

const lastLine = (text: string) => text.split('\n').findLast(Boolean)

describe('configure populate and profiles it did not write (compiled CLI)', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome()

  beforeEach(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  const populate = (...extra: string[]) =>
    runCli(['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '-r', 'us-east-1', ...extra], {home: ctx.home, env: emulatorEnv(ctx.emu)})

  it('keep (the default): a hand-made profile of the same name keeps every byte, one stderr line each, exit 0', async () => {
    const path = writeConfig(ctx.home, HAND_MADE)
    chmodSync(path, 0o640)
    for (const extra of [['--dry-run'], []]) {
      const r = await populate(...extra)
      expect(r.code, r.stderr).to.equal(0)
      const lines = r.stderr.split('\n').filter(Boolean)
      expect(lines.filter((l) => l.startsWith('Skipped'))).to.deep.equal(skippedLines)
      expect(lines.at(-1)).to.equal(
        extra.length > 0
          ? `Dry run: 10 profile(s) (8 new, 0 updated, 0 unchanged, 2 skipped) in ${path}; nothing was written.`
          : `Wrote 10 profile(s) (8 new, 0 updated, 0 unchanged, 2 skipped) in ${path}.`,
      )
      if (extra.length > 0) {
        expect(readFileSync(path, 'utf8')).to.equal(HAND_MADE)
        expect(r.stdout).not.to.contain('dev.MyLeastPrivilegeRole]')
      } else {
        expect(r.stdout).to.equal('')
      }
    }

    const text = readFileSync(path, 'utf8')
    // The new profiles follow; the hand-made ones are byte for byte what they were.
    expect(text.startsWith(HAND_MADE)).to.equal(true)
    const {profiles} = parseConfigText(text)
    expect(Object.keys(profiles)).to.have.length(10)
    expect(profiles['dev.MyLeastPrivilegeRole']).to.deep.equal({region: 'eu-central-1', output: 'text'})
    expect(statSync(path).mode & 0o777).to.equal(0o640)
  })

  it('--existing-config-action overwrite replaces them, with no skipped line', async () => {
    const path = writeConfig(ctx.home, HAND_MADE)
    const r = await populate('--existing-config-action', 'overwrite')
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).not.to.contain('Skipped')
    expect(lastLine(r.stderr)).to.equal(`Wrote 10 profile(s) (8 new, 2 updated, 0 unchanged) in ${path}.`)
    const {profiles} = parseConfigText(readFileSync(path, 'utf8'))
    expect(profiles['dev.MyLeastPrivilegeRole']).to.include({sso_account_id: '123456789012', sso_role_name: 'MyLeastPrivilegeRole', output: 'text'})
    expect(profiles['prod.ReadOnlyAccess']).to.include({sso_account_id: '210987654321', sso_role_name: 'ReadOnlyAccess'})
  })

  it('a name clash names a component not yet used, or what else to change; exit 2, nothing written', async () => {
    const path = writeConfig(ctx.home, HAND_MADE)
    const cases: Array<[string[], string]> = [
      [
        ['--components', 'account_id'],
        '5 profile name(s) would be used twice, e.g. "123456789012" (123456789012/MyLeastPrivilegeRole and 123456789012/AdministratorAccess), "210987654321" (210987654321/ReadOnlyAccess and 210987654321/PowerUserAccess); nothing was written. Add role_name to --components or change the trim patterns.',
      ],
      [
        ['--components', 'account_id,role_name', '--trim-role-name', '.*'],
        '5 profile name(s) would be used twice, e.g. "123456789012." (123456789012/MyLeastPrivilegeRole and 123456789012/AdministratorAccess), "210987654321." (210987654321/ReadOnlyAccess and 210987654321/PowerUserAccess); nothing was written. --components already has what tells them apart (account_id,role_name), so --trim-account-name/--trim-role-name, the case options or --separator made them equal: change those, or name the profiles with --profile-name-process.',
      ],
    ]
    for (const [extra, line] of cases) {
      const r = await populate(...extra)
      expect(lastLine(r.stderr), extra.join(' ')).to.equal(line)
      expect(r.code).to.equal(2)
      expect(r.stdout).to.equal('')
    }

    expect(readFileSync(path, 'utf8')).to.equal(HAND_MADE)
  })
})
