import {expect} from 'chai'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {credentialProcessPrefix, nodeForCredentialProcess, pluginPrefix} from '../../src/lib/configure/credential-process-command.js'
import {repointBrokenPluginLines} from '../../src/lib/configure/repoint.js'
import {splitCommandLine} from '../support/command-line.js'

describe('configure: the credential_process line in plugin mode', () => {
  let dir: string
  let node: string

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'plugin-line-'))
    node = join(dir, 'versions', 'v20', 'bin', 'node')
    mkdirSync(join(node, '..'), {recursive: true})
    writeFileSync(node, '#!/bin/sh\n', {mode: 0o755})
    mkdirSync(join(dir, 'bin'))
  })

  after(() => rmSync(dir, {recursive: true, force: true}))

  it('runs the plugin bin/run.js with an absolute node, each path quoted so shlex and /bin/sh read the same words', () => {
    const root = "/home/o'neil/.local/share/my host/node_modules/aws-sso-util"
    const prefix = pluginPrefix(root, '/usr/bin/node')
    expect(prefix).to.equal(String.raw`/usr/bin/node '/home/o'\''neil/.local/share/my host/node_modules/aws-sso-util/bin/run.js' credential-process`)
    expect(splitCommandLine(prefix)).to.deep.equal(['/usr/bin/node', `${root}/bin/run.js`, 'credential-process'])
  })

  it('in plugin mode writes the plugin line, not the host; the standalone on PATH and the override still win', () => {
    const plugin = {bin: 'host', pluginRoot: '/p/aws-sso-util', node: () => '/usr/bin/node'}
    expect(credentialProcessPrefix({...plugin, env: {PATH: '/nonexistent'}})).to.deep.equal({
      prefix: '/usr/bin/node /p/aws-sso-util/bin/run.js credential-process',
    })
    expect(credentialProcessPrefix({...plugin, env: {}, onPath: (name) => name === 'aws-sso-util'})).to.deep.equal({prefix: 'aws-sso-util credential-process'})
    expect(credentialProcessPrefix({...plugin, env: {AWS_SSO_CREDENTIAL_PROCESS_NAME: 'x creds'}})).to.deep.equal({prefix: 'x creds'})
  })

  it("names node by its PATH name when that leads to the running binary (a symlink that survives upgrades), else by the running binary's path", () => {
    const stable = join(dir, 'bin', 'node')
    symlinkSync(node, stable)
    try {
      expect(nodeForCredentialProcess(node, {PATH: join(dir, 'bin')})).to.equal(stable)
      // Another node first on PATH (a version manager's shim, an older system node): the running one, by its own path.
      expect(nodeForCredentialProcess(node, {PATH: '/usr/bin:/bin'})).to.equal(node)
      expect(nodeForCredentialProcess(node, {PATH: '/nonexistent'})).to.equal(node)
    } finally {
      rmSync(stable)
    }
  })

  describe('re-pointing lines whose plugin or node moved', () => {
    const now = "/usr/bin/node '/new home/aws-sso-util/bin/run.js' credential-process"
    const exists = (path: string) => !path.startsWith('/gone/')

    it('rewrites a broken plugin line of any profile, keeping its arguments and every other byte', () => {
      const text = [
        '# mine',
        '[profile a]',
        'region = eu-west-1',
        "credential_process = /usr/bin/node /gone/aws-sso-util/bin/run.js credential-process --profile 'a b'",
        '',
        '[profile b]',
        'credential_process = /gone/node /x/aws-sso-util/bin/run.js credential-process --profile b --no-login',
        '',
      ].join('\n')
      const out = repointBrokenPluginLines(text, now, exists)
      expect(out.profiles).to.deep.equal(['a', 'b'])
      expect(out.text).to.equal(
        [
          '# mine',
          '[profile a]',
          'region = eu-west-1',
          `credential_process = ${now} --profile 'a b'`,
          '',
          '[profile b]',
          `credential_process = ${now} --profile b --no-login`,
          '',
        ].join('\n'),
      )
    })

    it('leaves lines that still run, lines of other tools and lines it cannot read', () => {
      const text = [
        '[profile ok]',
        'credential_process = /usr/bin/node /x/aws-sso-util/bin/run.js credential-process --profile ok',
        '[profile other]',
        'credential_process = /usr/bin/node /gone/other-tool/bin/run.js credential-process --profile other',
        '[profile standalone]',
        'credential_process = aws-sso-util credential-process --profile standalone',
        '[profile unclosed]',
        "credential_process = '/gone/node /gone/aws-sso-util/bin/run.js credential-process",
        '',
      ].join('\n')
      expect(repointBrokenPluginLines(text, now, exists)).to.deep.equal({text, profiles: []})
    })
  })
})
