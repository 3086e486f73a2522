import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {ACCOUNT_ID, ROLE_NAME, roleFlags} from '../support/sso.js'
import {show, useWindowsSuite} from '../support/windows-suite.js'
import {botocoreWin32Split, ensureDir, onDriveC, runWindows, WINDOWS_NODE} from './wine.js'

/** npm's own cmd-shim, the module that writes aws-sso-util, .cmd and .ps1 into npm's global bin on Windows. */
function npmCmdShim(): (from: string, to: string) => Promise<void> {
  // The npm running the tests (npm_execpath), else the one on PATH: a Node from the npm registry
  // (CI's second pass) has no npm beside it.
  const npmCli = process.env.npm_execpath || spawnSync('sh', ['-c', 'command -v npm'], {encoding: 'utf8'}).stdout.trim()
  const npmDir = join(dirname(realpathSync(npmCli)), '..')
  return createRequire(join(npmDir, 'package.json'))('cmd-shim') as (from: string, to: string) => Promise<void>
}

describe('Windows, for real: Node for Windows under Wine, a standalone npm install, the emulator', function () {
  this.timeout(600_000)
  const suite = useWindowsSuite()
  /** npm's global bin on Windows, where the launchers are: %APPDATA%\npm. */
  let npmBin: string
  let line: string

  const cli = (args: string[], path?: string[]) => suite.run(WINDOWS_NODE, [join(npmBin, 'node_modules', 'aws-sso-util', 'bin', 'run.js'), ...args], path)

  before(async () => {
    npmBin = String.raw`${suite.user.profile}\AppData\Roaming\npm`
    suite.path = [npmBin]
    // A global npm install: the package under node_modules, npm's three launchers beside it.
    const binDir = ensureDir(onDriveC(suite.win, npmBin))
    ensureDir(join(binDir, 'node_modules'))
    symlinkSync(repoRoot, join(binDir, 'node_modules', 'aws-sso-util'), 'dir')
    await npmCmdShim()(join(binDir, 'node_modules', 'aws-sso-util', 'bin', 'run.js'), join(binDir, 'aws-sso-util'))
    // npm's launcher ends with `endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%" …`:
    // on Windows the failing goto hands over to `||`, which runs node; Wine's cmd.exe ends the batch
    // file there instead and node never runs. Without that trick (which only spares Windows users
    // a "Terminate batch job?" prompt) the line is npm's older launcher, and runs under both.
    const launcher = join(binDir, 'aws-sso-util.cmd')
    writeFileSync(launcher, readFileSync(launcher, 'utf8').replace('endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & ', 'endLocal & '))
  })

  it('configure profile --process-only writes a line whose botocore win32 split starts with a program CreateProcess finds, naming files that exist (WIN-E1)', async () => {
    const configured = await suite.configureProcessOnly(cli, 'win', 'configure')
    line = configured.line
    const {words} = configured
    // npm's .cmd launcher, by its name with extension: CreateProcess searches PATH for it and adds nothing.
    expect(words[0]).to.equal('aws-sso-util.cmd')
    expect(existsSync(join(onDriveC(suite.win, npmBin), words[0]))).to.equal(true)
    expect(words.slice(1, 4)).to.deep.equal(['credential-process', '--profile', 'win'])
  })

  it('logs in from logged out with --use-device-code --no-browser (WIN-E2)', async () => {
    const r = await cli(['login', '--profile', 'win', '--use-device-code', '--no-browser'])
    expect(r.code, show('login', r)).to.equal(0)
    expect(suite.emu.stats()).to.include({StartDeviceAuthorization: 1})
    expect(readdirSync(join(suite.user.profileDir, '.aws', 'sso', 'cache')).filter((f) => f.endsWith('.json')).length).to.be.greaterThan(0)
  })

  it('the AWS SDK for Go v2 (Windows build) gets the role credentials through the line, run by cmd.exe /C (WIN-E3)', async () => {
    const before = suite.roleCredentialCalls()
    const got = await suite.goSdkThroughLine('win-go', line)
    expect(got.AccessKeyId).to.match(/^ASIA/)
    expect(suite.roleCredentialCalls() - before).to.equal(1)
  })

  it('started as botocore starts it (CreateProcess, no shell), the warm answer is one JSON line and nothing on stderr (WIN-E4)', async () => {
    const ms = await suite.expectWarmAnswer(line)
    process.stdout.write(`      warm answer through aws-sso-util.cmd, started as botocore does: ${ms} ms under Wine\n`)
  })

  it('five concurrent cache misses, started as botocore starts them, cost one GetRoleCredentials (WIN-E5)', async () => {
    rmSync(join(suite.user.profileDir, '.aws', 'cli', 'cache'), {recursive: true, force: true})
    const before = suite.roleCredentialCalls()
    const [words] = botocoreWin32Split([line])
    const runs = await Promise.all(Array.from({length: 5}, () => suite.startAsBotocore(words)))
    const keys = runs.map((child) => {
      expect(child.code, child.stderr).to.equal(0)
      return (JSON.parse(child.stdout) as {AccessKeyId: string}).AccessKeyId
    })
    expect(new Set(keys).size).to.equal(1)
    expect(suite.roleCredentialCalls() - before).to.equal(1)
  })

  it('exec runs a .cmd program by its bare name, as cdk and npm are, with the role credentials and its arguments intact (WIN-E7)', async () => {
    const tools = `${suite.user.profile}\\tools`
    // As npm writes launchers for cdk, npx and the like: a .cmd that hands its arguments (%*) to node.
    const toolsDir = ensureDir(onDriveC(suite.win, tools))
    writeFileSync(join(toolsDir, 'hello.cmd'), '@node "%~dp0\\hello.js" %*\r\n')
    writeFileSync(
      join(toolsDir, 'hello.js'),
      "require('fs').writeSync(1, JSON.stringify({key: process.env.AWS_ACCESS_KEY_ID.slice(0, 4), args: process.argv.slice(2)}) + '\\n')\n",
    )
    const r = await cli(['exec', '--profile', 'win', '-a', ACCOUNT_ID, '-r', ROLE_NAME, '--', 'hello', 'a b', 'x&y', 'C:\\dir with space\\'], [npmBin, tools])
    expect(r.code, show('exec', r)).to.equal(0)
    expect(JSON.parse(r.stdout)).to.deep.equal({key: 'ASIA', args: ['a b', 'x&y', 'C:\\dir with space\\']})
  })

  it('configure writes the config while another program holds it open without delete sharing, retrying the rename (WIN-E8)', async () => {
    const config = join(suite.user.profileDir, '.aws', 'config')
    const holder = runWindows(suite.win, suite.user, suite.win.probe, ['hold', `${suite.user.profile}\\.aws\\config`])
    const deadline = Date.now() + 60_000
    while (!existsSync(`${config}.held`) && Date.now() < deadline)
      await new Promise((resolve) => {
        setTimeout(resolve, 50)
      })
    expect(existsSync(`${config}.held`), 'the holder never held the file').to.equal(true)
    const r = await cli(['configure', 'profile', 'win-held', ...roleFlags('us-east-1'), '--non-interactive'])
    const held = await holder
    rmSync(`${config}.held`, {force: true})
    expect(held.code, show('holder', held)).to.equal(0)
    expect(r.code, show('configure', r)).to.equal(0)
    expect(readFileSync(config, 'utf8')).to.contain('[profile win-held]')
  })

  it('check passes the line and the caches on Windows: exit 0 (WIN-E6)', async () => {
    const r = await cli(['check', '--check-profile', 'win', '--account-id', ACCOUNT_ID, '--role-name', ROLE_NAME])
    expect(r.code, show('check', r)).to.equal(0)
    expect(r.stdout).to.match(/cache.*Windows/)
  })
})
