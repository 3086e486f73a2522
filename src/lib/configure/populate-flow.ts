import {DEFAULT_ROLE_LISTING_CONCURRENCY} from '../api/listing.js'
import {instanceFromConfig, sameStartUrl} from '../auth/instances.js'
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
import {clashHint, DEFAULT_SEPARATOR, makeProfileNamer, type NamingOptions, originalSafeAccountName, type ProfileNamer, safeAccountName} from './naming.js'
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

  const instance = instanceFromConfig(
    {startUrl, region: ssoRegion, flags: {startUrl: `--sso-start-url (or ${CONFIGURE_START_URL_VARS[0]})`, region: '--sso-region'}},
    {path, profiles: config.profiles, ssoSessions: config.ssoSessions},
  )
  return {instance, createSession: false}
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

/** Why the SDKs cannot read `name` back from a `[profile …]` header; undefined when they all can. */
function unreadableBecause(name: string): string | undefined {
  try {
    validateProfileName(name)
    return undefined
  } catch (error) {
    return /: (.*?)\. Use only/.exec((error as Error).message)?.[1] ?? 'the SDKs cannot read it'
  }
}

/** A name every SDK reads: each run of other characters becomes one `-`. */
function readableForm(name: string): string {
  return name.replaceAll(/[^\w\-@+.%:/]+/g, '-').replaceAll(/^-+|-+$/g, '') || 'profile'
}

interface NamedCandidate extends PlannedProfile {
  /** The original's name, when this one differs from it because an SDK could not read that. */
  originalName?: string
}

/**
 * Names as the original gives them (`names` from --profile-name-process, undefined for SKIP, or
 * the naming options); where an SDK could not read that name, the account name made safe for
 * every SDK (or, failing that, the whole name), with the original's name kept for the note.
 */
function nameCandidates(
  listed: Array<{account: PortalAccount; roles: string[]}>,
  regions: readonly string[],
  naming: NamingOptions,
  names?: Array<string | undefined>,
): NamedCandidate[] {
  const original = makeProfileNamer(naming)
  const strict: ProfileNamer = makeProfileNamer(naming, safeAccountName)
  const out: NamedCandidate[] = []
  for (const [i, c] of candidates(listed, regions).entries()) {
    const name = names ? names[i] : original(c)
    if (name === undefined) continue
    const profile = {accountId: c.accountId, accountName: c.accountName, roleName: c.roleName, region: c.region}
    if (unreadableBecause(name) === undefined) {
      out.push({name, ...profile})
      continue
    }

    const safer = names ? name : strict(c)
    out.push({name: unreadableBecause(safer) === undefined ? safer : readableForm(safer), ...profile, originalName: name})
  }

  return out
}

/** The key a profile is the same profile by: account, role and region (the instance is the run's). */
function profileKey(p: {accountId: string; region: string; roleName: string}): string {
  return `${p.accountId}/${p.roleName}/${p.region}`
}

/**
 * Auto-populated profiles already in the config for this instance, by account, role and region:
 * a re-run updates them under the name they have (the original's, or one the user renamed), so
 * nothing a script or AWS_PROFILE names is renamed or written twice.
 */
function populatedProfiles(config: ParsedConfig, instance: SsoInstance): Map<string, string[]> {
  const byKey = new Map<string, string[]>()
  for (const name of Object.keys(config.profiles)) {
    const section = effectiveProfile(config.profiles, name)!
    if (!isAutoPopulated(section) || !section.sso_account_id || !section.sso_role_name || !section.region) continue
    const session = section.sso_session === undefined ? undefined : config.ssoSessions[section.sso_session]
    const url = session ? session.sso_start_url : section.sso_start_url
    const region = session ? session.sso_region : section.sso_region
    if (url === undefined || !sameStartUrl(url, instance.startUrl) || region !== instance.region) continue
    const key = profileKey({accountId: section.sso_account_id, roleName: section.sso_role_name, region: section.region})
    byKey.set(key, [...(byKey.get(key) ?? []), name])
  }

  return byKey
}

