import {expect} from 'chai'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parseJsonObject, readJsonObject, writeFileAtomic, writeJsonAtomic} from '../../src/lib/cache/secure-file.js'

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
})
