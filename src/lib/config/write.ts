/**
 * Read-modify-write of the AWS config file that never loses an edit and never leaves a broken
 * or partial file: a lock file serialises writers (each re-reads under the lock), and the new
 * text goes to a temporary file in the same directory that is fsynced and renamed over the
 * target.
 */
import {randomBytes} from 'node:crypto'
import {lstat, open, readFile, readlink, realpath, stat, unlink} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import {acquireLock, type HeldLock} from '../cache/lock.js'
import {renameOver} from '../cache/secure-file.js'
import {ConfigError} from '../errors.js'
import {makePrivateDirs} from '../private-dirs.js'
import {requireEditableConfigFile} from './file-kind.js'

export interface UpdateOptions {
  /** Give up waiting for another writer's lock after this long. Default 40 s. */
  lockTimeoutMs?: number
  /** Ctrl-C: checked under the lock and again right before the rename, so an interrupted run writes nothing. */
  signal?: AbortSignal
}

/** A config write is a read, an edit in memory and a rename: a writer holding on longer is stuck. */
const WRITER_LIFETIME_MS = 30_000

export interface UpdateResult {
  changed: boolean
  created: boolean
}

type Errno = NodeJS.ErrnoException

function codeOf(error: unknown): string | undefined {
  return (error as Errno)?.code
}

/** The reason in one line's words: the errno names the cases a user can act on. Exported for its spec. */
export function describeFsError(error: unknown): string {
  const code = codeOf(error)
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EROFS') return 'read-only file system'
  if (code === 'ENOSPC') return 'no space left on device'
  return (error as Error)?.message ?? String(error)
}

async function realDir(dir: string): Promise<string> {
  try {
    return await realpath(dir)
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return dir
    throw error
  }
}

/**
 * The file to replace: a symlinked config is updated at its real location (the link stays a
 * link), including a link whose target does not exist yet.
 */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path)
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error
  }

  let p = resolve(path)
  for (let hops = 0; hops < 40; hops++) {
    let isLink: boolean
    try {
      isLink = (await lstat(p)).isSymbolicLink()
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') throw error
      isLink = false
    }

    if (!isLink) return join(await realDir(dirname(p)), basename(p))
    p = resolve(dirname(p), await readlink(p))
  }

  throw new ConfigError(`Cannot resolve the AWS config file ${path}: too many levels of symbolic links.`)
}

const decoder = new TextDecoder('utf8', {fatal: true, ignoreBOM: true})

/** The config's text, '' when it does not exist yet. Exported for its spec: callers refuse a directory before this could. */
export async function readCurrent(target: string): Promise<{text: string; existed: boolean}> {
  let bytes: Buffer
  try {
    bytes = await readFile(target)
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return {text: '', existed: false}
    throw new ConfigError(`Cannot read the AWS config file ${target}: ${codeOf(error) === 'EISDIR' ? 'it is a directory' : describeFsError(error)}.`, {
      cause: error,
    })
  }

  try {
    return {text: decoder.decode(bytes), existed: true}
  } catch (error) {
    // Rewriting would replace the undecodable bytes; we promise to keep every byte we do not edit.
    throw new ConfigError(`The AWS config file ${target} is not valid UTF-8; fix or convert it before writing to it.`, {
      cause: error,
    })
  }
}

async function writeReplacing(
  target: string,
  text: string,
  previous: {mode: number; uid: number; gid: number} | undefined,
  lock: HeldLock,
  signal?: AbortSignal,
): Promise<void> {
  const dir = dirname(target)
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  // eslint-disable-next-line no-bitwise
  const mode = previous ? previous.mode & 0o7777 : 0o600
  let handle
  try {
    handle = await open(tmp, 'wx', mode)
    // open's mode is filtered through the umask; the file must end up exactly as it was.
    await handle.chmod(mode)
    if (previous) {
      const now = await handle.stat()
      if (now.uid !== previous.uid || now.gid !== previous.gid) {
        // Only root (or a member of the group) may do this; otherwise the file becomes ours.
        await handle.chown(previous.uid, previous.gid).catch(() => {})
      }
    }

    await handle.writeFile(text, 'utf8')
    await handle.sync()
    await handle.close()
    handle = undefined
    signal?.throwIfAborted()
    if (!lock.stillHeld()) {
      throw new ConfigError(`Another process took over the lock ${lock.path} while this one was writing; try again.`)
    }

    // Windows refuses a rename over a file another program holds open for a moment; renameOver retries it.
    await renameOver(tmp, target)
  } catch (error) {
    await handle?.close().catch(() => {})
    await unlink(tmp).catch(() => {})
    throw error
  }

  // Makes the rename itself durable; not every platform lets a directory be opened and synced.
  try {
    const d = await open(dir, 'r')
    await d.sync().finally(() => d.close())
  } catch {}
}

/**
 * Applies `change` to the config file's text and writes the result if it differs. A missing
 * file reads as ''. Errors thrown by `change` propagate and leave the file untouched.
 */
export async function updateConfigFile(path: string, change: (text: string) => string, options: UpdateOptions = {}): Promise<UpdateResult> {
  const {lockTimeoutMs = 40_000, signal} = options
  const wrap = (error: unknown): unknown =>
    error instanceof ConfigError || (signal?.aborted && error === signal.reason)
      ? error
      : new ConfigError(`Cannot write the AWS config file ${path}: ${describeFsError(error).replace(/\.$/, '')}.`, {cause: error})

  let target: string
  let lock: HeldLock
  try {
    await requireEditableConfigFile(path)
    target = await resolveTarget(path)
    await makePrivateDirs(dirname(target))
    lock = await acquireLock(`${target}.lock`, {timeoutMs: lockTimeoutMs, lifetimeMs: WRITER_LIFETIME_MS, signal})
  } catch (error) {
    throw wrap(error)
  }

  try {
    signal?.throwIfAborted()
    const {text, existed} = await readCurrent(target)
    const next = change(text)
    if (next === text) return {changed: false, created: false}
    let previous
    if (existed) {
      try {
        previous = await stat(target)
      } catch (error) {
        throw wrap(error)
      }
    }

    await writeReplacing(target, next, previous, lock, signal).catch((error: unknown) => {
      throw wrap(error)
    })
    return {changed: true, created: !existed}
  } finally {
    await lock.release()
  }
}
