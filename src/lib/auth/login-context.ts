import type {SsoInstance} from '../instance.js'
import type {BrowserChoice} from './browser.js'
import type {ClientRegistration} from './registration.js'
import type {Env, LoginUi} from './ui.js'

import {LoginDeniedError} from '../errors.js'

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
