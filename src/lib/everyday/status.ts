import type {Env} from '../env.js'
import type {ConfigView} from '../settings.js'

import {type ConfiguredInstance, describeSource, instancesInConfig} from '../auth/instances.js'
import {credentialsPath, readCachedCredentials} from '../cache/credentials-cache.js'
import {readToken, secondsLeft, type SsoToken} from '../cache/token-cache.js'
import {resolveCredentialSettings} from '../settings.js'
import {roleChainOf} from './role-chain.js'

export interface InstanceStatus {
  /** `sso-session NAME (url, region)` or `url (region) from profile NAME`. */
  description: string
  startUrl: string
  region: string
  sessionName?: string
  loggedIn: boolean
  /** The token's expiry, when a token is cached (also an expired one). */
  expiresAt?: string
  /** A refresh token and an unexpired client registration: renews without a browser. */
  refreshable: boolean
}

export interface ProfileStatus {
  profile: string
  accountId: string
  roleName: string
  /** none: no cached role credentials; valid / expired: as of now. */
  credentials: 'expired' | 'none' | 'valid'
  expiresAt?: string
}

export function isRefreshable(token: SsoToken | undefined, now = Date.now()): boolean {
  if (!token?.refreshToken || !token.clientId || !token.clientSecret) return false
  return token.registrationExpiresAt === undefined || secondsLeft(token.registrationExpiresAt, now) > 0
}

export async function instanceStatus(configured: ConfiguredInstance, env: Env, now = Date.now()): Promise<InstanceStatus> {
  const {instance} = configured
  const token = await readToken(instance, env)
  return {
    description: describeSource(configured),
    startUrl: instance.startUrl,
    region: instance.region,
    sessionName: instance.sessionName,
    loggedIn: token !== undefined && secondsLeft(token.expiresAt, now) > 0,
    expiresAt: token?.expiresAt,
    refreshable: isRefreshable(token, now),
  }
}

/** One entry per [sso-session] and per distinct legacy start URL in the config. */
export async function allInstanceStatus(config: ConfigView, env: Env, now = Date.now()): Promise<InstanceStatus[]> {
  return Promise.all(instancesInConfig(config).map((c) => instanceStatus(c, env, now)))
}

export async function profileStatus(config: ConfigView, profile: string, env: Env, now = Date.now()): Promise<ProfileStatus> {
  // A profile that assumes a role keeps no credentials of its own: show its SSO root's.
  const settings = resolveCredentialSettings({profile: roleChainOf(config, {profile})?.root ?? profile}, env, config)
  const cached = await readCachedCredentials(
    credentialsPath(
      {accountId: settings.accountId, roleName: settings.roleName, sessionName: settings.instance.sessionName, startUrl: settings.instance.startUrl},
      env,
    ),
  )
  return {
    profile,
    accountId: settings.accountId,
    roleName: settings.roleName,
    credentials: cached === undefined ? 'none' : Date.parse(cached.Expiration) > now ? 'valid' : 'expired',
    expiresAt: cached?.Expiration,
  }
}
