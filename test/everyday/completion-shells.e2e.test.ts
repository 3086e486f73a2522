import {expect} from 'chai'
import {existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {makeTempDir, runBin, runCli} from '../support/cli.js'
import {writeConfig} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {type Terminal, TmuxPane, useTerminal} from '../support/tmux.js'

/**
 * Completion as a user meets it: a real interactive shell in a terminal, `aws-sso-util` on PATH,
 * the setup done by typing what the documentation (or the printed instructions) says, then Tab.
 * The config holds profile names that are shell code; running any of them creates a PWNED file.
 */
const HOSTILE_CONFIG = `[default]
region = us-east-1

[profile ok-name]
region = us-east-1

[profile $(touch PWNED-dollar)]
region = us-east-1

[profile \`touch PWNED-backtick\`]
region = us-east-1

[profile a;touch PWNED-semicolon]
region = us-east-1
`

/** A temp HOME with the CLI on PATH as the `aws-sso-util` a package install puts there, removed after the test. */
function userHome(terminal: Terminal): {home: string; env: Record<string, string>} {
  const home = makeTempDir()
  terminal.removeAfter(home)
  mkdirSync(join(home, 'bin'))
  symlinkSync(runBin, join(home, 'bin', 'aws-sso-util'))
  writeConfig(home, HOSTILE_CONFIG)
  writeFileSync(join(home, '.bashrc'), '')
  writeFileSync(join(home, '.zshrc'), '')
  const env = {
    HOME: home,
    PATH: [join(home, 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    TERM: 'xterm',
    LANG: 'C.UTF-8',
    OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
    PS1: '$ ',
  }
  return {home, env}
}

const pwned = (home: string) => readdirSync(home).filter((name) => name.startsWith('PWNED'))

async function prompt(pane: TmuxPane, marker: string): Promise<void> {
  pane.type(`clear; echo ${marker}-OK\n`)
  await pane.waitFor(new RegExp(`^${marker}-OK$`, 'm'), 30_000)
}

describe('shell completion in a real terminal (CO01, CO02, CO03)', function () {
  this.timeout(180_000)
  const terminal = useTerminal()

  /**
   * A user's `shell` in a terminal, set up by typing the first command `autocomplete <shell>`
   * prints, exactly as printed, then started again as the next terminal window would; Tab
   * completes a profile name. Returns at an empty prompt.
   */
  async function setUpAsPrinted(shell: 'bash' | 'zsh'): Promise<{home: string; pane: TmuxPane}> {
    const {home, env} = userHome(terminal)
    const pane = terminal.open([shell, '-i'], env, home)
    await prompt(pane, 'START')

    pane.type(`aws-sso-util autocomplete ${shell}\n`)
    const instructions = await pane.waitFor('Enjoy!', 60_000)
    const rc = String.raw`~\/\.${shell}rc`
    const setup = new RegExp(String.raw`^\s*(printf "\$\(aws-sso-util autocomplete script ${shell}\)" >> ${rc}; source ${rc})\s*$`, 'm').exec(instructions)
    expect(setup, instructions).to.not.equal(null)
    pane.type(`${setup![1]}\n`)
    // A new shell, as the next terminal window would start.
    pane.type(`exec ${shell} -i\n`)
    await prompt(pane, 'NEW')

    pane.type('aws-sso-util exec --profile ok')
    pane.press('Tab')
    await pane.waitFor('aws-sso-util exec --profile ok-name ', 10_000)
    pane.press('C-c')
    await prompt(pane, 'LIST')
    return {home, pane}
  }

  it('CO01, CO02 bash: the printed setup of `autocomplete bash` completes profile names and runs none of them', async function () {
    requireTools(this, ['tmux'])
    const {home, pane} = await setUpAsPrinted('bash')
    // Tab Tab lists every name, the hostile ones quoted as the words they are.
    pane.type('aws-sso-util exec --profile ')
    pane.press('Tab', 'Tab')
    // Only the listing has this name (the typed line has no hostile text); with or without the fix.
    const listed = await pane.waitFor(/PWNED-semicolon[\s\S]*\n.*aws-sso-util exec --profile *$/m, 10_000)
    pane.press('C-c')
    await prompt(pane, 'AFTER')
    expect(pwned(home)).to.deep.equal([])
    expect(listed).to.contain('default')
    expect(listed).to.contain(String.raw`\$\(touch\ PWNED-dollar\)`)
    expect(listed).to.contain('\\`touch\\ PWNED-backtick\\`')
    expect(listed).to.contain(String.raw`a\;touch\ PWNED-semicolon`)
  })

  it('CO03 bash: Tab after --profile with a FIFO as AWS_CONFIG_FILE returns at once', async function () {
    requireTools(this, ['tmux'])
    const {home, env} = userHome(terminal)
    const fifo = join(home, 'config.fifo')
    const made = await import('node:child_process').then(({spawnSync}) => spawnSync('mkfifo', [fifo]))
    expect(made.status).to.equal(0)
    const pane = terminal.open(['bash', '-i'], {...env, AWS_CONFIG_FILE: fifo}, home)
    await prompt(pane, 'START')
    pane.type('aws-sso-util autocomplete bash >/dev/null 2>&1; source ~/.cache/aws-sso-util/autocomplete/bash_setup\n')
    await prompt(pane, 'READY')
    pane.type('aws-sso-util exec --profile ')
    pane.press('Tab', 'Tab')
    // A hung completion would swallow this line until ^C.
    pane.type('; echo TAB-$((40+2))\n')
    await pane.waitFor(/^TAB-42$/m, 10_000)
  })

  it('CO01, CO02 zsh: the printed setup of `autocomplete zsh` completes profile names and runs none of them', async function () {
    requireTools(this, ['tmux', 'zsh'])
    const {home, pane} = await setUpAsPrinted('zsh')
    pane.type('aws-sso-util exec --profile ')
    pane.press('Tab')
    const listed = await pane.waitFor('PWNED-dollar', 10_000)
    expect(listed).to.contain('ok-name')
    expect(listed).to.contain('PWNED-backtick')
    pane.press('C-c')
    await prompt(pane, 'AFTER')
    expect(pwned(home)).to.deep.equal([])
    expect(existsSync(join(home, '.cache', 'aws-sso-util', 'autocomplete', 'functions', 'zsh', '_aws-sso-util'))).to.equal(true)
  })
})

describe("the original's completion line in an existing rc file (issue 23)", function () {
  this.timeout(180_000)
  const terminal = useTerminal()

  /** A new interactive shell with the line in place; returns the pane once it prompts. */
  async function newShell(argv: string[], rcFile: string, rcText: string): Promise<{home: string; pane: TmuxPane}> {
    const {home, env} = userHome(terminal)
    mkdirSync(dirname(join(home, rcFile)), {recursive: true})
    writeFileSync(join(home, rcFile), rcText)
    const pane = terminal.open(argv, env, home)
    // Only the command's output is upper case, in every shell.
    pane.type('echo started-ok | tr a-z A-Z\n')
    const screen = await pane.waitFor(/^STARTED-OK$/m, 60_000)
    // Help text sourced as a script shows up as errors before the first prompt.
    expect(screen).to.not.match(/error|not found|unexpected|unknown/i)
    pane.type('clear\n')
    return {home, pane}
  }

  async function completes(pane: TmuxPane, typed: string, expected: string): Promise<void> {
    pane.type(typed)
    pane.press('Tab')
    await pane.waitFor(expected, 15_000)
    pane.press('C-c')
    await prompt(pane, `DONE-${expected.length}`)
  }

  it("the original's Tab call-back gets no candidates; an unknown value is one line and exit 2", async () => {
    const {home} = userHome(terminal)
    const callBack = await runCli([], {home, env: {_AWS_SSO_UTIL_COMPLETE: 'bash_complete', COMP_WORDS: 'aws-sso-util lo', COMP_CWORD: '1'}})
    expect({code: callBack.code, stdout: callBack.stdout, stderr: callBack.stderr}).to.deep.equal({code: 0, stdout: '', stderr: ''})
    const unknown = await runCli(['login'], {home, env: {_AWS_SSO_UTIL_COMPLETE: 'tcsh_source'}})
    expect(unknown.code).to.equal(2)
    expect(unknown.stdout).to.equal('')
    expect(unknown.stderr).to.equal('aws-sso-util: _AWS_SSO_UTIL_COMPLETE=tcsh_source is not understood; use bash_source, zsh_source or fish_source.\n')
  })

  it('the functions are written once per installed version, not at every shell start', async () => {
    const {home} = userHome(terminal)
    const source = () => runCli([], {home, env: {_AWS_SSO_UTIL_COMPLETE: 'bash_source'}})
    const dir = join(home, '.cache', 'aws-sso-util', 'autocomplete')
    const bash = join(dir, 'functions', 'bash', 'aws-sso-util.bash')
    expect((await source()).code).to.equal(0)
    const sentinel = '# left by the test\n'
    writeFileSync(bash, readFileSync(bash, 'utf8') + sentinel)
    expect((await source()).stdout).to.equal(`source ${bash}\n`)
    expect(readFileSync(bash, 'utf8')).to.contain(sentinel)
    // Another version's stamp: written again, with profile names.
    writeFileSync(join(dir, 'profile-completion-version'), '0.0.0-old')
    expect((await source()).code).to.equal(0)
    expect(readFileSync(bash, 'utf8')).to.not.contain(sentinel)
    expect(readFileSync(bash, 'utf8')).to.contain('# aws-sso-util: profile names for --profile')
  })

  it('bash: eval "$(_AWS_SSO_UTIL_COMPLETE=bash_source aws-sso-util)" in .bashrc', async function () {
    requireTools(this, ['tmux'])
    const {home, pane} = await newShell(['bash', '-i'], '.bashrc', 'eval "$(_AWS_SSO_UTIL_COMPLETE=bash_source aws-sso-util)"\n')
    await completes(pane, 'aws-sso-util whoa', 'aws-sso-util whoami ')
    await completes(pane, 'aws-sso-util exec --profile ok', 'aws-sso-util exec --profile ok-name ')
    expect(pwned(home)).to.deep.equal([])
  })

  it('zsh: eval "$(_AWS_SSO_UTIL_COMPLETE=zsh_source aws-sso-util)" in .zshrc after compinit', async function () {
    requireTools(this, ['tmux', 'zsh'])
    const rc = 'autoload -Uz compinit && compinit -u\neval "$(_AWS_SSO_UTIL_COMPLETE=zsh_source aws-sso-util)"\n'
    const {home, pane} = await newShell(['zsh', '-i'], '.zshrc', rc)
    await completes(pane, 'aws-sso-util whoa', 'aws-sso-util whoami ')
    await completes(pane, 'aws-sso-util exec --profile ok', 'aws-sso-util exec --profile ok-name ')
    expect(pwned(home)).to.deep.equal([])
  })

  it('fish: _AWS_SSO_UTIL_COMPLETE=fish_source aws-sso-util | source in the completions directory', async function () {
    requireTools(this, ['tmux', 'fish'])
    const rc = '_AWS_SSO_UTIL_COMPLETE=fish_source aws-sso-util | source\n'
    const {home, pane} = await newShell(['fish', '-i'], '.config/fish/completions/aws-sso-util.fish', rc)
    await completes(pane, 'aws-sso-util whoa', 'aws-sso-util whoami ')
    await completes(pane, 'aws-sso-util configure pop', 'aws-sso-util configure populate ')
    await completes(pane, 'aws-sso-util exec --profile ok', 'aws-sso-util exec --profile ok-name ')
    // Listing every name runs none of them.
    pane.type('aws-sso-util login --profile ')
    pane.press('Tab')
    await pane.waitFor('PWNED-dollar', 15_000)
    pane.press('C-c')
    await prompt(pane, 'LISTED')
    expect(pwned(home)).to.deep.equal([])
  })
})
