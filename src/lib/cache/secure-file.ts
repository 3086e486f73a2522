// fs.promises is read on first use: the warm credential-process path only reads, synchronously,
// and loading node:fs/promises would cost it a few milliseconds.
import {closeSync, constants, fchmodSync, promises as fsp, fstatSync, openSync, readFileSync, type Stats, statSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {makePrivateDirs} from '../private-dirs.js'
import {sleep} from '../sleep.js'

/**
 * Writes the file so that a concurrent reader sees the old or the new content, never a part:
 * temp file in the same directory, fsync, rename. The result is 0600 whatever the umask.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o600): Promise<void> {
  const dir = dirname(path)
  await makePrivateDirs(dir)
  // Opened with O_EXCL below, so a name clash fails instead of sharing a file.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`)
  try {
    const handle = await fsp.open(temp, 'wx', mode)
    try {
      await handle.writeFile(content)
      await handle.chmod(mode)
      await handle.sync()
    } finally {
      await handle.close()
    }

    await renameOver(temp, path)
  } catch (error) {
    await fsp.rm(temp, {force: true})
    throw error
  }
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
 * Token and credential files are secrets: one that another tool (or an old umask) left readable by
 * others is tightened to 0600 when we read it, if it is ours to change.
 */
function needsTightening(st: Pick<Stats, 'mode' | 'uid'>): boolean {
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
export function untrustedDirReason(dir: string): string | undefined {
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
