import {instanceFromConfig, instancesInConfig, isStartUrlPart, sameStartUrl} from '../auth/instances.js'
import {editConfigText, sdkV3ReadsProfileName, type SectionEdit, validateProfileName, validateValue} from '../config/edit.js'
import {parseConfigFile} from '../config/load.js'
import {type ParsedConfig, type Section} from '../config/parse.js'
import {type Env, firstEnv} from '../env.js'
import {ConfigError} from '../errors.js'
import {DEFAULT_REGISTRATION_SCOPES, describeInstance, type SsoInstance} from '../instance.js'
import {checkRegion} from '../regions.js'
import {validateAccountId, validateRoleName, validateStartUrl} from '../settings.js'
import {
  type ExistingConfigAction,
  parseConfigDefaults,
  PROFILE_REGION_VARS,
  CONFIGURE_SSO_REGION_VARS,
  CONFIGURE_START_URL_VARS,
  wantCredentialProcess,
} from './env-defaults.js'
import {lineQuote} from './line-quote.js'
import {mergeProfile, type ProfileChange, topLevel} from './merge.js'
import {type PortalAccess} from './portal-access.js'
import {type Choice, type Prompter} from './prompter.js'

/** What `configure profile` was given on the command line. */
export interface ProfileRequest {
  profileName: string
  startUrl?: string
  ssoRegion?: string
  accountId?: string
  roleName?: string
  region?: string
  output?: string
  configDefaults: readonly string[]
  action: ExistingConfigAction
  interactive: boolean
  /** undefined: on unless AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS says otherwise. */
  credentialProcess?: boolean
  ssoSession?: string
  /**
   * Account and role go on the credential_process line instead of sso_account_id / sso_role_name:
   * without those two keys botocore and AWS CLI v2 skip their own SSO provider and run ours.
   */
  processOnly?: boolean
}

export interface ConfigStore {
  path: string
  /** The file's text; '' when it does not exist. */
  read(): Promise<string>
  /** Read-modify-write under the file lock; `change` gets the text as it is now. */
  update(change: (text: string) => string): Promise<{changed: boolean}>
}

export interface ProfileFlowDeps {
  env: Env
  store: ConfigStore
  /** Created on first use only: a non-interactive run never loads the prompt library. */
  prompter: () => Prompter
  portal: PortalAccess
  /** The command line before `--profile NAME`, with a warning when it will probably not run. */
  credentialProcessPrefix: () => {prefix: string; warning?: string}
  /** Flow output for the user (stdout). */
  say: (line: string) => void
  /** Notes and warnings (stderr). */
  warn: (line: string) => void
}

export const AWS_CLI_OUTPUT_FORMATS = ['json', 'yaml', 'yaml-stream', 'text', 'table'] as const

function check(validate: (value: string) => void): (value: string) => string | undefined {
  return (value) => {
    try {
      validate(value)
    } catch (error) {
      return (error as Error).message
    }
  }
}

function required(validate: (value: string) => void): (value: string) => string | undefined {
  const inner = check(validate)
  return (value) => (value === '' ? 'A value is required.' : inner(value))
}

/**
 * A region from a flag, the env or a prompt: refused when no partition has its shape, accepted
 * with a warning on stderr when it has one but is not a region we know (it may be newer).
 */
function acceptRegion(value: string, label: string, deps: ProfileFlowDeps): string {
  const warning = checkRegion(value, label)
  if (warning) deps.warn(warning)
  return value
}

