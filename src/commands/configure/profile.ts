import {Args, Flags} from '@oclif/core'

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
import {configureProfile} from '../../lib/configure/profile-flow.js'
import {inquirerPrompter} from '../../lib/configure/prompter.js'
import {repointingStore} from '../../lib/configure/repoint.js'
import {fileStore, portalAccess} from '../../lib/configure/wiring.js'
import {configFilePath} from '../../lib/paths.js'

export default class ConfigureProfile extends BaseCommand {
  static interruptMessage = 'Cancelled; the config file was not changed.'
  static description = `Write one AWS SSO profile into ~/.aws/config (or AWS_CONFIG_FILE).

In a terminal it asks for what the flags leave out, as \`aws configure sso\` does. First "SSO session name (Recommended)", unless --sso-session or the existing profile's sso_session decides it; the default is the sso-session already in the config for the start URL that applies. An existing session name uses that [sso-session] section; a new one asks start URL and SSO region and writes one; an empty answer with no default writes a legacy profile (device code login, no refresh token). Then it logs in if needed and lets you pick the account and role from searchable lists, then the CLI region and output format (Enter with no default leaves either out). Defaults are in brackets: the existing profile's values, the env defaults, or the only IAM Identity Center instance in the config. With --non-interactive (or no terminal on stdin) every value must come from flags, env vars or the existing profile; anything missing is named and nothing is written.

Regions are checked against the known AWS partitions: a malformed one is refused; a well-formed one not in the list is written with a warning (it may be newer than this release).

Only the lines of this profile change: comments, other sections, nested blocks and formatting stay as they were. Existing keys are kept unless --existing-config-action discard; flags always win; -c values only fill keys the profile lacks unless overwrite.

The profile gets credential_process = aws-sso-util credential-process --profile NAME, so SDKs without SSO support get credentials too (--no-credential-process or AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS=true removes it; AWS_SSO_CREDENTIAL_PROCESS_NAME replaces the command). SDK v3 and aws-sdk v2 run that line; botocore (boto3) and AWS CLI v2 use their own SSO provider for a profile with sso_account_id and sso_role_name, the Go SDK for a profile with any sso_* key, and never run it. --process-only writes a profile they all run it for: no sso_* key, the instance, account and role on the credential_process line.

Env defaults: AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL and AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION (then AWS_SSO_CONFIGURE_DEFAULT_…, AWS_CONFIGURE_DEFAULT_…, AWS_DEFAULT_SSO_…); AWS_CONFIGURE_DEFAULT_REGION, then AWS_DEFAULT_REGION, for the region.

Exit codes: 0 ok, 1 login failed, 2 missing or invalid value, 3 login denied or expired, 4 AWS service error, 5 anything else, 130 cancelled.`
  static examples = [
    '<%= config.bin %> <%= command.id %> my-sso-profile',
    '<%= config.bin %> <%= command.id %> dev --sso-session my-sso -a 123456789012 -r ReadOnly --region eu-west-1 --non-interactive',
    '<%= config.bin %> <%= command.id %> dev --sso-session my-sso -a 123456789012 -r ReadOnly --region eu-west-1 --process-only',
    '<%= config.bin %> <%= command.id %> dev -u https://d-1234567890.awsapps.com/start --sso-region us-east-1 -c cli_binary_format=raw-in-base64-out',
  ]
  static args = {
    PROFILE_NAME: Args.string({required: true, description: 'Name of the profile to write ([profile NAME] in the config file).'}),
  }
  static flags = {
    ...ssoInstanceFlags('Write (or reuse) an [sso-session NAME] section and reference it instead of repeating start URL and region.'),
    'account-id': Flags.string({char: 'a', aliases: ['account'], description: 'AWS account id (12 digits). [config: sso_account_id]'}),
    'role-name': Flags.string({char: 'r', description: 'Permission set (role) name. [config: sso_role_name]'}),
    region: Flags.string({description: `Default region for the profile. ${PROFILE_REGION_ENV_HELP} [config: region]`}),
    output: Flags.string({char: 'o', description: 'Default output format (json, yaml, yaml-stream, text, table). [config: output]'}),
    'config-default': configDefaultFlag('Extra KEY=VALUE to write; repeatable.', {multipleNonGreedy: true}),
    'existing-config-action': existingConfigActionFlag('start the profile afresh'),
    interactive: Flags.boolean({allowNo: true, description: 'Prompt for missing values (default: when stdin is a terminal).'}),
    'non-interactive': Flags.boolean({exclusive: ['interactive'], description: 'Never prompt; fail naming what is missing.'}),
    'process-only': processOnlyFlag(),
    'credential-process': credentialProcessFlag(),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ConfigureProfile)
    const {env} = process
    const prefix = () => credentialProcessPrefix({bin: this.config.bin, env, pluginRoot: this.pluginRoot()})
    const interactive = flags['non-interactive'] ? false : (flags.interactive ?? Boolean(process.stdin.isTTY))
    const {signal} = this.interrupts
    await configureProfile(
      {
        profileName: args.PROFILE_NAME,
        startUrl: flags['sso-start-url'],
        ssoRegion: flags['sso-region'],
        accountId: flags['account-id'],
        roleName: flags['role-name'],
        region: flags.region,
        output: flags.output,
        configDefaults: flags['config-default'] ?? [],
        action: flags['existing-config-action'],
        interactive,
        credentialProcess: flags['credential-process'],
        ssoSession: flags['sso-session'],
        processOnly: flags['process-only'],
      },
      {
        env,
        store: repointingStore(fileStore(configFilePath(env), signal), prefix, (profiles, now) =>
          process.stderr.write(`Re-pointed credential_process of ${profiles.join(', ')} to ${now} (the plugin or its node had moved).\n`),
        ),
        prompter: () => inquirerPrompter(),
        portal: portalAccess({env, ui: streamUi(process.stderr), signal}),
        credentialProcessPrefix: prefix,
        say: (line) => this.log(line),
        warn: (line) => process.stderr.write(`${line}\n`),
      },
    )
  }
}
