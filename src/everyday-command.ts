import {Flags} from '@oclif/core'

import {BaseCommand} from './base-command.js'
import {credentialSettings as s} from './lib/settings.js'

/** Which role exec and export fetch credentials for: the flags and env vars credential-process reads. */
export const roleFlags = {
  profile: Flags.string({description: s.profile.description}),
  [s.startUrl.flag]: Flags.string({
    char: 'u',
    aliases: [...s.startUrl.aliases],
    env: s.startUrl.env,
    description: `${s.startUrl.description} [config: ${s.startUrl.configKey}]`,
  }),
  [s.region.flag]: Flags.string({env: s.region.env, description: `${s.region.description} [config: ${s.region.configKey}]`}),
  [s.accountId.flag]: Flags.string({char: 'a', env: s.accountId.env, description: `${s.accountId.description} [config: ${s.accountId.configKey}]`}),
  [s.roleName.flag]: Flags.string({char: 'r', env: s.roleName.env, description: `${s.roleName.description} [config: ${s.roleName.configKey}]`}),
}

/** The base of the everyday commands (roles, exec, export, status, check). */
export abstract class EverydayCommand extends BaseCommand {}
