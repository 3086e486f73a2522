import {DEFAULT_ROLE_LISTING_CONCURRENCY} from '../api/listing.js'
import {editConfigText, removeSections, type SectionEdit, validateProfileName, validateValue} from '../config/edit.js'
import {parseConfigFile} from '../config/load.js'
import {type ParsedConfig, type Section} from '../config/parse.js'
import {effectiveProfile} from '../config/profiles.js'
import {type Env, firstEnv} from '../env.js'
import {ConfigError} from '../errors.js'
import {DEFAULT_REGISTRATION_SCOPES, type SsoInstance} from '../instance.js'
import {progressBar, type ProgressSink} from '../progress-bar.js'
import {parseScopes, validateRegion, validateStartUrl} from '../settings.js'
import {unifiedDiff} from './diff.js'
import {
  type ExistingConfigAction,
  parseConfigDefaults,
  PROFILE_REGION_VARS,
  SEPARATOR_VAR,
  CONFIGURE_SSO_REGION_VARS,
  CONFIGURE_START_URL_VARS,
  wantCredentialProcess,
} from './env-defaults.js'
import {isAutoPopulated, isNoop, mergeProfile, planPrune} from './merge.js'
import {namesFromProcess, parseNameProcess} from './name-process.js'
import {clashHint, DEFAULT_SEPARATOR, makeProfileNamer, type NamingOptions} from './naming.js'
import {type PortalAccess, type PortalAccount} from './portal-access.js'
import {credentialProcessLine, type ConfigStore, type ProcessOnlyTarget} from './profile-flow.js'

export interface PopulateRequest {
  startUrl?: string
  ssoRegion?: string
  ssoSession?: string
  /** Empty: AWS_CONFIGURE_DEFAULT_REGION, then AWS_DEFAULT_REGION. */
  regions: readonly string[]
  naming: Omit<NamingOptions, 'separator'> & {separator?: string}
  configDefaults: readonly string[]
  action: ExistingConfigAction
  credentialProcess?: boolean
  /** No sso_* key in the profiles: the instance, account and role go on the credential_process line. */
  processOnly?: boolean
  dryRun: boolean
  prune: boolean
  /** How many ListAccountRoles calls run at once. */
  concurrency?: number
  /** A command that prints each profile's name (or SKIP) from the original's seven arguments. */
  profileNameProcess?: string
}

export interface PopulateDeps {
  env: Env
  store: ConfigStore
  portal: PortalAccess
  credentialProcessPrefix: () => {prefix: string; warning?: string}
  /** The dry-run diff (stdout). */
  out: (text: string) => void
  /** Progress notes and the summary (stderr). */
  note: (line: string) => void
  progress: ProgressSink
}

export interface PlannedProfile {
  name: string
  accountId: string
  accountName: string
  roleName: string
  region: string
}

export interface PopulateResult {
  profiles: PlannedProfile[]
  added: string[]
  updated: string[]
  unchanged: number
  /** One line each: existing profiles of a planned name that are not for its account and role, left alone in keep mode. */
  skipped: string[]
  removed: string[]
  changed: boolean
}

interface Target {
  instance: SsoInstance
  /** The [sso-session] section to create, when it does not exist yet. */
  createSession: boolean
}

