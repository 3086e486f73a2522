import {Flags} from '@oclif/core'

import {BaseCommand} from './base-command.js'
import {roleInputs} from './flag-values.js'
import {streamUi} from './lib/auth/stream-ui.js'
import {prepareConsoleSignIn, showConsoleSignIn} from './lib/console/launch.js'
import {nonBlank, profileOrEnv} from './lib/env.js'
import {credentialSettings as s} from './lib/settings.js'
import {stderrSink} from './lib/terminal.js'
import {ssoRegionFlag, startUrlFlag} from './shared-flags.js'

/** Which role: the flags every credential command takes. */
const roleTargetFlags = {
  profile: Flags.string({description: 'Profile in ~/.aws/config to take the instance, account and role from. Default: AWS_PROFILE.'}),
  [s.startUrl.flag]: Flags.string(startUrlFlag({env: s.startUrl.env})),
  [s.region.flag]: Flags.string(ssoRegionFlag({env: s.region.env})),
  [s.accountId.flag]: Flags.string({char: 'a', env: s.accountId.env, description: `Account to sign in to. [config: ${s.accountId.configKey}]`}),
  [s.roleName.flag]: Flags.string({char: 'r', env: s.roleName.env, description: `Role to sign in as. [config: ${s.roleName.configKey}]`}),
}

/** Where the console opens, for `console` and `console config-token`. */
const placeFlags = {
  region: Flags.string({
    description:
      "Console region: picks the regional sign-in endpoint and the console's region. Default: the config token's, else AWS_CONSOLE_DEFAULT_REGION, else the profile's region (config-token reads no env var for it).",
  }),
  destination: Flags.string({
    description:
      "Console path or URL to open (its path and query are kept). Default: the config token's, else AWS_CONSOLE_DEFAULT_DESTINATION (config-token reads no env var for it).",
  }),
  'override-region-in-destination': Flags.boolean({
    description: "Replace a region already in the destination's query with --region.",
    exclusive: ['keep-region-in-destination'],
  }),
  'keep-region-in-destination': Flags.boolean({description: "Keep a region already in the destination's query (the default)."}),
  duration: Flags.integer({description: 'Console session length in minutes (15 to 720); 900 to 43200 is read as seconds.'}),
}

/** Flags shared by `console` and `console config-token`: which role, and where the console opens. */
export const consoleTargetFlags = {...roleTargetFlags, ...placeFlags}

/**
 * `console`, `console launch` and `console launch-from-config` (the original's names): one
 * implementation, a command file each, so that each gets its own id and its own `aws-sso:` alias.
 */
export abstract class ConsoleSignInCommand extends BaseCommand {
  /** launch-from-config requires a token. */
  static tokenRequired = false
  static description = `Open the AWS console signed in as a role, through the federation sign-in endpoint.

The role's credentials come from the cache that credential-process and AWS CLI v2 share, or are fetched (logging in when needed, unless --no-login). They are exchanged for a sign-in token (getSigninToken), and the resulting sign-in URL is opened in the browser as login does (BROWSER is honoured). --print prints the URL on stdout and, unless --open, opens nothing; --url-only is --print --no-open; --no-browser adds a note on stderr. The URL signs anyone in for the session's length for 15 minutes: it is never written to a log or a file. When the browser cannot be started or exits with an error, the URL is printed on stdout instead, with one line on stderr, and the exit code is 5.

Endpoints follow the console region: the global endpoint for us-east-1 or no region, regional endpoints otherwise, and the GovCloud and China partitions' own; a region of any other shape is refused, whatever it came from. AWS_ENDPOINT_URL_SIGNIN replaces the endpoint's base. Issuer: AWS_CONSOLE_DEFAULT_ISSUER, else the start URL. --logout-first (or AWS_CONSOLE_LOGOUT_FIRST=true) opens the console's logout page first, so that a session for another account does not get in the way.

--config-token opens what a teammate's \`console config-token\` describes (instance, account, role, region, destination) through your own login; -a and -r override the token's account and role.`
  static examples = [
    '<%= config.bin %> console --profile my-sso-profile',
    '<%= config.bin %> console --profile my-sso-profile --destination /s3/buckets --region eu-west-1',
    '<%= config.bin %> console -u https://d-1234567890.awsapps.com/start --sso-region us-east-1 -a 123456789012 -r ReadOnly --url-only',
    '<%= config.bin %> console launch --config-token eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8v...',
  ]
  static flags = {
    ...consoleTargetFlags,
    'config-token': Flags.string({char: 't', description: 'A token from `console config-token` naming the instance, account, role and destination.'}),
    open: Flags.boolean({char: 'o', allowNo: true, description: 'Open the sign-in URL in a browser (the default unless --print).'}),
    print: Flags.boolean({char: 'p', allowNo: true, description: 'Print the sign-in URL on stdout (and open it only with --open).'}),
    'url-only': Flags.boolean({description: 'Print the sign-in URL on stdout and nothing else; open no browser.', exclusive: ['no-browser', 'open']}),
    'no-browser': Flags.boolean({description: 'Print the sign-in URL on stdout instead of opening a browser.', exclusive: ['open']}),
    'logout-first': Flags.boolean({char: 'l', description: 'Open the console logout page before signing in.', allowNo: true}),
    [s.forceRefresh.flag]: Flags.boolean({description: 'Fetch new role credentials (and log in anew) even if cached ones are valid.'}),
    [s.noLogin.flag]: Flags.boolean({env: s.noLogin.env, description: s.noLogin.description}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(this.constructor as typeof ConsoleSignInCommand)
    flags.profile = profileOrEnv(flags.profile, process.env, Boolean(flags['config-token'] || flags[s.startUrl.flag]))
    const {env} = process
    const signIn = await prepareConsoleSignIn(
      {
        role: roleInputs(flags),
        configToken: flags['config-token'],
        tokenRequired: (this.constructor as typeof ConsoleSignInCommand).tokenRequired,
        region: nonBlank(flags.region),
        destination: nonBlank(flags.destination),
        overrideRegionInDestination: flags['override-region-in-destination'],
        duration: flags.duration,
        show: {
          urlOnly: flags['url-only'],
          noBrowser: flags['no-browser'],
          print: flags.print,
          open: flags.open,
          logoutFirst: flags['logout-first'],
        },
        forceRefresh: flags[s.forceRefresh.flag],
        noLogin: flags[s.noLogin.flag],
      },
      {env, ui: streamUi(process.stderr)},
    )
    await showConsoleSignIn(signIn, env, {stdout: (text) => process.stdout.write(text), stderr: stderrSink()})
  }
}
