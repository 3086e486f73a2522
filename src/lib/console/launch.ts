/**
 * `console` from parsed flags to an opened browser: which role, where the console opens, and how
 * the sign-in URL is shown. Every value that names a host is checked before a credential is fetched.
 */
import type {LoginUi} from '../auth/ui.js'
import type {CredentialInputs} from '../settings.js'
import type {StderrSink} from '../terminal.js'

import {type Env, envFlag, envValue, nonBlank} from '../env.js'
import {AppError, ConfigError, ExitCode} from '../errors.js'
import {resolveRoleCredentials} from '../everyday/role-credentials.js'
import {type ConsoleConfig, decodeConfigToken} from './config-token.js'
import {openInBrowser} from './open-in-browser.js'
import {consoleSignInUrl, durationFlagSeconds, validateSessionDuration} from './sign-in.js'
import {checkConsoleRegion, checkTokenDestination, checkTokenIssuer, consoleDestination, federationEndpoint, logoutUrl, signinEndpointOverride} from './urls.js'

/** How the flags ask for the sign-in URL to be shown. */
export interface ConsoleShowFlags {
  urlOnly: boolean
  noBrowser: boolean
  print?: boolean
  open?: boolean
  logoutFirst?: boolean
}

export interface ConsoleSignInRequest {
  /** The instance, account and role the flags name; with a config token only account and role count. */
  role: CredentialInputs
  configToken?: string
  /** launch-from-config requires a token. */
  tokenRequired: boolean
  /** --region and --destination, blanks trimmed. */
  region?: string
  destination?: string
  overrideRegionInDestination: boolean
  /** --duration as given: minutes, or seconds from 900. */
  duration?: number
  show: ConsoleShowFlags
  forceRefresh: boolean
  noLogin: boolean
}

interface ShowPlan {
  print: boolean
  open: boolean
  noBrowser: boolean
  logoutFirst: boolean
}

/** A sign-in URL ready to be shown, with what the messages about it say. */
export interface ConsoleSignIn {
  url: string
  /** `account ID as ROLE`. */
  who: string
  region: string | undefined
  plan: ShowPlan
}

/** Why the browser could not show the console; the URL is on stdout by then. Exit 5. */
class BrowserFailedError extends AppError {
  constructor(message: string) {
    super(message, ExitCode.other)
  }
}

/** Whether the URL is printed, opened or both, and whether the logout page opens first; refused when that needs a browser the flags forgo. */
function showPlan(show: ConsoleShowFlags, env: Env): ShowPlan {
  const printOnly = show.urlOnly || show.noBrowser
  const print = printOnly || show.print === true
  const open = !printOnly && (show.open ?? !print)
  const logoutFirst = show.logoutFirst ?? envFlag(env.AWS_CONSOLE_LOGOUT_FIRST)
  if (logoutFirst && !open) {
    const why = show.logoutFirst === undefined ? 'unset AWS_CONSOLE_LOGOUT_FIRST' : 'drop --logout-first'
    const mode = show.urlOnly ? '--url-only' : show.noBrowser ? '--no-browser' : show.open === false ? '--no-open' : '--print'
    throw new ConfigError(`Opening the logout page first needs a browser; ${why}, drop ${mode} or add --open.`)
  }

  return {print, open, noBrowser: show.noBrowser, logoutFirst}
}

/** The config token given, decoded; it names the instance itself, so no flag may name one too. */
function configTokenOf(request: ConsoleSignInRequest): ConsoleConfig | undefined {
  if (request.tokenRequired && !request.configToken) throw new ConfigError('Give the config token with --config-token (or -t).')
  const token = request.configToken ? decodeConfigToken(request.configToken) : undefined
  const {role} = request
  if (token && (role.profile || role.startUrl || role.region)) {
    throw new ConfigError('--config-token names the instance itself; give no --profile, --sso-start-url or --sso-region with it.')
  }

  return token
}

/** --duration, else the token's duration (checked as a flag would be). */
function sessionSecondsOf(duration: number | undefined, token: ConsoleConfig | undefined): number | undefined {
  const fromFlag = durationFlagSeconds(duration)
  if (fromFlag !== undefined || token?.durationMinutes === undefined) return fromFlag
  const fromToken = token.durationMinutes * 60
  validateSessionDuration(fromToken)
  return fromToken
}

