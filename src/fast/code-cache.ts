/**
 * Loads the credential-process bundle through node:vm with a V8 code cache kept per user.
 *
 * Why: on a warm cache the tool's own cost above node's start is mostly V8 compiling the bundle and
 * then, lazily, each function the answer runs (about 12 of 25 ms on a 2-core machine). Node 22+
 * has module.enableCompileCache, Node 20 has nothing; this one mechanism serves every supported
 * Node, and the bench keeps the figures for both (README, Speed).
 *
 * A code cache is executable: V8 checks only the source length, the V8 version and its flags before
 * it runs one, not its data (one flipped bit crashed runs, or changed what they did). So it is read
 * only from a directory and a file that belong to this user and nobody else can write (0700 / 0600,
 * no symlinks, never a FIFO), it is bound by name to this install's bundle path and Node version,
 * by a header to the very file it was made from, and a CRC-32 of the V8 data is verified before
 * V8 sees it. Anything unexpected means: compile without it (and write a good one after the
 * answer). It is written only after a successful answer, atomically, so a failed run leaves no
 * file behind, and root never creates it inside a directory of another user (`sudo -E`).
 * NODE_DISABLE_COMPILE_CACHE turns it off, as it does Node's own cache. Not on Windows (no uid).
 */
/* eslint-disable no-bitwise -- file modes, open flags and a 32-bit hash */
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import {dirname, isAbsolute, join} from 'node:path'
import {Script} from 'node:vm'

import {makePrivateDirsSync} from '../lib/private-dirs.js'

type Env = Record<string, string | undefined>

export interface LoadedBundle<T> {
  readonly exports: T
  /** True when V8 accepted the cache file for this compile. */
  readonly cacheUsed: boolean
  /** After a successful answer: writes the cache when there was none (or V8 refused it). */
  saveCache(): void
}

// The bundle's dynamic imports of external packages go through this parameter: inside a vm.Script
// `import()` needs an experimental flag, here in a module Node loaded itself it does not.
const importExternal = (specifier: string): Promise<unknown> => import(specifier)
const HEAD = '(function (exports, require, module, __filename, __dirname, __importExternal) {'
const TAIL = '\n})'

/** Where the cache lives: XDG_CACHE_HOME, else ~/.cache; undefined where it must not be used. */
export function codeCacheDir(env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32' || env.NODE_DISABLE_COMPILE_CACHE) return undefined
  const xdg = env.XDG_CACHE_HOME
  if (xdg && isAbsolute(xdg)) return join(xdg, 'aws-sso-util')
  const home = env.HOME
  return home && isAbsolute(home) ? join(home, '.cache', 'aws-sso-util') : undefined
}

/** FNV-1a over the bundle's path: a name per install without loading node:crypto. */
export function pathTag(text: string): string {
  let hash = 0x81_1c_9d_c5
  for (let i = 0; i < text.length; i++) {
    // eslint-disable-next-line unicorn/prefer-code-point -- a hash over UTF-16 units is what we want
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01_00_01_93) >>> 0
  }

  return hash.toString(16).padStart(8, '0')
}

export function cacheFileName(bundlePath: string, version = process.version, arch = process.arch): string {
  return `credential-process-${pathTag(bundlePath)}-${version}-${arch}.v8`
}

/**
 * The line in front of the V8 data: which file the cache was made from. npm gives every file it
 * installs the same mtime, so two builds of equal size would look alike by size and mtime alone;
 * the inode and ctime change whenever the file is written or replaced. (Hashing the bundle's text
 * would cost more than the cache saves.)
 */
export function cacheHeader(stat: {size: number; mtimeMs: number; ctimeMs: number; ino: number; dev: number}): string {
  return `aws-sso-util code cache ${stat.dev}:${stat.ino} ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs}\n`
}

const privateTo = (stat: Stats, uid: number, forbidden: number) => stat.uid === uid && (stat.mode & forbidden) === 0

