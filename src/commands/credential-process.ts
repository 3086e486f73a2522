import type {Command, Config, Flags as OclifFlags} from '@oclif/core'

import {createRequire} from 'node:module'

import {roleInputs} from '../flag-values.js'
import {credentialSettings as s} from '../lib/settings.js'
import {VERBOSE_FLAG} from '../lib/verbosity.js'
import {aliasUnderPluginTopic} from '../plugin/topic-aliases.js'
import {ssoRegionFlag, startUrlFlag} from '../shared-flags.js'

/*
 * This module is what a host CLI imports to run `<host> credential-process` (and what oclif
 * imports in the standalone when bin/run.js's fast path declined). It does not import @oclif/core:
 * inside a host that would load the plugin's own second copy of oclif before a warm cache could
 * answer. `run` tries the slim fast path first and builds the oclif command only when the fast
 * path declines (help, an unknown or malformed flag); the flags are built, from the one settings
 * table, only when oclif reads them (for the manifest, or help without one).
 */

type FastPath = {runFast(argv: string[]): Promise<boolean>}
type Loader = typeof import('../fast/code-cache.js')

const requireHere = createRequire(import.meta.url)

async function loadFastPath(): Promise<{exports: FastPath; saveCache(): void}> {
  let loader: Loader
  try {
    // The one-file CommonJS bundle next to dist/commands, through the loader that keeps its V8
    // code cache: starts faster than the ESM graph.
    loader = requireHere('../fast/load.cjs') as Loader
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error
    // Development from src/ through tsx: no bundle there.
    return {exports: await import('../fast/credential-process.js'), saveCache() {}}
  }

  return loader.loadBundle<FastPath>(requireHere.resolve('../fast/credential-process.cjs'), requireHere)
}

function defineFlags(Flags: typeof OclifFlags) {
  return {
    flags: {
      profile: Flags.string({description: `${s.profile.description}`}),
      [s.ssoSession.flag]: Flags.string({description: `${s.ssoSession.description} [config: ${s.ssoSession.configKey}]`}),
      [s.startUrl.flag]: Flags.string(startUrlFlag({env: s.startUrl.env})),
      [s.region.flag]: Flags.string(ssoRegionFlag({env: s.region.env, regionAlias: true})),
      [s.accountId.flag]: Flags.string({env: s.accountId.env, description: `${s.accountId.description} [config: ${s.accountId.configKey}]`}),
      [s.roleName.flag]: Flags.string({env: s.roleName.env, description: `${s.roleName.description} [config: ${s.roleName.configKey}]`}),
      [s.forceRefresh.flag]: Flags.boolean({description: s.forceRefresh.description}),
      [s.noLogin.flag]: Flags.boolean({env: s.noLogin.env, description: s.noLogin.description}),
    },
    baseFlags: {
      debug: Flags.boolean({env: s.debug.env, description: s.debug.description, helpGroup: 'GLOBAL'}),
      verbose: Flags.boolean(VERBOSE_FLAG),
    },
  }
}

let defined: ReturnType<typeof defineFlags> | undefined
// @oclif/core is CommonJS, so a synchronous require serves oclif's synchronous read of the statics.
function flagDefinitions() {
  defined ??= defineFlags((requireHere('@oclif/core') as typeof import('@oclif/core')).Flags)
  return defined
}

/** The oclif command proper, for whatever the fast path does not answer. */
async function oclifCommand(statics: typeof CredentialProcess) {
  const [{BaseCommand}, {processIo, runCredentialProcess}] = await Promise.all([import('../base-command.js'), import('../lib/credential-process.js')])

  class CredentialProcessCommand extends BaseCommand {
    static description = statics.description
    static examples = statics.examples
    static flags = statics.flags
    static baseFlags = statics.baseFlags

    async run(): Promise<void> {
      const {flags} = await this.parse(CredentialProcessCommand)
      // oclif fills a flag from its env var, which keeps the rule: flag, then env, then profile.
      process.exitCode = await runCredentialProcess(
        {
          ...roleInputs(flags),
          forceRefresh: Boolean(flags[s.forceRefresh.flag]),
          noLogin: Boolean(flags[s.noLogin.flag]),
          // AWS_SSO_CREDENTIAL_PROCESS_DEBUG asks for the debug log (lib reads it), as in the
          // original; a stack on stderr comes only with --debug typed, as on the fast path.
          debug: Boolean(flags.debug) && this.argv.includes('--debug'),
        },
        await processIo(this.interrupts.signal),
      )
    }
  }

  // The id oclif ran us under, so help and error hints name the command as typed.
  CredentialProcessCommand.id = statics.id
  CredentialProcessCommand.plugin = statics.plugin
  return CredentialProcessCommand
}

export default class CredentialProcess {
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
  // Set by oclif when it loads the command.
  declare static id: string
  declare static plugin: typeof Command.plugin

  static get flags() {
    return flagDefinitions().flags
  }

  static get baseFlags() {
    return flagDefinitions().baseFlags
  }

  /** oclif's entry: `Command.run(argv, config)`. */
  static async run(argv: string[], config: Config): Promise<unknown> {
    // The SDK, loaded on a cache miss, would warn about Node 20 on stderr (bin/run.js does not run here).
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
    const fast = await loadFastPath()
    if (await fast.exports.runFast(argv)) {
      if (!process.exitCode) fast.saveCache()
      return
    }

    const command = await oclifCommand(this)
    return command.run(argv, config)
  }
}

aliasUnderPluginTopic(CredentialProcess)
