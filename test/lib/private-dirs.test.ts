import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import fs, {chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {syncBuiltinESMExports} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {makePrivateDirs, makePrivateDirsSync} from '../../src/lib/private-dirs.js'

const moduleUrl = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'lib', 'private-dirs.ts')).href

const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), {code, syscall, path})

/**
 * Puts a hook in front of mkdir and chmod, both forms: it sees each path, and may throw to make the
 * call fail as the file system would. The module imports the sync functions by name, so the ESM
 * bindings are re-synced. Returns the undo.
 */
function hookFs(hooks: {chmod?: (path: string) => void; mkdir?: (path: string) => void}): () => void {
  const {chmodSync, mkdirSync} = fs
  const {chmod, mkdir} = fs.promises
  const {chmod: chmodHook = () => {}, mkdir: mkdirHook = () => {}} = hooks
  fs.mkdirSync = ((path: fs.PathLike, options: fs.MakeDirectoryOptions) => {
    mkdirHook(String(path))
    return mkdirSync(path, options)
  }) as typeof fs.mkdirSync
  fs.chmodSync = (path, mode) => {
    chmodHook(String(path))
    chmodSync(path, mode)
  }

  fs.promises.mkdir = (async (path: fs.PathLike, options: fs.MakeDirectoryOptions) => {
    mkdirHook(String(path))
    return mkdir(path, options)
  }) as typeof fs.promises.mkdir
  fs.promises.chmod = async (path, mode) => {
    chmodHook(String(path))
    return chmod(path, mode)
  }

  syncBuiltinESMExports()
  return () => {
    Object.assign(fs, {chmodSync, mkdirSync})
    Object.assign(fs.promises, {chmod, mkdir})
    syncBuiltinESMExports()
  }
}

/** What the work threw, or 'resolved'. */
const failureOf = async (work: Promise<unknown>) =>
  work.then(
    () => 'resolved' as const,
    (error: unknown) => error as NodeJS.ErrnoException,
  )

const forms = [
  ['makePrivateDirs', (dir: string) => makePrivateDirs(dir)],
  ['makePrivateDirsSync', async (dir: string) => makePrivateDirsSync(dir)],
] as const

