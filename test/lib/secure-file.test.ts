import {expect} from 'chai'
import fs, {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {
  describeWriteFailure,
  parseJsonObject,
  readJsonObject,
  readPrivateTextSync,
  renameOver,
  untrustedDirReason,
  writeFileAtomic,
  writeJsonAtomic,
} from '../../src/lib/cache/secure-file.js'

const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), {code, syscall, path})

const outcome = async (work: Promise<unknown>) =>
  work.then(
    () => 'resolved',
    (error: unknown) => error as NodeJS.ErrnoException,
  )

/** Open descriptors of this process, where /proc tells; undefined elsewhere. */
const openFds = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : undefined)

/** A uid that is not ours, for a file only root can give away. */
const OTHER_UID = 54_321

/** Files that hold tokens and keys: 0600 in 0700 directories, replaced whole or not at all. */
describe('secure files (in-process)', () => {
  let dir: string
  let saved: number

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-secure-'))
    // A permissive umask: the modes must be set explicitly, not left to it.
    saved = process.umask(0o022)
  })

  afterEach(() => {
    process.umask(saved)
    rmSync(dir, {force: true, recursive: true})
  })

  const mode = (p: string) => statSync(p).mode & 0o777

  it('writeFileAtomic: 0600 by default, the given mode otherwise, content whole, no temp file left', async () => {
    const path = join(dir, 'sub', 'token.json')
    await writeFileAtomic(path, 'secret')
    expect(readFileSync(path, 'utf8')).to.equal('secret')
    expect(mode(path)).to.equal(0o600)
    expect(mode(join(dir, 'sub'))).to.equal(0o700)
    writeFileSync(path, 'old', {mode: 0o644})
    await writeFileAtomic(path, 'new')
    expect(mode(path), 'a replaced file is 0600 again').to.equal(0o600)
    // This umask would make 0640 into 0600 unless the mode is set explicitly.
    process.umask(0o077)
    await writeFileAtomic(path, 'shared', 0o640)
    expect(mode(path)).to.equal(0o640)
    expect(readdirSync(join(dir, 'sub'))).to.deep.equal(['token.json'])
  })

  it('writeFileAtomic: a failed rename removes the temporary file and throws', async () => {
    const path = join(dir, 'target')
    mkdirSync(path)
    writeFileSync(join(path, 'inside'), '')
    let caught: unknown
    try {
      await writeFileAtomic(path, 'x')
    } catch (error) {
      caught = error
    }

    expect((caught as NodeJS.ErrnoException).code).to.be.oneOf(['EISDIR', 'ENOTEMPTY', 'EEXIST'])
    expect(readdirSync(dir)).to.deep.equal(['target'])
  })

  it('writeJsonAtomic writes two-space JSON with a final newline', async () => {
    const path = join(dir, 'c.json')
    await writeJsonAtomic(path, {a: 1, b: ['x']})
    expect(readFileSync(path, 'utf8')).to.equal('{\n  "a": 1,\n  "b": [\n    "x"\n  ]\n}\n')
    expect(mode(path)).to.equal(0o600)
  })

  it('readJsonObject / parseJsonObject: an object, or undefined for anything else', async () => {
    const path = join(dir, 'c.json')
    writeFileSync(path, '{"k": "v"}')
    expect(await readJsonObject(path)).to.deep.equal({k: 'v'})
    expect(await readJsonObject(join(dir, 'missing.json'))).to.equal(undefined)
    expect(await readJsonObject(dir)).to.equal(undefined)
    for (const text of ['', '{"k": ', '[]', '[1]', 'null', '0', '1', '"s"', 'true', 'false']) expect(parseJsonObject(text), text).to.equal(undefined)
    expect(parseJsonObject('{}')).to.deep.equal({})
  })

  it('writeFileAtomic: a name as long as the file system allows still gets a temporary name that fits', async () => {
    // The temporary name is ".<name>.<pid>.<8 time and 6 random characters>.tmp": 21 characters and the pid more.
    const name = 'n'.repeat(255 - 21 - String(process.pid).length)
    await writeFileAtomic(join(dir, name), 'long')
    expect(readFileSync(join(dir, name), 'utf8')).to.equal('long')
    expect(readdirSync(dir)).to.deep.equal([name])
  })

  it('writeFileAtomic: a write that fails after the open leaves the old file, no temporary file and no descriptor open', async () => {
    const path = join(dir, 'token.json')
    writeFileSync(path, 'old', {mode: 0o600})
    // FileHandle is not exported; a handle of our own gives its prototype, where sync can be made to fail.
    const probe = await fs.promises.open(path, 'r')
    const proto = Object.getPrototypeOf(probe) as {sync: () => Promise<void>}
    await probe.close()
    const {sync} = proto
    const before = openFds()
    proto.sync = async () => {
      throw errno('EIO', 'fsync', path)
    }

    let error
    try {
      error = await outcome(writeFileAtomic(path, 'new'))
    } finally {
      proto.sync = sync
    }

    expect((error as NodeJS.ErrnoException).code).to.equal('EIO')
    expect(readFileSync(path, 'utf8')).to.equal('old')
    expect(readdirSync(dir)).to.deep.equal(['token.json'])
    expect(openFds()).to.equal(before)
  })

  it('writeFileAtomic: a directory that takes no new file throws the open error itself, as "permission denied"', async function () {
    if (!existsSync('/sys/kernel')) this.skip()
    const error = (await outcome(writeFileAtomic('/sys/kernel/aws-sso-util-test.json', '{}'))) as NodeJS.ErrnoException
    // The cleanup of a temporary file that was never made must not replace the cause with its own ENOENT.
    expect([error.code, error.syscall]).to.deep.equal(['EACCES', 'open'])
    expect(describeWriteFailure(error)).to.equal('permission denied')
  })

  it('writes and reads leave no file descriptor open', async function () {
    const before = openFds()
    if (before === undefined) this.skip()
    const path = join(dir, 'c.json')
    for (let i = 0; i < 3; i++) {
      await writeJsonAtomic(path, {i})
      expect(await readJsonObject(path)).to.deep.equal({i})
      expect(readPrivateTextSync(path)).to.equal(`{\n  "i": ${i}\n}\n`)
      expect(await readJsonObject(dir)).to.equal(undefined)
      expect(readPrivateTextSync(dir)).to.equal(undefined)
    }

    expect(openFds()).to.equal(before)
  })

  describe('renameOver: the retry for Windows', () => {
    let calls: string[]
    let pauses: number[]
    let rename: typeof fs.promises.rename
    const pause = async (ms: number) => {
      pauses.push(ms)
    }

    /** Rename fails with these codes in turn, then really renames; past 50 calls it stops a runaway loop. */
    const failRenames = (codes: Array<string | undefined>) => {
      fs.promises.rename = async (from, to) => {
        calls.push(String(from))
        if (calls.length > 50) throw errno('ERUNAWAY', 'rename', String(from))
        const code = codes[Math.min(calls.length, codes.length) - 1]
        if (calls.length <= codes.length) throw code === undefined ? new Error('no code') : errno(code, 'rename', String(from))
        return rename(from, to)
      }
    }

    beforeEach(() => {
      calls = []
      pauses = []
      ;({rename} = fs.promises)
      writeFileSync(join(dir, 'from'), 'new')
      writeFileSync(join(dir, 'to'), 'old')
    })

    afterEach(() => {
      fs.promises.rename = rename
    })

    const target = () => [readdirSync(dir).sort(), readFileSync(join(dir, 'to'), 'utf8')]

    it('on Windows retries EBUSY, EACCES and EPERM, pausing 25 ms and then 10 ms longer each time', async () => {
      failRenames(['EBUSY', 'EACCES', 'EPERM'])
      await renameOver(join(dir, 'from'), join(dir, 'to'), 'win32', pause)
      expect([calls.length, pauses]).to.deep.equal([4, [25, 35, 45]])
      expect(target()).to.deep.equal([['to'], 'new'])
    })

    it('on Windows gives up after 20 retries with the last error', async () => {
      failRenames(Array.from({length: 60}, () => 'EBUSY'))
      const error = (await outcome(renameOver(join(dir, 'from'), join(dir, 'to'), 'win32', pause))) as NodeJS.ErrnoException
      expect(error.code).to.equal('EBUSY')
      expect(calls.length).to.equal(21)
      expect(pauses).to.deep.equal(Array.from({length: 20}, (_, attempt) => 25 + attempt * 10))
      expect(target()).to.deep.equal([['from', 'to'], 'old'])
    })

    it('on Windows throws any other error at once', async () => {
      for (const code of ['ENOENT', 'EXDEV', undefined]) {
        calls = []
        failRenames([code])
        const error = (await outcome(renameOver(join(dir, 'from'), join(dir, 'to'), 'win32', pause))) as NodeJS.ErrnoException
        expect([error.code, calls.length], String(code)).to.deep.equal([code, 1])
      }

      expect(pauses).to.deep.equal([])
    })

    it('elsewhere throws even EBUSY, EACCES and EPERM at once', async () => {
      for (const code of ['EBUSY', 'EACCES', 'EPERM']) {
        for (const platform of ['linux', 'darwin'] as const) {
          calls = []
          failRenames([code])
          const error = (await outcome(renameOver(join(dir, 'from'), join(dir, 'to'), platform, pause))) as NodeJS.ErrnoException
          expect([error.code, calls.length], `${code} on ${platform}`).to.deep.equal([code, 1])
        }
      }

      expect(pauses).to.deep.equal([])
      expect(target()).to.deep.equal([['from', 'to'], 'old'])
    })

    it('by default really waits between the retries, and then succeeds', async function () {
      this.timeout(5000)
      failRenames(['EBUSY', 'EBUSY'])
      const started = Date.now()
      await renameOver(join(dir, 'from'), join(dir, 'to'), 'win32')
      // 25 ms and 35 ms; timers never fire early, and a loaded machine only makes it later.
      expect(Date.now() - started).to.be.at.least(59)
      expect([calls.length, target()]).to.deep.equal([3, [['to'], 'new']])
    })
  })

  it('describeWriteFailure: a few words for each usual errno, the code or the message otherwise', () => {
    const described = (code: string) => describeWriteFailure(errno(code, 'open', '/x'))
    expect(['EISDIR', 'EEXIST', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EIO'].map((code) => [code, described(code)])).to.deep.equal([
      ['EISDIR', 'a directory is in the way'],
      ['EEXIST', 'a file is in the way of its directory'],
      ['ENOTDIR', 'a file is in the way of its directory'],
      ['EACCES', 'permission denied'],
      ['EPERM', 'permission denied'],
      ['EROFS', 'read-only file system'],
      ['ENOSPC', 'no space left on device'],
      ['EIO', 'EIO'],
    ])
    expect(describeWriteFailure(new Error('disk on fire'))).to.equal('disk on fire')
    // eslint-disable-next-line unicorn/error-message -- an error without a message is the case under test
    expect(describeWriteFailure(new Error(''))).to.equal('Error')
    expect(describeWriteFailure('plain text')).to.equal('plain text')
    // eslint-disable-next-line unicorn/no-useless-undefined -- a rejection may carry undefined
    expect(describeWriteFailure(undefined)).to.equal('undefined')
    expect(describeWriteFailure(null)).to.equal('null')
  })

  describe('reading a secret file tightens it to 0600, and changes nothing else', () => {
    const readers = [
      ['readJsonObject', async (p: string) => readJsonObject(p)],
      ['readPrivateTextSync', async (p: string) => readPrivateTextSync(p)],
    ] as const

    for (const [name, read] of readers) {
      it(`${name}: 0644 becomes 0600; 0600 and 0400 stay as they are`, async () => {
        for (const [before, after] of [
          [0o644, 0o600],
          [0o604, 0o600],
          [0o640, 0o600],
          [0o600, 0o600],
          [0o400, 0o400],
        ]) {
          const path = join(dir, `f${before.toString(8)}.json`)
          writeFileSync(path, '{"k": "v"}')
          chmodSync(path, before)
          expect(await read(path)).to.deep.equal(name === 'readJsonObject' ? {k: 'v'} : '{"k": "v"}')
          expect(mode(path), before.toString(8)).to.equal(after)
        }
      })

      it(`${name}: a directory at the path is nothing, and keeps its mode`, async () => {
        const path = join(dir, 'token.json')
        mkdirSync(path)
        chmodSync(path, 0o755)
        expect(await read(path)).to.equal(undefined)
        expect(mode(path)).to.equal(0o755)
      })

      it(`${name}: a file that fails on read is nothing`, async function () {
        // procfs lists /proc/self/mem as a regular file; reading it at offset 0 fails with EIO.
        if (!existsSync('/proc/self/mem')) this.skip()
        expect(await read('/proc/self/mem')).to.equal(undefined)
      })

      it(`${name}: a file another user owns is read but left as that user set it`, async function () {
        if (process.getuid?.() !== 0) this.skip() // only root can give a file away
        const path = join(dir, 'theirs.json')
        writeFileSync(path, '{"k": "v"}')
        chmodSync(path, 0o644)
        chownSync(path, OTHER_UID, OTHER_UID)
        expect(await read(path)).to.deep.equal(name === 'readJsonObject' ? {k: 'v'} : '{"k": "v"}')
        expect(mode(path)).to.equal(0o644)
      })
    }
  })

  it('untrustedDirReason: a directory others may write to is named with the fix; a private or missing one is fine', () => {
    const cache = join(dir, 'cache')
    mkdirSync(cache)
    for (const ok of [0o700, 0o755, 0o775]) {
      chmodSync(cache, ok)
      expect(untrustedDirReason(cache), ok.toString(8)).to.equal(undefined)
    }

    for (const open of [0o777, 0o702]) {
      chmodSync(cache, open)
      expect(untrustedDirReason(cache), open.toString(8)).to.equal(
        `is writable by other users, so these credentials could have been planted; run \`chmod 700 ${cache}\``,
      )
    }

    expect(untrustedDirReason(join(dir, 'missing'))).to.equal(undefined)
  })

  it("untrustedDirReason: a directory another user owns is named with that user's uid, before its mode", function () {
    const uid = process.getuid?.()
    if (uid === undefined) this.skip()
    // Root can give a directory away; anyone else finds one that is not theirs at the root.
    let theirs = '/'
    let owner = statSync('/').uid
    if (uid === 0) {
      theirs = join(dir, 'theirs')
      mkdirSync(theirs, {mode: 0o777})
      chmodSync(theirs, 0o777)
      chownSync(theirs, OTHER_UID, OTHER_UID)
      owner = OTHER_UID
    } else if (owner === uid) this.skip()

    expect(untrustedDirReason(theirs)).to.equal(
      `is owned by another user (uid ${owner}), so these credentials could have been planted; check it and run \`chown\` to take it back`,
    )
  })
})
