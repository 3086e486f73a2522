import type {SsoInstance} from '../instance.js'

import {LoginRequiredError} from '../errors.js'
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
  /** Only the roles in this account (12 digits); otherwise the roles in every account. */
  accountId?: string
}

/**
 * A token source for one listing: when the portal rejects a token that looked valid (revoked, or
 * ended on the server), it gets a new one once, through a refresh or a login, as the CLI does.
 */
class Session {
  private token: Promise<AccessToken> | undefined

  constructor(
    readonly instance: SsoInstance,
    private readonly options: ListOptions,
  ) {}

  async *pages<T>(open: (accessToken: string, signal?: AbortSignal) => AsyncGenerator<T>): AsyncGenerator<T> {
    const {TokenRejectedError} = await import('../portal.js')
    let retried = false
    let yielded = 0
    for (;;) {
      this.token ??= tokenFor(this.instance, this.options, {allowLogin: !this.options.noLogin, forceRefresh: this.options.forceRefresh})
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
          throw new LoginRequiredError(`Your IAM Identity Center session is no longer valid. Log in again and try again.`, {cause: error})
        }

        retried = true
        // Listings running side by side (accounts, then each account's roles) share one new token.
        const current = await this.token
        if (current.accessToken === used.accessToken) {
          this.token = tokenFor(this.instance, this.options, {allowLogin: true, forceRefresh: true, rejectedAccessToken: used.accessToken})
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
  const session = new Session(await instanceFor(options), options)
  const {accountPages} = await import('../portal.js')
  const {region} = session.instance
  for await (const page of session.pages((accessToken, signal) => accountPages({accessToken, region, signal}))) yield* page
}

/**
 * The roles the signed-in user can assume: in `accountId`, or in every account the user can access.
 * Paginated and retried like {@link listAccounts}.
 *
 * @yields One role at a time, account by account.
 * @example
 * for await (const role of listRoles({profile: 'dev'})) console.log(`${role.accountId} ${role.roleName}`)
 */
export async function* listRoles(options: ListRolesOptions = {}): AsyncGenerator<RoleInfo> {
  const session = new Session(await instanceFor(options), options)
  const {accountPages, accountRolePages} = await import('../portal.js')
  const {region} = session.instance
  const roles = async function* (accountId: string, accountName?: string): AsyncGenerator<RoleInfo> {
    for await (const page of session.pages((accessToken, signal) => accountRolePages({accessToken, accountId, region, signal}))) {
      for (const roleName of page) yield accountName === undefined ? {accountId, roleName} : {accountId, accountName, roleName}
    }
  }

  if (options.accountId !== undefined) {
    validateAccountId(options.accountId)
    yield* roles(options.accountId)
    return
  }

  for await (const accounts of session.pages((accessToken, signal) => accountPages({accessToken, region, signal}))) {
    for (const account of accounts) yield* roles(account.accountId, account.accountName)
  }
}
