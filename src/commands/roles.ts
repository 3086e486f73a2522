import {Flags} from '@oclif/core'

import {EverydayCommand} from '../everyday-command.js'
import {LOGIN_SSO_REGION_VARS, LOGIN_START_URL_VARS} from '../lib/auth/instances.js'
import {streamUi} from '../lib/auth/stream-ui.js'
import {profileOrEnv} from '../lib/env.js'
import {printRoles} from '../lib/everyday/print-roles.js'
import {ROLES_OUTPUT_FORMATS, SORT_ORDERS} from '../lib/everyday/roles.js'
import {ssoRegionFlag, startUrlFlag} from '../shared-flags.js'

export default class Roles extends EverydayCommand {
  static description = `List every account and role your IAM Identity Center login can use.

Which instance: --profile or --sso-session from ~/.aws/config (or AWS_CONFIG_FILE); else --sso-start-url and --sso-region; else AWS_SSO_LOGIN_DEFAULT_SSO_START_URL / AWS_SSO_LOGIN_DEFAULT_SSO_REGION (then AWS_DEFAULT_SSO_START_URL / AWS_DEFAULT_SSO_REGION); else the only instance in the config, as login chooses.

Logs in when needed (not with --no-login), then calls ListAccounts and ListAccountRoles (8 accounts at a time, throttling retried with backoff). A progress line is drawn on a terminal only.

Without --output, the listing is aws-sso-util 4.33's: columns "Account name", "Account ID", "Role name" one space apart, sorted by account name then role; --sort-by puts its keys first and sorts by them; --separator joins the fields with it, and without --sort-by prints each row as it arrives, in the portal's order.

--output table: ACCOUNT ID, ACCOUNT NAME, ROLE NAME and PROFILES (the profiles in the config that point at the role), sorted by id then role unless --sort-by; csv: the same fields comma-separated (or --separator) with quoting; json: one array of {accountId, accountName, roleName, profiles}.

-a takes 12-digit account ids (only those accounts are asked for roles), or, as the original did, parts of ids (a prefix or suffix) and regular expressions matched against account names.

Exit codes: 0 ok, 1 login required or authentication failed, 2 configuration error or invalid flag, 3 login denied or expired, 4 AWS service error, 5 anything else, 130 interrupted.`
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --role-name Admin --sort-by role,name',
    '<%= config.bin %> <%= command.id %> --separator , --no-header',
    '<%= config.bin %> <%= command.id %> -a 123456789012 -a 210987654321 --output csv --no-header',
    '<%= config.bin %> <%= command.id %> --sso-session my-sso --output json --no-login',
  ]
  static flags = {
    profile: Flags.string({description: 'List the roles of the instance this profile uses. Default: AWS_PROFILE.', exclusive: ['sso-session']}),
    'sso-session': Flags.string({description: 'List the roles of this [sso-session] of ~/.aws/config. [config: sso_session]', exclusive: ['profile']}),
    'sso-start-url': Flags.string(startUrlFlag({envVars: LOGIN_START_URL_VARS})),
    'sso-region': Flags.string(ssoRegionFlag({envVars: LOGIN_SSO_REGION_VARS})),
    'account-id': Flags.string({
      char: 'a',
      aliases: ['account'],
      multiple: true,
      description:
        'Only this account: its 12-digit id, part of the id (prefix or suffix) or a regular expression for its name; repeatable. [config: sso_account_id]',
    }),
    'role-name': Flags.string({
      char: 'r',
      multiple: true,
      description: 'Only roles whose name matches this regular expression; repeatable (any may match). [config: sso_role_name]',
    }),
    'sort-by': Flags.option({
      options: SORT_ORDERS,
      description: 'Sort order: account id or name, and role name (without --output, these columns come first).',
    })(),
    output: Flags.option({char: 'o', options: ROLES_OUTPUT_FORMATS, description: "Output format (default: the original aws-sso-util's listing)."})(),
    separator: Flags.string({aliases: ['sep'], description: 'Field separator instead of aligned columns; for csv, instead of ",".'}),
    header: Flags.boolean({allowNo: true, default: true, description: 'Print a header line (table and csv).'}),
    'force-refresh': Flags.boolean({description: 'Log in again even if the cached token is still valid.'}),
    'no-login': Flags.boolean({description: 'Never start a login; fail at once with the command to run instead.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Roles)
    flags.profile = profileOrEnv(flags.profile, process.env, flags['sso-session'] !== undefined || flags['sso-start-url'] !== undefined)
    await printRoles(
      {
        profile: flags.profile,
        ssoSession: flags['sso-session'],
        startUrl: flags['sso-start-url'],
        region: flags['sso-region'],
        accounts: flags['account-id'] ?? [],
        roleNames: flags['role-name'] ?? [],
        sortBy: flags['sort-by'],
        output: flags.output,
        separator: flags.separator,
        header: flags.header,
        forceRefresh: flags['force-refresh'],
        noLogin: flags['no-login'],
      },
      process.env,
      {
        stdout: (text) => process.stdout.write(text),
        progress: {isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns, write: (text) => process.stderr.write(text)},
        ui: streamUi(process.stderr),
        signal: this.interrupts.signal,
      },
    )
  }
}
