import type {IncomingMessage, ServerResponse} from 'node:http'

import type {Context} from './state.js'

import {sendHtml, sendJson, xmlEscape as esc} from './http.js'
import {errorPage} from './pages.js'
import {randomToken} from './state.js'

/** A token from the console federation endpoint's getSigninToken, redeemed once by Action=login. */
export interface SigninToken {
  accountId: string
  roleName: string
  userName: string
  sessionSeconds: number
  expiresAt: number
  used: boolean
}

/** AWS lets a sign-in token be redeemed within 15 minutes. */
const SIGNIN_TOKEN_SECONDS = 15 * 60

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, {Error: {Code: code, Message: message}})
}

/** signin.aws.amazon.com/federation: parameters in the query string (GET) or a form body (POST). */
export function federation(
  ctx: Context,
  tokens: Map<string, SigninToken>,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  body: Buffer,
  count: (op: string) => void,
): void {
  const params = new URLSearchParams(query)
  if (req.method === 'POST') for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v)
  const action = params.get('Action')
  if (action === 'getSigninToken') {
    count('GetSigninToken')
    getSigninToken(ctx, tokens, params, res)
    return
  }

  if (action === 'login') {
    count('ConsoleLogin')
    login(tokens, params, res)
    return
  }

  fail(res, 400, 'InvalidAction', `Unknown Action ${JSON.stringify(action ?? '')}`)
}

function getSigninToken(ctx: Context, tokens: Map<string, SigninToken>, params: URLSearchParams, res: ServerResponse): void {
  let session: Record<string, unknown>
  try {
    session = JSON.parse(params.get('Session') ?? '') as Record<string, unknown>
  } catch {
    fail(res, 400, 'InvalidSession', 'Session must be a JSON object with sessionId, sessionKey and sessionToken')
    return
  }

  const cred = typeof session.sessionId === 'string' ? ctx.state.roleCredentials.get(session.sessionId) : undefined
  if (!cred || cred.secretAccessKey !== session.sessionKey || cred.sessionToken !== session.sessionToken) {
    fail(res, 400, 'InvalidCredentials', 'The session credentials were not issued by this service')
    return
  }

  if (cred.expiresAt <= Date.now()) {
    fail(res, 400, 'ExpiredCredentials', 'The session credentials have expired')
    return
  }

  const duration = params.get('SessionDuration')
  const sessionSeconds = duration === null ? 12 * 3600 : Number(duration)
  if (!Number.isInteger(sessionSeconds) || sessionSeconds < 900 || sessionSeconds > 43_200) {
    fail(res, 400, 'InvalidSessionDuration', 'SessionDuration must be an integer from 900 to 43200')
    return
  }

  const token = randomToken('signin-', 48)
  tokens.set(token, {
    accountId: cred.accountId,
    roleName: cred.roleName,
    userName: cred.userName,
    sessionSeconds,
    expiresAt: Date.now() + SIGNIN_TOKEN_SECONDS * 1000,
    used: false,
  })
  sendJson(res, 200, {SigninToken: token})
}

function login(tokens: Map<string, SigninToken>, params: URLSearchParams, res: ServerResponse): void {
  const token = tokens.get(params.get('SigninToken') ?? '')
  if (!token || token.used || token.expiresAt <= Date.now()) {
    sendHtml(res, 400, errorPage('Sign-in failed', 'The sign-in token is invalid, expired, or already used.'))
    return
  }

  token.used = true
  const destination = params.get('Destination') ?? ''
  const issuer = params.get('Issuer') ?? ''
  sendHtml(
    res,
    200,
    `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Signed in - AWS console (emulator)</title></head>
<body>
<h1>Signed in</h1>
<p>Account <span id="account">${esc(token.accountId)}</span> as role <span id="role">${esc(token.roleName)}</span> (<span id="user">${esc(token.userName)}</span>)</p>
<p>Destination <span id="destination">${esc(destination)}</span></p>
<p>Issuer <span id="issuer">${esc(issuer)}</span></p>
<p>Session <span id="session-seconds">${token.sessionSeconds}</span> s</p>
</body></html>
`,
  )
}
