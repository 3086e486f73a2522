import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@smithy/types'

import type {LoginUi} from '../auth/ui.js'
import type {ConfigError, LoginDeniedError, LoginRequiredError, MissingSettingsError} from '../errors.js'

import {
  cachedCredentialsWarning,
  credentialsPath,
  isFresh,
  MIN_CREDENTIAL_SECONDS,
  readCachedCredentialsSync,
  type RoleCredentials,
} from '../cache/credentials-cache.js'
import {formatExpiry} from '../cache/token-cache.js'
import {loadConfigSync} from '../config/load.js'
import {type DebugLog, disabledLog} from '../debug-log.js'
import {envFlag} from '../env.js'
import {configFilePath} from '../paths.js'
import {resolveSettingsWithConfig} from '../settings-with-config.js'
import {type CredentialInputs, type ResolvedCredentialSettings, type SettingWords} from '../settings.js'
import {shellQuote} from '../shell-quote.js'
import {type Environment, type LoginOptions, loginUiFor} from './options.js'

/** Options of {@link getCredentials} and {@link fromAwsSsoUtil}: those of `aws-sso-util credential-process`. */
export interface CredentialOptions extends CredentialInputs, LoginOptions {
  /** Never start a login: fail with a {@link LoginRequiredError} instead. Also set by `AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN`. */
  noLogin?: boolean
  /** Ignore cached role credentials and the cached token. */
  forceRefresh?: boolean
  /** Read settings, cache paths and timeouts from here instead of `process.env`. */
  env?: Environment
}

/** Role credentials, with the account they belong to. */
export interface AwsSsoCredentials extends AwsCredentialIdentity {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
  accountId: string
}

export function loginHintFor(inputs: CredentialInputs, settings: ResolvedCredentialSettings): string {
  if (inputs.profile !== undefined) return `aws-sso-util login --profile ${shellQuote(inputs.profile)}`
  return `aws-sso-util login ${shellQuote(settings.instance.startUrl)} ${settings.instance.region}`
}

/** How the credential-process command reaches its terminal and debug log. */
export interface CredentialCommandIo {
  ui?: LoginUi
  log?: DebugLog
  /** How a missing setting is named: as the commands' flags (the default) or the library's options. */
  settingWords?: SettingWords
}

// One refresh per cache file and mode in this process; other processes are held off by the lock.
const inFlight = new Map<string, Promise<RoleCredentials>>()

/**
 * Role credentials for one account and role, as `aws-sso-util credential-process` gets them:
 * cached role credentials with more than 15 minutes left are returned without a network call;
 * otherwise, under a cross-process lock shared with the CLI, the token is used (refreshed, or a
 * login started unless `noLogin`) to call GetRoleCredentials, and the result is cached where AWS
 * CLI v2 keeps it. Concurrent calls in one process share one refresh.
 *
 * Rejects with {@link MissingSettingsError} (a {@link ConfigError}) when settings are missing, with {@link ConfigError} when they are invalid.
 * Rejects with {@link LoginRequiredError} when a login is needed and not allowed or not possible.
 * Rejects with {@link LoginDeniedError} when the user denied the login or let it expire.
 */
export async function getCredentials(options: CredentialOptions = {}): Promise<AwsSsoCredentials> {
  return getCredentialsWith({settingWords: 'options'}, options)
}

/**
 * getCredentials with a command's terminal, debug log and wording: credential-process, exec,
 * export, console and serve run this.
 *
 * @internal
 */
export async function getCredentialsWith(io: CredentialCommandIo, options: CredentialOptions): Promise<AwsSsoCredentials> {
  const env = options.env ?? process.env
  const log = io.log ?? disabledLog
  options.signal?.throwIfAborted()
  const config = loadConfigSync(configFilePath(env))
  const settings = resolveSettingsWithConfig(options, env, config, io.settingWords)
  log.log('resolved settings', settings)
  const ref = {
    accountId: settings.accountId,
    roleName: settings.roleName,
    sessionName: settings.instance.sessionName,
    startUrl: settings.instance.startUrl,
  }
  const path = credentialsPath(ref, env)
  const forceRefresh = Boolean(options.forceRefresh)
  if (!forceRefresh) {
    const cached = readCachedCredentialsSync(path)
    if (cached && isFresh(cached)) {
      log.log('cached role credentials are fresh', {path, expiration: cached.Expiration})
      const warning = cachedCredentialsWarning(path)
      if (warning) loginUiFor(settings.instance, options, io).write(warning)
      return toIdentity(cached, settings.accountId)
    }

    log.log(cached ? 'cached role credentials expire too soon' : 'no cached role credentials', {path})
  }

  const key = `${forceRefresh ? 'force' : 'fresh'} ${path}`
  let flight = inFlight.get(key)
  if (flight) {
    log.log('joining a refresh already running in this process')
  } else {
    flight = (async () => {
      const {fetchRoleCredentials} = await import('../fetch-role-credentials.js')
      return fetchRoleCredentials({
        settings,
        cachePath: path,
        forceRefresh,
        allowLogin: !(options.noLogin || envFlag(env.AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN)),
        loginHint: loginHintFor(options, settings),
        env,
        ui: loginUiFor(settings.instance, options, io),
        signal: options.signal,
        log,
      })
    })().finally(() => inFlight.delete(key))
    inFlight.set(key, flight)
  }

  return toIdentity(await flight, settings.accountId)
}

function toIdentity(creds: RoleCredentials, accountId: string): AwsSsoCredentials {
  return {
    accessKeyId: creds.AccessKeyId,
    secretAccessKey: creds.SecretAccessKey,
    sessionToken: creds.SessionToken,
    expiration: new Date(creds.Expiration),
    accountId: creds.AccountId ?? accountId,
  }
}

/** The `Expiration` field of the credential_process format, as botocore writes it. */
export function processExpiration(creds: AwsSsoCredentials): string {
  return formatExpiry(creds.expiration)
}

/** Whether credentials already in memory may be handed out again: the cache's 15-minute rule. */
export function freshInMemory(credentials: AwsSsoCredentials | undefined, now = Date.now()): credentials is AwsSsoCredentials {
  return credentials !== undefined && credentials.expiration.getTime() - now > MIN_CREDENTIAL_SECONDS * 1000
}

/**
 * An AWS SDK for JavaScript v3 credential provider: `new STSClient({credentials: fromAwsSsoUtil({profile: 'dev'})})`.
 *
 * Credentials come in-process, from the same caches, locks and logins as the CLI and AWS CLI v2
 * (see {@link getCredentials}); they carry `expiration`, so the SDK asks again in time. Calls made
 * while one is running share its promise, across every provider in the process.
 */
export function fromAwsSsoUtil(options: CredentialOptions = {}): AwsCredentialIdentityProvider {
  let last: AwsSsoCredentials | undefined
  let pending: Promise<AwsSsoCredentials> | undefined
  return async () => {
    // The SDK memoizes per client; this spares other callers of the same provider the file read.
    if (!options.forceRefresh && freshInMemory(last)) return last
    pending ??= getCredentials(options).finally(() => {
      pending = undefined
    })
    last = await pending
    return last
  }
}
