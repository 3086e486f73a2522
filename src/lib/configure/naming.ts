/**
 * Profile names for `configure populate`, with the original tool's options: a comma-separated
 * list of components joined by a separator, the first region left out by default, trim
 * patterns and case changes on account and role names.
 */
import {ConfigError} from '../errors.js'

export type IncludeRegion = 'always' | 'default'
export type RegionStyle = 'long' | 'short'
export type NameCase = 'lower' | 'upper'

export const DEFAULT_COMPONENTS = 'account_name,role_name,default_style_region'
export const DEFAULT_SEPARATOR = '.'

const REGION_COMPONENTS = new Set(['default_style_region', 'region', 'short_region'])

export interface NamingOptions {
  components: string
  separator: string
  includeRegion: IncludeRegion
  regionStyle: RegionStyle
  trimAccountName: readonly string[]
  trimRoleName: readonly string[]
  accountNameCase?: NameCase
  roleNameCase?: NameCase
  safeAccountNames: boolean
}

export interface NameInputs {
  /** Position of the region in the --region list; the first one is the user's main region. */
  regionIndex: number
  accountId: string
  accountName: string
  roleName: string
  region: string
}

const DIRECTIONS: Record<string, string> = {
  north: 'no',
  northeast: 'ne',
  east: 'ea',
  southeast: 'se',
  south: 'so',
  southwest: 'sw',
  west: 'we',
  northwest: 'nw',
  central: 'ce',
}

/** `us-east-1` → `usea1`, `ap-northeast-1` → `apne1`, `us-gov-west-1` → `usgovwe1`. */
export function shortRegion(region: string): string {
  const parts = region.split('-')
  if (parts.length < 3) return region.replaceAll('-', '')
  const num = parts.at(-1)!
  const direction = parts.at(-2)!
  return parts.slice(0, -2).join('') + (DIRECTIONS[direction] ?? direction) + num
}

/**
 * The original documented "replace any character sequences not in A-Za-z0-9-._ with a single -";
 * that set is also one every SDK accepts in a `[profile …]` header.
 */
export function safeAccountName(name: string): string {
  // "security (audit)" is security-audit, not security-audit-: no dash at either end or twice.
  return name
    .replaceAll(/[^\w.-]+/g, '-')
    .replaceAll(/-{2,}/g, '-')
    .replaceAll(/^-|-$/g, '')
}

/** A component with the separator trimmed from its ends, so joining never doubles or trails it. */
function trimSeparator(value: string, separator: string): string {
  if (separator === '') return value
  let out = value
  while (out.startsWith(separator)) out = out.slice(separator.length)
  while (out.endsWith(separator)) out = out.slice(0, -separator.length)
  return out
}

function compile(patterns: readonly string[], flag: string): RegExp[] {
  return patterns.map((pattern) => {
    try {
      return new RegExp(pattern, 'g')
    } catch (error) {
      throw new ConfigError(`${flag} "${pattern}" is not a valid regular expression: ${(error as Error).message}`)
    }
  })
}

function applyCase(value: string, nameCase: NameCase | undefined): string {
  if (nameCase === 'lower') return value.toLowerCase()
  if (nameCase === 'upper') return value.toUpperCase()
  return value
}

export type ProfileNamer = (inputs: NameInputs) => string

function componentList(components: string): string[] {
  return components
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
}

type Clashing = Pick<NameInputs, 'accountId' | 'region' | 'roleName'>

/**
 * What to do when profiles got the same name: add the components that would tell them apart and
 * are not in --components yet; when every such component is there already, the trims, case
 * changes or separator made the values equal, so say that instead.
 */
export function clashHint(components: string, pairs: ReadonlyArray<readonly [Clashing, Clashing]>): string {
  const used = new Set(componentList(components))
  const missing = new Set<string>()
  for (const [a, b] of pairs) {
    if (a.accountId !== b.accountId && !used.has('account_id') && !used.has('account_number')) missing.add('account_id')
    if (a.roleName !== b.roleName && !used.has('role_name')) missing.add('role_name')
    if (a.region !== b.region && ![...REGION_COMPONENTS].some((c) => used.has(c))) missing.add('region')
  }

  if (missing.size > 0) return `Add ${[...missing].join(' and ')} to --components or change the trim patterns.`
  return `--components already has what tells them apart (${[...used].join(',')}), so --trim-account-name/--trim-role-name, the case options or --separator made them equal: change those, or name the profiles with --profile-name-process.`
}

export function makeProfileNamer(options: NamingOptions): ProfileNamer {
  const components = componentList(options.components)
  if (components.length === 0) throw new ConfigError('--components is empty; give a comma-separated list such as account_name,role_name.')
  const trimAccount = compile(options.trimAccountName, '--trim-account-name')
  const trimRole = compile(options.trimRoleName, '--trim-role-name')

  return (inputs) => {
    let accountName = options.safeAccountNames ? safeAccountName(inputs.accountName) : inputs.accountName
    for (const re of trimAccount) accountName = accountName.replace(re, '')
    let {roleName} = inputs
    for (const re of trimRole) roleName = roleName.replace(re, '')
    accountName = applyCase(accountName, options.accountNameCase)
    roleName = applyCase(roleName, options.roleNameCase)

    const {region} = inputs
    const short = shortRegion(region)
    // Component names are the original's, as users write them in --components.
    const values = new Map<string, string>([
      ['account_id', inputs.accountId],
      ['account_name', accountName],
      ['account_number', inputs.accountId],
      ['default_style_region', options.regionStyle === 'short' ? short : region],
      ['region', region],
      ['role_name', roleName],
      ['short_region', short],
    ])

    const withRegion = options.includeRegion === 'always' || inputs.regionIndex > 0
    return components
      .filter((c) => withRegion || !REGION_COMPONENTS.has(c))
      .map((c) => trimSeparator(values.get(c) ?? c, options.separator))
      .filter((value) => value !== '')
      .join(options.separator)
  }
}
