import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {consoleTargetFlags} from '../../console-command.js'
import {selectInstance} from '../../lib/auth/instances.js'
import {loadConfigSync} from '../../lib/config/load.js'
import {effectiveProfile} from '../../lib/config/profiles.js'
import {encodeConfigToken} from '../../lib/console/config-token.js'
import {durationFlagSeconds} from '../../lib/console/sign-in.js'
import {checkConsoleRegion, consoleDestination, federationEndpoint} from '../../lib/console/urls.js'
import {nonBlank, profileOrEnv} from '../../lib/env.js'
import {configFilePath} from '../../lib/paths.js'
import {credentialSettings as s} from '../../lib/settings.js'

export default class ConsoleConfigToken extends BaseCommand {
  static aliases = ['console:get-config-token']
  static description = `Print a token that opens the same console page for a teammate, through their own login.

The token (base64url JSON, the original aws-sso-util's format) names the instance, and the account, role, region and destination when given; never credentials. Open it with \`console launch --config-token TOKEN\` (or the original's \`console launch-from-config\`). \`console get-config-token\` is the original's name for this command. As in the original, AWS_CONSOLE_DEFAULT_REGION and AWS_CONSOLE_DEFAULT_DESTINATION are not read here.`
  static examples = [
    '<%= config.bin %> console config-token --profile my-sso-profile --destination /cloudwatch/home',
    '<%= config.bin %> console config-token -u https://d-1234567890.awsapps.com/start --sso-region us-east-1 --region eu-west-1',
  ]
  static flags = {
    ...consoleTargetFlags,
    issuer: Flags.string({hidden: true, description: 'Issuer to put in the token.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ConsoleConfigToken)
    flags.profile = profileOrEnv(flags.profile, process.env, flags[s.startUrl.flag] !== undefined)
    const {env} = process
    const sessionSeconds = durationFlagSeconds(flags.duration)
    const config = loadConfigSync(configFilePath(env))
    const profile = flags.profile === undefined ? undefined : effectiveProfile(config.profiles, flags.profile)
    // Account and role are optional here: the teammate can give their own with -a and -r.
    const instance = selectInstance(
      {
        profile: flags.profile,
        startUrl: nonBlank(flags[s.startUrl.flag]) ?? (flags.profile ? undefined : nonBlank(env[s.startUrl.env])),
        region: nonBlank(flags[s.region.flag]) ?? (flags.profile ? undefined : nonBlank(env[s.region.env])),
        words: {
          names: {profile: '--profile', ssoSession: '--sso-session', startUrl: `--${s.startUrl.flag}`},
          ways: ['--profile', `--${s.startUrl.flag} with --${s.region.flag}`],
        },
      },
      env,
      config,
    )
    const accountId = nonBlank(flags[s.accountId.flag]) ?? nonBlank(env[s.accountId.env]) ?? profile?.sso_account_id
    const roleName = nonBlank(flags[s.roleName.flag]) ?? nonBlank(env[s.roleName.env]) ?? profile?.sso_role_name
    const region =
      nonBlank(flags.region) === undefined
        ? checkConsoleRegion(nonBlank(profile?.region), `the region key of profile "${flags.profile}"`)
        : checkConsoleRegion(nonBlank(flags.region))
    this.log(
      encodeConfigToken({
        startUrl: instance.startUrl,
        ssoRegion: instance.region,
        accountId,
        roleName,
        region,
        federationEndpoint: federationEndpoint(region),
        destination: consoleDestination(nonBlank(flags.destination), region, flags['override-region-in-destination']),
        issuer: nonBlank(flags.issuer),
        durationMinutes: sessionSeconds === undefined ? undefined : Math.round(sessionSeconds / 60),
      }),
    )
  }
}
