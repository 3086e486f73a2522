import {readdir, unlink} from 'node:fs/promises'
import {basename, join} from 'node:path'

import type {SsoInstance} from '../instance.js'
import type {Env} from './ui.js'

import {credentialsPath, type RoleRef} from '../cache/credentials-cache.js'
import {lockPath, withLock} from '../cache/lock.js'
import {readJsonObject} from '../cache/secure-file.js'
import {readToken, secondsLeft, type SsoToken, tokenPath} from '../cache/token-cache.js'
import {exitCodeOf, oneLine} from '../errors.js'
import {networkLimits} from '../network.js'
import {cliCacheDir, locksDir, ssoCacheDir} from '../paths.js'

export interface LogoutResult {
  /** Token files removed from ~/.aws/sso/cache. */
  tokenFiles: string[]
  /** SSO role-credential files removed from ~/.aws/cli/cache. */
  credentialFiles: string[]
  /** Sessions the portal could not be told to end (network, service error); local files are removed anyway. */
  failures: string[]
  /** The exit code of the first failure: 5 when the server could not be reached, 4 when it refused. */
  failureExitCode?: number
}

export interface InstanceLogoutOptions {
  env?: Env
  /** Roles whose cached credentials belong to this instance (from the profiles that use it). */
  roles?: Array<Pick<RoleRef, 'accountId' | 'roleName'>>
  /**
   * Also remove every SSO role-credential file. The files do not say which instance wrote them,
   * so this is only right when the caller knows there is a single instance.
   */
  allSsoCredentials?: boolean
  /** Ctrl-C stops the server call. */
  signal?: AbortSignal
}

/** Ends the session server-side; a token the portal already rejects counts as ended. */
async function endSession(token: SsoToken, result: LogoutResult, fallbackRegion?: string, signal?: AbortSignal): Promise<void> {
  const region = typeof token.region === 'string' && token.region ? token.region : fallbackRegion
  // An expired token cannot be used to log out, and the session behind it is over anyway.
  if (!region || secondsLeft(token.expiresAt) <= 0) return
  try {
    const {portalLogout} = await import('../portal.js')
    await portalLogout({accessToken: token.accessToken, region, signal})
  } catch (error) {
    if (signal?.aborted) throw error
    const who = typeof token.startUrl === 'string' ? token.startUrl : 'a cached session'
    result.failures.push(`Could not end the session for ${who} on the server: ${oneLine(error)}`)
    result.failureExitCode ??= exitCodeOf(error)
  }
}

async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path)
    return true
  } catch {
    return false
  }
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    // Dot files are our in-flight atomic writes; they are never cache entries.
    return (await readdir(dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).map((name) => join(dir, name))
  } catch {
    return []
  }
}

async function removeSsoCredentialFiles(paths: string[]): Promise<string[]> {
  const removed: string[] = []
  for (const path of paths) {
    const body = await readJsonObject(path)
    if (body?.ProviderType === 'sso' && (await removeFile(path))) removed.push(path)
  }

  return removed
}

/**
 * Logs out of one instance: ends its session with the portal, removes its token file and the
 * SSO role credentials cached for it. Client registrations are kept (they hold no user
 * authority and AWS CLI v2 reuses them); files that are not SSO tokens or credentials are never touched.
 */
export async function logoutInstance(instance: SsoInstance, options: InstanceLogoutOptions = {}): Promise<LogoutResult> {
  const env = options.env ?? process.env
  // The lock a credential fetch holds while it caches what it fetched (see fetch-role-credentials.ts).
  const {tokenLockPath} = await import('./token-provider.js')
  return withLock(tokenLockPath(instance, env), () => logoutInstanceLocked(instance, options, env), {
    // The holder makes one bounded server call, then removes files.
    lifetimeMs: networkLimits(env).budgetMs + 5000,
    signal: options.signal,
  })
}

async function logoutInstanceLocked(instance: SsoInstance, options: InstanceLogoutOptions, env: Env): Promise<LogoutResult> {
  const result: LogoutResult = {tokenFiles: [], credentialFiles: [], failures: []}
  const token = await readToken(instance, env)
  if (token) await endSession(token, result, instance.region, options.signal)

  const path = tokenPath(instance, env)
  if (await removeFile(path)) result.tokenFiles.push(path)

  const candidates = options.allSsoCredentials
    ? await jsonFiles(cliCacheDir(env))
    : (options.roles ?? []).map((role) =>
        credentialsPath({accountId: role.accountId, roleName: role.roleName, sessionName: instance.sessionName, startUrl: instance.startUrl}, env),
      )
  result.credentialFiles = await removeSsoCredentialFiles([...new Set(candidates)])
  return result
}

/** `aws sso logout`'s sweep: every cached token (ended server-side first) and every SSO role credential. */
export async function logoutAll(options: {env?: Env; signal?: AbortSignal} = {}): Promise<LogoutResult> {
  const env = options.env ?? process.env
  const tokenFiles = await jsonFiles(ssoCacheDir(env))
  // A token file is named <key>.json and its fetches lock token-<key>: hold them all (in one
  // order, so two sweeps cannot deadlock) until the role credentials are swept too.
  const keys = tokenFiles.map((path) => basename(path, '.json')).sort()
  // One bounded server call per token, then the file removals.
  const lifetimeMs = (tokenFiles.length + 1) * networkLimits(env).requestTimeoutMs + 5000
  const locked = keys.reduceRight<() => Promise<LogoutResult>>(
    (inner, key) => () => withLock(lockPath(locksDir(env), `token-${key}`), inner, {lifetimeMs, signal: options.signal}),
    () => logoutAllLocked(tokenFiles, env, options.signal),
  )
  return locked()
}

async function logoutAllLocked(tokenFiles: string[], env: Env, signal?: AbortSignal): Promise<LogoutResult> {
  const result: LogoutResult = {tokenFiles: [], credentialFiles: [], failures: []}
  for (const path of tokenFiles) {
    const body = await readJsonObject(path)
    if (typeof body?.accessToken !== 'string') continue
    if (typeof body.expiresAt === 'string') await endSession(body as SsoToken, result, undefined, signal)

    if (await removeFile(path)) result.tokenFiles.push(path)
  }

  result.credentialFiles = await removeSsoCredentialFiles(await jsonFiles(cliCacheDir(env)))
  return result
}
