import type {LoginContext} from './login-context.js'
import type {Env, LoginUi} from './ui.js'

import {NetworkError} from '../aws-errors.js'
import {tokenCacheKey} from '../cache/cache-keys.js'
import {type HeldLock, lockPath, LockTimeoutError, withLock} from '../cache/lock.js'
import {assertTokenPathUsable, formatExpiry, readToken, secondsLeft, type SsoToken, writeToken} from '../cache/token-cache.js'
import {ExitCode, exitCodeOf, LoginRequiredError, oneLine} from '../errors.js'
import {cacheIdOf, DEFAULT_REGISTRATION_SCOPES, describeInstance, type SsoInstance} from '../instance.js'
import {NetworkBudget} from '../network.js'
import {locksDir} from '../paths.js'
import {abortReason} from '../sleep.js'
import {type BrowserChoice, chooseBrowser} from './browser.js'
import {loginTimeoutSeconds, throwIfAborted} from './timing.js'

export type {SsoToken} from '../cache/token-cache.js'
export type {LoginUi} from './ui.js'

/** botocore refreshes from 15 minutes before expiry; a token with less left is replaced. */
export const DEFAULT_MIN_VALIDITY_SECONDS = 15 * 60
/** A token another process wrote while we waited is taken even if short-lived, rather than logging in twice. */
const JUST_WRITTEN_MIN_SECONDS = 60
/** Room for a login's requests before and after the wait for approval (register, start, token). */
const LOGIN_STEPS_MS = 60_000
/** A token lock holder that is not logging in only refreshes, within its request timeouts. */
const REFRESH_LIFETIME_MS = 60_000

export interface EnsureTokenOptions {
  /** false: never open a login; throw LoginRequiredError naming `loginHint` instead. */
  allowLogin: boolean
  /** The command the user should run, e.g. `aws-sso-util login --profile my-sso-profile`. */
  loginHint: string
  /** Do not return the cached token: refresh it, or log in anew. */
  forceRefresh?: boolean
  /** With forceRefresh: skip the refresh-token grant and always run a full (browser) login. */
  fullLogin?: boolean
  /** A token the portal rejected although it looked valid; it is never returned. */
  rejectedAccessToken?: string
  /** Default: PKCE for sso-session instances when a browser can be opened, device code otherwise. */
  useDeviceCode?: boolean
  /** Print the URL (with the user code) instead of opening a browser. */
  noBrowser?: boolean
  ui: LoginUi
  /** Paths, BROWSER and timeouts come from here; the SDK clients read endpoints from process.env. */
  env?: Env
  signal?: AbortSignal
  /** The caller's total network budget (credential-process); a login extends it by its window. */
  budget?: NetworkBudget
  /** Called as a login starts, with how long it may take: a caller holding a lock of its own says so. */
  onLogin?: (ms: number) => void
  minValiditySeconds?: number
}

export function tokenLockPath(instance: SsoInstance, env: Env = process.env): string {
  return lockPath(locksDir(env), `token-${tokenCacheKey(cacheIdOf(instance))}`)
}

/** What one ensureToken call knows before it takes the lock, shared by the steps it takes under it. */
interface TokenRequest {
  instance: SsoInstance
  options: EnsureTokenOptions
  env: Env
  /** The token in the file before the lock, to tell a token another process wrote while we waited. */
  before: SsoToken | undefined
  minValidity: number
  timeoutSeconds: number
  loginMs: number
  /** Not a type guard on purpose: a token that fails one threshold may still pass the other. */
  acceptable(token: SsoToken | undefined, minSeconds: number): boolean
}

/**
 * A token valid for at least `minValiditySeconds`, from the cache when possible. Otherwise, under
 * a per-instance cross-process lock, the cache is read again (another process may have logged in
 * meanwhile, so N concurrent callers cause one login and one browser tab), then the refresh-token
 * grant is tried, then a login if allowed.
 */