function validateOutput(value: string): void {
  if (!(AWS_CLI_OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new ConfigError(`"${value}" is not an output format; use one of ${AWS_CLI_OUTPUT_FORMATS.join(', ')}.`)
  }
}

/**
 * What a process-only profile's line carries, since the profile has no sso_* key for it: the
 * instance (an sso-session, or a start URL and region), the account and the role.
 */
export type ProcessOnlyTarget = {accountId: string; roleName: string} & ({ssoSession: string} | {ssoRegion: string; startUrl: string})

function processOnlyArgs(target: ProcessOnlyTarget, platform: NodeJS.Platform): string {
  const instance: Array<[string, string]> =
    'ssoSession' in target
      ? [['sso-session', target.ssoSession]]
      : [
          ['sso-start-url', target.startUrl],
          ['sso-region', target.ssoRegion],
        ]
  // `--flag VALUE`, or `--flag=VALUE` when the value starts with `-` and would read as a flag.
  return [...instance, ['account-id', target.accountId] as const, ['role-name', target.roleName] as const]
    .map(([name, value]) => (value.startsWith('-') ? `--${name}=${lineQuote(value, platform)}` : `--${name} ${lineQuote(value, platform)}`))
    .join(' ')
}

/**
 * `--profile NAME`, or `--profile=NAME` when NAME starts with `-` and would read as a flag; a
 * process-only profile also carries its instance, account and role, which it has no keys for.
 * Quoted for the platform's readers (see line-quote.ts).
 */
export function credentialProcessLine(prefix: string, profileName: string, target?: ProcessOnlyTarget, platform: NodeJS.Platform = process.platform): string {
  const quoted = lineQuote(profileName, platform)
  const line = profileName.startsWith('-') ? `${prefix} --profile=${quoted}` : `${prefix} --profile ${quoted}`
  return target ? `${line} ${processOnlyArgs(target, platform)}` : line
}

interface Resolved {
  sessionName?: string
  /** The [sso-session] section as it is in the file, when it exists. */
  session?: Section
  startUrl?: string
  ssoRegion?: string
  accountId?: string
  roleName?: string
  /** Typed or given on the command line: written even over an existing value. */
  explicit: Array<[string, string]>
  /** Env defaults: only fill a key the profile lacks. */
  fallbacks: Array<[string, string]>
}

function accountChoices(accounts: Array<{accountId: string; accountName: string; emailAddress?: string}>): Array<Choice<string>> {
  return [...accounts]
    .sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId))
    .map((a) => ({
      value: a.accountId,
      name: `${a.accountName} (${a.accountId})`,
      description: a.emailAddress,
    }))
}

