import {expect} from 'chai'
import {
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {describeFsError, readCurrent, updateConfigFile} from '../../src/lib/config/write.js'
import {ConfigError} from '../../src/lib/errors.js'

/**
 * updateConfigFile in-process, one behaviour per case with its exact outcome. The concurrent-process
 * case lives in test/config/write.test.ts.
 */
describe('config writer (in-process)', () => {
  let dir: string
  let path: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-write-'))
    path = join(dir, 'config')
  })

  afterEach(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  const mode = (p: string) => statSync(p).mode & 0o7777
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail('expected a failure'),
      (error: unknown) => error as Error,
    )

  it('reports created and changed, and leaves only the file behind', async () => {
    expect(await updateConfigFile(path, (text) => `${text}[profile a]\n`)).to.deep.equal({changed: true, created: true})
    expect(await updateConfigFile(path, (text) => `${text}k = v\n`)).to.deep.equal({changed: true, created: false})
    expect(await updateConfigFile(path, (text) => text)).to.deep.equal({changed: false, created: false})
    expect(readFileSync(path, 'utf8')).to.equal('[profile a]\nk = v\n')
    expect(readdirSync(dir)).to.deep.equal(['config'])
  })

  it('an unchanged missing file is not created', async () => {
    expect(await updateConfigFile(path, (text) => text)).to.deep.equal({changed: false, created: false})
    expect(existsSync(path)).to.equal(false)
  })

  it('a new file is 0600 in new 0700 directories; an existing file keeps its mode', async () => {
    const deep = join(dir, 'a', 'b', 'config')
    await updateConfigFile(deep, () => 'x\n')
    expect(mode(deep)).to.equal(0o600)
    expect(mode(join(dir, 'a'))).to.equal(0o700)
    expect(mode(join(dir, 'a', 'b'))).to.equal(0o700)
    writeFileSync(path, 'old\n', {mode: 0o640})
    await updateConfigFile(path, () => 'new\n')
    expect(mode(path)).to.equal(0o640)
  })

  it('hands change the text with its BOM and writes back exactly what change returns', async () => {
    writeFileSync(path, '\uFEFF[profile a]\r\nk = v\r\n')
    let seen = ''
    await updateConfigFile(path, (text) => {
      seen = text
      return `${text}x = 1\r\n`
    })
    expect(seen).to.equal('\uFEFF[profile a]\r\nk = v\r\n')
    expect(readFileSync(path).toString('latin1').startsWith('\u00EF\u00BB\u00BF[profile a]\r\n')).to.equal(true)
    expect(readFileSync(path, 'utf8')).to.equal('\uFEFF[profile a]\r\nk = v\r\nx = 1\r\n')
  })

  it('holds the lock beside the target while change runs, declaring a 30 s lifetime', async () => {
    let lock: {lifetimeMs: number; pid: number} | undefined
    await updateConfigFile(path, () => {
      lock = JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as typeof lock
      return 'x\n'
    })
    expect(lock?.pid).to.equal(process.pid)
    expect(lock?.lifetimeMs).to.equal(30_000)
    expect(existsSync(`${path}.lock`)).to.equal(false)
  })

  it('waits for a held lock only as long as lockTimeoutMs, then names the file and the holder', async () => {
    writeFileSync(`${path}.lock`, JSON.stringify({host: hostname(), lifetimeMs: 60_000, nonce: 'other', pid: process.pid}))
    const error = await failure(updateConfigFile(path, () => 'x\n', {lockTimeoutMs: 300}))
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(
      `Cannot write the AWS config file ${path}: Gave up after 0 s waiting for the lock ${path}.lock held by process ${process.pid}; if no other aws-sso-util is running, delete that file.`,
    )
    expect(existsSync(path)).to.equal(false)
  })

  it('a symlinked config is written at its target; the link stays a link (also a dangling one)', async () => {
    mkdirSync(join(dir, 'real'))
    const target = join(dir, 'real', 'config')
    writeFileSync(target, 'old\n')
    symlinkSync(target, path)
    await updateConfigFile(path, () => 'new\n')
    expect(lstatSync(path).isSymbolicLink()).to.equal(true)
    expect(readFileSync(target, 'utf8')).to.equal('new\n')
    const dangling = join(dir, 'link2')
    symlinkSync(join('real', 'sub', 'made'), dangling)
    expect(await updateConfigFile(dangling, () => 'made\n')).to.deep.equal({changed: true, created: true})
    expect(readlinkSync(dangling)).to.equal(join('real', 'sub', 'made'))
    expect(readFileSync(join(dir, 'real', 'sub', 'made'), 'utf8')).to.equal('made\n')
    expect(mode(join(dir, 'real', 'sub'))).to.equal(0o700)
  })

  it('a chain of dangling links is followed hop by hop', async () => {
    symlinkSync('b', join(dir, 'a'))
    symlinkSync('c', join(dir, 'b'))
    await updateConfigFile(join(dir, 'a'), () => 'c\n')
    expect(readFileSync(join(dir, 'c'), 'utf8')).to.equal('c\n')
    expect(lstatSync(join(dir, 'b')).isSymbolicLink()).to.equal(true)
  })

  it('a symlink loop is one line saying so', async () => {
    symlinkSync('loop2', join(dir, 'loop1'))
    symlinkSync('loop1', join(dir, 'loop2'))
    const error = await failure(updateConfigFile(join(dir, 'loop1'), () => 'x\n'))
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(
      `Cannot write the AWS config file ${join(dir, 'loop1')}: ELOOP: too many symbolic links encountered, stat '${join(dir, 'loop1')}'.`,
    )
  })

  it('a file that is not UTF-8 is refused, untouched', async () => {
    const bytes = Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0xe9, 0x0a])
    writeFileSync(path, bytes)
    const error = await failure(updateConfigFile(path, () => 'x\n'))
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(`The AWS config file ${path} is not valid UTF-8; fix or convert it before writing to it.`)
    // --debug prints the cause's stack: the decoder's error, not ours.
    expect(error.cause).to.be.instanceOf(TypeError)
    expect(readFileSync(path).equals(bytes)).to.equal(true)
    expect(readdirSync(dir)).to.deep.equal(['config'])
  })

  it('a directory at the path is named as such', async () => {
    mkdirSync(path)
    const error = await failure(updateConfigFile(path, () => 'x\n'))
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(
      `The AWS config file ${path} is a directory, not a regular file; nothing was written. Point AWS_CONFIG_FILE at a regular file.`,
    )
  })

  it('a lock taken over during the write: nothing replaced, the temporary file removed, the lock left to its owner', async () => {
    writeFileSync(path, 'old\n')
    const error = await failure(
      updateConfigFile(path, () => {
        writeFileSync(`${path}.lock`, JSON.stringify({host: hostname(), lifetimeMs: 60_000, nonce: 'someone-else', pid: process.pid}))
        return 'new\n'
      }),
    )
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(`Another process took over the lock ${path}.lock while this one was writing; try again.`)
    expect(readFileSync(path, 'utf8')).to.equal('old\n')
    expect(readdirSync(dir).sort()).to.deep.equal(['config', 'config.lock'])
  })

  it('Ctrl-C: before the lock nothing is read; during change the rename does not happen; the reason passes through', async () => {
    writeFileSync(path, 'old\n')
    const early = new AbortController()
    const reason = new Error('interrupted')
    early.abort(reason)
    let called = false
    const first = await failure(
      updateConfigFile(
        path,
        () => {
          called = true
          return 'new\n'
        },
        {signal: early.signal},
      ),
    )
    expect(first).to.equal(reason)
    expect(called).to.equal(false)

    const late = new AbortController()
    const second = await failure(
      updateConfigFile(
        path,
        () => {
          late.abort(reason)
          return 'new\n'
        },
        {signal: late.signal},
      ),
    )
    expect(second).to.equal(reason)
    expect(readFileSync(path, 'utf8')).to.equal('old\n')
    expect(readdirSync(dir)).to.deep.equal(['config'])
  })

  it('an error from change passes through unchanged, the file untouched', async () => {
    writeFileSync(path, 'old\n')
    const boom = new TypeError('boom')
    expect(
      await failure(
        updateConfigFile(path, () => {
          throw boom
        }),
      ),
    ).to.equal(boom)
    expect(readFileSync(path, 'utf8')).to.equal('old\n')
    expect(readdirSync(dir)).to.deep.equal(['config'])
  })

  it('a directory that cannot be created is a ConfigError naming the config file', async () => {
    writeFileSync(join(dir, 'file'), '')
    const inside = join(dir, 'file', 'config')
    const error = await failure(updateConfigFile(inside, () => 'x\n'))
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(`Cannot write the AWS config file ${inside}: ENOTDIR: not a directory, realpath '${inside}'.`)
    expect((error.cause as NodeJS.ErrnoException).code).to.equal('ENOTDIR')
  })

  it('after Ctrl-C, an error that is not the interrupt is still one ConfigError naming the file', async () => {
    writeFileSync(join(dir, 'file'), '')
    const inside = join(dir, 'file', 'config')
    const error = await failure(updateConfigFile(inside, () => 'x\n', {signal: AbortSignal.abort(new Error('interrupted'))}))
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(`Cannot write the AWS config file ${inside}: ENOTDIR: not a directory, realpath '${inside}'.`)
  })

  it('names the errno a user can act on, and otherwise passes the message on', () => {
    const errno = (code: string, message = `${code}: raw`) => Object.assign(new Error(message), {code})
    expect(describeFsError(errno('EACCES'))).to.equal('permission denied')
    expect(describeFsError(errno('EPERM'))).to.equal('permission denied')
    expect(describeFsError(errno('EROFS'))).to.equal('read-only file system')
    expect(describeFsError(errno('ENOSPC'))).to.equal('no space left on device')
    expect(describeFsError(errno('EIO', 'EIO: i/o error, write'))).to.equal('EIO: i/o error, write')
    expect(describeFsError(null)).to.equal('null')
    expect(describeFsError('text thrown')).to.equal('text thrown')
  })

  it('readCurrent: a missing file is empty and new; a directory is one ConfigError saying so, with its cause', async () => {
    expect(await readCurrent(path)).to.deep.equal({text: '', existed: false})
    writeFileSync(path, '\uFEFF[a]\n')
    expect(await readCurrent(path)).to.deep.equal({text: '\uFEFF[a]\n', existed: true})
    rmSync(path)
    mkdirSync(path)
    const error = await failure(readCurrent(path))
    expect(error).to.be.instanceOf(ConfigError)
    expect(error.message).to.equal(`Cannot read the AWS config file ${path}: it is a directory.`)
    expect((error.cause as NodeJS.ErrnoException).code).to.equal('EISDIR')
  })

  describe('a file owned by someone else keeps its owner and group (root only: nobody else may chown)', () => {
    for (const [what, uid, gid] of [
      ['another owner and group', 1234, 5678],
      ['another owner only', 1234, 0],
      ['another group only', 0, 5678],
    ] as const) {
      it(what, async function () {
        if (process.getuid?.() !== 0) this.skip()
        writeFileSync(path, '[a]\n', {mode: 0o640})
        chownSync(path, uid, gid)
        await updateConfigFile(path, (text) => `${text}k = v\n`)
        const st = statSync(path)
        expect([st.uid, st.gid, mode(path), readFileSync(path, 'utf8')]).to.deep.equal([uid, gid, 0o640, '[a]\nk = v\n'])
      })
    }
  })
})
