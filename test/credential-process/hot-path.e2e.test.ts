import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {cliEnv, makeTempDir, removeDir, repoRoot, runBin} from '../support/cli.js'
import {ACCOUNT_ID, legacyProfile, ROLE_NAME, START_URL, writeConfig} from '../support/sso.js'

describe('credential-process hot path', () => {
  let home: string

  beforeEach(() => {
    home = makeTempDir()
    writeConfig(home, legacyProfile())
    const dir = join(home, '.aws', 'cli', 'cache')
    mkdirSync(dir, {recursive: true})
    const key = roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, startUrl: START_URL})
    const expiration = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    writeFileSync(
      join(dir, `${key}.json`),
      JSON.stringify({
        ProviderType: 'sso',
        Credentials: {AccessKeyId: 'ASIACACHEDCACHED0000', SecretAccessKey: 'secret-key-value', SessionToken: 'session-token-value', Expiration: expiration},
      }),
    )
  })

  afterEach(() => removeDir(home))

  const traced = (args: string[]) => {
    const trace = join(home, 'imports.txt')
    writeFileSync(trace, '')
    const result = spawnSync(process.execPath, ['--import', join(repoRoot, 'test', 'support', 'trace-imports.mjs'), runBin, ...args], {
      env: cliEnv(home, {TRACE_IMPORTS_FILE: trace, AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9'}),
      encoding: 'utf8',
    })
    return {result, modules: readFileSync(trace, 'utf8').trim().split('\n')}
  }

  it('serves cached credentials without loading oclif, the AWS SDK or the prompt library', () => {
    const {result, modules} = traced(['credential-process', '--profile', 'my-sso-profile'])
    expect(result.stderr).to.equal('')
    expect(result.status).to.equal(0)
    expect(JSON.parse(result.stdout).AccessKeyId).to.equal('ASIACACHEDCACHED0000')
    // The bundle itself is compiled by the loader (node:vm), which _resolveFilename never sees.
    expect(modules.some((m) => m.endsWith('/dist/fast/load.cjs'))).to.equal(true)
    const heavy = modules.filter((m) => /@oclif|@aws-sdk|@smithy|@inquirer|node_modules/.test(m))
    expect(heavy).to.deep.equal([])
    // Built-ins only the cache-miss branch needs cost the warm path milliseconds each.
    const builtins = modules.filter((m) => /^node:(fs\/promises|child_process|http|https|net|crypto|stream)$/.test(m))
    expect(builtins).to.deep.equal([])
  })

  describe('the V8 code cache', () => {
    const cacheDir = () => join(home, '.cache', 'aws-sso-util')
    const answer = (env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [runBin, 'credential-process', '--profile', 'my-sso-profile'], {env: cliEnv(home, env), encoding: 'utf8'})

    it('is written after the first answer (0600 in 0700, one file), then read and left alone; answers stay the same', () => {
      const first = answer()
      expect([first.status, first.stderr]).to.deep.equal([0, ''])
      const files = readdirSync(cacheDir())
      expect(files).to.have.length(1)
      expect(files[0]).to.match(new RegExp(`^credential-process-[0-9a-f]{8}-${process.version.replaceAll('.', String.raw`\.`)}-${process.arch}\\.v8$`))
      const file = join(cacheDir(), files[0])
      expect([statSync(cacheDir()).mode & 0o777, statSync(file).mode & 0o777]).to.deep.equal([0o700, 0o600])
      const written = statSync(file).mtimeMs
      const second = answer()
      expect([second.status, second.stdout, second.stderr]).to.deep.equal([0, first.stdout, ''])
      expect(statSync(file).mtimeMs).to.equal(written)
    })

    it('goes to XDG_CACHE_HOME when set, and nowhere with NODE_DISABLE_COMPILE_CACHE', () => {
      const xdg = join(home, 'xdg-cache')
      expect(answer({XDG_CACHE_HOME: xdg}).status).to.equal(0)
      expect(readdirSync(join(xdg, 'aws-sso-util'))).to.have.length(1)
      expect(answer({NODE_DISABLE_COMPILE_CACHE: '1'}).status).to.equal(0)
      expect(() => readdirSync(cacheDir())).to.throw(/ENOENT/)
    })

    it('under procfs, where no directory can be made, answers at once and writes nothing', function () {
      if (!existsSync('/proc/self')) this.skip()
      const started = Date.now()
      const r = spawnSync(process.execPath, [runBin, 'credential-process', '--profile', 'my-sso-profile'], {
        env: cliEnv(home, {XDG_CACHE_HOME: '/proc/no-such-dir/cache'}),
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect([r.signal, r.status, r.stderr]).to.deep.equal([null, 0, ''])
      expect(Date.now() - started).to.be.below(10_000)
    })

    it('is not written by a run that fails', () => {
      const failed = spawnSync(process.execPath, [runBin, 'credential-process', '--profile', 'no-such-profile'], {env: cliEnv(home), encoding: 'utf8'})
      expect(failed.status).to.equal(2)
      expect(() => readdirSync(cacheDir())).to.throw(/ENOENT/)
    })
  })

  it('does not carry the region list that configure checks against (only the shape check)', () => {
    const bundle = readFileSync(join(repoRoot, 'dist', 'fast', 'credential-process.cjs'), 'utf8')
    expect(bundle).to.contain('is not an AWS region')
    expect(bundle).not.to.contain('eusc-de-east-1')
  })

  it('hands --help to oclif', () => {
    const {result, modules} = traced(['credential-process', '--help'])
    expect(result.status).to.equal(0)
    expect(result.stdout).to.contain('--account-id')
    expect(modules.some((m) => m.includes('@oclif/core'))).to.equal(true)
  })
})
