import {expect} from 'chai'
import {readFileSync, realpathSync, writeFileSync} from 'node:fs'
import {basename, delimiter, join} from 'node:path'
import {stripVTControlCharacters} from 'node:util'

import {makeTempDir, removeDir} from '../support/cli.js'
import {profileValue, splitCommandLine} from '../support/command-line.js'
import {expectCompleteHelp, words} from '../support/help.js'
import {
  installGlobal,
  type Installed,
  type Manifest,
  npmUserSettings,
  type Packed,
  packTarball,
  readManifest,
  readPackageJson,
  repoRoot,
} from '../support/package.js'
import {createPluginHost, type PluginHost} from '../support/plugin-host.js'
import {describeRun, run} from '../support/run.js'
import {nonInteractiveProfileFlags} from '../support/sso.js'
import {writeWarmCache} from '../support/warm-cache.js'

const {version} = readPackageJson()

/** `configure profile` with every value given, so it neither prompts nor logs in. */
const configureArgs = (profile: string) => ['configure', 'profile', profile, ...nonInteractiveProfileFlags()]

/** Runs a written credential_process line as an SDK would, with the host's PATH and HOME. */
async function runCredentialProcessLine(host: PluginHost, env: NodeJS.ProcessEnv, profile: string) {
  const config = readFileSync(join(host.home, '.aws', 'config'), 'utf8')
  const line = profileValue(config, profile, 'credential_process')
  expect(line, `credential_process in [profile ${profile}]:\n${config}`).to.be.a('string')
  const [file, ...args] = splitCommandLine(line!)
  return {line: line!, result: await run(file, args, {cwd: host.home, env, timeoutMs: 60_000})}
}

