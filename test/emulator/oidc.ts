import type {ServerResponse} from 'node:http'

import {createHash, randomUUID, timingSafeEqual} from 'node:crypto'

import type {CodeAuthorization, Context, DeviceAuthorization, Registration} from './state.js'

import {adminError, ApiError, oidcError, redirect, sendHtml} from './http.js'
import {authorizeApprovalPage, decisionResultPage, deviceApprovalPage, deviceCodeEntryPage, errorPage} from './pages.js'
import {newUserCode, normalizeUserCode, randomToken, startUrlAllowed} from './state.js'

export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code'
export const GRANT_AUTHORIZATION_CODE = 'authorization_code'
export const GRANT_REFRESH_TOKEN = 'refresh_token'
const SUPPORTED_GRANTS = new Set([GRANT_AUTHORIZATION_CODE, GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN])

/** Only registrations asking for this scope get refresh tokens; older clients that register without scopes do not. */
export const REFRESH_SCOPE = 'sso:account:access'

/** Short grant names used as the stats suffix, e.g. `CreateToken:device_code`. */
export function grantLabel(grantType: unknown): string | undefined {
  if (typeof grantType !== 'string') return undefined
  if (grantType === GRANT_DEVICE_CODE) return 'device_code'
  return SUPPORTED_GRANTS.has(grantType) ? grantType : 'unsupported'
}

const invalidRequest = (message: string): ApiError => oidcError('InvalidRequestException', message)

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw invalidRequest(`Invalid value for parameter ${key}: expected a string`)
  return v
}

function requiredString(body: Record<string, unknown>, key: string): string {
  const v = optionalString(body, key)
  if (v === undefined || v === '') throw invalidRequest(`Missing required parameter: ${key}`)
  return v
}

function optionalStringArray(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key]
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw invalidRequest(`Invalid value for parameter ${key}: expected a list of strings`)
  }

  return v as string[]
}

const toSeconds = (ms: number): number => Math.floor(ms / 1000)
const secondsUntil = (ms: number, now: number): number => Math.max(0, Math.ceil((ms - now) / 1000))

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

function isLoopbackRedirect(u: URL): boolean {
  return u.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname)
}

function parseUrl(s: string): URL | undefined {
  try {
    return new URL(s)
  } catch {
    return undefined
  }
}

/** Registered loopback URIs carry no port (RFC 8252 §7.3): the client picks a free one per login. */
function redirectMatches(registered: string[], given: URL): boolean {
  return registered.some((r) => {
    const reg = parseUrl(r)
    return (
      reg !== undefined && reg.protocol === given.protocol && reg.hostname === given.hostname && reg.pathname === given.pathname && reg.search === given.search
    )
  })
}

