/**
 * Profile names for `configure populate`, with the original tool's options and its results: a
 * comma-separated list of components joined by a separator, the first region left out by
 * default, case changes and then trim patterns on account and role names.
 */
import {ConfigError} from '../errors.js'
import {pyCapitalize, pyCasefold, pyLower, pyTitle, pyUpper} from './python-case.js'

export type IncludeRegion = 'always' | 'default'
export type RegionStyle = 'long' | 'short'
export type NameCase = 'capitalize' | 'casefold' | 'lower' | 'title' | 'upper'
export const NAME_CASES: readonly NameCase[] = ['capitalize', 'casefold', 'lower', 'title', 'upper']

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

/**
 * The original's abbreviation: the last two parts of the code shortened, the rest kept as it is
 * except `us-gov`, which becomes `gov`: `us-east-1` → `usea1`, `ap-northeast-1` → `apne1`,
 * `us-gov-west-1` → `govwe1`, `us-isob-east-1` → `us-isobea1`.
 */
export function shortRegion(region: string): string {
  const parts = region.split('-')
  if (parts.length < 3) return region
  const area = parts.slice(0, -2).join('-')
  const direction = parts.at(-2)!
  return (area === 'us-gov' ? 'gov' : area) + (DIRECTIONS[direction] ?? direction) + parts.at(-1)!
}

/**
 * The account name in the original's profile names (its --safe-account-names, the default):
 * each run of whitespace or square brackets becomes one `-`, and dashes at either end go.
 */
export function originalSafeAccountName(name: string): string {
  return name.replaceAll(/[\s[\]]+/gu, '-').replaceAll(/^-+|-+$/g, '')
}

/**
 * The original documented "replace any character sequences not in A-Za-z0-9-._ with a single -"
 * (but replaced only whitespace and brackets); this set is one every SDK accepts in a
 * `[profile …]` header, used where the original's name is one an SDK cannot read.
 */
export function safeAccountName(name: string): string {
  // "security (audit)" is security-audit, not security-audit-: no dash at either end or twice.
  return name
    .replaceAll(/[^\w.-]+/g, '-')
    .replaceAll(/-{2,}/g, '-')
    .replaceAll(/^-|-$/g, '')
}

/** Python's named-group spellings, which JavaScript writes differently. */
function fromPythonPattern(pattern: string): string {
  return pattern.replaceAll('(?P<', '(?<').replaceAll(/\(\?P=(\w+)\)/g, String.raw`\k<$1>`)
}

function compile(patterns: readonly string[], flag: string): RegExp[] {
  return patterns.map((pattern) => {
    try {
      return new RegExp(fromPythonPattern(pattern), 'gu')
    } catch (error) {
      throw new ConfigError(`${flag} "${pattern}" is not a valid regular expression: ${(error as Error).message}`)
    }
  })
}

const CASE_CHANGES: Record<NameCase, (value: string) => string> = {
  capitalize: pyCapitalize,
  casefold: pyCasefold,
  lower: pyLower,
  title: pyTitle,
  upper: pyUpper,
}

function applyCase(value: string, nameCase: NameCase | undefined): string {
  return nameCase ? CASE_CHANGES[nameCase](value) : value
}

export type ProfileNamer = (inputs: NameInputs) => string

/** How an account name enters a profile name before case changes and trims. */
export type AccountNameFilter = (accountName: string) => string

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

/**
 * The original's name for a profile. `accountNameFilter` replaces what --safe-account-names does
 * to the account name (the stricter {@link safeAccountName}, for a name an SDK could not read).
 */
export function makeProfileNamer(options: NamingOptions, accountNameFilter?: AccountNameFilter): ProfileNamer {
  const components = componentList(options.components)
  if (components.length === 0) throw new ConfigError('--components is empty; give a comma-separated list such as account_name,role_name.')
  const trimAccount = compile(options.trimAccountName, '--trim-account-name')
  const trimRole = compile(options.trimRoleName, '--trim-role-name')

  return (inputs) => {
    const filter = accountNameFilter ?? (options.safeAccountNames ? originalSafeAccountName : undefined)
    // Case first, then trims: the original wraps its trim step inside its case step.
    let accountName = applyCase(filter ? filter(inputs.accountName) : inputs.accountName, options.accountNameCase)
    for (const re of trimAccount) accountName = accountName.replace(re, '')
    let roleName = applyCase(inputs.roleName, options.roleNameCase)
    for (const re of trimRole) roleName = roleName.replace(re, '')

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
    // Joined as the original's format string joins them: an empty part still gets its separator.
    return components
      .filter((c) => withRegion || !REGION_COMPONENTS.has(c))
      .map((c) => values.get(c) ?? c)
      .join(options.separator)
  }
}
