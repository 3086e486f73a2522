import {expect} from 'chai'
import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {acquireLock, LockTimeoutError, LockUnusableError, STALE_MS, withLock} from '../../src/lib/cache/lock.js'
import {updateConfigFile} from '../../src/lib/config/write.js'
import {ConfigError} from '../../src/lib/errors.js'
import {makeTempDir, removeDir, repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, legacyProfile, ROLE_NAME, START_URL, writeTokenFile} from '../support/sso.js'

/**
 * The one lock (token, role credentials, config file): every path through acquire reaches the
 * deadline, nothing but a lock file is waited on, and no holder blocks others longer than it said
 * it would live.
 */
const owner = (pid: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({pid, host: hostname(), nonce: `test-${Math.random().toString(36).slice(2)}`, lifetimeMs: 60_000, ...extra})

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {encoding: 'utf8'}).stdout.trim())
}

async function timed<T>(fn: () => Promise<T>): Promise<{ms: number; value?: T; error?: unknown}> {
  const started = Date.now()
  try {
    const value = await fn()
    return {ms: Date.now() - started, value}
  } catch (error) {
    return {ms: Date.now() - started, error}
  }
}

/**
 * Another process holds `lock` through the real withLock, declaring `lifetimeMs`, and then never
 * finishes; `fn` runs once it holds the lock, and the holder is killed after it.
 */
