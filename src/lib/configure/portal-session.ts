/**
 * What the configure flows need from a login and the portal, as plain functions so the flows can
 * be tested with fakes. The command wires them to ensureToken and portal.ts.
 */
import type {SsoInstance} from '../instance.js'

export interface PortalAccount {
  accountId: string
  accountName: string
  emailAddress?: string
}

export interface PortalAccess {
  /** An access token for the instance, logging in when needed. forceRefresh after a rejection. */
  token(instance: SsoInstance, options?: {forceRefresh?: boolean}): Promise<string>
  listAccounts(accessToken: string, region: string): Promise<PortalAccount[]>
  listAccountRoles(accessToken: string, accountId: string, region: string): Promise<string[]>
  /** Whether an error means the portal no longer accepts the token (expired or revoked server-side). */
  isTokenRejected(error: unknown): boolean
}

/**
 * Runs `call` with a token; when the portal rejects a token that looked valid, logs in again once
 * and retries, so a stale cache never ends the flow with an error the user cannot act on.
 */
export class PortalSession {
  private accessToken: Promise<string> | undefined

  constructor(
    private readonly access: PortalAccess,
    readonly instance: SsoInstance,
  ) {}

  async call<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    this.accessToken ??= this.access.token(this.instance)
    const used = await this.accessToken
    try {
      return await call(used)
    } catch (error) {
      if (!this.access.isTokenRejected(error)) throw error
      // Concurrent callers that all hit the rejection share one new login.
      const current = await this.accessToken
      if (current === used) this.accessToken = this.access.token(this.instance, {forceRefresh: true})
      return call(await this.accessToken)
    }
  }

  listAccounts(): Promise<PortalAccount[]> {
    return this.call((t) => this.access.listAccounts(t, this.instance.region))
  }

  listAccountRoles(accountId: string): Promise<string[]> {
    return this.call((t) => this.access.listAccountRoles(t, accountId, this.instance.region))
  }
}
