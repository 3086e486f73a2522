import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {appendFileSync, existsSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {useEmulator} from '../support/fixtures.js'
import {ACCOUNT_ID, ROLE_NAME, SSO_REGION, START_URL} from '../support/sso.js'
import {
  botocoreWin32Split,
  ensureDir,
  onDriveC,
  prepareWindows,
  requireWine,
  runWindows,
  type WindowsEnv,
  type WindowsUser,
  windowsUser,
  type WinResult,
  WINDOWS_NODE,
} from './wine.js'

/** npm's own cmd-shim, the module that writes aws-sso-util, .cmd and .ps1 into npm's global bin on Windows. */
function npmCmdShim(): (from: string, to: string) => Promise<void> {
  // The npm running the tests (npm_execpath), else the one on PATH: a Node from the npm registry
  // (CI's second pass) has no npm beside it.
  const npmCli = process.env.npm_execpath || spawnSync('sh', ['-c', 'command -v npm'], {encoding: 'utf8'}).stdout.trim()
  const npmDir = join(dirname(realpathSync(npmCli)), '..')
  return createRequire(join(npmDir, 'package.json'))('cmd-shim') as (from: string, to: string) => Promise<void>
}

const show = (what: string, r: WinResult) => `${what}: exit ${r.code} in ${r.ms} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}`

describe('Windows, for real: Node for Windows under Wine, a standalone npm install, the emulator', function () {
  this.timeout(600_000)
  const ctx = useEmulator({autoApprove: true}, false)
  let win: WindowsEnv
  let user: WindowsUser
  /** npm's global bin on Windows, where the launchers are: %APPDATA%\npm. */
  let npmBin: string
  let endpoints: Record<string, string>
  let line: string

  const cli = (args: string[]) =>
    runWindows(win, user, WINDOWS_NODE, [join(npmBin, 'node_modules', 'aws-sso-util', 'bin', 'run.js'), ...args], {extraEnv: endpoints, path: [npmBin]})
  const botocoreStart = (words: string[]) => runWindows(win, user, win.probe, ['botocore', ...words], {extraEnv: endpoints, path: [npmBin]})

  before(async function () {
    requireWine(this)
    win = prepareWindows()
    user = windowsUser(win)
    npmBin = String.raw`${user.profile}\AppData\Roaming\npm`
    // A global npm install: the package under node_modules, npm's three launchers beside it.
    const binDir = ensureDir(onDriveC(win, npmBin))
    ensureDir(join(binDir, 'node_modules'))
    symlinkSync(repoRoot, join(binDir, 'node_modules', 'aws-sso-util'), 'dir')
    await npmCmdShim()(join(binDir, 'node_modules', 'aws-sso-util', 'bin', 'run.js'), join(binDir, 'aws-sso-util'))
    // npm's launcher ends with `endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%" …`:
    // on Windows the failing goto hands over to `||`, which runs node; Wine's cmd.exe ends the batch
    // file there instead and node never runs. Without that trick (which only spares Windows users
    // a "Terminate batch job?" prompt) the line is npm's older launcher, and runs under both.
    const launcher = join(binDir, 'aws-sso-util.cmd')
    writeFileSync(launcher, readFileSync(launcher, 'utf8').replace('endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & ', 'endLocal & '))
    endpoints = {AWS_ENDPOINT_URL_SSO: ctx.emu.url, AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url}
  })

  after(() => user?.remove())

  it('configure profile --process-only writes a line whose botocore win32 split starts with a program CreateProcess finds, naming files that exist (WIN-E1)', async () => {
    const r = await cli([
      'configure',
      'profile',
      'win',
      '-u',
      START_URL,
      '--sso-region',
      SSO_REGION,
      '-a',
      ACCOUNT_ID,
      '-r',
      ROLE_NAME,
      '--region',
      'us-east-1',
      '--process-only',
      '--non-interactive',
    ])
    expect(r.code, show('configure', r)).to.equal(0)
    const config = readFileSync(join(user.profileDir, '.aws', 'config'), 'utf8')
    line = /^credential_process = (.*)$/m.exec(config)![1]
    const [words] = botocoreWin32Split([line])
    // npm's .cmd launcher, by its name with extension: CreateProcess searches PATH for it and adds nothing.
    expect(words[0]).to.equal('aws-sso-util.cmd')
    expect(existsSync(join(onDriveC(win, npmBin), words[0]))).to.equal(true)
    expect(words.slice(1, 4)).to.deep.equal(['credential-process', '--profile', 'win'])
  })

  it('logs in from logged out with --use-device-code --no-browser (WIN-E2)', async () => {
    const r = await cli(['login', '--profile', 'win', '--use-device-code', '--no-browser'])
    expect(r.code, show('login', r)).to.equal(0)
    expect(ctx.emu.stats()).to.include({StartDeviceAuthorization: 1})
    expect(readdirSync(join(user.profileDir, '.aws', 'sso', 'cache')).filter((f) => f.endsWith('.json')).length).to.be.greaterThan(0)
  })

  it('the AWS SDK for Go v2 (Windows build) gets the role credentials through the line, run by cmd.exe /C (WIN-E3)', async () => {
    // The Go SDK takes its own SSO route for any profile with sso_* keys, before credential_process;
    // a profile with only the line is what it runs.
    appendFileSync(join(user.profileDir, '.aws', 'config'), `\n[profile win-go]\ncredential_process = ${line}\n`)
    const before = ctx.emu.stats().GetRoleCredentials ?? 0
    const r = await runWindows(win, user, win.probe, ['sdk', 'win-go'], {extraEnv: endpoints, path: [npmBin]})
    expect(r.code, show('Go SDK', r)).to.equal(0)
    const got = JSON.parse(r.stdout) as {AccessKeyId: string; Source: string}
    expect(got.Source).to.equal('ProcessProvider')
    expect(got.AccessKeyId).to.match(/^ASIA/)
    expect((ctx.emu.stats().GetRoleCredentials ?? 0) - before).to.equal(1)
  })

  it('started as botocore starts it (CreateProcess, no shell), the warm answer is one JSON line and nothing on stderr (WIN-E4)', async () => {
    const stats = ctx.emu.stats()
    const [words] = botocoreWin32Split([line])
    const r = await botocoreStart(words)
    expect(r.code, show('probe', r)).to.equal(0)
    const child = JSON.parse(r.stdout) as {code: number; stdout: string; stderr: string; ms: number}
    expect(child.stderr, r.stdout).to.equal('')
    expect(child.code).to.equal(0)
    expect(child.stdout.split('\n').filter(Boolean)).to.have.length(1)
    expect(JSON.parse(child.stdout)).to.include({Version: 1})
    expect(ctx.emu.stats()).to.deep.equal(stats)
    process.stdout.write(`      warm answer through aws-sso-util.cmd, started as botocore does: ${child.ms} ms under Wine\n`)
  })

  it('five concurrent cache misses, started as botocore starts them, cost one GetRoleCredentials (WIN-E5)', async () => {
    rmSync(join(user.profileDir, '.aws', 'cli', 'cache'), {recursive: true, force: true})
    const before = ctx.emu.stats().GetRoleCredentials ?? 0
    const [words] = botocoreWin32Split([line])
    const runs = await Promise.all(Array.from({length: 5}, () => botocoreStart(words)))
    const keys = runs.map((r) => {
      expect(r.code, show('probe', r)).to.equal(0)
      const child = JSON.parse(r.stdout) as {code: number; stdout: string; stderr: string}
      expect(child.code, child.stderr).to.equal(0)
      return (JSON.parse(child.stdout) as {AccessKeyId: string}).AccessKeyId
    })
    expect(new Set(keys).size).to.equal(1)
    expect((ctx.emu.stats().GetRoleCredentials ?? 0) - before).to.equal(1)
  })

  it('exec runs a .cmd program by its bare name, as cdk and npm are, with the role credentials and its arguments intact (WIN-E7)', async () => {
    const tools = `${user.profile}\\tools`
    // As npm writes launchers for cdk, npx and the like: a .cmd that hands its arguments (%*) to node.
    const toolsDir = ensureDir(onDriveC(win, tools))
    writeFileSync(join(toolsDir, 'hello.cmd'), '@node "%~dp0\\hello.js" %*\r\n')
    writeFileSync(
      join(toolsDir, 'hello.js'),
      "require('fs').writeSync(1, JSON.stringify({key: process.env.AWS_ACCESS_KEY_ID.slice(0, 4), args: process.argv.slice(2)}) + '\\n')\n",
    )
    const r = await runWindows(
      win,
      user,
      WINDOWS_NODE,
      [
        join(npmBin, 'node_modules', 'aws-sso-util', 'bin', 'run.js'),
        'exec',
        '--profile',
        'win',
        '-a',
        ACCOUNT_ID,
        '-r',
        ROLE_NAME,
        '--',
        'hello',
        'a b',
        'x&y',
        'C:\\dir with space\\',
      ],
      {extraEnv: endpoints, path: [npmBin, tools]},
    )
    expect(r.code, show('exec', r)).to.equal(0)
    expect(JSON.parse(r.stdout)).to.deep.equal({key: 'ASIA', args: ['a b', 'x&y', 'C:\\dir with space\\']})
  })

  it('configure writes the config while another program holds it open without delete sharing, retrying the rename (WIN-E8)', async () => {
    const config = join(user.profileDir, '.aws', 'config')
    const holder = runWindows(win, user, win.probe, ['hold', `${user.profile}\\.aws\\config`])
    const deadline = Date.now() + 60_000
    while (!existsSync(`${config}.held`) && Date.now() < deadline)
      await new Promise((resolve) => {
        setTimeout(resolve, 50)
      })
    expect(existsSync(`${config}.held`), 'the holder never held the file').to.equal(true)
    const r = await cli([
      'configure',
      'profile',
      'win-held',
      '-u',
      START_URL,
      '--sso-region',
      SSO_REGION,
      '-a',
      ACCOUNT_ID,
      '-r',
      ROLE_NAME,
      '--region',
      'us-east-1',
      '--non-interactive',
    ])
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
