/**
 * What the configure flows need from the portal, as plain functions so the flows can be tested
 * with fakes. The commands wire them to the library's listing (wiring.ts), which logs in when
 * needed, logs in again once when the portal rejects a token that looked valid, and retries
 * throttled calls.
 */
import type {SsoInstance} from '../instance.js'

export interface PortalAccount {
  accountId: string
  accountName: string
  emailAddress?: string
}

export interface PortalAccess {
  /** Every account the login can use, in the portal's order. */
  listAccounts(instance: SsoInstance): Promise<PortalAccount[]>
  /** The role names of each of `accounts` (every one has an entry), `concurrency` accounts at a time. */
  listRoles(
    instance: SsoInstance,
    accounts: readonly PortalAccount[],
    options?: {concurrency?: number; onProgress?: (done: number, total: number) => void},
  ): Promise<Map<string, string[]>>
}
