import {createHash} from 'node:crypto'
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {run, type RunResult} from './run.js'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const runBin = join(repoRoot, 'bin', 'run.js')
/** Runs the oclif command directly, skipping the slim credential-process entry. */
export const oclifBin = join(repoRoot, 'test', 'support', 'run-oclif.mjs')

export type CliResult = RunResult

export interface CliOptions {
  home: string
  env?: Record<string, string | undefined>
  input?: string
  timeoutMs?: number
  entry?: 'oclif' | 'run'
}

/**
 * The environment a user's SDK would give the child: HOME, PATH and what the test adds. Nothing
 * from the developer's own AWS setup leaks in.
 */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }

  return env
}

export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const bin = options.entry === 'oclif' ? oclifBin : runBin
  return run(process.execPath, [bin, ...args], {
    env: cliEnv(options.home, options.env),
    input: options.input,
    timeoutMs: options.timeoutMs ?? 60_000,
    detached: true,
  })
}

export function makeTempDir(prefix = 'aws-sso-util-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function removeDir(dir: string): void {
  // A child the test started may still be writing its last file (a detached browser stub, a
  // login on its way out): retried, as ENOTEMPTY then means "not yet".
  rmSync(dir, {force: true, recursive: true, maxRetries: 10, retryDelay: 50})
}

export interface FileState {
  mode: number
  sha1: string
}

/** Every file under dir with its mode and content hash, to prove that a failed run changed nothing. */
export function snapshotTree(dir: string): Record<string, FileState> {
  const out: Record<string, FileState> = {}
  const walk = (current: string) => {
    let entries: string[]
    try {
      entries = readdirSync(current)
    } catch {
      return
    }

    for (const name of entries) {
      const path = join(current, name)
      const st = statSync(path)
      if (st.isDirectory()) walk(path)
      else out[relative(dir, path)] = {mode: st.mode & 0o777, sha1: createHash('sha1').update(readFileSync(path)).digest('hex')}
    }
  }

  walk(dir)
  return out
}
