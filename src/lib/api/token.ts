import type {EnsureTokenOptions} from '../auth/token-provider.js'
import type {InstanceChoiceError, LoginDeniedError, LoginRequiredError} from '../errors.js'

import {type ChoiceWords, selectInstance} from '../auth/instances.js'
import {loginCommandFor} from '../auth/messages.js'
import {loadConfig} from '../config/load.js'
import {type SsoInstance} from '../instance.js'
import {configFilePath} from '../paths.js'
import {type CommandIo, instanceDescription, type InstanceDescription, type InstanceOptions, type LoginOptions, loginUiFor} from './options.js'

/** Options of {@link getToken}. */
export interface TokenOptions extends InstanceOptions, LoginOptions {
  /** Never start a login: fail with a {@link LoginRequiredError} instead. */
  noLogin?: boolean
  /** Do not return the cached token: refresh it, or log in anew. */
  forceRefresh?: boolean
  /** Return a token valid for at least this long (default 15 minutes, as botocore). */
  minValiditySeconds?: number
}

/** Options of {@link login}. */
export interface LoginCallOptions extends InstanceOptions, LoginOptions {
  /** Log in again even if the cached token is still valid (a full login, not a refresh). */
  forceRefresh?: boolean
  /** Use the device code flow even for sso-session instances. */
  useDeviceCode?: boolean
  /** Do not open a browser; print the sign-in URL (with the code) to open on any device. */
  noBrowser?: boolean
}

/** An IAM Identity Center access token, as cached in `~/.aws/sso/cache` for AWS CLI v2, botocore and SDK v3. */
export interface AccessToken {
  /** The bearer token for the portal API (GetRoleCredentials, ListAccounts…). A secret: never log it. */
  accessToken: string
  /** When the portal stops accepting it. */
  expiresAt: Date
  /** The instance the token is for. */
  instance: InstanceDescription
}

/** The instance the options name, chosen as `aws-sso-util login` chooses it. */
export async function instanceFor(options: InstanceOptions, words?: ChoiceWords): Promise<SsoInstance> {
  const env = options.env ?? process.env
  const config = await loadConfig(configFilePath(env))
  return selectInstance({profile: options.profile, ssoSession: options.ssoSession, startUrl: options.startUrl, region: options.region, words}, env, config)
}

/**
 * The token for an instance, cached, or refreshed, or from a new login: what `credential-process`
 * does before it calls the portal, for programs that call the portal themselves. Logins and
 * refreshes are single-flight with every other process, as in the CLI.
 *
 * Rejects with {@link LoginRequiredError} when a login is needed and `noLogin` is set or nobody could approve it.
 * Rejects with {@link InstanceChoiceError} when the options name no instance and the config has none, or several.
 */
export async function getToken(options: TokenOptions = {}): Promise<AccessToken> {
  const instance = await instanceFor(options)
  return tokenFor(instance, options, {
    allowLogin: !options.noLogin,
    forceRefresh: options.forceRefresh,
    minValiditySeconds: options.minValiditySeconds,
  })
}

/**
 * Logs in to an instance, as `aws-sso-util login` does: a cached token with more than 15 minutes
 * left is kept without a network call (unless `forceRefresh`); sso-session instances use the
 * browser-based PKCE flow when a browser can be opened, everything else the device flow.
 *
 * Rejects with {@link LoginDeniedError} when the login was denied or expired before approval.
 * Rejects with {@link InstanceChoiceError} when the options name no instance and the config has none, or several.
 */
export async function login(options: LoginCallOptions = {}): Promise<AccessToken> {
  return loginWith({}, options)
}

/**
 * login with a command's terminal and wording: `aws-sso-util login` runs this.
 *
 * @internal
 */
export async function loginWith(io: CommandIo, options: LoginCallOptions): Promise<AccessToken> {
  const instance = await instanceFor(options, io.choiceWords)
  return tokenFor(instance, options, {
    allowLogin: true,
    forceRefresh: options.forceRefresh,
    fullLogin: true,
    useDeviceCode: options.useDeviceCode || undefined,
    noBrowser: options.noBrowser,
    ui: io.ui,
  })
}

/**
 * ensureToken with the library's defaults and UI; the token functions and listings call it.
 *
 * @internal
 */
export async function tokenFor(
  instance: SsoInstance,
  options: InstanceOptions & LoginOptions,
  extra: Partial<Omit<EnsureTokenOptions, 'env' | 'loginHint' | 'signal'>> & {allowLogin: boolean},
): Promise<AccessToken> {
  const env = options.env ?? process.env
  const {ensureToken} = await import('../auth/token-provider.js')
  const token = await ensureToken(instance, {
    ...extra,
    ui: loginUiFor(instance, options, {ui: extra.ui}),
    loginHint: loginCommandFor(instance, options.profile),
    env,
    signal: options.signal,
  })
  return {accessToken: token.accessToken, expiresAt: new Date(token.expiresAt), instance: instanceDescription(instance)}
}
