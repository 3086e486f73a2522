import type {Env} from '../env.js'

import {ConfigError} from '../errors.js'

/** The partition a region belongs to decides the sign-in and console domains. */
function partitionOf(region: string | undefined): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region?.startsWith('us-gov-')) return 'aws-us-gov'
  if (region?.startsWith('cn-')) return 'aws-cn'
  return 'aws'
}

/**
 * The federation endpoint, as the original tool computes it (us-east-1 or no region: the global
 * endpoint; GovCloud's two; otherwise regional), plus China, which it did not know.
 * AWS_ENDPOINT_URL_SIGNIN replaces the base, as the SDKs' AWS_ENDPOINT_URL_<SERVICE> do.
 */
export function federationEndpoint(region: string | undefined, env: Env = {}): string {
  const override = env.AWS_ENDPOINT_URL_SIGNIN?.trim()
  if (override) {
    let url: URL
    try {
      url = new URL(override)
    } catch {
      throw new ConfigError(`AWS_ENDPOINT_URL_SIGNIN is not a URL: ${JSON.stringify(override)}. Give a base such as https://signin.aws.amazon.com.`)
    }

    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('AWS_ENDPOINT_URL_SIGNIN must be an http or https URL.')
    return `${override.replace(/\/+$/, '')}/federation`
  }

  switch (partitionOf(region)) {
    case 'aws-us-gov': {
      return region === 'us-gov-east-1' ? 'https://us-gov-east-1.signin.amazonaws-us-gov.com/federation' : 'https://signin.amazonaws-us-gov.com/federation'
    }

    case 'aws-cn': {
      return 'https://signin.amazonaws.cn/federation'
    }

    default: {
      return !region || region === 'us-east-1' ? 'https://signin.aws.amazon.com/federation' : `https://${region}.signin.aws.amazon.com/federation`
    }
  }
}

export function logoutUrl(region?: string): string {
  const redirect = encodeURIComponent('https://aws.amazon.com/premiumsupport/knowledge-center/sign-out-account/')
  switch (partitionOf(region)) {
    case 'aws-us-gov': {
      return region === 'us-gov-east-1'
        ? 'https://us-gov-east-1.signin.amazonaws-us-gov.com/oauth?Action=logout'
        : 'https://signin.amazonaws-us-gov.com/oauth?Action=logout'
    }

    case 'aws-cn': {
      return 'https://signin.amazonaws.cn/oauth?Action=logout'
    }

    default: {
      const host = !region || region === 'us-east-1' ? 'signin.aws.amazon.com' : `${region}.signin.aws.amazon.com`
      return `https://${host}/oauth?Action=logout&redirect_uri=${redirect}`
    }
  }
}

function consoleBase(region: string | undefined): string {
  switch (partitionOf(region)) {
    case 'aws-us-gov': {
      return 'https://console.amazonaws-us-gov.com/'
    }

    case 'aws-cn': {
      return 'https://console.amazonaws.cn/'
    }

    default: {
      return region ? `https://${region}.console.aws.amazon.com/` : 'https://console.aws.amazon.com/'
    }
  }
}

/**
 * Where the console opens. A path or a full URL keeps only its path, query and fragment, joined to
 * the region's console (so a destination copied from another region's tab still opens in this
 * one); the region goes into the query unless it is there already (or always, with override).
 */
export function consoleDestination(path: string | undefined, region: string | undefined, overrideRegion = false): string {
  const base = consoleBase(region)
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

export function signInUrl(endpoint: string, params: {issuer: string; destination: string; signinToken: string}): string {
  const url = new URL(endpoint)
  url.searchParams.set('Action', 'login')
  url.searchParams.set('Issuer', params.issuer)
  url.searchParams.set('Destination', params.destination)
  url.searchParams.set('SigninToken', params.signinToken)
  return url.toString()
}
