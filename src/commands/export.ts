import {Flags} from '@oclif/core'

import {EverydayCommand, roleFlags} from '../everyday-command.js'
import {roleInputs} from '../flag-values.js'
import {formatLocalTime} from '../lib/auth/messages.js'
import {streamUi} from '../lib/auth/stream-ui.js'
import {profileOrEnv} from '../lib/env.js'
import {ConfigError} from '../lib/errors.js'
import {credentialsFilePath, validateSectionName, writeCredentialsSection} from '../lib/everyday/credentials-file.js'
import {EXPORT_FORMATS, type ExportFormat, formatExport} from '../lib/everyday/export-formats.js'
import {resolveRoleCredentials} from '../lib/everyday/role-credentials.js'
import {credentialSettings as s} from '../lib/settings.js'

export default class Export extends EverydayCommand {
  static description = `Print role credentials for a shell or a .env file, or write them into the shared credentials file.

  eval "$(aws-sso-util export --profile my-sso-profile)"               # bash, zsh, sh
  aws-sso-util export --profile my-sso-profile --format fish | source  # fish

Formats: env (export lines, the default), env-no-export, fish, powershell, windows-cmd, dotenv, json (the credential_process shape), and credentials-file: a [NAME] section (NAME: --credentials-profile, else --profile) with aws_access_key_id, aws_secret_access_key and aws_session_token merged into ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE). That file's other sections, keys and comments stay byte for byte; it is written atomically with mode 0600. env, env-no-export, powershell, windows-cmd and json print what \`aws configure export-credentials\` prints for them.

Credentials come as credential-process gets them: the same flags, env vars and precedence, the shared cache, and a login when needed (not with --no-login). Credentials go to stdout only; messages go to stderr.

Exit codes: 0 ok, 1 login required or authentication failed, 2 configuration error or invalid flag, 3 login denied or expired, 4 AWS service error, 5 anything else.`
  static examples = [
    'eval "$(<%= config.bin %> <%= command.id %> --profile my-sso-profile)"',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --format dotenv > .env',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --format credentials-file --credentials-profile my-static',
  ]
  static flags = {
    ...roleFlags,
    format: Flags.string({char: 'f', options: [...EXPORT_FORMATS], default: 'env', description: 'How to print (or where to write) the credentials.'}),
    'credentials-profile': Flags.string({description: 'With --format credentials-file: the section name to write (default: the --profile name).'}),
    [s.forceRefresh.flag]: Flags.boolean({description: s.forceRefresh.description}),
    [s.noLogin.flag]: Flags.boolean({description: s.noLogin.description}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Export)
    flags.profile = profileOrEnv(flags.profile, process.env, flags['sso-session'] !== undefined || flags['sso-start-url'] !== undefined)
    const {env} = process
    const format = flags.format as ExportFormat
    let section: string | undefined
    if (format === 'credentials-file') {
      section = flags['credentials-profile'] ?? flags.profile
      if (section === undefined) throw new ConfigError('--format credentials-file needs a section name: give --credentials-profile NAME (or --profile).')
      validateSectionName(section)
    } else if (flags['credentials-profile'] !== undefined) {
      throw new ConfigError('--credentials-profile is only for --format credentials-file.')
    }

    const {credentials} = await resolveRoleCredentials(roleInputs(flags), {
      env,
      ui: streamUi(process.stderr),
      forceRefresh: flags[s.forceRefresh.flag],
      noLogin: flags[s.noLogin.flag],
    })
    if (format !== 'credentials-file') {
      process.stdout.write(formatExport(credentials, format))
      return
    }

    const path = credentialsFilePath(env)
    await writeCredentialsSection(path, section!, credentials, env)
    process.stderr.write(`Wrote [${section}] to ${path}; the credentials expire ${formatLocalTime(new Date(credentials.Expiration))}.\n`)
  }
}
