import {expect} from 'chai'
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {PARITY_ROLE_FLAGS} from '../migration/fixture.js'
import {makeTempDir, removeDir, runCli} from '../support/cli.js'
import {readPackageJson} from '../support/package.js'
import {writeConfig} from '../support/sso.js'

// What people and the original tool's scripts type: -h, --version, version, a typo.
describe('CLI habits (compiled CLI)', function () {
  this.timeout(120_000)
  let home: string
  const {version} = readPackageJson()

  beforeEach(() => {
    home = makeTempDir()
  })

  afterEach(() => removeDir(home))

  it('--version prints the bare version, as the original did; `version` the long form', async () => {
    const bare = await runCli(['--version'], {home})
    expect(bare.code).to.equal(0)
    expect(bare.stdout).to.equal(`${version}\n`)
    expect(bare.stderr).to.equal('')
    const long = await runCli(['version'], {home})
    expect(long.code, long.stderr).to.equal(0)
    expect(long.stdout).to.match(new RegExp(`^aws-sso-util/${version.replaceAll('.', String.raw`\.`)} \\S+ node-v\\d+\\.\\d+\\.\\d+\\n$`))
    const verbose = await runCli(['version', '--verbose'], {home})
    expect(verbose.code).to.equal(0)
    expect(verbose.stdout).to.contain(`aws-sso-util/${version}`)
    expect(verbose.stdout).to.contain('Node Version:')
    expect(verbose.stdout).to.contain(`aws-sso-util ${version} (core)`)
    const json = await runCli(['version', '--json'], {home})
    expect(JSON.parse(json.stdout)).to.deep.include({cliVersion: `aws-sso-util/${version}`})
  })

  it('version --verbose answers from disk: an npm that never returns does not hold it up', async () => {
    // @oclif/plugin-version asks `npm view` with no time limit; ours must not ask at all.
    const bin = join(home, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho called >> "${join(home, 'npm.log')}"\nexec sleep 600\n`)
    chmodSync(join(bin, 'npm'), 0o755)
    const r = await runCli(['version', '--verbose'], {home, env: {PATH: `${bin}:${process.env.PATH}`}, timeoutMs: 20_000})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.contain('Root Path:')
    expect(() => readFileSync(join(home, 'npm.log'))).to.throw(/ENOENT/)
  })

  it('-h is --help, for the root and for a command', async () => {
    for (const args of [[], ['login'], ['configure', 'profile']]) {
      const short = await runCli([...args, '-h'], {home})
      const long = await runCli([...args, '--help'], {home})
      expect(short.code, short.stderr).to.equal(0)
      expect(short.stdout).to.equal(long.stdout)
      expect(short.stdout).to.contain('USAGE')
    }
  })

  it('a mistyped command names the closest one with its arguments, exit 2, nothing on stdout', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['configure', 'profle', 'x'],
        'aws-sso-util: "configure profle x" is not a command. Did you mean `aws-sso-util configure profile x`? See `aws-sso-util --help`.\n',
      ],
      [['logn', '--profile', 'dev'], 'aws-sso-util: "logn" is not a command. Did you mean `aws-sso-util login --profile dev`? See `aws-sso-util --help`.\n'],
      [['frobnicate'], 'aws-sso-util: "frobnicate" is not a command. See `aws-sso-util --help`.\n'],
      // A real command with a stray word is not "suggested" back unchanged (NX01).
      [
        ['credential-process', 'extra'],
        'aws-sso-util: `aws-sso-util credential-process` does not take the argument "extra". See `aws-sso-util credential-process --help`.\n',
      ],
      [['status', 'a', 'b'], 'aws-sso-util: `aws-sso-util status` does not take the argument "a b". See `aws-sso-util status --help`.\n'],
    ]
    for (const [args, stderr] of cases) {
      const r = await runCli(args, {home})
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(stderr)
      // No suggestion repeats the command line that failed.
      expect(r.stderr).to.not.contain(`\`aws-sso-util ${args.join(' ')}\``)
    }
  })

  it('-c KEY=VALUE before the profile name leaves the name to the argument', async () => {
    const r = await runCli(
      ['configure', 'profile', '-c', 'cli_pager=', 'dev', '--non-interactive', ...PARITY_ROLE_FLAGS, '--region', 'eu-west-1', '--no-credential-process'],
      {home},
    )
    expect(r.code, r.stderr).to.equal(0)
    expect(readFileSync(`${home}/.aws/config`, 'utf8')).to.match(/^\[profile dev\]\n[^[]*^cli_pager =$/m)
  })

  it('-c __proto__=x is refused with one line, nothing written (CP12)', async () => {
    const r = await runCli(['configure', 'profile', 'p', '-c', '__proto__=x', '--non-interactive', ...PARITY_ROLE_FLAGS, '--region', 'eu-west-1'], {home})
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('--config-default key "__proto__" is not a config key any AWS tool reads; leave it out.\n')
    expect(() => readFileSync(`${home}/.aws/config`)).to.throw(/ENOENT/)
  })

  it('login <part> shows config text and the typed part with control characters escaped (LS12, LS06)', async () => {
    writeConfig(
      home,
      '[profile a]\nsso_start_url = https://d-1111111111.awsapps.com/start\u001B]0;PWN\u0007\nsso_region = us-east-1\n\n[profile b]\nsso_start_url = https://d-2222222222.awsapps.com/start\nsso_region = us-east-1\n',
    )
    const r = await runCli(['login', 'd-\u001B[2J'], {home})
    expect(r.code).to.equal(1)
    expect(r.stdout).to.equal('')
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).to.not.match(/[\u0000-\u0009\u000B-\u001F\u007F]/)
    expect(r.stderr).to.equal(
      `No configured start URL contains "d-\\x1b[2J"; ${home}/.aws/config has https://d-1111111111.awsapps.com/start\\x1b]0;PWN\\x07, https://d-2222222222.awsapps.com/start. Give part of one of those, or a full start URL and SSO_REGION.\n`,
    )
  })

  it('logout names only what logout takes when it cannot tell which instance', async () => {
    const none = await runCli(['logout'], {home})
    expect(none.code).to.equal(2)
    expect(none.stdout).to.equal('')
    expect(none.stderr).to.equal(`No IAM Identity Center instance found in ${home}/.aws/config. Give --profile or --sso-session.\n`)
    writeConfig(
      home,
      '[profile a]\nsso_start_url = https://d-1111111111.awsapps.com/start\nsso_region = us-east-1\n\n[profile b]\nsso_start_url = https://d-2222222222.awsapps.com/start\nsso_region = eu-west-1\n',
    )
    // Several instances and none chosen: every session, as the original's logout (see all-and-logout.e2e.test.ts).
    const two = await runCli(['logout'], {home})
    expect(two.code, two.stderr).to.equal(0)
    expect(two.stdout).to.equal('Logged out of all IAM Identity Center sessions: removed 0 token files and 0 cached role credential files.\n')
  })
})
