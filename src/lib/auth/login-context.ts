import type {SsoInstance} from '../instance.js'
import type {NetworkBudget} from '../network.js'
import type {BrowserChoice} from './browser.js'
import type {ClientRegistration} from './registration.js'
import type {Env, LoginUi} from './ui.js'

import {LoginDeniedError, LoginRequiredError} from '../errors.js'

/** What a login flow needs; ensureToken has settled everything else before one starts. */
export interface LoginContext {
  instance: SsoInstance
  /** Registration scopes; undefined for legacy (start-URL) logins, as in AWS CLI v2. */
  scopes?: string[]
  ui: LoginUi
  env: Env
  browser: BrowserChoice
  loginHint: string
  timeoutSeconds: number
  signal?: AbortSignal
  /** Every request of the login shares this: the login window and a little for the last calls. */
  budget: NetworkBudget
}

export interface LoginResult {
  accessToken: string
  expiresIn: number
  refreshToken?: string
  registration: ClientRegistration
}

export function loginExpired(ctx: LoginContext): LoginDeniedError {
  return new LoginDeniedError(`The login window expired before the request was approved. Run \`${ctx.loginHint}\` to try again.`)
}

export function loginDenied(ctx: LoginContext, detail?: string): LoginDeniedError {
  const why = detail ? ` (${detail})` : ''
  return new LoginDeniedError(`The login request was denied${why}. Run \`${ctx.loginHint}\` to try again.`)
}

/**
 * A browser was expected but did not start, and nobody can see the printed URL (no terminal):
 * waiting out the login window would only hang the caller.
 */
export function assertSomeoneCanFinish(ctx: LoginContext, browserStarted: boolean): void {
  if (!browserStarted && ctx.browser.canOpen && !ctx.ui.isTTY) {
    throw new LoginRequiredError(`Login required, but the browser could not be started. Run \`${ctx.loginHint}\` in a terminal and try again.`, {
      loginCommand: ctx.loginHint,
    })
  }
}
