import {expect} from 'chai'
import {chmodSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {runCli, snapshotTree} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, emulatorEnv, ROLE_NAME, SSO_REGION, START_URL, writeConfig} from '../support/sso.js'

// The two files of the issue: each reads fine up to one line that botocore refuses the file for.
const NO_BRACKET = `[profile a\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${ACCOUNT_ID}\nsso_role_name = ${ROLE_NAME}\n`
const NO_EQUALS = `# mine\n[profile a]\nsso_start_url = ${START_URL}\r\nsso_region us-east-1\nsso_account_id = ${ACCOUNT_ID}\nsso_role_name = ${ROLE_NAME}\n`

const noBracketLine = (path: string) =>
  `Cannot read the AWS config file ${path}: line 1 starts a section header but has no closing "]" (or no name) (the AWS CLI and SDKs refuse this file too); write it as [profile NAME], [sso-session NAME] or [default].\n`
const noEqualsLine = (path: string) =>
  `Cannot read the AWS config file ${path}: line 4 has no "=" (settings are written key = value) (the AWS CLI and SDKs refuse this file too); add the "=", indent it to continue the value above, or comment it out with #.\n`

/** Every command that reads ~/.aws/config, with arguments that would otherwise work or log in. */
const COMMANDS: string[][] = [
  ['credential-process', '--profile', 'a'],
  ['login', '--profile', 'a', '--no-browser'],
  ['login'],
  ['logout'],
  ['roles', '--profile', 'a'],
  ['check'],
  ['status'],
  ['export', '--profile', 'a'],
  ['exec', '--profile', 'a', '--', 'true'],
  ['console', 'launch', '--profile', 'a'],
  ['configure', 'profile', 'b', '--non-interactive', '-u', START_URL, '--sso-region', SSO_REGION, '-a', ACCOUNT_ID, '-r', ROLE_NAME, '--region', 'eu-west-1'],
  ['configure', 'profile', 'a', '--non-interactive', '--region', 'eu-west-1'],
  ['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '--region', 'eu-west-1'],
  ['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '--region', 'eu-west-1', '--dry-run'],
]

describe('a config file botocore refuses (compiled CLI)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome()

  for (const [name, text, expected] of [
    ['header without "]"', NO_BRACKET, noBracketLine],
    ['key line without "="', NO_EQUALS, noEqualsLine],
  ] as const) {
    it(`${name}: every command says which line, exit 2, nothing on stdout, nothing written, no request`, async () => {
      const path = writeConfig(ctx.home, text)
      chmodSync(path, 0o640)
      const before = snapshotTree(ctx.home)
      for (const args of COMMANDS) {
        const r = await runCli(args, {home: ctx.home, env: {...emulatorEnv(ctx.emu), BROWSER: 'false'}, timeoutMs: 30_000})
        const what = args.join(' ')
        expect(r.stderr, what).to.equal(expected(path))
        expect(r.code, what).to.equal(2)
        expect(r.stdout, what).to.equal('')
      }

      expect(readFileSync(path, 'utf8')).to.equal(text)
      expect(statSync(path).mode & 0o777).to.equal(0o640)
      expect(snapshotTree(ctx.home)).to.deep.equal(before)
      expect(ctx.emu.stats()).to.deep.equal({})
    })
  }

  it('CF-17: a byte that is not UTF-8 (Latin-1 é in a comment) is refused as botocore refuses it: the line, exit 2, nothing written', async () => {
    const path = writeConfig(ctx.home, '')
    const bytes = Buffer.concat([
      Buffer.from(`[profile a]\nsso_start_url = ${START_URL}\n# caf`),
      Buffer.from([0xe9]),
      Buffer.from(`\nsso_region = ${SSO_REGION}\n`),
    ])
    writeFileSync(path, bytes)
    const before = snapshotTree(ctx.home)
    for (const args of [COMMANDS[0], COMMANDS[6], COMMANDS[8]]) {
      const r = await runCli(args, {home: ctx.home, env: {...emulatorEnv(ctx.emu), BROWSER: 'false'}, timeoutMs: 30_000})
      const what = args.join(' ')
      expect(r.stderr, what).to.equal(
        `Cannot read the AWS config file ${path}: line 3 is not UTF-8 (the AWS CLI and SDKs refuse this file too); save it as UTF-8 (your editor's encoding setting).\n`,
      )
      expect(r.code, what).to.equal(2)
      expect(r.stdout, what).to.equal('')
    }

    // configure edits the file in place, and its writer refuses to rewrite what it cannot decode.
    const configure = await runCli(COMMANDS[10], {home: ctx.home, env: emulatorEnv(ctx.emu), timeoutMs: 30_000})
    expect(configure.code, configure.stderr).to.equal(2)
    expect(configure.stdout).to.equal('')
    expect(configure.stderr.trim().split('\n').at(-1)).to.equal(`The AWS config file ${path} is not valid UTF-8; fix or convert it before writing to it.`)
    expect(readFileSync(path)).to.deep.equal(bytes)
    expect(snapshotTree(ctx.home)).to.deep.equal(before)
  })

  it('the slim credential-process entry and the oclif command give the same line', async () => {
    const path = writeConfig(ctx.home, NO_EQUALS)
    const r = await runCli(['credential-process', '--profile', 'a'], {home: ctx.home, env: emulatorEnv(ctx.emu), entry: 'oclif'})
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(noEqualsLine(path))
  })

  it('AWS_CONFIG_FILE elsewhere is the file named', async () => {
    const path = join(ctx.home, 'other-config')
    writeConfig(ctx.home, '')
    writeFileSync(path, NO_BRACKET)
    const r = await runCli(['credential-process', '--profile', 'a'], {home: ctx.home, env: {...emulatorEnv(ctx.emu), AWS_CONFIG_FILE: path}})
    expect(r.code).to.equal(2)
    expect(r.stderr).to.equal(noBracketLine(path))
  })
})
