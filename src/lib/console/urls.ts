import type {Env} from '../env.js'

import {ConfigError} from '../errors.js'
import {PARTITIONS} from '../regions.js'

/**
 * The partitions whose console sign-in we know the hosts of. The ISO partitions' consoles live
 * on networks of their own with hosts we cannot check, so a region there is refused rather than
 * guessed at.
 */
export type ConsolePartition = 'aws' | 'aws-cn' | 'aws-us-gov'

interface PartitionHosts {
  /** The federation host for a region of the partition (none: the partition's default). */
  signin(region: string | undefined): string
  /** The console host a destination opens on. */
  console(region: string | undefined): string
  /** Every console host of the partition: a config token's destination must name one of them. */
  isConsoleHost(host: string): boolean
}

const HOSTS: Record<ConsolePartition, PartitionHosts> = {
  aws: {
    signin: (region) => (!region || region === 'us-east-1' ? 'signin.aws.amazon.com' : `${region}.signin.aws.amazon.com`),
    console: (region) => (region ? `${region}.console.aws.amazon.com` : 'console.aws.amazon.com'),
    isConsoleHost: (host) => host === 'console.aws.amazon.com' || (host.endsWith('.console.aws.amazon.com') && partitionOfShape(host.split('.')[0]) === 'aws'),
  },
  'aws-cn': {
    signin: () => 'signin.amazonaws.cn',
    console: () => 'console.amazonaws.cn',
    isConsoleHost: (host) => host === 'console.amazonaws.cn',
  },
  'aws-us-gov': {
    signin: (region) => (region === 'us-gov-east-1' ? 'us-gov-east-1.signin.amazonaws-us-gov.com' : 'signin.amazonaws-us-gov.com'),
    console: () => 'console.amazonaws-us-gov.com',
    isConsoleHost: (host) => host === 'console.amazonaws-us-gov.com',
  },
}

/** The partition whose region pattern the value matches, or undefined when none does. */
function partitionOfShape(value: string): string | undefined {
  return PARTITIONS.find((p) => p.pattern.test(value))?.name
}

/**
 * Checks a console region, whatever it came from (a flag, an env var, a profile, a config token):
 * it becomes part of the host the role's credentials are posted to, so only the shape of a region
 * of a partition we know passes. `source` names where it came from, for the message.
 */
export function checkConsoleRegion(region: string | undefined, source = '--region'): string | undefined {
  if (region === undefined) return undefined
  const partition = partitionOfShape(region)
  if (!partition) {
    throw new ConfigError(
      `The console region ${JSON.stringify(region)} (from ${source}) is not an AWS region. Use a region code such as us-east-1 or eu-west-2.`,
    )
  }

  if (!(partition in HOSTS)) {
    throw new ConfigError(
      `The console region ${region} (from ${source}) is in the ${partition} partition, whose console sign-in aws-sso-util does not support.`,
    )
  }

  return region
}

function partitionOf(region: string | undefined): ConsolePartition {
  if (region === undefined) return 'aws'
  checkConsoleRegion(region, 'the region given')
  return partitionOfShape(region) as ConsolePartition
}

/**
 * The federation endpoint, as the original tool computes it (us-east-1 or no region: the global
 * endpoint; GovCloud's two; otherwise regional), plus China, which it did not know. The host comes
 * only from the partition's own domain; AWS_ENDPOINT_URL_SIGNIN replaces the base, as the SDKs'
 * AWS_ENDPOINT_URL_<SERVICE> do (that is how a test reaches a local emulator).
 */
export function federationEndpoint(region: string | undefined, env: Env = {}): string {
  const override = signinEndpointOverride(env)
  if (override) return `${override}/federation`
  return `https://${HOSTS[partitionOf(region)].signin(region)}/federation`
}

/** AWS_ENDPOINT_URL_SIGNIN without its trailing slashes, checked; undefined when unset. */
export function signinEndpointOverride(env: Env): string | undefined {
  const override = env.AWS_ENDPOINT_URL_SIGNIN?.trim()
  if (!override) return undefined
  let url: URL
  try {
    url = new URL(override)
  } catch {
    throw new ConfigError(`AWS_ENDPOINT_URL_SIGNIN is not a URL: ${JSON.stringify(override)}. Give a base such as https://signin.aws.amazon.com.`)
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('AWS_ENDPOINT_URL_SIGNIN must be an http or https URL.')
  return override.replace(/\/+$/, '')
}

export function logoutUrl(region?: string): string {
  const partition = partitionOf(region)
  const base = `https://${HOSTS[partition].signin(region)}/oauth?Action=logout`
  if (partition !== 'aws') return base
  const redirect = encodeURIComponent('https://aws.amazon.com/premiumsupport/knowledge-center/sign-out-account/')
  return `${base}&redirect_uri=${redirect}`
}

/**
 * Where the console opens. A path or a full URL keeps only its path, query and fragment, joined to
 * the region's console (so a destination copied from another region's tab still opens in this
 * one); the region goes into the query unless it is there already (or always, with override).
 */
export function consoleDestination(path: string | undefined, region: string | undefined, overrideRegion = false): string {
  const base = `https://${HOSTS[partitionOf(region)].console(region)}/`
  let url: URL
  if (path) {
    let parsed: URL
    try {
      parsed = new URL(path, base)
    } catch {
      throw new ConfigError(`--destination ${JSON.stringify(path)} is neither a console path nor a URL.`)
    }

    url = new URL(`${parsed.pathname}${parsed.search}${parsed.hash}`, base)
  } else {
    url = new URL(base)
  }

  if (!region) return url.toString()
  if (overrideRegion) url.searchParams.delete('region')
  if (!url.searchParams.has('region')) url.searchParams.append('region', region)
  return url.toString()
}

/**
 * A config token's destination, which someone else wrote: kept as the author made it (the original
 * tool's tokens carry a full console URL) only when it is an https URL on a console host of the
 * partition the sign-in goes to; anything else is refused, so a pasted token cannot send the
 * signed-in user to a page of its author's choosing.
 */
export function checkTokenDestination(destination: string, region: string | undefined): string {
  const partition = partitionOf(region)
  let url: URL | undefined
  try {
    url = new URL(destination)
  } catch {}

  if (url?.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '' || !HOSTS[partition].isConsoleHost(url.hostname)) {
    throw new ConfigError(
      `The config token's destination ${JSON.stringify(destination.slice(0, 200))} is not an AWS console page${partition === 'aws' ? '' : ` of the ${partition} partition`}. Ask for a new token, or give --destination.`,
    )
  }

  return url.toString()
}

/**
 * A config token's issuer: the page the console sends the user to when the session ends. Someone
 * else wrote it, so it is kept only on the host of the token's own start URL, over https.
 */
export function checkTokenIssuer(issuer: string, startUrl: string): string {
  let url: URL | undefined
  let start: URL | undefined
  try {
    url = new URL(issuer)
    start = new URL(startUrl)
  } catch {}

  if (url?.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.host !== start?.host) {
    throw new ConfigError(
      `The config token's issuer ${JSON.stringify(issuer.slice(0, 200))} is not a page of its start URL's host. Ask for a new token, or set AWS_CONSOLE_DEFAULT_ISSUER.`,
    )
  }

  return url.toString()
}

export function signInUrl(endpoint: string, params: {issuer: string; destination: string; signinToken: string}): string {
  const url = new URL(endpoint)
  url.searchParams.set('Action', 'login')
  url.searchParams.set('Issuer', params.issuer)
  url.searchParams.set('Destination', params.destination)
  url.searchParams.set('SigninToken', params.signinToken)
  return url.toString()
}
