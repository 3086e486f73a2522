/**
 * The IAM Identity Center portal API. The SDK is imported on first use only: credential-process
 * must not pay for it when its cache answers.
 */
import type * as SsoSdk from '@aws-sdk/client-sso'

import {createRequire} from 'node:module'

import {errorName, toAppError, withRetries} from './aws-errors.js'
import {credentialShapeProblem} from './credential-shape.js'
import {AuthenticationError, AwsServiceError} from './errors.js'
import {bounded, checkEndpointUrl, type NetworkBudget, networkLimits, requestHandlerOptions} from './network.js'
import {serviceOrigin} from './partitions.js'

export interface PortalCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
}

export interface Account {
  accountId: string
  accountName: string
  emailAddress?: string
}

/** Ctrl-C and a caller's total budget reach every portal request. */
export interface CallBounds {
  signal?: AbortSignal
  budget?: NetworkBudget
}

/** The portal no longer accepts the token (expired server-side, revoked, logged out). */
export class TokenRejectedError extends AuthenticationError {}

const clients = new Map<string, SsoSdk.SSOClient>()
let sdk: typeof SsoSdk | undefined

/**
 * The SDK's CommonJS build, loaded on first use: it starts markedly faster than its ESM graph, and
 * this is the cache-miss path of credential-process.
 */
function loadSdk(): typeof SsoSdk {
  quietSdkNodeWarning()
  // Inside the CommonJS bundle of the fast path `require` exists and import.meta does not.
  // eslint-disable-next-line no-undef, unicorn/prefer-module
  const load = typeof require === 'function' ? require : createRequire(import.meta.url)
  sdk ??= load('@aws-sdk/client-sso') as typeof SsoSdk
  return sdk
}

/**
 * The SDK warns on stderr, once per process, that its future releases need Node 22. We support Node
 * 20; in credential-process that text would land in every SDK's error output. A user's own setting wins.
 */
export function quietSdkNodeWarning(env: Record<string, string | undefined> = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
}

async function client(region: string): Promise<SsoSdk.SSOClient> {
  checkEndpointUrl(process.env, ['AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL'])
  const limits = networkLimits()
  // The SDK fixes the endpoint when the client is made; a changed endpoint variable needs a new one.
  const key = `${region} ${portalEndpoint(region)} ${limits.requestTimeoutMs}`
  let existing = clients.get(key)
  if (!existing) {
    const {SSOClient} = loadSdk()
    // Retries are ours (bounded, jittered); the SDK's own would multiply them.
    existing = new SSOClient({region, maxAttempts: 1, requestHandler: requestHandlerOptions(limits)})
    clients.set(key, existing)
  }

  return existing
}

export function portalEndpoint(region: string, env: Record<string, string | undefined> = process.env): string {
  // As the SDK client decides: the configured endpoint unless told to ignore it, else the region's.
  const ignoreConfigured = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim() ?? '')
  const configured = ignoreConfigured ? undefined : (env.AWS_ENDPOINT_URL_SSO ?? env.AWS_ENDPOINT_URL)
  return configured?.trim() || serviceOrigin('portal.sso', region)
}

/** `accessToken` goes with every portal call as a header, so it is masked in any error that quotes it. */
async function call<T>(what: string, region: string, bounds: CallBounds & {accessToken: string}, fn: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const limits = networkLimits()
  try {
    return await withRetries(() => bounded(fn, {limits, signal: bounds.signal, budget: bounds.budget}), {budget: bounds.budget})
  } catch (error) {
    if (bounds.signal?.aborted && error === bounds.signal.reason) throw error
    if (errorName(error) === 'UnauthorizedException') {
      throw new TokenRejectedError(`The IAM Identity Center token was rejected by ${what} (it expired or was revoked).`, {cause: error})
    }

    throw toAppError(error, what, portalEndpoint(region), [bounds.accessToken])
  }
}

export async function getRoleCredentials(
  args: CallBounds & {
    accessToken: string
    accountId: string
    region: string
    roleName: string
  },
): Promise<PortalCredentials> {
  const sso = await client(args.region)
  const {GetRoleCredentialsCommand} = loadSdk()
  const out = await call('GetRoleCredentials', args.region, args, (abortSignal) =>
    sso.send(new GetRoleCredentialsCommand({accessToken: args.accessToken, accountId: args.accountId, roleName: args.roleName}), {abortSignal}),
  )
  const creds = out.roleCredentials
  if (!creds?.accessKeyId || !creds.secretAccessKey || !creds.sessionToken || !creds.expiration) {
    throw toAppError(new Error('the response lacked credentials'), 'GetRoleCredentials')
  }

  const expiration = new Date(Number(creds.expiration))
  const problem = Number.isNaN(expiration.getTime())
    ? 'expiration'
    : credentialShapeProblem({
        AccessKeyId: creds.accessKeyId,
        SecretAccessKey: creds.secretAccessKey,
        SessionToken: creds.sessionToken,
        Expiration: expiration.toISOString(),
      })
  if (problem) {
    throw new AwsServiceError(
      `GetRoleCredentials at ${portalEndpoint(args.region)} answered with a ${problem} that is not in the shape AWS issues; the credentials were not used.`,
    )
  }

  return {accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken, expiration}
}

/**
 * ListAccounts one page at a time (the portal returns at most 100 per call); each call has the
 * bounded, jittered retries of every portal call, so a throttled page is asked again, not lost.
 *
 * @yields The accounts of one page.
 */
export async function* accountPages(args: CallBounds & {accessToken: string; region: string}): AsyncGenerator<Account[]> {
  const sso = await client(args.region)
  const {ListAccountsCommand} = loadSdk()
  let nextToken: string | undefined
  do {
    args.signal?.throwIfAborted()
    const page = await call('ListAccounts', args.region, args, (abortSignal) =>
      sso.send(new ListAccountsCommand({accessToken: args.accessToken, maxResults: 100, nextToken}), {abortSignal}),
    )
    const accounts: Account[] = []
    for (const a of page.accountList ?? []) {
      if (a.accountId) accounts.push({accountId: a.accountId, accountName: a.accountName ?? a.accountId, emailAddress: a.emailAddress})
    }

    yield accounts
    nextToken = page.nextToken
  } while (nextToken)
}

/**
 * ListAccountRoles one page at a time, with the same retries.
 *
 * @yields The role names of one page.
 */
export async function* accountRolePages(
  args: CallBounds & {
    accessToken: string
    accountId: string
    region: string
  },
): AsyncGenerator<string[]> {
  const sso = await client(args.region)
  const {ListAccountRolesCommand} = loadSdk()
  let nextToken: string | undefined
  do {
    args.signal?.throwIfAborted()
    const page = await call('ListAccountRoles', args.region, args, (abortSignal) =>
      sso.send(new ListAccountRolesCommand({accessToken: args.accessToken, accountId: args.accountId, maxResults: 100, nextToken}), {abortSignal}),
    )
    const roles: string[] = []
    for (const r of page.roleList ?? []) if (r.roleName) roles.push(r.roleName)
    yield roles
    nextToken = page.nextToken
  } while (nextToken)
}

/** Ends the session server-side. A token the portal already rejects is as good as logged out. */
export async function portalLogout(args: CallBounds & {accessToken: string; region: string}): Promise<void> {
  const sso = await client(args.region)
  const {LogoutCommand} = loadSdk()
  try {
    await call('Logout', args.region, args, (abortSignal) => sso.send(new LogoutCommand({accessToken: args.accessToken}), {abortSignal}))
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error
  }
}
