import {homedir} from 'node:os'
import {join} from 'node:path'

import type {Env} from './env.js'

/** The home directory the AWS SDKs use: HOME first, so a test (or a user) can move it. */
export function homeDir(env: Env = process.env): string {
  if (env.HOME) return env.HOME
  if (env.USERPROFILE) return env.USERPROFILE
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}`
  return homedir()
}

/** Expands a leading `~` the way botocore and SDK v3 do for AWS_CONFIG_FILE. */
export function expandHome(path: string, env: Env = process.env): string {
  if (path === '~') return homeDir(env)
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homeDir(env), path.slice(2))
  return path
}

export function awsDir(env: Env = process.env): string {
  return join(homeDir(env), '.aws')
}

export function configFilePath(env: Env = process.env): string {
  return env.AWS_CONFIG_FILE ? expandHome(env.AWS_CONFIG_FILE, env) : join(awsDir(env), 'config')
}

/** Fixed by botocore and SDK v3; there is no variable that moves it. */
export function ssoCacheDir(env: Env = process.env): string {
  return join(awsDir(env), 'sso', 'cache')
}

/** Where AWS CLI v2 keeps role credentials for its `sso` provider. */
export function cliCacheDir(env: Env = process.env): string {
  return join(awsDir(env), 'cli', 'cache')
}

export function debugLogPath(env: Env = process.env): string {
  return join(awsDir(env), 'sso', 'aws-sso-util credential-process-log.txt')
}

/** Our cross-process locks; kept apart from ~/.aws/sso/cache, which AWS CLI v2 scans and cleans. */
export function locksDir(env: Env = process.env): string {
  return join(awsDir(env), 'sso', 'aws-sso-util-locks')
}
