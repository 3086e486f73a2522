import {existsSync} from 'node:fs'

import type {LoginUi} from '../auth/ui.js'
import type {Env} from '../env.js'

import {type AwsSsoCredentials, freshInMemory, getCredentialsWith, loginHintFor} from '../api/credentials.js'
import {tokenPath} from '../cache/token-cache.js'
import {loadConfigSync} from '../config/load.js'
import {LoginRequiredError} from '../errors.js'
import {assumeChain, chainedRoleSettings, type RoleChain} from '../everyday/role-chain.js'
import {configFilePath} from '../paths.js'
import {type CredentialInputs, type ResolvedCredentialSettings} from '../settings.js'

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
 * Role credentials for one account and role, for serve, which keeps running: answered from memory
 * while more than 15 minutes remain, else through the library's getCredentials (shared cache, lock,
 * in-process single flight).
 *
 * A logout (ours, or `aws sso logout`) removes the instance's token file. Once the token file was
 * seen and is gone, nothing is answered, from memory or the cache, and no login is started by a
 * request: the user ended the session. A new login writes the file again and serving resumes.
 */
export class RoleSource {
  /** The name requests use for it: the profile, or account/role. */
  readonly profile: string
  readonly settings: ResolvedCredentialSettings
  private current: AwsSsoCredentials | undefined
  private sawToken = false
  private forceRefresh: boolean
  private readonly options: RoleSourceOptions
  /** Set for a profile that assumes a role from one of ours. */
  private readonly chain: RoleChain | undefined
  private readonly rootInputs: CredentialInputs
  private readonly stsRegion: string

  /** Resolves the settings now, so that a typo fails at start with exit 2, not at the first request. */
  constructor(options: RoleSourceOptions) {
    this.options = options
    this.forceRefresh = options.forceRefresh === true
    const config = loadConfigSync(configFilePath(options.env))
    const resolved = chainedRoleSettings(config, options.inputs, options.env)
    this.chain = resolved.chain
    this.rootInputs = resolved.rootInputs
    this.settings = resolved.settings
    this.stsRegion = resolved.stsRegion
    this.profile = options.inputs.profile ?? `${this.settings.accountId}/${this.settings.roleName}`
  }

  async get(now = Date.now()): Promise<AwsSsoCredentials> {
    this.checkNotLoggedOut()
    if (freshInMemory(this.current, now)) return this.current
    const {forceRefresh} = this
    this.forceRefresh = false
    const {env} = this.options
    const root = await getCredentialsWith({ui: this.options.ui}, {...this.rootInputs, noLogin: !this.options.allowLogin, forceRefresh, env})
    this.current = this.chain ? await assumeChain(root, this.chain, {env, region: this.stsRegion}) : root
    // A logout that ran while the fetch was in flight wins over what it returned.
    this.checkNotLoggedOut()
    return this.current
  }

  private checkNotLoggedOut(): void {
    const present = existsSync(tokenPath(this.settings.instance, this.options.env))
    if (present) {
      this.sawToken = true
      return
    }

    if (!this.sawToken) return
    this.current = undefined
    throw new LoginRequiredError(`Logged out. Run \`${loginHintFor(this.options.inputs, this.settings)}\` to serve credentials again.`)
  }
}
