import {Flags} from '@oclif/core'

import {EverydayCommand, roleFlags} from '../everyday-command.js'
import {roleInputs} from '../flag-values.js'
import {formatLocalTime} from '../lib/auth/messages.js'
import {streamUi} from '../lib/auth/stream-ui.js'
import {CREDENTIALS_FILE, requireEditableFile} from '../lib/config/file-kind.js'
import {loadConfig} from '../lib/config/load.js'
import {profileOrEnv} from '../lib/env.js'
import {ConfigError} from '../lib/errors.js'
import {credentialsFilePath, defaultSectionName, shadowedKeys, validateSectionName, writeCredentialsSection} from '../lib/everyday/credentials-file.js'
import {EXPORT_FORMATS, formatExport} from '../lib/everyday/export-formats.js'
import {resolveRoleCredentials} from '../lib/everyday/role-credentials.js'
import {configFilePath} from '../lib/paths.js'
import {credentialSettings as s} from '../lib/settings.js'

export default class Export extends EverydayCommand {
  static description = `Print role credentials for a shell or a .env file, or write them into the shared credentials file.

  eval "$(aws-sso-util export --profile my-sso-profile)"               # bash, zsh, sh
  aws-sso-util export --profile my-sso-profile --format fish | source  # fish

Formats: env (export lines, the default), env-no-export, fish, powershell, windows-cmd, dotenv, json (the credential_process shape), and credentials-file: a [NAME] section with aws_access_key_id, aws_secret_access_key and aws_session_token merged into ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE). NAME is --credentials-profile, else the --profile name with "-static" added: every SDK prefers a credentials-file section to a config profile of the same name, so a section named like the SSO profile would shadow its credential_process with credentials that are not refreshed (export warns when NAME does). That file's other sections, keys and comments stay byte for byte; it is written atomically with mode 0600, keeping its owner, through a symlink to its target; a device, a FIFO or a file that is not UTF-8 is refused. env, env-no-export, powershell, windows-cmd and json print what \`aws configure export-credentials\` prints for them.

Credentials come as credential-process gets them: the same flags, env vars and precedence, the shared cache, and a login when needed (not with --no-login). Credentials go to stdout only; messages go to stderr.

Exit codes: 0 ok, 1 login required or authentication failed, 2 configuration error or invalid flag, 3 login denied or expired, 4 AWS service error, 5 anything else.`
  static examples = [
    'eval "$(<%= config.bin %> <%= command.id %> --profile my-sso-profile)"',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --format dotenv > .env',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --format credentials-file --credentials-profile my-static',
  ]
  static flags = {
    ...roleFlags,
    format: Flags.option({char: 'f', options: EXPORT_FORMATS, default: 'env', description: 'How to print (or where to write) the credentials.'})(),
    'credentials-profile': Flags.string({
      description:
        'With --format credentials-file: the section name to write (default: the --profile name with -static added, so that the section does not shadow that profile).',
    }),
    [s.forceRefresh.flag]: Flags.boolean({description: s.forceRefresh.description}),
    [s.noLogin.flag]: Flags.boolean({description: s.noLogin.description}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Export)
    flags.profile = profileOrEnv(flags.profile, process.env, flags['sso-session'] !== undefined || flags['sso-start-url'] !== undefined)
    const {env} = process
    const {format} = flags
    let section: string | undefined
    if (format === 'credentials-file') {
      section = flags['credentials-profile'] ?? (flags.profile === undefined ? undefined : defaultSectionName(flags.profile))
      if (section === undefined) throw new ConfigError('--format credentials-file needs a section name: give --credentials-profile NAME (or --profile).')
      validateSectionName(section)
    } else if (flags['credentials-profile'] !== undefined) {
      throw new ConfigError('--credentials-profile is only for --format credentials-file.')
    }

    const path = credentialsFilePath(env)
    // Before any login or request: a device, a FIFO or a directory there is refused either way.
    // Other errors are the writer's to report, in its words.
    if (format === 'credentials-file') {
      await requireEditableFile(path, CREDENTIALS_FILE).catch((error: unknown) => {
        if (error instanceof ConfigError) throw error
      })
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

    await writeCredentialsSection(path, section!, credentials)
    process.stderr.write(`Wrote [${section}] to ${path}; the credentials expire ${formatLocalTime(new Date(credentials.Expiration))}.\n`)
    const shadowed = shadowedKeys((await loadConfig(configFilePath(env))).profiles, section!)
    if (shadowed.length > 0) {
      process.stderr.write(
        `Warning: [${section}] in ${path} shadows profile ${section} (its ${shadowed.join(', ')}) in the SDKs that read the credentials file first, with credentials that are not refreshed; remove the section when done.\n`,
      )
    }
  }
}
