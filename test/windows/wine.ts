import type {Context} from 'mocha'

import {spawn, spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, win32} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {cleanEnv} from '../support/run.js'
import {INSTALL_COMMAND} from '../support/system-tools.js'

/**
 * Node for Windows, and Windows programs, run under Wine. Facts this module is built around:
 * - a Windows node whose stdout or stderr is a Linux pipe fails while it builds process.stdout,
 *   so every Windows program here writes to files;
 * - Wine drops HOME and sets USERPROFILE to C:\users\<USER> under the prefix whatever the
 *   environment says: a unique USER gives each suite its own Windows home;
 * - each process start costs seconds, so the prefix is made once per machine and reused.
 */

export const WINDOWS_NODE = String.raw`C:\Program Files\nodejs\node.exe`

export function wineBinary(): string | undefined {
  for (const name of ['wine64', 'wine']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'})
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim()
  }

  // Debian's wine64 without the wine package keeps its loader off PATH.
  return existsSync('/usr/lib/wine/wine64') ? '/usr/lib/wine/wine64' : undefined
}

function missing(): string | undefined {
  if (!wineBinary()) return 'wine64 is not installed'
  if (spawnSync('go', ['version']).status !== 0) return 'go (golang-go) is not on PATH'
  if (!existsSync('/usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/config'))
    return 'the AWS SDK for Go v2 (golang-github-aws-aws-sdk-go-v2-dev) is not installed'
  if (spawnSync('python3', ['-c', 'import botocore']).status !== 0) return 'python3 cannot import botocore'
  return undefined
}

