import type {Env} from './env.js'

import {ConfigError} from './errors.js'

/*
 * Every request to IAM Identity Center is bounded three ways: the TCP/TLS connection must be up
 * within CONNECT, the answer (headers and body) must arrive within REQUEST, and all the requests
 * of one credential-process run share a total budget. An endpoint that accepts the connection and
 * never answers, or sends headers and stalls, would otherwise hang every SDK client that runs us.
 */

export const DEFAULT_CONNECT_TIMEOUT_MS = 3000
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
/**
 * The total budget is this many request timeouts: 45 s by default, so credential-process without a
 * login answers within 60 s (the promise) with room for its own start and the file work.
 */
export const BUDGET_REQUESTS = 4.5
export const DEFAULT_BUDGET_MS = BUDGET_REQUESTS * DEFAULT_REQUEST_TIMEOUT_MS

export const HTTP_TIMEOUT_ENV = 'AWS_SSO_UTIL_HTTP_TIMEOUT_SECONDS'

export interface NetworkLimits {
  connectTimeoutMs: number
  requestTimeoutMs: number
  /** credential-process's total for all its requests when it does not log in. */
  budgetMs: number
}

/**
 * AWS_SSO_UTIL_HTTP_TIMEOUT_SECONDS sets the per-request timeout (at most 10 s: it only shortens);
 * the connect timeout and the total budget follow from it.
 */
export function networkLimits(env: Env = process.env): NetworkLimits {
  const raw = env[HTTP_TIMEOUT_ENV]?.trim()
  let requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS
  if (raw) {
    const seconds = Number(raw)
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > DEFAULT_REQUEST_TIMEOUT_MS / 1000) {
      throw new ConfigError(
        `${HTTP_TIMEOUT_ENV} must be a number of seconds above 0 and at most ${DEFAULT_REQUEST_TIMEOUT_MS / 1000} (it is "${raw.slice(0, 20)}").`,
      )
    }

    requestTimeoutMs = Math.round(seconds * 1000)
  }

  return {
    connectTimeoutMs: Math.min(DEFAULT_CONNECT_TIMEOUT_MS, requestTimeoutMs),
    requestTimeoutMs,
    budgetMs: BUDGET_REQUESTS * requestTimeoutMs,
  }
}

/** The SDK's own request handler settings: connect timeout, whole-request timeout, idle socket timeout. */
export function requestHandlerOptions(limits: NetworkLimits): {
  connectionTimeout: number
  requestTimeout: number
  socketTimeout: number
  throwOnRequestTimeout: boolean
} {
  return {
    connectionTimeout: limits.connectTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    socketTimeout: limits.requestTimeoutMs,
    throwOnRequestTimeout: true,
  }
}

/**
 * A total time for a series of requests. A login has its own window, so it extends the budget;
 * the waits for a person are not network waits.
 */
export class NetworkBudget {
  private deadline: number
  readonly totalMs: number

  constructor(totalMs: number = DEFAULT_BUDGET_MS, now = Date.now()) {
    this.totalMs = totalMs
    this.deadline = now + totalMs
  }

  remainingMs(now = Date.now()): number {
    return this.deadline - now
  }

  /** The budget ends no sooner than `ms` from now. */
  extend(ms: number, now = Date.now()): void {
    this.deadline = Math.max(this.deadline, now + ms)
  }
}

/** One request got no (complete) answer in time: worth one more try if the budget allows. */
export class RequestTimeoutError extends Error {
  readonly code = 'ETIMEDOUT'

  constructor(ms: number) {
    super(`no answer within ${formatSeconds(ms)}`)
    this.name = 'TimeoutError'
  }
}

/** The whole budget is spent; nothing more is tried. */
export class BudgetExceededError extends Error {
  readonly code = 'ETIMEDOUT'

  constructor(ms: number) {
    super(`no answer within the ${formatSeconds(ms)} budget`)
    this.name = 'TimeoutError'
  }
}

export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

export interface BoundOptions {
  limits: NetworkLimits
  /** Ctrl-C or the login window: its reason is thrown as is. */
  signal?: AbortSignal
  budget?: NetworkBudget
}

/**
 * Runs one request with an AbortSignal that fires at the request timeout (or when the budget runs
 * out, whichever is first). The result is raced against that signal too, so the bound holds even
 * where a client does not watch the signal while it reads a stalled body.
 */
export async function bounded<T>(send: (signal: AbortSignal) => Promise<T>, options: BoundOptions): Promise<T> {
  const {signal, budget, limits} = options
  signal?.throwIfAborted()
  const left = budget ? budget.remainingMs() : Number.POSITIVE_INFINITY
  if (left <= 0) throw new BudgetExceededError(budget!.totalMs)
  const ms = Math.min(limits.requestTimeoutMs, left)
  const byBudget = ms < limits.requestTimeoutMs
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = byBudget ? new BudgetExceededError(budget!.totalMs) : new RequestTimeoutError(ms)
      controller.abort(error)
      reject(error)
    }, ms)
    onAbort = () => {
      const {reason} = signal!
      controller.abort(reason)
      reject(reason instanceof Error ? reason : new Error('aborted'))
    }

    signal?.addEventListener('abort', onAbort, {once: true})
  })
  // The loser of the race must not surface as an unhandled rejection.
  stopped.catch(() => {})
  try {
    return await Promise.race([send(controller.signal), stopped])
  } catch (error) {
    // The SDK reports our abort as its own AbortError; the reason we gave says what happened.
    if (controller.signal.aborted && controller.signal.reason instanceof Error) throw controller.signal.reason
    throw error
  } finally {
    clearTimeout(timer)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
  }
}

/** An endpoint override that is not an http(s) URL is a configuration mistake, not a service error. */
export function checkEndpointUrl(env: Env, names: string[]): void {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim() ?? '')) return
  // The first one set is the one the SDK uses.
  const name = names.find((n) => env[n] !== undefined && env[n]!.trim() !== '')
  if (name) {
    const value = env[name]!
    let url: URL | undefined
    try {
      url = new URL(value.trim())
    } catch {}

    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.username || url.password) {
      throw new ConfigError(`${name} is not a valid endpoint URL; it looks like https://host[:port]. Fix or unset it.`)
    }
  }
}
