/**
 * The one cross-process lock of the tool (token, role credentials, config file). A lock is a file
 * created with O_EXCL that names its owner and how long the owner may hold it. The owner touches
 * the file's mtime every second (its heartbeat). A waiter takes over a lock when:
 *  - its owner is a dead process on this host;
 *  - its heartbeat has stopped: the mtime is older than STALE_MS, or (a future stamp from a host
 *    with a skewed clock) it has not changed for STALE_MS by the waiter's own clock;
 *  - its owner has held it longer than it declared it would (alive but stuck): waiters never wait
 *    longer than the holder can live;
 *  - it names no owner and has not changed for OWNERLESS_GRACE_MS.
 * Anything that is not a regular file at the lock path is reported, never waited on. Every pass of
 * the wait loop reaches the deadline check.
 */
import {randomBytes} from 'node:crypto'
import {closeSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, utimes, writeSync} from 'node:fs'
import {hostname} from 'node:os'
import {dirname, join} from 'node:path'

import {AppError, ExitCode} from '../errors.js'
import {makePrivateDirs} from '../private-dirs.js'
import {sleep} from '../sleep.js'

export const HEARTBEAT_MS = 1000
export const STALE_MS = 10_000
const OWNERLESS_GRACE_MS = 2000
/** A holder a little past its declared lifetime may be finishing its last write. */
const LIFETIME_GRACE_MS = 2000
const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_LIFETIME_MS = 15 * 60_000

interface Owner {
  pid: number
  host: string
  nonce: string
  /** How long, from taking the lock, the owner may hold it. */
  lifetimeMs: number
}

export interface LockHolder {
  pid?: number
  host?: string
}

export interface LockOptions {
  /** How long to wait for another holder before giving up. Default 60 s. */
  timeoutMs?: number
  /** How long we may hold the lock; waiters take it over after this (plus a short grace). Default 15 min. */
  lifetimeMs?: number
  /** Called once when we start waiting on a live holder, so the user learns why nothing happens. */
  onWait?: (holder: LockHolder) => void
  signal?: AbortSignal
}

export interface HeldLock {
  readonly path: string
  /** False once another process has taken the lock over (it judged us stale). */
  stillHeld(): boolean
  /** A holder that starts something longer (a login) says so, so that waiters keep waiting: `lifetimeMs` from now. */
  extend(lifetimeMs: number): void
  release(): Promise<void>
}

/** Another process holds the lock past our wait: the message names the lock and its holder. */
export class LockTimeoutError extends AppError {
  readonly holder: LockHolder

  constructor(message: string, holder: LockHolder) {
    super(message, ExitCode.other)
    this.holder = holder
  }
}

/** Something other than a lock file is in the way: waiting would never end. */
export class LockUnusableError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.other, options)
  }
}

const held = new Map<string, string>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // A process that exits (also through process.exit on Ctrl-C) must not leave a lock behind.
  process.on('exit', () => {
    for (const [path, nonce] of held) {
      if (readOwner(path)?.nonce === nonce) {
        try {
          unlinkSync(path)
        } catch {}
      }
    }
  })
}

export function lockPath(dir: string, key: string): string {
  return join(dir, `${key}.lock`)
}

export async function withLock<T>(path: string, fn: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(path, options)
  try {
    return await fn(lock)
  } finally {
    await lock.release()
  }
}

/** What a waiter has seen of the current holder, measured by the waiter's own clock. */
interface Sighting {
  content: string
  firstSeen: number
  mtimeMs: number
  mtimeChangedAt: number
}

export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  await makePrivateDirs(dirname(path))
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(8).toString('hex'),
    lifetimeMs: options.lifetimeMs ?? DEFAULT_LIFETIME_MS,
  }
  await waitToCreate(path, owner, options)
  return holdLock(path, owner)
}

/** Creates the lock file as `owner`, breaking an abandoned lock and waiting out a live one until the deadline. */
async function waitToCreate(path: string, owner: Owner, options: LockOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const deadline = Date.now() + timeoutMs
  const sightings = new Map<string, Sighting>()
  let waited = false
  let delay = 10
  while (!tryCreate(path, owner)) {
    const state = inspect(path, sightings)
    let broken = false
    if (state.abandoned) {
      broken = breakLock(path, state.content, sightings)
    } else if (!waited) {
      waited = true
      options.onWait?.({pid: state.owner?.pid, host: state.owner?.host})
    }

    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted')
    if (Date.now() >= deadline) throw timeoutError(path, timeoutMs, state.owner)
    // Right after breaking a lock the next create is tried at once; the deadline was checked above.
    if (broken) continue
    await sleep(Math.min(delay + Math.floor(Math.random() * delay), Math.max(1, deadline - Date.now())), options.signal)
    delay = Math.min(delay * 2, 200)
  }
}

function timeoutError(path: string, timeoutMs: number, holder: Owner | undefined): LockTimeoutError {
  const who = holder ? ` held by process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}` : ''
  return new LockTimeoutError(
    `Gave up after ${Math.round(timeoutMs / 1000)} s waiting for the lock ${path}${who}; if no other aws-sso-util is running, delete that file.`,
    {pid: holder?.pid, host: holder?.host},
  )
}