/** As requireTools: skipped with the install command when Wine or Go is missing, a failure under CI=true. */
export function requireWine(ctx: Context): void {
  const reason = missing()
  if (!reason) return
  const message = `${reason}. Install the test tools with: ${INSTALL_COMMAND}`
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing tool is a failure, not a skip)`)
  process.stdout.write(`  skipped: ${message}\n`)
  ctx.skip()
}

export interface WindowsEnv {
  wine: string
  prefix: string
  /** The probe (test/windows/probe), built for Windows: `sdk PROFILE` and `botocore WORD...`. */
  probe: string
}

/** The prefix with node.exe in C:\Program Files\nodejs (scripts/windows-env.sh) and the probe built for Windows. */
export function prepareWindows(): WindowsEnv {
  const wine = wineBinary()!
  const made = spawnSync('bash', [join(repoRoot, 'scripts', 'windows-env.sh')], {encoding: 'utf8', timeout: 600_000})
  if (made.status !== 0) throw new Error(`scripts/windows-env.sh failed:\n${made.stdout}\n${made.stderr}`)
  const prefix = made.stdout.trim().split('\n').at(-1)!
  const source = join(repoRoot, 'test', 'windows', 'probe', 'main.go')
  const probe = join(prefix, 'probe.exe')
  if (!existsSync(probe) || statSync(probe).mtimeMs < statSync(source).mtimeMs) {
    const built = spawnSync('go', ['build', '-o', probe, '.'], {
      cwd: dirname(source),
      encoding: 'utf8',
      env: {...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOOS: 'windows', GOARCH: 'amd64', GOFLAGS: ''},
      timeout: 600_000,
    })
    if (built.status !== 0) throw new Error(`go build of the Windows probe failed:\n${built.stderr}`)
  }

  return {wine, prefix, probe}
}

export interface WinResult {
  code: null | number
  stdout: string
  stderr: string
  ms: number
}

/** A Windows user of its own (C:\users\<name>), removed by `remove`. */
export interface WindowsUser {
  name: string
  /** USERPROFILE as Windows programs see it. */
  profile: string
  /** The same directory on this file system. */
  profileDir: string
  remove(): void
}

export function windowsUser(env: WindowsEnv): WindowsUser {
  const name = `awsu${process.pid}${Math.random().toString(36).slice(2, 6)}`
  const profileDir = join(env.prefix, 'drive_c', 'users', name)
  return {
    name,
    profile: `C:\\users\\${name}`,
    profileDir,
    remove() {
      stopWineServer(env)
      rmSync(profileDir, {recursive: true, force: true})
    },
  }
}

/**
 * Ends the prefix's wineserver and the programs it keeps. A running wineserver serves every later
 * Wine process of the prefix with the environment it started with, USER included, so the next
 * suite's user would get this suite's C:\users folder as its USERPROFILE.
 */
function stopWineServer(env: WindowsEnv): void {
  const server = [join(dirname(env.wine), 'wineserver'), '/usr/lib/wine/wineserver', 'wineserver'].find((path) => !path.includes('/') || existsSync(path))
  spawnSync(server!, ['-k'], {env: {...process.env, WINEPREFIX: env.prefix}, timeout: 30_000})
  spawnSync(server!, ['-w'], {env: {...process.env, WINEPREFIX: env.prefix}, timeout: 30_000})
}

/** The Linux path of a C:\ path inside the prefix. */
export function onDriveC(env: WindowsEnv, windowsPath: string): string {
  return join(env.prefix, 'drive_c', ...windowsPath.replace(/^C:\\/i, '').split('\\'))
}

/** The Windows name of a Linux path (Wine maps / to Z:). */
export function zPath(linuxPath: string): string {
  return `Z:${linuxPath.replaceAll('/', '\\')}`
}

/**
 * Runs a Windows program under Wine as `user`, stdout and stderr into files (see above); `path`
 * is what Wine appends to the Windows PATH. Never rejects; a run past `timeoutMs` is killed.
 */
export async function runWindows(
  env: WindowsEnv,
  user: WindowsUser,
  program: string,
  args: string[],
  options: {extraEnv?: Record<string, string | undefined>; path?: string[]; timeoutMs?: number} = {},
): Promise<WinResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wine-run-'))
  const outFile = join(dir, 'out')
  const errFile = join(dir, 'err')
  const out = openSync(outFile, 'w')
  const err = openSync(errFile, 'w')
  const started = Date.now()
  try {
    const child = spawn(env.wine, [program, ...args], {
      cwd: user.profileDir,
      env: cleanEnv({
        WINEPREFIX: env.prefix,
        WINEDEBUG: '-all',
        WINEDLLOVERRIDES: 'mscoree,mshtml=',
        USER: user.name,
        LOGNAME: user.name,
        WINEPATH: [...(options.path ?? []), win32.dirname(WINDOWS_NODE)].join(';'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...options.extraEnv,
      }),
      stdio: ['ignore', out, err],
    })
    let failure = ''
    const code = await new Promise<null | number>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000)
      child.on('close', (c) => {
        clearTimeout(timer)
        resolve(c)
      })
      child.on('error', (error) => {
        clearTimeout(timer)
        failure = `${env.wine} did not start: ${error.message}\n`
        resolve(null)
      })
    })
    return {code, stdout: readFileSync(outFile, 'utf8'), stderr: failure + readFileSync(errFile, 'utf8'), ms: Date.now() - started}
  } finally {
    closeSync(out)
    closeSync(err)
    rmSync(dir, {recursive: true, force: true})
  }
}

/** botocore's own win32 split of each line (compat_shell_split(line, platform='win32')). */
export function botocoreWin32Split(lines: string[]): string[][] {
  const script = [
    'import json, sys',
    'from botocore.compat import compat_shell_split',
    'print(json.dumps([compat_shell_split(l, platform="win32") for l in json.load(sys.stdin)]))',
  ].join('\n')
  const r = spawnSync('python3', ['-c', script], {input: JSON.stringify(lines), encoding: 'utf8', timeout: 30_000})
  if (r.status !== 0) throw new Error(`botocore's win32 split failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as string[][]
}

/** Makes the directory (and parents) on the Linux side. */
export function ensureDir(path: string): string {
  mkdirSync(path, {recursive: true})
  return path
}
