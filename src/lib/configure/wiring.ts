import {readFile} from 'node:fs/promises'

import type {LoginUi} from '../auth/ui.js'
import type {Env} from '../env.js'
import type {PortalAccess} from './portal-session.js'
import type {ConfigStore} from './profile-flow.js'

import {loginCommandFor} from '../auth/messages.js'
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
        const {code} = (error as NodeJS.ErrnoException)
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
 * Logs in through ensureToken (browser, single-flight with every other process) and lists
 * accounts and roles through portal.ts; both are imported only when a flow needs the portal.
 */
export function portalAccess(options: {env: Env; ui: LoginUi; signal?: AbortSignal; forceRefresh?: boolean}): PortalAccess {
  // --force-refresh applies to the first login only; a later forced one follows a rejection.
  let forceFirst = Boolean(options.forceRefresh)
  return {
    async token(instance, opts) {
      const {ensureToken} = await import('../auth/token-provider.js')
      const token = await ensureToken(instance, {
        allowLogin: true,
        loginHint: loginCommandFor(instance),
        forceRefresh: opts?.forceRefresh || forceFirst,
        fullLogin: forceFirst,
        ui: options.ui,
        env: options.env,
        signal: options.signal,
      })
      forceFirst = false
      return token.accessToken
    },
    async listAccounts(accessToken, region) {
      // Ctrl-C stops a long listing between calls and aborts the calls in flight.
      options.signal?.throwIfAborted()
      const {listAccounts} = await import('../portal.js')
      return listAccounts({accessToken, region, signal: options.signal})
    },
    async listAccountRoles(accessToken, accountId, region) {
      options.signal?.throwIfAborted()
      const {listAccountRoles} = await import('../portal.js')
      return listAccountRoles({accessToken, accountId, region, signal: options.signal})
    },
    isTokenRejected(error) {
      return (error as Error)?.name === 'TokenRejectedError'
    },
  }
}

