import {readFile} from 'node:fs/promises'

import type {LoginUi} from '../auth/ui.js'
import type {Env} from '../env.js'
import type {SsoInstance} from '../instance.js'
import type {PortalAccess, PortalAccount} from './portal-access.js'
import type {ConfigStore} from './profile-flow.js'

import {ConfigError} from '../errors.js'

/** The real config file: read as is, written through the locked, atomic updater. */
export function fileStore(path: string, signal?: AbortSignal): ConfigStore {
  return {
    path,
    async read() {
      const {requireEditableConfigFile} = await import('../config/file-kind.js')
      await requireEditableConfigFile(path)
      try {
        return await readFile(path, 'utf8')
      } catch (error) {
        const {code} = error as NodeJS.ErrnoException
        if (code === 'ENOENT' || code === 'ENOTDIR') return ''
        throw new ConfigError(`Cannot read the AWS config file ${path}: ${(error as Error).message}`, {cause: error})
      }
    },
    async update(change) {
      const {updateConfigFile} = await import('../config/write.js')
      // Ctrl-C after the last portal call must still stop the write: checked again just before the rename.
      signal?.throwIfAborted()
      return updateConfigFile(path, change, {signal})
    },
  }
}

/**
 * The configure flows' portal: the library's listing for an instance already resolved (a new
 * sso-session is not in the config until the flow writes it). --force-refresh makes the first call
 * a new login; later calls use that token.
 */
export function portalAccess(options: {env: Env; ui: LoginUi; signal?: AbortSignal; forceRefresh?: boolean}): PortalAccess {
  let forceFirst = Boolean(options.forceRefresh)
  const io = {ui: options.ui}
  const listOptions = {env: options.env, signal: options.signal}
  const loggedIn = async (instance: SsoInstance): Promise<void> => {
    if (!forceFirst) return
    forceFirst = false
    const {tokenFor} = await import('../api/token.js')
    await tokenFor(instance, listOptions, {allowLogin: true, forceRefresh: true, fullLogin: true, ui: options.ui})
  }

  return {
    async listAccounts(instance) {
      await loggedIn(instance)
      const {listAccountsOf} = await import('../api/listing.js')
      const accounts: PortalAccount[] = []
      for await (const account of listAccountsOf(instance, listOptions, io)) accounts.push(account)
      return accounts
    },
    async listRoles(instance, accounts, {concurrency, onProgress} = {}) {
      await loggedIn(instance)
      const {listRolesOf} = await import('../api/listing.js')
      const byAccount = new Map(accounts.map((a) => [a.accountId, [] as string[]]))
      for await (const role of listRolesOf(instance, {...listOptions, accounts, concurrency, onProgress}, io))
        byAccount.get(role.accountId)?.push(role.roleName)
      return byAccount
    },
  }
}
