import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {cleanEnv, describeRun, npm} from './run.js'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface PackageJson {
  name: string
  version: string
  bin: Record<string, string>
  files: string[]
  engines: {node: string}
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  oclif: {bin: string; commands: string; plugins?: string[]; topicSeparator?: string}
}

export function readPackageJson(dir = repoRoot): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
}

export interface PackedFile {
  path: string
  size: number
  mode: number
}

export interface Packed {
  /** Where the copy was packed; npm's prepack and postpack ran there, not in the checkout. */
  stageDir: string
  tarball: string
  size: number
  unpackedSize: number
  files: PackedFile[]
  packStdout: string
}

export interface Installed {
  prefix: string
  /** The directory npm puts on PATH for global bins under this prefix. */
  binDir: string
  bin: string
  packageDir: string
}

let workDir: string | undefined
let packing: Promise<Packed> | undefined
let installing: Promise<Installed> | undefined

/** One temporary directory for the whole mocha run, so every test file shares one pack and one install. */
export function packageWorkDir(): string {
  if (!workDir) {
    const dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-package-'))
    workDir = dir
    // Mocha runs with --exit, which skips async cleanup; an exit listener still runs.
    process.on('exit', () => rmSync(dir, {force: true, recursive: true}))
  }

  return workDir
}

/** What npm always adds or what `files` could name: copied so npm's own rules decide what ships. */
const STAGED = ['package.json', '.npmrc', 'tsconfig.json', 'src', 'bin', 'scripts', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md']

/**
 * Packs a copy of the checkout with the real lifecycle scripts (prepack builds and writes the
 * manifest, postpack removes it). Packing the checkout itself would rebuild its dist/ and drop a
 * manifest into it while other test files run against both, and a manifest there makes oclif load
 * dist/ instead of src/ for every other developer's tests too.
 */
export function packTarball(): Promise<Packed> {
  packing ??= (async () => {
    const stageDir = join(packageWorkDir(), 'stage')
    for (const name of STAGED) {
      const from = join(repoRoot, name)
      if (existsSync(from)) cpSync(from, join(stageDir, name), {recursive: true})
    }

    // The checkout's installed tree serves the build tools; npm never packs node_modules.
    symlinkSync(join(repoRoot, 'node_modules'), join(stageDir, 'node_modules'), process.platform === 'win32' ? 'junction' : 'dir')
    const destination = join(packageWorkDir(), 'tarballs')
    mkdirSync(destination, {recursive: true})
    const result = await npm(['pack', '--json', '--pack-destination', destination], {
      cwd: stageDir,
      env: cleanEnv(),
      timeoutMs: 240_000,
    })
    if (result.code !== 0) throw new Error(describeRun('npm pack', result))
    // Lifecycle scripts print to the same stdout ahead of the JSON array.
    const start = result.stdout.search(/^\[$/m)
    if (start < 0) throw new Error(describeRun('npm pack printed no JSON', result))
    const [info] = JSON.parse(result.stdout.slice(start)) as Array<{filename: string; size: number; unpackedSize: number; files: PackedFile[]}>
    return {
      stageDir,
      tarball: join(destination, info.filename),
      size: info.size,
      unpackedSize: info.unpackedSize,
      files: info.files,
      packStdout: result.stdout.slice(0, start),
    }
  })()
  return packing
}

/** `npm install -g --prefix <tmp> <tarball>`: the standalone install, on a prefix nothing else uses. */
export function installGlobal(): Promise<Installed> {
  installing ??= (async () => {
    const {tarball} = await packTarball()
    const prefix = join(packageWorkDir(), 'global')
    const result = await npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {
      cwd: packageWorkDir(),
      env: cleanEnv(),
      timeoutMs: 300_000,
    })
    if (result.code !== 0) throw new Error(describeRun('npm install --global', result))
    const windows = process.platform === 'win32'
    const binDir = windows ? prefix : join(prefix, 'bin')
    return {
      prefix,
      binDir,
      bin: join(binDir, windows ? 'aws-sso-util.cmd' : 'aws-sso-util'),
      packageDir: windows ? join(prefix, 'node_modules', 'aws-sso-util') : join(prefix, 'lib', 'node_modules', 'aws-sso-util'),
    }
  })()
  return installing
}

export interface ManifestFlag {
  name: string
  type: 'boolean' | 'option'
  char?: string
  env?: string
  hidden?: boolean
  description?: string
  allowNo?: boolean
}

export interface ManifestCommand {
  id: string
  hidden?: boolean
  aliases?: string[]
  hiddenAliases?: string[]
  examples?: Array<string | {command: string; description: string}>
  flags: Record<string, ManifestFlag>
  args: Record<string, {name: string}>
  relativePath?: string[]
}

export interface Manifest {
  version: string
  commands: Record<string, ManifestCommand>
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'oclif.manifest.json'), 'utf8')) as Manifest
}

let npmSettings: Promise<Record<string, string>> | undefined

/**
 * The npm cache and user config of whoever runs the tests, for npm processes whose HOME is a temp
 * directory: the cache keeps repeat installs fast and the user config may hold the registry.
 */
export function npmUserSettings(): Promise<Record<string, string>> {
  npmSettings ??= (async () => {
    const result = await npm(['config', 'get', 'cache', 'userconfig', 'globalconfig'], {cwd: packageWorkDir(), env: cleanEnv()})
    if (result.code !== 0) throw new Error(describeRun('npm config get', result))
    const settings: Record<string, string> = {}
    for (const line of result.stdout.split(/\r?\n/)) {
      const match = /^(cache|userconfig|globalconfig)=(.+)$/.exec(line.trim())
      if (match && (match[1] === 'cache' || existsSync(match[2]))) settings[`npm_config_${match[1]}`] = match[2]
    }

    return settings
  })()
  return npmSettings
}
