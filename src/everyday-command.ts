import {Flags} from '@oclif/core'

import {BaseCommand} from './base-command.js'
import {credentialSettings as s} from './lib/settings.js'
import {ssoRegionFlag, startUrlFlag} from './shared-flags.js'

/** Which role exec and export fetch credentials for: the flags and env vars credential-process reads. */
export const roleFlags = {
  profile: Flags.string({description: 'Profile in ~/.aws/config to read the SSO settings from. Default: AWS_PROFILE.'}),
  [s.ssoSession.flag]: Flags.string({description: `${s.ssoSession.description} [config: ${s.ssoSession.configKey}]`}),
  [s.startUrl.flag]: Flags.string(startUrlFlag({env: s.startUrl.env})),
  [s.region.flag]: Flags.string(ssoRegionFlag({env: s.region.env})),
  [s.accountId.flag]: Flags.string({char: 'a', env: s.accountId.env, description: `${s.accountId.description} [config: ${s.accountId.configKey}]`}),
  [s.roleName.flag]: Flags.string({char: 'r', env: s.roleName.env, description: `${s.roleName.description} [config: ${s.roleName.configKey}]`}),
}

/** The base of the everyday commands (roles, exec, export, status, check). */
export abstract class EverydayCommand extends BaseCommand {}
