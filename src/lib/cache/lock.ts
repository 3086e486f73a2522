import {randomBytes} from 'node:crypto'
import {closeSync, openSync, unlinkSync, writeSync} from 'node:fs'
import {readFile, stat, unlink, utimes} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'

import {ensurePrivateDir} from './secure-file.js'

/**
 * A cross-process lock: a file created with O_EXCL that names its owner. A waiter treats the lock
 * as abandoned when its owner is a dead process on this host, or when its heartbeat (the file's
 * mtime, touched every second) has stopped for STALE_MS, which covers a home shared between hosts.
 */
const HEARTBEAT_MS = 1000
const STALE_MS = 10_000
const EMPTY_OWNER_GRACE_MS = 2000

interface Owner {
  pid: number
  host: string
  nonce: string
}

export interface LockOptions {
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number
  /** Called once when we start waiting on a live holder, so the user learns why nothing happens. */
  onWait?: () => void
  signal?: AbortSignal
}

export class LockTimeoutError extends Error {}

const held = new Set<string>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // A process that exits (also through process.exit on Ctrl-C) must not leave a lock behind.
  process.on('exit', () => {
    for (const path of held) {
      try {
        unlinkSync(path)
      } catch {}
    }
  })
}

export function lockPath(dir: string, key: string): string {
  return join(dir, `${key}.lock`)
}

export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquire(path, options)
  try {
    return await fn()
  } finally {
    await release()
  }
}

async function acquire(path: string, options: LockOptions): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? 15 * 60_000
  const deadline = Date.now() + timeoutMs
  const dir = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')))
  await ensurePrivateDir(dir)
  const owner: Owner = {pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex')}
  let waited = false
  let delay = 20
  for (;;) {
    if (tryCreate(path, owner)) break
    if (await isAbandoned(path)) {
      await breakLock(path)
      continue
    }

    if (!waited) {
      waited = true
      options.onWait?.()
    }

    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted')
    if (Date.now() > deadline) throw new LockTimeoutError(`Timed out waiting for the lock ${path}`)
    await sleep(delay + Math.floor(Math.random() * delay))
    delay = Math.min(delay * 2, 250)
  }

  held.add(path)
  installExitHook()
  const heartbeat = setInterval(() => {
    const now = new Date()
    utimes(path, now, now).catch(() => {})
  }, HEARTBEAT_MS)
  heartbeat.unref()
  return async () => {
    clearInterval(heartbeat)
    held.delete(path)
    // Only remove the lock if it is still ours; a waiter may have judged us stale and taken over.
    const current = await readOwner(path)
    if (current?.nonce === owner.nonce) await unlink(path).catch(() => {})
  }
}

function tryCreate(path: string, owner: Owner): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }

  try {
    writeSync(fd, JSON.stringify(owner))
  } finally {
    closeSync(fd)
  }

  return true
}

async function readOwner(path: string): Promise<Owner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Owner
    return typeof parsed.pid === 'number' ? parsed : undefined
  } catch {
    return undefined
  }
}

async function isAbandoned(path: string): Promise<boolean> {
  let mtimeMs: number
  try {
    mtimeMs = (await stat(path)).mtimeMs
  } catch {
    return false // gone already: the next create attempt decides
  }

  const age = Date.now() - mtimeMs
  const owner = await readOwner(path)
  // The owner writes its name right after creating the file; an empty file is young or orphaned.
  if (!owner) return age > EMPTY_OWNER_GRACE_MS
  if (owner.host === hostname() && !isAlive(owner.pid)) return true
  return age > STALE_MS
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
 * has just taken. Breaking therefore happens under its own short-lived O_EXCL guard, and the
 * staleness is checked again once the guard is held.
 */
async function breakLock(path: string): Promise<void> {
  const guard = `${path}.break`
  const guardOwner: Owner = {pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex')}
  if (!tryCreate(guard, guardOwner)) {
    if (await isAbandoned(guard)) await unlink(guard).catch(() => {})
    await sleep(20)
    return
  }

  try {
    if (await isAbandoned(path)) await unlink(path).catch(() => {})
  } finally {
    await unlink(guard).catch(() => {})
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms)
  })
}
