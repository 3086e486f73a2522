import {Flags} from '@oclif/core'

import {EverydayCommand, roleFlags} from '../everyday-command.js'
import {roleInputs} from '../flag-values.js'
import {streamUi} from '../lib/auth/stream-ui.js'
import {ConfigError} from '../lib/errors.js'
import {checkNotNested, childEnvironment, runChild} from '../lib/everyday/exec.js'
import {resolveRoleCredentials} from '../lib/everyday/role-credentials.js'
import {credentialSettings as s, validateRegion} from '../lib/settings.js'

export default class Exec extends EverydayCommand {
  static aliases = ['run-as']
  static strict = false
  static usage = '<%= command.id %> [--profile P | -a ACCOUNT_ID -r ROLE_NAME] [--region R] -- COMMAND [ARGS...]'
  static description = `Run a command with role credentials in its environment.

The command runs without a shell, with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION set, AWS_REGION and AWS_DEFAULT_REGION set to --region (else the profile's region), and AWS_PROFILE and AWS_DEFAULT_PROFILE removed. stdin, stdout and stderr are the command's. Ctrl-C and Ctrl-\\ in a terminal reach it once, from the terminal itself (exec ignores its own copy, as system(3) does); a signal sent to exec alone (SIGTERM, SIGHUP, SIGUSR1, or SIGINT when exec is not in the terminal's foreground) is passed on to it. Its exit code is ours (128+N when a signal N ended it).

Credentials come as credential-process gets them: the same flags, env vars and precedence (flag, then env var, then profile), the shared cache, and a login when needed (not with --no-login). Note: here --region is the AWS region for the command; the SSO region is --sso-region.

It refuses to run inside another exec's environment (AWS_SSO_UTIL_EXEC is set) unless --force.

Exit codes: the command's own; before it starts: 1 login required or authentication failed, 2 configuration error or invalid flag, 3 login denied or expired, 4 AWS service error, 5 anything else, 126 command not executable, 127 command not found.`
  static examples = [
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile -- aws s3 ls',
    '<%= config.bin %> <%= command.id %> -a 123456789012 -r ReadOnly --region eu-west-1 -- terraform plan',
    '<%= config.bin %> run-as --profile my-sso-profile --no-login -- python3 deploy.py',
  ]
  static flags = {
    ...roleFlags,
    region: Flags.string({description: "AWS region for the command (AWS_REGION and AWS_DEFAULT_REGION). Default: the profile's region. [config: region]"}),
    [s.forceRefresh.flag]: Flags.boolean({description: s.forceRefresh.description}),
    [s.noLogin.flag]: Flags.boolean({description: s.noLogin.description}),
    force: Flags.boolean({description: 'Run even inside the environment of another exec.'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Exec)
    // oclif reorders loose arguments by where each string first appears, which scrambles a
    // command line that repeats a word of ours (`-- aws-sso-util exec --profile p …`): after
    // `--`, the words are taken exactly as given.
    const dashdash = this.argv.indexOf('--')
    const [command, ...args] = dashdash === -1 ? (argv as string[]) : this.argv.slice(dashdash + 1)
    if (!command) throw new ConfigError('No command given: put it after --, e.g. `aws-sso-util exec --profile my-sso-profile -- aws sts get-caller-identity`.')
    if (flags.region !== undefined) validateRegion(flags.region)
    const {env} = process
    checkNotNested(env, flags.force)
    const inputs = roleInputs(flags)
    const {credentials, settings, profileRegion} = await resolveRoleCredentials(inputs, {
      env,
      ui: streamUi(process.stderr),
      forceRefresh: flags[s.forceRefresh.flag],
      noLogin: flags[s.noLogin.flag],
      signal: this.interrupts.signal,
    })
    const label = settings.profile ?? `${settings.accountId}/${settings.roleName}`
    // From here every signal belongs to the child (runChild passes it on); ours would stop us first.
    this.interrupts.dispose()
    const outcome = await runChild(command, args, childEnvironment(env, credentials, {label, region: flags.region ?? profileRegion}))
    if (outcome.signal) {
      // Die of the same signal, so our parent (a shell, make, CI) sees what really happened.
      process.exitCode = outcome.exitCode
      process.kill(process.pid, outcome.signal)
      return
    }

    process.exitCode = outcome.exitCode
  }
}
