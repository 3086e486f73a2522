import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, legacyProfile, ROLE_NAME, START_URL, writeTokenFile} from '../support/sso.js'

describe('credential-process single flight', () => {
  const ctx = useEmulatorHome({config: legacyProfile()})

  beforeEach(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  it('20 processes at once cause one GetRoleCredentials call and print the same credentials', async () => {
    // A slow answer widens the window in which every process finds the cache empty.
    ctx.emu.setFault({operation: 'GetRoleCredentials', delayMs: 500, count: 1})
    const results = await Promise.all(
      Array.from({length: 20}, () => runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: emulatorEnv(ctx.emu)})),
    )
    for (const r of results) {
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.equal('')
    }

    expect(new Set(results.map((r) => r.stdout)).size).to.equal(1)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('a lock holder killed with SIGKILL does not block the next caller for more than a few seconds', async () => {
    const key = roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, startUrl: START_URL})
    const lock = join(ctx.home, '.aws', 'sso', 'aws-sso-util-locks', `credentials-${key}.lock`)
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import {withLock} from './src/lib/cache/lock.ts'; await withLock(${JSON.stringify(lock)}, () => new Promise(() => { console.log('held'); setInterval(() => {}, 1000) }))`,
      ],
      {cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit']},
    )
    await new Promise<void>((resolve) => {
      holder.stdout!.on('data', () => resolve())
    })
    expect(existsSync(lock)).to.equal(true)
    holder.kill('SIGKILL')
    await new Promise((resolve) => {
      holder.on('exit', resolve)
    })
    expect(existsSync(lock), 'SIGKILL leaves the lock file behind').to.equal(true)

    const started = Date.now()
    const result = await runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: emulatorEnv(ctx.emu)})
    const elapsed = Date.now() - started
    expect(result.code, result.stderr).to.equal(0)
    expect(elapsed).to.be.lessThan(5000)
    expect(existsSync(lock)).to.equal(false)
  })
})