export async function ensureToken(instance: SsoInstance, options: EnsureTokenOptions): Promise<SsoToken> {
  const env = options.env ?? process.env
  const {signal, ui} = options
  const minValidity = options.minValiditySeconds ?? DEFAULT_MIN_VALIDITY_SECONDS
  const before = await readToken(instance, env)
  const unwanted = new Set<string>()
  if (options.rejectedAccessToken) unwanted.add(options.rejectedAccessToken)
  if (options.forceRefresh && before) unwanted.add(before.accessToken)
  const acceptable = (token: SsoToken | undefined, minSeconds: number): boolean =>
    token !== undefined && !unwanted.has(token.accessToken) && secondsLeft(token.expiresAt) > minSeconds

  if (before && acceptable(before, minValidity)) return before
  throwIfAborted(signal)

  const timeoutSeconds = loginTimeoutSeconds(env)
  const loginMs = timeoutSeconds * 1000 + LOGIN_STEPS_MS
  const request: TokenRequest = {instance, options, env, before, minValidity, timeoutSeconds, loginMs, acceptable}
  // A waiter that may log in outlasts a login it is waiting for; one that may not keeps to its budget.
  const waitMs = options.allowLogin ? loginMs + 60_000 : Math.max(1000, options.budget?.remainingMs() ?? loginMs)
  try {
    return await withLock(tokenLockPath(instance, env), async (lock) => tokenUnderLock(request, lock), {
      timeoutMs: waitMs,
      // Until a login starts, the holder only refreshes: bounded by the request timeouts.
      lifetimeMs: REFRESH_LIFETIME_MS,
      signal,
      onWait() {
        ui.write(`Another aws-sso-util process is logging in to ${describeInstance(instance)}; waiting for it to finish.`)
      },
    })
  } catch (error) {
    throw lockWaitFailure(error, request)
  }
}

async function tokenUnderLock(request: TokenRequest, lock: HeldLock): Promise<SsoToken> {
  const {instance, options, env, before, acceptable} = request
  const current = await readToken(instance, env)
  if (current && acceptable(current, request.minValidity)) return current
  if (current && current.accessToken !== before?.accessToken && acceptable(current, JUST_WRITTEN_MIN_SECONDS)) {
    return current
  }

  // An explicit fresh login must not merely extend the old sign-in through its refresh token.
  if (current && !(options.forceRefresh && options.fullLogin)) {
    const refreshed = await refreshedOrReplaced(request, current)
    if (refreshed) return refreshed
  }

  return loginOrServeCurrent(request, current, lock)
}

/** The refresh-token grant's token, or one another tool wrote meanwhile; undefined when a login must follow. */
async function refreshedOrReplaced(request: TokenRequest, current: SsoToken): Promise<SsoToken | undefined> {
  const {instance, options, env, acceptable} = request
  let refreshed
  try {
    refreshed = await tryRefresh(instance, current, options, env)
  } catch (error) {
    // The service did not answer: a token another tool wrote meanwhile, or one that is
    // still valid, does the job for now.
    const after = await replacedToken(request, current)
    if (after) return after
    if (!options.forceRefresh && acceptable(current, JUST_WRITTEN_MIN_SECONDS)) return current
    throw error
  }

  if ('token' in refreshed) return refreshed.token
  // botocore and SDK v3 refresh without our lock: one that rotated the refresh token first
  // made ours fail, and its new token is in the file now. Use it before logging anyone in.
  const after = await replacedToken(request, current)
  if (after) return after
  if (refreshed.error && options.allowLogin) {
    options.ui.write(`Could not refresh the IAM Identity Center token (${oneLine(refreshed.error)}); logging in again.`)
  }

  return undefined
}

/** A usable token that another process put in the file in place of `current`. */
async function replacedToken(request: TokenRequest, current: SsoToken): Promise<SsoToken | undefined> {
  const after = await readToken(request.instance, request.env)
  if (after && after.accessToken !== current.accessToken && request.acceptable(after, JUST_WRITTEN_MIN_SECONDS)) return after
  return undefined
}

async function loginOrServeCurrent(request: TokenRequest, current: SsoToken | undefined, lock: HeldLock): Promise<SsoToken> {
  const {instance, options, env, loginMs} = request
  const impossible = options.allowLogin ? loginImpossible(options, env) : undefined
  if (!options.allowLogin || impossible) {
    // Still valid for a while: serve it, so the caller works now and the login can wait.
    if (current && request.acceptable(current, JUST_WRITTEN_MIN_SECONDS)) return current
    throw new LoginRequiredError(impossible ?? `Login required. Run \`${options.loginHint}\` and try again.`, {loginCommand: options.loginHint})
  }

  // Waiters keep waiting while we log in, and no longer than that.
  lock.extend(loginMs + 30_000)
  options.onLogin?.(loginMs)
  return login(instance, options, env, request.timeoutSeconds)
}

/** A lock we gave up on is a login the user can run themselves; Ctrl-C stays Ctrl-C. */
function lockWaitFailure(error: unknown, request: TokenRequest): unknown {
  const {instance, options} = request
  if (options.signal?.aborted) return abortReason(options.signal)
  if (error instanceof LockTimeoutError) {
    return new LoginRequiredError(
      `Gave up waiting for another aws-sso-util process${error.holder.pid ? ` (pid ${error.holder.pid})` : ''} to log in to ${describeInstance(instance)}. Run \`${options.loginHint}\` and try again.`,
      {cause: error, loginCommand: options.loginHint},
    )
  }

  return error
}

