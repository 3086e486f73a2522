import {Flags} from '@oclif/core'

import {EverydayCommand, roleFlags} from '../everyday-command.js'
import {roleInputs} from '../flag-values.js'
import {streamUi} from '../lib/auth/stream-ui.js'
import {profileOrEnv} from '../lib/env.js'
import {checkNotNested, childEnvironment, runChild, splitCommandLine, userShell} from '../lib/everyday/exec.js'
import {resolveRoleCredentials} from '../lib/everyday/role-credentials.js'
import {credentialSettings as s, validateRegion} from '../lib/settings.js'

export default class Exec extends EverydayCommand {
  static aliases = ['run-as']
  static strict = false
  static usage = '<%= command.id %> [--profile P | -a ACCOUNT_ID -r ROLE_NAME] [--region R] [--] [COMMAND [ARGS...]]'
  static description = `Run a command with role credentials in its environment.

The command starts at the first word that is not an option of exec (or after --): every word from there on is the command's, its own options included. With no command, exec starts your shell ($SHELL, else /bin/sh) with the credentials and says on stderr which role it holds; exit the shell to drop them.

The command runs without a shell, with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION set, AWS_REGION and AWS_DEFAULT_REGION set to --region (else the profile's region), and AWS_PROFILE and AWS_DEFAULT_PROFILE removed. stdin, stdout and stderr are the command's. Ctrl-C and Ctrl-\\ in a terminal reach it once, from the terminal itself (exec ignores its own copy, as system(3) does); a signal sent to exec alone (SIGTERM, SIGHUP, SIGUSR1, or SIGINT when exec is not in the terminal's foreground) is passed on to it. Its exit code is ours (128+N when a signal N ended it).

Credentials come as credential-process gets them: the same flags, env vars and precedence (flag, then env var, then profile), the shared cache, and a login when needed (not with --no-login). Note: here --region is the AWS region for the command; the SSO region is --sso-region.

It refuses to run inside another exec's environment (AWS_SSO_UTIL_EXEC is set) unless --force.

Exit codes: the command's own; before it starts: 1 login required or authentication failed, 2 configuration error or invalid flag, 3 login denied or expired, 4 AWS service error, 5 anything else, 126 command not executable, 127 command not found.`
  static examples = [
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile -- aws s3 ls',
    '<%= config.bin %> <%= command.id %> -a 123456789012 -r ReadOnly --region eu-west-1 -- terraform plan',
    '<%= config.bin %> run-as --profile my-sso-profile --no-login -- python3 deploy.py',
    '<%= config.bin %> run-as -u https://d-1234567890.awsapps.com/start --sso-region us-east-2 -a 123456789012 -r Developer aws sts get-caller-identity --output yaml',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile',
  ]
  static flags = {
    ...roleFlags,
    // --account is the original run-as's name for it.
    [s.accountId.flag]: Flags.string({
      char: 'a',
      aliases: ['account'],
      env: s.accountId.env,
      description: `${s.accountId.description} [config: ${s.accountId.configKey}]`,
    }),
    region: Flags.string({description: "AWS region for the command (AWS_REGION and AWS_DEFAULT_REGION). Default: the profile's region. [config: region]"}),
    [s.forceRefresh.flag]: Flags.boolean({description: s.forceRefresh.description}),
    [s.noLogin.flag]: Flags.boolean({description: s.noLogin.description}),
    force: Flags.boolean({description: 'Run even inside the environment of another exec.'}),
  }

  /** Our options that take their value in the next word, under every name and char they have. */
  private static valueOptions(): Set<string> {
    const names = new Set<string>()
    for (const [name, flag] of Object.entries({...Exec.baseFlags, ...Exec.flags})) {
      if (flag.type !== 'option') continue
      names.add(`--${name}`)
      for (const alias of flag.aliases ?? []) names.add(`--${alias}`)
      if (flag.char) names.add(`-${flag.char}`)
    }

    return names
  }

  async run(): Promise<void> {
    // Only the words before the command are ours: oclif would take `--output` of
    // `run-as … aws sts get-caller-identity --output yaml` as an unknown flag of exec.
    const {ours, command: commandLine} = splitCommandLine(this.argv, Exec.valueOptions())
    const {flags} = await this.parse(Exec, ours)
    flags.profile = profileOrEnv(flags.profile, process.env, flags['sso-session'] !== undefined || flags['sso-start-url'] !== undefined)
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
    const [command, ...args] = commandLine.length > 0 ? commandLine : [userShell(env)]
    if (commandLine.length === 0) {
      process.stderr.write(
        `Starting ${command} with the credentials of ${label} (account ${settings.accountId}, role ${settings.roleName}); exit the shell to drop them.\n`,
      )
    }

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