/** Refuses a bad name or flag value before anything is read; returns the parsed --config-default pairs. */
function checkRequest(request: ProfileRequest, deps: ProfileFlowDeps): Array<[string, string]> {
  const name = request.profileName
  validateProfileName(name, 'profile', {botocoreOnly: true})
  if (!sdkV3ReadsProfileName(name)) {
    deps.warn(
      `Warning: the JavaScript SDK (v3) cannot read profile ${JSON.stringify(name)}; botocore, the AWS CLI and aws-sso-util can. Use only letters, digits and - _ @ + . % : / if JavaScript tools need it.`,
    )
  }

  if (request.ssoSession !== undefined) validateProfileName(request.ssoSession, 'sso-session')
  const defaults = parseConfigDefaults(request.configDefaults)
  for (const [key, value] of defaults) validateValue(key, value)
  for (const [flag, value] of [
    ['--sso-start-url', request.startUrl],
    ['--sso-region', request.ssoRegion],
    ['--account-id', request.accountId],
    ['--role-name', request.roleName],
    ['--region', request.region],
    ['--output', request.output],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new ConfigError(`${flag} is empty.`)
  }

  if (request.startUrl !== undefined && !isStartUrlPart(request.startUrl)) validateStartUrl(request.startUrl)
  if (request.ssoRegion !== undefined) acceptRegion(request.ssoRegion, '--sso-region', deps)
  if (request.accountId !== undefined) validateAccountId(request.accountId)
  if (request.roleName !== undefined) validateRoleName(request.roleName)
  if (request.region !== undefined) acceptRegion(request.region, '--region', deps)
  if (request.output !== undefined) validateOutput(request.output)
  return defaults
}

/** Everything required came as flags: nothing to ask, even in a terminal (as the original tool does). */
function givenInFull(request: ProfileRequest, config: Config): boolean {
  const sessionKnown = request.ssoSession !== undefined && config.ssoSessions[request.ssoSession] !== undefined
  return (
    (sessionKnown || (request.startUrl !== undefined && request.ssoRegion !== undefined)) &&
    request.accountId !== undefined &&
    request.roleName !== undefined &&
    request.region !== undefined
  )
}

function processOnlyTarget(request: ProfileRequest, resolved: Resolved): ProcessOnlyTarget | undefined {
  if (!request.processOnly) return undefined
  return {
    accountId: resolved.accountId!,
    roleName: resolved.roleName!,
    ...(resolved.sessionName === undefined ? {startUrl: resolved.startUrl!, ssoRegion: resolved.ssoRegion!} : {ssoSession: resolved.sessionName}),
  }
}

/** What the profile gets, fixed before the file is locked; `planEdits` applies it to the text found under the lock. */
interface ProfilePlan {
  name: string
  action: ExistingConfigAction
  defaults: Array<[string, string]>
  resolved: Resolved
  prefix?: {prefix: string}
  target?: ProcessOnlyTarget
}

/** The [sso-session] section a new session name needs; refused when the section changed while the questions were asked. */
function sessionEdits(resolved: Resolved, now: ParsedConfig, path: string): SectionEdit[] {
  if (resolved.sessionName === undefined) return []
  const session = now.ssoSessions[resolved.sessionName]
  if (session === undefined) {
    return [
      {
        section: {kind: 'sso-session', name: resolved.sessionName},
        set: [
          ['sso_start_url', resolved.startUrl!],
          ['sso_region', resolved.ssoRegion!],
          ['sso_registration_scopes', DEFAULT_REGISTRATION_SCOPES.join(',')],
        ],
      },
    ]
  }

  if (session.sso_start_url !== resolved.startUrl || session.sso_region !== resolved.ssoRegion) {
    throw new ConfigError(`[sso-session ${resolved.sessionName}] changed in ${path} while configuring; run the command again.`)
  }

  return []
}

function planEdits(plan: ProfilePlan, text: string, path: string): {edits: SectionEdit[]; change: ProfileChange} {
  const {name, resolved, prefix, target} = plan
  const now = parseConfigFile(path, text)
  const edits = sessionEdits(resolved, now, path)
  const change = mergeProfile({
    existing: now.profiles[name],
    action: plan.action,
    explicit: resolved.explicit,
    defaults: plan.defaults,
    fallbacks: resolved.fallbacks,
    tail: prefix ? [['credential_process', credentialProcessLine(prefix.prefix, name, target)]] : [],
    // botocore refuses a profile whose sso_* keys disagree with its sso-session's. A
    // process-only profile has no sso_* key at all: the Go SDK takes its own SSO provider for
    // a profile with any of them, botocore and AWS CLI v2 for one with account and role.
    drop: [
      ...(prefix ? [] : ['credential_process']),
      ...(target ? ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] : []),
      ...(resolved.sessionName === undefined ? ['sso_session'] : ['sso_start_url', 'sso_region']),
    ],
  })
  edits.push({section: {kind: 'profile', name}, set: change.set, remove: change.remove, replaceAll: false})
  return {edits, change}
}

/**
 * `configure profile`: gathers the values (flags, env, the existing profile, prompts), then
 * writes the profile with a line-preserving edit. Nothing is written before every value is
 * known, so a missing value or Ctrl-C leaves the file exactly as it was.
 */
export async function configureProfile(request: ProfileRequest, deps: ProfileFlowDeps): Promise<ProfileChange> {
  const name = request.profileName
  const defaults = checkRequest(request, deps)
  const config = parseConfigFile(deps.store.path, await deps.store.read())
  const existing = request.action === 'discard' ? {} : topLevel(config.profiles[name])
  const resolved = await resolveValues(givenInFull(request, config) ? {...request, interactive: false} : request, deps, config, existing)

  if (request.processOnly && request.credentialProcess === false) {
    throw new ConfigError('--process-only needs the credential_process line; leave out --no-credential-process.')
  }

  const prefix = request.processOnly || wantCredentialProcess(request.credentialProcess, deps.env) ? deps.credentialProcessPrefix() : undefined
  if (prefix?.warning) deps.warn(`Warning: ${prefix.warning}`)
  const plan: ProfilePlan = {name, action: request.action, defaults, resolved, prefix, target: processOnlyTarget(request, resolved)}

  let final: ProfileChange | undefined
  await deps.store.update((text) => {
    const {edits, change} = planEdits(plan, text, deps.store.path)
    final = change
    return editConfigText(text, edits)
  })

  deps.say('')
  deps.say('To use this profile, specify the profile name using --profile, as shown:')
  deps.say('')
  deps.say(`aws s3 ls --profile ${name}`)
  return final!
}

