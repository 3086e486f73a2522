import {expect} from 'chai'
import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {parseConfigText} from '../../src/lib/config/parse.js'
import {snapshotTree} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {issueToken, SSO_REGION, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {describeCli, everydayCli} from './support.js'

/**
 * Names `ACCOUNTID-ROLE-SHORTREGION`, skips AdministratorAccess, and logs its arguments one run per
 * line. The line goes out in one append: populate runs several namers at once.
 */
const NAMER = `#!/bin/sh
line=$(printf '%s|' "$@")
printf '%s\\n' "$line" >> "$NAMER_LOG"
[ "$1" = --extra ] && shift
if [ "$3" = AdministratorAccess ]; then echo SKIP; exit 0; fi
echo "$2-$3-$5"
`

describe('configure populate --profile-name-process (compiled CLI against the emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({scope: 'suite'})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const namer = () => join(ctx.home, 'namer with space.sh')
  const log = () => join(ctx.home, 'namer.log')
  const populate = (...args: string[]) =>
    cli(['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '-r', 'us-east-1', '-r', 'eu-west-1', ...args], {env: {NAMER_LOG: log()}})

  before(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    writeFileSync(namer(), NAMER)
    chmodSync(namer(), 0o755)
  })

  it("names every profile from the process's stdout, with the original's seven arguments; SKIP leaves one out", async () => {
    writeConfig(ctx.home, '# mine\n')
    const r = await populate('--profile-name-process', `'${namer()}' --extra`)
    expect(r.code, describeCli(r)).to.equal(0)
    const names = Object.keys(parseConfigText(readFileSync(join(ctx.home, '.aws', 'config'), 'utf8')).profiles).sort()
    expect(names).to.include.members([
      '123456789012-MyLeastPrivilegeRole-usea1',
      '123456789012-MyLeastPrivilegeRole-euwe1',
      '210987654321-ReadOnlyAccess-usea1',
      '210987654321-PowerUserAccess-euwe1',
    ])
    expect(names.filter((n) => n.includes('AdministratorAccess'))).to.deep.equal([])
    const runs = readFileSync(log(), 'utf8').split('\n').filter(Boolean)
    expect(runs).to.include('--extra|dev|123456789012|MyLeastPrivilegeRole|us-east-1|usea1|0|2|')
    expect(runs).to.include('--extra|dev|123456789012|MyLeastPrivilegeRole|eu-west-1|euwe1|1|2|')
    expect(runs.length, 'one run per account, role and region').to.equal(names.length + runs.filter((l) => l.includes('|AdministratorAccess|')).length)
  })

  describe('bad input: one line, exit 2, nothing on stdout, nothing written, no portal call when it can be known before', () => {
    const cases: Array<[string, () => string, RegExp, boolean]> = [
      ['a command that is not installed', () => 'no-such-namer', /^--profile-name-process: "no-such-namer" is not an executable on PATH\.\n$/, false],
      ['an unclosed quote', () => "'oops", /^--profile-name-process "'oops" cannot be split into a command \(empty, or an unclosed quote\)\.\n$/, false],
      [
        'a process that fails',
        () => `sh -c 'echo broken >&2; exit 3' x`,
        /^Listing roles in 5 account\(s\)…\n--profile-name-process for \d{12}\/\w+ in [\w-]+ failed \(3\): broken; nothing was written\.\n$/,
        true,
      ],
      [
        'a process that prints nothing',
        () => 'true',
        /^Listing roles in 5 account\(s\)…\n--profile-name-process for \d{12}\/\w+ in [\w-]+ printed no name \(print SKIP to leave a profile out\); nothing was written\.\n$/,
        true,
      ],
    ]
    for (const [name, command, stderr, callsPortal] of cases) {
      it(name, async () => {
        writeConfig(ctx.home, '# mine\n')
        const before = snapshotTree(ctx.home)
        const listed = ctx.emu.stats().ListAccounts ?? 0
        const r = await cli([
          'configure',
          'populate',
          '-u',
          START_URL,
          '--sso-region',
          SSO_REGION,
          '-r',
          'us-east-1',
          '--no-credential-process',
          '--profile-name-process',
          command(),
        ])
        expect(r.code, describeCli(r)).to.equal(2)
        expect(r.stdout).to.equal('')
        expect(r.stderr).to.match(stderr)
        expect(snapshotTree(ctx.home)).to.deep.equal(before)
        expect((ctx.emu.stats().ListAccounts ?? 0) - listed).to.equal(callsPortal ? 1 : 0)
      })
    }
  })
})
