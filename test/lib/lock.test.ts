import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {acquireLock, HEARTBEAT_MS, lockPath, LockTimeoutError, LockUnusableError, STALE_MS, withLock} from '../../src/lib/cache/lock.js'

/**
 * The lock in-process. Time is moved with a Date.now offset (the lock judges staleness by
 * Date.now and file mtimes), so a holder can look 3 s or 11 s old without the test waiting.
 */
describe('the cross-process lock (in-process)', function () {
  this.timeout(20_000)
  let dir: string
  let path: string
  const realNow = Date.now
  let offset = 0

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-lock-'))
    path = lockPath(join(dir, 'locks'), 'k')
    offset = 0
    Date.now = () => realNow() + offset
  })

  afterEach(() => {
    Date.now = realNow
    rmSync(dir, {force: true, recursive: true})
  })

  const owner = () => JSON.parse(readFileSync(path, 'utf8')) as {host: string; lifetimeMs: number; nonce: string; pid: number}
  /** A lock file as another process would leave it; `ageMs` sets its mtime that far back. */
  function plant(content: object | string, ageMs = 0) {
    mkdirSync(join(dir, 'locks'), {recursive: true})
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
    const t = new Date(realNow() - ageMs)
    utimesSync(path, t, t)
  }

  /** Date.now stands still (plus offset): comparisons at exact boundaries can be tested. */
  function freeze() {
    // Whole seconds, so that a file mtime set from it reads back exactly (no float rounding).
    const base = Math.floor(realNow() / 1000) * 1000
    Date.now = () => base + offset
    return base
  }

  /** A signal that aborts after `ms` of real time and records each sleep's listener calls. */
  function spySignal(ms: number) {
    const controller = new AbortController()
    const calls: unknown[][] = []
    const {signal} = controller
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = (...args: Parameters<typeof add>) => {
      calls.push(['add', args[0], args[2], realNow()])
      add(...args)
    }

    signal.removeEventListener = (...args: Parameters<typeof remove>) => {
      calls.push(['remove', args[0]])
      remove(...args)
    }

    const reason = new Error('stop')
    const timer = setTimeout(() => controller.abort(reason), ms)
    return {calls, reason, signal, stop: () => clearTimeout(timer)}
  }

  /** 'taken' (the lock released at once) or what acquiring it threw. */
  async function outcome(p: Promise<{release(): Promise<void>}>): Promise<unknown> {
    try {
      const lock = await p
      await lock.release()
      return 'taken'
    } catch (error) {
      return error
    }
  }

  /** An onWait that moves the clock `ms` past the real time at every wait. */
  const jumpTo = (ms: number) => () => {
    offset = ms
  }

  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!
  const elsewhere = {host: `not-${hostname()}`, nonce: 'theirs', pid: process.pid}

  it('lockPath: <dir>/<key>.lock', () => {
    expect(lockPath('/a/b', 'key')).to.equal(join('/a/b', 'key.lock'))
  })

  it('takes a free lock: a 0600 file naming this process, in a 0700 directory; release removes it', async () => {
    const lock = await acquireLock(path)
    expect(lock.path).to.equal(path)
    const o = owner()
    expect(o.pid).to.equal(process.pid)
    expect(o.host).to.equal(hostname())
    expect(o.nonce).to.match(/^[\da-f]{16}$/)
    expect(o.lifetimeMs).to.equal(15 * 60_000)
    expect(statSync(path).mode & 0o777).to.equal(0o600)
    expect(statSync(join(dir, 'locks')).mode & 0o777).to.equal(0o700)
    expect(lock.stillHeld()).to.equal(true)
    await lock.release()
    expect(existsSync(path)).to.equal(false)
    expect(lock.stillHeld()).to.equal(false)
    await lock.release()
  })

  it('two takers get different nonces and the declared lifetime is written', async () => {
    const a = await acquireLock(path, {lifetimeMs: 5000})
    const first = owner()
    expect(first.lifetimeMs).to.equal(5000)
    await a.release()
    const b = await acquireLock(path)
    expect(owner().nonce).to.not.equal(first.nonce)
    await b.release()
  })

  it('withLock returns what fn returns and releases, also when fn throws', async () => {
    expect(
      await withLock(path, async (lock) => {
        expect(lock.stillHeld()).to.equal(true)
        return 42
      }),
    ).to.equal(42)
    expect(existsSync(path)).to.equal(false)
    const boom = new Error('boom')
    let caught: unknown
    try {
      await withLock(path, async () => {
        throw boom
      })
    } catch (error) {
      caught = error
    }

    expect(caught).to.equal(boom)
    expect(existsSync(path)).to.equal(false)
  })

  it('a live holder on this host: onWait once with its pid and host, then a timeout naming the lock and the holder', async () => {
    const holder = await acquireLock(path)
    const waits: unknown[] = []
    const caught = await outcome(acquireLock(path, {onWait: (h) => waits.push(h), timeoutMs: 600}))
    expect(caught).to.be.instanceOf(LockTimeoutError)
    expect((caught as Error).message).to.equal(
      `Gave up after 1 s waiting for the lock ${path} held by process ${process.pid}; if no other aws-sso-util is running, delete that file.`,
    )
    expect((caught as LockTimeoutError).holder).to.deep.equal({host: hostname(), pid: process.pid})
    expect((caught as LockTimeoutError).exitCode).to.equal(5)
    expect(waits).to.deep.equal([{host: hostname(), pid: process.pid}])
    expect(holder.stillHeld()).to.equal(true)
    await holder.release()
  })

  it('a live holder on another host is named with its host; one that names no owner is not named', async () => {
    plant(elsewhere)
    let caught = await outcome(acquireLock(path, {onWait: jumpTo(1700), timeoutMs: 1600}))
    expect((caught as Error).message).to.equal(
      `Gave up after 2 s waiting for the lock ${path} held by process ${process.pid} on ${elsewhere.host}; if no other aws-sso-util is running, delete that file.`,
    )
    plant('')
    offset = 0
    caught = await outcome(acquireLock(path, {onWait: (h) => expect(h).to.deep.equal({host: undefined, pid: undefined}), timeoutMs: 300}))
    expect((caught as Error).message).to.equal(`Gave up after 0 s waiting for the lock ${path}; if no other aws-sso-util is running, delete that file.`)
    expect((caught as LockTimeoutError).holder).to.deep.equal({host: undefined, pid: undefined})
  })

  it('takes over a lock whose owner is a dead process on this host, at once and without onWait', async () => {
    plant({host: hostname(), nonce: 'dead', pid: deadPid()})
    const started = realNow()
    const lock = await acquireLock(path, {onWait: () => expect.fail('no wait for a dead owner'), timeoutMs: 5000})
    expect(realNow() - started).to.be.lessThan(2000)
    expect(owner().pid).to.equal(process.pid)
    await lock.release()
  })

  it('a dead pid on another host is not judged by our process table', async () => {
    plant({...elsewhere, pid: deadPid()})
    const caught = await outcome(acquireLock(path, {timeoutMs: 300}))
    expect(caught).to.be.instanceOf(LockTimeoutError)
    expect(owner().nonce).to.equal('theirs')
  })

  it('takes over a lock whose heartbeat stopped (mtime older than STALE_MS)', async () => {
    plant(elsewhere, STALE_MS + 2000)
    const lock = await acquireLock(path, {timeoutMs: 5000})
    expect(owner().nonce).to.not.equal('theirs')
    await lock.release()
  })

  it('waits on a heartbeat a little younger than STALE_MS', async () => {
    plant(elsewhere, STALE_MS - 3000)
    const caught = await outcome(acquireLock(path, {timeoutMs: 300}))
    expect(caught).to.be.instanceOf(LockTimeoutError)
  })

  it('a stamp in the future (skewed clock) that stops changing for STALE_MS by our clock is taken over', async () => {
    plant(elsewhere, -60_000)
    const lock = await acquireLock(path, {onWait: jumpTo(STALE_MS + 1000), timeoutMs: STALE_MS + 3000})
    expect(owner().nonce).to.not.equal('theirs')
    await lock.release()
  })

  it('a holder past its declared lifetime plus grace is taken over; one within it is waited on', async () => {
    plant({...elsewhere, lifetimeMs: 1000})
    const lock = await acquireLock(path, {onWait: jumpTo(3500), timeoutMs: 5000})
    expect(owner().nonce).to.not.equal('theirs')
    await lock.release()

    plant({...elsewhere, lifetimeMs: 2000})
    offset = 0
    const caught = await outcome(acquireLock(path, {onWait: jumpTo(3500), timeoutMs: 3800}))
    expect(caught, 'within 2000 + 2000 ms grace').to.be.instanceOf(LockTimeoutError)
  })

  it('an invalid declared lifetime counts as the 15 minute default', async () => {
    for (const lifetimeMs of [0, -5, '1']) {
      plant({...elsewhere, lifetimeMs})
      offset = 0
      const caught = await outcome(acquireLock(path, {onWait: jumpTo(5000), timeoutMs: 5400}))
      expect(caught, String(lifetimeMs)).to.be.instanceOf(LockTimeoutError)
    }
  })

  it('a file naming no owner: waited on while young, taken over once unchanged for 2 s or old', async () => {
    for (const content of ['', '{"pid":"1","nonce":"x"}', '{"pid":1}', 'not json']) {
      plant(content)
      offset = 0
      const caught = await outcome(acquireLock(path, {onWait: jumpTo(1500), timeoutMs: 1700}))
      expect(caught, `young ${content}`).to.be.instanceOf(LockTimeoutError)
      expect(readFileSync(path, 'utf8')).to.equal(content)

      offset = 0
      const lock = await acquireLock(path, {onWait: jumpTo(2500), timeoutMs: 4000})
      expect(owner().pid, content).to.equal(process.pid)
      await lock.release()
    }

    plant('', 13_000)
    offset = 0
    const lock = await acquireLock(path, {onWait: () => expect.fail('an old empty file is no holder'), timeoutMs: 5000})
    await lock.release()
  })

  it('a host that is not a string names no host: the pid alone is not judged', async () => {
    plant({host: 7, nonce: 'n', pid: deadPid()})
    const caught = await outcome(acquireLock(path, {timeoutMs: 300}))
    expect((caught as LockTimeoutError).holder.host).to.equal('')
  })

  it('a directory or a symlink at the lock path is reported, not waited on', async () => {
    mkdirSync(path, {recursive: true})
    let caught = await outcome(acquireLock(path, {timeoutMs: 60_000}))
    expect(caught).to.be.instanceOf(LockUnusableError)
    expect((caught as Error).message).to.equal(`The lock ${path} is not a file (a directory); remove it and try again.`)
    rmSync(path, {recursive: true})
    symlinkSync(join(dir, 'nowhere'), path)
    caught = await outcome(acquireLock(path, {timeoutMs: 60_000}))
    expect((caught as Error).message).to.equal(`The lock ${path} is not a file (something else); remove it and try again.`)
  })

  it('a lock that cannot be created names the reason', async () => {
    const long = lockPath(join(dir, 'locks'), 'k'.repeat(300))
    const caught = await outcome(acquireLock(long))
    expect(caught).to.be.instanceOf(LockUnusableError)
    expect((caught as Error).message).to.equal(`Cannot create the lock ${long}: ENAMETOOLONG: name too long, open '${long}'.`)
  })

  it('stops waiting when its signal aborts, with the signal reason', async () => {
    const holder = await acquireLock(path)
    const controller = new AbortController()
    const reason = new Error('interrupted')
    setTimeout(() => controller.abort(reason), 100)
    const started = realNow()
    const caught = await outcome(acquireLock(path, {signal: controller.signal, timeoutMs: 10_000}))
    expect(caught).to.equal(reason)
    expect(realNow() - started).to.be.lessThan(5000)
    await holder.release()
  })

  it('release leaves a lock another process has taken over; stillHeld says so', async () => {
    const lock = await acquireLock(path)
    plant(elsewhere)
    expect(lock.stillHeld()).to.equal(false)
    lock.extend(60_000)
    expect(owner()).to.deep.equal(elsewhere)
    await lock.release()
    expect(owner()).to.deep.equal(elsewhere)
  })

  it('extend: lifetime becomes the time held so far plus the extension, written whole (no temp file left)', async () => {
    const lock = await acquireLock(path, {lifetimeMs: 1000})
    const {nonce} = owner()
    offset = 4000
    lock.extend(60_000)
    const o = owner()
    expect(o.nonce).to.equal(nonce)
    expect(o.pid).to.equal(process.pid)
    expect(o.lifetimeMs).to.be.within(64_000, 64_000 + 1000)
    lock.extend(10)
    expect(owner().lifetimeMs, 'never shortened').to.equal(o.lifetimeMs)
    expect(readdirSync(join(dir, 'locks'))).to.deep.equal(['k.lock'])
    await lock.release()
    lock.extend(60_000)
    expect(existsSync(path), 'a released lock is not written again').to.equal(false)
  })

  it('the holder touches the mtime every HEARTBEAT_MS', async () => {
    const lock = await acquireLock(path)
    const old = new Date(realNow() - 60_000)
    utimesSync(path, old, old)
    await new Promise((resolve) => {
      setTimeout(resolve, HEARTBEAT_MS + 500)
    })
    expect(realNow() - statSync(path).mtimeMs).to.be.lessThan(HEARTBEAT_MS + 400)
    await lock.release()
    utimesSync(join(dir, 'locks'), old, old)
  })

  it('boundaries are strict: exactly at a limit is not past it', async () => {
    const base = freeze()
    const cases: Array<[string, object | string, number, number]> = [
      ['lifetime + grace', {...elsewhere, lifetimeMs: 1000}, 0, 3000],
      ['unchanged for STALE_MS (future stamp)', elsewhere, -60_000, STALE_MS],
      ['ownerless, unchanged for 2 s', '', 0, 2000],
    ]
    for (const [name, content, age, at] of cases) {
      plant(content)
      utimesSync(path, new Date(base - age), new Date(base - age))
      offset = 0
      const spy = spySignal(300)
      const result = await outcome(acquireLock(path, {onWait: jumpTo(at), signal: spy.signal, timeoutMs: 60_000}))
      spy.stop()
      expect(result, name).to.equal(spy.reason)
    }

    for (const [name, content, age] of [
      ['heartbeat exactly STALE_MS old', elsewhere, STALE_MS],
      ['ownerless file exactly 12 s old', '', 12_000],
    ] as Array<[string, object | string, number]>) {
      plant(content)
      utimesSync(path, new Date(base - age), new Date(base - age))
      offset = 0
      const spy = spySignal(300)
      const result = await outcome(acquireLock(path, {signal: spy.signal, timeoutMs: 60_000}))
      spy.stop()
      expect(result, name).to.equal(spy.reason)
    }
  })

  it('the deadline is reached exactly at timeoutMs', async () => {
    freeze()
    plant(elsewhere)
    const spy = spySignal(300)
    const result = await outcome(acquireLock(path, {onWait: jumpTo(1000), signal: spy.signal, timeoutMs: 1000}))
    spy.stop()
    expect(result).to.be.instanceOf(LockTimeoutError)
  })

  it('a heartbeat that keeps changing, even in the future, is not taken over', async () => {
    plant(elsewhere, -60_000)
    let moved = false
    const result = await outcome(
      acquireLock(path, {
        onWait() {
          offset = STALE_MS + 1000
          const t = new Date(realNow() + 120_000)
          utimesSync(path, t, t)
          moved = true
        },
        timeoutMs: STALE_MS + 1500,
      }),
    )
    expect(moved).to.equal(true)
    expect(result).to.be.instanceOf(LockTimeoutError)
  })

  it('waiting sleeps with growing, capped pauses, each woken by an abort listener it removes', async () => {
    plant(elsewhere)
    const spy = spySignal(1500)
    expect(await outcome(acquireLock(path, {signal: spy.signal, timeoutMs: 60_000}))).to.equal(spy.reason)
    const adds = spy.calls.filter((c) => c[0] === 'add')
    expect(adds.length, 'pauses of 10 ms growing to 200 ms: about 7 to 11 in 1.5 s').to.be.within(3, 14)
    for (const c of adds) expect([c[1], c[2]]).to.deep.equal(['abort', {once: true}])
    expect(spy.calls.filter((c) => c[0] === 'remove').every((c) => c[1] === 'abort')).to.equal(true)
    expect(spy.calls.filter((c) => c[0] === 'remove').length).to.be.at.least(adds.length - 1)
  })

  it('after breaking an abandoned lock the create is retried at once, without a pause', async () => {
    plant({host: hostname(), nonce: 'dead', pid: deadPid()})
    const spy = spySignal(10_000)
    expect(await outcome(acquireLock(path, {signal: spy.signal}))).to.equal('taken')
    spy.stop()
    expect(spy.calls).to.deep.equal([])
  })

  it('leaves no file descriptor open', async () => {
    const fds = () => readdirSync('/proc/self/fd').length
    if (!existsSync('/proc/self/fd')) return
    const before = fds()
    const lock = await acquireLock(path)
    lock.extend(1000)
    await lock.release()
    plant({host: hostname(), nonce: 'dead', pid: deadPid()})
    await (await acquireLock(path)).release()
    expect(fds()).to.equal(before)
  })

  it('a lock in a directory it may not write is "permission denied", with the cause kept', async function () {
    if (!existsSync('/sys/kernel')) this.skip()
    const error = (await outcome(acquireLock('/sys/aws-sso-util-test.lock'))) as Error & {cause?: NodeJS.ErrnoException}
    expect(error).to.be.instanceOf(LockUnusableError)
    expect(error.message).to.equal('Cannot create the lock /sys/aws-sso-util-test.lock: permission denied.')
    expect(error.cause?.code).to.equal('EACCES')
  })

  it('the exit hook is installed once and removes only the locks this process still owns', async () => {
    const before = process.listeners('exit').length
    const a = await acquireLock(path)
    const b = await acquireLock(join(dir, 'locks', 'other.lock'))
    await a.release()
    await b.release()
    expect(process.listeners('exit').length - before, 'one hook at most, ever').to.be.at.most(1)
    const again = await acquireLock(path)
    const count = process.listeners('exit').length
    const hook = process.listeners('exit').find((f) => f.toString().includes('readOwner'))
    expect(hook, 'an exit hook that removes held locks').to.be.a('function')
    const mine = await acquireLock(join(dir, 'locks', 'mine.lock'))
    writeFileSync(path, JSON.stringify(elsewhere))
    ;(hook as () => void)()
    expect(existsSync(join(dir, 'locks', 'mine.lock')), 'a lock still ours is removed at exit').to.equal(false)
    expect(owner().nonce, 'a lock taken over is left to its new owner').to.equal('theirs')
    await mine.release()
    await again.release()
    expect(process.listeners('exit').length).to.equal(count)
  })

  it('a break guard left by a live breaker is respected; an abandoned one is cleared', async () => {
    plant(elsewhere, STALE_MS + 2000)
    const guard = `${path}.break`
    writeFileSync(guard, JSON.stringify({...elsewhere, nonce: 'guard'}))
    const caught = await outcome(acquireLock(path, {timeoutMs: 400}))
    expect(caught, 'a fresh guard means someone else is breaking it').to.be.instanceOf(LockTimeoutError)
    expect(owner().nonce).to.equal('theirs')
    const old = new Date(realNow() - STALE_MS - 2000)
    utimesSync(guard, old, old)
    const lock = await acquireLock(path, {timeoutMs: 5000})
    expect(owner().pid).to.equal(process.pid)
    expect(existsSync(guard)).to.equal(false)
    await lock.release()
  })
})
