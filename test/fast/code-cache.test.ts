import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {cacheFileName, codeCacheDir, loadBundle, pathTag} from '../../src/fast/code-cache.js'

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
    })
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
