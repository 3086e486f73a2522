import {execFileSync} from 'node:child_process'

import {run} from './run.js'

export interface PythonResult {
  status: null | number
  stdout: string
  stderr: string
}

export interface PythonOptions {
  /** Added on top of the cleaned environment (see awsFreeEnv). */
  env?: Record<string, string | undefined>
  input?: string
  timeoutMs?: number
}

/**
 * The parent environment without AWS_* settings, so a developer's own profile, region or endpoint
 * overrides cannot leak into a test's Python process.
 */
export function awsFreeEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) env[k] = v
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }

  return env
}

/**
 * Runs `python3 <file> ...args` without blocking the event loop: an emulator served from the same
 * process must keep answering while Python talks to it, so spawnSync is not an option.
 */
export async function runPython(file: string, args: string[] = [], opts: PythonOptions = {}): Promise<PythonResult> {
  const result = await run('python3', [file, ...args], {
    env: awsFreeEnv({PYTHONDONTWRITEBYTECODE: '1', ...opts.env}),
    input: opts.input,
    timeoutMs: opts.timeoutMs ?? 30_000,
  })
  return {status: result.code, stdout: result.stdout, stderr: result.stderr}
}

/** Runs a script that prints one JSON document on stdout; fails with its stderr otherwise. */
export async function runPythonJson<T = unknown>(file: string, args: string[] = [], opts: PythonOptions = {}): Promise<T> {
  const r = await runPython(file, args, opts)
  if (r.status !== 0) throw new Error(`python3 ${file} ${args.join(' ')} exited ${r.status}\n${r.stderr}`)
  try {
    return JSON.parse(r.stdout) as T
  } catch {
    throw new Error(`python3 ${file} printed no JSON:\n${r.stdout}\n${r.stderr}`)
  }
}

let python: string | undefined
/** The real interpreter behind `python3` (version-manager shims need the developer's HOME). */
export function pythonExe(): string {
  python ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {encoding: 'utf8'}).trim()
  return python
}
