import type {SsoInstance} from '../instance.js'
import type {NetworkBudget} from '../network.js'
import type {Env} from './ui.js'

import {formatExpiry, type SsoToken} from '../cache/token-cache.js'
import {createToken, issuedToken} from './create-token.js'
import {oidcFailure} from './oidc-client.js'

/**
 * What botocore requires before it refreshes: a refresh token, the client that got it, and a
 * registration that has not run out (the service rejects an expired client anyway).
 */
export function canRefresh(token: SsoToken, now = Date.now()): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false
  if (token.registrationExpiresAt === undefined) return true
  const at = Date.parse(String(token.registrationExpiresAt))
  return !Number.isNaN(at) && at > now
}

/**
 * The refresh_token grant, without a browser. Returns the token to write back: every field of
 * the old one is kept (other tools may have added their own), the access token, expiry and, when
 * the service rotates it, the refresh token are replaced.
 */
export async function refreshAccessToken(
  instance: SsoInstance,
  token: SsoToken,
  options: {env: Env; signal?: AbortSignal; budget?: NetworkBudget; now?: () => number},
): Promise<SsoToken> {
  // The lifetime counts from when we asked, so a slow answer never makes the token look longer-lived.
  const now = options.now?.() ?? Date.now()
  let out
  try {
    out = await createToken(
      instance.region,
      {clientId: String(token.clientId), clientSecret: String(token.clientSecret)},
      {grantType: 'refresh_token', refreshToken: String(token.refreshToken)},
      options,
    )
  } catch (error) {
    throw oidcFailure(error, 'CreateToken (refresh)', instance.region, options.env, options.signal, [
      token.refreshToken,
      token.clientSecret,
      token.accessToken,
      token.clientId,
    ])
  }

  const issued = issuedToken(out, 'CreateToken (refresh)', instance.region, options.env)
  return {
    ...token,
    startUrl: token.startUrl ?? instance.startUrl,
    region: token.region ?? instance.region,
    accessToken: issued.accessToken,
    expiresAt: formatExpiry(new Date(now + issued.expiresIn * 1000)),
    refreshToken: issued.refreshToken ?? token.refreshToken,
  }
}
