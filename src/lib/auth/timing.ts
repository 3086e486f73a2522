import type {Env} from './ui.js'

import {ConfigError} from '../errors.js'
import {abortReason} from '../sleep.js'

/** How long a login waits for approval; AWS CLI v2 waits 600 s too. */
export const DEFAULT_LOGIN_TIMEOUT_SECONDS = 600

/** Longer than any login a person finishes; also far below what a Node timer can hold. */
export const MAX_LOGIN_TIMEOUT_SECONDS = 3600

/** Tests and impatient users shorten the wait with AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS. */
export function loginTimeoutSeconds(env: Env): number {
  const raw = env.AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS?.trim()
  if (!raw) return DEFAULT_LOGIN_TIMEOUT_SECONDS
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0 || value > MAX_LOGIN_TIMEOUT_SECONDS) {
    throw new ConfigError(
      `AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS must be a number of seconds from 1 to ${MAX_LOGIN_TIMEOUT_SECONDS} (it is "${raw.slice(0, 20)}").`,
    )
  }

  return value
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal)
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export const TIMED_OUT = Symbol('timed out')

/** Waits for `promise`, at most `ms`; Ctrl-C (the signal) ends the wait at once. Leaves no timer behind. */
export function withDeadline<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const finish = (fn: () => void) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      fn()
    }

    const onAbort = () => finish(() => reject(abortReason(signal!)))
    const timer = setTimeout(() => finish(() => resolve(TIMED_OUT)), Math.max(0, ms))
    signal?.addEventListener('abort', onAbort, {once: true})
    if (signal?.aborted) onAbort()
    promise.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    )
  })
}