/** The console region given for this run (flag, token, env), checked; the message names where it came from. */
function regionFrom(flag: string | undefined, token: ConsoleConfig | undefined, env: Env): undefined | {region: string} {
  const found: Array<[string | undefined, string]> = [
    [flag, '--region'],
    [token?.region, 'the config token'],
    [envValue(env, 'AWS_CONSOLE_DEFAULT_REGION'), 'AWS_CONSOLE_DEFAULT_REGION'],
  ]
  for (const [region, source] of found) if (region !== undefined) return {region: checkConsoleRegion(region, source)!}
  return undefined
}

/** Where the console opens and who issues the URL, as far as known before a credential is fetched. */
interface Place {
  given?: {region: string}
  tokenDestination?: string
  issuer?: string
}

// Checked before any credential is fetched: the region names the host the credentials go to.
function checkedPlace(request: ConsoleSignInRequest, token: ConsoleConfig | undefined, env: Env): Place {
  const given = regionFrom(request.region, token, env)
  signinEndpointOverride(env)
  // A token's own destination is checked now too; it names no profile, so its region is known.
  const tokenDestination = token?.destination && !request.destination ? checkTokenDestination(token.destination, given?.region) : undefined
  const issuerEnv = envValue(env, 'AWS_CONSOLE_DEFAULT_ISSUER')
  const tokenIssuer = token?.issuer && !issuerEnv ? checkTokenIssuer(token.issuer, token.startUrl) : undefined
  return {given, tokenDestination, issuer: issuerEnv ?? tokenIssuer}
}

/** The token's instance, account and role; -a and -r override its account and role. */
function roleInputsWith(token: ConsoleConfig | undefined, role: CredentialInputs): CredentialInputs {
  if (!token) return role
  return {
    startUrl: token.startUrl,
    region: token.ssoRegion,
    accountId: nonBlank(role.accountId) ?? token.accountId,
    roleName: nonBlank(role.roleName) ?? token.roleName,
  }
}

/** Checks the request, fetches the role's credentials (logging in when needed) and makes the sign-in URL. */
export async function prepareConsoleSignIn(request: ConsoleSignInRequest, options: {env: Env; ui: LoginUi}): Promise<ConsoleSignIn> {
  const {env} = options
  const plan = showPlan(request.show, env)
  const token = configTokenOf(request)
  const sessionSeconds = sessionSecondsOf(request.duration, token)
  const place = checkedPlace(request, token, env)
  const {credentials, settings, profileRegion} = await resolveRoleCredentials(roleInputsWith(token, request.role), {
    env,
    ui: options.ui,
    forceRefresh: request.forceRefresh,
    noLogin: request.noLogin,
  })
  const region = place.given?.region ?? checkConsoleRegion(nonBlank(profileRegion), `the region key of profile "${request.role.profile}"`)
  const destination =
    place.tokenDestination ??
    consoleDestination(request.destination ?? envValue(env, 'AWS_CONSOLE_DEFAULT_DESTINATION'), region, request.overrideRegionInDestination)
  const url = await consoleSignInUrl({
    credentials: {accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken},
    // A token never chooses where credentials are sent: the endpoint comes from the region (or AWS_ENDPOINT_URL_SIGNIN).
    endpoint: federationEndpoint(region, env),
    issuer: place.issuer ?? settings.instance.startUrl,
    destination,
    sessionSeconds,
  })
  return {url, who: `account ${settings.accountId} as ${settings.roleName}`, region, plan}
}

/** Prints and opens the URL as planned; a browser that fails puts the URL on stdout and exits 5. */
export async function showConsoleSignIn(
  {plan, region, url, who}: ConsoleSignIn,
  env: Env,
  out: {stderr: StderrSink; stdout: (text: string) => void},
): Promise<void> {
  if (plan.print) out.stdout(`${url}\n`)
  if (plan.noBrowser) out.stderr.write(`Open the URL above to sign in to the console (${who}); it works once, within 15 minutes.\n`)
  if (!plan.open) return

  // The logout page's fate is not waited for: the sign-in URL's is what the user is told about.
  if (plan.logoutFirst) await openInBrowser(logoutUrl(region), env, 0)
  const result = await openInBrowser(url, env)
  if (result.opened) {
    out.stderr.write(`Opened the console for ${who}.\n`)
    return
  }

  // The URL goes where --print puts it, never to stderr: stderr is what logs and terminals keep.
  if (!plan.print) out.stdout(`${url}\n`)
  if (!result.tried) {
    out.stderr.write(`Could not open a browser (${result.reason}); open the URL above to sign in (${who}); it works once, within 15 minutes.\n`)
    return
  }

  throw new BrowserFailedError(
    `Could not open the console in a browser (${result.reason}); the sign-in URL for ${who} is on stdout instead: open it within 15 minutes.`,
  )
}
