import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {makeTempDir, removeDir, runCli} from '../support/cli.js'
import {run} from '../support/run.js'
import {writeConfig} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {TmuxPane} from '../support/tmux.js'
import {describeCli} from './support.js'

const CONFIG = `[default]
region = us-east-1

[profile dev]
sso_session = corp

[ profile   dev-admin ]
sso_session = corp

[profile ops]
sso_session = corp

[sso-session corp]
sso_start_url = https://d-0000000000.awsapps.com/start
sso_region = us-east-1
`

describe('shell completion (compiled CLI, @oclif/plugin-autocomplete)', function () {
  this.timeout(180_000)
  let home: string

  before(() => {
    home = makeTempDir()
    writeConfig(home, CONFIG)
  })

  after(() => removeDir(home))

  const functionsFile = () => join(home, '.cache', 'aws-sso-util', 'autocomplete', 'functions', 'bash', 'aws-sso-util.bash')

  it('autocomplete bash prints the setup; the generated bash function lists our commands and completes profile names', async () => {
    const setup = await runCli(['autocomplete', 'bash'], {home})
    expect(setup.code, describeCli(setup)).to.equal(0)
    expect(setup.stdout).to.contain('aws-sso-util autocomplete')

    const create = await runCli(['autocomplete', 'create'], {home})
    expect(create.code, describeCli(create)).to.equal(0)
    const text = readFileSync(functionsFile(), 'utf8')
    for (const command of ['roles', 'exec', 'run-as', 'export', 'status', 'whoami', 'check']) expect(text).to.match(new RegExp(`^${command} `, 'm'))
    expect(text.match(/# aws-sso-util: profile names for --profile/g)).to.have.length(1)

    // Regenerating does not add the snippet twice.
    const again = await runCli(['autocomplete', 'create'], {home})
    expect(again.code, describeCli(again)).to.equal(0)
    expect(readFileSync(functionsFile(), 'utf8').match(/# aws-sso-util: profile names for --profile/g)).to.have.length(1)

    const complete = async (words: string[], config = join(home, '.aws', 'config')) => {
      const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _aws_sso_util_with_profiles; printf '%s\\n' "\${COMPREPLY[@]}"`
      const r = await run('bash', ['-c', script, 'bash', functionsFile(), ...words], {env: {PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: config}})
      expect(r.code, r.stderr).to.equal(0)
      return r.stdout.split('\n').filter(Boolean)
    }

    expect(await complete(['aws-sso-util', 'exec', '--profile', 'de'])).to.deep.equal(['default', 'dev', 'dev-admin'])
    expect(await complete(['aws-sso-util', 'export', '--profile', ''])).to.deep.equal(['default', 'dev', 'dev-admin', 'ops'])
    expect(await complete(['aws-sso-util', 'check', '--check-profile', 'o'])).to.deep.equal(['ops'])
    expect(await complete(['aws-sso-util', 'status', '--profile', ''], join(home, 'missing'))).to.deep.equal([])
  })

  it('the generated zsh function completes profile names for --profile and --check-profile, in a real zsh', async function () {
    requireTools(this, ['tmux', 'zsh'])
    const create = await runCli(['autocomplete', 'create'], {home})
    expect(create.code, describeCli(create)).to.equal(0)
    const functions = join(home, '.cache', 'aws-sso-util', 'autocomplete', 'functions', 'zsh')
    const text = readFileSync(join(functions, '_aws-sso-util'), 'utf8')
    expect(text.startsWith('#compdef aws-sso-util\n')).to.equal(true)
    expect(text.match(/# aws-sso-util: profile names for --profile/g)).to.have.length(1)
    expect(text).to.not.match(/^--(check-)?profile"\[.*:file:_files"/m)

    // What a user sees: type, press Tab, and the line holds the completed name.
    const completes = async (typed: string, expected: string) => {
      const pane = new TmuxPane(['zsh', '-f'], {HOME: home, PATH: process.env.PATH ?? '', TERM: 'xterm', AWS_CONFIG_FILE: join(home, '.aws', 'config')}, home)
      try {
        pane.type(`fpath=(${functions} $fpath); autoload -Uz compinit; compinit -u; clear; echo READY\n`)
        await pane.waitFor(/^READY$/m)
        pane.type(typed)
        pane.press('Tab')
        return await pane.waitFor(expected, 10_000)
      } finally {
        pane.kill()
      }
    }

    await completes('aws-sso-util login --profile o', 'aws-sso-util login --profile ops ')
    await completes('aws-sso-util check --check-profile dev-', 'aws-sso-util check --check-profile dev-admin ')
    await completes('aws-sso-util exec --profile def', 'aws-sso-util exec --profile default ')
  })
})
