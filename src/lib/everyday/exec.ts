import {spawn} from 'node:child_process'
import {constants} from 'node:os'

import type {RoleCredentials} from '../cache/credentials-cache.js'
import type {Env} from '../env.js'

import {AppError, ConfigError, ExitCode} from '../errors.js'
import {windowsLaunch} from './windows-launch.js'

/** Set in the child's environment; its presence means "these credentials came from exec". */
export const EXEC_MARKER = 'AWS_SSO_UTIL_EXEC'

/** Variables that would make an SDK pick other credentials than ours. */
const REMOVED = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CREDENTIALS_EXPIRATION',
  'AWS_DEFAULT_PROFILE',
  'AWS_PROFILE',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SECURITY_TOKEN',
  'AWS_SESSION_TOKEN',
])

/** Refuses to run inside an environment that an earlier exec made, unless forced. */
export function checkNotNested(env: Env, force: boolean): void {
  const outer = env[EXEC_MARKER]
  if (outer && !force) {
    throw new ConfigError(`This shell already has credentials from \`aws-sso-util exec\` (${outer}); exit it first, or pass --force to replace them.`)
  }
}

/** The child's environment: ours, minus profile and key variables, plus the role credentials and region. */
export function childEnvironment(parent: Env, creds: RoleCredentials, options: {label: string; region?: string}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(parent)) if (v !== undefined && !REMOVED.has(k)) env[k] = v
  env.AWS_ACCESS_KEY_ID = creds.AccessKeyId
  env.AWS_SECRET_ACCESS_KEY = creds.SecretAccessKey
  env.AWS_SESSION_TOKEN = creds.SessionToken
  env.AWS_CREDENTIAL_EXPIRATION = creds.Expiration
  if (options.region) {
    env.AWS_REGION = options.region
    env.AWS_DEFAULT_REGION = options.region
  }

  env[EXEC_MARKER] = options.label
  return env
}

/** What happened to the child; `exitCode` is what we should exit with when it was not a signal. */
export interface ChildOutcome {
  exitCode: number
  signal?: NodeJS.Signals
}

/** Signals a terminal or a supervisor sends to stop or poke a process; the child gets each one too. */
export const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH']

/** On Windows: console events we outlive (the child gets them from the console) until the child ends. */
export const WINDOWS_CONSOLE_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGBREAK', 'SIGHUP']

/** The command could not be started at all; exit codes as POSIX shells use them. */
export class CommandNotRunError extends AppError {}

/**
 * Runs the command without a shell, stdin/stdout/stderr shared with us. Every signal we receive
 * while it runs is passed on, and we do not die of it ourselves: the child decides. Resolves when
 * the child ends.
 */
export function runChild(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  signals = process.platform === 'win32' ? WINDOWS_CONSOLE_SIGNALS : FORWARDED_SIGNALS,
): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const windows = process.platform === 'win32'
    const launch = windows ? windowsLaunch(command, args, env) : {file: command, args: [...args], verbatim: false}
    const child = spawn(launch.file, launch.args, {env, stdio: 'inherit', windowsVerbatimArguments: launch.verbatim})
    const forward = (signal: NodeJS.Signals) => {
      // Windows: the console has already given Ctrl-C or Ctrl-Break to the child, which shares it;
      // a forwarded kill would be TerminateProcess, cutting short the child's own clean shutdown.
      if (windows) return
      try {
        child.kill(signal)
      } catch {}
    }

    const handlers = signals.map((signal) => {
      const handler = () => forward(signal)
      process.on(signal, handler)
      return [signal, handler] as const
    })
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler)
    }

    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup()
      if (error.code === 'ENOENT')
        reject(new CommandNotRunError(`${command}: command not found (not on PATH, and exec runs no shell).`, ExitCode.commandNotFound))
      else if (error.code === 'EACCES') reject(new CommandNotRunError(`${command}: permission denied (not executable).`, ExitCode.commandNotExecutable))
      else reject(error)
    })
    child.once('exit', (code, signal) => {
      cleanup()
      if (signal) resolve({exitCode: 128 + (constants.signals[signal] ?? 0), signal})
      else resolve({exitCode: code ?? 0})
    })
  })
}
