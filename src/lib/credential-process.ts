import {type RoleCredentials, credentialsPath, readCachedCredentialsSync} from './cache/credentials-cache.js'
import {loadConfigSync} from './config/load.js'
import {type DebugLog, disabledLog, openDebugLog} from './debug-log.js'
import {exitCodeOf, oneLine} from './errors.js'
import {configFilePath, debugLogPath} from './paths.js'
import {type CredentialInputs, envFlag, resolveCredentialSettings, type ResolvedCredentialSettings} from './settings.js'

/**
 * credential-process from parsed inputs to exit code. Both the slim entry and the oclif command
 * call this; only the cache-miss branch loads the lock, the SDK and the login code.
 */
export interface CredentialProcessInputs extends CredentialInputs {
  forceRefresh?: boolean
  noLogin?: boolean
  debug?: boolean
}

export interface ProcessIo {
  env: Record<string, string | undefined>
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Whether a person can see what we write: a terminal on stderr or a controlling terminal. */
  interactive: boolean
}

/** botocore re-runs a helper whose credentials have less than this left, on every access. */
export const MIN_CREDENTIAL_SECONDS = 15 * 60

/** The stdout contract: one compact JSON line in this key order, nothing else. */
export function formatProcessOutput(creds: RoleCredentials, accountId: string): string {
  return (
    JSON.stringify({
      Version: 1,
      AccessKeyId: creds.AccessKeyId,
      SecretAccessKey: creds.SecretAccessKey,
      SessionToken: creds.SessionToken,
      Expiration: creds.Expiration,
      AccountId: creds.AccountId ?? accountId,
    }) + '\n'
  )
}

export function isFresh(creds: RoleCredentials, now = Date.now(), minSeconds = MIN_CREDENTIAL_SECONDS): boolean {
  return Date.parse(creds.Expiration) - now > minSeconds * 1000
}

export function loginHintFor(inputs: CredentialInputs, settings: ResolvedCredentialSettings): string {
  if (inputs.profile !== undefined) return `aws-sso-util login --profile ${shellQuote(inputs.profile)}`
  return `aws-sso-util login ${shellQuote(settings.instance.startUrl)} ${settings.instance.region}`
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", String.raw`'\''`)}'`
}

export async function runCredentialProcess(inputs: CredentialProcessInputs, io: ProcessIo): Promise<number> {
  const debug = inputs.debug || envFlag(io.env.AWS_SSO_CREDENTIAL_PROCESS_DEBUG)
  const log: DebugLog = debug ? openDebugLog(debugLogPath(io.env)) : disabledLog
  log.log('credential-process starting', {
    profile: inputs.profile,
    startUrl: inputs.startUrl,
    region: inputs.region,
    accountId: inputs.accountId,
    roleName: inputs.roleName,
    forceRefresh: inputs.forceRefresh,
  })
  try {
    const config = loadConfigSync(configFilePath(io.env))
    const settings = resolveCredentialSettings(inputs, io.env, config)
    log.log('resolved settings', settings)
    const ref = {
      accountId: settings.accountId,
      roleName: settings.roleName,
      sessionName: settings.instance.sessionName,
      startUrl: settings.instance.startUrl,
    }
    const path = credentialsPath(ref, io.env)
    if (!inputs.forceRefresh) {
      const cached = readCachedCredentialsSync(path)
      if (cached && isFresh(cached)) {
        log.log('cached role credentials are fresh', {path, expiration: cached.Expiration})
        io.stdout(formatProcessOutput(cached, settings.accountId))
        return 0
      }

      log.log(cached ? 'cached role credentials expire too soon' : 'no cached role credentials', {path})
    }

    const {refreshRoleCredentials} = await import('./credential-refresh.js')
    const creds = await refreshRoleCredentials({
      settings,
      cachePath: path,
      forceRefresh: Boolean(inputs.forceRefresh),
      allowLogin: !(inputs.noLogin || envFlag(io.env.AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN)),
      loginHint: loginHintFor(inputs, settings),
      io,
      log,
    })
    io.stdout(formatProcessOutput(creds, settings.accountId))
    return 0
  } catch (error) {
    log.log('failed', {error: String(error), stack: (error as Error)?.stack})
    io.stderr(`${oneLine(error)}\n`)
    if (inputs.debug && (error as Error)?.stack) io.stderr(`${(error as Error).stack}\n`)
    return exitCodeOf(error)
  }
}
