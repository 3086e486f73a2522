/**
 * The SDK is loaded on first use only: importing the auth code must stay cheap for
 * credential-process, which needs none of it while its caches answer.
 */
import type * as OidcSdk from '@aws-sdk/client-sso-oidc'

import type {Env} from './ui.js'

import {errorName, isNetworkError, toAppError} from '../aws-errors.js'
import {AppError, AwsServiceError} from '../errors.js'
import {bounded, checkEndpointUrl, type NetworkBudget, networkLimits, requestHandlerOptions} from '../network.js'
import {serviceOrigin} from '../partitions.js'
import {cleanServerText} from '../server-text.js'
import {abortReason} from '../sleep.js'

let sdk: Promise<typeof OidcSdk> | undefined
const clients = new Map<string, OidcSdk.SSOOIDCClient>()

export function loadOidcSdk(): Promise<typeof OidcSdk> {
  sdk ??= import('@aws-sdk/client-sso-oidc')
  return sdk
}

/**
 * No endpoint is passed: the SDK reads AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL itself.
 * The operations are noAuth, so the client never looks for AWS credentials.
 */
export async function oidcClient(region: string): Promise<OidcSdk.SSOOIDCClient> {
  checkEndpointUrl(process.env, ['AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL'])
  const limits = networkLimits()
  // The SDK fixes the endpoint when the client is made; a process whose env changes needs a new one.
  const key = [
    region,
    process.env.AWS_ENDPOINT_URL_SSO_OIDC,
    process.env.AWS_ENDPOINT_URL,
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS,
    limits.requestTimeoutMs,
  ].join('|')
  let client = clients.get(key)
  if (!client) {
    const {SSOOIDCClient} = await loadOidcSdk()
    client = new SSOOIDCClient({region, requestHandler: requestHandlerOptions(limits)})
    clients.set(key, client)
  }

  return client
}

/** One OIDC request inside the connect, request and budget bounds (see network.ts). */
export function oidcSend<T>(send: (abortSignal: AbortSignal) => Promise<T>, options: {signal?: AbortSignal; budget?: NetworkBudget}): Promise<T> {
  return bounded(send, {limits: networkLimits(), signal: options.signal, budget: options.budget})
}

/** The scheme, host and port `/authorize` lives on, as AWS CLI v2 derives it (any path dropped). */
export function oidcOrigin(region: string, env: Env): string {
  const ignoreConfigured = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim() ?? '')
  const configured = ignoreConfigured ? undefined : (env.AWS_ENDPOINT_URL_SSO_OIDC ?? env.AWS_ENDPOINT_URL)
  const endpoint = configured?.trim() || serviceOrigin('oidc', region)
  try {
    return new URL(endpoint).origin
  } catch {
    return endpoint.replace(/\/+$/, '')
  }
}

export function oidcErrorName(error: unknown): string {
  return errorName(error)
}

/** OIDC errors carry their text in `error_description`; the SDK's message is often just the code. */
export function oidcErrorText(error: unknown, secrets: Iterable<string | undefined> = []): string {
  const e = error as {error_description?: unknown; message?: unknown}
  const text = typeof e?.error_description === 'string' && e.error_description ? e.error_description : e?.message
  return cleanServerText(typeof text === 'string' && text ? text : String(error), secrets)
}

/** One place that turns an SDK failure into the error the user sees, Ctrl-C first. */
export function oidcFailure(
  error: unknown,
  operation: string,
  region: string,
  env: Env,
  signal?: AbortSignal,
  secrets: Iterable<string | undefined> = [],
): Error {
  if (signal?.aborted) return abortReason(signal)
  const what = `IAM Identity Center ${operation}`
  if (error instanceof AppError || isNetworkError(error)) return toAppError(error, what, oidcOrigin(region, env))
  return new AwsServiceError(`${what} failed: ${cleanServerText(errorName(error) || 'Error')}: ${oidcErrorText(error, secrets)}`, {cause: error})
}
