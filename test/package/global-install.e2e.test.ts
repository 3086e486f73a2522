import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync, realpathSync} from 'node:fs'
import {builtinModules, createRequire} from 'node:module'
import {delimiter, dirname, join, relative} from 'node:path'

import {makeTempDir, removeDir} from '../support/cli.js'
import {useEmulator} from '../support/fixtures.js'
import {expectCompleteHelp, words} from '../support/help.js'
import {installGlobal, type Installed, type Manifest, readManifest, readPackageJson} from '../support/package.js'
import {systemPath} from '../support/plugin-host.js'
import {cleanEnv, describeRun, run, type RunResult} from '../support/run.js'
import {emulatorEnv, issueToken, legacyProfile, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {writeWarmCache} from '../support/warm-cache.js'

interface Semver {
  satisfies(version: string, range: string): boolean
  minVersion(range: string): null | {major: number; version: string}
  subset(sub: string, dom: string): boolean
}
// plugin-plugins declares semver as a dependency of its own, so this resolves wherever it is installed.
const semver = createRequire(createRequire(import.meta.url).resolve('@oclif/plugin-plugins'))('semver') as Semver

const CREDENTIALS =
  /^\{"Version":1,"AccessKeyId":"ASIA[A-Z0-9]{16}","SecretAccessKey":"[^"]+","SessionToken":"[^"]+","Expiration":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","AccountId":"123456789012"\}\n$/

/** Tools that must never be needed, or installed, at run time. */
const DEV_ONLY = ['typescript', 'tsx', 'mocha', 'chai', 'oclif', 'eslint', 'shx', '@oclif/plugin-plugins']

/** Bare specifiers imported by the package's own code; relative and node: imports are its own business. */
function importedPackages(dir: string): Map<string, string> {
  const found = new Map<string, string>()
  const walk = (current: string) => {
    for (const entry of readdirSync(current, {withFileTypes: true})) {
      const path = join(current, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path)
        continue
      }

      if (!/\.[cm]?js$/.test(entry.name)) continue
      const source = readFileSync(path, 'utf8')
      for (const match of source.matchAll(
        /(?:^|[\s;])(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
      )) {
        const spec = match[1] ?? match[2] ?? match[3]
        if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtinModules.includes(spec)) continue
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]
        found.set(name, relative(dir, path))
      }
    }
  }

  walk(dir)
  return found
}

