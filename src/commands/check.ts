import {Flags} from '@oclif/core'

import {EverydayCommand} from '../everyday-command.js'
import {silentUi} from '../lib/auth/ui.js'
import {loadConfig} from '../lib/config/load.js'
import {profileOrEnv} from '../lib/env.js'
import {runChecks} from '../lib/everyday/check.js'
import {configFilePath} from '../lib/paths.js'
import {validateAccountId, validateRoleName} from '../lib/settings.js'
import {ssoRegionFlag, startUrlFlag} from '../shared-flags.js'

export default class Check extends EverydayCommand {
  static description = `Diagnose the setup: config, instance, profile, caches, token, and access to an account and role.

Checks in order, one line each ("ok" or "FAIL") on stdout, and exits with the code of the first failure:
  101  no IAM Identity Center instance found (config or environment)
  102  the chosen instance is not found or invalid (unknown or non-SSO profile, bad start URL or region)
  103  several instances found and none chosen
  104  the profile's keys disagree with its sso-session, or its credential_process line does not run an installed program or does not name this profile in a form both botocore and SDK v3 read
  105  token or role-credential cache files readable by others, or cache directories others can write to
  201  no valid token (log in), unless --skip-token-check
  202  no access to the account (-a, or the profile's)
  203  -r without an account: the role is in none of your accounts
  204  no access to the role (-r, or the profile's) in that account

101-103 and 201-204 are aws-sso-util 4.33's. A cache directory others can list but not write to (0755, as botocore and AWS CLI v2 create it under umask 022) is a WARN line, not a failure: the 0600 files in it stay private.

Instance: --check-profile (or AWS_PROFILE), else --sso-session, else -u/--sso-region, else the env defaults login uses, else the only one in the config. Never starts a login; a refresh token is used if there is one.

Other exit codes: 0 all ok, 2 invalid flag, 4 AWS service error, 5 anything else.`
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --check-profile my-sso-profile',
    '<%= config.bin %> <%= command.id %> -a 123456789012 -r ReadOnly -q && echo "access ok"',
  ]
  static flags = {
    'check-profile': Flags.string({
      aliases: ['profile'],
      description: 'Check this profile: its instance, keys, credential_process line and its account and role. Default: AWS_PROFILE.',
    }),
    'sso-session': Flags.string({description: 'Check this [sso-session]. [config: sso_session]'}),
    'sso-start-url': Flags.string(startUrlFlag({description: 'Start URL of the instance to check.'})),
    'sso-region': Flags.string(ssoRegionFlag({description: 'Region of the instance to check.'})),
    'account-id': Flags.string({
      char: 'a',
      aliases: ['account'],
      description: "Check access to this account (12 digits); default: the profile's. [config: sso_account_id]",
    }),
    'role-name': Flags.string({
      char: 'r',
      description: "Check access to this role (in the account, or in any account); default: the profile's. [config: sso_role_name]",
    }),
    'skip-token-check': Flags.boolean({description: 'Stop before the token and access checks (no network calls).'}),
    quiet: Flags.boolean({char: 'q', description: 'Print nothing; only the exit code tells.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Check)
    if (flags['account-id'] !== undefined) validateAccountId(flags['account-id'])
    if (flags['role-name'] !== undefined) validateRoleName(flags['role-name'])
    const {env} = process
    const config = await loadConfig(configFilePath(env))
    const result = await runChecks(config, {
      env,
      ui: silentUi,
      profile: profileOrEnv(flags['check-profile'], env, flags['sso-session'] !== undefined || flags['sso-start-url'] !== undefined),
      ssoSession: flags['sso-session'],
      startUrl: flags['sso-start-url'],
      ssoRegion: flags['sso-region'],
      accountId: flags['account-id'],
      roleName: flags['role-name'],
      skipTokenCheck: flags['skip-token-check'],
    })
    if (!flags.quiet) {
      process.stdout.write(result.lines.map((l) => `${l.ok ? (l.warning ? 'WARN' : 'ok  ') : 'FAIL'} ${l.topic}: ${l.text}\n`).join(''))
    }

    process.exitCode = result.exitCode
  }
}
