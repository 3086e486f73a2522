// fs.promises is read on first use: the warm credential-process path only reads, synchronously,
// and loading node:fs/promises would cost it a few milliseconds.
import {closeSync, constants, fchmodSync, promises as fsp, fstatSync, openSync, readFileSync, type Stats, statSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {makePrivateDirs} from '../private-dirs.js'
import {sleep} from '../sleep.js'

/** Where {@link replaceFile} may deviate from a new private file. */
export interface ReplaceOptions {
  /** The result's exact mode, whatever the umask. Default 0600. */
  mode?: number
  /** The owner and group to keep: a file root rewrites for a user stays the user's (only root may give a file away). */
  owner?: {uid: number; gid: number}
  /** The last check before the rename (Ctrl-C, a lock still held): throwing leaves the old file as it was. */
  beforeRename?: () => void
}

/**
 * The one atomic writer of every file we write (caches, the config file, the credentials file): a
 * concurrent reader sees the old or the new content, never a part. Temp file in the same
 * directory, owner and mode set, fsync, rename, and an fsync of the directory so that the rename
 * itself survives a crash. The directory must exist.
 */
export async function replaceFile(path: string, content: string | Uint8Array, options: ReplaceOptions = {}): Promise<void> {
  const {mode = 0o600, owner, beforeRename} = options
  const dir = dirname(path)
  // Opened with O_EXCL below, so a name clash fails instead of sharing a file.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`)
  try {
    const handle = await fsp.open(temp, 'wx', mode)
    try {
      if (owner) {
        const now = await handle.stat()
        if (now.uid !== owner.uid || now.gid !== owner.gid) await handle.chown(owner.uid, owner.gid).catch(() => {})
      }

      // After the chown, which may clear set-id bits; open's mode went through the umask.
      await handle.chmod(mode)
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }

    beforeRename?.()
    await renameOver(temp, path)
  } catch (error) {
    await fsp.rm(temp, {force: true})
    throw error
  }

  // Not every platform lets a directory be opened and synced.
  try {
    const d = await fsp.open(dir, 'r')
    await d.sync().finally(() => d.close())
  } catch {}
}

/** A private file (0600 unless told otherwise) in private directories made as needed. */
export async function writeFileAtomic(path: string, content: string, mode = 0o600): Promise<void> {
  await makePrivateDirs(dirname(path))
  await replaceFile(path, content, {mode})
}

/**
 * On Windows a rename over a file that another process has open fails for a moment (EPERM, EACCES,
 * EBUSY); with many credential-process runs reading the cache, that moment comes. Retry briefly:
 * 20 retries, pausing 25 ms, then 10 ms longer each time.
 *
 * `platform` and `pause` are parameters only so that a test on Linux can take the Windows path and
 * check the pauses without waiting them out; callers leave them at their defaults.
 */
export async function renameOver(
  from: string,
  to: string,
  platform: NodeJS.Platform = process.platform,
  pause: (ms: number) => Promise<void> = sleep,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rename(from, to)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? ''
      if (platform !== 'win32' || attempt >= 20 || !['EACCES', 'EBUSY', 'EPERM'].includes(code)) throw error
      await pause(25 + attempt * 10)
    }
  }
}

/** Why a cache write failed, in a few words for a warning line (no paths: the caller names the file). */
export function describeWriteFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'EISDIR': {
      return 'a directory is in the way'
    }

    case 'EEXIST':
    case 'ENOTDIR': {
      return 'a file is in the way of its directory'
    }

    case 'EACCES':
    case 'EPERM': {
      return 'permission denied'
    }

    case 'EROFS': {
      return 'read-only file system'
    }

    case 'ENOSPC': {
      return 'no space left on device'
    }

    default: {
      return code ?? ((error as Error)?.message || String(error))
    }
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n')
}

/** Non-blocking, so a FIFO planted at a cache path reads as nothing instead of hanging us. */
// eslint-disable-next-line no-bitwise
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

/**
 * Whether file modes mean anything here. On Windows Node reports every file as 0666 and every
 * directory as 0777 (libuv derives st_mode from the read-only bit) and chmod only toggles that bit:
 * access is the ACLs' business, which a new file inherits from the user's profile folder. Checking
 * modes there would warn on every cache hit and "tighten" every file on every read.
 */
export function hasPosixModes(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32'
}

/**
 * Token and credential files are secrets: one that another tool (or an old umask) left readable by
 * others is tightened to 0600 when we read it, if it is ours to change.
 */
function needsTightening(st: Pick<Stats, 'mode' | 'uid'>): boolean {
  if (!hasPosixModes()) return false
  // eslint-disable-next-line no-bitwise
  return (st.mode & 0o077) !== 0 && (process.getuid === undefined || st.uid === process.getuid())
}

/** A missing, truncated or otherwise unreadable JSON cache file counts as absent. */
export async function readJsonObject(path: string): Promise<Record<string, unknown> | undefined> {
  let handle
  try {
    handle = await fsp.open(path, READ_FLAGS)
  } catch {
    return undefined
  }

  try {
    const st = await handle.stat()
    if (!st.isFile()) return undefined
    if (needsTightening(st)) await handle.chmod(0o600).catch(() => {})
    return parseJsonObject(await handle.readFile('utf8'))
  } catch {
    return undefined
  } finally {
    await handle.close().catch(() => {})
  }
}

/** readJsonObject's text for the warm path: the same syscalls as readFileSync, plus a chmod when needed. */
export function readPrivateTextSync(path: string): string | undefined {
  let fd: number
  try {
    fd = openSync(path, READ_FLAGS)
  } catch {
    return undefined
  }

  try {
    const st = fstatSync(fd)
    if (!st.isFile()) return undefined
    if (needsTightening(st)) {
      try {
        fchmodSync(fd, 0o600)
      } catch {}
    }

    return readFileSync(fd, 'utf8')
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

/**
 * Why credentials found in `dir` may not be ours: a directory others can write to, or one another
 * user owns, lets them plant a file we would serve. Undefined when the directory is private enough.
 */
export function untrustedDirReason(dir: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!hasPosixModes(platform)) return undefined
  let st: Stats
  try {
    st = statSync(dir)
  } catch {
    return undefined
  }

  const uid = process.getuid?.()
  if (uid !== undefined && st.uid !== uid) {
    return `is owned by another user (uid ${st.uid}), so these credentials could have been planted; check it and run \`chown\` to take it back`
  }

  // eslint-disable-next-line no-bitwise
  if ((st.mode & 0o002) !== 0) return `is writable by other users, so these credentials could have been planted; run \`chmod 700 ${dir}\``
  return undefined
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
