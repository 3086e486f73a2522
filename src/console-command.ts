import {Flags} from '@oclif/core'

import {BaseCommand} from './base-command.js'
import {chooseBrowser, openBrowser} from './lib/auth/browser.js'
import {decodeConfigToken} from './lib/console/config-token.js'
import {consoleSignInUrl, validateSessionDuration} from './lib/console/sign-in.js'
import {consoleDestination, federationEndpoint, logoutUrl} from './lib/console/urls.js'
import {envFlag} from './lib/env.js'
import {ConfigError} from './lib/errors.js'
import {RoleSource} from './lib/serve/role-source.js'
import {credentialSettings as s} from './lib/settings.js'
import {stderrSink} from './lib/terminal.js'
import {ssoRegionFlag, startUrlFlag} from './shared-flags.js'

/** A flag or env value with its surrounding blanks removed; an empty one counts as not given. */
export const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

/** Flags shared by `console` and `console config-token`: which role, and where the console opens. */
export const consoleTargetFlags = {
  profile: Flags.string({description: 'Profile in ~/.aws/config to take the instance, account and role from.'}),
  [s.startUrl.flag]: Flags.string(startUrlFlag({env: s.startUrl.env})),
  [s.region.flag]: Flags.string(ssoRegionFlag({env: s.region.env})),
  [s.accountId.flag]: Flags.string({char: 'a', env: s.accountId.env, description: `Account to sign in to. [config: ${s.accountId.configKey}]`}),
  [s.roleName.flag]: Flags.string({char: 'r', env: s.roleName.env, description: `Role to sign in as. [config: ${s.roleName.configKey}]`}),
  region: Flags.string({
    env: 'AWS_CONSOLE_DEFAULT_REGION',
    description: "Console region: picks the regional sign-in endpoint and the console's region. Default: the profile's region.",
  }),
  destination: Flags.string({env: 'AWS_CONSOLE_DEFAULT_DESTINATION', description: 'Console path or URL to open (its path and query are kept).'}),
  'override-region-in-destination': Flags.boolean({description: "Replace a region already in the destination's query with --region."}),
  duration: Flags.integer({description: 'Console session length in seconds (900 to 43200).'}),
}

/**
 * `console` and `console launch` (the original's name): one implementation, two command files, so
 * that each gets its own id and its own `aws-sso:` alias.
 */
export abstract class ConsoleSignInCommand extends BaseCommand {
  static description = `Open the AWS console signed in as a role, through the federation sign-in endpoint.

The role's credentials come from the cache that credential-process and AWS CLI v2 share, or are fetched (logging in when needed, unless --no-login). They are exchanged for a sign-in token (getSigninToken), and the resulting sign-in URL is opened in the browser as login does (BROWSER is honoured). --url-only prints the URL on stdout alone and opens nothing; --no-browser does the same with a note on stderr. The URL signs anyone in for the session's length for 15 minutes: it is never written to a log or a file.

Endpoints follow the console region: the global endpoint for us-east-1 or no region, regional endpoints otherwise, and the GovCloud and China partitions' own. AWS_ENDPOINT_URL_SIGNIN replaces the endpoint's base. Issuer: AWS_CONSOLE_DEFAULT_ISSUER, else the start URL. --logout-first (or AWS_CONSOLE_LOGOUT_FIRST=true) opens the console's logout page first, so that a session for another account does not get in the way.

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
    'url-only': Flags.boolean({description: 'Print the sign-in URL on stdout and nothing else; open no browser.', exclusive: ['no-browser', 'logout-first']}),
    'no-browser': Flags.boolean({description: 'Print the sign-in URL on stdout instead of opening a browser.', exclusive: ['logout-first']}),
    'logout-first': Flags.boolean({description: 'Open the console logout page before signing in.', allowNo: true}),
    [s.forceRefresh.flag]: Flags.boolean({description: 'Fetch new role credentials (and log in anew) even if cached ones are valid.'}),
    [s.noLogin.flag]: Flags.boolean({env: s.noLogin.env, description: s.noLogin.description}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(this.constructor as typeof ConsoleSignInCommand)
    const {env} = process
    validateSessionDuration(flags.duration)
    const logoutFirst = flags['logout-first'] ?? envFlag(env.AWS_CONSOLE_LOGOUT_FIRST)
    const printOnly = flags['url-only'] || flags['no-browser']
    if (logoutFirst && printOnly) {
      throw new ConfigError(
        `Opening the logout page first needs a browser; unset AWS_CONSOLE_LOGOUT_FIRST or drop --${flags['url-only'] ? 'url-only' : 'no-browser'}.`,
      )
    }

    const token = flags['config-token'] ? decodeConfigToken(flags['config-token']) : undefined
    if (token && (flags.profile || flags[s.startUrl.flag] || flags[s.region.flag])) {
      throw new ConfigError('--config-token names the instance itself; give no --profile, --sso-start-url or --sso-region with it.')
    }

    const sink = stderrSink()
    const source = new RoleSource({
      inputs: {
        profile: flags.profile,
        startUrl: token?.startUrl ?? str(flags[s.startUrl.flag]),
        region: token?.ssoRegion ?? str(flags[s.region.flag]),
        accountId: str(flags[s.accountId.flag]) ?? token?.accountId,
        roleName: str(flags[s.roleName.flag]) ?? token?.roleName,
      },
      allowLogin: !flags[s.noLogin.flag],
      forceRefresh: flags[s.forceRefresh.flag],
      env,
    })
    const region = str(flags.region) ?? token?.region ?? (flags.profile ? source.profileRegion() : undefined)
    // A token never chooses where credentials are sent: the endpoint comes from the region (or AWS_ENDPOINT_URL_SIGNIN).
    const endpoint = federationEndpoint(region, env)
    const destination =
      token?.destination && !flags.destination ? token.destination : consoleDestination(str(flags.destination), region, flags['override-region-in-destination'])
    const sessionSeconds = flags.duration ?? (token?.durationMinutes === undefined ? undefined : token.durationMinutes * 60)
    validateSessionDuration(sessionSeconds)

    const credentials = await source.get()
    const url = await consoleSignInUrl({
      credentials,
      endpoint,
      issuer: str(env.AWS_CONSOLE_DEFAULT_ISSUER) ?? token?.issuer ?? source.settings.instance.startUrl,
      destination,
      sessionSeconds,
    })
    const who = `account ${source.settings.accountId} as ${source.settings.roleName}`
    if (printOnly) {
      process.stdout.write(`${url}\n`)
      if (flags['no-browser']) sink.write(`Open the URL above to sign in to the console (${who}); it works once, within 15 minutes.\n`)
      return
    }

    const choice = chooseBrowser(env)
    if (choice.canOpen) {
      if (logoutFirst) await openBrowser(logoutUrl(region), env)
      if (await openBrowser(url, env)) {
        sink.write(`Opened the console for ${who}.\n`)
        return
      }
    }

    process.stdout.write(`${url}\n`)
    sink.write(`Could not open a browser${choice.canOpen ? '' : ` (${choice.reason})`}; open the URL above to sign in (${who}).\n`)
  }
}
