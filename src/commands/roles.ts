import {Flags} from '@oclif/core'

import {EverydayCommand} from '../everyday-command.js'
import {LOGIN_SSO_REGION_VARS, LOGIN_START_URL_VARS, selectInstance} from '../lib/auth/instances.js'
import {streamUi} from '../lib/auth/stream-ui.js'
import {loadConfig} from '../lib/config/load.js'
import {ConfigError} from '../lib/errors.js'
import {
  compileRolePatterns,
  filterRoles,
  formatRoles,
  OUTPUT_FORMATS,
  type AvailableRole,
  type OutputFormat,
  profilesByRole,
  SORT_ORDERS,
  type SortOrder,
  sortRoles,
  withProfiles,
} from '../lib/everyday/roles.js'
import {configFilePath} from '../lib/paths.js'
import {progressBar} from '../lib/progress-bar.js'
import {validateAccountId} from '../lib/settings.js'
import {ssoRegionFlag, startUrlFlag} from '../shared-flags.js'

export default class Roles extends EverydayCommand {
  static description = `List every account and role your IAM Identity Center login can use.

Which instance: --profile or --sso-session from ~/.aws/config (or AWS_CONFIG_FILE); else --sso-start-url and --sso-region; else AWS_SSO_LOGIN_DEFAULT_SSO_START_URL / AWS_SSO_LOGIN_DEFAULT_SSO_REGION (then AWS_DEFAULT_SSO_START_URL / AWS_DEFAULT_SSO_REGION); else the only instance in the config, as login chooses.

Logs in when needed (not with --no-login), then calls ListAccounts and ListAccountRoles (8 accounts at a time, throttling retried with backoff). A progress line is drawn on a terminal only. The PROFILES column names the profiles in the config that point at each role.

--output table (default): aligned columns, or the fields joined by --separator when one is given; csv: comma-separated (or --separator) with quoting; json: one array of {accountId, accountName, roleName, profiles}.

Exit codes: 0 ok, 1 login required or authentication failed, 2 configuration error or invalid flag, 3 login denied or expired, 4 AWS service error, 5 anything else, 130 interrupted.`
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --role-name Admin --sort-by name,role',
    '<%= config.bin %> <%= command.id %> -a 123456789012 -a 210987654321 --output csv --no-header',
    '<%= config.bin %> <%= command.id %> --sso-session my-sso --output json --no-login',
  ]
  static flags = {
    profile: Flags.string({description: 'List the roles of the instance this profile uses.', exclusive: ['sso-session']}),
    'sso-session': Flags.string({description: 'List the roles of this [sso-session] of ~/.aws/config.', exclusive: ['profile']}),
    'sso-start-url': Flags.string(startUrlFlag({envVars: LOGIN_START_URL_VARS})),
    'sso-region': Flags.string(ssoRegionFlag({envVars: LOGIN_SSO_REGION_VARS})),
    'account-id': Flags.string({char: 'a', multiple: true, description: 'Only this account (12 digits); repeatable. [config: sso_account_id]'}),
    'role-name': Flags.string({
      char: 'r',
      multiple: true,
      description: 'Only roles whose name matches this regular expression; repeatable (any may match). [config: sso_role_name]',
    }),
    'sort-by': Flags.string({options: [...SORT_ORDERS], default: 'id,role', description: 'Sort order: account id or name, and role name.'}),
    output: Flags.string({char: 'o', options: [...OUTPUT_FORMATS], default: 'table', description: 'Output format.'}),
    separator: Flags.string({aliases: ['sep'], description: 'Field separator: for table (instead of aligned columns) and csv (default ",").'}),
    header: Flags.boolean({allowNo: true, default: true, description: 'Print a header line (table and csv).'}),
    'force-refresh': Flags.boolean({description: 'Log in again even if the cached token is still valid.'}),
    'no-login': Flags.boolean({description: 'Never start a login; fail at once with the command to run instead.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Roles)
    const {env} = process
    const accountIds = flags['account-id'] ?? []
    for (const id of accountIds) validateAccountId(id)
    const rolePatterns = compileRolePatterns(flags['role-name'] ?? [])
    if (flags.separator === '') throw new ConfigError('--separator must not be empty.')
    const config = await loadConfig(configFilePath(env))
    const instance = selectInstance(
      {profile: flags.profile, ssoSession: flags['sso-session'], startUrl: flags['sso-start-url'], region: flags['sso-region']},
      env,
      config,
    )

    const progress = progressBar({isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns, write: (t) => process.stderr.write(t)}, 'accounts')
    const roles: AvailableRole[] = []
    try {
      // The instance chosen above, so the config is read once.
      const {listRolesOf} = await import('../lib/api/listing.js')
      const listing = listRolesOf(
        instance,
        {
          profile: flags.profile,
          env,
          noLogin: flags['no-login'],
          forceRefresh: flags['force-refresh'],
          signal: this.interrupts.signal,
          accountIds: accountIds.length > 0 ? accountIds : undefined,
          onProgress: (done, total) => progress.update(done, total),
        },
        {ui: streamUi(process.stderr)},
      )
      for await (const role of listing) roles.push({accountId: role.accountId, accountName: role.accountName ?? role.accountId, roleName: role.roleName})
    } finally {
      progress.done()
    }

    const listed = withProfiles(sortRoles(filterRoles(roles, {roleNames: rolePatterns}), flags['sort-by'] as SortOrder), profilesByRole(config, instance))
    process.stdout.write(formatRoles(listed, {format: flags.output as OutputFormat, header: flags.header, separator: flags.separator}))
  }
}
