/**
 * The environment variables `configure profile` and `configure populate` read, with the
 * original tool's fallback order (the first non-empty one wins), so existing shell setups keep
 * working unchanged.
 */
import {type Env, envFlag} from '../env.js'
import {ConfigError} from '../errors.js'

export const CONFIGURE_START_URL_VARS = [
  'AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL',
  'AWS_SSO_CONFIGURE_DEFAULT_SSO_START_URL',
  'AWS_CONFIGURE_DEFAULT_SSO_START_URL',
  'AWS_DEFAULT_SSO_START_URL',
] as const

export const CONFIGURE_SSO_REGION_VARS = [
  'AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION',
  'AWS_SSO_CONFIGURE_DEFAULT_SSO_REGION',
  'AWS_CONFIGURE_DEFAULT_SSO_REGION',
  'AWS_DEFAULT_SSO_REGION',
] as const

export const PROFILE_REGION_VARS = ['AWS_CONFIGURE_DEFAULT_REGION', 'AWS_DEFAULT_REGION'] as const

export const DISABLE_CREDENTIAL_PROCESS_VAR = 'AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS'
export const CREDENTIAL_PROCESS_NAME_VAR = 'AWS_SSO_CREDENTIAL_PROCESS_NAME'
export const SEPARATOR_VAR = 'AWS_CONFIGURE_SSO_DEFAULT_PROFILE_NAME_SEPARATOR'

/** The flag decides when given; otherwise the env var can switch the line off. */
export function wantCredentialProcess(flag: boolean | undefined, env: Env): boolean {
  if (flag !== undefined) return flag
  return !envFlag(env[DISABLE_CREDENTIAL_PROCESS_VAR])
}

export type ExistingConfigAction = 'discard' | 'keep' | 'overwrite'
export const EXISTING_CONFIG_ACTIONS: readonly ExistingConfigAction[] = ['keep', 'overwrite', 'discard']

/**
 * `-c KEY=VALUE`, split at the first `=`. Keys are what botocore reads back: it lower-cases
 * them, so an upper-case key would be a second, different key for SDK v3.
 */
export function parseConfigDefaults(items: readonly string[]): Array<[string, string]> {
  const out = new Map<string, string>()
  for (const item of items) {
    const eq = item.indexOf('=')
    const key = eq === -1 ? '' : item.slice(0, eq).trim()
    if (eq === -1 || key === '') {
      throw new ConfigError(`--config-default "${item}" is not KEY=VALUE (for example -c output=json).`)
    }

    if (!/^[a-z\d_][\w-]*$/.test(key)) {
      throw new ConfigError(`--config-default key "${key}" is not a config key: use lower-case letters, digits and _ (for example cli_pager).`)
    }

    // JavaScript objects downstream would swallow this one key without a trace; no AWS tool reads it.
    if (key === '__proto__') throw new ConfigError(`--config-default key "${key}" is not a config key any AWS tool reads; leave it out.`)
    out.set(key, item.slice(eq + 1).trim())
  }

  return [...out]
}