export function registerClient(ctx: Context, body: Record<string, unknown>): Record<string, unknown> {
  const clientName = requiredString(body, 'clientName')
  const clientType = requiredString(body, 'clientType')
  if (clientType !== 'public') {
    throw oidcError('InvalidClientMetadataException', `Unsupported clientType: ${clientType}`)
  }

  const scopes = optionalStringArray(body, 'scopes') ?? []
  if (scopes.some((s) => s.trim() === '')) throw oidcError('InvalidScopeException', 'Scopes must not be empty')
  const grantTypes = optionalStringArray(body, 'grantTypes')
  const redirectUris = optionalStringArray(body, 'redirectUris') ?? []
  const issuerUrl = optionalString(body, 'issuerUrl')
  optionalString(body, 'entitledApplicationArn')

  for (const g of grantTypes ?? []) {
    if (!SUPPORTED_GRANTS.has(g)) throw oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${g}`)
  }

  for (const r of redirectUris) {
    const u = parseUrl(r)
    if (u === undefined || !isLoopbackRedirect(u)) {
      throw oidcError('InvalidRedirectUriException', `Invalid redirect URI: ${r}`)
    }
  }

  if (grantTypes?.includes(GRANT_AUTHORIZATION_CODE) && redirectUris.length === 0) {
    throw oidcError('InvalidRedirectUriException', 'redirectUris is required for the authorization_code grant')
  }

  if (issuerUrl !== undefined && !startUrlAllowed(ctx.fixture, issuerUrl)) {
    throw invalidRequest(`Unknown issuerUrl: ${issuerUrl}`)
  }

  const now = Date.now()
  const reg: Registration = {
    clientId: randomToken('', 16),
    clientSecret: randomToken('', 96),
    clientName,
    clientType,
    scopes,
    redirectUris,
    grantTypes,
    issuerUrl,
    issuedAt: now,
    expiresAt: now + ctx.lifetimes.registrationSeconds * 1000,
  }
  ctx.state.registrations.set(reg.clientId, reg)

  const out: Record<string, unknown> = {
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    clientIdIssuedAt: toSeconds(reg.issuedAt),
    clientSecretExpiresAt: toSeconds(reg.expiresAt),
  }
  if (grantTypes?.includes(GRANT_AUTHORIZATION_CODE)) {
    out.authorizationEndpoint = `${ctx.url}/authorize`
    out.tokenEndpoint = `${ctx.url}/token`
  }

  return out
}

function lookupClient(ctx: Context, clientId: string): Registration | undefined {
  const reg = ctx.state.registrations.get(clientId)
  if (reg === undefined || reg.expiresAt <= Date.now()) return undefined
  return reg
}

function authenticateClient(ctx: Context, clientId: string, clientSecret: string): Registration {
  const reg = ctx.state.registrations.get(clientId)
  if (reg === undefined) throw oidcError('InvalidClientException', 'Invalid client provided')
  if (!safeEqual(reg.clientSecret, clientSecret)) throw oidcError('InvalidClientException', 'Invalid client secret provided')
  if (reg.expiresAt <= Date.now()) throw oidcError('InvalidClientException', 'Client registration has expired')
  return reg
}

function userCodeTaken(ctx: Context, code: string): boolean {
  for (const d of ctx.state.deviceAuths.values()) if (d.userCode === code) return true
  for (const a of ctx.state.codeAuths.values()) if (a.userCode === code) return true
  return false
}

export function startDeviceAuthorization(ctx: Context, body: Record<string, unknown>): Record<string, unknown> {
  const clientId = requiredString(body, 'clientId')
  const clientSecret = requiredString(body, 'clientSecret')
  const startUrl = requiredString(body, 'startUrl')
  const reg = authenticateClient(ctx, clientId, clientSecret)
  if (!startUrlAllowed(ctx.fixture, startUrl)) throw invalidRequest(`Unknown startUrl: ${startUrl}`)

  const now = Date.now()
  const auth: DeviceAuthorization = {
    deviceCode: randomToken('', 48),
    userCode: newUserCode((c) => userCodeTaken(ctx, c)),
    clientId,
    clientName: reg.clientName,
    startUrl,
    // Auto-approval happens here rather than on the page, so clients whose "browser" never loads the URL still finish.
    status: ctx.autoApprove ? 'approved' : 'pending',
    expiresAt: now + ctx.lifetimes.deviceCodeSeconds * 1000,
    intervalMs: ctx.lifetimes.pollIntervalSeconds * 1000,
    lastPollAt: undefined,
  }
  ctx.state.deviceAuths.set(auth.deviceCode, auth)

  const verificationUri = `${ctx.url}/device`
  return {
    deviceCode: auth.deviceCode,
    userCode: auth.userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${auth.userCode}`,
    expiresIn: secondsUntil(auth.expiresAt, now),
    interval: Math.ceil(ctx.lifetimes.pollIntervalSeconds),
  }
}

function issueTokens(ctx: Context, sessionId: string, clientId: string, scopes: string[], withRefresh: boolean): Record<string, unknown> {
  const now = Date.now()
  const accessToken = randomToken('aoa', 96)
  ctx.state.accessTokens.set(accessToken, {sessionId, expiresAt: now + ctx.lifetimes.accessTokenSeconds * 1000})
  const out: Record<string, unknown> = {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: Math.ceil(ctx.lifetimes.accessTokenSeconds),
  }
  if (withRefresh) {
    const refreshToken = randomToken('aor', 96)
    ctx.state.refreshTokens.set(refreshToken, {
      sessionId,
      clientId,
      scopes,
      expiresAt: now + ctx.lifetimes.refreshTokenSeconds * 1000,
      used: false,
    })
    out.refreshToken = refreshToken
  }

  return out
}

function newSession(ctx: Context, clientId: string): string {
  const id = randomUUID()
  ctx.state.sessions.set(id, {id, clientId, revoked: false})
  return id
}