for (const [name, make] of forms) {
  describe(`${name}: directories for secrets`, () => {
    let dir: string
    let saved: number

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-dirs-'))
      saved = process.umask(0o022)
    })

    let unhook = () => {}

    afterEach(() => {
      unhook()
      unhook = () => {}
      process.umask(saved)
      rmSync(dir, {force: true, recursive: true})
    })

    /** Records every mkdir; past 50 calls it fails, so that a runaway recursion ends (and fails the test). */
    const recordMkdirs = (fail?: (path: string) => string | undefined) => {
      const calls: string[] = []
      unhook = hookFs({
        mkdir(path) {
          calls.push(path)
          if (calls.length > 50) throw errno('ERUNAWAY', 'mkdir', path)
          const code = fail?.(path)
          if (code) throw errno(code, 'mkdir', path)
        },
      })
      return calls
    }

    const mode = (p: string) => statSync(p).mode & 0o777
    const codeOf = async (work: Promise<unknown>) =>
      work.then(
        () => 'resolved',
        (error: NodeJS.ErrnoException) => error.code,
      )

    it('makes every directory it creates 0700 whatever the umask, and leaves existing ones as they are', async () => {
      chmodSync(dir, 0o755)
      // This umask would leave new directories 0500 unless they are set explicitly.
      process.umask(0o277)
      await make(join(dir, 'a', 'b', 'c'))
      expect([mode(join(dir, 'a')), mode(join(dir, 'a', 'b')), mode(join(dir, 'a', 'b', 'c'))]).to.deep.equal([0o700, 0o700, 0o700])
      expect(mode(dir)).to.equal(0o755)
      process.umask(0o022)
      mkdirSync(join(dir, 'open'), {mode: 0o755})
      await make(join(dir, 'open'))
      await make(join(dir, 'open', 'x'))
      expect([mode(join(dir, 'open')), mode(join(dir, 'open', 'x'))]).to.deep.equal([0o755, 0o700])
    })

    it('goes through a symlink to a directory, and refuses a file or a dangling link in the way', async () => {
      mkdirSync(join(dir, 'real'))
      symlinkSync(join(dir, 'real'), join(dir, 'link'))
      await make(join(dir, 'link', 'sub'))
      expect(existsSync(join(dir, 'real', 'sub'))).to.equal(true)
      writeFileSync(join(dir, 'file'), '')
      expect(await codeOf(make(join(dir, 'file')))).to.equal('EEXIST')
      expect(await codeOf(make(join(dir, 'file', 'sub')))).to.equal('ENOTDIR')
      symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'))
      expect(await codeOf(make(join(dir, 'dangling', 'sub')))).to.equal('ENOENT')
    })

    it('ends with ENOENT where a directory exists but cannot hold a new one (procfs), where recursive mkdir spins forever', function () {
      if (!existsSync('/proc/self')) this.skip()
      // A node process with tsx: seconds on a loaded machine.
      this.timeout(60_000)
      // In a child with a time limit: a spinning sync mkdir would stop mocha's own timeout too.
      const script = `const m = await import(${JSON.stringify(moduleUrl)}); try { await m.${name}('/proc/no-such-dir/aws-sso-util/cache'); console.log('made') } catch (e) { console.log(e.code) }`
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8', timeout: 30_000})
      expect([child.signal, child.stdout.trim()]).to.deep.equal([null, 'ENOENT'])
    })

    it('makes each new directory 0700 with mkdir itself, so it is private even where the chmod after it fails', async () => {
      unhook = hookFs({
        chmod(path) {
          throw errno('EPERM', 'chmod', path)
        },
      })
      await make(join(dir, 'a', 'b'))
      expect([mode(join(dir, 'a')), mode(join(dir, 'a', 'b'))]).to.deep.equal([0o700, 0o700])
    })

    it("passes mkdir's own error through, naming the call and the path", async () => {
      writeFileSync(join(dir, 'file'), '')
      const error = (await failureOf(make(join(dir, 'file', 'sub')))) as NodeJS.ErrnoException
      expect(error.message).to.equal(`ENOTDIR: not a directory, mkdir '${join(dir, 'file', 'sub')}'`)
    })

    it('tries the deepest level, climbs to the first that exists, and makes each missing one once on the way back', async () => {
      const calls = recordMkdirs()
      await make(join(dir, 'a', 'b', 'c'))
      expect(calls).to.deep.equal([join(dir, 'a', 'b', 'c'), join(dir, 'a', 'b'), join(dir, 'a'), join(dir, 'a', 'b'), join(dir, 'a', 'b', 'c')])
      calls.length = 0
      await make(join(dir, 'a', 'b', 'c'))
      expect(calls).to.deep.equal([join(dir, 'a', 'b', 'c')])
    })

    it('ends with ENOENT where a directory that exists answers ENOENT for any new one in it (as procfs does), trying each level at most twice', async () => {
      mkdirSync(join(dir, 'proc'))
      const calls = recordMkdirs((path) => (path.startsWith(join(dir, 'proc') + '/') ? 'ENOENT' : undefined))
      const error = (await failureOf(make(join(dir, 'proc', 'x', 'y')))) as NodeJS.ErrnoException
      expect([error.code, error.path]).to.deep.equal(['ENOENT', join(dir, 'proc', 'x')])
      expect(calls).to.deep.equal([join(dir, 'proc', 'x', 'y'), join(dir, 'proc', 'x'), join(dir, 'proc'), join(dir, 'proc', 'x')])
    })

    it('ends with ENOENT at the root where mkdir answers ENOENT all the way up', async () => {
      const calls = recordMkdirs(() => 'ENOENT')
      const error = (await failureOf(make(join(dir, 'a')))) as NodeJS.ErrnoException
      expect([error.code, error.path]).to.deep.equal(['ENOENT', '/'])
      expect(calls.at(-1)).to.equal('/')
      expect(calls.length).to.equal(join(dir, 'a').split('/').length)
    })
  })
}

describe('makePrivateDirs on procfs, in-process', () => {
  it('ends with ENOENT instead of spinning (an async spin would still let the timeout fire)', async function () {
    if (!existsSync('/proc/self')) this.skip()
    this.timeout(5000)
    const error = (await failureOf(makePrivateDirs('/proc/no-such-dir/aws-sso-util/cache'))) as NodeJS.ErrnoException
    expect([error.code, error.path]).to.deep.equal(['ENOENT', '/proc/no-such-dir'])
  })
})
