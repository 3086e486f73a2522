import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {cliEnv, makeTempDir, removeDir, repoRoot} from '../support/cli.js'
import {useEmulator} from '../support/fixtures.js'
import {describeRun, run} from '../support/run.js'
import {emulatorEnv, issueToken, START_URL, writeTokenFile} from '../support/sso.js'
import {writeWarmCache} from '../support/warm-cache.js'

const tracer = join(repoRoot, 'test', 'support', 'trace-imports.mjs')

/** Imports the package by its name, as a program would, optionally gets credentials; returns every module loaded. */
async function traceProgram(home: string, body: string, env: Record<string, string> = {}): Promise<{loaded: string[]; stdout: string}> {
  const traceFile = join(home, 'trace.txt')
  const result = await run(process.execPath, ['--import', tracer, '--input-type=module', '-e', `const lib = await import('aws-sso-util')\n${body}`], {
    cwd: repoRoot,
    env: cliEnv(home, {TRACE_IMPORTS_FILE: traceFile, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env}),
    timeoutMs: 60_000,
  })
  expect(result.code, describeRun('traced program', result)).to.equal(0)
  return {loaded: readFileSync(traceFile, 'utf8').split('\n').filter(Boolean), stdout: result.stdout}
}

const packagesIn = (loaded: string[]): string[] =>
  [...new Set(loaded.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(u))?.[1] ?? ''))].filter(Boolean).sort()

describe('library: what importing it loads', () => {
  let home: string

  beforeEach(() => {
    home = makeTempDir()
  })

  afterEach(() => removeDir(home))

  it('import and warm-cache credentials load our dist/ and no package at all (no oclif, inquirer, SDK, open)', async () => {
    const warm = writeWarmCache(home)
    const {loaded, stdout} = await traceProgram(
      home,
      `const c = await lib.fromAwsSsoUtil({profile: ${JSON.stringify(warm.profile)}})()\nconsole.log(c.accessKeyId, c.expiration instanceof Date)`,
    )
    expect(stdout).to.equal('ASIAWARMCACHEEXAMPLE true\n')
    // Resolved through package.json `exports`, to the built library.
    expect(loaded.some((u) => u.endsWith('/dist/index.js'))).to.equal(true)
    expect(packagesIn(loaded)).to.deep.equal([])
    expect(loaded.filter((u) => /\/dist\/(commands|base-command|fast)\b/.test(u))).to.deep.equal([])
  })

  describe('on a cache miss', () => {
    const ctx = useEmulator({}, false)

    it('loads the portal client only: no OIDC or STS client, no oclif, no prompt library', async () => {
      const warm = writeWarmCache(home)
      removeDir(warm.cacheFile)
      writeTokenFile(home, START_URL, await issueToken(ctx.emu))
      const {loaded, stdout} = await traceProgram(
        home,
        `const c = await lib.getCredentials({profile: ${JSON.stringify(warm.profile)}})\nconsole.log(c.accessKeyId.slice(0, 4))`,
        emulatorEnv(ctx.emu),
      )
      expect(stdout).to.equal('ASIA\n')
      const packages = packagesIn(loaded)
      expect(packages).to.include('@aws-sdk/client-sso')
      expect(packages.filter((p) => /^@oclif\/|^@inquirer\/|^open$|^@aws-sdk\/client-(?!sso$)/.test(p))).to.deep.equal([])
    })
  })
})
