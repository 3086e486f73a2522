import {accessSync, constants, readdirSync, statSync} from 'node:fs'
import {extname, join} from 'node:path'

import type {LoginUi} from '../auth/ui.js'
import type {LoadedConfig} from '../config/load.js'
import type {Env} from '../env.js'

import {instancesInConfig, LOGIN_START_URL_VARS, profileInstance, selectInstance} from '../auth/instances.js'
import {hasPosixModes} from '../cache/secure-file.js'
import {findOnPath} from '../configure/credential-process-command.js'
import {lineQuote, lineSplit} from '../configure/line-quote.js'
import {LoginRequiredError, oneLine} from '../errors.js'
import {describeInstance, type SsoInstance} from '../instance.js'
import {cliCacheDir, ssoCacheDir} from '../paths.js'
import {resolveCredentialSettings, type ResolvedCredentialSettings} from '../settings.js'
import {roleChainOf} from './role-chain.js'

/**
 * The original's exit codes (101-103 instance, 201 token, 202-204 access) plus ours for the
 * profile's own keys and credential_process line (104) and unsafe cache modes (105).
 */
export const CheckCode = {
  ok: 0,
  noInstance: 101,
  badInstance: 102,
  severalInstances: 103,
  badProfile: 104,
  unsafeCache: 105,
  token: 201,
  noAccount: 202,
  noRoleAnywhere: 203,
  noRoleInAccount: 204,
} as const

export interface CheckLine {
  ok: boolean
  /** Worth knowing, not a failure: printed as WARN, the exit code unchanged. */
  warning?: boolean
  /** What was checked: config, instance, profile, credential_process, cache, token, account, role. */
  topic: string
  text: string
}

export interface CheckOptions {
  env: Env
  ui: LoginUi
  profile?: string
  ssoSession?: string
  startUrl?: string
  ssoRegion?: string
  accountId?: string
  roleName?: string
  skipTokenCheck?: boolean
}

export interface CheckResult {
  lines: CheckLine[]
  exitCode: number
}

/**
 * The program a line's first word starts, found as botocore finds it: a path as it is, a bare name
 * through PATH. On Windows CreateProcess appends `.exe` to a name without an extension and nothing
 * else, so npm's extension-less `aws-sso-util` (and its `.cmd`, unless named) is not a program there.
 */
export function findExecutable(command: string, env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  const windows = platform === 'win32'
  const name = windows && extname(command) === '' ? `${command}.exe` : command
  if (!(windows ? /[\\/:]/.test(name) : name.includes('/'))) return findOnPath(name, env, platform)
  try {
    if (!windows) accessSync(name, constants.X_OK)
    return statSync(name).isFile() ? name : undefined
  } catch {
    return undefined
  }
}

/** Problems with a credential_process line: it must start an installed program and name this profile as every reader splits it. */
export function credentialProcessProblems(line: string, profile: string, env: Env, platform: NodeJS.Platform = process.platform): string[] {
  const words = lineSplit(line, platform)
  if (!words || words.length === 0) return ['credential_process cannot be split into words (an unclosed quote?)']
  const problems: string[] = []
  if (!findExecutable(words[0], env, platform)) {
    const hint = platform === 'win32' && extname(words[0]) === '' ? ` (botocore adds only .exe: name a launcher with its extension, e.g. ${words[0]}.cmd)` : ''
    problems.push(`credential_process runs "${words[0]}", which is not an executable on PATH${hint}`)
  }

  const quoted = (name: string) => {
    try {
      return lineQuote(name, platform)
    } catch {}
  }

  const at = words.indexOf('--profile')
  const named = at === -1 ? words.find((w) => w.startsWith('--profile='))?.slice('--profile='.length) : words[at + 1]
  const want = quoted(profile)
  if (named === undefined) {
    if (words.includes('credential-process')) problems.push('credential_process has no --profile; add --profile ' + (want ?? profile))
  } else if (named !== profile) {
    problems.push(`credential_process names --profile "${named}", not this profile "${profile}"`)
  } else if (want === undefined || !line.includes(want)) {
    // POSIX: botocore splits with shlex, SDK v3 runs /bin/sh -c; Windows: botocore's C-runtime split, SDK v3 and Go run cmd.exe.
    // Only the quoting lineQuote writes reads the same in all of them.
    problems.push(
      want === undefined
        ? `credential_process names profile "${profile}", which cmd.exe-based SDKs cannot receive intact on Windows; rename the profile`
        : `credential_process quotes the profile name in a way only some SDKs read; write --profile ${want}`,
    )
  }

  return problems
}

