import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export interface FixtureAccount {
  accountId: string
  accountName: string
  emailAddress: string
  roles: string[]
}

export interface Fixture {
  user: {name: string}
  /** null accepts any start URL, as a catch-all directory would. */
  startUrls: null | string[]
  accounts: FixtureAccount[]
}

export const DEFAULT_FIXTURE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'default.json')

export class FixtureError extends Error {
  override name = 'FixtureError'
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function requireString(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new FixtureError(`${where} must be a non-empty string`)
  return v
}

/** Checks an untrusted value (file or admin request) and returns a deep copy, so later edits by the caller cannot leak in. */
export function validateFixture(value: unknown): Fixture {
  if (!isRecord(value)) throw new FixtureError('fixture must be a JSON object')
  if (!isRecord(value.user)) throw new FixtureError('fixture.user must be an object')
  const name = requireString(value.user.name, 'fixture.user.name')

  let startUrls: null | string[] = null
  if (value.startUrls !== null && value.startUrls !== undefined) {
    if (!Array.isArray(value.startUrls)) throw new FixtureError('fixture.startUrls must be null or an array of strings')
    startUrls = value.startUrls.map((u, i) => requireString(u, `fixture.startUrls[${i}]`))
  }

  if (!Array.isArray(value.accounts)) throw new FixtureError('fixture.accounts must be an array')
  const seen = new Set<string>()
  const accounts = value.accounts.map((a: unknown, i): FixtureAccount => {
    const where = `fixture.accounts[${i}]`
    if (!isRecord(a)) throw new FixtureError(`${where} must be an object`)
    const accountId = requireString(a.accountId, `${where}.accountId`)
    if (!/^\d{12}$/.test(accountId)) throw new FixtureError(`${where}.accountId must be 12 digits`)
    if (seen.has(accountId)) throw new FixtureError(`${where}.accountId ${accountId} is duplicated`)
    seen.add(accountId)
    if (!Array.isArray(a.roles)) throw new FixtureError(`${where}.roles must be an array`)
    return {
      accountId,
      accountName: requireString(a.accountName, `${where}.accountName`),
      emailAddress: requireString(a.emailAddress, `${where}.emailAddress`),
      roles: a.roles.map((r, j) => requireString(r, `${where}.roles[${j}]`)),
    }
  })

  return {user: {name}, startUrls, accounts}
}

export function loadFixture(file: string): Fixture {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new FixtureError(`cannot read fixture ${file}: ${(error as Error).message}`)
  }

  return validateFixture(raw)
}

export function defaultFixture(): Fixture {
  return loadFixture(DEFAULT_FIXTURE_PATH)
}

const ROLE_NAMES = ['ReadOnlyAccess', 'PowerUserAccess', 'AdministratorAccess', 'Billing', 'SecurityAudit', 'ViewOnlyAccess']

/** A large, deterministic directory for pagination and scale tests. */
export function makeFixture(opts: {accounts: number; rolesPerAccount: number; userName?: string; startUrls?: null | string[]}): Fixture {
  const accounts: FixtureAccount[] = []
  for (let i = 0; i < opts.accounts; i++) {
    // Start far from 0 so ids keep 12 digits and stay apart from the default fixture's ids.
    const accountId = String(100_000_000_000 + i * 7919)
    const roles: string[] = []
    for (let j = 0; j < opts.rolesPerAccount; j++) {
      roles.push(j < ROLE_NAMES.length ? ROLE_NAMES[j] : `Role${j + 1}`)
    }

    accounts.push({
      accountId,
      accountName: `account-${String(i + 1).padStart(4, '0')}`,
      emailAddress: `aws+account-${i + 1}@example.com`,
      roles,
    })
  }

  return {user: {name: opts.userName ?? 'user@example.com'}, startUrls: opts.startUrls ?? null, accounts}
}