/** The lock just created: kept fresh by a heartbeat, extendable, released only while it is still ours. */
function holdLock(path: string, owner: Owner): HeldLock {
  const acquiredAt = Date.now()
  held.set(path, owner.nonce)
  installExitHook()
  const heartbeat = setInterval(() => {
    touch(path)
  }, HEARTBEAT_MS)
  heartbeat.unref()
  let released = false
  return {
    path,
    stillHeld: () => readOwner(path)?.nonce === owner.nonce,
    extend(lifetimeMs: number) {
      if (released || readOwner(path)?.nonce !== owner.nonce) return
      owner.lifetimeMs = Math.max(owner.lifetimeMs, Date.now() - acquiredAt + lifetimeMs)
      // Written aside and renamed, so a waiter never reads half an owner.
      const temp = `${path}.${owner.nonce}.tmp`
      try {
        writeOwner(temp, owner, 'w')
        renameSync(temp, path)
      } catch {
        try {
          unlinkSync(temp)
        } catch {}
      }
    },
    async release() {
      if (released) return
      released = true
      clearInterval(heartbeat)
      held.delete(path)
      // Only remove the lock if it is still ours; a waiter may have judged us stale and taken over.
      if (readOwner(path)?.nonce === owner.nonce) {
        try {
          unlinkSync(path)
        } catch {}
      }
    },
  }
}

function touch(path: string): void {
  const now = new Date()
  utimes(path, now, now, () => {})
}

function writeOwner(path: string, owner: Owner, flags: 'w' | 'wx'): void {
  const fd = openSync(path, flags, 0o600)
  try {
    writeSync(fd, JSON.stringify(owner))
  } finally {
    closeSync(fd)
  }
}

function tryCreate(path: string, owner: Owner): boolean {
  try {
    writeOwner(path, owner, 'wx')
    return true
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    if (code === 'EEXIST') return false
    throw new LockUnusableError(`Cannot create the lock ${path}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}.`, {
      cause: error,
    })
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    return parseOwner(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<Owner>
    if (typeof parsed.pid !== 'number' || typeof parsed.nonce !== 'string') return undefined
    return {
      pid: parsed.pid,
      host: typeof parsed.host === 'string' ? parsed.host : '',
      nonce: parsed.nonce,
      lifetimeMs: typeof parsed.lifetimeMs === 'number' && parsed.lifetimeMs > 0 ? parsed.lifetimeMs : DEFAULT_LIFETIME_MS,
    }
  } catch {
    return undefined
  }
}

interface Inspection {
  abandoned: boolean
  owner?: Owner
  /** What was judged, so that only that lock is broken. */
  content?: string
}

function inspect(path: string, sightings: Map<string, Sighting>): Inspection {
  let stat
  try {
    stat = lstatSync(path)
  } catch {
    return {abandoned: false} // gone already: the next create attempt decides
  }

  if (!stat.isFile()) {
    throw new LockUnusableError(`The lock ${path} is not a file (${stat.isDirectory() ? 'a directory' : 'something else'}); remove it and try again.`)
  }

  let content: string
  try {
    content = readFileSync(path, 'utf8')
  } catch {
    return {abandoned: false}
  }

  const now = Date.now()
  const owner = parseOwner(content)
  const key = owner?.nonce ?? `raw:${content}`
  let seen = sightings.get(key)
  if (!seen) {
    seen = {content, firstSeen: now, mtimeMs: stat.mtimeMs, mtimeChangedAt: now}
    sightings.set(key, seen)
  } else if (stat.mtimeMs !== seen.mtimeMs) {
    seen.mtimeMs = stat.mtimeMs
    seen.mtimeChangedAt = now
  }

  seen.content = content
  const unchangedFor = now - seen.mtimeChangedAt
  const abandoned = owner
    ? (owner.host === hostname() && !isAlive(owner.pid)) ||
      now - stat.mtimeMs > STALE_MS ||
      unchangedFor > STALE_MS ||
      now - seen.firstSeen > owner.lifetimeMs + LIFETIME_GRACE_MS
    : // The owner writes its name right after creating the file; an empty file is young or orphaned.
      unchangedFor > OWNERLESS_GRACE_MS || now - stat.mtimeMs > OWNERLESS_GRACE_MS + STALE_MS
  return {abandoned, owner, content}
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Two waiters may both find the same lock abandoned; the second must not remove the lock the first
 * has just taken. Breaking therefore happens under its own short-lived O_EXCL guard, and only the
 * lock whose content was judged is removed. True when the lock was removed.
 */
function breakLock(path: string, judged: string | undefined, sightings: Map<string, Sighting>): boolean {
  const guard = `${path}.break`
  const guardOwner: Owner = {pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex'), lifetimeMs: OWNERLESS_GRACE_MS}
  if (!tryCreate(guard, guardOwner)) {
    // Another waiter is breaking it; a guard left by a crashed one is cleared the same way.
    if (inspect(guard, sightings).abandoned) {
      try {
        unlinkSync(guard)
      } catch {}
    }

    return false
  }

  try {
    let current: string | undefined
    try {
      current = readFileSync(path, 'utf8')
    } catch {}

    if (current === undefined || current !== judged) return current === undefined
    try {
      unlinkSync(path)
    } catch {}

    return true
  } finally {
    try {
      unlinkSync(guard)
    } catch {}
  }
}
