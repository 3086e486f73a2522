import type {LoginUi} from '../auth/ui.js'
import type {Env} from '../env.js'

import {credentialsPath, readCachedCredentials, type RoleCredentials} from '../cache/credentials-cache.js'
import {loadConfig} from '../config/load.js'
import {isFresh, loginHintFor} from '../credential-process.js'
import {disabledLog} from '../debug-log.js'
import {configFilePath} from '../paths.js'
import {type CredentialInputs, resolveCredentialSettings, type ResolvedCredentialSettings} from '../settings.js'

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
 * Role credentials exactly as credential-process gets them: the same settings table and
 * precedence, the shared role-credential cache, and the same single-flight refresh and login.
 */
export async function resolveRoleCredentials(inputs: CredentialInputs, options: RoleCredentialsOptions): Promise<ResolvedRoleCredentials> {
  const {env} = options
  const config = await loadConfig(configFilePath(env))
  const settings = resolveCredentialSettings(inputs, env, config)
  const profileRegion = inputs.profile === undefined ? undefined : config.profiles[inputs.profile]?.region || undefined
  const path = credentialsPath(
    {accountId: settings.accountId, roleName: settings.roleName, sessionName: settings.instance.sessionName, startUrl: settings.instance.startUrl},
    env,
  )
  if (!options.forceRefresh) {
    const cached = await readCachedCredentials(path)
    if (cached && isFresh(cached)) return {credentials: cached, settings, profileRegion}
  }

  const {refreshRoleCredentials} = await import('../credential-refresh.js')
  const credentials = await refreshRoleCredentials({
    settings,
    cachePath: path,
    forceRefresh: Boolean(options.forceRefresh),
    allowLogin: !options.noLogin,
    loginHint: loginHintFor(inputs, settings),
    env,
    ui: options.ui,
    log: disabledLog,
    signal: options.signal,
  })
  return {credentials, settings, profileRegion}
}