/** Each candidate under the name of its profile already in the config, when there is one. */
function keepExistingNames(named: NamedCandidate[], existing: Map<string, string[]>): NamedCandidate[] {
  return named.map((p) => {
    const names = existing.get(profileKey(p))
    if (!names || names.includes(p.name)) return p
    return {...p, name: names[0], originalName: undefined}
  })
}

/** Every name is one the SDKs read back (botocore at least, for a name the config already has) and none is used twice. */
function checkNames(planned: PlannedProfile[], naming: NamingOptions, fromProcess: boolean): void {
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
    const hint = fromProcess ? 'Make --profile-name-process print a different name for each, or SKIP.' : clashHint(naming.components, clashes)
    throw new ConfigError(`${clashes.length} profile name(s) would be used twice, e.g. ${shown.join(', ')}; nothing was written. ${hint}`)
  }
}

/** One line per profile whose name differs from the original's, saying why. */
function renameNotes(named: NamedCandidate[]): string[] {
  return named
    .filter((p) => p.originalName !== undefined)
    .map(
      (p) =>
        `Profile "${p.name}" (${p.accountId}/${p.roleName} in ${p.region}): aws-sso-util 4.33 named it "${p.originalName}", which the AWS SDKs cannot read (${unreadableBecause(p.originalName!)}).`,
    )
}

function byName(a: PlannedProfile, b: PlannedProfile): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

/** What a run is asked, checked before any login: a bad pattern or region writes nothing and calls nothing. */
interface Prepared {
  regions: string[]
  naming: NamingOptions
  nameProcess?: string[]
  defaults: Array<[string, string]>
}

function prepare(request: PopulateRequest, env: Env): Prepared {
  const envRegion = firstEnv(env, PROFILE_REGION_VARS)?.value
  const regions: string[] = request.regions.length > 0 ? [...request.regions] : envRegion ? [envRegion] : []
  if (regions.length === 0) throw new ConfigError(`Missing --region (or ${PROFILE_REGION_VARS.join(', ')}).`)
  for (const region of regions) validateRegion(region)
  if (new Set(regions).size !== regions.length) throw new ConfigError('--region lists the same region twice.')
  const naming: NamingOptions = {...request.naming, separator: request.naming.separator ?? env[SEPARATOR_VAR] ?? DEFAULT_SEPARATOR}
  makeProfileNamer(naming)
  const nameProcess = request.profileNameProcess === undefined ? undefined : parseNameProcess(request.profileNameProcess, env)
  const defaults = parseConfigDefaults(request.configDefaults)
  for (const [key, value] of defaults) validateValue(key, value)
  return {regions, naming, nameProcess, defaults}
}

/** Every account and its roles, with a progress bar over the accounts. */
async function listAccess(instance: SsoInstance, request: PopulateRequest, deps: PopulateDeps): Promise<Array<{account: PortalAccount; roles: string[]}>> {
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

  return accounts.map((account) => ({account, roles: roles.get(account.accountId) ?? []}))
}

/** The names a run gives: the name process's (it gets the account name as the original passed it) or the naming options'. */
async function nameAll(listed: Array<{account: PortalAccount; roles: string[]}>, prepared: Prepared, env: Env): Promise<NamedCandidate[]> {
  const {nameProcess, naming, regions} = prepared
  if (!nameProcess) return nameCandidates(listed, regions, naming)
  const accountName = naming.safeAccountNames ? originalSafeAccountName : (name: string) => name
  const requests = candidates(listed, regions).map((c) => ({...c, accountName: accountName(c.accountName), regionCount: regions.length}))
  return nameCandidates(listed, regions, naming, await namesFromProcess(nameProcess, requests, env))
}

interface Outcome {
  edit?: SectionEdit
  kind: 'added' | 'skipped' | 'unchanged' | 'updated'
  line?: string
}

