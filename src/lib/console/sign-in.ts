import type {AwsSsoCredentials} from '../api/credentials.js'

import {AwsServiceError, ConfigError} from '../errors.js'
import {signInUrl} from './urls.js'

/** The federation endpoint answers in well under a second; a stalled one must not hold the user. */
const REQUEST_TIMEOUT_MS = 15_000

export const MIN_SESSION_SECONDS = 900
export const MAX_SESSION_SECONDS = 43_200

/** Checks a session length in seconds (from a flag or a config token's minutes). */
export function validateSessionDuration(seconds: number | undefined): void {
  if (seconds === undefined) return
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    throw new ConfigError(`The session duration of ${seconds} seconds is out of range: it must be from 15 minutes to 12 hours.`)
  }
}

/**
 * `--duration` in seconds. Minutes (15 to 720), as the original tool takes them; and, because no
 * value is both, seconds (900 to 43200), as earlier releases of this one took them.
 */
export function durationFlagSeconds(value?: number): number | undefined {
  if (value === undefined) return undefined
  if (Number.isInteger(value) && value >= MIN_SESSION_SECONDS / 60 && value <= MAX_SESSION_SECONDS / 60) return value * 60
  if (Number.isInteger(value) && value >= MIN_SESSION_SECONDS && value <= MAX_SESSION_SECONDS) return value
  throw new ConfigError(`--duration ${value} is out of range: give minutes from 15 to 720 (12 hours).`)
}

/** Server text shown to the user: one line, no terminal control characters, bounded. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replaceAll(/[\u0000-\u001F\u007F-\u009F]+/g, ' ')
  return flat.trim().slice(0, 200)
}

/**
 * getSigninToken, POSTed so that the session credentials travel in the body, not in a URL that
 * proxies and servers log; then the Action=login URL. That URL signs anyone who opens it in for
 * the session: callers print it to stdout or hand it to a browser, never to a log.
 */
export async function consoleSignInUrl(args: {
  credentials: Pick<AwsSsoCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>
  endpoint: string
  issuer: string
  destination: string
  sessionSeconds?: number
}): Promise<string> {
  const form = new URLSearchParams({
    Action: 'getSigninToken',
    Session: JSON.stringify({
      sessionId: args.credentials.accessKeyId,
      sessionKey: args.credentials.secretAccessKey,
      sessionToken: args.credentials.sessionToken,
    }),
  })
  if (args.sessionSeconds !== undefined) form.set('SessionDuration', String(args.sessionSeconds))
  // fetch is stable and warning-free on every Node that engines allows (20.17+); the rule dates it from 21.
  // eslint-disable-next-line n/no-unsupported-features/node-builtins
  let res: Response
  try {
    // eslint-disable-next-line n/no-unsupported-features/node-builtins
    res = await fetch(args.endpoint, {
      method: 'POST',
      body: form,
      headers: {Accept: 'application/json'},
      // A 307 or 308 would have fetch post the credentials again, to wherever the answer points.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  } catch (error) {
    const why = (error as Error)?.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : 'the connection failed'
    throw new AwsServiceError(`Could not reach the console sign-in endpoint ${new URL(args.endpoint).host}: ${why}. Check your network connection.`)
  }

  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => {})
    throw new AwsServiceError(
      `The console sign-in endpoint ${new URL(args.endpoint).host} answered with a redirect (HTTP ${res.status}); the credentials were not sent on.`,
    )
  }

  const text = await res.text().catch(() => '')
  let body: {Error?: {Code?: unknown; Message?: unknown}; SigninToken?: unknown} = {}
  try {
    body = JSON.parse(text) as typeof body
  } catch {}

  if (res.status !== 200 || typeof body.SigninToken !== 'string') {
    const code = typeof body.Error?.Code === 'string' ? `${body.Error.Code}: ` : ''
    const message = typeof body.Error?.Message === 'string' ? body.Error.Message : `HTTP ${res.status}`
    throw new AwsServiceError(`The console sign-in endpoint refused the role credentials (${printable(code + message)}).`)
  }

  return signInUrl(args.endpoint, {issuer: args.issuer, destination: args.destination, signinToken: body.SigninToken})
}
