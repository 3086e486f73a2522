import type {RoleRef} from '../cache/credentials-cache.js'

import {effectiveProfile} from '../config/profiles.js'
import {type Env, firstEnv} from '../env.js'
import {ConfigError, InstanceChoiceError, InstanceMatchError} from '../errors.js'
import {describeInstance, type SsoInstance} from '../instance.js'
import {type ConfigView, parseScopes, validateRegion, validateStartUrl} from '../settings.js'

/** An instance as the config file knows it, with the roles its profiles use (for logout). */
export interface ConfiguredInstance {
  instance: SsoInstance
  /** `sso-session NAME` or `profile NAME` (the first legacy profile naming this start URL). */
  source: string
  roles: RoleRef[]
}

function normalizeStartUrl(url: string): string {
  return url.trim().replace(/#\/?$/, '').replace(/\/+$/, '')
}

/** The same start URL, give or take a trailing slash or `#/`. */
export function sameStartUrl(a: string, b: string): boolean {
  return normalizeStartUrl(a) === normalizeStartUrl(b)
}

export function sameInstance(a: SsoInstance, b: SsoInstance): boolean {
  return a.sessionName === b.sessionName && a.region === b.region && normalizeStartUrl(a.startUrl) === normalizeStartUrl(b.startUrl)
}

export function sessionInstance(config: ConfigView, name: string): SsoInstance {
  const values = config.ssoSessions[name]
  if (!values) throw new ConfigError(`There is no [sso-session ${name}] section in ${config.path}.`)
  const startUrl = values.sso_start_url
  const region = values.sso_region
  if (!startUrl || !region) {
    const missing = [startUrl ? undefined : 'sso_start_url', region ? undefined : 'sso_region'].filter(Boolean).join(' and ')
    throw new ConfigError(`[sso-session ${name}] in ${config.path} has no ${missing}.`)
  }

  return {startUrl, region, sessionName: name, registrationScopes: parseScopes(values.sso_registration_scopes)}
}

export function profileInstance(config: ConfigView, name: string): SsoInstance {
  // The shape `configure --process-only` writes keeps the instance on its credential_process line.
  const values = effectiveProfile(config.profiles, name)
  if (!values) {
    throw new ConfigError(`Profile "${name}" was not found in ${config.path}. Check the name, or set AWS_CONFIG_FILE to the file that has it.`)
  }

  if (values.sso_session !== undefined) return sessionInstance(config, values.sso_session)
  if (!values.sso_start_url || !values.sso_region) {
    throw new ConfigError(
      `Profile "${name}" in ${config.path} is not an IAM Identity Center profile: it has neither sso_session nor sso_start_url and sso_region.`,
    )
  }

  return {startUrl: values.sso_start_url, region: values.sso_region}
}

/**
 * Every instance in the config: each complete [sso-session] section, and each distinct start URL
 * and region of legacy profiles (their tokens are keyed by start URL, so profiles share them).
 */
export function instancesInConfig(config: ConfigView): ConfiguredInstance[] {
  const found: ConfiguredInstance[] = []
  for (const name of Object.keys(config.ssoSessions)) {
    const values = config.ssoSessions[name]
    if (values.sso_start_url && values.sso_region) {
      found.push({instance: sessionInstance(config, name), source: `sso-session ${name}`, roles: []})
    }
  }

  for (const name of Object.keys(config.profiles)) {
    const values = effectiveProfile(config.profiles, name)!
    let instance: SsoInstance | undefined
    if (values.sso_session !== undefined) {
      const session = config.ssoSessions[values.sso_session]
      if (session?.sso_start_url && session.sso_region) {
        instance = {startUrl: session.sso_start_url, region: session.sso_region, sessionName: values.sso_session}
      }
    } else if (values.sso_start_url && values.sso_region) {
      instance = {startUrl: values.sso_start_url, region: values.sso_region}
    }

    if (!instance) continue
    let entry = found.find((f) => sameInstance(f.instance, instance))
    if (!entry) {
      entry = {instance, source: `profile ${name}`, roles: []}
      found.push(entry)
    }

    if (values.sso_account_id && values.sso_role_name) {
      entry.roles.push({
        accountId: values.sso_account_id,
        roleName: values.sso_role_name,
        sessionName: instance.sessionName,
        startUrl: instance.startUrl,
      })
    }
  }

  return found
}

/**
 * A start URL that does not start with http is part of one, as the original tool read it
 * (`login d-1234`, `-u other-org`, `AWS_DEFAULT_SSO_START_URL=d-12.*890`).
 */
export function isStartUrlPart(value: string): boolean {
  // Whitespace is in no start URL: such a value is a malformed URL, reported as one.
  return !/^http/i.test(value) && !value.includes('://') && !/\s/.test(value)
}

/**
 * The original searched for the part as a regular expression; ignoring case is ours. A part that
 * is no valid expression here is looked for as plain text.
 */
function startUrlContains(url: string, part: string): boolean {
  try {
    return new RegExp(part, 'i').test(url)
  } catch {
    return url.toLowerCase().includes(part.toLowerCase())
  }
}

/**
 * The one configured instance whose start URL contains `part` (ignoring case), and whose region
 * is `region` when one is given; none or several is an {@link InstanceMatchError} naming them.
 */
export function matchConfiguredInstance(config: ConfigView, part: string, region?: string): ConfiguredInstance {
  const all = instancesInConfig(config)
  const inRegion = region ? ` in ${region}` : ''
  const matches = all.filter((c) => startUrlContains(c.instance.startUrl, part) && (!region || c.instance.region === region))
  if (matches.length === 1) return matches[0]
  // A whole start URL without its https:// is a typo, not a pattern: say what is wrong with it.
  if (matches.length === 0 && /^[\w-]+(\.[\w-]+)+\//.test(part)) validateStartUrl(part)
  if (matches.length === 0) {
    const known = [...new Set(all.map((c) => c.instance.startUrl))]
    throw new InstanceMatchError(
      known.length === 0
        ? `No configured start URL contains "${part}": ${config.path} has no IAM Identity Center instance. Give the full start URL and SSO_REGION.`
        : `No configured start URL contains "${part}"${inRegion}; ${config.path} has ${known.join(', ')}. Give part of one of those, or a full start URL and SSO_REGION.`,
    )
  }

  throw new InstanceMatchError(
    `"${part}" matches ${matches.length} configured instances${inRegion}: ${matches.map((c) => describeSource(c)).join('; ')}. Give more of the start URL, or choose with --sso-session or --profile.`,
  )
}

export interface InstanceChoice {
  profile?: string
  ssoSession?: string
  startUrl?: string
  region?: string
  /** How the caller's user chooses an instance, for the error when none is chosen (default: the library's options). */
  words?: ChoiceWords
}

/** The caller's names for its ways of choosing an instance: a command's flags, or the library's options. */
export interface ChoiceWords {
  /** What the caller calls each choice, for "give only one of": `--profile`, `START_URL`… */
  names: {profile: string; ssoSession: string; startUrl: string}
  /** Each way, in order: `--profile`, `START_URL SSO_REGION`… */
  ways: readonly string[]
  /** The way to take every instance (`--all`), when the caller has one. */
  all?: string
}

export const LIBRARY_CHOICE_WORDS: ChoiceWords = {
  names: {profile: 'profile', ssoSession: 'ssoSession', startUrl: 'startUrl'},
  ways: ['the option profile', 'ssoSession', 'startUrl with region'],
}

/** The default-instance variables of login and logout, most specific first, as the original tool reads them. */
export const LOGIN_START_URL_VARS = ['AWS_SSO_LOGIN_DEFAULT_SSO_START_URL', 'AWS_DEFAULT_SSO_START_URL'] as const
export const LOGIN_SSO_REGION_VARS = ['AWS_SSO_LOGIN_DEFAULT_SSO_REGION', 'AWS_DEFAULT_SSO_REGION'] as const

/**
 * Which instance a login or logout means: --profile, --sso-session, the arguments, the
 * default-instance env vars, and finally the only instance in the config. A start URL alone is
 * looked up in the config for its region.
 */
export function selectInstance(choice: InstanceChoice, env: Env, config: ConfigView): SsoInstance {
  const words = choice.words ?? LIBRARY_CHOICE_WORDS
  const given = [
    choice.profile === undefined ? '' : words.names.profile,
    choice.ssoSession === undefined ? '' : words.names.ssoSession,
    choice.startUrl ? words.names.startUrl : '',
  ].filter(Boolean)
  if (given.length > 1) throw new ConfigError(`Give only one of ${given.join(', ')}.`)
  if (choice.profile !== undefined) return profileInstance(config, choice.profile)
  if (choice.ssoSession !== undefined) return sessionInstance(config, choice.ssoSession)

  const fromArgs = Boolean(choice.startUrl)
  const startUrl = choice.startUrl ?? firstEnv(env, LOGIN_START_URL_VARS)?.value
  const region = fromArgs ? choice.region : (choice.region ?? firstEnv(env, LOGIN_SSO_REGION_VARS)?.value)
  if (startUrl) {
    if (isStartUrlPart(startUrl)) return matchConfiguredInstance(config, startUrl, region).instance
    validateStartUrl(startUrl)
    if (region) {
      validateRegion(region)
      return {startUrl, region}
    }

    const matches = instancesInConfig(config).filter((f) => !f.instance.sessionName && normalizeStartUrl(f.instance.startUrl) === normalizeStartUrl(startUrl))
    if (matches.length === 1) return matches[0].instance
    throw new ConfigError(`No SSO region for ${startUrl}: give it as the SSO_REGION argument${fromArgs ? '' : ` or in ${LOGIN_SSO_REGION_VARS[0]}`}.`)
  }

  const all = instancesInConfig(config)
  if (all.length === 1) return all[0].instance
  const {ways, all: every} = words
  const candidates = all.map((f) => describeSource(f))
  const details = {configPath: config.path, candidates}
  if (all.length === 0) throw new InstanceChoiceError(`No IAM Identity Center instance found in ${config.path}. Give ${listOf(ways, 'or')}.`, details)
  throw new InstanceChoiceError(
    `${all.length} IAM Identity Center instances found in ${config.path}: ${candidates.join('; ')}. Choose one with ${listOf(ways, 'or')}${every ? `, or use ${every}` : ''}.`,
    details,
  )
}

/** Where a command's instance may come from besides the config: its flags and env vars, already read. */
export interface InstanceSpecifier {
  startUrl?: string
  region?: string
  /** How the command's flags are spelled, for the message when nothing fits. */
  flags: {startUrl: string; region: string}
}

/**
 * The instance a command means when no profile names one, as the original found it: a full start
 * URL and a region as given; else the configured instance that the start URL (whole, or a part
 * or pattern) and the region pick; else the only instance in the config. None or several is one
 * line naming the configured ones.
 */
export function instanceFromConfig(spec: InstanceSpecifier, config: ConfigView): SsoInstance {
  const {startUrl, region} = spec
  if (startUrl && !isStartUrlPart(startUrl)) {
    validateStartUrl(startUrl)
    if (region) {
      validateRegion(region)
      return {startUrl, region}
    }
  }

  if (startUrl && isStartUrlPart(startUrl)) {
    const matched = matchConfiguredInstance(config, startUrl, region)
    return matched.instance
  }

  const all = instancesInConfig(config)
  const fits = all.filter((c) => (!startUrl || sameStartUrl(c.instance.startUrl, startUrl)) && (!region || c.instance.region === region))
  if (fits.length === 1) return fits[0].instance
  const give = `Give ${spec.flags.startUrl} (a start URL, or part of a configured one) and ${spec.flags.region}`
  if (all.length === 0) throw new ConfigError(`No IAM Identity Center instance found in ${config.path}. ${give}.`)
  const wanted = startUrl ? `has start URL ${startUrl}${region ? ` in ${region}` : ''}` : `is in ${region}`
  const found = fits.length === 0 ? `No instance in ${config.path} ${wanted}` : `${fits.length} IAM Identity Center instances found in ${config.path}`
  throw new ConfigError(`${found}: ${all.map((c) => describeSource(c)).join('; ')}. ${give}.`)
}

/** `a`, `a or b`, `a, b or c`. */
function listOf(items: readonly string[], conjunction: string): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`
}

export function describeSource(configured: ConfiguredInstance): string {
  return configured.instance.sessionName ? describeInstance(configured.instance) : `${describeInstance(configured.instance)} from ${configured.source}`
}
