import type {LoginUi} from '../auth/ui.js'
import type {Env} from '../env.js'

import {type AwsSsoCredentials, getCredentialsWith} from '../api/credentials.js'
import {MIN_CREDENTIAL_SECONDS} from '../cache/credentials-cache.js'
import {loadConfigSync} from '../config/load.js'
import {configFilePath} from '../paths.js'
import {type CredentialInputs, resolveCredentialSettings, type ResolvedCredentialSettings} from '../settings.js'

export interface RoleSourceOptions {
  /** Which role: a profile, or flags and env as credential-process takes them. */
  inputs: CredentialInputs
  allowLogin: boolean
  /** The first fetch ignores cached credentials and a cached token (a new login). */
  forceRefresh?: boolean
  env: Env
  ui?: LoginUi
}

/**
 * Role credentials for one account and role, for a command that keeps running (serve) or needs
 * the resolved settings beside them (console): answered from memory while more than 15 minutes
 * remain, else through the library's getCredentials (shared cache, lock, in-process single flight).
 */
export class RoleSource {
  /** The name requests use for it: the profile, or account/role. */
  readonly profile: string
  readonly settings: ResolvedCredentialSettings
  private current: AwsSsoCredentials | undefined
  private forceRefresh: boolean
  private readonly options: RoleSourceOptions
  private readonly profileValues: Record<string, string> | undefined

  /** Resolves the settings now, so that a typo fails at start with exit 2, not at the first request. */
  constructor(options: RoleSourceOptions) {
    this.options = options
    this.forceRefresh = options.forceRefresh === true
    const config = loadConfigSync(configFilePath(options.env))
    this.settings = resolveCredentialSettings(options.inputs, options.env, config)
    this.profileValues = options.inputs.profile === undefined ? undefined : config.profiles[options.inputs.profile]
    this.profile = options.inputs.profile ?? `${this.settings.accountId}/${this.settings.roleName}`
  }

  /** The profile's own `region` key, for things that default to it (the console's region). */
  profileRegion(): string | undefined {
    return this.profileValues?.region?.trim() || undefined
  }

  async get(now = Date.now()): Promise<AwsSsoCredentials> {
    if (this.current && this.current.expiration.getTime() - now > MIN_CREDENTIAL_SECONDS * 1000) return this.current
    const {forceRefresh} = this
    this.forceRefresh = false
    this.current = await getCredentialsWith(
      {ui: this.options.ui},
      {...this.options.inputs, noLogin: !this.options.allowLogin, forceRefresh, env: this.options.env},
    )
    return this.current
  }
}
