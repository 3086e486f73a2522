import {execFileSync, spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
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

/**
 * Splits exec's command line into our options and the command with its arguments. The command
 * starts at `--` or at the first word that is neither an option of ours nor an option's value;
 * from there on every word is the command's, options included (`run-as -a A -r R aws sts
 * get-caller-identity --output yaml`, the original's documented form). `valueOptions` are our
 * options that take a value in the next word (`--profile`, `-a`); `--name=value` and `-aVALUE`
 * are one word. An unknown option stays ours, so that oclif names it.
 */
export function splitCommandLine(argv: readonly string[], valueOptions: ReadonlySet<string>): {command: string[]; ours: string[]} {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]
    if (word === '--') return {ours: argv.slice(0, i), command: argv.slice(i + 1)}
    if (!word.startsWith('-') || word === '-') return {ours: argv.slice(0, i), command: argv.slice(i)}
    if (valueOptions.has(word)) i++
  }

  return {ours: [...argv], command: []}
}

/** The shell to start when exec is given no command: the user's own, as aws-vault and aws-sso-cli do. */
export function userShell(env: Env, platform: NodeJS.Platform = process.platform): string {
  const shell = env.SHELL?.trim()
  if (shell) return shell
  return platform === 'win32' ? env.ComSpec?.trim() || env.COMSPEC?.trim() || 'cmd.exe' : '/bin/sh'
}

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

/** The keys of a terminal (Ctrl-C, Ctrl-\\) send these to every process of its foreground group. */
const TERMINAL_KEY_SIGNALS = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT'])

interface ProcessGroups {
  /** Our process group. */
  pgrp: number
  /** The foreground process group of our controlling terminal; -1 or 0 when we have none. */
  foreground: number
  /** The child's process group. */
  child: number
}

/** Fields 5 (pgrp) and 8 (tpgid) of /proc/PID/stat; the command name before them may hold spaces and parentheses. */
function procStat(pid: number | 'self'): {pgrp: number; tpgid: number} {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return {pgrp: Number(fields[2]), tpgid: Number(fields[5])}
}

function processGroups(childPid: number): ProcessGroups | undefined {
  try {
    if (process.platform === 'linux') {
      const self = procStat('self')
      return {pgrp: self.pgrp, foreground: self.tpgid, child: procStat(childPid).pgrp}
    }

    // macOS and the BSDs have no /proc; ps reads the same two fields there.
    const out = execFileSync('ps', ['-o', 'pid=,pgid=,tpgid=', '-p', `${process.pid},${childPid}`], {encoding: 'utf8', timeout: 2000})
    const rows = new Map(
      out
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/).map(Number))
        .map(([pid, pgid, tpgid]) => [pid, {pgid, tpgid}]),
    )
    const self = rows.get(process.pid)
    const child = rows.get(childPid)
    if (!self || !child) return undefined
    return {pgrp: self.pgid, foreground: self.tpgid, child: child.pgid}
  } catch {
    return undefined
  }
}

/**
 * Whether a SIGINT or SIGQUIT we received may have come from the terminal's keys, which then
 * delivered the same signal to the child as well: we and the child are in one process group and it
 * is the terminal's foreground group. Passing such a signal on would make one Ctrl-C two (terraform:
 * "Two interrupts received"), so it is ignored here, as system(3) ignores it while its command runs.
 * Sent to us alone (`kill -INT` to a background or supervised exec), it is passed on.
 */
export function terminalAlreadyDelivered(signal: NodeJS.Signals, childPid: number | undefined): boolean {
  if (!TERMINAL_KEY_SIGNALS.has(signal)) return false
  // A Windows console gives Ctrl-C to every process attached to it, and nothing else sends SIGINT there.
  if (process.platform === 'win32') return true
  if (childPid === undefined) return false
  const groups = processGroups(childPid)
  // Unknown: with a terminal at hand, one interrupt lost is safer than one doubled.
  if (!groups) return process.stdin.isTTY === true
  return groups.foreground > 0 && groups.foreground === groups.pgrp && groups.child === groups.pgrp
}

/** The command could not be started at all; exit codes as POSIX shells use them. */
export class CommandNotRunError extends AppError {}

/**
 * Runs the command without a shell, stdin/stdout/stderr shared with us. Every signal we receive
 * while it runs is passed on, unless the terminal gave the child the same one (see
 * terminalAlreadyDelivered), and we do not die of it ourselves: the child decides. Resolves when
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
      if (terminalAlreadyDelivered(signal, child.pid)) return
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
