import {join} from 'node:path'

import type {SsoInstance} from '../instance.js'
import type {NetworkBudget} from '../network.js'
import type {Env} from './ui.js'

import {registrationCacheKey} from '../cache/cache-keys.js'
import {readJsonObject, writeJsonAtomic} from '../cache/secure-file.js'
import {formatExpiry} from '../cache/token-cache.js'
import {ssoCacheDir} from '../paths.js'
import {oidcClient, oidcFailure, oidcSend} from './oidc-client.js'

export type LoginFlow = 'device-code' | 'pkce'

/** The registration file as AWS CLI v2 writes it; the CLI and we reuse each other's. */
export interface ClientRegistration {
  clientId: string
  clientSecret: string
  expiresAt: string
  scopes?: string[]
  grantTypes?: string[]
}

/** AWS CLI v2 registers again when less than this is left, so a login never outlives its client. */
const MIN_REGISTRATION_SECONDS = 15 * 60

/** Registered without a port: the service accepts any loopback port for it. */
export const PKCE_REDIRECT_URI = 'http://127.0.0.1/oauth/callback'
const PKCE_GRANT_TYPES = ['authorization_code', 'refresh_token']

export function registrationPath(instance: SsoInstance, scopes: string[] | undefined, env: Env): string {
  const key = registrationCacheKey({
    region: instance.region,
    scopes,
    sessionName: instance.sessionName,
    startUrl: instance.startUrl,
  })
  return join(ssoCacheDir(env), `${key}.json`)
}

/**
 * Both flows share one cache file (as in the CLI), so the grant types tell them apart: a PKCE
 * client must allow authorization_code, and the CLI's device flow only takes a client registered
 * without grant types.
 */
export function registrationUsable(reg: ClientRegistration, flow: LoginFlow, now = Date.now()): boolean {
  const left = (Date.parse(reg.expiresAt) - now) / 1000
  if (!(left > MIN_REGISTRATION_SECONDS)) return false
  return flow === 'pkce' ? Boolean(reg.grantTypes?.includes('authorization_code')) : reg.grantTypes === undefined
}

export async function readRegistration(path: string): Promise<ClientRegistration | undefined> {
  const value = await readJsonObject(path)
  if (!value) return undefined
  const {clientId, clientSecret, expiresAt, scopes, grantTypes} = value
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || typeof expiresAt !== 'string') return undefined
  if (Number.isNaN(Date.parse(expiresAt))) return undefined
  const reg: ClientRegistration = {clientId, clientSecret, expiresAt}
  if (Array.isArray(scopes)) reg.scopes = scopes.map(String)
  if (Array.isArray(grantTypes)) reg.grantTypes = grantTypes.map(String)
  return reg
}

/** Legacy profiles have no name to show; a timestamp keeps registrations apart in audit logs, as the CLI does. */
export function clientName(instance: SsoInstance, now = Date.now()): string {
  return `aws-sso-util-${instance.sessionName ?? Math.floor(now / 1000)}`
}

export async function getRegistration(
  instance: SsoInstance,
  flow: LoginFlow,
  options: {scopes?: string[]; env: Env; signal?: AbortSignal; budget?: NetworkBudget; forceNew?: boolean},
): Promise<ClientRegistration> {
  const path = registrationPath(instance, options.scopes, options.env)
  if (!options.forceNew) {
    const cached = await readRegistration(path)
    if (cached && registrationUsable(cached, flow)) return cached
  }

  const client = await oidcClient(instance.region)
  const {RegisterClientCommand} = await import('@aws-sdk/client-sso-oidc')
  const scopes = options.scopes && options.scopes.length > 0 ? options.scopes : undefined
  let out
  try {
    out = await oidcSend(
      (abortSignal) =>
        client.send(
          new RegisterClientCommand({
            clientName: clientName(instance),
            clientType: 'public',
            scopes,
            ...(flow === 'pkce'
              ? {grantTypes: PKCE_GRANT_TYPES, redirectUris: [PKCE_REDIRECT_URI], issuerUrl: instance.startUrl}
              : {}),
          }),
          {abortSignal},
        ),
      options,
    )
  } catch (error) {
    throw oidcFailure(error, 'RegisterClient', instance.region, options.env, options.signal)
  }

  if (!out.clientId || !out.clientSecret || !out.clientSecretExpiresAt) {
    throw oidcFailure(new Error('the response lacked clientId, clientSecret or clientSecretExpiresAt'), 'RegisterClient', instance.region, options.env)
  }

  const reg: ClientRegistration = {
    clientId: out.clientId,
    clientSecret: out.clientSecret,
    expiresAt: formatExpiry(new Date(out.clientSecretExpiresAt * 1000)),
  }
  if (scopes) reg.scopes = scopes
  if (flow === 'pkce') reg.grantTypes = PKCE_GRANT_TYPES
  await writeJsonAtomic(path, reg)
  return reg
}
