import type {LoginUi} from './auth/ui.js'
import type {DebugLog} from './debug-log.js'
import type {ResolvedCredentialSettings} from './settings.js'

import {loginTimeoutSeconds} from './auth/timing.js'
import {roleCredentialsCacheKey} from './cache/cache-keys.js'
import {cachedCredentialsWarning, isFresh, type RoleCredentials, readCachedCredentials, writeCachedCredentials} from './cache/credentials-cache.js'
import {type HeldLock, lockPath, withLock} from './cache/lock.js'
import {formatExpiry} from './cache/token-cache.js'
import {LoginRequiredError} from './errors.js'
import {NetworkBudget, networkLimits} from './network.js'
import {locksDir} from './paths.js'
import {getRoleCredentials, TokenRejectedError} from './portal.js'

type FetchArgs = {
  settings: ResolvedCredentialSettings
  cachePath: string
  forceRefresh: boolean
  allowLogin: boolean
  loginHint: string
  env: Record<string, string | undefined>
  ui: LoginUi
  signal?: AbortSignal
  log: DebugLog
}

/**
 * The cache-miss branch of credential-process. Everything here runs under a per-role lock and
 * re-reads the cache once the lock is held, so any number of concurrent callers cause one
 * GetRoleCredentials call (and, through the token provider's own lock, at most one login).
 */
export async function fetchRoleCredentials(args: FetchArgs): Promise<RoleCredentials> {
  const {settings, env, log} = args
  const startedAt = Date.now()
  // Without a login, every request of this run shares one budget (see network.ts).
  const budget = new NetworkBudget(networkLimits(env).budgetMs)
  const key = roleCredentialsCacheKey({
    accountId: settings.accountId,
    roleName: settings.roleName,
    sessionName: settings.instance.sessionName,
    startUrl: settings.instance.startUrl,
  })
  return withLock(
    lockPath(locksDir(env), `credentials-${key}`),
    async (lock) => {
      const joined = await refreshedWhileWaiting(args, startedAt)
      if (joined) return joined
      const creds = await fetchFromPortal(args, budget, lock)
      await cacheUnlessLoggedOut(args, creds, budget)
      return creds
    },
    {
      // Without a login, the holder is done within its budget; with one, within the login window.
      lifetimeMs: budget.totalMs + 5000,
      timeoutMs: args.allowLogin ? (loginTimeoutSeconds(env) + 180) * 1000 : budget.remainingMs(),
      signal: args.signal,
      onWait: (holder) => log.log('waiting for another process refreshing the same role credentials', holder),
    },
  )
}

async function refreshedWhileWaiting(args: FetchArgs, startedAt: number): Promise<RoleCredentials | undefined> {
  const cached = await readCachedCredentials(args.cachePath)
  // A forced refresh still joins one that another forced caller finished while we waited.
  if (!cached || !isFresh(cached) || (args.forceRefresh && !(await writtenSince(args.cachePath, startedAt)))) return undefined
  args.log.log('another process refreshed the role credentials while we waited')
  const warning = cachedCredentialsWarning(args.cachePath)
  if (warning) args.ui.write(warning)
  return cached
}

async function fetchFromPortal(args: FetchArgs, budget: NetworkBudget, lock: HeldLock): Promise<RoleCredentials> {
  const {settings, env, log} = args
  const {ensureToken} = await import('./auth/token-provider.js')
  const tokenOptions = {
    allowLogin: args.allowLogin,
    loginHint: args.loginHint,
    forceRefresh: args.forceRefresh,
    ui: args.ui,
    env,
    signal: args.signal,
    budget,
    // A login (ours, under this lock) may take its window: waiters on this lock must not give up on us.
    onLogin(ms: number) {
      lock.extend(ms + 30_000)
    },
  }
  let token = await ensureToken(settings.instance, tokenOptions)
  log.log('token ready', {expiresAt: token.expiresAt})
  const fetch = (accessToken: string) =>
    getRoleCredentials({
      accessToken,
      accountId: settings.accountId,
      region: settings.instance.region,
      roleName: settings.roleName,
      signal: args.signal,
      budget,
    })
  let portalCreds
  try {
    portalCreds = await fetch(token.accessToken)
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error
    await forgetRejectedToken(args, token.accessToken)
    token = await ensureToken(settings.instance, {...tokenOptions, forceRefresh: true, rejectedAccessToken: token.accessToken})
    portalCreds = await fetch(token.accessToken)
  }

  return {
    AccessKeyId: portalCreds.accessKeyId,
    SecretAccessKey: portalCreds.secretAccessKey,
    SessionToken: portalCreds.sessionToken,
    Expiration: formatExpiry(portalCreds.expiration),
    AccountId: settings.accountId,
  }
}

/** The token looked valid but the portal disagrees (revoked, or ended on the server). */
async function forgetRejectedToken(args: FetchArgs, accessToken: string): Promise<void> {
  args.log.log('token rejected by GetRoleCredentials')
  const {markTokenRejected} = await import('./auth/token-provider.js')
  await markTokenRejected(args.settings.instance, accessToken, args.env, args.signal)
  if (!args.allowLogin) {
    throw new LoginRequiredError(`Your IAM Identity Center session is no longer valid. Run \`${args.loginHint}\` and try again.`, {
      loginCommand: args.loginHint,
    })
  }
}

async function cacheUnlessLoggedOut(args: FetchArgs, creds: RoleCredentials, budget: NetworkBudget): Promise<void> {
  const {settings, env, log} = args
  try {
    // Under the token lock, which logout holds while it removes files: either the credentials
    // land before logout sweeps them, or logout has already removed the token and they are not
    // cached at all, so a following --no-login call cannot serve a session the user ended.
    const {tokenLockPath} = await import('./auth/token-provider.js')
    const {readToken} = await import('./cache/token-cache.js')
    const cached = await withLock(
      tokenLockPath(settings.instance, env),
      async () => {
        if (!(await readToken(settings.instance, env))) return false
        await writeCachedCredentials(args.cachePath, creds)
        return true
      },
      // The holder only reads and writes a file; a logout holding it makes one bounded call.
      {lifetimeMs: 10_000, timeoutMs: Math.max(1000, budget.remainingMs()), signal: args.signal},
    )
    log.log(cached ? 'role credentials fetched and cached' : 'logged out while fetching: role credentials not cached', {
      expiration: creds.Expiration,
      path: args.cachePath,
    })
  } catch (error) {
    if (args.signal?.aborted) throw error
    // The cache only saves the next call a request; the caller still gets what we fetched.
    const {describeWriteFailure} = await import('./cache/secure-file.js')
    const why = describeWriteFailure(error)
    log.log('role credentials fetched but not cached', {path: args.cachePath, why})
    args.ui.write(`Warning: could not cache the role credentials at ${args.cachePath} (${why}); they were fetched and are printed anyway.`)
  }
}

async function writtenSince(path: string, since: number): Promise<boolean> {
  const {stat} = await import('node:fs/promises')
  try {
    return (await stat(path)).mtimeMs >= since
  } catch {
    return false
  }
}