/** The checksum line: 8 hex digits and a newline, between the header and the V8 data. */
const SUM_LENGTH = 9

/*
 * The checksum is FNV-1a over the data's little-endian 32-bit words (then its last bytes). Each step
 * (xor a word, multiply by an odd number mod 2^32) is a bijection, so a change within one word always
 * changes the sum, and any other change leaves it equal with odds of 1 in 2^32. The word loop runs
 * as WebAssembly: about 1 ms of the warm run with the module's start, where zlib's CRC-32 cost 2.5 to
 * 3.4 ms (its import loads Node's whole stream stack) and the same loop in JavaScript 1.7 to 2.3 ms
 * (interpreted until V8 compiles it), each measured in fresh Node 20 processes over a 96 KB cache.
 * The module is this text, assembled (103 bytes):
 *   (module (import "m" "memory" (memory 1))
 *     (func (export "sum") (param $words i32) (result i32) (local $i i32) (local $h i32)
 *       (local.set $h (i32.const 0x811c9dc5))
 *       (block $done (loop $next
 *         (br_if $done (i32.ge_u (local.get $i) (local.get $words)))
 *         (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (i32.shl (local.get $i) (i32.const 2))))
 *                                (i32.const 0x01000193)))
 *         (local.set $i (i32.add (local.get $i) (i32.const 1)))
 *         (br $next)))
 *       (local.get $h)))
 */
const SUM_WASM = 'AGFzbQEAAAABBgFgAX8BfwINAQFtBm1lbW9yeQIAAQMCAQAHBwEDc3VtAAAKOQE3AQJ/QcW78oh4IQICQANAIAEgAE8NASACIAFBAnQoAgBzQZODgAhsIQIgAUEBaiEBDAALCyACCw=='
const FNV_PRIME = 0x01_00_01_93
const PAGE = 65_536

/** The three WebAssembly names used here: TypeScript declares them only with the DOM library. */
declare const WebAssembly: {
  Memory: new (descriptor: {initial: number}) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (compiled: object, imports: object) => {exports: Record<string, unknown>}
}
interface WasmMemory {
  buffer: ArrayBuffer
  grow(pages: number): number
}

let wordSum: {memory: WasmMemory; sum: (words: number) => number} | undefined

/**
 * The checksum of the V8 data, 8 hex digits. The WebAssembly module is made on first use. Without
 * WebAssembly (`node --jitless`) this throws, and the callers' catch means: no cache read or written.
 */
export function payloadChecksum(bytes: Uint8Array): string {
  if (!wordSum) {
    const memory = new WebAssembly.Memory({initial: Math.max(1, Math.ceil(bytes.length / PAGE))})
    const {exports} = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(SUM_WASM, 'base64')), {m: {memory}})
    wordSum = {memory, sum: exports.sum as (words: number) => number}
  }

  const words = bytes.length >>> 2
  const missing = Math.ceil(bytes.length / PAGE) - wordSum.memory.buffer.byteLength / PAGE
  if (missing > 0) wordSum.memory.grow(missing)
  new Uint8Array(wordSum.memory.buffer).set(bytes.subarray(0, words * 4))
  let h = wordSum.sum(words)
  for (let i = words * 4; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME)
  return (h >>> 0).toString(16).padStart(8, '0')
}