/** The checks every way of adding the plugin must pass; `setUp` adds it to a fresh host. */
function behavesAsPlugin(title: string, setUp: (host: PluginHost, packed: Packed, installed: Installed) => Promise<string>) {
  describe(title, function () {
    this.timeout(300_000)
    let dir: string
    let host: PluginHost
    let manifest: Manifest
    /** Where the host keeps the plugin. */
    let pluginRoot: string

    before(async () => {
      const [packed, installed, npmEnv] = await Promise.all([packTarball(), installGlobal(), npmUserSettings()])
      manifest = readManifest(installed.packageDir)
      dir = makeTempDir('aws-sso-util-host-')
      host = createPluginHost(dir, {npmEnv})
      pluginRoot = await setUp(host, packed, installed)
    })

    after(() => removeDir(dir))

    it('lists the plugin and its commands', async () => {
      const plugins = await host.run(['plugins'])
      expect(plugins.code, describeRun('host plugins', plugins)).to.equal(0)
      // plugin-plugins colours the version whenever it detects CI, terminal or not.
      expect(stripVTControlCharacters(plugins.stdout)).to.match(new RegExp(`^aws-sso-util ${version.replaceAll('.', String.raw`\.`)}\\b`, 'm'))
      const help = await host.run(['--help'])
      expect(help.code, describeRun('host --help', help)).to.equal(0)
      for (const id of Object.keys(manifest.commands)) expect(help.stdout, id).to.match(new RegExp(`^  ${words(id)[0]} `, 'm'))
    })

    it('shows complete help for every command under the host name', async () => {
      for (const id of Object.keys(manifest.commands)) {
        const result = await host.run(['help', ...words(id)])
        expect(result.code, describeRun(`host help ${id}`, result)).to.equal(0)
        expectCompleteHelp(result.stdout, manifest, id, 'host')
      }
    })

    it('shows complete help for every command under the aws-sso topic too', async () => {
      for (const id of Object.keys(manifest.commands)) {
        expect(manifest.commands[id].hiddenAliases, id).to.include(`aws-sso:${id}`)
        const result = await host.run(['aws-sso', ...words(id), '--help'])
        expect(result.code, describeRun(`host aws-sso ${id} --help`, result)).to.equal(0)
        expectCompleteHelp(result.stdout, manifest, id, 'host', ['aws-sso', ...words(id)].join(' '))
      }
    })

    it('login --help works through the host', async () => {
      const result = await host.run(['login', '--help'])
      expect(result.code, describeRun('host login --help', result)).to.equal(0)
      expect(result.stderr).to.equal('')
      expect(result.stdout).to.contain('USAGE\n  $ host login')
    })

    for (const command of [['credential-process'], ['aws-sso', 'credential-process']]) {
      it(`${command.join(' ')} answers from a warm cache through the host`, async () => {
        const warm = writeWarmCache(host.home)
        const result = await host.run([...command, '--profile', warm.profile])
        expect(result.stderr).to.equal('')
        expect(result.code).to.equal(0)
        expect(result.stdout).to.equal(warm.expectedLine)
      })
    }

    it("through the host, a warm cache is answered without the plugin's own @oclif/core or any AWS SDK module", async () => {
      const warm = writeWarmCache(host.home)
      const trace = join(host.home, 'imports.txt')
      writeFileSync(trace, '')
      const result = await run(
        process.execPath,
        [
          '--import',
          join(repoRoot, 'test', 'support', 'trace-imports.mjs'),
          join(host.binDir, 'host.js'),
          'aws-sso',
          'credential-process',
          '--profile',
          warm.profile,
        ],
        {
          cwd: host.home,
          env: {...host.env, TRACE_IMPORTS_FILE: trace},
        },
      )
      expect(result.stdout, describeRun('host aws-sso credential-process', result)).to.equal(warm.expectedLine)
      const modules = readFileSync(trace, 'utf8')
        .trim()
        .split('\n')
        .map((m) => m.replace(/^file:\/\//, ''))
      const pluginDir = realpathSync(pluginRoot)
      expect(
        modules.some((m) => m.includes('credential-process.cjs')),
        'the fast path ran',
      ).to.equal(true)
      // The host's own copy is loaded, of course; a second one from the plugin's node_modules is what costs.
      expect(
        modules.filter(
          (m) => m.startsWith(join(pluginDir, 'node_modules', '@oclif', 'core')) || m.startsWith(join(pluginRoot, 'node_modules', '@oclif', 'core')),
        ),
      ).to.deep.equal([])
      expect(modules.filter((m) => m.includes('@aws-sdk') || m.includes('@smithy'))).to.deep.equal([])
    })

    it("configure profile, with no standalone aws-sso-util on PATH, writes a line that runs the plugin's own bin/run.js, not the host", async () => {
      const warm = writeWarmCache(host.home)
      const result = await host.run(['aws-sso', ...configureArgs('via-plugin')])
      expect(result.code, describeRun('host aws-sso configure profile', result)).to.equal(0)
      // No PATH at all: the line must not need the host, nor a node found on PATH.
      const {line, result: creds} = await runCredentialProcessLine(host, {...host.env, PATH: ''}, 'via-plugin')
      const [node, runJs, ...rest] = splitCommandLine(line)
      for (const word of [node, runJs]) expect(basename(word), line).to.not.be.oneOf(['host', 'host.js'])
      expect(node, line).to.equal(process.execPath)
      expect(runJs, line).to.match(/[/\\]bin[/\\]run\.js$/)
      expect(realpathSync(join(runJs, '..', '..'))).to.equal(realpathSync(pluginRoot))
      expect(rest).to.deep.equal(['credential-process', '--profile', 'via-plugin'])
      expect(creds.stderr).to.equal('')
      expect(creds.code).to.equal(0)
      expect(creds.stdout).to.equal(warm.expectedLine)
    })

    it("configure re-points another profile's line whose plugin copy is gone, and that line then runs", async () => {
      const warm = writeWarmCache(host.home)
      const configFile = join(host.home, '.aws', 'config')
      const gone = join(host.dir, 'gone', 'node_modules', 'aws-sso-util', 'bin', 'run.js')
      const legacy = readFileSync(configFile, 'utf8')
      writeFileSync(
        configFile,
        legacy.replace(/(\[profile warm\]\n)/, `$1credential_process = ${process.execPath} ${gone} credential-process --profile warm\n`),
      )
      const result = await host.run(['aws-sso', ...configureArgs('another')])
      expect(result.code, describeRun('host aws-sso configure profile', result)).to.equal(0)
      expect(result.stderr).to.match(/^Re-pointed credential_process of warm to \S+ \S+run\.js credential-process/m)
      const {line, result: creds} = await runCredentialProcessLine(host, {...host.env, PATH: ''}, 'warm')
      expect(line).to.not.contain(gone)
      expect(line.endsWith(' credential-process --profile warm'), line).to.equal(true)
      expect(creds.stderr).to.equal('')
      expect(creds.stdout).to.equal(warm.expectedLine)
    })

    it('configure profile, with the standalone aws-sso-util on PATH, writes a line that runs it', async () => {
      const {binDir} = await installGlobal()
      const env = {...host.env, PATH: [binDir, host.env.PATH].join(delimiter)}
      const warm = writeWarmCache(host.home)
      const result = await host.run(configureArgs('via-standalone'), {env})
      expect(result.code, describeRun('host configure profile', result)).to.equal(0)
      const {line, result: creds} = await runCredentialProcessLine(host, env, 'via-standalone')
      expect(line).to.equal('aws-sso-util credential-process --profile via-standalone')
      expect(creds.stderr).to.equal('')
      expect(creds.code).to.equal(0)
      expect(creds.stdout).to.equal(warm.expectedLine)
    })
  })
}

describe('package: as a plugin of another oclif CLI', () => {
  behavesAsPlugin('installed with `plugins install file:<tarball>`', async (host, packed) => {
    const result = await host.run(['plugins', 'install', `file:${packed.tarball}`], {timeoutMs: 300_000})
    expect(result.code, describeRun('host plugins install', result)).to.equal(0)
    // plugin-plugins checks that every `files` entry exists as written; a glob or negation there
    // makes every install warn that the plugin "may not work as expected".
    expect(result.stderr, describeRun('host plugins install', result)).to.not.contain('may not work as expected')
    expect(result.stderr).to.match(new RegExp(`installed v${version.replaceAll('.', String.raw`\.`)}\n$`))
    return join(host.env.XDG_DATA_HOME!, 'host-cli', 'node_modules', 'aws-sso-util')
  })

  behavesAsPlugin('linked with `plugins link <dir>` (the unpacked package with its production dependencies)', async (host, _packed, installed) => {
    const result = await host.run(['plugins', 'link', installed.packageDir, '--no-install'])
    expect(result.code, describeRun('host plugins link', result)).to.equal(0)
    return installed.packageDir
  })
})
