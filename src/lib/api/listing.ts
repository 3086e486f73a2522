import type {SsoInstance} from '../instance.js'
import type {CommandIo} from './options.js'

import {loginCommandFor} from '../auth/messages.js'
import {ConfigError, LoginRequiredError} from '../errors.js'
import {validateAccountId} from '../settings.js'
import {type AccessToken, instanceFor, tokenFor, type TokenOptions} from './token.js'

/** An AWS account the signed-in user can access. */
export interface AccountInfo {
  /** 12 digits. */
  accountId: string
  /** The account's name; its id when the portal gives none. */
  accountName: string
  /** The account's root email address, when the portal gives one. */
  emailAddress?: string
}

/** A role (permission set) the signed-in user can assume in an account. */
export interface RoleInfo {
  /** 12 digits. */
  accountId: string
  /** Absent when the account was named by `accountId` and not listed. */
  accountName?: string
  /** The permission set name, as `sso_role_name` takes it. */
  roleName: string
}

/** Options of {@link listAccounts}. */
export type ListOptions = Omit<TokenOptions, 'minValiditySeconds'>

/** Options of {@link listRoles}. */
export interface ListRolesOptions extends ListOptions {
  /** Only the roles in this account (12 digits), which is not listed (its roles have no `accountName`). */
  accountId?: string
  /** Only the roles in these of the listed accounts (12 digits each); the others are not asked for roles. */
  accountIds?: readonly string[]
  /** ListAccountRoles calls in flight at once when listing several accounts (default 8). Roles still come account by account, in the portal's order. */
  concurrency?: number
  /** Called as each account's roles are in: accounts done, accounts to ask. */
  onProgress?: (done: number, total: number) => void
}

/** ListAccountRoles calls in flight at once by default: fast on hundreds of accounts, well under the portal's throttling. */
export const DEFAULT_ROLE_LISTING_CONCURRENCY = 8

/**
 * A token source for one listing: when the portal rejects a token that looked valid (revoked, or
 * ended on the server), it gets a new one once, through a refresh or a login, as the CLI does.
 */
class Session {
  private token: Promise<AccessToken> | undefined

  constructor(
    readonly instance: SsoInstance,
    private readonly options: ListOptions,
    private readonly io: CommandIo,
  ) {}

  async *pages<T>(open: (accessToken: string, signal?: AbortSignal) => AsyncGenerator<T>): AsyncGenerator<T> {
    const {TokenRejectedError} = await import('../portal.js')
    let retried = false
    let yielded = 0
    for (;;) {
      this.token ??= tokenFor(this.instance, this.options, {allowLogin: !this.options.noLogin, forceRefresh: this.options.forceRefresh, ui: this.io.ui})
      const used = await this.token
      try {
        let skip = yielded
        for await (const page of open(used.accessToken, this.options.signal)) {
          // After a retry, the pages already handed out are read again but not repeated.
          if (skip > 0) {
            skip--
            continue
          }

          yielded++
          yield page
        }

        return
      } catch (error) {
        if (!(error instanceof TokenRejectedError) || retried) throw error
        const {markTokenRejected} = await import('../auth/token-provider.js')
        await markTokenRejected(this.instance, used.accessToken, this.options.env ?? process.env, this.options.signal)
        if (this.options.noLogin) {
          const loginCommand = loginCommandFor(this.instance, this.options.profile)
          throw new LoginRequiredError(`Your IAM Identity Center session is no longer valid. Run \`${loginCommand}\` and try again.`, {
            cause: error,
            loginCommand,
          })
        }

        retried = true
        // Listings running side by side (accounts, then each account's roles) share one new token.
        const current = await this.token
        if (current.accessToken === used.accessToken) {
          this.token = tokenFor(this.instance, this.options, {allowLogin: true, forceRefresh: true, rejectedAccessToken: used.accessToken, ui: this.io.ui})
        }
      }
    }
  }
}