/** The V8 data of the cache file, or undefined when it is absent, foreign, open to others, stale or damaged. */
export function readCodeCache(file: string, header: string, uid: number): Buffer | undefined {
  let fd: number | undefined
  try {
    const dir = lstatSync(dirname(file))
    if (!dir.isDirectory() || !privateTo(dir, uid, 0o077)) return undefined
    // Non-blocking: a FIFO at this path would otherwise hold every SDK client start.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0))
    const stat = fstatSync(fd)
    if (!stat.isFile() || !privateTo(stat, uid, 0o077)) return undefined
    const start = header.length + SUM_LENGTH
    if (stat.size <= start) return undefined
    const data = Buffer.allocUnsafe(stat.size)
    let read = 0
    while (read < stat.size) {
      const n = readSync(fd, data, read, stat.size - read, read)
      if (n === 0) return undefined
      read += n
    }

    if (data.subarray(0, header.length).toString('latin1') !== header) return undefined
    const payload = data.subarray(start)
    return data.subarray(header.length, start).toString('latin1') === `${payloadChecksum(payload)}\n` ? payload : undefined
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Whether root creating `dir` would put a root-owned directory inside one of another user: with a
 * user's HOME (`sudo -E`), a root-owned ~/.cache would keep the user's programs out of it.
 */
function wouldIntrude(dir: string, uid: number): boolean {
  if (uid !== 0) return false
  for (let at = dir; ; at = dirname(at)) {
    try {
      return lstatSync(at).uid !== uid
    } catch {
      if (dirname(at) === at) return true
    }
  }
}

/** Writes the cache beside its final name and renames it there; any failure leaves nothing. */
export function writeCodeCache(file: string, header: string, data: Buffer, uid: number): void {
  const dir = dirname(file)
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`
  try {
    if (wouldIntrude(dir, uid)) return
    makePrivateDirsSync(dir)
    const stat = lstatSync(dir)
    if (!stat.isDirectory() || stat.uid !== uid) return
    if ((stat.mode & 0o777) !== 0o700) chmodSync(dir, 0o700)
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600)
    try {
      const bytes = Buffer.concat([Buffer.from(`${header}${payloadChecksum(data)}\n`, 'latin1'), data])
      writeSync(fd, bytes)
    } finally {
      closeSync(fd)
    }

    renameSync(temp, file)
  } catch {
    try {
      unlinkSync(temp)
    } catch {}
  }
}

// Per process: when the fast path declines in bin/run.js, oclif's command module asks for the same
// bundle again, and it is compiled and run once.
const loaded = new Map<string, LoadedBundle<unknown>>()

/**
 * Runs the bundle at bundlePath as CommonJS, with the code cache when one is usable. Throws only
 * what loading the bundle itself would throw; the cache can only make it faster. requireFn is the
 * caller's own require (a module of the same package): node:module's createRequire costs a
 * millisecond to load.
 */
export function loadBundle<T>(bundlePath: string, requireFn: NodeJS.Require, env: Env = process.env): LoadedBundle<T> {
  let bundle = loaded.get(bundlePath) as LoadedBundle<T> | undefined
  if (bundle === undefined) {
    bundle = compileBundle<T>(bundlePath, requireFn, env)
    loaded.set(bundlePath, bundle)
  }

  return bundle
}

function compileBundle<T>(bundlePath: string, requireFn: NodeJS.Require, env: Env): LoadedBundle<T> {
  const source = readFileSync(bundlePath, 'utf8')
  const uid = process.getuid?.()
  const dir = uid === undefined ? undefined : codeCacheDir(env)
  let cacheFile: string | undefined
  let header = ''
  let cachedData: Buffer | undefined
  if (dir !== undefined && uid !== undefined) {
    try {
      header = cacheHeader(statSync(bundlePath))
      cacheFile = join(dir, cacheFileName(bundlePath))
      cachedData = readCodeCache(cacheFile, header, uid)
    } catch {
      cacheFile = undefined
    }
  }

  const script = new Script(HEAD + source + TAIL, {filename: bundlePath, cachedData})
  const module = {exports: {} as T}
  const run = script.runInThisContext() as (...args: unknown[]) => void
  run.call(module.exports, module.exports, requireFn, module, bundlePath, dirname(bundlePath), importExternal)
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected
  let saved = false
  return {
    exports: module.exports,
    cacheUsed,
    saveCache() {
      if (cacheUsed || saved || cacheFile === undefined || uid === undefined) return
      saved = true
      try {
        writeCodeCache(cacheFile, header, script.createCachedData(), uid)
      } catch {}
    },
  }
}
