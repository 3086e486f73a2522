/**
 * The guarded writer of the files users edit too, the AWS config file and the shared credentials
 * file: a read-modify-write that never loses an edit and never leaves a broken or partial file.
 * Only a regular file (or nothing yet) is edited, a symlink is followed to its target, a byte
 * that is not UTF-8 stops the write, the owner is kept; a lock file serialises writers (each
 * re-reads under the lock), and the one atomic writer (cache/secure-file) replaces the file.
 */
import {constants} from 'node:fs'
import {lstat, open, readlink, realpath, stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import {acquireLock, type HeldLock} from '../cache/lock.js'
import {replaceFile} from '../cache/secure-file.js'
import {ConfigError} from '../errors.js'
import {makePrivateDirs} from '../private-dirs.js'
import {CONFIG_FILE, type EditableFile, nonRegularKind, notRegularFileError, requireEditableFile} from './file-kind.js'

export interface UpdateOptions {
  /** Give up waiting for another writer's lock after this long. Default 40 s. */
  lockTimeoutMs?: number
  /** Ctrl-C: checked under the lock and again right before the rename, so an interrupted run writes nothing. */
  signal?: AbortSignal
}

/** A write is a read, an edit in memory and a rename: a writer holding on longer is stuck. */
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
 * The file to replace: a symlinked file is updated at its real location (the link stays a
 * link), including a link whose target does not exist yet.
 */
async function resolveTarget(path: string, file: EditableFile): Promise<string> {
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

  throw new ConfigError(`Cannot resolve the ${file.name} ${path}: too many levels of symbolic links.`)
}

const decoder = new TextDecoder('utf8', {fatal: true, ignoreBOM: true})

// Non-blocking: a FIFO swapped in after the kind check must not hang the read.
// eslint-disable-next-line no-bitwise
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

/** The file's text, '' when it does not exist yet. Exported for its spec: callers refuse a directory before this could. */
export async function readCurrent(target: string, file: EditableFile = CONFIG_FILE): Promise<{text: string; existed: boolean}> {
  let bytes: Buffer
  try {
    const handle = await open(target, READ_FLAGS)
    try {
      const st = await handle.stat()
      const kind = st.isDirectory() ? undefined : nonRegularKind(st)
      if (kind) throw notRegularFileError(target, kind, file)
      bytes = await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error
    if (codeOf(error) === 'ENOENT') return {text: '', existed: false}
    throw new ConfigError(`Cannot read the ${file.name} ${target}: ${codeOf(error) === 'EISDIR' ? 'it is a directory' : describeFsError(error)}.`, {
      cause: error,
    })
  }

  try {
    return {text: decoder.decode(bytes), existed: true}
  } catch (error) {
    // Rewriting would replace the undecodable bytes; we promise to keep every byte we do not edit.
    throw new ConfigError(`The ${file.name} ${target} is not valid UTF-8; fix or convert it before writing to it.`, {
      cause: error,
    })
  }
}

/**
 * Applies `change` to the config file's text and writes the result if it differs. A missing
 * file reads as ''. Errors thrown by `change` propagate and leave the file untouched.
 */
export async function updateConfigFile(path: string, change: (text: string) => string, options: UpdateOptions = {}): Promise<UpdateResult> {
  return updateEditableFile(path, CONFIG_FILE, change, options)
}

/** {@link updateConfigFile} for any file users edit too; `file` names it in messages and says whether it holds secrets. */
export async function updateEditableFile(
  path: string,
  file: EditableFile,
  change: (text: string) => string,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const {lockTimeoutMs = 40_000, signal} = options
  const wrap = (error: unknown): unknown =>
    error instanceof ConfigError || (signal?.aborted && error === signal.reason)
      ? error
      : new ConfigError(`Cannot write the ${file.name} ${path}: ${describeFsError(error).replace(/\.$/, '')}.`, {cause: error})

  let target: string
  let lock: HeldLock
  try {
    await requireEditableFile(path, file)
    target = await resolveTarget(path, file)
    await makePrivateDirs(dirname(target))
    lock = await acquireLock(`${target}.lock`, {timeoutMs: lockTimeoutMs, lifetimeMs: WRITER_LIFETIME_MS, signal})
  } catch (error) {
    throw wrap(error)
  }

  try {
    signal?.throwIfAborted()
    const {text, existed} = await readCurrent(target, file)
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

    // A file of secrets is 0600 whatever it was; any other keeps its mode exactly.
    // eslint-disable-next-line no-bitwise
    const mode = previous && !file.secret ? previous.mode & 0o7777 : 0o600
    await replaceFile(target, next, {
      mode,
      owner: previous && {uid: previous.uid, gid: previous.gid},
      beforeRename() {
        signal?.throwIfAborted()
        if (!lock.stillHeld()) {
          throw new ConfigError(`Another process took over the lock ${lock.path} while this one was writing; try again.`)
        }
      },
    }).catch((error: unknown) => {
      throw wrap(error)
    })
    return {changed: true, created: !existed}
  } finally {
    await lock.release()
  }
}
