import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {instancesInConfig, logoutAll, logoutInstance, type LogoutResult, sameInstance, selectInstance} from '../lib/auth/index.js'
import {loadConfig} from '../lib/config/load.js'
import {AwsServiceError} from '../lib/errors.js'
import {describeInstance} from '../lib/instance.js'
import {configFilePath} from '../lib/paths.js'

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

export default class Logout extends BaseCommand {
  static description = `End the IAM Identity Center session and remove its cached token and role credentials.

Without flags: the only instance in ~/.aws/config (or AWS_CONFIG_FILE). The session is ended on the server, then the instance's token file in ~/.aws/sso/cache is removed, together with the SSO role credentials in ~/.aws/cli/cache that belong to it: those of the profiles that use the instance, or all SSO role credentials when the config has no other instance (the cache files do not say which instance wrote them).

--all does what \`aws sso logout\` does: every cached token, and every SSO role credential file.

Client registrations and any other files are left alone.`
static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile',
    '<%= config.bin %> <%= command.id %> --all',
  ]
static flags = {
    profile: Flags.string({description: 'Log out of the instance this profile uses.', exclusive: ['sso-session', 'all']}),
    'sso-session': Flags.string({description: 'Log out of this [sso-session].', exclusive: ['profile', 'all']}),
    all: Flags.boolean({description: 'Log out of every cached session, as `aws sso logout` does.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Logout)
    const {env} = process
    let result: LogoutResult
    let what: string
    if (flags.all) {
      result = await logoutAll({env})
      what = 'all IAM Identity Center sessions'
    } else {
      const config = await loadConfig(configFilePath(env))
      const instance = selectInstance({profile: flags.profile, ssoSession: flags['sso-session']}, env, config)
      const configured = instancesInConfig(config)
      result = await logoutInstance(instance, {
        env,
        roles: configured.find((c) => sameInstance(c.instance, instance))?.roles,
        // Nothing else could have written SSO role credentials here, as far as the config tells.
        allSsoCredentials: configured.every((c) => sameInstance(c.instance, instance)),
      })
      what = describeInstance(instance)
    }

    for (const failure of result.failures) process.stderr.write(`${failure}\n`)
    this.log(
      `Logged out of ${what}: removed ${count(result.tokenFiles.length, 'token file')} and ${count(result.credentialFiles.length, 'cached role credential file')}.`,
    )
    if (result.failures.length > 0) {
      throw new AwsServiceError('The local files are gone, but the server could not be told to end the session; it ends when the token expires.')
    }
  }
}
