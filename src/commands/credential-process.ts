import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {runCredentialProcess} from '../lib/credential-process.js'
import {credentialSettings as s} from '../lib/settings.js'
import {stderrSink} from '../lib/terminal.js'

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

export default class CredentialProcess extends BaseCommand {
  static description = `Print role credentials in the credential_process format, logging in when needed.

Put it in a profile of ~/.aws/config and every AWS SDK and tool gets credentials from IAM Identity Center:

  [profile my-sso-profile]
  credential_process = aws-sso-util credential-process --profile my-sso-profile
  sso_start_url = https://d-1234567890.awsapps.com/start
  sso_region = us-east-1
  sso_account_id = 123456789012
  sso_role_name = MyLeastPrivilegeRole

stdout gets exactly one JSON line; every message goes to stderr. Precedence: flag, then env var, then profile.
Cached role credentials (~/.aws/cli/cache, shared with AWS CLI v2) are used while more than 15 minutes remain.

Exit codes: 0 ok, 1 login required or authentication failed, 2 configuration error, 3 login denied or expired, 4 AWS service error, 5 anything else.`
static examples = [
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile',
    'AWS_SSO_START_URL=https://d-1234567890.awsapps.com/start AWS_SSO_REGION=us-east-1 <%= config.bin %> <%= command.id %> --account-id 123456789012 --role-name ReadOnly',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --no-login',
  ]
static flags = {
    profile: Flags.string({description: `${s.profile.description}`}),
    [s.startUrl.flag]: Flags.string({aliases: [...s.startUrl.aliases], env: s.startUrl.env, description: `${s.startUrl.description} [config: ${s.startUrl.configKey}]`}),
    [s.region.flag]: Flags.string({aliases: [...s.region.aliases], env: s.region.env, description: `${s.region.description} [config: ${s.region.configKey}]`}),
    [s.accountId.flag]: Flags.string({env: s.accountId.env, description: `${s.accountId.description} [config: ${s.accountId.configKey}]`}),
    [s.roleName.flag]: Flags.string({env: s.roleName.env, description: `${s.roleName.description} [config: ${s.roleName.configKey}]`}),
    [s.forceRefresh.flag]: Flags.boolean({description: s.forceRefresh.description}),
    [s.noLogin.flag]: Flags.boolean({env: s.noLogin.env, description: s.noLogin.description}),
  }
static baseFlags = {
    debug: Flags.boolean({env: s.debug.env, description: s.debug.description, helpGroup: 'GLOBAL'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(CredentialProcess)
    const sink = stderrSink()
    // oclif fills a flag from its env var, which keeps the rule: flag, then env, then profile.
    process.exitCode = await runCredentialProcess(
      {
        profile: flags.profile,
        startUrl: str(flags[s.startUrl.flag]),
        region: str(flags[s.region.flag]),
        accountId: str(flags[s.accountId.flag]),
        roleName: str(flags[s.roleName.flag]),
        forceRefresh: Boolean(flags[s.forceRefresh.flag]),
        noLogin: Boolean(flags[s.noLogin.flag]),
        debug: Boolean(flags.debug),
      },
      {
        env: process.env,
        stdout: (out) => process.stdout.write(out),
        stderr: (err) => sink.write(err),
        get interactive() {
          return sink.interactive
        },
      },
    )
  }
}
