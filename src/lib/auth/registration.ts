import {join} from 'node:path'

import type {SsoInstance} from '../instance.js'
import type {NetworkBudget} from '../network.js'
import type {Env} from './ui.js'

import {pkceRegistrationCacheKey, registrationCacheKey} from '../cache/cache-keys.js'
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

/**
 * Where a registration for `flow` is kept. The device flow uses AWS CLI v2's own file (its
 * _registration_cache_key, with the scopes as configured, null when none are), so that `aws sso
 * login` and we share one client. A PKCE client goes to a file of its own: AWS CLI v2 before 2.22
 * (Debian 12 ships 2.9.19) reuses whatever sits in its file for the device flow and fails with
 * UnauthorizedClientException on a PKCE client, and newer CLIs overwrite that file with each flow.
 */
export function registrationPath(instance: SsoInstance, flow: LoginFlow, env: Env): string {
  const id = {
    region: instance.region,
    scopes: instance.registrationScopes,
    sessionName: instance.sessionName,
    startUrl: instance.startUrl,
  }
  const key = flow === 'pkce' ? pkceRegistrationCacheKey(id) : registrationCacheKey(id)
  return join(ssoCacheDir(env), `${key}.json`)
}

/** Every file that may hold a usable registration for `flow`, best first. */
function registrationCandidates(instance: SsoInstance, flow: LoginFlow, env: Env): string[] {
  // A newer AWS CLI keeps its PKCE client in its own file; reusing it costs nothing and breaks nobody.
  return flow === 'pkce' ? [registrationPath(instance, 'pkce', env), registrationPath(instance, 'device-code', env)] : [registrationPath(instance, flow, env)]
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
  const path = registrationPath(instance, flow, options.env)
  if (!options.forceNew) {
    for (const candidate of registrationCandidates(instance, flow, options.env)) {
      const cached = await readRegistration(candidate)
      if (cached && registrationUsable(cached, flow)) return cached
    }
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
            ...(flow === 'pkce' ? {grantTypes: PKCE_GRANT_TYPES, redirectUris: [PKCE_REDIRECT_URI], issuerUrl: instance.startUrl} : {}),
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

/** The service refused a client we had cached (unknown, expired, or not registered for this grant). */
export class ClientRefusedError extends Error {
  constructor(readonly failure: Error) {
    super(failure.message)
  }
}

/** Names with which the OIDC service refuses a client rather than the user's login. */
export function isClientRefusal(errorName: string | undefined): boolean {
  return (
    errorName === 'InvalidClientException' ||
    errorName === 'UnauthorizedClientException' ||
    errorName === 'invalid_client' ||
    errorName === 'unauthorized_client'
  )
}

/**
 * Runs one login attempt with the cached (or a new) registration; when the service refuses that
 * client, registers a new one and tries once more, so a registration another tool broke or the
 * service forgot costs a second attempt, not a failed login.
 */
export async function withRegistration<T>(
  instance: SsoInstance,
  flow: LoginFlow,
  options: {scopes?: string[]; env: Env; signal?: AbortSignal; budget?: NetworkBudget},
  attempt: (registration: ClientRegistration) => Promise<T>,
): Promise<T> {
  const first = await getRegistration(instance, flow, options)
  try {
    return await attempt(first)
  } catch (error) {
    if (!(error instanceof ClientRefusedError)) throw error
  }

  const fresh = await getRegistration(instance, flow, {...options, forceNew: true})
  try {
    return await attempt(fresh)
  } catch (error) {
    throw error instanceof ClientRefusedError ? error.failure : error
  }
}