function resolveTarget(request: PopulateRequest, env: Env, config: ParsedConfig, path: string): Target {
  const startUrl = request.startUrl ?? firstEnv(env, CONFIGURE_START_URL_VARS)?.value
  const ssoRegion = request.ssoRegion ?? firstEnv(env, CONFIGURE_SSO_REGION_VARS)?.value
  if (request.ssoSession !== undefined) {
    const name = request.ssoSession
    validateProfileName(name, 'sso-session')
    const section = config.ssoSessions[name]
    if (section) {
      for (const [flag, key, given] of [
        ['--sso-start-url', 'sso_start_url', request.startUrl],
        ['--sso-region', 'sso_region', request.ssoRegion],
      ] as const) {
        if (given !== undefined && given !== section[key]) {
          throw new ConfigError(
            `[sso-session ${name}] already has ${key} = ${section[key] ?? '(none)'}, not ${given}; leave ${flag} out or choose another --sso-session name.`,
          )
        }
      }

      if (!section.sso_start_url || !section.sso_region) {
        throw new ConfigError(`[sso-session ${name}] in ${path} lacks sso_start_url or sso_region.`)
      }

      validateStartUrl(section.sso_start_url)
      validateRegion(section.sso_region)
      return {
        instance: {
          startUrl: section.sso_start_url,
          region: section.sso_region,
          sessionName: name,
          registrationScopes: parseScopes(section.sso_registration_scopes),
        },
        createSession: false,
      }
    }

    if (!startUrl || !ssoRegion) {
      throw new ConfigError(`${path} has no [sso-session ${name}] section; give --sso-start-url and --sso-region to create it.`)
    }

    validateStartUrl(startUrl)
    validateRegion(ssoRegion)
    return {instance: {startUrl, region: ssoRegion, sessionName: name, registrationScopes: [...DEFAULT_REGISTRATION_SCOPES]}, createSession: true}
  }

  const missing = [
    ...(startUrl ? [] : [`--sso-start-url (or ${CONFIGURE_START_URL_VARS[0]})`]),
    ...(ssoRegion ? [] : [`--sso-region (or ${CONFIGURE_SSO_REGION_VARS[0]})`]),
  ]
  if (missing.length > 0) throw new ConfigError(`Missing ${missing.join(', ')}; or name an existing section with --sso-session.`)
  validateStartUrl(startUrl!)
  validateRegion(ssoRegion!)
  return {instance: {startUrl: startUrl!, region: ssoRegion!}, createSession: false}
}

function candidates(
  accounts: Array<{account: PortalAccount; roles: string[]}>,
  regions: readonly string[],
): Array<Omit<PlannedProfile, 'name'> & {regionIndex: number}> {
  const out: Array<Omit<PlannedProfile, 'name'> & {regionIndex: number}> = []
  for (const {account, roles} of accounts) {
    const accountName = account.accountName || account.accountId
    for (const roleName of roles) {
      for (const [regionIndex, region] of regions.entries()) out.push({accountId: account.accountId, accountName, roleName, region, regionIndex})
    }
  }

  return out
}

function describeClash(a: PlannedProfile, b: PlannedProfile): string {
  const who = (p: PlannedProfile) => `${p.accountId}/${p.roleName}`
  return a.region === b.region ? `${who(a)} and ${who(b)}` : `${who(a)} in ${a.region} and ${who(b)} in ${b.region}`
}

/** `names` (from --profile-name-process) replaces the naming options; an undefined name is skipped. */
function planNames(
  accounts: Array<{account: PortalAccount; roles: string[]}>,
  regions: readonly string[],
  naming: NamingOptions,
  names?: Array<string | undefined>,
): PlannedProfile[] {
  const namer = makeProfileNamer(naming)
  const planned: PlannedProfile[] = []
  for (const [i, c] of candidates(accounts, regions).entries()) {
    const name = names ? names[i] : namer(c)
    if (name !== undefined) planned.push({name, accountId: c.accountId, accountName: c.accountName, roleName: c.roleName, region: c.region})
  }

  planned.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const invalid: string[] = []
  for (const p of planned) {
    try {
      validateProfileName(p.name)
    } catch {
      invalid.push(JSON.stringify(p.name))
    }
  }

  if (invalid.length > 0) {
    throw new ConfigError(
      `${invalid.length} profile name(s) could not be read back by the AWS SDKs, e.g. ${invalid.slice(0, 3).join(', ')}; nothing was written. Use --safe-account-names, --trim-account-name/--trim-role-name or other --components.`,
    )
  }

  const byName = new Map<string, PlannedProfile>()
  const clashes: Array<[PlannedProfile, PlannedProfile]> = []
  for (const p of planned) {
    const other = byName.get(p.name)
    if (other) clashes.push([other, p])
    else byName.set(p.name, p)
  }

  if (clashes.length > 0) {
    const shown = clashes.slice(0, 2).map(([a, b]) => `"${b.name}" (${describeClash(a, b)})`)
    // --profile-name-process names are the process's own: no component would help.
    const hint = names ? 'Make --profile-name-process print a different name for each, or SKIP.' : clashHint(naming.components, clashes)
    throw new ConfigError(`${clashes.length} profile name(s) would be used twice, e.g. ${shown.join(', ')}; nothing was written. ${hint}`)
  }

  return planned
}

