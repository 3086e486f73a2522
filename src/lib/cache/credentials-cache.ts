import {dirname, join} from 'node:path'

import type {Env} from '../env.js'

import {credentialShapeProblem} from '../credential-shape.js'
import {cliCacheDir} from '../paths.js'
import {roleCredentialsCacheKey} from './cache-keys.js'
import {parseJsonObject, readJsonObject, readPrivateTextSync, untrustedDirReason, writeJsonAtomic} from './secure-file.js'

export interface RoleCredentials {
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken: string
  /** ISO 8601, `…Z` without fractions, as botocore writes it. */
  Expiration: string
  AccountId?: string
}

/** botocore re-runs a helper whose credentials have less than this left, on every access. */
export const MIN_CREDENTIAL_SECONDS = 15 * 60

export function isFresh(creds: RoleCredentials, now = Date.now(), minSeconds = MIN_CREDENTIAL_SECONDS): boolean {
  return Date.parse(creds.Expiration) - now > minSeconds * 1000
}

export interface RoleRef {
  accountId: string
  roleName: string
  sessionName?: string
  startUrl: string
}

export function credentialsPath(ref: RoleRef, env: Env = process.env): string {
  return join(cliCacheDir(env), `${roleCredentialsCacheKey(ref)}.json`)
}

/** The body AWS CLI v2 writes, so that `aws` and we serve each other's cached credentials. */
export async function readCachedCredentials(path: string): Promise<RoleCredentials | undefined> {
  return credentialsFromBody(await readJsonObject(path))
}

/** The warm path: a synchronous read of a small file beats a trip through the thread pool. */
export function readCachedCredentialsSync(path: string): RoleCredentials | undefined {
  const text = readPrivateTextSync(path)
  return text === undefined ? undefined : credentialsFromBody(parseJsonObject(text))
}

/** A warning line to print before serving credentials read from `path`, when its directory is not private. */
export function cachedCredentialsWarning(path: string): string | undefined {
  const dir = dirname(path)
  const reason = untrustedDirReason(dir)
  return reason ? `Warning: the credential cache ${dir} ${reason}.` : undefined
}

function credentialsFromBody(body: Record<string, unknown> | undefined): RoleCredentials | undefined {
  const creds = body?.Credentials as Record<string, unknown> | undefined
  if (!creds || typeof creds !== 'object') return undefined
  for (const field of ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']) {
    if (typeof creds[field] !== 'string' || creds[field] === '') return undefined
  }

  const {AccessKeyId, SecretAccessKey, SessionToken, Expiration, AccountId} = creds as Record<string, string>
  const found: RoleCredentials = {AccessKeyId, SecretAccessKey, SessionToken, Expiration}
  // Anyone who can write the cache directory could plant a file: one that AWS did not shape counts as absent.
  if (credentialShapeProblem(found)) return undefined
  if (AccountId !== undefined) {
    if (typeof AccountId !== 'string' || !/^\d{12}$/.test(AccountId)) return undefined
    found.AccountId = AccountId
  }

  return found
}

export async function writeCachedCredentials(path: string, creds: RoleCredentials): Promise<void> {
  await writeJsonAtomic(path, {ProviderType: 'sso', Credentials: creds})
}
