/**
 * Creates a directory and its missing parents, each one made 0700 (set after mkdir, whose mode
 * the umask filters), for the directories that hold tokens, keys, the config and our caches.
 * Directories that already exist are left as the user set them.
 *
 * Not mkdir's own `recursive` option: where a directory exists but mkdir of a child in it answers
 * ENOENT (procfs, some FUSE mounts), Node's recursive mkdir takes that for a missing parent, makes
 * the parent again (EEXIST) and retries the child forever, spinning a core (`AWS_CONFIG_FILE=
 * /proc/x/config` did). Here each level is tried at most twice: once, and once after its parent
 * exists; then the error is the caller's.
 */
// fs.promises is read on first use (the warm credential-process path only needs the sync form).
import {chmodSync, promises as fsp, mkdirSync, statSync} from 'node:fs'
import {dirname} from 'node:path'

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code

/** False when the parent is missing; throws what mkdir threw otherwise, unless dir is a directory. */
function mkdirOnceSync(dir: string, last: boolean): boolean {
  try {
    mkdirSync(dir, {mode: 0o700})
  } catch (error) {
    if (codeOf(error) === 'ENOENT' && !last) return false
    if (codeOf(error) === 'EEXIST' && statSync(dir).isDirectory()) return true
    throw error
  }

  try {
    chmodSync(dir, 0o700)
  } catch {}

  return true
}

export function makePrivateDirsSync(dir: string): void {
  if (mkdirOnceSync(dir, dirname(dir) === dir)) return
  makePrivateDirsSync(dirname(dir))
  mkdirOnceSync(dir, true)
}

async function mkdirOnce(dir: string, last: boolean): Promise<boolean> {
  try {
    await fsp.mkdir(dir, {mode: 0o700})
  } catch (error) {
    if (codeOf(error) === 'ENOENT' && !last) return false
    if (codeOf(error) === 'EEXIST' && (await fsp.stat(dir)).isDirectory()) return true
    throw error
  }

  await fsp.chmod(dir, 0o700).catch(() => {})
  return true
}

export async function makePrivateDirs(dir: string): Promise<void> {
  if (await mkdirOnce(dir, dirname(dir) === dir)) return
  await makePrivateDirs(dirname(dir))
  await mkdirOnce(dir, true)
}
