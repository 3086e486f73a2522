import type {SsoInstance} from '../instance.js'
import type {ConfigView} from '../settings.js'

import {sameInstance} from '../auth/instances.js'
import {effectiveProfile} from '../config/profiles.js'
import {ConfigError} from '../errors.js'
import {terminalSafe} from '../server-text.js'

/** One role the login can use. */
export interface AvailableRole {
  accountId: string
  accountName: string
  roleName: string
}

/** As the listing prints it: plus the profiles in the config that point at this role. */
export interface ListedRole extends AvailableRole {
  profiles: string[]
}

export const SORT_ORDERS = ['id,role', 'name,role', 'role,id', 'role,name'] as const
export type SortOrder = (typeof SORT_ORDERS)[number]
export const ROLES_OUTPUT_FORMATS = ['table', 'csv', 'json'] as const
export type RolesOutputFormat = (typeof ROLES_OUTPUT_FORMATS)[number]

/** `-r` patterns: a role is kept when any of them matches (unanchored, like the original). */
export function compileRolePatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((pattern) => {
    try {
      return new RegExp(pattern)
    } catch (error) {
      throw new ConfigError(`--role-name ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}.`)
    }
  })
}

/**
 * `-a` values as the original read them: all 12-digit ids name the accounts to ask; otherwise an
 * account is kept when its id starts or ends with a value, or its name matches it as a regular expression.
 */
export function compileAccountFilter(values: readonly string[]): {accountIds?: string[]; keep: (role: AvailableRole) => boolean} {
  if (values.length === 0) return {keep: () => true}
  if (values.every((v) => /^\d{12}$/.test(v))) return {accountIds: [...values], keep: () => true}
  const tests = values.map((value) => {
    let pattern: RegExp
    try {
      pattern = new RegExp(value)
    } catch (error) {
      throw new ConfigError(`--account-id ${JSON.stringify(value)} is neither an account id nor a valid regular expression: ${(error as Error).message}.`)
    }

    return (role: AvailableRole) => role.accountId.startsWith(value) || role.accountId.endsWith(value) || pattern.test(role.accountName)
  })
  return {keep: (role) => tests.some((t) => t(role))}
}

export function filterRoles<T extends AvailableRole>(roles: readonly T[], filter: {roleNames?: readonly RegExp[]}): T[] {
  const patterns = filter.roleNames ?? []
  return roles.filter((r) => patterns.length === 0 || patterns.some((p) => p.test(r.roleName)))
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Stable, locale-independent: the same input sorts the same on every machine. */
export function sortRoles<T extends AvailableRole>(roles: readonly T[], order: SortOrder): T[] {
  const key = (r: AvailableRole, field: string) => (field === 'id' ? r.accountId : field === 'name' ? r.accountName : r.roleName)
  const fields = order.split(',')
  // The remaining field breaks ties, so accounts that share a name still sort deterministically.
  if (!fields.includes('id')) fields.push('id')
  return [...roles].sort((a, b) => {
    for (const field of fields) {
      const c = compare(key(a, field), key(b, field))
      if (c !== 0) return c
    }

    return 0
  })
}

/** The profiles in the config that use this instance, by `accountId/roleName`. */
export function profilesByRole(config: ConfigView, instance: SsoInstance): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const name of Object.keys(config.profiles)) {
    const values = effectiveProfile(config.profiles, name)!
    const accountId = values.sso_account_id
    const roleName = values.sso_role_name
    if (!accountId || !roleName) continue
    const session = values.sso_session === undefined ? undefined : config.ssoSessions[values.sso_session]
    const theirs: SsoInstance | undefined =
      values.sso_session === undefined
        ? values.sso_start_url && values.sso_region
          ? {startUrl: values.sso_start_url, region: values.sso_region}
          : undefined
        : session?.sso_start_url && session.sso_region
          ? {startUrl: session.sso_start_url, region: session.sso_region, sessionName: values.sso_session}
          : undefined
    // A legacy profile and an sso-session with the same start URL reach the same roles.
    if (!theirs || !sameInstance({...theirs, sessionName: undefined}, {...instance, sessionName: undefined})) continue
    const key = `${accountId}/${roleName}`
    out.set(key, [...(out.get(key) ?? []), name])
  }

  for (const names of out.values()) names.sort(compare)
  return out
}

export function withProfiles(roles: readonly AvailableRole[], profiles: Map<string, string[]>): ListedRole[] {
  return roles.map((r) => ({
    accountId: r.accountId,
    accountName: r.accountName,
    roleName: r.roleName,
    profiles: profiles.get(`${r.accountId}/${r.roleName}`) ?? [],
  }))
}

const HEADERS = ['ACCOUNT ID', 'ACCOUNT NAME', 'ROLE NAME', 'PROFILES']
const CSV_HEADERS = ['account_id', 'account_name', 'role_name', 'profiles']

