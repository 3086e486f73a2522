import {expect} from 'chai'
import {existsSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {show, useWindowsSuite} from '../support/windows-suite.js'
import {botocoreWin32Split, ensureDir, onDriveC, WINDOWS_NODE, type WindowsEnv} from './wine.js'

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
    const suite = useWindowsSuite()
    let hostJs: string
    let line: string

    // No standalone aws-sso-util on PATH: only node.exe's directory, as on a machine with just the host.
    const host = (args: string[]) => suite.run(WINDOWS_NODE, [hostJs, ...args])

    before(() => {
      // An oclif CLI installed in a folder with a space, with aws-sso-util as one of its plugins.
      const hostDir = `${suite.user.profile}\\AppData\\Local\\${folder}`
      const dir = ensureDir(onDriveC(suite.win, hostDir))
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
    })

    it("host configure profile --process-only writes node.exe, bare, then our bin/run.js; botocore's win32 split names files that exist (WIN-P1)", async () => {
      const configured = await suite.configureProcessOnly(host, 'winp', 'host configure')
      line = configured.line
      const {words} = configured
      expect(words[0]).to.equal('node.exe')
      expect(existsSync(linuxPath(suite.win, WINDOWS_NODE))).to.equal(true)
      expect(words[1]).to.match(/\\bin\\run\.js$/)
      expect(existsSync(linuxPath(suite.win, words[1])), words[1]).to.equal(true)
      expect(words.slice(2, 5)).to.deep.equal(['credential-process', '--profile', 'winp'])
    })

    it('the host logs in; started as botocore starts it, the cold plugin line fetches the role credentials once, nothing on stderr (WIN-P2)', async () => {
      const login = await host(['login', '--profile', 'winp', '--use-device-code', '--no-browser'])
      expect(login.code, show('host login', login)).to.equal(0)
      const before = suite.roleCredentialCalls()
      const [words] = botocoreWin32Split([line])
      const child = await suite.startAsBotocore(words)
      expect(child.stderr, JSON.stringify(child)).to.equal('')
      expect(JSON.parse(child.stdout)).to.include({Version: 1})
      expect(suite.roleCredentialCalls() - before).to.equal(1)
    })

    it('started as botocore starts it, the warm plugin line prints one JSON line and nothing on stderr (WIN-P3)', async () => {
      const ms = await suite.expectWarmAnswer(line)
      process.stdout.write(`      warm answer through node.exe run.js, started as botocore does: ${ms} ms under Wine\n`)
    })

    it('the Go SDK (Windows build) gets the role credentials through the plugin line when it has no quotes (WIN-P4)', async function () {
      if (line.includes('"')) this.skip()
      rmSync(join(suite.user.profileDir, '.aws', 'cli', 'cache'), {recursive: true, force: true})
      const before = suite.roleCredentialCalls()
      await suite.goSdkThroughLine('winp-go', line)
      expect(suite.roleCredentialCalls() - before).to.equal(1)
    })
  })
