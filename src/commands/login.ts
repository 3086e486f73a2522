import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {loginWith} from '../lib/api/token.js'
import {type ConfiguredInstance, describeSource, instancesInConfig, isStartUrlPart, matchConfiguredInstance} from '../lib/auth/instances.js'
import {formatLocalTime} from '../lib/auth/messages.js'
import {streamUi} from '../lib/auth/stream-ui.js'
import {loadConfig} from '../lib/config/load.js'
import {profileOrEnv} from '../lib/env.js'
import {AppError, ConfigError, exitCodeOf, oneLine} from '../lib/errors.js'
import {configFilePath} from '../lib/paths.js'
import {escapeControls} from '../lib/server-text.js'
import {ssoRegionFlag, startUrlFlag} from '../shared-flags.js'

export default class Login extends BaseCommand {
  static interruptMessage = 'Login interrupted.'
  static description = `Log in to IAM Identity Center and cache the token where AWS CLI v2, botocore and the AWS SDKs find it.

Which instance: --profile or --sso-session from ~/.aws/config (or AWS_CONFIG_FILE); else START_URL and SSO_REGION; else START_URL given as part of a start URL (d-1234567890, no https://), which picks the one instance in the config whose start URL contains it, ignoring case (and whose region is SSO_REGION, if given); else AWS_SSO_LOGIN_DEFAULT_SSO_START_URL / AWS_SSO_LOGIN_DEFAULT_SSO_REGION (then AWS_DEFAULT_SSO_START_URL / AWS_DEFAULT_SSO_REGION); else the only instance in the config. --all logs in to every instance in the config, one after another.

A cached token with more than 15 minutes left is kept without any network call (use --force-refresh for a new login). sso-session instances log in with the browser-based authorization code flow (PKCE) and get a refresh token; legacy profiles, --use-device-code, and machines where no browser can be opened use the device code flow.

The success line goes to stdout; instructions and progress go to stderr.

Exit codes: 0 ok, 1 login required or authentication failed, or START_URL matches no configured instance or several, 2 configuration error, 3 login denied or expired, 4 AWS service error, 5 anything else, 130 interrupted.`
  static examples = [
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile',
    '<%= config.bin %> <%= command.id %> --sso-session my-sso --no-browser',
    '<%= config.bin %> <%= command.id %> https://d-1234567890.awsapps.com/start us-east-1',
    '<%= config.bin %> <%= command.id %> d-1234567890',
    '<%= config.bin %> <%= command.id %> --all',
  ]
  static args = {
    START_URL: Args.string({
      description: 'Start URL of the IAM Identity Center instance (https://….awsapps.com/start), or part of a configured one (d-1234567890).',
    }),
    SSO_REGION: Args.string({description: 'Region of the IAM Identity Center instance.'}),
  }
  static flags = {
    profile: Flags.string({description: 'Log in to the instance this profile in ~/.aws/config uses. Default: AWS_PROFILE.', exclusive: ['sso-session', 'all']}),
    'sso-session': Flags.string({description: 'Log in to this [sso-session] of ~/.aws/config. [config: sso_session]', exclusive: ['profile', 'all']}),
    all: Flags.boolean({env: 'AWS_SSO_LOGIN_ALL', description: 'Log in to every IAM Identity Center instance in ~/.aws/config.'}),
    'force-refresh': Flags.boolean({aliases: ['force'], description: 'Log in again even if the cached token is still valid.'}),
    'no-browser': Flags.boolean({
      aliases: ['headless'],
      env: 'AWS_SSO_DISABLE_BROWSER',
      description: 'Do not open a browser; print the sign-in URL (with the code) to open on any device.',
    }),
    'use-device-code': Flags.boolean({description: 'Use the device code flow even for sso-session instances.'}),
    // aws-sso-util 4.33 took these (hidden) as the arguments' stand-ins; the arguments win when both are given.
    'sso-start-url': Flags.string({...startUrlFlag({description: 'START_URL, as a flag.'}), hidden: true}),
    'sso-region': Flags.string({...ssoRegionFlag({description: 'SSO_REGION, as a flag.'}), hidden: true}),
  }

  async run(): Promise<void> {
    const {args: given, flags} = await this.parse(Login)
    const args = {START_URL: given.START_URL ?? flags['sso-start-url'], SSO_REGION: given.SSO_REGION ?? flags['sso-region']}
    flags.profile = profileOrEnv(flags.profile, process.env, flags.all || flags['sso-session'] !== undefined || args.START_URL !== undefined)
    const {env} = process
    // One login per target; each goes through the library's login(), as a Node program's would.
    let targets: Array<{label?: string; choice: {profile?: string; ssoSession?: string; startUrl?: string; region?: string}}>
    if (flags.all) {
      if (args.START_URL) throw new ConfigError('--all logs in to every instance in the config; give no START_URL with it.')
      const config = await loadConfig(configFilePath(env))
      const configured = instancesInConfig(config)
      if (configured.length === 0) throw new ConfigError(`No IAM Identity Center instance found in ${config.path}.`)
      targets = configured.map((c) => ({label: describeSource(c), choice: choiceOf(c)}))
    } else if (args.START_URL && isStartUrlPart(args.START_URL) && flags.profile === undefined && flags['sso-session'] === undefined) {
      // Part of a start URL, as the original tool took it; the library's login() wants a whole one.
      const config = await loadConfig(configFilePath(env))
      targets = [{choice: choiceOf(matchConfiguredInstance(config, args.START_URL, args.SSO_REGION))}]
    } else {
      targets = [{choice: {profile: flags.profile, ssoSession: flags['sso-session'], startUrl: args.START_URL, region: args.SSO_REGION}}]
    }

    const ui = streamUi(process.stderr)
    const {signal} = this.interrupts
    let firstFailure: unknown
    for (const target of targets) {
      try {
        const token = await loginWith(
          {
            ui,
            choiceWords: {
              names: {profile: '--profile', ssoSession: '--sso-session', startUrl: 'START_URL'},
              ways: ['--profile', '--sso-session', 'START_URL SSO_REGION'],
              all: '--all',
            },
          },
          {
            ...target.choice,
            forceRefresh: flags['force-refresh'],
            useDeviceCode: flags['use-device-code'],
            noBrowser: flags['no-browser'],
            env,
            signal,
          },
        )
        const until = formatLocalTime(token.expiresAt)
        this.log(target.label ? `Login succeeded for ${target.label}, valid until ${until}` : `Login succeeded, valid until ${until}`)
      } catch (error) {
        // With --all one failed instance must not keep the user from the others; Ctrl-C stops all.
        if (!flags.all || signal.aborted || !(error instanceof AppError)) throw error
        process.stderr.write(escapeControls(`${target.label}: ${oneLine(error)}\n`.trimEnd()) + '\n')
        firstFailure ??= error
      }
    }

    if (firstFailure !== undefined) this.exit(exitCodeOf(firstFailure))
  }
}

function choiceOf(configured: ConfiguredInstance): {ssoSession?: string; startUrl?: string; region?: string} {
  const {instance} = configured
  return instance.sessionName ? {ssoSession: instance.sessionName} : {startUrl: instance.startUrl, region: instance.region}
}
