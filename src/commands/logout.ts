import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {logoutWith} from '../lib/api/logout.js'
import {profileOrEnv} from '../lib/env.js'
import {AppError, ExitCode} from '../lib/errors.js'
import {describeInstance} from '../lib/instance.js'

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

export default class Logout extends BaseCommand {
  static description = `End the IAM Identity Center session and remove its cached token and role credentials.

Without flags: the only instance in ~/.aws/config (or AWS_CONFIG_FILE); with several instances configured, every session, as --all does (and as aws-sso-util 4.33's logout did). The session is ended on the server, then the instance's token file in ~/.aws/sso/cache is removed, together with the SSO role credentials in ~/.aws/cli/cache that belong to it: those of the profiles that use the instance, or all SSO role credentials when the config has no other instance (the cache files do not say which instance wrote them).

--all does what \`aws sso logout\` does: every cached token, and every SSO role credential file.

Client registrations and any other files are left alone.`
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile',
    '<%= config.bin %> <%= command.id %> --all',
  ]
  static flags = {
    profile: Flags.string({description: 'Log out of the instance this profile uses. Default: AWS_PROFILE.', exclusive: ['sso-session', 'all']}),
    'sso-session': Flags.string({description: 'Log out of this [sso-session]. [config: sso_session]', exclusive: ['profile', 'all']}),
    all: Flags.boolean({description: 'Log out of every cached session, as `aws sso logout` does.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Logout)
    flags.profile = profileOrEnv(flags.profile, process.env, flags.all || flags['sso-session'] !== undefined)
    const {signal} = this.interrupts
    const result = await logoutWith(
      // logout takes no START_URL SSO_REGION arguments, so its errors must not offer them.
      {choiceWords: {names: {profile: '--profile', ssoSession: '--sso-session', startUrl: 'START_URL'}, ways: ['--profile', '--sso-session'], all: '--all'}},
      {profile: flags.profile, ssoSession: flags['sso-session'], all: flags.all, signal},
    )
    const what = result.instance ? describeInstance(result.instance) : 'all IAM Identity Center sessions'
    const summary = `removed ${count(result.tokenFiles.length, 'token file')} and ${count(result.credentialFiles.length, 'cached role credential file')}`
    if (result.failures.length > 0) {
      // A failed logout prints nothing on stdout (scripts that read it must not see a success) and
      // one line on stderr: what the server said, then what was done here all the same.
      const code = result.failureExitCode === ExitCode.other ? ExitCode.other : ExitCode.awsService
      const reasons = result.failures.map((failure) => failure.replace(/\.?$/, '.')).join(' ')
      throw new AppError(`${reasons} Logged out of ${what} locally (${summary}); the session on the server ends when the token expires.`, code)
    }

    this.log(`Logged out of ${what}: ${summary}.`)
  }
}