/** The permission bits (rwx for owner, group, others) of a stat mode. */
const permissions = (mode: number) => mode % 0o1000
/** Whether group or others have any permission. */
const shared = (mode: number) => mode % 0o100 !== 0
/** Whether group or others may create, rename or remove entries (a directory's w bit). */
const writableByOthers = (mode: number) => Math.floor((mode % 0o100) / 0o10) % 4 >= 2 || (mode % 0o10) % 4 >= 2

const describe = (path: string, mode: number) => `${path} (mode ${permissions(mode).toString(8)})`

/**
 * The two caches as others than the owner see them. Token and credential files readable by others
 * and directories others can write to (they could plant or swap a file) are unsafe. A directory
 * others can only list is what botocore and AWS CLI v2 create under umask 022 (0755): the names of
 * 0600 files show, nothing in them does, so it is only worth a warning.
 */
export function cacheExposure(env: Env, platform: NodeJS.Platform = process.platform): {unsafe: string[]; listable: string[]} {
  const unsafe: string[] = []
  const listable: string[] = []
  // Node reports every Windows file as 0666 and every directory as 0777: there are no modes to judge.
  if (!hasPosixModes(platform)) return {unsafe, listable}
  for (const dir of [ssoCacheDir(env), cliCacheDir(env)]) {
    let names: string[]
    try {
      const {mode} = statSync(dir)
      if (writableByOthers(mode)) unsafe.push(describe(dir, mode))
      else if (shared(mode)) listable.push(describe(dir, mode))
      names = readdirSync(dir)
    } catch {
      continue
    }

    for (const name of names) {
      const path = join(dir, name)
      try {
        const {mode} = statSync(path)
        if (name.endsWith('.json') && shared(mode)) unsafe.push(describe(path, mode))
      } catch {}
    }
  }

  return {unsafe, listable}
}

/** The lines found so far and the exit code of the first failure. */
class Findings {
  readonly lines: CheckLine[] = []
  exitCode: number = CheckCode.ok

  pass(topic: string, text: string): void {
    this.lines.push({ok: true, topic, text})
  }

  warn(topic: string, text: string): void {
    this.lines.push({ok: true, warning: true, topic, text})
  }

  fail(code: number, topic: string, text: string): void {
    this.lines.push({ok: false, topic, text})
    if (this.exitCode === CheckCode.ok) this.exitCode = code
  }

  result(): CheckResult {
    return {lines: this.lines, exitCode: this.exitCode}
  }
}

/**
 * The diagnosis, in order: config, instance, the profile's keys and credential_process line, cache
 * modes, token, account and role access. A failure of the instance or token stops the checks that
 * need it; the exit code is that of the first failure.
 */
export async function runChecks(config: LoadedConfig, options: CheckOptions): Promise<CheckResult> {
  const found = new Findings()
  found.pass('config', `${config.path}: ${Object.keys(config.profiles).length} profile(s), ${Object.keys(config.ssoSessions).length} sso-session(s)`)
  const instance = checkInstance(config, options, found)
  if (!instance) return found.result()
  found.pass('instance', describeInstance(instance))

  let {accountId, roleName} = options
  if (options.profile !== undefined) {
    const settings = checkProfile(config, options.profile, options, found)
    accountId ??= settings?.accountId
    roleName ??= settings?.roleName
  }

  checkCaches(options.env, found)
  if (options.skipTokenCheck) return found.result()
  if (await checkToken(instance, options, found)) await checkAccess(instance, {...options, accountId, roleName}, found)
  return found.result()
}

/** The instance the options name, else the only one configured (or the default-instance env vars). */
function checkInstance(config: LoadedConfig, options: CheckOptions, found: Findings): SsoInstance | undefined {
  const {env} = options
  const explicit = options.profile !== undefined || options.ssoSession !== undefined || options.startUrl !== undefined
  try {
    if (options.profile !== undefined) return profileInstance(config, roleChainOf(config, {profile: options.profile})?.root ?? options.profile)
    if (explicit) return selectInstance({ssoSession: options.ssoSession, startUrl: options.startUrl, region: options.ssoRegion}, env, config)
    const all = instancesInConfig(config)
    if (all.length === 1 || LOGIN_START_URL_VARS.some((name) => env[name])) return selectInstance({}, env, config)
    if (all.length === 0) found.fail(CheckCode.noInstance, 'instance', `No IAM Identity Center instance found in ${config.path} or the environment.`)
    else {
      found.fail(
        CheckCode.severalInstances,
        'instance',
        `${all.length} instances found in ${config.path}; choose one with --check-profile, --sso-session or -u/--sso-region.`,
      )
    }
  } catch (error) {
    found.fail(CheckCode.badInstance, 'instance', oneLine(error))
  }

  return undefined
}

