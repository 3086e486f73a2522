import {sha1Hex} from './sha1.js'

export {sha1Hex} from './sha1.js'

/**
 * Python's json.dumps escapes every non-ASCII character (ensure_ascii); botocore hashes that text,
 * so the same escaping is needed for identical file names with non-ASCII names or URLs.
 */
function pythonAscii(json: string): string {
  return json.replaceAll(/[\u007F-\uFFFF]/g, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`)
}

/** `json.dumps(obj, sort_keys=True, separators=…)` for flat objects of strings, string lists and nulls. */
export function pythonJsonDumps(obj: Record<string, null | string | string[]>, separators: [item: string, key: string] = [', ', ': ']): string {
  const [item, key] = separators
  const value = (v: null | string | string[]): string =>
    v === null ? 'null' : Array.isArray(v) ? `[${v.map((s) => JSON.stringify(s)).join(item)}]` : JSON.stringify(v)
  const body = Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}${key}${value(obj[k])}`)
    .join(item)
  return pythonAscii(`{${body}}`)
}

/** `~/.aws/sso/cache/<this>.json`: sha1 of the session name, or of the start URL for legacy profiles. */
export function tokenCacheKey(cacheId: string): string {
  return sha1Hex(cacheId)
}

/** botocore's SSOCredentialFetcher._create_cache_key, file-safe as _make_file_safe leaves it. */
export function roleCredentialsCacheKey(args: {accountId: string; roleName: string; sessionName?: string; startUrl: string}): string {
  const id: Record<string, string> = {accountId: args.accountId, roleName: args.roleName}
  if (args.sessionName) id.sessionName = args.sessionName
  else id.startUrl = args.startUrl
  return sha1Hex(pythonJsonDumps(id, [',', ':'])).replaceAll(/[:/\\]/g, '_')
}

/** AWS CLI v2's BaseSSOTokenFetcher._registration_cache_key. */
export function registrationCacheKey(args: {region: string; scopes?: string[]; sessionName?: string; startUrl: string}): string {
  return sha1Hex(
    pythonJsonDumps({
      region: args.region,
      scopes: args.scopes && args.scopes.length > 0 ? args.scopes : null,
      // eslint-disable-next-line camelcase
      session_name: args.sessionName ?? null,
      startUrl: args.startUrl,
      tool: 'botocore',
    }),
  )
}

/**
 * Our own file for PKCE clients, in AWS CLI v2's style but with a tool name the CLI never uses,
 * so no CLI version ever picks a PKCE client up for its device flow.
 */
export function pkceRegistrationCacheKey(args: {region: string; scopes?: string[]; sessionName?: string; startUrl: string}): string {
  return sha1Hex(
    pythonJsonDumps({
      grantTypes: ['authorization_code', 'refresh_token'],
      region: args.region,
      scopes: args.scopes && args.scopes.length > 0 ? args.scopes : null,
      // eslint-disable-next-line camelcase
      session_name: args.sessionName ?? null,
      startUrl: args.startUrl,
      tool: 'aws-sso-util',
    }),
  )
}