/**
 * Marks a token the portal refused as expired in the shared file (only if the file still holds that
 * token), so that `login` really logs in instead of trusting it, and botocore and SDK v3 refresh or
 * report it instead of sending it again. The refresh token stays: if the session is still alive,
 * a refresh is the cheapest way back.
 */
export async function markTokenRejected(instance: SsoInstance, accessToken: string, env: Env = process.env, signal?: AbortSignal): Promise<void> {
  await withLock(
    tokenLockPath(instance, env),
    async () => {
      const current = await readToken(instance, env)
      if (current?.accessToken !== accessToken) return
      await writeToken(instance, {...current, expiresAt: formatExpiry(new Date(Date.now() - 1000))}, env)
    },
    // A read and a write; a login another process runs meanwhile replaces the token anyway.
    {lifetimeMs: 10_000, timeoutMs: 5000, signal},
  ).catch(() => {}) // best effort: the error the caller sees is the rejection, not this
}

async function tryRefresh(instance: SsoInstance, token: SsoToken, options: EnsureTokenOptions, env: Env): Promise<{error?: unknown} | {token: SsoToken}> {
  const {canRefresh, refreshAccessToken} = await import('./refresh.js')
  if (!canRefresh(token)) return {}
  try {
    const refreshed = await refreshAccessToken(instance, token, {env, signal: options.signal, budget: options.budget})
    await writeToken(instance, refreshed, env)
    return {token: refreshed}
  } catch (error) {
    throwIfAborted(options.signal)
    // No answer is not a rejected token: a login could not get through either, and "Login
    // required" would send the user to the wrong fix.
    if (error instanceof NetworkError || exitCodeOf(error) === ExitCode.configuration) throw error
    // The refresh token may be revoked, past its lifetime, or rotated by another tool first.
    return {error}
  }
}

/**
 * Why no login can happen here, or undefined when one can. Nobody would see the URL (an SDK ran
 * us without a terminal, and no browser can be opened): waiting would only hang the caller.
 */
function loginImpossible(options: EnsureTokenOptions, env: Env): string | undefined {
  // A program that shows the page itself (the library's onLogin) can always take a login.
  if (options.noBrowser || options.ui.isTTY || options.ui.prompt) return undefined
  const browser = chooseBrowser(env)
  if (browser.canOpen) return undefined
  return `Login required, but no browser can be opened here (${browser.reason}). Run \`${options.loginHint}\` in a terminal and try again.`
}

async function login(instance: SsoInstance, options: EnsureTokenOptions, env: Env, timeoutSeconds: number): Promise<SsoToken> {
  const {ui} = options
  await assertTokenPathUsable(instance, env)
  // A program that shows the page itself (the library's onLogin) may be on another device: no browser here.
  const browser: BrowserChoice = options.noBrowser
    ? {canOpen: false, reason: 'browser opening is turned off'}
    : ui.prompt
      ? {canOpen: false, reason: 'the program shows the sign-in page itself'}
      : chooseBrowser(env)
  // The PKCE redirect only reaches a browser on this machine; without one, only the device code can finish.
  const useDeviceCode = options.useDeviceCode ?? (!instance.sessionName || !browser.canOpen)
  const scopes = instance.sessionName
    ? instance.registrationScopes && instance.registrationScopes.length > 0
      ? instance.registrationScopes
      : DEFAULT_REGISTRATION_SCOPES
    : undefined
  // The login's requests share its window; the caller's budget makes room for the whole login.
  const budget = new NetworkBudget(timeoutSeconds * 1000 + LOGIN_STEPS_MS)
  options.budget?.extend(timeoutSeconds * 1000 + LOGIN_STEPS_MS)
  const ctx: LoginContext = {
    instance,
    scopes,
    ui,
    env,
    browser,
    loginHint: options.loginHint,
    timeoutSeconds,
    signal: options.signal,
    budget,
  }
  ui.write(`Logging in to ${describeInstance(instance)}.`)
  const result = useDeviceCode ? await (await import('./device-code.js')).deviceCodeLogin(ctx) : await (await import('./pkce.js')).pkceLogin(ctx)

  // AWS CLI v2's field set, so the CLI, botocore and SDK v3 all use (and refresh) this token.
  const token: SsoToken = {
    startUrl: instance.startUrl,
    region: instance.region,
    accessToken: result.accessToken,
    expiresAt: formatExpiry(new Date(Date.now() + result.expiresIn * 1000)),
  }
  if (instance.sessionName) {
    token.clientId = result.registration.clientId
    token.clientSecret = result.registration.clientSecret
    token.registrationExpiresAt = result.registration.expiresAt
    if (result.refreshToken) token.refreshToken = result.refreshToken
  }

  throwIfAborted(options.signal)
  await writeToken(instance, token, env)
  return token
}
