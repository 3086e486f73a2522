import {accessSync, constants, realpathSync, statSync} from 'node:fs'
import {delimiter, extname, join, posix, win32} from 'node:path'

import type {Env} from '../env.js'

import {CREDENTIAL_PROCESS_NAME_VAR} from './env-defaults.js'
import {lineQuote} from './line-quote.js'

export const STANDALONE_BIN = 'aws-sso-util'

/** The executable file `name` resolves to through PATH, as a shell or `/bin/sh -c` would find it. */
export function findOnPath(
  name: string,
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  options: {extensionRequired?: boolean} = {},
): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)
  const pathExt = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)
  const exts = platform === 'win32' ? [...(options.extensionRequired ? [] : ['']), ...pathExt] : ['']
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = join(dir, name + ext)
      try {
        if (!statSync(file).isFile()) continue
        if (platform !== 'win32') accessSync(file, constants.X_OK)
        return file
      } catch {}
    }
  }

  return undefined
}

export function isOnPath(name: string, env: Env = process.env, platform: NodeJS.Platform = process.platform): boolean {
  return findOnPath(name, env, platform) !== undefined
}

/**
 * The first word of a line that runs `name` from PATH, or undefined when PATH has no such program.
 * On Windows botocore and AWS CLI v2 start that word with CreateProcess, which appends only `.exe`:
 * npm's `aws-sso-util.cmd` launcher is found only when the line names it with its extension. It is
 * still a bare name (no quotes, whatever the directory): the Go SDK runs the line under `cmd.exe /C`
 * and fails on a quoted first word (aws-sdk-go-v2 #3208).
 */
export function launcherOnPath(name: string, env: Env = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'win32') return isOnPath(name, env, platform) ? name : undefined
  const file = findOnPath(name, env, platform, {extensionRequired: true})
  return file === undefined ? undefined : name + extname(file).toLowerCase()
}

/**
 * The node a plugin-mode credential_process line names: always an absolute path, because SDKs
 * spawn the line from IDEs, GUI apps and cron jobs whose PATH may lack a version manager's node
 * or have an older one first. It is the node running us now (which satisfies our engines), under
 * the name PATH gives it when that name leads to the same binary: /usr/local/bin/node or
 * /opt/homebrew/bin/node survive an upgrade of node, whereas process.execPath is the resolved,
 * versioned file (…/Cellar/node/22.1.0/bin/node) that an upgrade removes. Under nvm or fnm both
 * are the versioned file; when that version is uninstalled, the next `configure` re-points the line.
 */
export function nodeForCredentialProcess(execPath: string = process.execPath, env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const onPath = findOnPath('node', env, platform)
  if (onPath === undefined) return execPath
  // Windows: by its bare name (node.exe), which CreateProcess finds on PATH. An absolute path there is
  // C:\Program Files\nodejs\node.exe, which needs quotes, and the Go SDK fails on a quoted first word
  // under `cmd.exe /C` (aws-sdk-go-v2 #3208).
  const name = platform === 'win32' ? `node${extname(onPath).toLowerCase()}` : onPath
  if (onPath === execPath) return name
  try {
    const same = platform === 'win32' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b
    return same(realpathSync(onPath), realpathSync(execPath)) ? name : execPath
  } catch {
    return execPath
  }
}

/** `<node> <plugin root>/bin/run.js credential-process`, each path quoted for the platform's readers (see line-quote). */
export function pluginPrefix(pluginRoot: string, node: string, platform: NodeJS.Platform = process.platform): string {
  const {join: joinPath} = platform === 'win32' ? win32 : posix
  return [node, joinPath(pluginRoot, 'bin', 'run.js'), 'credential-process'].map((arg) => lineQuote(arg, platform)).join(' ')
}

export interface CredentialProcessPrefix {
  /** The command line before `--profile NAME`, e.g. `aws-sso-util credential-process`. */
  prefix: string
  /** Set when the line will probably not run as written; the command shows it as a warning. */
  warning?: string
}

/**
 * Which command SDKs should run. The standalone bin is preferred: it has the fast path that
 * skips loading oclif on a cache hit, and its name survives updates. Installed as a plugin of
 * another oclif CLI with no standalone bin around, the plugin's own bin/run.js runs directly:
 * the same fast path, where `<host> credential-process` would first load the host and every
 * plugin it has (1.3 s per SDK client start measured with one widely used host).
 */
export function credentialProcessPrefix(args: {
  bin: string
  env?: Env
  onPath?: (name: string) => boolean
  /** Our package root when a host CLI runs us as its plugin. */
  pluginRoot?: string
  node?: () => string
  platform?: NodeJS.Platform
}): CredentialProcessPrefix {
  const env = args.env ?? process.env
  const platform = args.platform ?? process.platform
  const override = env[CREDENTIAL_PROCESS_NAME_VAR]?.trim()
  if (override) return {prefix: override}
  const {onPath} = args
  const launcher = (name: string) => (onPath ? (onPath(name) ? name : undefined) : launcherOnPath(name, env, platform))
  const standalone = launcher(STANDALONE_BIN)
  if (standalone !== undefined) return {prefix: `${standalone} credential-process`}
  if (args.pluginRoot !== undefined) {
    return {prefix: pluginPrefix(args.pluginRoot, (args.node ?? (() => nodeForCredentialProcess(process.execPath, env, platform)))(), platform)}
  }

  const bin = args.bin && /^[\w.@+-]+$/.test(args.bin) ? args.bin : STANDALONE_BIN
  const found = bin === STANDALONE_BIN ? undefined : launcher(bin)
  if (found !== undefined) return {prefix: `${found} credential-process`}
  const prefix = `${bin} credential-process`
  return {
    prefix,
    warning: `${bin} is not on PATH, so SDKs that run credential_process will fail until it is (or set ${CREDENTIAL_PROCESS_NAME_VAR}).`,
  }
}
