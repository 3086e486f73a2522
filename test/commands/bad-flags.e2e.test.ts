import {Config} from '@oclif/core'
import {expect} from 'chai'

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
