/**
 * STS through the SDK's client: GetCallerIdentity (`status --check`) and AssumeRole (profiles
 * that chain a role from one of ours). The SDK is loaded on first use only, and every call has
 * the connect, request and total bounds of the portal's calls.
 */
import type * as StsSdk from '@aws-sdk/client-sts'

import {createRequire} from 'node:module'

import type {Env} from '../env.js'

import {toAppError} from '../aws-errors.js'
import {AwsServiceError} from '../errors.js'
import {bounded, checkEndpointUrl, networkLimits, requestHandlerOptions} from '../network.js'
import {quietSdkNodeWarning} from '../portal.js'

/** The key triple STS signs with; RoleCredentials and the library's credentials both carry it. */
export interface SigningCredentials {
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken: string
}

export interface CallerIdentity {
  account: string
  arn: string
  userId: string
}

export interface StsCallOptions {
  /** The region whose STS endpoint answers. */
  region: string
  env: Env
  signal?: AbortSignal
}

let sdk: typeof StsSdk | undefined

function loadSdk(): typeof StsSdk {
  quietSdkNodeWarning()
  sdk ??= createRequire(import.meta.url)('@aws-sdk/client-sts') as typeof StsSdk
  return sdk
}

/** The endpoint variable the SDK would honour, read from the env we were given (tests and library callers inject one). */
function configuredEndpoint(env: Env): string | undefined {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim() ?? '')) return undefined
  return env.AWS_ENDPOINT_URL_STS?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined
}

/** Where STS calls for this region go, for messages: China's regions are under amazonaws.com.cn. */
export function stsEndpoint(region: string, env: Env): string {
  return configuredEndpoint(env) ?? `https://sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`
}

async function call<T>(
  what: string,
  creds: SigningCredentials,
  options: StsCallOptions,
  send: (client: StsSdk.STSClient, sdk: typeof StsSdk, abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  checkEndpointUrl(options.env, ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'])
  const limits = networkLimits(options.env)
  const loaded = loadSdk()
  // The SDK picks the partition's endpoint (amazonaws.com.cn in China) unless one is configured.
  const client = new loaded.STSClient({
    region: options.region,
    endpoint: configuredEndpoint(options.env),
    maxAttempts: 1,
    requestHandler: requestHandlerOptions(limits),
    credentials: {accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken},
  })
  try {
    return await bounded((abortSignal) => send(client, loaded, abortSignal), {limits, signal: options.signal})
  } catch (error) {
    if (options.signal?.aborted && error === options.signal.reason) throw error
    throw toAppError(error, `STS ${what}`, stsEndpoint(options.region, options.env), [creds.SecretAccessKey, creds.SessionToken])
  } finally {
    client.destroy()
  }
}

/** STS GetCallerIdentity with these credentials: who AWS says they are. */
export async function getCallerIdentity(creds: SigningCredentials, options: StsCallOptions): Promise<CallerIdentity> {
  const out = await call('GetCallerIdentity', creds, options, (client, {GetCallerIdentityCommand}, abortSignal) =>
    client.send(new GetCallerIdentityCommand({}), {abortSignal}),
  )
  if (!out.Arn || !out.Account || !out.UserId) throw new AwsServiceError('STS GetCallerIdentity answered without an identity.')
  return {account: out.Account, arn: out.Arn, userId: out.UserId}
}

export interface AssumeRoleRequest {
  roleArn: string
  sessionName: string
  externalId?: string
  durationSeconds?: number
}

export interface AssumedCredentials extends SigningCredentials {
  /** ISO 8601 (UTC). */
  Expiration: string
}

/** STS AssumeRole with these credentials: the role's temporary credentials. */
export async function assumeRole(creds: SigningCredentials, request: AssumeRoleRequest, options: StsCallOptions): Promise<AssumedCredentials> {
  const out = await call('AssumeRole', creds, options, (client, {AssumeRoleCommand}, abortSignal) =>
    client.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        ExternalId: request.externalId,
        DurationSeconds: request.durationSeconds,
      }),
      {abortSignal},
    ),
  )
  const c = out.Credentials
  const expiration = c?.Expiration instanceof Date && !Number.isNaN(c.Expiration.getTime()) ? c.Expiration : undefined
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !expiration) {
    throw new AwsServiceError(`STS AssumeRole for ${request.roleArn} answered without credentials.`)
  }

  return {AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: expiration.toISOString()}
}
