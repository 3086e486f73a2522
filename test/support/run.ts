import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'

export interface RunResult {
  code: null | number
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  input?: string
  timeoutMs?: number
  /** A new session without a controlling terminal, as when an SDK spawns credential_process. */
  detached?: boolean
}

export interface RunningProgram {
  child: ChildProcessWithoutNullStreams
  /** What it has written to stdout so far, for a test that reads what a long-running program printed. */
  stdoutSoFar(): string
  /** What it has written to stderr so far, for a test that waits for a prompt. */
  stderrSoFar(): string
  result: Promise<RunResult>
}

/**
 * Spawns a program without a shell and collects its output; the result never rejects on a
 * non-zero exit, so a test can assert the exact code. Windows cannot spawn a `.cmd` shim without
 * cmd.exe, the one place a shell is allowed.
 */
export function start(file: string, args: string[], options: RunOptions = {}): RunningProgram {
  const child = spawn(file, args, {
    cwd: options.cwd,
    detached: options.detached,
    env: options.env ?? process.env,
    shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(file),
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
  })
  const result = new Promise<RunResult>((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({code, signal, stdout, stderr})
    })
  })
  // A program that exits without reading its stdin (sh -c '…') closes the pipe first: EPIPE on
  // our side of it is its choice, not a failure of the test.
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
  child.stdin.end(options.input ?? '')
  return {child, result, stdoutSoFar: () => stdout, stderrSoFar: () => stderr}
}

export function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return start(file, args, options).result
}

/** A failure message that carries what the child said, since that is what explains it. */
export function describeRun(what: string, result: RunResult): string {
  return `${what} exited ${result.code ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
}

/** npm settings that describe the machine (where the registry is, which CA it needs), not the script. */
export const NPM_NETWORK_SETTINGS = /^npm_config_(cache|userconfig|globalconfig|cafile|ca|registry|proxy|https_proxy|noproxy|strict_ssl)$/i

/**
 * The parent's environment without npm's per-script variables: `npm test` exports its own config
 * (npm_config_*, npm_package_*, the lifecycle event) and those would steer a nested npm or the CLI.
 * The network settings stay: a Node fetched from the registry looks for npm's global config
 * beside itself, so without them a nested npm would lose the CA file or proxy this machine needs.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if ((/^npm_/i.test(key) && !NPM_NETWORK_SETTINGS.test(key)) || /^(INIT_CWD|NODE_ENV|NODE_OPTIONS|NODE_PATH)$/i.test(key)) continue
    if (/^AWS_/i.test(key) || /^OCLIF_|^(AWS_SSO_UTIL|HOST)_/i.test(key)) continue
    env[key] = value
  }

  env.OCLIF_SKIP_NEW_VERSION_CHECK = 'true'
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }

  return env
}

/** npm as the test runner's own npm, run by this Node, so a Node 24 run also packs with Node 24. */
export function npm(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const cli = process.env.npm_execpath
  if (cli && /\.c?js$/.test(cli)) return run(process.execPath, [cli, ...args], options)
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, options)
}
