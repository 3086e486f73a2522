import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
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
    expect(modules.some((m) => m.endsWith('/dist/fast/credential-process.cjs'))).to.equal(true)
    const heavy = modules.filter((m) => /@oclif|@aws-sdk|@smithy|@inquirer|node_modules/.test(m))
    expect(heavy).to.deep.equal([])
    // Built-ins only the cache-miss branch needs cost the warm path milliseconds each.
    const builtins = modules.filter((m) => /^node:(fs\/promises|child_process|http|https|net|crypto|stream)$/.test(m))
    expect(builtins).to.deep.equal([])
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
