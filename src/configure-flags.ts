/**
 * The flags both configure commands take. Their `[env: …]` help is built from the same tables
 * configure reads (lib/configure/env-defaults.ts), so the help names every variable the code honours.
 */
import {Flags} from '@oclif/core'

import {
  CONFIGURE_SSO_REGION_VARS,
  CONFIGURE_START_URL_VARS,
  CREDENTIAL_PROCESS_NAME_VAR,
  DISABLE_CREDENTIAL_PROCESS_VAR,
  EXISTING_CONFIG_ACTIONS,
  PROFILE_REGION_VARS,
} from './lib/configure/env-defaults.js'
import {envHelp, ssoRegionFlag, startUrlFlag} from './shared-flags.js'

export {envHelp} from './shared-flags.js'

/** `[env: …]` for the profile's region, for the commands' own --region flag. */
export const PROFILE_REGION_ENV_HELP = envHelp(PROFILE_REGION_VARS)

/** --sso-start-url, --sso-region and --sso-session; the session's help says what the command does with it. */
export function ssoInstanceFlags(ssoSessionDescription: string) {
  return {
    'sso-start-url': Flags.string(startUrlFlag({envVars: CONFIGURE_START_URL_VARS})),
    'sso-region': Flags.string(ssoRegionFlag({envVars: CONFIGURE_SSO_REGION_VARS})),
    'sso-session': Flags.string({description: `${ssoSessionDescription} [config: sso_session]`}),
  }
}

/** -c KEY=VALUE; a command with a positional argument needs it non-greedy, so that the argument is not taken as a value. */
export function configDefaultFlag(description: string, options: {multipleNonGreedy?: boolean} = {}) {
  return Flags.string({char: 'c', multiple: true, ...options, description})
}

export function existingConfigActionFlag(discardDescription: string, keepDescription = '-c values do not replace existing keys') {
  return Flags.option({
    options: EXISTING_CONFIG_ACTIONS,
    default: 'keep',
    description: `keep: ${keepDescription}; overwrite: they do; discard: ${discardDescription}.`,
  })()
}

/** --process-only, as `configure profile` and `configure populate` both take it. */
export function processOnlyFlag() {
  return Flags.boolean({
    description:
      'Write no sso_* key: the instance, account and role go on the credential_process line, so that botocore (boto3), AWS CLI v2 and the Go SDK run aws-sso-util for the profile too, and log in through it. `aws sso login --profile NAME` then fails (use --sso-session NAME), and tools that read sso_account_id from the profile no longer see it.',
  })
}

export function credentialProcessFlag() {
  return Flags.boolean({
    allowNo: true,
    description: `Write (or with --no-credential-process remove) the credential_process line. [env: ${DISABLE_CREDENTIAL_PROCESS_VAR}=true turns it off; ${CREDENTIAL_PROCESS_NAME_VAR} replaces the command] [config: credential_process]`,
  })
}
