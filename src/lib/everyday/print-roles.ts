/**
 * `roles`: the accounts and roles a login can use, printed in the original's listing or as a
 * table, csv or json. The portal is loaded only once the flags and the config have been checked.
 */
import type {LoginUi} from '../auth/ui.js'
import type {LoadedConfig} from '../config/load.js'
import type {Env} from '../env.js'
import type {SsoInstance} from '../instance.js'

import {selectInstance} from '../auth/instances.js'
import {loadConfig} from '../config/load.js'
import {ConfigError} from '../errors.js'
import {configFilePath} from '../paths.js'
import {type ProgressSink, progressBar} from '../progress-bar.js'
import {validateAccountId} from '../settings.js'
import {
  type AvailableRole,
  compileAccountFilter,
  compileRolePatterns,
  filterRoles,
  formatOriginalRoles,
  formatRoles,
  originalHeader,
  originalLayout,
  type OriginalLayout,
  originalRow,
  type RolesOutputFormat,
  profilesByRole,
  type SortOrder,
  sortRoles,
  withProfiles,
} from './roles.js'

export interface RolesRequest {
  profile?: string
  ssoSession?: string
  startUrl?: string
  region?: string
  /** -a values: account ids, parts of ids, or patterns for account names. */
  accounts: readonly string[]
  /** -r values: patterns for role names. */
  roleNames: readonly string[]
  sortBy?: SortOrder
  /** Without it, the original aws-sso-util's listing. */
  output?: RolesOutputFormat
  separator?: string
  header: boolean
  forceRefresh: boolean
  noLogin: boolean
}

export interface RolesIo {
  stdout: (text: string) => void
  /** Where the progress bar is drawn (stderr; only on a terminal). */
  progress: ProgressSink
  ui: LoginUi
  signal: AbortSignal
}

interface RoleFilter {
  /** The only accounts to ask for roles, when -a gives whole ids. */
  accountIds?: string[]
  wanted: (role: AvailableRole) => boolean
}

/** Which roles are wanted, from -a and -r; checked before anything is read or asked. */
function roleFilter(request: RolesRequest): RoleFilter {
  const accounts = compileAccountFilter(request.accounts)
  for (const id of accounts.accountIds ?? []) validateAccountId(id)
  const rolePatterns = compileRolePatterns(request.roleNames)
  if (request.separator === '') throw new ConfigError('--separator must not be empty.')
  return {
    accountIds: accounts.accountIds,
    wanted: (role) => accounts.keep(role) && filterRoles([role], {roleNames: rolePatterns}).length === 1,
  }
}

function chosenInstance(request: RolesRequest, env: Env, config: LoadedConfig): SsoInstance {
  return selectInstance(
    {
      profile: request.profile,
      ssoSession: request.ssoSession,
      startUrl: request.startUrl,
      region: request.region,
      words: {
        names: {profile: '--profile', ssoSession: '--sso-session', startUrl: '--sso-start-url'},
        ways: ['--profile', '--sso-session', '--sso-start-url with --sso-region'],
      },
    },
    env,
    config,
  )
}

/** How the roles are printed: the original's layout (without --output), and whether rows go out as they arrive. */
function printing(request: RolesRequest, io: RolesIo): {layout?: OriginalLayout; stream?: (role: AvailableRole) => void} {
  const layout = request.output === undefined ? originalLayout({sortBy: request.sortBy, separator: request.separator}) : undefined
  // The original printed rows as the portal gave them when a separator was given without a sort.
  if (!layout?.streamed) return {layout}
  if (request.header) io.stdout(originalHeader(layout, request.separator!))
  return {layout, stream: (role) => io.stdout(originalRow(role, layout, request.separator!))}
}

interface Collecting {
  instance: SsoInstance
  env: Env
  filter: RoleFilter
  stream?: (role: AvailableRole) => void
}

/** The wanted roles of the instance, each streamed or collected; a progress bar while they are collected. */
async function collectRoles(request: RolesRequest, {env, filter, instance, stream}: Collecting, io: RolesIo): Promise<AvailableRole[]> {
  const progress = stream ? undefined : progressBar(io.progress, 'accounts')
  const roles: AvailableRole[] = []
  try {
    // The instance chosen above, so the config is read once.
    const {listRolesOf} = await import('../api/listing.js')
    const listing = listRolesOf(
      instance,
      {
        profile: request.profile,
        env,
        noLogin: request.noLogin,
        forceRefresh: request.forceRefresh,
        signal: io.signal,
        accountIds: filter.accountIds,
        onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
      },
      {ui: io.ui},
    )
    for await (const listed of listing) {
      const role = {accountId: listed.accountId, accountName: listed.accountName ?? listed.accountId, roleName: listed.roleName}
      if (!filter.wanted(role)) continue
      if (stream) stream(role)
      else roles.push(role)
    }
  } finally {
    progress?.done()
  }

  return roles
}

/** Lists the roles of the instance the request names and prints them as it asks. */
export async function printRoles(request: RolesRequest, env: Env, io: RolesIo): Promise<void> {
  const filter = roleFilter(request)
  const config = await loadConfig(configFilePath(env))
  const instance = chosenInstance(request, env, config)
  const {layout, stream} = printing(request, io)
  const roles = await collectRoles(request, {env, filter, instance, stream}, io)
  if (stream) return
  if (layout) {
    io.stdout(formatOriginalRoles(roles, layout, {header: request.header, separator: request.separator}))
    return
  }

  const listed = withProfiles(sortRoles(roles, request.sortBy ?? 'id,role'), profilesByRole(config, instance))
  io.stdout(formatRoles(listed, {format: request.output!, header: request.header, separator: request.separator}))
}
