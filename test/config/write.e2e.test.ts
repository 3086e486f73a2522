import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {
  chmodSync,
  chownSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {editConfigText} from '../../src/lib/config/edit.js'
import {parseConfigText} from '../../src/lib/config/parse.js'
import {updateConfigFile} from '../../src/lib/config/write.js'
import {ConfigError} from '../../src/lib/errors.js'
import {Scratch} from './support/oracles.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const childScript = fileURLToPath(new URL('support/update-child.ts', import.meta.url))

const setRegion = (value: string) => (text: string) => editConfigText(text, [{section: {kind: 'profile', name: 'a'}, set: [['region', value]]}])

const mode = (path: string) => statSync(path).mode & 0o7777

function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  const saved = process.umask(mask)
  return fn().finally(() => process.umask(saved))
}

function runChild(path: string, prefix: string, count: number, holdMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, path, prefix, String(count), String(holdMs)], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', resolve)
  })
}

describe('config/write updateConfigFile', () => {
  let scratch: Scratch

  beforeEach(() => {
    scratch = new Scratch()
  })

  afterEach(() => scratch.cleanup())

  it('creates a missing file 0600 in missing directories 0700, whatever the umask', async () => {
    const dir = join(scratch.dir, 'home', '.aws')
    const path = join(dir, 'config')
    const result = await withUmask(0o277, () => updateConfigFile(path, setRegion('x')))
    expect(result).to.deep.equal({changed: true, created: true})
    expect(readFileSync(path, 'utf8')).to.equal('[profile a]\nregion = x\n')
    expect(mode(path)).to.equal(0o600)
    expect(mode(dir)).to.equal(0o700)
    expect(mode(join(scratch.dir, 'home'))).to.equal(0o700)
    expect(readdirSync(dir)).to.deep.equal(['config'])
  })

  it('writes nothing when nothing changes', async () => {
    const path = scratch.file('[profile a]\nregion = x\n', 'config')
    const before = statSync(path)
    expect(await updateConfigFile(path, setRegion('x'))).to.deep.equal({changed: false, created: false})
    const after = statSync(path)
    expect([after.ino, after.mtimeMs]).to.deep.equal([before.ino, before.mtimeMs])
    const missing = join(scratch.dir, 'missing')
    expect(await updateConfigFile(missing, (t) => t)).to.deep.equal({changed: false, created: false})
    expect(readdirSync(scratch.dir)).to.deep.equal(['config'])
  })

  it('replaces the file atomically, keeping its mode and owner', async () => {
    const path = scratch.file('[profile a]\nregion = old\n# keep\n', 'config')
    chmodSync(path, 0o640)
    const asRoot = process.getuid?.() === 0
    if (asRoot) chownSync(path, 1234, 4321)
    // A reader that opened the file before the update keeps seeing the complete old text: the
    // new text went to a new inode, it did not truncate and rewrite this one.
    const fd = openSync(path, 'r')
    const inode = statSync(path).ino
    try {
      expect(await withUmask(0o077, () => updateConfigFile(path, setRegion('new')))).to.deep.equal({changed: true, created: false})
      const buffer = Buffer.alloc(100)
      const n = readSync(fd, buffer, 0, 100, 0)
      expect(buffer.subarray(0, n).toString()).to.equal('[profile a]\nregion = old\n# keep\n')
    } finally {
      closeSync(fd)
    }

    expect(readFileSync(path, 'utf8')).to.equal('[profile a]\nregion = new\n# keep\n')
    expect(statSync(path).ino).not.to.equal(inode)
    expect(mode(path)).to.equal(0o640)
    if (asRoot) expect([statSync(path).uid, statSync(path).gid]).to.deep.equal([1234, 4321])
    expect(readdirSync(scratch.dir)).to.deep.equal(['config'])
  })

  it('updates a symlinked config at its target and leaves the link a link', async () => {
    const realDir = join(scratch.dir, 'dotfiles')
    mkdirSync(realDir)
    const target = join(realDir, 'aws-config')
    writeFileSync(target, '[profile a]\nregion = old\n')
    const awsDir = join(scratch.dir, '.aws')
    mkdirSync(awsDir)
    const link = join(awsDir, 'config')
    symlinkSync('../dotfiles/aws-config', link)

    await updateConfigFile(link, setRegion('new'))
    expect(lstatSync(link).isSymbolicLink()).to.equal(true)
    expect(readFileSync(target, 'utf8')).to.equal('[profile a]\nregion = new\n')
    expect(readdirSync(awsDir)).to.deep.equal(['config'])
    expect(readdirSync(realDir)).to.deep.equal(['aws-config'])
  })

  it('creates the target of a dangling symlink', async () => {
    const link = join(scratch.dir, 'config')
    symlinkSync('real/config', link)
    expect(await updateConfigFile(link, setRegion('x'))).to.deep.equal({changed: true, created: true})
    expect(lstatSync(link).isSymbolicLink()).to.equal(true)
    expect(readFileSync(join(scratch.dir, 'real', 'config'), 'utf8')).to.equal('[profile a]\nregion = x\n')
  })

  it('leaves the file untouched and nothing behind when change throws', async () => {
    const path = scratch.file('[profile a]\nregion = x\n', 'config')
    const before = statSync(path)
    const boom = new ConfigError('bad input')
    const error = await updateConfigFile(path, () => {
      throw boom
    }).catch((error_: unknown) => error_)
    expect(error).to.equal(boom)
    expect(readFileSync(path, 'utf8')).to.equal('[profile a]\nregion = x\n')
    expect(statSync(path).mtimeMs).to.equal(before.mtimeMs)
    expect(readdirSync(scratch.dir)).to.deep.equal(['config'])
  })

  it('removes its temporary file when the write fails part way', async () => {
    const path = scratch.file('[profile a]\nregion = x\n', 'config')
    // Another process breaking our lock is detected after the temporary file is written and
    // before it replaces the config.
    const error = await updateConfigFile(path, (text) => {
      writeFileSync(`${path}.lock`, JSON.stringify({pid: 999_999, host: hostname(), nonce: 'someone-else', lifetimeMs: 60_000}))
      return setRegion('y')(text)
    }).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(ConfigError)
    expect((error as Error).message).to.contain('lock')
    expect(readFileSync(path, 'utf8')).to.equal('[profile a]\nregion = x\n')
    // The lock is not ours any more, so it is left for its owner.
    expect(readdirSync(scratch.dir).sort()).to.deep.equal(['config', 'config.lock'])
  })

  it('refuses to rewrite a file that is not UTF-8, since that would change bytes it did not edit', async () => {
    const path = join(scratch.dir, 'config')
    const bytes = Buffer.from('[profile a]\n# caf\u00E9 in latin-1: \u00E9\nregion = x\n', 'latin1')
    writeFileSync(path, bytes)
    const error = await updateConfigFile(path, setRegion('y')).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(ConfigError)
    expect((error as Error).message)
      .to.contain(path)
      .and.contain('not valid UTF')
    expect(readFileSync(path).equals(bytes)).to.equal(true)
  })

  it('a directory in the way is a ConfigError naming the path', async () => {
    const path = join(scratch.dir, 'config')
    mkdirSync(path)
    const error = await updateConfigFile(path, setRegion('y')).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(ConfigError)
    expect((error as Error).message).to.contain(path)
  })

  describe('concurrent writers', () => {
    it('three processes updating at once lose none of each other’s changes', async () => {
      const path = join(scratch.dir, 'config')
      writeFileSync(path, '# shared\n[profile race]\n')
      const count = 6
      const codes = await Promise.all(['p', 'q', 'r'].map((prefix) => runChild(path, prefix, count, 15)))
      expect(codes).to.deep.equal([0, 0, 0])
      const keys = parseConfigText(readFileSync(path, 'utf8')).profiles.race
      for (const prefix of ['p', 'q', 'r']) {
        for (let i = 0; i < count; i++) expect(keys[`${prefix}_${i}`], `${prefix}_${i}`).to.equal(String(i))
      }

      expect(readFileSync(path, 'utf8').startsWith('# shared\n[profile race]\n')).to.equal(true)
      expect(readdirSync(scratch.dir)).to.deep.equal(['config'])
    })
    // The lock's own rules (dead, stale, stuck holders, waits) are tested once, in test/faults/lock-faults.test.ts.
  })
})
