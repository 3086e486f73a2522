import type {LoginUi} from '../auth/ui.js'
import type {RoleCredentials} from '../cache/credentials-cache.js'
import type {Env} from '../env.js'

import {loadConfig} from '../config/load.js'
import {configFilePath} from '../paths.js'
import {type CredentialInputs, type ResolvedCredentialSettings} from '../settings.js'
import {assumeChain, chainedRoleSettings} from './role-chain.js'

export interface RoleCredentialsOptions {
  env: Env
  /** Where login instructions go (stderr of the command). */
  ui: LoginUi
  forceRefresh?: boolean
  /** Never start a login; fail with the login command instead. */
  noLogin?: boolean
  /** Aborts the refresh and any login (Ctrl-C). */
  signal?: AbortSignal
}

export interface ResolvedRoleCredentials {
  credentials: RoleCredentials
  settings: ResolvedCredentialSettings
  /** The profile's `region`, when it has one: the region a child process should use. */
  profileRegion?: string
}

/**
 * Role credentials through the library's `getCredentials`, the function credential-process and
 * `fromAwsSsoUtil` use: the same settings, caches, warnings, single flight and login. The
 * settings are resolved here too, for what the commands add (a label, the profile's region).
 */
export async function resolveRoleCredentials(inputs: CredentialInputs, options: RoleCredentialsOptions): Promise<ResolvedRoleCredentials> {
  const {env} = options
  const config = await loadConfig(configFilePath(env))
  // A profile that assumes a role starts from its root profile's IAM Identity Center credentials.
  const {chain, rootInputs, settings, stsRegion} = chainedRoleSettings(config, inputs, env)
  const profileRegion = inputs.profile === undefined ? undefined : config.profiles[inputs.profile]?.region || undefined
  const {getCredentialsWith, processExpiration} = await import('../api/credentials.js')
  const rootIdentity = await getCredentialsWith(
    {ui: options.ui},
    {...rootInputs, env, forceRefresh: options.forceRefresh, noLogin: options.noLogin, signal: options.signal},
  )
  const identity = chain ? await assumeChain(rootIdentity, chain, {env, region: stsRegion, signal: options.signal}) : rootIdentity
  const credentials: RoleCredentials = {
    AccessKeyId: identity.accessKeyId,
    SecretAccessKey: identity.secretAccessKey,
    SessionToken: identity.sessionToken,
    Expiration: processExpiration(identity),
    AccountId: identity.accountId,
  }
  return {credentials, settings, profileRegion}
}