/** The prompter, created on first use: a run that asks nothing never loads the prompt library. */
type Ask = () => Prompter

function lazyPrompter(deps: ProfileFlowDeps): Ask {
  let ask: Prompter | undefined
  return () => {
    ask ??= deps.prompter()
    return ask
  }
}

type Config = ParsedConfig

/**
 * The profile's values: the instance (an sso-session, or a start URL and region), then either the
 * rest from flags, env and the existing profile, or the account, role, region and output chosen
 * in the terminal.
 */
async function resolveValues(request: ProfileRequest, deps: ProfileFlowDeps, config: Config, existing: Record<string, string>): Promise<Resolved> {
  const out: Resolved = {explicit: [], fallbacks: []}
  const missing: string[] = []
  const prompter = lazyPrompter(deps)
  await resolveInstance(request, deps, config, existing, {out, missing, prompter})
  if (out.sessionName === undefined) {
    if (out.startUrl) out.explicit.push(['sso_start_url', out.startUrl])
    if (out.ssoRegion) out.explicit.push(['sso_region', out.ssoRegion])
  } else {
    out.explicit.push(['sso_session', out.sessionName])
  }

  if (!request.interactive) {
    fromFlagsAndProfile(request, deps, existing, {out, missing})
    return out
  }

  const instance: SsoInstance =
    out.sessionName === undefined
      ? {startUrl: out.startUrl!, region: out.ssoRegion!}
      : {startUrl: out.startUrl!, region: out.ssoRegion!, sessionName: out.sessionName, registrationScopes: [...DEFAULT_REGISTRATION_SCOPES]}
  const portal = {access: deps.portal, instance}
  out.accountId = request.accountId ?? (await chooseAccount(portal, existing, deps, prompter))
  out.explicit.push(['sso_account_id', out.accountId])
  out.roleName = request.roleName ?? (await chooseRole(portal, out.accountId, existing, deps, prompter))
  out.explicit.push(['sso_role_name', out.roleName])
  await askRegionAndOutput(request, deps, existing, {out, prompter})
  return out
}

interface Gathering {
  out: Resolved
  /** The flags a non-interactive run lacks, named in one error at the end. */
  missing: string[]
  prompter: Ask
}

/** The sso-session the command names, or the one the existing profile keeps; refused when that section is missing. */
function sessionFromRequest(request: ProfileRequest, deps: ProfileFlowDeps, config: Config, existing: Record<string, string>, out: Resolved): void {
  const explicitInstance = request.startUrl !== undefined || request.ssoRegion !== undefined
  // An existing profile keeps its sso-session unless the command names a plain start URL.
  out.sessionName = request.ssoSession ?? (explicitInstance ? undefined : existing.sso_session)
  out.session = out.sessionName === undefined ? undefined : config.ssoSessions[out.sessionName]
  if (out.sessionName !== undefined && out.session === undefined && request.ssoSession === undefined) {
    throw new ConfigError(
      `Profile "${request.profileName}" names sso_session "${out.sessionName}", but ${deps.store.path} has no [sso-session ${out.sessionName}] section. Give --sso-session, or --sso-start-url and --sso-region.`,
    )
  }
}

/** In a terminal without a session yet: asks for one, and notes what a profile without one loses. */
async function sessionFromPrompt(
  request: ProfileRequest,
  deps: ProfileFlowDeps,
  config: Config,
  out: Resolved,
  prompter: Ask,
  applies: {startUrl?: string; onlyInstance?: SsoInstance},
): Promise<void> {
  const chosen = await askSessionName(request, deps, config, prompter(), {...applies, region: request.ssoRegion})
  if (chosen === undefined) {
    deps.warn(
      'Note: without an sso-session this profile logs in with a device code and gets no refresh token, so each time its token expires it needs a new login in the browser.',
    )
  } else {
    out.sessionName = chosen
    out.session = config.ssoSessions[chosen]
  }
}

