import {Flags} from '@oclif/core'

import {EverydayCommand} from '../everyday-command.js'
import {formatLocalTime} from '../lib/auth/messages.js'
import {silentUi} from '../lib/auth/ui.js'
import {loadConfig} from '../lib/config/load.js'
import {profileOrEnv} from '../lib/env.js'
import {ConfigError} from '../lib/errors.js'
import {resolveRoleCredentials} from '../lib/everyday/role-credentials.js'
import {allInstanceStatus, type InstanceStatus, profileStatus, type ProfileStatus} from '../lib/everyday/status.js'
import {type CallerIdentity, getCallerIdentity} from '../lib/everyday/sts.js'
import {configFilePath} from '../lib/paths.js'

const when = (iso: string) => formatLocalTime(new Date(iso))

function instanceLine(s: InstanceStatus): string {
  const refresh = s.refreshable ? 'refreshable' : 'not refreshable'
  if (s.loggedIn) return `${s.description}: logged in until ${when(s.expiresAt!)}, ${refresh}`
  if (s.expiresAt) return `${s.description}: not logged in (expired ${when(s.expiresAt)}), ${refresh}`
  return `${s.description}: not logged in`
}

function profileLine(p: ProfileStatus): string {
  const what = `profile ${p.profile} (${p.accountId} ${p.roleName})`
  if (p.credentials === 'valid') return `${what}: role credentials cached until ${when(p.expiresAt!)}`
  if (p.credentials === 'expired') return `${what}: cached role credentials expired ${when(p.expiresAt!)}`
  return `${what}: no cached role credentials`
}

export default class Status extends EverydayCommand {
  static aliases = ['whoami']
  static description = `Show who is logged in, and until when.

One line per [sso-session] and per legacy start URL in ~/.aws/config (or AWS_CONFIG_FILE): logged in or not, until when (local time), and whether the login renews itself without a browser (a refresh token). With --profile, also the state of that profile's cached role credentials; with --check also the caller identity that STS GetCallerIdentity reports for them (fetching role credentials with the cached token when none are cached; status never starts a login).

Reads only the caches unless --check is given. --output json prints {instances: [...], profile?: {...}}.

Exit codes: 0 ok, 1 (--check) login required, 2 configuration error or invalid flag, 4 AWS service error, 5 anything else.`
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile my-sso-profile --check',
    '<%= config.bin %> whoami --output json',
  ]
  static flags = {
    profile: Flags.string({description: "Also show this profile's cached role credentials. Default: AWS_PROFILE."}),
    check: Flags.boolean({description: "Call STS GetCallerIdentity with the profile's credentials (needs --profile)."}),
    output: Flags.string({char: 'o', options: ['text', 'json'], default: 'text', description: 'Output format.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Status)
    flags.profile = profileOrEnv(flags.profile, process.env)
    if (flags.check && flags.profile === undefined) throw new ConfigError('--check needs --profile: name the profile whose credentials to check.')
    const {env} = process
    const config = await loadConfig(configFilePath(env))
    const instances = await allInstanceStatus(config, env)
    let profile: ProfileStatus | undefined
    let identity: CallerIdentity | undefined
    if (flags.profile !== undefined) {
      if (!config.profiles[flags.profile]) {
        throw new ConfigError(`Profile "${flags.profile}" was not found in ${config.path}. Check the name, or set AWS_CONFIG_FILE to the file that has it.`)
      }

      profile = await profileStatus(config, flags.profile, env)
      if (flags.check) {
        const resolved = await resolveRoleCredentials({profile: flags.profile}, {env, ui: silentUi, noLogin: true})
        identity = await getCallerIdentity(resolved.credentials, {region: resolved.profileRegion ?? resolved.settings.instance.region, env})
        // Fetching for the check may have cached fresh credentials.
        profile = await profileStatus(config, flags.profile, env)
      }
    }

    if (flags.output === 'json') {
      const out: Record<string, unknown> = {instances}
      if (profile) out.profile = identity ? {...profile, identity} : profile
      process.stdout.write(JSON.stringify(out, null, 2) + '\n')
      return
    }

    const lines = instances.map((s) => instanceLine(s))
    if (instances.length === 0) lines.push(`No IAM Identity Center instance in ${config.path}.`)
    if (profile) lines.push(profileLine(profile))
    if (profile && identity) lines.push(`profile ${profile.profile}: caller identity ${identity.arn} (account ${identity.account})`)
    process.stdout.write(lines.map((l) => `${l}\n`).join(''))
  }
}
