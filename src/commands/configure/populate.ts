import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {
  configDefaultFlag,
  credentialProcessFlag,
  existingConfigActionFlag,
  processOnlyFlag,
  PROFILE_REGION_ENV_HELP,
  ssoInstanceFlags,
} from '../../configure-flags.js'
import {streamUi} from '../../lib/auth/stream-ui.js'
import {credentialProcessPrefix} from '../../lib/configure/credential-process-command.js'
import {DEFAULT_COMPONENTS, NAME_CASES} from '../../lib/configure/naming.js'
import {populateProfiles} from '../../lib/configure/populate-flow.js'
import {repointingStore} from '../../lib/configure/repoint.js'
import {fileStore, portalAccess} from '../../lib/configure/wiring.js'
import {configFilePath} from '../../lib/paths.js'

export default class ConfigurePopulate extends BaseCommand {
  static interruptMessage = 'Interrupted; the config file was not changed.'
  static description = `Write a profile into ~/.aws/config (or AWS_CONFIG_FILE) for every account and role you can use, in each region given.

Logs in if needed (browser), lists accounts and their roles (8 accounts at a time, retrying throttling with backoff), then writes every profile in one atomic change that keeps all other lines of the file as they were. Each profile is marked sso_auto_populated = true; --prune removes marked profiles of the same instance that are no longer available, and never a profile without the mark. --dry-run prints the change as a unified diff on stdout and writes nothing.

Profile names: --components (default ${DEFAULT_COMPONENTS}) joined by --separator (default ".", env AWS_CONFIGURE_SSO_DEFAULT_PROFILE_NAME_SEPARATOR). Components: account_name, account_id, account_number, role_name, region, short_region (usea1), default_style_region (per --region-style); anything else is literal text. The region is left out for the first --region unless --include-region always.

Instance: --sso-start-url and --sso-region (env AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL / AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION, then the original's fallbacks), or --sso-session naming an [sso-session] section (created from --sso-start-url and --sso-region if missing). Without them, the only instance in the config; a start URL without https:// is part of a configured one (a regular expression, as the original read it).

A profile already in the config for the same instance, account, role and region keeps its name and is updated in place. Names are the original's except where an AWS SDK could not read them; each such profile gets one line on stderr with the original's name and why. Regions default to AWS_CONFIGURE_DEFAULT_REGION, then AWS_DEFAULT_REGION.

Exit codes: 0 ok, 1 login failed, 2 missing or invalid value, 3 login denied or expired, 4 AWS service error, 5 anything else, 130 interrupted.`
  static examples = [
    '<%= config.bin %> <%= command.id %> --region us-east-1 --region eu-west-1',
    '<%= config.bin %> <%= command.id %> --sso-session my-sso -r us-east-1 --components account_name,role_name --separator - --account-name-case lower',
    '<%= config.bin %> <%= command.id %> -r us-east-1 --prune --dry-run',
  ]
  static flags = {
    ...ssoInstanceFlags('Use (or create) this [sso-session] section; profiles reference it with sso_session.'),
    region: Flags.string({
      char: 'r',
      multiple: true,
      description: `Region for the profiles; repeat for more (the first one is left out of the names by default). ${PROFILE_REGION_ENV_HELP} [config: region]`,
    }),
    'dry-run': Flags.boolean({description: 'Print the change as a unified diff of the config file and write nothing.'}),
    prune: Flags.boolean({description: 'Remove auto-populated profiles of this instance that are no longer available.'}),
    'config-default': configDefaultFlag('Extra KEY=VALUE for every profile; repeatable.'),
    'existing-config-action': existingConfigActionFlag(
      'rewrite each profile afresh',
      '-c values do not replace existing keys; a profile of that name not for that account and role is skipped',
    ),
    components: Flags.string({default: DEFAULT_COMPONENTS, description: 'Comma-separated profile name components.'}),
    separator: Flags.string({aliases: ['sep'], description: 'Separator between name components (default ".").'}),
    'include-region': Flags.option({
      options: ['default', 'always'] as const,
      default: 'default',
      description: 'default: no region in names for the first --region.',
    })(),
    'region-style': Flags.option({
      options: ['short', 'long'] as const,
      default: 'short',
      description: 'default_style_region as usea1 (short) or us-east-1 (long).',
    })(),
    'trim-account-name': Flags.string({multiple: true, description: 'Regular expression removed from account names; repeatable.'}),
    'trim-role-name': Flags.string({multiple: true, description: 'Regular expression removed from role names; repeatable.'}),
    'account-name-case': Flags.option({options: NAME_CASES, description: "Change the case of account names in profile names (Python's str methods)."})(),
    'role-name-case': Flags.option({options: NAME_CASES, description: "Change the case of role names in profile names (Python's str methods)."})(),
    'safe-account-names': Flags.boolean({
      allowNo: true,
      default: true,
      description: 'Replace each run of whitespace or square brackets in account names with one -, as the original did.',
    }),
    'raw-account-names': Flags.boolean({description: 'Same as --no-safe-account-names (the original spelling).'}),
    'profile-name-process': Flags.string({
      description:
        'Command that prints each profile name (or SKIP to leave that profile out); it gets seven arguments: account name, account id, role name, region, short region, region index, number of regions. The account name arrives as --safe-account-names made it. Replaces --components and the other naming options.',
    }),
    'credential-process': credentialProcessFlag(),
    'process-only': processOnlyFlag(),
    'force-refresh': Flags.boolean({description: 'Log in again even if the cached token is still valid.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ConfigurePopulate)
    const {env} = process
    const prefix = () => credentialProcessPrefix({bin: this.config.bin, env, pluginRoot: this.pluginRoot()})
    const {signal} = this.interrupts
    await populateProfiles(
      {
        startUrl: flags['sso-start-url'],
        ssoRegion: flags['sso-region'],
        ssoSession: flags['sso-session'],
        regions: flags.region ?? [],
        naming: {
          components: flags.components,
          separator: flags.separator,
          includeRegion: flags['include-region'],
          regionStyle: flags['region-style'],
          trimAccountName: flags['trim-account-name'] ?? [],
          trimRoleName: flags['trim-role-name'] ?? [],
          accountNameCase: flags['account-name-case'],
          roleNameCase: flags['role-name-case'],
          safeAccountNames: flags['safe-account-names'] && !flags['raw-account-names'],
        },
        configDefaults: flags['config-default'] ?? [],
        action: flags['existing-config-action'],
        credentialProcess: flags['credential-process'],
        processOnly: flags['process-only'],
        dryRun: flags['dry-run'],
        prune: flags.prune,
        profileNameProcess: flags['profile-name-process'],
      },
      {
        env,
        store: repointingStore(fileStore(configFilePath(env), signal), prefix, (profiles, now) =>
          process.stderr.write(`Re-pointed credential_process of ${profiles.join(', ')} to ${now} (the plugin or its node had moved).\n`),
        ),
        portal: portalAccess({env, ui: streamUi(process.stderr), signal, forceRefresh: flags['force-refresh']}),
        credentialProcessPrefix: prefix,
        out: (text) => process.stdout.write(text),
        note: (line) => process.stderr.write(`${line}\n`),
        progress: {
          isTTY: Boolean(process.stderr.isTTY),
          columns: process.stderr.columns,
          write: (text) => process.stderr.write(text),
        },
      },
    )
  }
}