/** The start URL and SSO region of the chosen [sso-session], which the flags may repeat but not contradict. */
function instanceFromSession(request: ProfileRequest, deps: ProfileFlowDeps, session: Section, out: Resolved): void {
  const sessionUrl = session.sso_start_url
  const sessionRegion = session.sso_region
  for (const [flag, key, given, inSection] of [
    ['--sso-start-url', 'sso_start_url', request.startUrl, sessionUrl],
    ['--sso-region', 'sso_region', request.ssoRegion, sessionRegion],
  ] as const) {
    if (given !== undefined && given !== inSection) {
      throw new ConfigError(
        `[sso-session ${out.sessionName}] already has ${key} = ${inSection ?? '(none)'}, not ${given}; leave ${flag} out or choose another --sso-session name.`,
      )
    }
  }

  if (!sessionUrl || !sessionRegion) {
    throw new ConfigError(
      `[sso-session ${out.sessionName}] in ${deps.store.path} lacks sso_start_url or sso_region; fix that section or choose another --sso-session name.`,
    )
  }

  out.startUrl = sessionUrl
  out.ssoRegion = sessionRegion
  if (request.interactive) deps.say(`Using sso-session ${out.sessionName} (${sessionUrl}, ${sessionRegion})`)
}

/** Without a session: the start URL, then its SSO region, each from the flag, a prompt, the profile or env. */
async function instanceFromValues(
  request: ProfileRequest,
  deps: ProfileFlowDeps,
  existing: Record<string, string>,
  {out, missing, prompter}: Gathering,
  known: {envStart?: string; onlyInstance?: SsoInstance; instances: SsoInstance[]},
): Promise<void> {
  const defaultUrl = existing.sso_start_url ?? known.envStart ?? (request.interactive ? known.onlyInstance?.startUrl : undefined)
  if (request.startUrl !== undefined) out.startUrl = request.startUrl
  else if (request.interactive) out.startUrl = await prompter().input({message: 'SSO start URL', default: defaultUrl, validate: required(validateStartUrl)})
  else if (defaultUrl) {
    validateStartUrl(defaultUrl)
    out.startUrl = defaultUrl
  } else missing.push(`--sso-start-url (or ${CONFIGURE_START_URL_VARS[0]})`)

  const envSsoRegion = firstEnv(deps.env, CONFIGURE_SSO_REGION_VARS)
  const knownRegion = out.startUrl === undefined ? undefined : known.instances.find((i) => sameStartUrl(i.startUrl, out.startUrl!))?.region
  const defaultRegion = existing.sso_region ?? envSsoRegion?.value ?? (request.interactive ? knownRegion : undefined)
  if (request.ssoRegion !== undefined) out.ssoRegion = request.ssoRegion
  else if (request.interactive) {
    const answer = await prompter().input({message: 'SSO Region', default: defaultRegion, validate: required(checkRegion)})
    out.ssoRegion = acceptRegion(answer, 'SSO region', deps)
  } else if (defaultRegion) {
    out.ssoRegion = acceptRegion(defaultRegion, `SSO region from ${envSsoRegion?.from ?? 'the profile'}`, deps)
  } else missing.push(`--sso-region (or ${CONFIGURE_SSO_REGION_VARS[0]})`)
}

/** The sso-session, or the start URL and SSO region: from flags, the profile, env, or prompts. */
async function resolveInstance(
  request: ProfileRequest,
  deps: ProfileFlowDeps,
  config: Config,
  existing: Record<string, string>,
  gathering: Gathering,
): Promise<void> {
  const {out, prompter} = gathering
  sessionFromRequest(request, deps, config, existing, out)
  const envStart = firstEnv(deps.env, CONFIGURE_START_URL_VARS)?.value
  const instances = instancesInConfig({path: deps.store.path, profiles: config.profiles, ssoSessions: config.ssoSessions}).map((i) => i.instance)
  // With exactly one instance in the config, that is the one a new profile is most likely for.
  const onlyInstance = instances.length === 1 ? instances[0] : undefined

  if (request.interactive && out.sessionName === undefined) {
    const startUrl = request.startUrl ?? existing.sso_start_url ?? envStart ?? onlyInstance?.startUrl
    await sessionFromPrompt(request, deps, config, out, prompter, {startUrl, onlyInstance})
  }

  if (out.session) instanceFromSession(request, deps, out.session, out)
  else if (!instanceFromTheConfig(request, deps, config, existing, out, instances.length)) {
    await instanceFromValues(request, deps, existing, gathering, {envStart, onlyInstance, instances})
  }
}

