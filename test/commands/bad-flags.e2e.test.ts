import {Config} from '@oclif/core'
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {makeTempDir, removeDir, repoRoot, runCli} from '../support/cli.js'

/**
 * One shape for a bad flag on every command id, ours, their `aws-sso:` aliases and the plugins'
 * (autocomplete, help): exit 2, exactly one line on stderr naming the flag, nothing on stdout.
 */
describe('--bogus-flag on every command id (compiled CLI)', function () {
  this.timeout(300_000)
  let home: string

  before(() => {
    home = makeTempDir()
  })

  after(() => removeDir(home))

  it('exit 2, one stderr line, empty stdout, for each id', async () => {
    const config = await Config.load(repoRoot)
    // The autocomplete plugin's hidden `create` never parses its arguments (it ignores them all).
    const ids = [...new Set(config.commands.flatMap((c) => [c.id, ...c.aliases]))].filter((id) => id !== 'autocomplete:create').sort()
    expect(ids).to.include.members(['login', 'credential-process', 'configure:populate', 'autocomplete', 'help', 'run-as', 'aws-sso:login'])
    const failures: string[] = []
    // Three at a time: the machine is shared.
    for (let i = 0; i < ids.length; i += 3) {
      const batch = ids.slice(i, i + 3)
      const results = await Promise.all(batch.map((id) => runCli([...id.split(':'), '--bogus-flag'], {home})))
      for (const [j, r] of results.entries()) {
        const shape = {code: r.code, stdout: r.stdout, stderr: r.stderr}
        const expected = {code: 2, stdout: '', stderr: 'Nonexistent flag: --bogus-flag\n'}
        if (JSON.stringify(shape) !== JSON.stringify(expected)) failures.push(`${batch[j]}: ${JSON.stringify(shape)}`)
      }
    }

    expect(failures, failures.join('\n')).to.deep.equal([])
  })

  it('-vv and --verbose are known flags on each of our command ids (only --bogus-flag is refused)', async () => {
    const config = await Config.load(repoRoot)
    // version has a --verbose of its own (no -v); the plugins' commands are not ours.
    const ours = config.commands.filter((c) => !c.pluginName?.startsWith('@oclif/') && c.id !== 'version' && !c.id.endsWith(':version'))
    expect(ours.map((c) => c.id)).to.include.members(['login', 'credential-process', 'exec', 'configure:profile', 'console:launch'])
    const failures: string[] = []
    for (let i = 0; i < ours.length; i += 3) {
      const batch = ours.slice(i, i + 3)
      const results = await Promise.all(batch.map((c) => runCli([...c.id.split(':'), '-vv', '--verbose', '--bogus-flag'], {home})))
      for (const [j, r] of results.entries()) {
        const lines = r.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('aws-sso-util [verbose] '))
        if (r.code !== 2 || lines.join('\n') !== 'Nonexistent flag: --bogus-flag') failures.push(`${batch[j].id}: ${r.code} ${r.stderr}`)
      }
    }

    expect(failures, failures.join('\n')).to.deep.equal([])
  })

  it('--debug adds the stack; without it no line starts with "at "', async () => {
    const plain = await runCli(['login', '--bogus-flag'], {home})
    expect(plain.stderr).to.not.match(/^\s+at /m)
    const debug = await runCli(['login', '--bogus-flag', '--debug'], {home})
    expect(debug.code).to.equal(2)
    expect(debug.stdout).to.equal('')
    expect(debug.stderr.split('\n')[0]).to.equal('Nonexistent flag: --bogus-flag')
    expect(debug.stderr).to.match(/^\s+at /m)
  })
})

describe('AWS_SSO_CREDENTIAL_PROCESS_DEBUG writes the log, not a stack (DB01)', function () {
  this.timeout(120_000)
  let home: string

  before(() => {
    home = makeTempDir()
  })

  after(() => removeDir(home))

  it('the oclif path (--profile "") and the fast path (--profile nonexist) print the one message line; the log is written', async () => {
    for (const profile of ['', 'nonexist']) {
      const r = await runCli(['credential-process', '--profile', profile], {home, env: {AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'true'}})
      expect(r.code).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(r.stderr.split('\n').filter(Boolean), r.stderr).to.have.length(1)
      expect(r.stderr).to.match(new RegExp(`^Profile "${profile}" was not found in `))
      expect(readFileSync(join(home, '.aws', 'sso', 'aws-sso-util credential-process-log.txt'), 'utf8')).to.contain('ConfigError')
    }

    const debug = await runCli(['credential-process', '--profile', '', '--debug'], {home})
    expect(debug.stderr).to.match(/^\s+at /m)
  })
})
