import type {IncomingMessage} from 'node:http'

import type {FixtureAccount} from './fixture.js'
import type {Context, Session} from './state.js'

import {ApiError, portalError} from './http.js'
import {newAccessKeyId, randomFrom, randomToken} from './state.js'

export const BEARER_HEADER = 'x-amz-sso_bearer_token'
export const DEFAULT_PAGE_SIZE = 20

const unauthorized = (): ApiError => portalError('UnauthorizedException', 'Session token not found or invalid')
const invalidRequest = (message: string): ApiError => portalError('InvalidRequestException', message)

/** The exact body AWS sends for an unassigned account or role; it is not in the service model. */
function forbidden(): ApiError {
  const err = portalError('ForbiddenException', 'No access')
  Object.assign(err.extra, {__type: 'com.amazonaws.switchboard.portal#ForbiddenException'})
  return err
}

function authenticate(ctx: Context, req: IncomingMessage): {token: string; session: Session} {
  const raw = req.headers[BEARER_HEADER]
  const token = Array.isArray(raw) ? raw[0] : raw
  if (token === undefined || token === '') throw unauthorized()
  const at = ctx.state.accessTokens.get(token)
  const session = at === undefined ? undefined : ctx.state.sessions.get(at.sessionId)
  if (at === undefined || session === undefined || session.revoked || at.expiresAt <= Date.now()) throw unauthorized()
  return {token, session}
}

function requiredParam(query: URLSearchParams, name: string): string {
  const v = query.get(name)
  if (v === null || v === '') throw invalidRequest(`Missing required parameter: ${name}`)
  return v
}

function findAccount(ctx: Context, accountId: string): FixtureAccount {
  if (!/^\d{12}$/.test(accountId)) throw invalidRequest(`Invalid account_id: ${accountId}`)
  const account = ctx.fixture.accounts.find((a) => a.accountId === accountId)
  if (account === undefined) throw forbidden()
  return account
}

interface PageToken {
  scope: string
  offset: number
}

function encodePageToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url')
}

function decodePageToken(raw: string, scope: string): number {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PageToken>
    if (t.scope === scope && Number.isInteger(t.offset) && (t.offset as number) >= 0) return t.offset as number
  } catch {
    // fall through to the modelled error below
  }

  throw invalidRequest('Invalid next_token')
}

function paginate<T>(items: T[], query: URLSearchParams, scope: string): {page: T[]; nextToken?: string} {
  const rawMax = query.get('max_result')
  let max = DEFAULT_PAGE_SIZE
  if (rawMax !== null) {
    max = Number(rawMax)
    if (!/^\d+$/.test(rawMax) || max < 1 || max > 100) {
      throw invalidRequest(`Invalid max_result: ${rawMax}; must be an integer from 1 to 100`)
    }
  }

  const rawToken = query.get('next_token')
  const offset = rawToken === null || rawToken === '' ? 0 : decodePageToken(rawToken, scope)
  const page = items.slice(offset, offset + max)
  const next = offset + max
  return next < items.length ? {page, nextToken: encodePageToken({scope, offset: next})} : {page}
}

export function getRoleCredentials(ctx: Context, req: IncomingMessage, query: URLSearchParams): Record<string, unknown> {
  authenticate(ctx, req)
  const roleName = requiredParam(query, 'role_name')
  const accountId = requiredParam(query, 'account_id')
  const account = findAccount(ctx, accountId)
  if (!account.roles.includes(roleName)) throw forbidden()

  const expiresAt = Date.now() + ctx.lifetimes.roleCredentialsSeconds * 1000
  const cred = {
    accessKeyId: newAccessKeyId(),
    secretAccessKey: randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40),
    sessionToken: randomToken('IQoJb3JpZ2luX2Vj', 300),
    accountId,
    roleName,
    userName: ctx.fixture.user.name,
    expiresAt,
  }
  ctx.state.roleCredentials.set(cred.accessKeyId, cred)
  return {
    roleCredentials: {
      accessKeyId: cred.accessKeyId,
      secretAccessKey: cred.secretAccessKey,
      sessionToken: cred.sessionToken,
      expiration: Math.floor(expiresAt),
    },
  }
}

export function listAccounts(ctx: Context, req: IncomingMessage, query: URLSearchParams): Record<string, unknown> {
  authenticate(ctx, req)
  const {page, nextToken} = paginate(ctx.fixture.accounts, query, 'accounts')
  return {
    ...(nextToken === undefined ? {} : {nextToken}),
    accountList: page.map((a) => ({accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress})),
  }
}

export function listAccountRoles(ctx: Context, req: IncomingMessage, query: URLSearchParams): Record<string, unknown> {
  authenticate(ctx, req)
  const account = findAccount(ctx, requiredParam(query, 'account_id'))
  const {page, nextToken} = paginate(account.roles, query, `roles:${account.accountId}`)
  return {
    ...(nextToken === undefined ? {} : {nextToken}),
    roleList: page.map((roleName) => ({roleName, accountId: account.accountId})),
  }
}

/** Ends the whole sign-in session, so the refresh token dies with the access token. */
export function logout(ctx: Context, req: IncomingMessage): void {
  const {session} = authenticate(ctx, req)
  session.revoked = true
}
