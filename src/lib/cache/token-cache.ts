// fs.promises on first use only: see secure-file.ts.
import {constants, promises as fsp} from 'node:fs'
import {join} from 'node:path'

import type {Env} from '../env.js'

import {nonRegularKind} from '../config/file-kind.js'
import {AppError, ExitCode, LocalFileError} from '../errors.js'
import {cacheIdOf, type SsoInstance} from '../instance.js'
import {ssoCacheDir} from '../paths.js'
import {tokenCacheKey} from './cache-keys.js'
import {readJsonObject, writeJsonAtomic} from './secure-file.js'

/** The token file as AWS CLI v2 writes it; unknown fields written by other tools are kept. */
export interface SsoToken {
  accessToken: string
  expiresAt: string
  startUrl?: string
  region?: string
  refreshToken?: string
  clientId?: string
  clientSecret?: string
  registrationExpiresAt?: string
  [other: string]: unknown
}

export function tokenPath(instance: SsoInstance, env: Env = process.env): string {
  return join(ssoCacheDir(env), `${tokenCacheKey(cacheIdOf(instance))}.json`)
}

export async function readToken(instance: SsoInstance, env: Env = process.env): Promise<SsoToken | undefined> {
  const path = tokenPath(instance, env)
  try {
    await fsp.access(path, constants.R_OK)
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    // "Login required" would send the user to a login that cannot write this file either.
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError(`Cannot read the token file ${path}: permission denied. Make it yours with mode 600, or remove it and log in again.`, ExitCode.other, {
        cause: error,
      })
    }
  }

  const value = await readJsonObject(path)
  if (!value || typeof value.accessToken !== 'string' || typeof value.expiresAt !== 'string') return undefined
  if (Number.isNaN(Date.parse(value.expiresAt))) return undefined
  return value as SsoToken
}

export async function writeToken(instance: SsoInstance, token: SsoToken, env: Env = process.env): Promise<void> {
  await writeJsonAtomic(tokenPath(instance, env), token)
}

/**
 * A login whose token cannot be saved is wasted, so a path that cannot take the file (a directory
 * there, say) is reported before any browser opens.
 */
export async function assertTokenPathUsable(instance: SsoInstance, env: Env = process.env): Promise<void> {
  const path = tokenPath(instance, env)
  let kind: string | undefined
  try {
    kind = nonRegularKind(await fsp.stat(path))
  } catch {
    return // missing is fine; other failures show up, with their reason, when the file is written
  }

  if (kind) throw new LocalFileError(`The token cache path ${path} is ${kind}, not a file; remove it and try again.`)
}

/** botocore writes `%Y-%m-%dT%H:%M:%SZ`; SDK v3 writes toISOString(). Both read either. */
export function formatExpiry(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function secondsLeft(expiresAt: string, now = Date.now()): number {
  const at = Date.parse(expiresAt)
  return Number.isNaN(at) ? -1 : (at - now) / 1000
}
