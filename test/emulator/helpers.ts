import {SSOClient} from '@aws-sdk/client-sso'
import {CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand} from '@aws-sdk/client-sso-oidc'
import {createHash, randomBytes} from 'node:crypto'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import type {Emulator} from './server.js'

import {ACCOUNT_ID, ROLE_NAME, SSO_REGION, START_URL} from '../support/sso.js'

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

/** One attempt per call, so error tests see the server's answer and not the SDK's retry behaviour. */
export const oidcClient = (emu: Emulator): SSOOIDCClient => new SSOOIDCClient({region: SSO_REGION, endpoint: emu.url, maxAttempts: 1})

export const ssoClient = (emu: Emulator): SSOClient => new SSOClient({region: SSO_REGION, endpoint: emu.url, maxAttempts: 1})

export interface Tokens {
  accessToken: string
  refreshToken?: string
  expiresIn?: number
  clientId: string
  clientSecret: string
  registrationExpiresAt: number
}

/** null registers without scopes, as clients from before refresh tokens existed do. */
export async function registerDeviceClient(oidc: SSOOIDCClient, scopes: null | string[] = ['sso:account:access']) {
  return oidc.send(new RegisterClientCommand({clientName: 'test-client', clientType: 'public', scopes: scopes ?? undefined}))
}

/** The device flow with the approval done through the emulator API, so no poll interval has to pass. */
export async function deviceLogin(emu: Emulator, oidc: SSOOIDCClient, scopes?: null | string[]): Promise<Tokens> {
  const reg = await registerDeviceClient(oidc, scopes)
  const clientId = reg.clientId as string
  const clientSecret = reg.clientSecret as string
  const dev = await oidc.send(new StartDeviceAuthorizationCommand({clientId, clientSecret, startUrl: START_URL}))
  emu.approve(dev.userCode as string)
  const token = await oidc.send(new CreateTokenCommand({clientId, clientSecret, grantType: DEVICE_GRANT, deviceCode: dev.deviceCode}))
  return {
    accessToken: token.accessToken as string,
    refreshToken: token.refreshToken,
    expiresIn: token.expiresIn,
    clientId,
    clientSecret,
    registrationExpiresAt: reg.clientSecretExpiresAt as number,
  }
}

export function pkcePair(): {verifier: string; challenge: string} {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'
  const verifier = [...randomBytes(64)].map((b) => alphabet[b % alphabet.length]).join('')
  return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')}
}

export function authorizeUrl(emu: Emulator, p: {clientId: string; redirectUri: string; challenge: string; state?: string; scopes?: string}): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state: p.state ?? 'state-1',
    code_challenge_method: 'S256',
    scopes: p.scopes ?? 'sso:account:access',
    code_challenge: p.challenge,
  })
  return `${emu.url}/authorize?${q.toString().replaceAll('+', '%20')}`
}

/** The hidden form fields of an approval page: what a browser would post when a button is clicked. */
export function formField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  if (!m) throw new Error(`no ${name} field in page:\n${html}`)
  return m[1]
}

export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

export async function errorOf(p: Promise<unknown>): Promise<Error & {$metadata?: {httpStatusCode?: number}}> {
  try {
    await p
  } catch (error) {
    return error as Error & {$metadata?: {httpStatusCode?: number}}
  }

  throw new Error('expected the call to fail, but it succeeded')
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

/** Sets environment variables for the duration of fn; the SDK reads HOME and endpoint variables at call time. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k]
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }

  try {
    return await fn()
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

export function tempHome(): {home: string; cleanup(): void} {
  const home = mkdtempSync(path.join(tmpdir(), 'sso-emulator-home-'))
  return {home, cleanup: () => rmSync(home, {recursive: true, force: true})}
}

export const SESSION_NAME = 's'

/** Writes `[profile p]` using `[sso-session s]`, and a cached token for that session, the way the AWS CLI leaves them. */
export function writeSsoSessionProfile(home: string, emu: Emulator, token: Tokens, expiresInMs: number): string {
  mkdirSync(path.join(home, '.aws', 'sso', 'cache'), {recursive: true})
  writeFileSync(
    path.join(home, '.aws', 'config'),
    [
      '[profile p]',
      `sso_session = ${SESSION_NAME}`,
      `sso_account_id = ${ACCOUNT_ID}`,
      `sso_role_name = ${ROLE_NAME}`,
      `region = ${SSO_REGION}`,
      '',
      `[sso-session ${SESSION_NAME}]`,
      `sso_start_url = ${START_URL}`,
      `sso_region = ${SSO_REGION}`,
      '',
    ].join('\n'),
  )
  const file = path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(SESSION_NAME).digest('hex')}.json`)
  writeFileSync(
    file,
    JSON.stringify({
      startUrl: START_URL,
      region: SSO_REGION,
      accessToken: token.accessToken,
      expiresAt: new Date(Date.now() + expiresInMs).toISOString().replace(/\.\d+Z$/, 'Z'),
      clientId: token.clientId,
      clientSecret: token.clientSecret,
      registrationExpiresAt: new Date(token.registrationExpiresAt * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
      refreshToken: token.refreshToken,
    }),
  )
  return file
}

/** Environment for a client process or SDK call that must only see the emulator and the temp home. */
export function clientEnv(emu: Emulator, home: string): Record<string, string | undefined> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL_SSO: emu.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emu.url,
    AWS_ENDPOINT_URL_STS: emu.url,
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_ENDPOINT_URL: undefined,
  }
}

export function statsDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(after)) if (v !== (before[k] ?? 0)) out[k] = v - (before[k] ?? 0)
  return out
}
