import {AppError, AwsServiceError, ExitCode, isAppError} from './errors.js'
import {BudgetExceededError, type NetworkBudget} from './network.js'
import {cleanServerText} from './server-text.js'
import {sleep} from './sleep.js'

/** A request that never got an answer: DNS, refused connection, reset, timeout. */
export class NetworkError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.other, options)
  }
}

const NETWORK_CODES = new Set([
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
])

interface SdkLikeError {
  name?: string
  code?: string
  message?: string
  $metadata?: {httpStatusCode?: number}
  $retryable?: unknown
}

export function errorName(error: unknown): string {
  return (error as SdkLikeError)?.name ?? ''
}

export function httpStatusOf(error: unknown): number | undefined {
  return (error as SdkLikeError)?.$metadata?.httpStatusCode
}

export function isNetworkError(error: unknown): boolean {
  const e = error as SdkLikeError & {cause?: SdkLikeError}
  return Boolean(e && (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(e.cause?.code ?? '') || e.name === 'TimeoutError'))
}

/** Throttling and server-side failures are worth another try; everything else is an answer. */
export function isRetryable(error: unknown): boolean {
  const status = httpStatusOf(error)
  const name = errorName(error)
  return (
    name === 'TooManyRequestsException' ||
    name === 'ThrottlingException' ||
    name === 'InternalServerException' ||
    name === 'SlowDownException' ||
    (status !== undefined && (status === 429 || status >= 500)) ||
    isNetworkError(error)
  )
}

export interface RetryOptions {
  attempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Upper bound on the time spent waiting between attempts, so a caller is never stuck for long. */
  budgetMs?: number
  /** The caller's total network budget: no attempt starts that could not finish inside it. */
  budget?: NetworkBudget
}

export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6
  const base = options.baseDelayMs ?? 200
  const max = options.maxDelayMs ?? 4000
  const deadline = Date.now() + (options.budgetMs ?? 20_000)
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error) || error instanceof BudgetExceededError) throw error
      // Equal jitter (half fixed, half random): processes throttled at once must not retry in lockstep.
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)
      if (Date.now() + delay > deadline) throw error
      if (options.budget && options.budget.remainingMs() - delay < 1000) throw error
      await sleep(delay)
    }
  }
}

/**
 * Turns an SDK failure into one line the user can act on, keeping the AWS error name. `secrets` are
 * the values the request carried (the bearer token): a server may quote them back in its message.
 */
export function toAppError(error: unknown, what: string, endpointHint?: string, secrets: Iterable<string | undefined> = []): Error {
  if (isAppError(error)) return error
  if (isNetworkError(error)) {
    const code = (error as SdkLikeError).code ?? (error as {cause?: SdkLikeError}).cause?.code ?? 'no answer'
    if (code === 'ETIMEDOUT' || errorName(error) === 'TimeoutError') {
      const detail = error instanceof Error && error.message.startsWith('no answer within') ? error.message : 'timed out'
      return new NetworkError(`No answer from ${endpointHint ?? 'AWS'} for ${what} (${detail}). Check your network connection, proxy or VPN.`, {cause: error})
    }

    return new NetworkError(`Could not reach ${endpointHint ?? 'AWS'} for ${what} (${code}). Check your network connection, proxy or VPN.`, {cause: error})
  }

  const name = cleanServerText(errorName(error) || 'Error')
  const message = cleanServerText((error as SdkLikeError)?.message ?? String(error), secrets)
  return new AwsServiceError(`${what} failed: ${name}: ${message}`, {cause: error})
}
