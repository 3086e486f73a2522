import {chmod, mkdir, open, readFile, rename, rm} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

/**
 * Creates `dir` and any missing parents. Directories we create hold tokens or keys, so they are
 * 0700; directories that already exist are left as the user set them.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const first = await mkdir(dir, {mode: 0o700, recursive: true})
  // mkdir's mode is filtered by the umask; a restrictive mode must be set explicitly.
  if (first) {
    let current = dir
    while (current.length >= first.length) {
      await chmod(current, 0o700).catch(() => {})
      const parent = dirname(current)
      if (parent === current) break
      current = parent
    }
  }
}

/**
 * Writes the file so that a concurrent reader sees the old or the new content, never a part:
 * temp file in the same directory, fsync, rename. The result is 0600 whatever the umask.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o600): Promise<void> {
  const dir = dirname(path)
  await ensurePrivateDir(dir)
  // Opened with O_EXCL below, so a name clash fails instead of sharing a file.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`)
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      await handle.writeFile(content)
      await handle.chmod(mode)
      await handle.sync()
    } finally {
      await handle.close()
    }

    await renameOver(temp, path)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}

/**
 * On Windows a rename over a file that another process has open fails for a moment (EPERM, EACCES,
 * EBUSY); with many credential-process runs reading the cache, that moment comes. Retry briefly.
 */
async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? ''
      if (process.platform !== 'win32' || attempt >= 20 || !['EACCES', 'EBUSY', 'EPERM'].includes(code)) throw error
      await new Promise((resolve) => {
        setTimeout(resolve, 25 + attempt * 10)
      })
    }
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n')
}

/** A missing, truncated or otherwise unreadable JSON cache file counts as absent. */
export async function readJsonObject(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }

  return parseJsonObject(text)
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