/**
 * The instance as the original found it: a start URL that is part (or a pattern) of a configured
 * one picks that one; without a start URL anywhere (flags, the profile, env), a run without a
 * terminal takes the only instance in the config (in --sso-region, if given). false: the flags,
 * env and prompts decide, as for a config without instances.
 */
function instanceFromTheConfig(
  request: ProfileRequest,
  deps: ProfileFlowDeps,
  config: Config,
  existing: Record<string, string>,
  out: Resolved,
  configured: number,
): boolean {
  const envStart = firstEnv(deps.env, CONFIGURE_START_URL_VARS)?.value
  const envRegion = firstEnv(deps.env, CONFIGURE_SSO_REGION_VARS)?.value
  const startUrl = request.startUrl ?? existing.sso_start_url ?? envStart
  const region = request.ssoRegion ?? existing.sso_region ?? envRegion
  const part = startUrl !== undefined && isStartUrlPart(startUrl)
  const nothingGiven = startUrl === undefined && !request.interactive && configured > 0
  if (!part && !nothingGiven) return false
  const instance = instanceFromConfig(
    {startUrl, region, flags: {startUrl: `--sso-start-url (or ${CONFIGURE_START_URL_VARS[0]})`, region: '--sso-region'}},
    {path: deps.store.path, profiles: config.profiles, ssoSessions: config.ssoSessions},
  )
  out.startUrl = instance.startUrl
  out.ssoRegion = instance.region
  if (instance.sessionName !== undefined) {
    out.sessionName = instance.sessionName
    out.session = config.ssoSessions[instance.sessionName]
  }

  if (request.interactive) deps.say(`Using ${describeInstance(instance)}`)
  return true
}

/** Without a terminal: the account, role, region and output from flags, env and the existing profile, or one error naming every missing flag. */
function fromFlagsAndProfile(
  request: ProfileRequest,
  deps: ProfileFlowDeps,
  existing: Record<string, string>,
  {out, missing}: Omit<Gathering, 'prompter'>,
): void {
  out.accountId = request.accountId ?? existing.sso_account_id
  if (out.accountId === undefined) missing.push('--account-id')
  out.roleName = request.roleName ?? existing.sso_role_name
  if (out.roleName === undefined) missing.push('--role-name')
  const envRegion = firstEnv(deps.env, PROFILE_REGION_VARS)
  if (request.region === undefined && existing.region === undefined && envRegion === undefined) {
    missing.push(`--region (or ${PROFILE_REGION_VARS.join(', ')})`)
  }

  if (missing.length > 0) {
    throw new ConfigError(
      `Missing ${missing.join(', ')} for profile "${request.profileName}"; nothing was written. Give them as flags, or run in a terminal without --non-interactive to choose.`,
    )
  }

  if (request.accountId !== undefined) out.explicit.push(['sso_account_id', request.accountId])
  if (request.roleName !== undefined) out.explicit.push(['sso_role_name', request.roleName])
  if (request.region !== undefined) out.explicit.push(['region', request.region])
  else if (envRegion) {
    out.fallbacks.push(['region', acceptRegion(envRegion.value, `region from ${envRegion.from}`, deps)])
  }

  if (request.output !== undefined) out.explicit.push(['output', request.output])
}

/** The account: the only one, or one chosen from a searchable list with the profile's current one first. */
/** The portal for the instance being configured. */
interface Portal {
  access: PortalAccess
  instance: SsoInstance
}

async function chooseAccount(portal: Portal, existing: Record<string, string>, deps: ProfileFlowDeps, prompter: Ask): Promise<string> {
  const accounts = await portal.access.listAccounts(portal.instance)
  if (accounts.length === 0) throw new ConfigError(`No AWS accounts are available to you in ${portal.instance.startUrl}.`)
  if (accounts.length === 1) {
    deps.say(`The only AWS account available to you is: ${accounts[0].accountName} (${accounts[0].accountId})`)
    deps.say(`Using the account ID ${accounts[0].accountId}`)
    return accounts[0].accountId
  }

  deps.say(`There are ${accounts.length} AWS accounts available to you.`)
  const choices = accountChoices(accounts)
  const current = choices.some((c) => c.value === existing.sso_account_id) ? existing.sso_account_id : undefined
  const accountId = await prompter().search({message: 'Select an account (type to search)', choices, default: current})
  deps.say(`Using the account ID ${accountId}`)
  return accountId
}

