import {expect} from 'chai'
import {appendFileSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

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
  WINDOWS_NODE,
  type WindowsEnv,
  type WindowsUser,
  windowsUser,
  type WinResult,
} from './wine.js'

const show = (what: string, r: WinResult) => `${what}: exit ${r.code} in ${r.ms} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}`

/** The Linux path of a path as a Windows program names it (C:\ in the prefix, Z:\ for /). */
function linuxPath(win: WindowsEnv, path: string): string {
  if (/^z:\\/i.test(path)) return path.slice(2).replaceAll('\\', '/')
  return onDriveC(win, path)
}

// Hosts install their plugins under the user's profile: C:\Users\jane\AppData\Local\<host>. A space
// there (a user name with one) makes the line quote the run.js path, which the Go SDK cannot run
// (see docs/windows.md); botocore and the JavaScript SDKs can.
for (const folder of ['my host', 'host-cli'])
  describe(`Windows, for real: the line a plugin host in "${folder}" writes, under Node for Windows in Wine`, function () {
    this.timeout(600_000)
    const ctx = useEmulator({autoApprove: true}, false)
    let win: WindowsEnv
    let user: WindowsUser
    let hostJs: string
    let endpoints: Record<string, string>
    let line: string

    // No standalone aws-sso-util on PATH: only node.exe's directory, as on a machine with just the host.
    const host = (args: string[]) => runWindows(win, user, WINDOWS_NODE, [hostJs, ...args], {extraEnv: endpoints})

    before(function () {
      requireWine(this)
      win = prepareWindows()
      user = windowsUser(win)
      // An oclif CLI installed in a folder with a space, with aws-sso-util as one of its plugins.
      const hostDir = `${user.profile}\\AppData\\Local\\${folder}`
      const dir = ensureDir(onDriveC(win, hostDir))
      ensureDir(join(dir, 'bin'))
      ensureDir(join(dir, 'node_modules'))
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({
          name: 'host-cli',
          version: '1.0.0',
          private: true,
          type: 'module',
          dependencies: {'@oclif/core': '^4', '@oclif/plugin-help': '^6', 'aws-sso-util': '*'},
          oclif: {bin: 'host', dirname: 'host-cli', topicSeparator: ' ', plugins: ['@oclif/plugin-help', 'aws-sso-util']},
        }),
      )
      writeFileSync(join(dir, 'bin', 'host.js'), `import {execute} from '@oclif/core'\n\nawait execute({dir: import.meta.url})\n`)
      // Node under Wine does not see through links, so the host's modules are linked one by one.
      for (const name of readdirSync(join(repoRoot, 'node_modules'))) symlinkSync(join(repoRoot, 'node_modules', name), join(dir, 'node_modules', name))
      symlinkSync(repoRoot, join(dir, 'node_modules', 'aws-sso-util'), 'dir')
      hostJs = String.raw`${hostDir}\bin\host.js`
      endpoints = {AWS_ENDPOINT_URL_SSO: ctx.emu.url, AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url}
    })

    after(() => user?.remove())

    it("host configure profile --process-only writes node.exe, bare, then our bin/run.js; botocore's win32 split names files that exist (WIN-P1)", async () => {
      const r = await host([
        'configure',
        'profile',
        'winp',
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
      expect(r.code, show('host configure', r)).to.equal(0)
      line = /^credential_process = (.*)$/m.exec(readFileSync(join(user.profileDir, '.aws', 'config'), 'utf8'))![1]
      const [words] = botocoreWin32Split([line])
      expect(words[0]).to.equal('node.exe')
      expect(existsSync(linuxPath(win, WINDOWS_NODE))).to.equal(true)
      expect(words[1]).to.match(/\\bin\\run\.js$/)
      expect(existsSync(linuxPath(win, words[1])), words[1]).to.equal(true)
      expect(words.slice(2, 5)).to.deep.equal(['credential-process', '--profile', 'winp'])
    })

    it('the host logs in; started as botocore starts it, the cold plugin line fetches the role credentials once, nothing on stderr (WIN-P2)', async () => {
      const login = await host(['login', '--profile', 'winp', '--use-device-code', '--no-browser'])
      expect(login.code, show('host login', login)).to.equal(0)
      const before = ctx.emu.stats().GetRoleCredentials ?? 0
      const [words] = botocoreWin32Split([line])
      const r = await runWindows(win, user, win.probe, ['botocore', ...words], {extraEnv: endpoints})
      expect(r.code, show('probe', r)).to.equal(0)
      const child = JSON.parse(r.stdout) as {code: number; stdout: string; stderr: string}
      expect(child.stderr, r.stdout).to.equal('')
      expect(JSON.parse(child.stdout)).to.include({Version: 1})
      expect((ctx.emu.stats().GetRoleCredentials ?? 0) - before).to.equal(1)
    })

    it('started as botocore starts it, the warm plugin line prints one JSON line and nothing on stderr (WIN-P3)', async () => {
      const stats = ctx.emu.stats()
      const [words] = botocoreWin32Split([line])
      const r = await runWindows(win, user, win.probe, ['botocore', ...words], {extraEnv: endpoints})
      expect(r.code, show('probe', r)).to.equal(0)
      const child = JSON.parse(r.stdout) as {code: number; stdout: string; stderr: string; ms: number}
      expect(child.stderr, r.stdout).to.equal('')
      expect(child.code).to.equal(0)
      expect(child.stdout.split('\n').filter(Boolean)).to.have.length(1)
      expect(JSON.parse(child.stdout)).to.include({Version: 1})
      expect(ctx.emu.stats()).to.deep.equal(stats)
      process.stdout.write(`      warm answer through node.exe run.js, started as botocore does: ${child.ms} ms under Wine\n`)
    })

    it('the Go SDK (Windows build) gets the role credentials through the plugin line when it has no quotes (WIN-P4)', async function () {
      if (line.includes('"')) this.skip()
      appendFileSync(join(user.profileDir, '.aws', 'config'), `\n[profile winp-go]\ncredential_process = ${line}\n`)
      rmSync(join(user.profileDir, '.aws', 'cli', 'cache'), {recursive: true, force: true})
      const before = ctx.emu.stats().GetRoleCredentials ?? 0
      const r = await runWindows(win, user, win.probe, ['sdk', 'winp-go'], {extraEnv: endpoints})
      expect(r.code, show('Go SDK', r)).to.equal(0)
      expect(JSON.parse(r.stdout)).to.include({Source: 'ProcessProvider'})
      expect((ctx.emu.stats().GetRoleCredentials ?? 0) - before).to.equal(1)
    })
  })
