/**
 * The instance flags every command spells the same way, defined once. Each returns the options for
 * oclif's Flags.string, so a command file that loads oclif lazily (credential-process) uses them too.
 * Commands differ only in the env var oclif fills the flag from (none where lib reads a list of
 * variables itself), the `[env: …]` help that then names that list, and a phrase of their own.
 */
import {credentialSettings as s} from './lib/settings.js'

export interface InstanceFlagOptions {
  /** The one env var oclif fills the flag from. */
  env?: string
  /** The variables lib reads when the flag is absent, in order, for the help text. */
  envVars?: readonly string[]
  /** The command's own words for the flag, in place of the shared description. */
  description?: string
}

/** `[env: A, then B]`: the variables in the order the code tries them, the first set one wins. */
export function envHelp(vars: readonly string[]): string {
  return `[env: ${vars.join(', then ')}]`
}

function help(base: string, configKey: string, options: InstanceFlagOptions): string {
  const env = options.envVars && options.envVars.length > 0 ? ` ${envHelp(options.envVars)}` : ''
  return `${options.description ?? base}${env} [config: ${configKey}]`
}

/** --sso-start-url, -u, and the original's --start-url. */
export function startUrlFlag(options: InstanceFlagOptions = {}) {
  return {
    char: 'u' as const,
    aliases: [...s.startUrl.aliases],
    env: options.env,
    description: help(s.startUrl.description, s.startUrl.configKey, options),
  }
}

/** --sso-region. Its --region alias only where --region means nothing else (credential-process). */
export function ssoRegionFlag(options: InstanceFlagOptions & {regionAlias?: boolean} = {}) {
  return {
    aliases: options.regionAlias ? [...s.region.aliases] : [],
    env: options.env,
    description: help(s.region.description, s.region.configKey, options),
  }
}