describe('package: standalone install from the packed tarball', function () {
  this.timeout(300_000)
  let installed: Installed
  let manifest: Manifest
  let home: string
  const pkg = readPackageJson()

  const env = (extra: Record<string, string | undefined> = {}) =>
    cleanEnv({
      HOME: home,
      USERPROFILE: home,
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      PATH: [installed.binDir, dirname(process.execPath), ...systemPath()].join(delimiter),
      ...extra,
    })
  /** The bin npm linked, found through PATH as a user's shell finds it. */
  const cli = (args: string[], extra: Record<string, string | undefined> = {}): Promise<RunResult> =>
    run(installed.bin, args, {cwd: home, env: env(extra), timeoutMs: 60_000})

  before(async () => {
    installed = await installGlobal()
    manifest = readManifest(installed.packageDir)
  })

  beforeEach(() => {
    home = makeTempDir('aws-sso-util-global-')
  })

  afterEach(() => removeDir(home))

  it('links the aws-sso-util bin to the package bin/run.js', function () {
    if (process.platform === 'win32') this.skip()
    expect(realpathSync(installed.bin)).to.equal(realpathSync(join(installed.packageDir, 'bin', 'run.js')))
  })

  it('--version prints the bare version; `version` names the package, platform and Node', async () => {
    const result = await cli(['--version'])
    expect(result.code, describeRun('--version', result)).to.equal(0)
    expect(result.stdout).to.equal(`${pkg.version}\n`)
    const long = await cli(['version'])
    expect(long.code, describeRun('version', long)).to.equal(0)
    expect(long.stdout).to.match(new RegExp(`^aws-sso-util/${pkg.version.replaceAll('.', String.raw`\.`)} \\S+ node-v\\d+\\.\\d+\\.\\d+\\n$`))
  })

  it('--help and help list every command and topic', async () => {
    const byFlag = await cli(['--help'])
    const byCommand = await cli(['help'])
    expect(byFlag.code, describeRun('--help', byFlag)).to.equal(0)
    expect(byCommand.code).to.equal(0)
    expect(byCommand.stdout).to.equal(byFlag.stdout)
    expect(byFlag.stdout).to.contain('USAGE\n  $ aws-sso-util [COMMAND]')
    for (const id of Object.keys(manifest.commands)) {
      expect(byFlag.stdout, `lists ${id}`).to.match(new RegExp(`^  ${words(id)[0]} `, 'm'))
    }
  })

  it('every command has complete help, the same through `help COMMAND` and `COMMAND --help`', async () => {
    expect(Object.keys(manifest.commands).length).to.be.greaterThan(0)
    for (const id of Object.keys(manifest.commands)) {
      const viaHelp = await cli(['help', ...words(id)])
      const viaFlag = await cli([...words(id), '--help'])
      expect(viaHelp.code, describeRun(`help ${id}`, viaHelp)).to.equal(0)
      expect(viaFlag.code, describeRun(`${id} --help`, viaFlag)).to.equal(0)
      expect(viaFlag.stdout).to.equal(viaHelp.stdout)
      expect(viaHelp.stderr).to.equal('')
      expectCompleteHelp(viaHelp.stdout, manifest, id, 'aws-sso-util')
    }
  })

  it('credential-process answers from a warm cache with exactly the cached credentials', async () => {
    const warm = writeWarmCache(home)
    const result = await cli(['credential-process', '--profile', warm.profile])
    expect(result.stderr).to.equal('')
    expect(result.code).to.equal(0)
    expect(result.stdout).to.equal(warm.expectedLine)
  })

  it('credential-process fails with exit 2 and nothing on stdout for an unknown profile', async () => {
    writeWarmCache(home)
    const result = await cli(['credential-process', '--profile', 'nope'])
    expect(result.code).to.equal(2)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.match(/^Profile "nope" was not found in .+\n$/)
  })

  describe('with the emulator', () => {
    const ctx = useEmulator({}, false)

    it('credential-process fetches on a cache miss with a valid token, using the installed SDK', async () => {
      writeConfig(home, legacyProfile('miss'))
      writeTokenFile(home, START_URL, await issueToken(ctx.emu))
      const result = await cli(['credential-process', '--profile', 'miss'], emulatorEnv(ctx.emu))
      expect(result.stderr).to.equal('')
      expect(result.code).to.equal(0)
      expect(result.stdout).to.match(CREDENTIALS)
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
    })
  })

  it('imports nothing at run time but its dependencies and Node built-ins', () => {
    const imported = importedPackages(installed.packageDir)
    const undeclared = [...imported].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (${file})`)
    expect(undeclared).to.deep.equal([])
    expect(imported.has('@oclif/core'), 'the scan sees imports at all').to.equal(true)
  })

  it('installs no development tools', () => {
    const present = DEV_ONLY.filter((name) => existsSync(join(installed.packageDir, 'node_modules', name)))
    expect(present).to.deep.equal([])
  })

  /** name@version → engines.node of every package npm installed for the running Node. */
  function installedEngines(): Map<string, string> {
    const found = new Map<string, string>()
    const walk = (modules: string) => {
      if (!existsSync(modules)) return
      for (const entry of readdirSync(modules)) {
        const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((e) => join(modules, entry, e)) : [join(modules, entry)]
        for (const dir of dirs) {
          const file = join(dir, 'package.json')
          if (!existsSync(file)) continue
          const {name, version, engines} = JSON.parse(readFileSync(file, 'utf8')) as {name: string; version: string; engines?: {node?: string}}
          if (engines?.node) found.set(`${name}@${version}`, engines.node)
          walk(join(dir, 'node_modules'))
        }
      }
    }

    walk(join(installed.packageDir, 'node_modules'))
    return found
  }

  it(`engines (${pkg.engines.node}) includes this Node, and every installed dependency runs on it`, () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node), `Node ${process.versions.node}`).to.equal(true)
    const conflicts = [...installedEngines()].filter(([, range]) => !semver.satisfies(process.versions.node, range))
    expect(conflicts.map(([id, range]) => `${id} wants node ${range}`)).to.deep.equal([])
  })

  it('engines claims no Node version that the dependencies exclude (checked on the oldest supported major)', function () {
    // npm picks dependency versions for the Node it runs on, so only the tree installed by the
    // oldest supported major says what that major's users get; newer majors may get newer packages.
    const lowest = semver.minVersion(pkg.engines.node)!
    if (Number(process.versions.node.split('.')[0]) !== lowest.major) this.skip()
    const narrower = [...installedEngines()].filter(([, range]) => !semver.subset(pkg.engines.node, range))
    expect(narrower.map(([id, range]) => `${id} wants node ${range}`)).to.deep.equal([])
  })
})
