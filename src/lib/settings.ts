/**
 * The one table of credential-process settings: each row ties a flag to its env var and its
 * config key. The oclif command, the fast path and the help text all read it, so a setting is
 * defined once.
 */
import {effectiveProfile} from './config/profiles.js'
import {type Env, envValue} from './env.js'
import {ConfigError, MissingSettingsError} from './errors.js'
import {type SsoInstance} from './instance.js'

export interface SettingSpec {
  flag: string
  aliases?: string[]
  env?: string
  configKey?: string
  description: string
}

export const credentialSettings = {
  profile: {flag: 'profile', description: 'Profile in ~/.aws/config to read the SSO settings from. Never taken from AWS_PROFILE.'},
  ssoSession: {
    flag: 'sso-session',
    configKey: 'sso_session',
    description: 'The [sso-session] section of ~/.aws/config that names the IAM Identity Center instance.',
  },
  startUrl: {
    flag: 'sso-start-url',
    aliases: ['start-url'],
    env: 'AWS_SSO_START_URL',
    configKey: 'sso_start_url',
    description: 'Start URL of the IAM Identity Center instance (https://….awsapps.com/start).',
  },
  region: {
    flag: 'sso-region',
    // The original tool accepts --region here too; existing credential_process lines use it.
    aliases: ['region'],
    env: 'AWS_SSO_REGION',
    configKey: 'sso_region',
    description: 'Region of the IAM Identity Center instance.',
  },
  accountId: {
    flag: 'account-id',
    env: 'AWS_SSO_ACCOUNT_ID',
    configKey: 'sso_account_id',
    description: 'AWS account id (12 digits) to get role credentials for.',
  },
  roleName: {
    flag: 'role-name',
    env: 'AWS_SSO_ROLE_NAME',
    configKey: 'sso_role_name',
    description: 'Permission set (role) name in that account.',
  },
  forceRefresh: {flag: 'force-refresh', description: 'Ignore cached role credentials and the cached token.'},
  noLogin: {
    flag: 'no-login',
    env: 'AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN',
    description: 'Never start a login; fail at once with the command to run instead.',
  },
  debug: {
    flag: 'debug',
    env: 'AWS_SSO_CREDENTIAL_PROCESS_DEBUG',
    description: 'Write a debug log (secrets redacted) to ~/.aws/sso/aws-sso-util credential-process-log.txt.',
  },
} as const satisfies Record<string, SettingSpec>

/** Which role to get credentials for, as the caller gave it: flags, or the library's options. */
export interface CredentialInputs {
  /**
   * A profile in the AWS config file to read `sso_start_url`/`sso_region` (or `sso_session`),
   * `sso_account_id` and `sso_role_name` from. Never taken from `AWS_PROFILE`.
   */
  profile?: string
  /** An `[sso-session NAME]` section of the AWS config file; else the profile's. */
  ssoSession?: string
  /** Start URL of the instance; else `AWS_SSO_START_URL`, else the profile. */
  startUrl?: string
  /** Region of the instance; else `AWS_SSO_REGION`, else the profile. */
  region?: string
  /** The 12-digit account id; else `AWS_SSO_ACCOUNT_ID`, else the profile. */
  accountId?: string
  /** The permission set (role) name; else `AWS_SSO_ROLE_NAME`, else the profile. */
  roleName?: string
}

export interface ConfigView {
  path: string
  profiles: Record<string, Record<string, string>>
  ssoSessions: Record<string, Record<string, string>>
}

/** How a missing setting is named in the error: as the commands' flags, or as the library's options. */
export type SettingWords = 'flags' | 'options'

export interface ResolvedCredentialSettings {
  instance: SsoInstance
  accountId: string
  roleName: string
  profile?: string
}

type SessionSection = {name: string; values: Record<string, string>}
type RequiredSetting = 'accountId' | 'region' | 'roleName' | 'startUrl'

/**
 * Precedence is flag, then env var, then profile, as the original tool does. A profile that names
 * `sso_session` takes start URL and region from that section; an explicit start URL or region
 * from a flag or env var turns it into a plain start-URL instance.
 */
export function resolveCredentialSettings(inputs: CredentialInputs, env: Env, config: ConfigView, words: SettingWords = 'flags'): ResolvedCredentialSettings {
  const s = credentialSettings
  let profileValues = inputs.profile === undefined ? {} : profileSection(config, inputs.profile)
  // A session named on the command line replaces the profile's instance, as a start URL does.
  const sessionName = inputs.ssoSession ?? profileValues.sso_session
  if (inputs.ssoSession !== undefined) profileValues = omit(profileValues, ['sso_start_url', 'sso_region'])
  const session = sessionName === undefined ? undefined : sessionSection(config, inputs, sessionName)

  const pick = (key: keyof CredentialInputs, spec: SettingSpec, sessionValue?: string) =>
    inputs[key] ?? envValue(env, spec.env) ?? (spec.configKey ? (sessionValue ?? profileValues[spec.configKey]) : undefined)

  const overridden = (key: 'region' | 'startUrl', spec: SettingSpec) => inputs[key] !== undefined || envValue(env, spec.env) !== undefined
  const useSession = session && !overridden('startUrl', s.startUrl) && !overridden('region', s.region)
  if (session && useSession) assertProfileAgreesWithSession(inputs.profile, profileValues, session)

  const startUrl = pick('startUrl', s.startUrl, session?.values.sso_start_url)
  const region = pick('region', s.region, session?.values.sso_region)
  const accountId = pick('accountId', s.accountId)
  const roleName = pick('roleName', s.roleName)

  const missing: RequiredSetting[] = []
  if (!startUrl) missing.push('startUrl')
  if (!region) missing.push('region')
  if (!accountId) missing.push('accountId')
  if (!roleName) missing.push('roleName')
  if (missing.length > 0) throw missingSettingsError(missing, inputs.profile, config.path, words, useSession ? session!.name : undefined)

  validateStartUrl(startUrl!)
  validateRegion(region!)
  validateAccountId(accountId!)
  validateRoleName(roleName!)

  const instance: SsoInstance = useSession
    ? {
        startUrl: startUrl!,
        region: region!,
        sessionName: session!.name,
        registrationScopes: parseScopes(session!.values.sso_registration_scopes),
      }
    : {startUrl: startUrl!, region: region!}
  return {instance, accountId: accountId!, roleName: roleName!, profile: inputs.profile}
}

