import {expect} from 'chai'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, legacyProfile, START_URL, writeTokenFile} from '../support/sso.js'

/**
 * -v / --verbose, repeatable as in the original (migration rows 21, 44, 56, 62, 76, 95, 103, 116,
 * 126): each level adds lines on stderr, stdout stays what it was.
 */
describe('-v / --verbose levels (compiled CLI, emulator)', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({config: legacyProfile('p')})
  const roles = (...flags: string[]) => runCli(['roles', '--profile', 'p', ...flags], {home: ctx.home, env: emulatorEnv(ctx.emu)})
  const verboseLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('aws-sso-util [verbose] '))

  beforeEach(async () => {
    const token = await issueToken(ctx.emu)
    writeTokenFile(ctx.home, START_URL, token)
  })

  it('-v names the files, -vv adds each request to AWS without its query; stdout never changes', async () => {
    const quiet = await roles()
    expect(quiet.code, quiet.stderr).to.equal(0)
    expect(verboseLines(quiet.stderr)).to.deep.equal([])

    const one = await roles('-v')
    expect(one.code, one.stderr).to.equal(0)
    expect(one.stdout).to.equal(quiet.stdout)
    expect(verboseLines(one.stderr)).to.deep.equal([
      `aws-sso-util [verbose] config file ${ctx.home}/.aws/config`,
      `aws-sso-util [verbose] token cache ${ctx.home}/.aws/sso/cache`,
      `aws-sso-util [verbose] role credential cache ${ctx.home}/.aws/cli/cache`,
    ])

    for (const flags of [['-vv'], ['-v', '--verbose'], ['-v', '-v']]) {
      const two = await roles(...flags)
      expect(two.code, two.stderr).to.equal(0)
      expect(two.stdout).to.equal(quiet.stdout)
      const requests = verboseLines(two.stderr).slice(3)
      expect(requests.length, two.stderr).to.be.greaterThan(0)
      for (const line of requests)
        expect(line, two.stderr).to.match(/^aws-sso-util \[verbose\] GET http:\/\/127\.0\.0\.1:\d+\/assignment\/(accounts|roles) -> 200 in \d+ ms$/)
    }
  })

  it('a failure: -v adds nothing but the files, -vvv adds the stack that --debug shows; the message line stays first', async () => {
    const plain = await runCli(['login', '--profile', 'missing'], {home: ctx.home})
    expect(plain.code).to.equal(2)
    expect(plain.stderr.split('\n').filter(Boolean)).to.have.length(1)
    const three = await runCli(['login', '--profile', 'missing', '-vvv'], {home: ctx.home})
    expect(three.code).to.equal(2)
    const lines = three.stderr.split('\n').filter(Boolean)
    expect(lines.slice(0, 3).every((line) => line.startsWith('aws-sso-util [verbose] '))).to.equal(true)
    expect(lines[3]).to.equal(plain.stderr.trim())
    expect(lines[4]).to.match(/^ConfigError: /)
    expect(lines[5]).to.match(/^\s+at /)
  })
})
