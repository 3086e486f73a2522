import {randomBytes, randomInt} from 'node:crypto'

import type {Fixture} from './fixture.js'

export interface Lifetimes {
  accessTokenSeconds: number
  refreshTokenSeconds: number
  registrationSeconds: number
  roleCredentialsSeconds: number
  deviceCodeSeconds: number
  pollIntervalSeconds: number
}

export const DEFAULT_LIFETIMES: Lifetimes = {
  accessTokenSeconds: 8 * 3600,
  refreshTokenSeconds: 90 * 86_400,
  registrationSeconds: 90 * 86_400,
  roleCredentialsSeconds: 3600,
  deviceCodeSeconds: 600,
  pollIntervalSeconds: 1,
}

export const LIFETIME_KEYS = Object.keys(DEFAULT_LIFETIMES) as Array<keyof Lifetimes>

export interface Registration {
  clientId: string
  clientSecret: string
  clientName: string
  clientType: string
  scopes: string[]
  redirectUris: string[]
  grantTypes: string[] | undefined
  issuerUrl: string | undefined
  issuedAt: number
  expiresAt: number
}

export type DecisionStatus = 'approved' | 'consumed' | 'denied' | 'pending'

export interface DeviceAuthorization {
  deviceCode: string
  userCode: string
  clientId: string
  clientName: string
  startUrl: string
  status: DecisionStatus
  expiresAt: number
  intervalMs: number
  lastPollAt: number | undefined
}

export interface CodeAuthorization {
  id: string
  /** Shown on the approval page so a person can tell two concurrent logins apart. */
  userCode: string
  clientId: string
  clientName: string
  redirectUri: string
  state: string | undefined
  codeChallenge: string
  scopes: string[]
  status: DecisionStatus
  code: string | undefined
  expiresAt: number
}

/** One sign-in. Logout and revocation end the session, which kills every token minted in it. */
export interface Session {
  id: string
  clientId: string
  revoked: boolean
}

export interface AccessToken {
  sessionId: string
  expiresAt: number
}

export interface RefreshToken {
  sessionId: string
  clientId: string
  scopes: string[]
  expiresAt: number
  used: boolean
}

export interface RoleCredential {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  accountId: string
  roleName: string
  userName: string
  expiresAt: number
}

export class State {
  registrations = new Map<string, Registration>()
  deviceAuths = new Map<string, DeviceAuthorization>()
  codeAuths = new Map<string, CodeAuthorization>()
  sessions = new Map<string, Session>()
  accessTokens = new Map<string, AccessToken>()
  refreshTokens = new Map<string, RefreshToken>()
  roleCredentials = new Map<string, RoleCredential>()

  clear(): void {
    this.registrations.clear()
    this.deviceAuths.clear()
    this.codeAuths.clear()
    this.sessions.clear()
    this.accessTokens.clear()
    this.refreshTokens.clear()
    this.roleCredentials.clear()
  }
}

export interface Fault {
  operation: string
  status: number
  count: number
  delayMs: number
  errorType: string | undefined
}

/** Everything the handlers share; options are read on every request so admin changes apply at once. */
export interface Context {
  url: string
  state: State
  lifetimes: Lifetimes
  fixture: Fixture
  autoApprove: boolean
}

export function randomToken(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url')
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
// Letters only, without vowels or look-alikes, so user codes never spell words and are easy to type.
const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ'

export function randomFrom(alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

export function newUserCode(taken: (code: string) => boolean): string {
  for (;;) {
    const code = `${randomFrom(USER_CODE_LETTERS, 4)}-${randomFrom(USER_CODE_LETTERS, 4)}`
    if (!taken(code)) return code
  }
}

export const newAccessKeyId = (): string => `ASIA${randomFrom(UPPER_ALNUM, 16)}`

export function normalizeUserCode(code: string): string {
  const compact = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : code.trim().toUpperCase()
}

/** Start URLs are compared the way people paste them: with or without "#/" or a trailing slash. */
export function normalizeStartUrl(u: string): string {
  return u.trim().replace(/#\/?$/, '').replace(/\/+$/, '')
}

export function startUrlAllowed(fixture: Fixture, startUrl: string): boolean {
  if (fixture.startUrls === null) return true
  const wanted = normalizeStartUrl(startUrl)
  return fixture.startUrls.some((u) => normalizeStartUrl(u) === wanted)
}
