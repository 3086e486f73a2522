/**
 * The credential settings of a command given no profile, with the instance taken from the config
 * as the original tool took it: a missing start URL or SSO region, or a start URL that is only
 * part of one (a pattern, as `-u d-1234` or `AWS_DEFAULT_SSO_START_URL=other-org`), picks the
 * configured instance it names, or the only one. A profile's settings are resolved as before.
 */
import {instanceFromConfig, instancesInConfig, isStartUrlPart} from './auth/instances.js'
import {type Env, envValue} from './env.js'
import {type SsoInstance} from './instance.js'
import {
  type ConfigView,
  credentialSettings as s,
  type CredentialInputs,
  resolveCredentialSettings,
  type ResolvedCredentialSettings,
  type SettingWords,
} from './settings.js'

/** The original's instance variables, read after each command's own. */
const DEFAULT_START_URL_VAR = 'AWS_DEFAULT_SSO_START_URL'
const DEFAULT_REGION_VAR = 'AWS_DEFAULT_SSO_REGION'

/** The instance a profile-less command means: the one its flags and env name in full, or the configured one they pick; undefined when nothing is configured or named. */
export function configuredInstanceFor(inputs: CredentialInputs, env: Env, config: ConfigView): SsoInstance | undefined {
  if (inputs.profile !== undefined) return undefined
  const startUrl = inputs.startUrl ?? envValue(env, s.startUrl.env) ?? envValue(env, DEFAULT_START_URL_VAR)
  const region = inputs.region ?? envValue(env, s.region.env) ?? envValue(env, DEFAULT_REGION_VAR)
  const part = startUrl !== undefined && isStartUrlPart(startUrl)
  // Named in full (flags, the command's env vars or the original's defaults): that instance, config or not.
  if (!part && startUrl !== undefined && region !== undefined) return {startUrl, region}
  if (!part && instancesInConfig(config).length === 0) return undefined
  return instanceFromConfig({startUrl, region, flags: {startUrl: `--${s.startUrl.flag} (or ${s.startUrl.env})`, region: `--${s.region.flag}`}}, config)
}

/** {@link resolveCredentialSettings}, with the instance from the config where the command gave none in full. */
export function resolveSettingsWithConfig(inputs: CredentialInputs, env: Env, config: ConfigView, words?: SettingWords): ResolvedCredentialSettings {
  const instance = configuredInstanceFor(inputs, env, config)
  if (!instance) return resolveCredentialSettings(inputs, env, config, words)
  const settings = resolveCredentialSettings({...inputs, startUrl: instance.startUrl, region: instance.region}, env, config, words)
  return {...settings, instance}
}