/** The change one planned profile makes to its section (or why it is left alone). */
function profileChange(
  p: PlannedProfile,
  existing: Section | undefined,
  ctx: {action: ExistingConfigAction; defaults: Array<[string, string]>; effective?: Section; instance: SsoInstance; prefix?: string; processOnly?: boolean},
): Outcome {
  const {action, instance, prefix} = ctx
  const foreign = existing === undefined ? undefined : foreignProfile(ctx.effective ?? existing, p)
  // A profile of that name that is not for this account and role is someone's own: merging
  // ours into it would silently repoint it. Only overwrite or discard may replace it.
  if (foreign !== undefined && action === 'keep') {
    return {
      kind: 'skipped',
      line: `Skipped profile "${p.name}": ${foreign}, not ${p.accountId}/${p.roleName}; left as it is (--existing-config-action overwrite replaces it).`,
    }
  }

  const handWritten = existing !== undefined && action === 'keep' && !isAutoPopulated(existing)
  const instanceKeys: Array<[string, string]> =
    instance.sessionName === undefined
      ? [
          ['sso_start_url', instance.startUrl],
          ['sso_region', instance.region],
        ]
      : [['sso_session', instance.sessionName]]
  const change = mergeProfile({
    existing,
    action,
    explicit: [
      ...instanceKeys,
      ...(p.accountName === p.accountId ? [] : ([['sso_account_name', p.accountName]] as Array<[string, string]>)),
      ['sso_account_id', p.accountId],
      ['sso_role_name', p.roleName],
      ['region', p.region],
    ],
    defaults: ctx.defaults,
    tail: [
      ...(prefix
        ? ([['credential_process', credentialProcessLine(prefix, p.name, ctx.processOnly ? processOnlyTarget(p, instance) : undefined)]] as Array<
            [string, string]
          >)
        : []),
      // A hand-written profile that happens to have a generated name is updated but not marked
      // in keep mode, so that --prune can never delete it later.
      ...(handWritten ? [] : ([['sso_auto_populated', 'true']] as Array<[string, string]>)),
    ],
    drop: [
      ...(prefix ? [] : ['credential_process']),
      ...(instance.sessionName === undefined ? ['sso_session'] : ['sso_start_url', 'sso_region']),
      // The Go SDK takes its own SSO provider for a profile with any of these.
      ...(ctx.processOnly ? ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_name', 'sso_account_id', 'sso_role_name'] : []),
    ],
  })
  if (existing !== undefined && isNoop(change)) return {kind: 'unchanged'}
  return {kind: existing === undefined ? 'added' : 'updated', edit: {section: {kind: 'profile', name: p.name}, set: change.set, remove: change.remove}}
}

/** What a --process-only line names: the account and role, and the instance (its sso-session, or its start URL and region). */
function processOnlyTarget(p: PlannedProfile, instance: SsoInstance): ProcessOnlyTarget {
  return {
    accountId: p.accountId,
    roleName: p.roleName,
    ...(instance.sessionName === undefined ? {startUrl: instance.startUrl, ssoRegion: instance.region} : {ssoSession: instance.sessionName}),
  }
}

/** The [sso-session] section --sso-session names, when it is not there yet. */
function sessionSection(instance: SsoInstance): SectionEdit {
  return {
    section: {kind: 'sso-session', name: instance.sessionName!},
    set: [
      ['sso_start_url', instance.startUrl],
      ['sso_region', instance.region],
      ['sso_registration_scopes', DEFAULT_REGISTRATION_SCOPES.join(',')],
    ],
  }
}

/**
 * What --prune removes: marked profiles of this instance that the run does not write, except any
 * whose account, role and region it writes under another name (a user's older copy is theirs).
 */
function prunable(config: ParsedConfig, planned: PlannedProfile[], instance: SsoInstance): string[] {
  const written = new Set(planned.map((p) => profileKey(p)))
  return planPrune({
    profiles: config.profiles,
    ssoSessions: config.ssoSessions,
    keep: new Set(planned.map((p) => p.name)),
    startUrl: instance.startUrl,
  }).filter((name) => {
    const section = effectiveProfile(config.profiles, name)!
    return !written.has(profileKey({accountId: section.sso_account_id ?? '', roleName: section.sso_role_name ?? '', region: section.region ?? ''}))
  })
}

interface Applied {
  text: string
  result: PopulateResult
  notes: string[]
}

/**
 * The run's whole change to the config text as it is under the lock: profiles already there for
 * the same account, role and region keep their names; --prune leaves every profile whose account,
 * role and region this run writes, under whatever name.
 */
function applyPlan(
  text: string,
  named: NamedCandidate[],
  ctx: {path: string; request: PopulateRequest; prepared: Prepared; target: Target; prefix?: string},
): Applied {
  const {request, target} = ctx
  const {instance} = target
  const config = parseConfigFile(ctx.path, text)
  const planned = keepExistingNames(named, populatedProfiles(config, instance)).sort(byName)
  checkNames(planned, ctx.prepared.naming, ctx.prepared.nameProcess !== undefined)

  const edits: SectionEdit[] = target.createSession && !config.ssoSessions[instance.sessionName!] ? [sessionSection(instance)] : []

  const result: PopulateResult = {profiles: planned, added: [], updated: [], unchanged: 0, skipped: [], removed: [], changed: false}
  for (const p of planned) {
    const outcome = profileChange(p, config.profiles[p.name], {
      action: request.action,
      defaults: ctx.prepared.defaults,
      effective: effectiveProfile(config.profiles, p.name),
      instance,
      prefix: ctx.prefix,
      processOnly: request.processOnly,
    })
    if (outcome.kind === 'skipped') result.skipped.push(outcome.line!)
    else if (outcome.kind === 'unchanged') result.unchanged++
    else result[outcome.kind].push(p.name)
    if (outcome.edit) edits.push(outcome.edit)
  }

  let next = editConfigText(text, edits)
  if (request.prune) result.removed = prunable(config, planned, instance)
  if (result.removed.length > 0)
    next = removeSections(
      next,
      result.removed.map((name) => ({kind: 'profile', name})),
    )

  result.changed = next !== text
  return {text: next, result, notes: [...renameNotes(planned), ...result.skipped]}
}

/**
 * `configure populate`: one profile per account × role × region. The listing runs with bounded
 * concurrency (the library's listing retries throttling with backoff), every name is checked before anything
 * is written, and the whole change is one locked, atomic write (or one diff with --dry-run).
 */
export async function populateProfiles(request: PopulateRequest, deps: PopulateDeps): Promise<PopulateResult> {
  const prepared = prepare(request, deps.env)
  const {path} = deps.store
  const before = await deps.store.read()
  const target = resolveTarget(request, deps.env, parseConfigFile(path, before), path)
  if (request.processOnly && request.credentialProcess === false) {
    throw new ConfigError('--process-only needs the credential_process line; leave out --no-credential-process.')
  }

  const prefix = request.processOnly || wantCredentialProcess(request.credentialProcess, deps.env) ? deps.credentialProcessPrefix() : undefined
  if (prefix?.warning) deps.note(`Warning: ${prefix.warning}`)

  const named = await nameAll(await listAccess(target.instance, request, deps), prepared, deps.env)
  const ctx = {path, request, prepared, target, prefix: prefix?.prefix}
  let applied: Applied | undefined
  if (request.dryRun) {
    applied = applyPlan(before, named, ctx)
    const diff = unifiedDiff(before, applied.text, {fromLabel: path, toLabel: path})
    if (diff) deps.out(diff)
  } else {
    await deps.store.update((text) => {
      applied = applyPlan(text, named, ctx)
      return applied.text
    })
  }

  const {result, notes} = applied!
  for (const line of notes) deps.note(line)
  if (request.dryRun) deps.note(`Dry run: ${summary(result)} in ${path}; nothing was written.`)
  else deps.note(`${result.changed ? 'Wrote' : 'No changes:'} ${summary(result)} in ${path}.`)
  return result
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
