import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {run as runProgram} from '../support/run.js'

/**
 * Running the compiled CLI the way a user does, for the configure tests: a temp HOME, a minimal
 * environment, and an `aws-sso-util` shim on PATH for the credential_process line.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const runBin = join(repoRoot, 'bin', 'run.js')

function newestMtime(dir: string): number {
  let newest = 0
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const st = statSync(path)
    newest = Math.max(newest, st.isDirectory() ? newestMtime(path) : st.mtimeMs)
  }

  return newest
}

/**
 * Compiles with tsc when dist/ is missing or older than the configure sources; never deletes
 * dist/, which other suites may be using at the same time.
 */
export function ensureBuilt(): void {
  const outputs = ['commands/configure/profile.js', 'commands/configure/populate.js', 'lib/configure/populate-flow.js'].map((f) => join(repoRoot, 'dist', f))
  const fresh = () => {
    const sources = Math.max(newestMtime(join(repoRoot, 'src', 'lib', 'configure')), newestMtime(join(repoRoot, 'src', 'commands', 'configure')))
    return outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)
  }

  if (fresh()) return
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'tsconfig.json')], {cwd: repoRoot, stdio: 'pipe'})
  } catch (error) {
    // tsc still emits when a file elsewhere has a type error; only our outputs matter here.
    if (!fresh()) throw error
  }
}

export interface Sandbox {
  home: string
  bin: string
  configPath: string
  /** A bare environment for the child: nothing of the developer's AWS setup leaks in. */
  env(extra?: Record<string, string | undefined>): Record<string, string>
  readConfig(): string
  writeConfig(text: string): void
  remove(): void
}

/** A temp HOME plus a bin dir whose `aws-sso-util` runs this checkout's CLI. */
export function sandbox(options: {shim?: boolean} = {}): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'configure-e2e-'))
  const bin = join(home, 'bin')
  mkdirSync(bin)
  if (options.shim !== false) {
    const shim = join(bin, 'aws-sso-util')
    writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(runBin)} "$@"\n`)
    chmodSync(shim, 0o755)
  }

  const configPath = join(home, '.aws', 'config')
  return {
    home,
    bin,
    configPath,
    env(extra = {}) {
      const env: Record<string, string> = {
        HOME: home,
        PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        LANG: 'C.UTF-8',
        AWS_CONFIG_FILE: configPath,
        AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
        OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      }
      for (const [k, v] of Object.entries(extra)) {
        if (v === undefined) delete env[k]
        else env[k] = v
      }

      return env
    },
    readConfig: () => (existsSync(configPath) ? readFileSync(configPath, 'utf8') : ''),
    writeConfig(text) {
      mkdirSync(dirname(configPath), {recursive: true})
      writeFileSync(configPath, text)
    },
    remove: () => rmSync(home, {recursive: true, force: true}),
  }
}

let python: string | undefined
/** The real interpreter behind `python3` (version-manager shims need the developer's HOME). */
export function pythonExe(): string {
  python ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {encoding: 'utf8'}).trim()
  return python
}

export interface Result {
  code: null | number
  stdout: string
  stderr: string
  ms: number
}

/** Runs a program without a shell from the repository root; never rejects on a non-zero exit. */
export async function run(file: string, args: string[], env: Record<string, string>, options: {input?: string; timeoutMs?: number} = {}): Promise<Result> {
  const started = Date.now()
  const result = await runProgram(file, args, {env, cwd: repoRoot, input: options.input, timeoutMs: options.timeoutMs ?? 120_000})
  return {code: result.code, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started}
}

export function cli(args: string[], env: Record<string, string>, options: {input?: string; timeoutMs?: number} = {}): Promise<Result> {
  return run(process.execPath, [runBin, ...args], env, options)
}

export function describeResult(result: Result): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
}