async function whileHeldByAnotherProcess(lock: string, lifetimeMs: number, fn: (holder: ChildProcess) => Promise<void>): Promise<void> {
  const holder = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import {withLock} from './src/lib/cache/lock.ts'; await withLock(${JSON.stringify(lock)}, () => new Promise(() => { console.log('held'); setInterval(() => {}, 1000) }), {lifetimeMs: ${lifetimeMs}})`,
    ],
    {cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit']},
  )
  try {
    await new Promise<void>((resolve) => {
      holder.stdout.once('data', () => resolve())
    })
    await fn(holder)
  } finally {
    holder.kill('SIGKILL')
  }
}

describe('faults: the lock', function () {
  this.timeout(60_000)
  let dir: string
  let path: string

  beforeEach(() => {
    dir = makeTempDir()
    path = join(dir, 'k.lock')
  })

  afterEach(() => removeDir(dir))

  it('a directory at the lock path is reported at once, not spun on', async () => {
    mkdirSync(path)
    const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 30_000}))
    expect(r.error).to.be.instanceOf(LockUnusableError)
    expect((r.error as Error).message).to.equal(`The lock ${path} is not a file (a directory); remove it and try again.`)
    expect(r.ms).to.be.lessThan(2000)
  })

  it('a directory at <lock>.break is reported, not looped on every 20 ms', async () => {
    writeFileSync(path, owner(deadPid()))
    mkdirSync(`${path}.break`)
    const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 30_000}))
    expect(r.error).to.be.instanceOf(LockUnusableError)
    expect((r.error as Error).message)
      .to.contain(`${path}.break`)
      .and.contain('a directory')
    expect(r.ms).to.be.lessThan(2000)
  })

  it('a lock stamped in the future whose heartbeat never moves (clock skew, holder gone) is taken over after the stale age', async () => {
    writeFileSync(path, owner(process.pid, {host: 'another-host'}))
    const future = new Date(Date.now() + 3_600_000)
    utimesSync(path, future, future)
    const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 40_000}))
    expect(r.error).to.equal(undefined)
    expect(r.value).to.equal('ran')
    expect(r.ms).to.be.within(STALE_MS - 500, STALE_MS + 8000)
    expect(existsSync(path)).to.equal(false)
  })

  it('a live lock stamped in the future (heartbeat moving) makes the waiter give up at its own deadline', async () => {
    writeFileSync(path, owner(process.pid, {host: 'another-host'}))
    const beat = setInterval(() => {
      const future = new Date(Date.now() + 3_600_000 + Math.random() * 1000)
      utimesSync(path, future, future)
    }, 200)
    try {
      const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 1500}))
      expect(r.error).to.be.instanceOf(LockTimeoutError)
      expect((r.error as Error).message).to.equal(
        `Gave up after 2 s waiting for the lock ${path} held by process ${process.pid} on another-host; if no other aws-sso-util is running, delete that file.`,
      )
      expect(r.ms).to.be.within(1400, 6000)
    } finally {
      clearInterval(beat)
    }
  })

  it('a holder alive but stuck past the lifetime it declared no longer blocks: the waiter takes over', async () => {
    // This process is alive and its heartbeat runs; it only said it would be done within 1 s.
    const stuck = await acquireLock(path, {lifetimeMs: 1000})
    try {
      const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 30_000}))
      expect(r.value).to.equal('ran')
      expect(r.ms).to.be.within(900, 8000)
      expect(stuck.stillHeld()).to.equal(false)
    } finally {
      await stuck.release()
    }
  })

  it('a holder that extends its lifetime (a login) keeps its waiters waiting, and no longer', async () => {
    const holder = await acquireLock(path, {lifetimeMs: 500})
    holder.extend(60_000)
    const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 3000}))
    expect(r.error).to.be.instanceOf(LockTimeoutError)
    expect(holder.stillHeld()).to.equal(true)
    await holder.release()
    expect(existsSync(path)).to.equal(false)
  })

  it('a lock of a dead process on this host is taken over at once', async () => {
    writeFileSync(path, owner(deadPid()))
    const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 30_000}))
    expect(r.value).to.equal('ran')
    expect(r.ms).to.be.lessThan(2000)
  })

  it('a lock whose heartbeat stopped long ago is taken over at once even if its pid lives', async () => {
    writeFileSync(path, owner(process.pid))
    const old = new Date(Date.now() - 60_000)
    utimesSync(path, old, old)
    const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 30_000}))
    expect(r.value).to.equal('ran')
    expect(r.ms).to.be.lessThan(2000)
  })

  it('an ownerless (empty or foreign) lock file is taken over after a short grace', async () => {
    writeFileSync(path, '12345 somehost old-format\n')
    const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 30_000}))
    expect(r.value).to.equal('ran')
    expect(r.ms).to.be.lessThan(6000)
  })

  it('a live holder makes the waiter give up at its deadline with one line naming the lock and the holder', async () => {
    const holder = await acquireLock(path)
    try {
      const r = await timed(() => withLock(path, async () => 'ran', {timeoutMs: 400}))
      expect(r.error).to.be.instanceOf(LockTimeoutError)
      expect((r.error as Error).message).to.equal(
        `Gave up after 0 s waiting for the lock ${path} held by process ${process.pid}; if no other aws-sso-util is running, delete that file.`,
      )
      expect(r.ms).to.be.within(390, 3000)
    } finally {
      await holder.release()
    }
  })

  it('the config writer uses the same lock: a live holder makes it fail with exit 2 naming the holder, file untouched', async () => {
    const config = join(dir, 'config')
    writeFileSync(config, '[profile a]\nregion = x\n')
    const holder = await acquireLock(`${config}.lock`)
    try {
      const error = await updateConfigFile(config, (t) => t.replace('x', 'y'), {lockTimeoutMs: 300}).catch((error_: unknown) => error_)
      expect(error).to.be.instanceOf(ConfigError)
      expect((error as ConfigError).exitCode).to.equal(2)
      expect((error as Error).message)
        .to.contain(`${config}.lock`)
        .and.contain(`held by process ${process.pid}`)
      expect(readFileSync(config, 'utf8')).to.equal('[profile a]\nregion = x\n')
    } finally {
      await holder.release()
    }

    // And a lock left by a dead writer is taken over by the same rules.
    writeFileSync(`${config}.lock`, owner(deadPid()))
    await updateConfigFile(config, (t) => t.replace('x', 'y'), {lockTimeoutMs: 2000})
    expect(readFileSync(config, 'utf8')).to.equal('[profile a]\nregion = y\n')
    expect(readdirSync(dir).sort()).to.deep.equal(['config'])
  })
})

describe('faults: credential-process and its locks', function () {
  this.timeout(90_000)
  const ctx = useEmulatorHome({config: legacyProfile()})
  const credentialsLock = () =>
    join(
      ctx.home,
      '.aws',
      'sso',
      'aws-sso-util-locks',
      `credentials-${roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, startUrl: START_URL})}.lock`,
    )

  beforeEach(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  it('a directory at the credentials lock path: exit 5 and one line in seconds, no CPU spin', async () => {
    mkdirSync(credentialsLock(), {recursive: true})
    const started = Date.now()
    const r = await runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: emulatorEnv(ctx.emu), timeoutMs: 60_000})
    expect(r.signal, 'still running after 60 s').to.equal(null)
    expect(Date.now() - started).to.be.lessThan(15_000)
    expect(r.code).to.equal(5)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(`The lock ${credentialsLock()} is not a file (a directory); remove it and try again.\n`)
  })

  /** The caller that waits on the lock; `ms` is how long it took. */
  async function noLoginCaller(env: Record<string, string> = {}) {
    const started = Date.now()
    const r = await runCli(['credential-process', '--profile', 'my-sso-profile', '--no-login'], {
      home: ctx.home,
      env: {...emulatorEnv(ctx.emu), ...env},
      timeoutMs: 60_000,
    })
    return {...r, ms: Date.now() - started}
  }

  it('a holder that is alive but stuck (past its declared lifetime) does not block the next caller', async () => {
    await whileHeldByAnotherProcess(credentialsLock(), 2000, async (holder) => {
      const r = await noLoginCaller()
      expect(r.code, r.stderr).to.equal(0)
      expect(r.ms).to.be.lessThan(20_000)
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
      expect(holder.exitCode, 'the stuck holder is still alive: it was outlived, not killed').to.equal(null)
    })
  })

  it('a live holder that stays within its lifetime: a --no-login waiter gives up within its budget with one line', async () => {
    const lock = credentialsLock()
    await whileHeldByAnotherProcess(lock, 600_000, async (holder) => {
      const r = await noLoginCaller({AWS_SSO_UTIL_HTTP_TIMEOUT_SECONDS: '1'})
      expect(r.signal, 'still running after 60 s').to.equal(null)
      expect(r.ms).to.be.lessThan(20_000)
      expect(r.code).to.equal(5)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.match(
        new RegExp(`^Gave up after \\d+ s waiting for the lock ${lock.replaceAll('.', String.raw`\.`)} held by process ${holder.pid}; .+\\n$`),
      )
    })
  })
})