/** A tolerance so a client sleeping exactly `interval` is not punished for network jitter. */
const POLL_JITTER_MS = 200

function deviceCodeGrant(ctx: Context, reg: Registration, body: Record<string, unknown>): Record<string, unknown> {
  const deviceCode = requiredString(body, 'deviceCode')
  const auth = ctx.state.deviceAuths.get(deviceCode)
  if (auth === undefined || auth.clientId !== reg.clientId || auth.status === 'consumed') {
    throw oidcError('InvalidGrantException', 'Invalid grant provided')
  }

  const now = Date.now()
  if (auth.expiresAt <= now) throw oidcError('ExpiredTokenException', 'Device code has expired')
  if (auth.status === 'denied') throw oidcError('AccessDeniedException', 'Access denied by the user')
  if (auth.status === 'pending') {
    const last = auth.lastPollAt
    auth.lastPollAt = now
    if (last !== undefined && now - last < auth.intervalMs - POLL_JITTER_MS) {
      throw oidcError('SlowDownException', 'Client is polling too frequently')
    }

    throw oidcError('AuthorizationPendingException', 'Authorization is still pending')
  }

  auth.status = 'consumed'
  const sessionId = newSession(ctx, reg.clientId)
  return issueTokens(ctx, sessionId, reg.clientId, reg.scopes, reg.scopes.includes(REFRESH_SCOPE))
}

function findByCode(ctx: Context, code: string): CodeAuthorization | undefined {
  for (const a of ctx.state.codeAuths.values()) if (a.code === code) return a
  return undefined
}

export const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url')

function authorizationCodeGrant(ctx: Context, reg: Registration, body: Record<string, unknown>): Record<string, unknown> {
  const code = requiredString(body, 'code')
  const redirectUri = requiredString(body, 'redirectUri')
  const codeVerifier = requiredString(body, 'codeVerifier')
  const auth = findByCode(ctx, code)
  if (auth === undefined || auth.status !== 'approved' || auth.clientId !== reg.clientId) {
    throw oidcError('InvalidGrantException', 'Invalid authorization code provided')
  }

  // Burn the code on the first attempt, right or wrong, so a leaked code cannot be brute-forced against verifiers.
  auth.status = 'consumed'
  if (auth.expiresAt <= Date.now()) throw oidcError('InvalidGrantException', 'Authorization code has expired')
  if (redirectUri !== auth.redirectUri) throw oidcError('InvalidGrantException', 'Redirect URI mismatch')
  if (!/^[\w.~-]{43,128}$/.test(codeVerifier)) throw invalidRequest('Invalid code verifier')
  if (!safeEqual(s256(codeVerifier), auth.codeChallenge)) {
    throw oidcError('InvalidGrantException', 'Code verifier does not match code challenge')
  }

  const sessionId = newSession(ctx, reg.clientId)
  return issueTokens(ctx, sessionId, reg.clientId, auth.scopes.length > 0 ? auth.scopes : reg.scopes, true)
}

function refreshTokenGrant(ctx: Context, reg: Registration, body: Record<string, unknown>): Record<string, unknown> {
  const refreshToken = requiredString(body, 'refreshToken')
  const rt = ctx.state.refreshTokens.get(refreshToken)
  const session = rt === undefined ? undefined : ctx.state.sessions.get(rt.sessionId)
  if (rt === undefined || session === undefined || rt.clientId !== reg.clientId) {
    throw oidcError('InvalidGrantException', 'Invalid refresh token provided')
  }

  if (rt.used || session.revoked) throw oidcError('InvalidGrantException', 'Refresh token has been revoked')
  if (rt.expiresAt <= Date.now()) throw oidcError('InvalidGrantException', 'Refresh token has expired')
  rt.used = true
  return issueTokens(ctx, rt.sessionId, reg.clientId, rt.scopes, true)
}