/** The role in that account: the only one, or one chosen from a searchable list. */
async function chooseRole(portal: Portal, accountId: string, existing: Record<string, string>, deps: ProfileFlowDeps, prompter: Ask): Promise<string> {
  const listed = await portal.access.listRoles(portal.instance, [{accountId, accountName: accountId}])
  const roles = [...(listed.get(accountId) ?? [])].sort((a, b) => a.localeCompare(b))
  if (roles.length === 0) throw new ConfigError(`No roles are available to you in account ${accountId}.`)
  let roleName: string
  if (roles.length === 1) {
    roleName = roles[0]
    deps.say(`The only role available to you is: ${roleName}`)
  } else {
    deps.say(`There are ${roles.length} roles available to you.`)
    const sameAccount = existing.sso_account_id === accountId
    const current = sameAccount && roles.includes(existing.sso_role_name ?? '') ? existing.sso_role_name : undefined
    roleName = await prompter().search({message: 'Select a role (type to search)', choices: roles.map((r) => ({value: r, name: r})), default: current})
  }

  deps.say(`Using the role name "${roleName}"`)
  return roleName
}

/** The profile's own region and output format, each optional, as `aws configure sso` asks them. */
async function askRegionAndOutput(
  request: ProfileRequest,
  deps: ProfileFlowDeps,
  existing: Record<string, string>,
  {out, prompter}: Pick<Gathering, 'out' | 'prompter'>,
): Promise<void> {
  if (request.region === undefined) {
    // As in `aws configure sso`: Enter with no default leaves the profile without a region.
    const answer = await prompter().input({
      message: 'CLI default client Region',
      default: existing.region ?? firstEnv(deps.env, PROFILE_REGION_VARS)?.value,
      validate: (value) => (value === '' ? undefined : check(checkRegion)(value)),
    })
    if (answer !== '') out.explicit.push(['region', acceptRegion(answer, 'region', deps)])
  } else {
    out.explicit.push(['region', request.region])
  }

  const output =
    request.output ??
    (await prompter().input({
      message: 'CLI default output format',
      default: existing.output,
      validate: (value) => (value === '' ? undefined : check(validateOutput)(value)),
    }))
  if (output !== '') out.explicit.push(['output', output])
}

/**
 * `SSO session name (Recommended)`, as `aws configure sso` asks it. The default is the
 * sso-session already in the config for the start URL that applies. Returns undefined for a
 * legacy profile (an empty answer with no default).
 */
async function askSessionName(
  request: ProfileRequest,
  deps: ProfileFlowDeps,
  config: Config,
  prompter: Prompter,
  applies: {startUrl?: string; region?: string; onlyInstance?: SsoInstance},
): Promise<string | undefined> {
  const fits = (section: Section) =>
    (applies.startUrl === undefined || (section.sso_start_url !== undefined && sameStartUrl(section.sso_start_url, applies.startUrl))) &&
    (applies.region === undefined || section.sso_region === applies.region)
  const byUrl = applies.startUrl === undefined ? undefined : Object.keys(config.ssoSessions).find((n) => fits(config.ssoSessions[n]))
  const fallback = byUrl ?? applies.onlyInstance?.sessionName
  const answer = await prompter.input({
    message: 'SSO session name (Recommended)',
    default: fallback,
    validate(value) {
      if (value === '') return
      const bad = check((name) => validateProfileName(name, 'sso-session'))(value)
      if (bad) return bad
      const section = config.ssoSessions[value]
      if (section === undefined) return
      if (!section.sso_start_url || !section.sso_region) {
        return `[sso-session ${value}] in ${deps.store.path} lacks sso_start_url or sso_region; choose another name, or fix that section.`
      }

      for (const [flag, key, given] of [
        ['--sso-start-url', 'sso_start_url', request.startUrl],
        ['--sso-region', 'sso_region', request.ssoRegion],
      ] as const) {
        if (given !== undefined && given !== section[key])
          return `[sso-session ${value}] has ${key} = ${section[key]}, not ${given} (${flag}); choose another name.`
      }
    },
  })
  return answer === '' ? undefined : answer
}