function cells(r: ListedRole): string[] {
  return [r.accountId, terminalSafe(r.accountName), terminalSafe(r.roleName), r.profiles.join(' ')]
}

function csvField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * table: aligned columns (or, with a separator, the fields joined by it, as the original prints);
 * csv: RFC 4180 with the separator (default ","); json: one array of objects.
 */
export function formatRoles(roles: readonly ListedRole[], options: {format: RolesOutputFormat; header: boolean; separator?: string}): string {
  if (options.format === 'json') {
    return (
      JSON.stringify(
        roles.map((r) => ({accountId: r.accountId, accountName: r.accountName, roleName: r.roleName, profiles: r.profiles})),
        null,
        2,
      ) + '\n'
    )
  }

  if (options.format === 'csv') {
    const sep = options.separator ?? ','
    const rows = roles.map((r) => cells(r))
    if (options.header) rows.unshift(CSV_HEADERS)
    return rows.map((row) => row.map((c) => csvField(c, sep)).join(sep) + '\n').join('')
  }

  const rows = roles.map((r) => cells(r))
  if (options.header) rows.unshift(HEADERS)
  if (options.separator !== undefined) return rows.map((row) => row.join(options.separator) + '\n').join('')
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  return rows
    .map(
      (row) =>
        row
          .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i])))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('')
}

/** A field of the original's listing, by the key `--sort-by` names it with. */
export type OriginalField = 'id' | 'name' | 'role'

const ORIGINAL_HEADERS: Record<OriginalField, string> = {id: 'Account ID', name: 'Account name', role: 'Role name'}

/**
 * How aws-sso-util 4.33 laid out `roles` without `--output`: sorted by the `--sort-by` keys (by
 * default account name then role, but not at all when a separator is given), the first key's
 * column first; with a separator and no sort the rows are printed as they arrive.
 */
export interface OriginalLayout {
  columns: OriginalField[]
  sortKeys?: OriginalField[]
  streamed: boolean
}

export function originalLayout(options: {sortBy?: SortOrder; separator?: string}): OriginalLayout {
  const sortKeys: OriginalField[] | undefined = options.sortBy
    ? (options.sortBy.split(',') as OriginalField[])
    : options.separator === undefined
      ? ['name', 'role']
      : undefined
  // The account's two fields stay together; the role comes first only when it is sorted on first.
  const columns: OriginalField[] =
    sortKeys === undefined || sortKeys[0] === 'name'
      ? ['name', 'id', 'role']
      : sortKeys[0] === 'id'
        ? ['id', 'name', 'role']
        : ['role', sortKeys[1], sortKeys[1] === 'id' ? 'name' : 'id']
  return {columns, sortKeys, streamed: options.separator !== undefined && sortKeys === undefined}
}

function originalCell(role: AvailableRole, field: OriginalField): string {
  return terminalSafe(field === 'id' ? role.accountId : field === 'name' ? role.accountName : role.roleName)
}

/** Code point order, as Python compares strings. */
function comparePython(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) ?? 0) - (y[i].codePointAt(0) ?? 0)
    if (d !== 0) return d
  }

  return x.length - y.length
}

/** Python's len() and ljust() count code points. */
const width = (s: string) => [...s].length

/** The header line of the original's listing with a separator (streamed, or sorted). */
export function originalHeader(layout: OriginalLayout, separator: string): string {
  return layout.columns.map((c) => ORIGINAL_HEADERS[c]).join(separator) + '\n'
}

/** One row joined by the separator, as the original streamed it. */
export function originalRow(role: AvailableRole, layout: OriginalLayout, separator: string): string {
  return layout.columns.map((c) => originalCell(role, c)).join(separator) + '\n'
}

/**
 * The original's listing, whole: sorted by the layout's keys only (ties keep the portal's order),
 * then either joined by the separator or padded to aligned columns one space apart, every column
 * padded, the last one too.
 */
export function formatOriginalRoles(roles: readonly AvailableRole[], layout: OriginalLayout, options: {header: boolean; separator?: string}): string {
  const keys = layout.sortKeys ?? []
  const sorted = [...roles].sort((a, b) => {
    for (const key of keys) {
      const c = comparePython(originalCell(a, key), originalCell(b, key))
      if (c !== 0) return c
    }

    return 0
  })
  const rows = sorted.map((r) => layout.columns.map((c) => originalCell(r, c)))
  const header = layout.columns.map((c) => ORIGINAL_HEADERS[c])
  if (options.separator !== undefined) {
    return [...(options.header ? [header] : []), ...rows].map((row) => row.join(options.separator) + '\n').join('')
  }

  const widths = layout.columns.map((_, i) => Math.max(options.header ? width(header[i]) : 0, ...rows.map((row) => width(row[i]))))
  return [...(options.header ? [header] : []), ...rows].map((row) => row.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' ') + '\n').join('')
}
