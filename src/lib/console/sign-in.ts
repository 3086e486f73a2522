import type {AwsSsoCredentials} from '../api/credentials.js'

import {AwsServiceError, ConfigError} from '../errors.js'
import {signInUrl} from './urls.js'

/** The federation endpoint answers in well under a second; a stalled one must not hold the user. */
const REQUEST_TIMEOUT_MS = 15_000

export const MIN_SESSION_SECONDS = 900
export const MAX_SESSION_SECONDS = 43_200

export function validateSessionDuration(seconds: number | undefined): void {
  if (seconds === undefined) return
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    throw new ConfigError(`--duration ${seconds} is out of range: give seconds from ${MIN_SESSION_SECONDS} (15 minutes) to ${MAX_SESSION_SECONDS} (12 hours).`)
  }
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
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  } catch (error) {
    const why = (error as Error)?.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : 'the connection failed'
    throw new AwsServiceError(`Could not reach the console sign-in endpoint ${new URL(args.endpoint).host}: ${why}. Check your network connection.`)
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
