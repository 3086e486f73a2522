import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {loadConfig, loadConfigSync} from '../../src/lib/config/load.js'
import {ConfigError} from '../../src/lib/errors.js'
import {plain, Scratch} from './support/oracles.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

describe('config/load', () => {
  let scratch: Scratch

  beforeEach(() => {
    scratch = new Scratch()
  })

  afterEach(() => scratch.cleanup())

  it('parses the file and says which file it read', async () => {
    const path = scratch.file('[profile a]\nregion = x\n[sso-session s]\nsso_region = y\n')
    for (const loaded of [await loadConfig(path), loadConfigSync(path)]) {
      expect(plain(loaded)).to.deep.equal({path, profiles: {a: {region: 'x'}}, ssoSessions: {s: {sso_region: 'y'}}, services: {}})
    }
  })

  it('a missing file (or a missing directory on the way) is an empty config', async () => {
    const notThere = join(scratch.dir, 'nope', 'config')
    const underFile = join(scratch.file('x'), 'config')
    for (const path of [notThere, underFile]) {
      for (const loaded of [await loadConfig(path), loadConfigSync(path)]) {
        expect(plain(loaded)).to.deep.equal({path, profiles: {}, ssoSessions: {}, services: {}})
      }
    }
  })

  it('a directory in its place is a ConfigError naming the path', async () => {
    const path = join(scratch.dir, 'config')
    mkdirSync(path)
    const error = await loadConfig(path).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(ConfigError)
    expect((error as Error).message)
      .to.contain(path)
      .and.contain('directory')
    expect(() => loadConfigSync(path)).to.throw(ConfigError, path)
  })

  it('an unreadable file is a ConfigError naming the path', function () {
    const path = scratch.file('[default]\nregion = x\n', 'config')
    chmodSync(path, 0o000)
    const script = `
      import {loadConfig, loadConfigSync} from ${JSON.stringify(join(repoRoot, 'src/lib/config/load.ts'))}
      const out = []
      try { loadConfigSync(${JSON.stringify(path)}); out.push('read') } catch (e) { out.push(e.name + ': ' + e.message) }
      try { await loadConfig(${JSON.stringify(path)}); out.push('read') } catch (e) { out.push(e.name + ': ' + e.message) }
      console.log(JSON.stringify(out))
    `
    // Root reads anything, so as root the check runs as the unprivileged user `nobody`.
    const asNobody = process.getuid?.() === 0
    if (asNobody) chmodSync(scratch.dir, 0o755)
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      ...(asNobody ? {uid: 65_534, gid: 65_534, env: {PATH: process.env.PATH, HOME: '/tmp'}} : {}),
    })
    if (run.status !== 0 && asNobody) this.skip()
    expect(run.status, run.stderr).to.equal(0)
    const results = JSON.parse(run.stdout) as string[]
    for (const r of results) expect(r).to.equal(`ConfigError: Cannot read the AWS config file ${path}: permission denied.`)
  })

  it('defaults to AWS_CONFIG_FILE', async () => {
    const path = scratch.file('[profile env]\nk = v\n')
    const saved = process.env.AWS_CONFIG_FILE
    process.env.AWS_CONFIG_FILE = path
    try {
      expect((await loadConfig()).profiles.env.k).to.equal('v')
      expect(loadConfigSync().path).to.equal(path)
    } finally {
      if (saved === undefined) delete process.env.AWS_CONFIG_FILE
      else process.env.AWS_CONFIG_FILE = saved
    }
  })

  it('reads a file with a BOM and CRLF line endings', async () => {
    const path = join(scratch.dir, 'bom')
    writeFileSync(path, '\uFEFF[default]\r\nregion = x\r\n')
    expect((await loadConfig(path)).profiles.default).to.deep.equal({region: 'x'})
  })
})
