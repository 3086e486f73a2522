import {expect} from 'chai'
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {cacheFileName, codeCacheDir, loadBundle, pathTag, payloadChecksum} from '../../src/fast/code-cache.js'

const loaderUrl = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'fast', 'code-cache.ts')).href

// Each load in a process of its own: inside one process V8 keeps compiled scripts in memory and
// would never look at the cache file a second time.
const DRIVER = `
const {createRequire} = await import('node:module')
const {loadBundle} = await import(${JSON.stringify(loaderUrl)})
const [bundle, save] = process.argv.slice(-2)
const loaded = loadBundle(bundle, createRequire(bundle), process.env)
const result = {cacheUsed: loaded.cacheUsed, answer: loaded.exports.answer(), viaImport: await loaded.exports.viaImport()}
if (save === 'save') loaded.saveCache()
console.log(JSON.stringify(result))
`

describe('fast path: the V8 code cache loader', function () {
  // Each load is a node process with tsx (see DRIVER): seconds on a loaded machine, not the unit 10.
  this.timeout(60_000)
  let work: string
  let bundle: string
  let env: Record<string, string>
  let cacheDir: string

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'aws-sso-util-code-cache-'))
    bundle = join(work, 'bundle.cjs')
    writeFileSync(bundle, source('first'))
    env = {HOME: join(work, 'home')}
    cacheDir = join(work, 'home', '.cache', 'aws-sso-util')
  })

  afterEach(() => rmSync(work, {force: true, recursive: true}))

  // A bundle like the real one: CommonJS, with the banner bundle-fast puts in front of it.
  function source(answer: string) {
    return [
      '"use strict";',
      'if (typeof __importExternal !== "function") var __importExternal = (specifier) => import(specifier);',
      `exports.answer = () => ${JSON.stringify(answer)} + require("node:path").sep;`,
      'exports.viaImport = async () => (await __importExternal("node:path")).sep;',
    ].join('\n')
  }

  function run(save: boolean) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', DRIVER, bundle, save ? 'save' : 'no'], {
      env: {PATH: process.env.PATH, ...env},
      encoding: 'utf8',
      // A load that blocks (a FIFO) must fail the test, not hang it.
      timeout: 40_000,
    })
    if (child.error) throw child.error
    if (child.status !== 0) throw new Error(child.stderr)
    return JSON.parse(child.stdout) as {answer: string; cacheUsed: boolean; viaImport: string}
  }

  const load = () => run(false)
  const loadAndSave = () => run(true)
  const cacheFile = () => join(cacheDir, cacheFileName(bundle))
  const mode = (p: string) => statSync(p).mode & 0o777

  it('finds the directory: XDG_CACHE_HOME when absolute, else ~/.cache; none when disabled, on Windows or without HOME', () => {
    expect(codeCacheDir({HOME: '/h', XDG_CACHE_HOME: '/x'}, 'linux')).to.equal('/x/aws-sso-util')
    expect(codeCacheDir({HOME: '/h', XDG_CACHE_HOME: 'relative'}, 'linux')).to.equal('/h/.cache/aws-sso-util')
    expect(codeCacheDir({HOME: '/h'}, 'darwin')).to.equal('/h/.cache/aws-sso-util')
    expect(codeCacheDir({HOME: '/h', NODE_DISABLE_COMPILE_CACHE: '1'}, 'linux')).to.equal(undefined)
    expect(codeCacheDir({HOME: String.raw`C:\Users\me`}, 'win32')).to.equal(undefined)
    expect(codeCacheDir({}, 'linux')).to.equal(undefined)
    expect(codeCacheDir({HOME: 'relative'}, 'linux')).to.equal(undefined)
  })

  it('compiles and runs a bundle once per process, however often it is asked for', () => {
    const counted = join(work, 'counted.cjs')
    writeFileSync(counted, 'globalThis.__bundleRuns = (globalThis.__bundleRuns ?? 0) + 1\nexports.runs = () => globalThis.__bundleRuns\n')
    const first = loadBundle<{runs(): number}>(counted, createRequire(counted), {})
    const again = loadBundle<{runs(): number}>(counted, createRequire(counted), {})
    expect(again).to.equal(first)
    expect(again.exports.runs()).to.equal(1)
  })

  it('names the file by install path, Node version and architecture', () => {
    expect(pathTag('')).to.equal('811c9dc5')
    expect(pathTag('/a/dist/fast/credential-process.cjs')).not.to.equal(pathTag('/b/dist/fast/credential-process.cjs'))
    expect(cacheFileName('/a/x.cjs', 'v20.1.0', 'x64')).to.equal(`credential-process-${pathTag('/a/x.cjs')}-v20.1.0-x64.v8`)
  })

  it('runs the bundle without a cache, writes one (0600 in 0700) only when asked, then compiles from it', () => {
    expect(load()).to.deep.equal({cacheUsed: false, answer: 'first/', viaImport: '/'})
    expect(readdirSync(work)).to.deep.equal(['bundle.cjs'])
    expect(loadAndSave().cacheUsed).to.equal(false)
    expect(readdirSync(cacheDir)).to.deep.equal([cacheFileName(bundle)])
    expect([mode(join(work, 'home', '.cache')), mode(cacheDir), mode(cacheFile())]).to.deep.equal([0o700, 0o700, 0o600])
    expect(readFileSync(cacheFile(), 'latin1')).to.match(/^aws-sso-util code cache \d+:\d+ \d+ [\d.]+ [\d.]+\n/)

    expect(load()).to.deep.equal({cacheUsed: true, answer: 'first/', viaImport: '/'})
    const before = statSync(cacheFile()).mtimeMs
    expect(loadAndSave().cacheUsed).to.equal(true)
    expect(statSync(cacheFile()).mtimeMs).to.equal(before)
  })

  it('a rewritten bundle of the same length and mtime is compiled anew, not run from the old cache', () => {
    // Same length, same mtime: npm gives every file it installs the one mtime of 1985-10-26T08:15Z.
    const npmTime = new Date('1985-10-26T08:15:00Z')
    utimesSync(bundle, npmTime, npmTime)
    loadAndSave()
    writeFileSync(bundle, source('other'))
    utimesSync(bundle, npmTime, npmTime)
    expect(statSync(bundle).size).to.equal(source('first').length)
    expect(load()).to.deep.equal({cacheUsed: false, answer: 'other/', viaImport: '/'})
  })

  it('ignores a cache that others could write, that is a symlink, or in a directory not private', () => {
    loadAndSave()
    chmodSync(cacheFile(), 0o644)
    expect(load().cacheUsed).to.equal(false)
    chmodSync(cacheFile(), 0o600)
    expect(load().cacheUsed).to.equal(true)
    chmodSync(cacheDir, 0o755)
    expect(load().cacheUsed).to.equal(false)
    chmodSync(cacheDir, 0o700)

    const elsewhere = join(work, 'elsewhere.v8')
    writeFileSync(elsewhere, readFileSync(cacheFile()), {mode: 0o600})
    rmSync(cacheFile())
    symlinkSync(elsewhere, cacheFile())
    expect(load().cacheUsed).to.equal(false)
  })

  it('ignores a cache whose directory or file the group may write or read (0720, 0770, 0750 dir; 0620, 0660, 0640 file)', () => {
    loadAndSave()
    for (const m of [0o720, 0o770, 0o750]) {
      chmodSync(cacheDir, m)
      expect(load().cacheUsed, `directory ${m.toString(8)}`).to.equal(false)
    }

    chmodSync(cacheDir, 0o700)
    for (const m of [0o620, 0o660, 0o640]) {
      chmodSync(cacheFile(), m)
      expect(load().cacheUsed, `file ${m.toString(8)}`).to.equal(false)
    }

    chmodSync(cacheFile(), 0o600)
    expect(load().cacheUsed).to.equal(true)
  })

  it('ignores a cache file or directory that another user owns (root only: nobody else may chown)', function () {
    if (process.getuid?.() !== 0) this.skip()
    loadAndSave()
    chownSync(cacheFile(), 65_534, 65_534)
    expect(load().cacheUsed, 'file of another user').to.equal(false)
    chownSync(cacheFile(), 0, 0)
    expect(load().cacheUsed).to.equal(true)
    chownSync(cacheDir, 65_534, 65_534)
    expect(load().cacheUsed, 'directory of another user').to.equal(false)
  })

  it('CC13: the checksum changes with every single flipped bit of the data', () => {
    const data = new Uint8Array(new ArrayBuffer(1003))
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff
    const sum = payloadChecksum(data)
    const missed: string[] = []
    for (let byte = 0; byte < data.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        data[byte] ^= 1 << bit
        if (payloadChecksum(data) === sum) missed.push(`${byte}.${bit}`)
        data[byte] ^= 1 << bit
      }
    }

    expect(missed).to.deep.equal([])
    expect(payloadChecksum(data.subarray(0, 1000))).not.to.equal(payloadChecksum(data))
  })

  it('CC13: a cache with one bit of its V8 data flipped is never given to V8, and a good one replaces it', () => {
    loadAndSave()
    const good = readFileSync(cacheFile())
    const dataStart = good.indexOf(10, good.indexOf(10) + 1) + 1
    for (const at of [good.length - 1, dataStart, Math.floor((dataStart + good.length) / 2)]) {
      const bad = Buffer.from(good)
      bad[at] ^= 0x10
      writeFileSync(cacheFile(), bad, {mode: 0o600})
      expect(loadAndSave(), `bit flipped at ${at}`).to.deep.equal({cacheUsed: false, answer: 'first/', viaImport: '/'})
      expect(readFileSync(cacheFile()).equals(bad), 'rewritten').to.equal(false)
      expect(load().cacheUsed).to.equal(true)
    }
  })

  it('CC22: a FIFO at the cache path is passed over at once, not waited on', () => {
    loadAndSave()
    rmSync(cacheFile())
    execFileSync('mkfifo', ['-m', '600', cacheFile()])
    const started = Date.now()
    expect(load()).to.deep.equal({cacheUsed: false, answer: 'first/', viaImport: '/'})
    expect(Date.now() - started).to.be.below(30_000)
  })

  it("CC25: root with another user's HOME (sudo -E) creates no directory in it, with or without ~/.cache", function () {
    if (process.getuid?.() !== 0) this.skip()
    const home = join(work, 'home')
    mkdirSync(home)
    chownSync(home, 65_534, 65_534)
    expect(loadAndSave().answer).to.equal('first/')
    expect(readdirSync(home)).to.deep.equal([])

    mkdirSync(join(home, '.cache'))
    chownSync(join(home, '.cache'), 65_534, 65_534)
    expect(loadAndSave().answer).to.equal('first/')
    expect(readdirSync(join(home, '.cache'))).to.deep.equal([])
  })

  it('a cache V8 refuses (garbage after a valid header) is replaced by a good one', () => {
    loadAndSave()
    const text = readFileSync(cacheFile())
    const header = text.subarray(0, text.indexOf(10) + 1)
    writeFileSync(cacheFile(), Buffer.concat([header, Buffer.from('not V8 data')]))
    expect(loadAndSave()).to.deep.equal({cacheUsed: false, answer: 'first/', viaImport: '/'})
    expect(load().cacheUsed).to.equal(true)
  })

  it('never fails the run: an unwritable place, or a file where the directory should be, leaves no cache and no temp file', () => {
    mkdirSync(join(work, 'home', '.cache'), {recursive: true})
    writeFileSync(cacheDir, 'a file, not a directory')
    expect(loadAndSave().answer).to.equal('first/')
    expect(readdirSync(join(work, 'home', '.cache'))).to.deep.equal(['aws-sso-util'])
    rmSync(cacheDir)

    env = {HOME: join(work, 'home'), NODE_DISABLE_COMPILE_CACHE: '1'}
    expect(loadAndSave().cacheUsed).to.equal(false)
    expect(readdirSync(join(work, 'home', '.cache'))).to.deep.equal([])
  })
})
