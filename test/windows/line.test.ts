import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {hasPosixModes, untrustedDirReason} from '../../src/lib/cache/secure-file.js'
import {credentialProcessPrefix, nodeForCredentialProcess, pluginPrefix} from '../../src/lib/configure/credential-process-command.js'
import {lineQuote, windowsQuote, windowsSplit} from '../../src/lib/configure/line-quote.js'
import {credentialProcessLine} from '../../src/lib/configure/profile-flow.js'
import {repointBrokenPluginLines} from '../../src/lib/configure/repoint.js'
import {ConfigError} from '../../src/lib/errors.js'
import {cacheExposure, credentialProcessProblems} from '../../src/lib/everyday/check.js'
import {missingReason} from '../support/system-tools.js'

/** botocore's own split of each line with platform='win32', the rules botocore and AWS CLI v2 use on Windows. */
function botocoreWin32Split(lines: string[]): Array<string[] | {error: string}> {
  const script = [
    'import json, sys',
    'from botocore.compat import compat_shell_split',
    'out = []',
    'for line in json.load(sys.stdin):',
    '    try: out.append(compat_shell_split(line, platform="win32"))',
    '    except ValueError as e: out.append({"error": str(e)})',
    'print(json.dumps(out))',
  ].join('\n')
  const r = spawnSync('python3', ['-c', script], {input: JSON.stringify(lines), encoding: 'utf8', timeout: 30_000})
  if (r.status !== 0) throw new Error(`python3 botocore split failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as Array<string[] | {error: string}>
}

const NODE = String.raw`C:\Program Files\nodejs\node.exe`
const ROOT = String.raw`C:\Users\Jane Doe\AppData\Local\my host\node_modules\aws-sso-util`

function ensure(path: string): string {
  mkdirSync(path, {recursive: true})
  return path
}

describe('Windows: the credential_process line (win32 rules, checked against botocore)', () => {
  before(function () {
    // botocore is the oracle here; the missing-tool rule (skip, or fail under CI) applies to it.
    if (missingReason('python3-boto3')) {
      if (process.env.CI === 'true') throw new Error(`${missingReason('python3-boto3')}: botocore is needed`)
      this.skip()
    }
  })

  it('quotes only words that need it, with double quotes, and refuses what cmd.exe would change (WIN-Q1)', () => {
    expect(windowsQuote('dev')).to.equal('dev')
    expect(windowsQuote(String.raw`C:\nodejs\node.exe`)).to.equal(String.raw`C:\nodejs\node.exe`)
    expect(windowsQuote('my profile')).to.equal('"my profile"')
    expect(windowsQuote("o'neil")).to.equal(`"o'neil"`)
    expect(windowsQuote('')).to.equal('""')
    expect(windowsQuote(String.raw`C:\dir with space\\`)).to.equal(String.raw`"C:\dir with space\\\\"`)
    for (const bad of ['a"b', '%USERPROFILE%', 'a&b', 'a|b', 'a^b', 'a<b', 'a>b', 'a\nb']) {
      expect(() => windowsQuote(bad), bad).to.throw(ConfigError, /cannot go into a credential_process line on Windows/)
    }

    // POSIX keeps its single quotes.
    expect(lineQuote('my profile', 'linux')).to.equal("'my profile'")
  })

  it("every line the win32 builder writes, botocore's win32 split reads back word for word, and so does ours (WIN-Q2)", () => {
    const names = ['dev', 'my profile', "o'neil", 'security-(audit).Role', '-leading', String.raw`back\slash`, String.raw`trail\ `]
    const cases = names.map((name) => {
      const prefix = pluginPrefix(ROOT, NODE, 'win32')
      const line = credentialProcessLine(prefix, name, {accountId: '123456789012', roleName: 'Role With Space', ssoSession: 'my-sso'}, 'win32')
      const profileWords = name.startsWith('-') ? [`--profile=${name}`] : ['--profile', name]
      return {
        line,
        want: [
          NODE,
          `${ROOT}\\bin\\run.js`,
          'credential-process',
          ...profileWords,
          '--sso-session',
          'my-sso',
          '--account-id',
          '123456789012',
          '--role-name',
          'Role With Space',
        ],
      }
    })
    const split = botocoreWin32Split(cases.map((c) => c.line))
    for (const [i, c] of cases.entries()) {
      expect(split[i], c.line).to.deep.equal(c.want)
      expect(windowsSplit(c.line), c.line).to.deep.equal(c.want)
    }

    expect(cases[0].line).to.equal(
      String.raw`"C:\Program Files\nodejs\node.exe" "C:\Users\Jane Doe\AppData\Local\my host\node_modules\aws-sso-util\bin\run.js" credential-process --profile dev --sso-session my-sso --account-id 123456789012 --role-name "Role With Space"`,
    )
  })

  it('our win32 split agrees with botocore on awkward hand-written lines (WIN-Q3)', () => {
    const lines = [
      String.raw`C:\a\b.exe x`,
      String.raw`"C:\a b\c.exe" "x\"y" z\\"w v"`,
      String.raw`  a   "" b\\\\"c" d\\`,
      String.raw`a"b c"d e\\\"f`,
      'one\ttwo',
    ]
    const split = botocoreWin32Split(lines)
    for (const [i, line] of lines.entries()) expect(windowsSplit(line), line).to.deep.equal(split[i])
    expect(botocoreWin32Split(['"unclosed'])[0]).to.have.property('error')
    expect(windowsSplit('"unclosed')).to.equal(undefined)
  })

  describe('the first word', () => {
    let dir: string

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'win-line-'))
      mkdirSync(join(dir, 'npm'))
      // What npm installs on Windows: an extension-less sh script, a .cmd and a .ps1 launcher.
      // (Lower case: Windows matches names in any case, this file system does not.)
      for (const name of ['aws-sso-util', 'aws-sso-util.cmd', 'aws-sso-util.ps1']) writeFileSync(join(dir, 'npm', name), 'x', {mode: 0o755})
      mkdirSync(join(dir, 'shonly'))
      writeFileSync(join(dir, 'shonly', 'aws-sso-util'), 'x')
    })

    after(() => rmSync(dir, {recursive: true, force: true}))

    it("standalone: names npm's .cmd launcher with its extension, bare, so CreateProcess finds it and cmd.exe /C needs no quotes (WIN-L1)", () => {
      const env = {PATH: join(dir, 'npm'), PATHEXT: '.com;.exe;.bat;.cmd'}
      expect(credentialProcessPrefix({bin: 'aws-sso-util', env, platform: 'win32'})).to.deep.equal({prefix: 'aws-sso-util.cmd credential-process'})
      expect(credentialProcessPrefix({bin: 'aws-sso-util', env, platform: 'linux'})).to.deep.equal({prefix: 'aws-sso-util credential-process'})
      // Only the extension-less script: nothing CreateProcess or cmd.exe runs, so the line warns (or, as a plugin, runs node).
      const shOnly = {PATH: join(dir, 'shonly'), PATHEXT: '.com;.exe;.bat;.cmd'}
      expect(credentialProcessPrefix({bin: 'aws-sso-util', env: shOnly, platform: 'win32'}).warning).to.match(/is not on PATH/)
      expect(credentialProcessPrefix({bin: 'host', env: shOnly, platform: 'win32', pluginRoot: ROOT, node: () => NODE})).to.deep.equal({
        prefix: String.raw`"C:\Program Files\nodejs\node.exe" "C:\Users\Jane Doe\AppData\Local\my host\node_modules\aws-sso-util\bin\run.js" credential-process`,
      })
    })

    it('plugin: names the running node by its bare name node.exe when PATH leads to it, else by its absolute path (WIN-L4)', () => {
      const nodeDir = ensure(join(dir, 'Program Files', 'nodejs'))
      const nodeExe = join(nodeDir, 'node.exe')
      writeFileSync(nodeExe, 'x', {mode: 0o755})
      const env = {PATH: nodeDir, PATHEXT: '.com;.exe;.bat;.cmd'}
      expect(nodeForCredentialProcess(nodeExe, env, 'win32')).to.equal('node.exe')
      expect(nodeForCredentialProcess(nodeExe, {PATH: join(dir, 'shonly'), PATHEXT: env.PATHEXT}, 'win32')).to.equal(nodeExe)
      const line = credentialProcessLine(pluginPrefix(ROOT, nodeForCredentialProcess(nodeExe, env, 'win32'), 'win32'), 'dev', undefined, 'win32')
      expect(line).to.equal(
        String.raw`node.exe "C:\Users\Jane Doe\AppData\Local\my host\node_modules\aws-sso-util\bin\run.js" credential-process --profile dev`,
      )
    })

    it("check: on Windows a bare extension-less first word is flagged (botocore adds only .exe), the .cmd name passes, and the name's quoting is Windows' (WIN-L2)", () => {
      const env = {PATH: join(dir, 'npm'), PATHEXT: '.com;.exe;.bat;.cmd'}
      expect(credentialProcessProblems('aws-sso-util credential-process --profile dev', 'dev', env, 'win32')).to.deep.equal([
        'credential_process runs "aws-sso-util", which is not an executable on PATH (botocore adds only .exe: name a launcher with its extension, e.g. aws-sso-util.cmd)',
      ])
      expect(credentialProcessProblems('aws-sso-util.cmd credential-process --profile "my p"', 'my p', env, 'win32')).to.deep.equal([])
      expect(credentialProcessProblems("aws-sso-util.cmd credential-process --profile 'my p'", 'my p', env, 'win32')).to.deep.equal([
        `credential_process names --profile "'my", not this profile "my p"`,
      ])
    })
  })

  it('re-points a broken Windows plugin line, keeping its arguments quoted for Windows (WIN-L3)', () => {
    const now = String.raw`"C:\Program Files\nodejs\node.exe" "C:\new home\aws-sso-util\bin\run.js" credential-process`
    const text = `[profile a]\ncredential_process = "C:\\gone\\node.exe" C:\\old\\aws-sso-util\\bin\\run.js credential-process --profile "a b"\n`
    const out = repointBrokenPluginLines(text, now, (p) => !p.startsWith(String.raw`C:\gone`), 'win32')
    expect(out.profiles).to.deep.equal(['a'])
    expect(out.text).to.equal(`[profile a]\ncredential_process = ${now} --profile "a b"\n`)
  })
})

describe('Windows: no POSIX mode checks (modes mean nothing there)', () => {
  let dir: string

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'win-modes-'))
    mkdirSync(join(dir, '.aws', 'cli', 'cache'), {recursive: true})
    chmodSync(join(dir, '.aws', 'cli', 'cache'), 0o777)
  })

  after(() => rmSync(dir, {recursive: true, force: true}))

  it('a cache directory Node reports as 0777 raises no warning and no check failure on win32, and still does elsewhere (WIN-M1)', () => {
    const cache = join(dir, '.aws', 'cli', 'cache')
    expect(hasPosixModes('win32')).to.equal(false)
    expect(untrustedDirReason(cache, 'win32')).to.equal(undefined)
    expect(untrustedDirReason(cache, 'linux')).to.match(/is writable by other users/)
    const env = {HOME: dir}
    expect(cacheExposure(env, 'win32')).to.deep.equal({unsafe: [], listable: []})
    expect(cacheExposure(env, 'linux').unsafe).to.deep.equal([`${cache} (mode 777)`])
  })
})
