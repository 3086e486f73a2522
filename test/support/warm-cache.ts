import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {ACCOUNT_ID, legacyProfile, ROLE_NAME, START_URL, writeConfig} from './sso.js'

export interface WarmCache {
  profile: string
  cacheFile: string
  /** The exact line credential-process must print for these credentials. */
  expectedLine: string
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * A home with a legacy SSO profile and role credentials cached as AWS CLI v2 caches them, valid
 * for an hour: the state in which credential-process must answer from the cache alone.
 */
export function writeWarmCache(home: string, profile = 'warm'): WarmCache {
  writeConfig(home, legacyProfile(profile))
  const creds = {
    AccessKeyId: 'ASIAWARMCACHEEXAMPLE',
    SecretAccessKey: 'warm-secret-access-key',
    SessionToken: 'warm-session-token',
    Expiration: isoSeconds(new Date(Date.now() + 3600 * 1000)),
  }
  const dir = join(home, '.aws', 'cli', 'cache')
  mkdirSync(dir, {recursive: true, mode: 0o700})
  const cacheFile = join(dir, `${roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, startUrl: START_URL})}.json`)
  writeFileSync(cacheFile, JSON.stringify({ProviderType: 'sso', Credentials: creds}), {mode: 0o600})
  const expectedLine = JSON.stringify({Version: 1, ...creds, AccountId: ACCOUNT_ID}) + '\n'
  return {profile, cacheFile, expectedLine}
}
