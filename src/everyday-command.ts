import {Flags} from '@oclif/core'

import {BaseCommand} from './base-command.js'
import {ExitCode} from './lib/errors.js'
import {credentialSettings as s} from './lib/settings.js'

/** Which role exec and export fetch credentials for: the flags and env vars credential-process reads. */
export const roleFlags = {
  profile: Flags.string({description: 'Profile in ~/.aws/config to read the SSO settings from. Default: AWS_PROFILE.'}),
  [s.ssoSession.flag]: Flags.string({description: `${s.ssoSession.description} [config: ${s.ssoSession.configKey}]`}),
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

/**
 * The base of the everyday commands (roles, exec, export, status, check): oclif's own parse
 * errors (a value not among a flag's options, a missing value, an unknown flag) become one line
 * on stderr and exit 2, like every other bad input, instead of a block with a help hint.
 */
export abstract class EverydayCommand extends BaseCommand {
  protected async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (error.oclif && error.oclif.exit === ExitCode.configuration) {
      const text = error.message
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('See more help with'))
        .join(' ')
      process.stderr.write(`${text}\n`)
      if (this.argv.includes('--debug') && error.stack) process.stderr.write(`${error.stack}\n`)
      process.exitCode = ExitCode.configuration
      return
    }

    return super.catch(error)
  }
}