/**
 * The accounts the signed-in user can access, page by page from the portal (ListAccounts, 100 a
 * page), throttled calls retried with jittered backoff. Logs in first when needed, as the CLI does.
 *
 * @yields One account at a time, in the portal's order.
 * @example
 * for await (const account of listAccounts({profile: 'dev'})) console.log(account.accountId, account.accountName)
 */
export async function* listAccounts(options: ListOptions = {}): AsyncGenerator<AccountInfo> {
  yield* listAccountsOf(await instanceFor(options), options)
}

/**
 * listAccounts for an instance already resolved (configure's, whose sso-session may not be in
 * the config yet).
 *
 * @yields One account at a time, in the portal's order.
 * @internal
 */
export async function* listAccountsOf(instance: SsoInstance, options: ListOptions = {}, io: CommandIo = {}): AsyncGenerator<AccountInfo> {
  const session = new Session(instance, options, io)
  const {accountPages} = await import('../portal.js')
  const {region} = session.instance
  for await (const page of session.pages((accessToken, signal) => accountPages({accessToken, region, signal}))) yield* page
}

/**
 * The roles the signed-in user can assume: in `accountId`, or in every account the user can access
 * (or those of `accountIds`), asking up to `concurrency` accounts at a time. Paginated and retried
 * like {@link listAccounts}.
 *
 * @yields One role at a time, account by account.
 * @example
 * for await (const role of listRoles({profile: 'dev'})) console.log(`${role.accountId} ${role.roleName}`)
 */
export async function* listRoles(options: ListRolesOptions = {}): AsyncGenerator<RoleInfo> {
  if (options.accountId !== undefined) validateAccountId(options.accountId)
  for (const id of options.accountIds ?? []) validateAccountId(id)
  const concurrency = options.concurrency ?? DEFAULT_ROLE_LISTING_CONCURRENCY
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError(`concurrency must be a positive integer, not ${concurrency}.`)
  yield* listRolesOf(await instanceFor(options), {...options, concurrency})
}

/**
 * listRoles for an instance already resolved; `accounts`, when given, are asked instead of listing
 * them again (configure populate lists them first, to say how many there are).
 *
 * @yields One role at a time, account by account.
 * @internal
 */
export async function* listRolesOf(
  instance: SsoInstance,
  options: ListRolesOptions & {accounts?: readonly AccountInfo[]} = {},
  io: CommandIo = {},
): AsyncGenerator<RoleInfo> {
  const concurrency = options.concurrency ?? DEFAULT_ROLE_LISTING_CONCURRENCY
  const session = new Session(instance, options, io)
  const {accountPages, accountRolePages} = await import('../portal.js')
  const {region} = session.instance
  const rolesOf = async (accountId: string): Promise<string[]> => {
    const names: string[] = []
    for await (const page of session.pages((accessToken, signal) => accountRolePages({accessToken, accountId, region, signal}))) names.push(...page)
    return names
  }

  if (options.accountId !== undefined) {
    for (const roleName of await rolesOf(options.accountId)) yield {accountId: options.accountId, roleName}
    options.onProgress?.(1, 1)
    return
  }

  let accounts: AccountInfo[] = [...(options.accounts ?? [])]
  if (options.accounts === undefined) {
    for await (const page of session.pages((accessToken, signal) => accountPages({accessToken, region, signal}))) accounts.push(...page)
  }

  if (options.accountIds !== undefined) {
    const wanted = new Set(options.accountIds)
    accounts = accounts.filter((a) => wanted.has(a.accountId))
  }

  const {mapBoundedInOrder} = await import('../bounded.js')
  const perAccount = mapBoundedInOrder(accounts, concurrency, async (account) => ({account, roleNames: await rolesOf(account.accountId)}), options.onProgress)
  for await (const {account, roleNames} of perAccount) {
    for (const roleName of roleNames) yield {accountId: account.accountId, accountName: account.accountName, roleName}
  }
}