function profileSection(config: ConfigView, profile: string): Record<string, string> {
  const found = effectiveProfile(config.profiles, profile)
  if (!found) throw new ConfigError(`Profile "${profile}" was not found in ${config.path}. Check the name, or set AWS_CONFIG_FILE to the file that has it.`)
  return found
}

function sessionSection(config: ConfigView, inputs: CredentialInputs, sessionName: string): SessionSection {
  const values = config.ssoSessions[sessionName]
  if (!values) {
    const who = inputs.ssoSession === undefined ? `Profile "${inputs.profile}" names sso_session "${sessionName}", but` : `--sso-session ${sessionName}:`
    throw new ConfigError(`${who} ${config.path} has no [sso-session ${sessionName}] section.`)
  }

  return {name: sessionName, values}
}

function assertProfileAgreesWithSession(profile: string | undefined, profileValues: Record<string, string>, session: SessionSection): void {
  for (const key of ['sso_start_url', 'sso_region'] as const) {
    const inProfile = profileValues[key]
    if (inProfile !== undefined && inProfile !== session.values[key]) {
      throw new ConfigError(
        `Profile "${profile}" sets ${key} to "${inProfile}" but its sso-session "${session.name}" says "${session.values[key] ?? ''}". Remove it from the profile.`,
      )
    }
  }
}

/** Each missing setting is named where the user would set it: the session, the profile, or a flag/option and its env var. */
function missingSettingsError(
  missing: RequiredSetting[],
  profile: string | undefined,
  configPath: string,
  words: SettingWords,
  sessionName: string | undefined,
): MissingSettingsError {
  const name = (key: RequiredSetting) => {
    const spec: SettingSpec = credentialSettings[key]
    if (sessionName !== undefined && (key === 'startUrl' || key === 'region')) return `${spec.configKey} in [sso-session ${sessionName}]`
    if (profile !== undefined) return spec.configKey!
    return `${words === 'flags' ? `--${spec.flag}` : key} (or ${spec.env})`
  }

  const names = missing.map((key) => name(key)).join(', ')
  return new MissingSettingsError(
    profile === undefined
      ? words === 'flags'
        ? `Missing ${names}. Give --profile, or the settings as flags or env vars.`
        : `Missing ${names}. Give the option profile, or the settings as options or env vars.`
      : `Profile "${profile}" is missing ${names} (looked in ${configPath}, env and ${words}).`,
    missing,
  )
}

function omit(values: Record<string, string>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.includes(key)))
}

/**
 * sso_registration_scopes as AWS CLI v2's parse_sso_registration_scopes reads it: comma-split,
 * stripped, empties dropped. Nothing configured stays empty (not the default scope list), since
 * the CLI hashes "no scopes" into its registration cache key and we must find the same file.
 */
export function parseScopes(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean)
}

const START_URL_EXAMPLE = 'For example https://d-1234567890.awsapps.com/start.'

/**
 * Each message names what is wrong with the value as typed; the example stays an example, not a
 * guess at what was meant.
 */
export function validateStartUrl(value: string): void {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}

  // A password in the URL would end up in config files, cache keys and messages: refuse it, unechoed.
  // Anywhere in the value, not only at its start: `see https://me:pw@host` is no URL, yet holds one.
  if (url?.username || url?.password || /:\/\/[^/?#\s]*@/.test(value)) {
    throw new ConfigError(`The start URL must not contain a user name or password (remove the part up to the @). ${START_URL_EXAMPLE}`)
  }

  const problem = (what: string) => new ConfigError(`The start URL ${JSON.stringify(value)} ${what}. ${START_URL_EXAMPLE}`)
  if (value === '') throw problem('is empty')
  if (/\s/.test(value)) throw problem('contains a space or other whitespace; remove it')
  const scheme = /^([a-z][\d+.a-z-]*):/i.exec(value)?.[1]
  if (!scheme) throw problem('does not start with https://')
  // The wording the other commands' messages (and scripts matching them) already know.
  if (scheme.toLowerCase() !== 'https') throw problem(`is not an https URL. It starts with ${scheme}:, not https:`)
  if (!url?.hostname) throw problem('has no host name after https://')
}

export function validateRegion(value: string): void {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(value)) {
    throw new ConfigError(`"${value}" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.`)
  }
}

export function validateAccountId(value: string): void {
  if (!/^\d{12}$/.test(value)) {
    throw new ConfigError(`The account id "${value}" is not 12 digits. Use the id, not the account name or alias.`)
  }
}

export function validateRoleName(value: string): void {
  if (!/^[\w+=,.@-]{1,64}$/.test(value)) {
    throw new ConfigError(`"${value}" is not a valid role name. Use the permission set name, e.g. AdministratorAccess.`)
  }
}