/**
 * `configure populate`: one profile per account × role × region. The listing runs with bounded
 * concurrency (the library's listing retries throttling with backoff), every name is checked before anything
 * is written, and the whole change is one locked, atomic write (or one diff with --dry-run).
 */
export async function populateProfiles(request: PopulateRequest, deps: PopulateDeps): Promise<PopulateResult> {
  const envRegion = firstEnv(deps.env, PROFILE_REGION_VARS)?.value
  const regions: string[] = request.regions.length > 0 ? [...request.regions] : envRegion ? [envRegion] : []
  if (regions.length === 0) throw new ConfigError(`Missing --region (or ${PROFILE_REGION_VARS.join(', ')}).`)
  for (const region of regions) validateRegion(region)
  if (new Set(regions).size !== regions.length) throw new ConfigError('--region lists the same region twice.')
  const naming: NamingOptions = {...request.naming, separator: request.naming.separator ?? deps.env[SEPARATOR_VAR] ?? DEFAULT_SEPARATOR}
  // Bad patterns, components and name processes fail here, before a login.
  makeProfileNamer(naming)
  const nameProcess = request.profileNameProcess === undefined ? undefined : parseNameProcess(request.profileNameProcess, deps.env)
  const defaults = parseConfigDefaults(request.configDefaults)
  for (const [key, value] of defaults) validateValue(key, value)

  const before = await deps.store.read()
  const target = resolveTarget(request, deps.env, parseConfigFile(deps.store.path, before), deps.store.path)
  const {instance} = target
  if (request.processOnly && request.credentialProcess === false) {
    throw new ConfigError('--process-only needs the credential_process line; leave out --no-credential-process.')
  }

  const prefix = request.processOnly || wantCredentialProcess(request.credentialProcess, deps.env) ? deps.credentialProcessPrefix() : undefined
  if (prefix?.warning) deps.note(`Warning: ${prefix.warning}`)

  const accounts = await deps.portal.listAccounts(instance)
  deps.note(`Listing roles in ${accounts.length} account(s)…`)
  const bar = progressBar(deps.progress, 'accounts')
  let roles: Map<string, string[]>
  try {
    roles = await deps.portal.listRoles(instance, accounts, {
      concurrency: request.concurrency ?? DEFAULT_ROLE_LISTING_CONCURRENCY,
      onProgress: (done, total) => bar.update(done, total),
    })
  } finally {
    bar.done()
  }

  const listed = accounts.map((account) => ({account, roles: roles.get(account.accountId) ?? []}))
  const names = nameProcess
    ? await namesFromProcess(
        nameProcess,
        candidates(listed, regions).map((c) => ({...c, regionCount: regions.length})),
        deps.env,
      )
    : undefined
  const planned = planNames(listed, regions, naming, names)

  const processOnly = (p: PlannedProfile): ProcessOnlyTarget | undefined =>
    request.processOnly
      ? {
          accountId: p.accountId,
          roleName: p.roleName,
          ...(instance.sessionName === undefined ? {startUrl: instance.startUrl, ssoRegion: instance.region} : {ssoSession: instance.sessionName}),
        }
      : undefined

  let result: PopulateResult | undefined
  const apply = (text: string): string => {
    const config = parseConfigFile(deps.store.path, text)
    const edits: SectionEdit[] = []
    if (target.createSession && !config.ssoSessions[instance.sessionName!]) {
      edits.push({
        section: {kind: 'sso-session', name: instance.sessionName!},
        set: [
          ['sso_start_url', instance.startUrl],
          ['sso_region', instance.region],
          ['sso_registration_scopes', DEFAULT_REGISTRATION_SCOPES.join(',')],
        ],
      })
    }

    const added: string[] = []
    const updated: string[] = []
    let unchanged = 0
    const skipped: string[] = []
    for (const p of planned) {
      const existing = config.profiles[p.name]
      const foreign = existing === undefined ? undefined : foreignProfile(effectiveProfile(config.profiles, p.name)!, p)
      // A profile of that name that is not for this account and role is someone's own: merging
      // ours into it would silently repoint it. Only overwrite or discard may replace it.
      if (foreign !== undefined && request.action === 'keep') {
        skipped.push(
          `Skipped profile "${p.name}": ${foreign}, not ${p.accountId}/${p.roleName}; left as it is (--existing-config-action overwrite replaces it).`,
        )
        continue
      }

      const handWritten = existing !== undefined && request.action === 'keep' && !isAutoPopulated(existing)
      const change = mergeProfile({
        existing,
        action: request.action,
        explicit: [
          ...(instance.sessionName === undefined
            ? ([
                ['sso_start_url', instance.startUrl],
                ['sso_region', instance.region],
              ] as Array<[string, string]>)
            : ([['sso_session', instance.sessionName]] as Array<[string, string]>)),
          ...(p.accountName === p.accountId ? [] : ([['sso_account_name', p.accountName]] as Array<[string, string]>)),
          ['sso_account_id', p.accountId],
          ['sso_role_name', p.roleName],
          ['region', p.region],
        ],
        defaults,
        tail: [
          ...(prefix ? ([['credential_process', credentialProcessLine(prefix.prefix, p.name, processOnly(p))]] as Array<[string, string]>) : []),
          // A hand-written profile that happens to have a generated name is updated but not marked
          // in keep mode, so that --prune can never delete it later.
          ...(handWritten ? [] : ([['sso_auto_populated', 'true']] as Array<[string, string]>)),
        ],
        drop: [
          ...(prefix ? [] : ['credential_process']),
          ...(instance.sessionName === undefined ? ['sso_session'] : ['sso_start_url', 'sso_region']),
          // The Go SDK takes its own SSO provider for a profile with any of these.
          ...(request.processOnly ? ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_name', 'sso_account_id', 'sso_role_name'] : []),
        ],
      })
      if (existing === undefined) added.push(p.name)
      else if (isNoop(change)) {
        unchanged++
        continue
      } else updated.push(p.name)
      edits.push({section: {kind: 'profile', name: p.name}, set: change.set, remove: change.remove})
    }

    let next = editConfigText(text, edits)
    const removed = request.prune
      ? planPrune({profiles: config.profiles, ssoSessions: config.ssoSessions, keep: new Set(planned.map((p) => p.name)), startUrl: instance.startUrl})
      : []
    if (removed.length > 0)
      next = removeSections(
        next,
        removed.map((name) => ({kind: 'profile', name})),
      )
    result = {profiles: planned, added, updated, unchanged, skipped, removed, changed: next !== text}
    return next
  }

  const {path} = deps.store
  if (request.dryRun) {
    const after = apply(before)
    const diff = unifiedDiff(before, after, {fromLabel: path, toLabel: path})
    if (diff) deps.out(diff)
    for (const line of result!.skipped) deps.note(line)
    deps.note(`Dry run: ${summary(result!)} in ${path}; nothing was written.`)
    return result!
  }

  await deps.store.update(apply)
  for (const line of result!.skipped) deps.note(line)
  deps.note(`${result!.changed ? 'Wrote' : 'No changes:'} ${summary(result!)} in ${path}.`)
  return result!
}

/**
 * Why an existing profile is not one populate may update for `p`: it is not for the same account
 * and role (none at all, as in a profile written by hand, or another one). undefined: it is.
 */
function foreignProfile(existing: Section, p: PlannedProfile): string | undefined {
  const accountId = existing.sso_account_id
  const roleName = existing.sso_role_name
  if (accountId === p.accountId && roleName === p.roleName) return undefined
  if (accountId === undefined && roleName === undefined) return 'it has no sso_account_id or sso_role_name'
  return `it is for ${accountId ?? '(no account)'}/${roleName ?? '(no role)'}`
}

function summary(r: PopulateResult): string {
  const parts = [
    `${r.added.length} new`,
    `${r.updated.length} updated`,
    `${r.unchanged} unchanged`,
    ...(r.skipped.length > 0 ? [`${r.skipped.length} skipped`] : []),
  ]
  if (r.removed.length > 0) parts.push(`${r.removed.length} removed`)
  return `${r.profiles.length} profile(s) (${parts.join(', ')})`
}
