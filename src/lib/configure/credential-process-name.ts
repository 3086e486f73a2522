import {accessSync, constants, statSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {CREDENTIAL_PROCESS_NAME_VAR, type Env} from './env-defaults.js'

export const STANDALONE_BIN = 'aws-sso-util'

/** Whether `name` resolves to an executable file through PATH, as a shell or `/bin/sh -c` would find it. */
export function isOnPath(name: string, env: Env = process.env, platform: NodeJS.Platform = process.platform): boolean {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : ['']
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = join(dir, name + ext)
      try {
        if (!statSync(file).isFile()) continue
        if (platform !== 'win32') accessSync(file, constants.X_OK)
        return true
      } catch {}
    }
  }

  return false
}

export interface CredentialProcessPrefix {
  /** The command line before `--profile NAME`, e.g. `aws-sso-util credential-process`. */
  prefix: string
  /** Set when the line will probably not run as written; the command shows it as a warning. */
  warning?: string
}

/**
 * Which command SDKs should run. The standalone bin is preferred: it has the fast path that
 * skips loading oclif on a cache hit. Installed as a plugin of another oclif CLI with no
 * standalone bin around, the host's own bin runs our command instead.
 */
export function credentialProcessPrefix(args: {bin: string; env?: Env; onPath?: (name: string) => boolean}): CredentialProcessPrefix {
  const env = args.env ?? process.env
  const override = env[CREDENTIAL_PROCESS_NAME_VAR]?.trim()
  if (override) return {prefix: override}
  const onPath = args.onPath ?? ((name: string) => isOnPath(name, env))
  if (onPath(STANDALONE_BIN)) return {prefix: `${STANDALONE_BIN} credential-process`}
  const bin = args.bin && /^[\w.@+-]+$/.test(args.bin) ? args.bin : STANDALONE_BIN
  const prefix = `${bin} credential-process`
  if (bin !== STANDALONE_BIN && onPath(bin)) return {prefix}
  return {
    prefix,
    warning: `${bin} is not on PATH, so SDKs that run credential_process will fail until it is (or set ${CREDENTIAL_PROCESS_NAME_VAR}).`,
  }
}
