import {extname} from 'node:path'

import type {Env} from '../env.js'

import {findOnPath} from '../configure/credential-process-command.js'
import {ConfigError} from '../errors.js'

/**
 * How exec starts a command on Windows. Node spawns only real executables there: `npm`, `npx`,
 * `cdk` and `pnpm` are `.cmd` launchers, which give ENOENT by their bare name and EINVAL by their
 * full name (Node refuses batch files without a shell since CVE-2024-27980). Such a command is
 * found through PATHEXT as cmd.exe would find it and run by `cmd.exe /d /s /c`, each argument
 * quoted for cmd.exe; an argument cmd.exe would change anyway (a quote, %VAR%, a line break) is
 * refused rather than passed on altered.
 */
export interface Launch {
  file: string
  args: string[]
  /** The command line is given to cmd.exe as written (Node must not quote it again). */
  verbatim: boolean
}

// Arguments cmd.exe and the C runtime both take as they are.
const CMD_BARE = /^[\w@+=:,./\\-]+$/
const CMD_REFUSED = /["%!\p{Cc}]/u

function cmdQuote(arg: string): string {
  if (CMD_REFUSED.test(arg)) {
    throw new ConfigError(`exec cannot pass ${JSON.stringify(arg)} to a batch file on Windows: cmd.exe would change it (a " % ! or control character).`)
  }

  if (arg !== '' && CMD_BARE.test(arg)) return arg
  // Inside quotes backslashes count only before a quote: double the trailing ones.
  const trailing = /\\*$/.exec(arg)![0].length
  return `"${arg}${'\\'.repeat(trailing)}"`
}

export function windowsLaunch(command: string, args: readonly string[], env: Env): Launch {
  // A name without an extension is looked up as cmd.exe would: each PATHEXT extension in turn.
  const hasPath = /[\\/:]/.test(command)
  const found = hasPath ? undefined : findOnPath(command, env, 'win32', {extensionRequired: extname(command) === ''})
  const file = found ?? command
  if (!/\.(bat|cmd)$/i.test(file)) return {file, args: [...args], verbatim: false}
  const comspec = env.ComSpec ?? env.COMSPEC ?? 'cmd.exe'
  const line = [cmdQuote(file), ...args.map((arg) => cmdQuote(arg))].join(' ')
  // /s: cmd.exe takes what is between the outer quotes as the command line, untouched.
  return {file: comspec, args: ['/d', '/s', '/c', `"${line}"`], verbatim: true}
}