export function createToken(ctx: Context, body: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  if (query.has('aws_iam')) throw invalidRequest('CreateTokenWithIAM is not supported by this emulator')
  const clientId = requiredString(body, 'clientId')
  const clientSecret = requiredString(body, 'clientSecret')
  const grantType = requiredString(body, 'grantType')
  optionalStringArray(body, 'scope')
  const reg = authenticateClient(ctx, clientId, clientSecret)
  if (!SUPPORTED_GRANTS.has(grantType)) {
    throw oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`)
  }

  if (reg.grantTypes !== undefined && !reg.grantTypes.includes(grantType)) {
    throw oidcError('UnauthorizedClientException', `Client is not registered for grant type ${grantType}`)
  }

  switch (grantType) {
    case GRANT_DEVICE_CODE: {
      return deviceCodeGrant(ctx, reg, body)
    }

    case GRANT_AUTHORIZATION_CODE: {
      return authorizationCodeGrant(ctx, reg, body)
    }

    default: {
      return refreshTokenGrant(ctx, reg, body)
    }
  }
}

// ---- browser side: /authorize and /device -------------------------------------------------------

function redirectWith(base: string, params: Record<string, string | undefined>): string {
  const u = new URL(base)
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v)
  return u.toString()
}

function approveCodeAuth(ctx: Context, auth: CodeAuthorization): void {
  auth.status = 'approved'
  auth.code = randomToken('', 32)
  auth.expiresAt = Date.now() + ctx.lifetimes.deviceCodeSeconds * 1000
}

/** Where the browser goes once the user has decided; undefined while still pending. */
function decisionRedirect(auth: CodeAuthorization): string | undefined {
  if (auth.status === 'approved' && auth.code !== undefined) {
    return redirectWith(auth.redirectUri, {code: auth.code, state: auth.state})
  }

  if (auth.status === 'denied') {
    return redirectWith(auth.redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied the request',
      state: auth.state,
    })
  }

  return undefined
}

export function authorize(ctx: Context, query: URLSearchParams, res: ServerResponse): void {
  const clientId = query.get('client_id') ?? ''
  const reg = lookupClient(ctx, clientId)
  if (reg === undefined) {
    sendHtml(res, 400, errorPage('Invalid request', 'Unknown or expired client_id.'))
    return
  }

  // A bad redirect URI must never be redirected to (RFC 6749 §4.1.2.1): the error stays on our page.
  const rawRedirect = query.get('redirect_uri') ?? ''
  const redirectUrl = parseUrl(rawRedirect)
  if (redirectUrl === undefined || !isLoopbackRedirect(redirectUrl) || !redirectMatches(reg.redirectUris, redirectUrl)) {
    sendHtml(res, 400, errorPage('Invalid request', 'The redirect_uri is not registered for this client.'))
    return
  }

  const state = query.get('state') ?? undefined
  const fail = (error: string, description: string): void => redirect(res, redirectWith(rawRedirect, {error, error_description: description, state}))
  if (query.get('response_type') !== 'code') {
    fail('unsupported_response_type', 'response_type must be code')
    return
  }

  if (reg.grantTypes !== undefined && !reg.grantTypes.includes(GRANT_AUTHORIZATION_CODE)) {
    fail('unauthorized_client', 'The client is not registered for the authorization_code grant')
    return
  }

  const challenge = query.get('code_challenge') ?? ''
  if (query.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(challenge)) {
    fail('invalid_request', 'A S256 code_challenge is required')
    return
  }

  const scopes = (query.get('scopes') ?? query.get('scope') ?? '').split(/[\s,]+/).filter(Boolean)
  const auth: CodeAuthorization = {
    id: randomUUID(),
    userCode: newUserCode((c) => userCodeTaken(ctx, c)),
    clientId,
    clientName: reg.clientName,
    redirectUri: rawRedirect,
    state,
    codeChallenge: challenge,
    scopes,
    status: 'pending',
    code: undefined,
    expiresAt: Date.now() + ctx.lifetimes.deviceCodeSeconds * 1000,
  }
  ctx.state.codeAuths.set(auth.id, auth)

  if (ctx.autoApprove) {
    approveCodeAuth(ctx, auth)
    redirect(res, decisionRedirect(auth) as string)
    return
  }

  sendHtml(res, 200, authorizeApprovalPage(auth.id, auth.userCode, auth.clientName, auth.scopes))
}

function pendingCodeAuth(ctx: Context, id: string, res: ServerResponse): CodeAuthorization | undefined {
  const auth = ctx.state.codeAuths.get(id)
  if (auth === undefined) {
    sendHtml(res, 404, errorPage('Request not found', 'This sign-in request does not exist.'))
    return undefined
  }

  if (auth.status === 'pending' && auth.expiresAt <= Date.now()) {
    sendHtml(res, 400, errorPage('Request expired', 'This sign-in request has expired. Start again.'))
    return undefined
  }

  return auth
}

/** Form target of the Approve/Deny buttons on the /authorize page. */
export function authorizeDecision(ctx: Context, form: URLSearchParams, approve: boolean, res: ServerResponse): void {
  const auth = pendingCodeAuth(ctx, form.get('id') ?? '', res)
  if (auth === undefined) return
  if (auth.status === 'pending') {
    if (approve) approveCodeAuth(ctx, auth)
    else auth.status = 'denied'
  }

  resumeOrFail(auth, res)
}

/** Lets a browser continue after the request was decided through the admin API. */
export function authorizeResume(ctx: Context, query: URLSearchParams, res: ServerResponse): void {
  const auth = pendingCodeAuth(ctx, query.get('id') ?? '', res)
  if (auth === undefined) return
  if (auth.status === 'pending') {
    sendHtml(res, 200, authorizeApprovalPage(auth.id, auth.userCode, auth.clientName, auth.scopes))
    return
  }

  resumeOrFail(auth, res)
}

function resumeOrFail(auth: CodeAuthorization, res: ServerResponse): void {
  const target = decisionRedirect(auth)
  if (target === undefined) sendHtml(res, 400, errorPage('Request already used', 'This sign-in request was already completed.'))
  else redirect(res, target)
}

function findDeviceAuth(ctx: Context, userCode: string): DeviceAuthorization | undefined {
  const wanted = normalizeUserCode(userCode)
  for (const d of ctx.state.deviceAuths.values()) if (d.userCode === wanted) return d
  return undefined
}

export function devicePage(ctx: Context, query: URLSearchParams, res: ServerResponse): void {
  const userCode = query.get('user_code')
  if (userCode === null || userCode.trim() === '') {
    sendHtml(res, 200, deviceCodeEntryPage())
    return
  }

  const auth = findDeviceAuth(ctx, userCode)
  if (auth === undefined) {
    sendHtml(res, 404, deviceCodeEntryPage('That code is not valid. Check it and try again.'))
    return
  }

  if (auth.expiresAt <= Date.now()) {
    sendHtml(res, 400, deviceCodeEntryPage('That code has expired. Start again from the application.'))
    return
  }

  if (auth.status === 'approved' || auth.status === 'denied') {
    sendHtml(res, 200, decisionResultPage(auth.status === 'approved'))
    return
  }

  if (auth.status !== 'pending') {
    sendHtml(res, 400, deviceCodeEntryPage('That code was already used.'))
    return
  }

  sendHtml(res, 200, deviceApprovalPage(auth.userCode, auth.clientName, auth.startUrl))
}

export function deviceDecision(ctx: Context, form: URLSearchParams, approve: boolean, res: ServerResponse): void {
  try {
    decide(ctx, form.get('user_code') ?? '', approve)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    sendHtml(res, error.status, errorPage('Request not accepted', error.message))
    return
  }

  sendHtml(res, 200, decisionResultPage(approve))
}

/**
 * Approves or denies whatever is waiting under this code: a device user code, or the id or shown code of an
 * /authorize request. Shared by the admin API and the pages so both behave the same.
 */
export function decide(ctx: Context, code: string, approve: boolean): {kind: 'authorization' | 'device'; userCode: string} {
  const now = Date.now()
  const device = findDeviceAuth(ctx, code)
  if (device !== undefined) {
    if (device.expiresAt <= now) throw adminError(410, `User code ${device.userCode} has expired`)
    if (device.status !== 'pending') throw adminError(409, `User code ${device.userCode} was already ${device.status}`)
    device.status = approve ? 'approved' : 'denied'
    return {kind: 'device', userCode: device.userCode}
  }

  const wanted = normalizeUserCode(code)
  const auth = ctx.state.codeAuths.get(code) ?? [...ctx.state.codeAuths.values()].find((a) => a.userCode === wanted)
  if (auth === undefined) throw adminError(404, `No pending request with code ${code}`)
  if (auth.expiresAt <= now && auth.status === 'pending') throw adminError(410, `Request ${auth.id} has expired`)
  if (auth.status !== 'pending') throw adminError(409, `Request ${auth.id} was already ${auth.status}`)
  if (approve) approveCodeAuth(ctx, auth)
  else auth.status = 'denied'
  return {kind: 'authorization', userCode: auth.userCode}
}