/** The profile's account and role keys, and its credential_process line. */
function checkProfile(config: LoadedConfig, profile: string, options: CheckOptions, found: Findings): ResolvedCredentialSettings | undefined {
  let settings: ResolvedCredentialSettings | undefined
  try {
    // A profile that assumes a role is checked through its SSO root: that is what needs access.
    const root = roleChainOf(config, {profile})?.root ?? profile
    settings = resolveCredentialSettings({profile: root, accountId: options.accountId, roleName: options.roleName}, options.env, config)
    found.pass('profile', `${profile}: ${root === profile ? '' : `assumes a role from ${root}, `}account ${settings.accountId}, role ${settings.roleName}`)
  } catch (error) {
    found.fail(CheckCode.badProfile, 'profile', oneLine(error))
  }

  const line = config.profiles[profile]?.credential_process
  if (line !== undefined) {
    const problems = credentialProcessProblems(line, profile, options.env)
    for (const p of problems) found.fail(CheckCode.badProfile, 'credential_process', p)
    if (problems.length === 0) found.pass('credential_process', line)
  }

  return settings
}

function checkCaches(env: Env, found: Findings): void {
  const {unsafe, listable} = cacheExposure(env)
  if (unsafe.length > 0) found.fail(CheckCode.unsafeCache, 'cache', `open to others (chmod go-rwx): ${unsafe.join(', ')}`)
  else if (listable.length > 0) {
    found.warn('cache', `file names visible to others, contents private (chmod 700 to hide them too): ${listable.join(', ')}`)
  } else if (hasPosixModes()) found.pass('cache', 'token and role-credential caches are private to you')
  else found.pass('cache', 'Windows: the caches are as private as the ACLs of your profile folder (modes are not checked)')
}

/** A valid token, cached or refreshed, never a login; its messages already name the login command for this instance. */
async function checkToken(instance: SsoInstance, options: CheckOptions, found: Findings): Promise<boolean> {
  // The library's token function, given the instance found above: the config is not read again.
  const {tokenFor} = await import('../api/token.js')
  try {
    await tokenFor(instance, {profile: options.profile, env: options.env}, {allowLogin: false, ui: options.ui})
    found.pass('token', 'a valid token is cached (or was refreshed)')
    return true
  } catch (error) {
    found.fail(CheckCode.token, 'token', oneLine(error))
    return false
  }
}

/** Access to the account, the role in it, or the role in any account, as the portal lists them. */
async function checkAccess(instance: SsoInstance, options: CheckOptions, found: Findings): Promise<void> {
  const {listAccountsOf, listRolesOf} = await import('../api/listing.js')
  const io = {ui: options.ui}
  const target = {profile: options.profile, env: options.env, noLogin: true}
  const {accountId, roleName} = options
  try {
    if (accountId !== undefined) {
      const accounts = []
      for await (const account of listAccountsOf(instance, target, io)) accounts.push(account)
      const account = accounts.find((a) => a.accountId === accountId)
      if (!account) {
        found.fail(CheckCode.noAccount, 'account', `No access to account ${accountId} (${accounts.length} account(s) available).`)
        return
      }

      found.pass('account', `${accountId} (${account.accountName})`)
      if (roleName !== undefined) {
        const roles = []
        for await (const role of listRolesOf(instance, {...target, accountId}, io)) roles.push(role.roleName)
        if (roles.includes(roleName)) found.pass('role', `${roleName} in ${accountId}`)
        else found.fail(CheckCode.noRoleInAccount, 'role', `No access to role ${roleName} in account ${accountId}; available: ${roles.join(', ') || 'none'}.`)
      }
    } else if (roleName !== undefined) {
      const where = new Set<string>()
      for await (const role of listRolesOf(instance, target, io)) if (role.roleName === roleName) where.add(role.accountId)
      if (where.size > 0) found.pass('role', `${roleName} in ${where.size} account(s): ${[...where].join(', ')}`)
      else found.fail(CheckCode.noRoleAnywhere, 'role', `No access to role ${roleName} in any of your accounts.`)
    }
  } catch (error) {
    // With noLogin, a token the portal rejects comes back as LoginRequiredError naming the login
    // command; anything else (network, throttling beyond retries) is not a finding about the
    // setup and ends the command as an error.
    if (!(error instanceof LoginRequiredError)) throw error
    found.fail(CheckCode.token, 'token', oneLine(error))
  }
}
