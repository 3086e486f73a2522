import type * as OidcSdk from '@aws-sdk/client-sso-oidc'

import type {NetworkBudget} from '../network.js'
import type {Env} from './ui.js'

import {loadOidcSdk, oidcClient, oidcFailure, oidcSend} from './oidc-client.js'

/** The three grants we ask CreateToken for: a device code, an authorization code (PKCE), a refresh token. */
export type TokenGrant =
  | {code: string; codeVerifier: string; grantType: 'authorization_code'; redirectUri: string}
  | {deviceCode: string; grantType: 'urn:ietf:params:oauth:grant-type:device_code'}
  | {grantType: 'refresh_token'; refreshToken: string}

export interface IssuedToken {
  accessToken: string
  expiresIn: number
  refreshToken?: string
}

/**
 * One CreateToken request inside the network bounds. A failure rejects with the SDK's own error:
 * each flow reads it its own way (for the device flow a pending code is no failure at all).
 */
export async function createToken(
  region: string,
  client: {clientId: string; clientSecret: string},
  grant: TokenGrant,
  bounds: {budget?: NetworkBudget; signal?: AbortSignal},
): Promise<OidcSdk.CreateTokenCommandOutput> {
  const oidc = await oidcClient(region)
  const {CreateTokenCommand} = await loadOidcSdk()
  return oidcSend(
    (abortSignal) => oidc.send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, ...grant}), {abortSignal}),
    bounds,
  )
}

/** The token in a CreateToken answer; one without an access token and a lifetime is a failure of `operation`. */
export function issuedToken(out: OidcSdk.CreateTokenCommandOutput, operation: string, region: string, env: Env): IssuedToken {
  if (!out.accessToken || !out.expiresIn) {
    throw oidcFailure(new Error('the response lacked accessToken or expiresIn'), operation, region, env)
  }

  return {accessToken: out.accessToken, expiresIn: out.expiresIn, refreshToken: out.refreshToken}
}
