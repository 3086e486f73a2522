import type {ConfigError} from '../errors.js'

import {instancesInConfig, LIBRARY_CHOICE_WORDS, LOGIN_START_URL_VARS, sameInstance, selectInstance} from '../auth/instances.js'
import {logoutAll, logoutInstance} from '../auth/logout.js'
import {loadConfig} from '../config/load.js'
import {firstEnv} from '../env.js'
import {configFilePath} from '../paths.js'
import {type CommandIo, instanceDescription, type InstanceDescription, type InstanceOptions} from './options.js'

/** Options of {@link logout}. */
export interface LogoutOptions extends InstanceOptions {
  /** Every cached session and every SSO role credential file, as `aws sso logout` does. */
  all?: boolean
  /** Stops the server call (Ctrl-C). */
  signal?: AbortSignal
}

/** What {@link logout} removed, and what it could not do. */
export interface LogoutOutcome {
  /** The instance logged out of; absent with `all`. */
  instance?: InstanceDescription
  /** Token files removed from `~/.aws/sso/cache`. */
  tokenFiles: string[]
  /** SSO role-credential files removed from `~/.aws/cli/cache`. */
  credentialFiles: string[]
  /**
   * Sessions the portal could not be told to end (network, service error). The local files are
   * removed anyway and the session ends when its token expires; the CLI exits 4 when this is not empty.
   */
  failures: string[]
  /** The exit code of the first failure: 5 when the server could not be reached, 4 when it refused. */
  failureExitCode?: number
}

/**
 * Logs out as `aws-sso-util logout` does: ends the session on the server, then removes the
 * instance's token and the SSO role credentials cached for it (those of the profiles that use it,
 * or all of them when the config has no other instance). Client registrations are kept. With
 * several instances in the config and none chosen, logs out of every cached session as `all` does.
 *
 * Rejects with {@link ConfigError} when the options name no instance and the config has none.
 */
export async function logout(options: LogoutOptions = {}): Promise<LogoutOutcome> {
  return logoutWith({choiceWords: {...LIBRARY_CHOICE_WORDS, all: 'the option all'}}, options)
}

/**
 * logout with a command's wording: `aws-sso-util logout` runs this.
 *
 * @internal
 */
export async function logoutWith(io: CommandIo, options: LogoutOptions): Promise<LogoutOutcome> {
  const env = options.env ?? process.env
  if (options.all) return logoutAll({env, signal: options.signal})
  const config = await loadConfig(configFilePath(env))
  const chosen = options.profile !== undefined || options.ssoSession !== undefined || Boolean(options.startUrl) || firstEnv(env, LOGIN_START_URL_VARS)
  // aws-sso-util 4.33's logout took no choice and ended every session: with several instances
  // configured and none chosen, that is still what a bare `logout` does.
  if (!chosen && instancesInConfig(config).length > 1) return logoutAll({env, signal: options.signal})
  const instance = selectInstance(
    {profile: options.profile, ssoSession: options.ssoSession, startUrl: options.startUrl, region: options.region, words: io.choiceWords},
    env,
    config,
  )
  const configured = instancesInConfig(config)
  const result = await logoutInstance(instance, {
    env,
    roles: configured.find((c) => sameInstance(c.instance, instance))?.roles,
    // Nothing else could have written SSO role credentials here, as far as the config tells.
    allSsoCredentials: configured.every((c) => sameInstance(c.instance, instance)),
    signal: options.signal,
  })
  return {instance: instanceDescription(instance), ...result}
}
