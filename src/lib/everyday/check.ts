import {accessSync, constants, readdirSync, statSync} from 'node:fs'
import {extname, join} from 'node:path'

import type {LoginUi} from '../auth/ui.js'
import type {LoadedConfig} from '../config/load.js'
import type {Env} from '../env.js'

import {instancesInConfig, profileInstance, selectInstance} from '../auth/instances.js'
import {loginCommandFor} from '../auth/messages.js'
import {hasPosixModes} from '../cache/secure-file.js'
import {findOnPath} from '../configure/credential-process-command.js'
import {lineQuote, lineSplit} from '../configure/line-quote.js'
import {LoginRequiredError, oneLine} from '../errors.js'
import {describeInstance, type SsoInstance} from '../instance.js'
import {cliCacheDir, ssoCacheDir} from '../paths.js'
import {resolveCredentialSettings} from '../settings.js'
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

/**
 * The diagnosis, in order: config, instance, the profile's keys and credential_process line, cache
 * modes, token, account and role access. A failure of the instance or token stops the checks that
 * need it; the exit code is that of the first failure.
 */
export async function runChecks(config: LoadedConfig, options: CheckOptions): Promise<CheckResult> {
  const lines: CheckLine[] = []
  let exitCode: number = CheckCode.ok
  const pass = (topic: string, text: string) => lines.push({ok: true, topic, text})
  const fail = (code: number, topic: string, text: string) => {
    lines.push({ok: false, topic, text})
    if (exitCode === CheckCode.ok) exitCode = code
  }

  const {env} = options
  pass('config', `${config.path}: ${Object.keys(config.profiles).length} profile(s), ${Object.keys(config.ssoSessions).length} sso-session(s)`)

  let instance: SsoInstance | undefined
  const explicit = options.profile !== undefined || options.ssoSession !== undefined || options.startUrl !== undefined
  try {
    if (options.profile !== undefined) instance = profileInstance(config, roleChainOf(config, {profile: options.profile})?.root ?? options.profile)
    else if (explicit) instance = selectInstance({ssoSession: options.ssoSession, startUrl: options.startUrl, region: options.ssoRegion}, env, config)
    else {
      const all = instancesInConfig(config)
      if (all.length === 1 || env.AWS_SSO_LOGIN_DEFAULT_SSO_START_URL || env.AWS_DEFAULT_SSO_START_URL) instance = selectInstance({}, env, config)
      else if (all.length === 0) fail(CheckCode.noInstance, 'instance', `No IAM Identity Center instance found in ${config.path} or the environment.`)
      else
        fail(
          CheckCode.severalInstances,
          'instance',
          `${all.length} instances found in ${config.path}; choose one with --check-profile, --sso-session or -u/--sso-region.`,
        )
    }
  } catch (error) {
    fail(CheckCode.badInstance, 'instance', oneLine(error))
  }

  if (!instance) return {lines, exitCode}
  pass('instance', describeInstance(instance))

  let {accountId, roleName} = options
  if (options.profile !== undefined) {
    try {
      // A profile that assumes a role is checked through its SSO root: that is what needs access.
      const root = roleChainOf(config, {profile: options.profile})?.root ?? options.profile
      const settings = resolveCredentialSettings({profile: root, accountId, roleName}, env, config)
      accountId ??= settings.accountId
      roleName ??= settings.roleName
      pass(
        'profile',
        `${options.profile}: ${root === options.profile ? '' : `assumes a role from ${root}, `}account ${settings.accountId}, role ${settings.roleName}`,
      )
    } catch (error) {
      fail(CheckCode.badProfile, 'profile', oneLine(error))
    }

    const line = config.profiles[options.profile]?.credential_process
    if (line !== undefined) {
      const problems = credentialProcessProblems(line, options.profile, env)
      for (const p of problems) fail(CheckCode.badProfile, 'credential_process', p)
      if (problems.length === 0) pass('credential_process', line)
    }
  }

  const {unsafe, listable} = cacheExposure(env)
  if (unsafe.length > 0) fail(CheckCode.unsafeCache, 'cache', `open to others (chmod go-rwx): ${unsafe.join(', ')}`)
  else if (listable.length > 0) {
    lines.push({
      ok: true,
      warning: true,
      topic: 'cache',
      text: `file names visible to others, contents private (chmod 700 to hide them too): ${listable.join(', ')}`,
    })
  } else if (hasPosixModes()) pass('cache', 'token and role-credential caches are private to you')
  else pass('cache', 'Windows: the caches are as private as the ACLs of your profile folder (modes are not checked)')

  if (options.skipTokenCheck) return {lines, exitCode}
  // The library's token and listing functions, given the instance found above: the config is not read again.
  const {tokenFor} = await import('../api/token.js')
  const {listAccountsOf, listRolesOf} = await import('../api/listing.js')
  const io = {ui: options.ui}
  const target = {profile: options.profile, env, noLogin: true}
  try {
    await tokenFor(instance, target, {allowLogin: false, ui: options.ui})
    pass('token', 'a valid token is cached (or was refreshed)')
  } catch (error) {
    fail(CheckCode.token, 'token', `${oneLine(error)}`.replace(/`aws-sso-util login[^`]*`/, `\`${loginCommandFor(instance, options.profile)}\``))
    return {lines, exitCode}
  }

  try {
    if (accountId !== undefined) {
      const accounts = []
      for await (const account of listAccountsOf(instance, target, io)) accounts.push(account)
      const account = accounts.find((a) => a.accountId === accountId)
      if (!account) {
        fail(CheckCode.noAccount, 'account', `No access to account ${accountId} (${accounts.length} account(s) available).`)
        return {lines, exitCode}
      }

      pass('account', `${accountId} (${account.accountName})`)
      if (roleName !== undefined) {
        const roles = []
        for await (const role of listRolesOf(instance, {...target, accountId}, io)) roles.push(role.roleName)
        if (roles.includes(roleName)) pass('role', `${roleName} in ${accountId}`)
        else fail(CheckCode.noRoleInAccount, 'role', `No access to role ${roleName} in account ${accountId}; available: ${roles.join(', ') || 'none'}.`)
      }
    } else if (roleName !== undefined) {
      const where = new Set<string>()
      for await (const role of listRolesOf(instance, target, io)) if (role.roleName === roleName) where.add(role.accountId)
      if (where.size > 0) pass('role', `${roleName} in ${where.size} account(s): ${[...where].join(', ')}`)
      else fail(CheckCode.noRoleAnywhere, 'role', `No access to role ${roleName} in any of your accounts.`)
    }
  } catch (error) {
    // A token the portal rejects means the login is gone (with noLogin the listing says so as
    // LoginRequiredError); anything else (network, throttling beyond retries) is not a finding
    // about the setup and ends the command as an error.
    if (!(error instanceof LoginRequiredError) && (error as Error)?.name !== 'TokenRejectedError') throw error
    fail(CheckCode.token, 'token', `${oneLine(error).replace(/ ?Log in again and try again\.$/, '')} Run \`${loginCommandFor(instance, options.profile)}\`.`)
  }

  return {lines, exitCode}
}
