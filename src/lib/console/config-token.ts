import {ConfigError} from '../errors.js'

/**
 * The original tool's shareable console token: base64url of compact JSON, version "1". It names
 * where to go, never credentials, so a teammate opens the same page through their own login.
 */
export interface ConsoleConfig {
  startUrl: string
  ssoRegion: string
  accountId?: string
  roleName?: string
  region?: string
  destination?: string
  issuer?: string
  /** Minutes, as the original stores it. */
  durationMinutes?: number
  /** The federation endpoint the token's author used; informational only, see decodeConfigToken. */
  federationEndpoint?: string
}

/**
 * Our name, the token's short key, and the long key the original's first tokens (and its docs'
 * example) used. In the order the original writes them, so that the same inputs give the same token.
 */
const KEYS: Array<[keyof ConsoleConfig, string, string]> = [
  ['startUrl', 'ssourl', 'sso_start_url'],
  ['ssoRegion', 'ssoreg', 'sso_region'],
  ['federationEndpoint', 'url', 'federation_endpoint'],
  ['destination', 'dst', 'destination'],
  ['accountId', 'acc', 'account_id'],
  ['roleName', 'rol', 'role_name'],
  ['region', 'reg', 'region'],
  ['durationMinutes', 'dur', 'duration'],
  ['issuer', 'iss', 'issuer'],
]

export function encodeConfigToken(config: ConsoleConfig): string {
  const compact: Record<string, number | string> = {v: '1'}
  for (const [key, short] of KEYS) {
    const value = config[key]
    if (value !== undefined && value !== '') compact[short] = value
  }

  // Padded, as Python's urlsafe_b64encode writes it, so the original tool can read our tokens.
  return Buffer.from(JSON.stringify(compact), 'utf8').toString('base64').replaceAll('+', '-').replaceAll('/', '_')
}

const invalid = (why: string) => new ConfigError(`The config token is not valid: ${why}. Ask for a new one (aws-sso-util console config-token).`)

export function decodeConfigToken(token: string): ConsoleConfig {
  const text = token.trim()
  // Either alphabet: the original decodes standard base64 too, and its docs print such a token.
  if (!/^[\w+/-]+=*$/.test(text)) throw invalid('it is not base64url')
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(text.replaceAll('+', '-').replaceAll('/', '_'), 'base64url').toString('utf8'))
  } catch {
    throw invalid('it does not decode to JSON')
  }

  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalid('it does not decode to a JSON object')
  const data = payload as Record<string, unknown>
  const version = data.v ?? data.version
  if (version !== '1') throw invalid(`version ${JSON.stringify(version)} is not 1`)
  const out: Record<string, number | string> = {}
  for (const [key, short, long] of KEYS) {
    const value = data[short] ?? data[long]
    if (value === undefined) continue
    if (key === 'durationMinutes') {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('its duration is not a whole number of minutes')
      out[key] = value
    } else {
      if (typeof value !== 'string') throw invalid(`its ${short} is not a string`)
      out[key] = value
    }
  }

  const {startUrl, ssoRegion} = out
  if (typeof startUrl !== 'string' || typeof ssoRegion !== 'string') throw invalid('it names no start URL and SSO region')
  // Every other key was checked above: durationMinutes a whole number, the rest strings.
  return {...out, startUrl, ssoRegion} as ConsoleConfig
}
