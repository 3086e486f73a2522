import {CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand} from '@aws-sdk/client-sso-oidc'
import {createHash} from 'node:crypto'
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import type {Emulator} from '../emulator/server.js'

import {credentialsPath} from '../../src/lib/cache/credentials-cache.js'
import {cliEnv} from './cli.js'
import {configText, ssoSessionSection} from './configure-text.js'

export const START_URL = 'https://d-0000000000.awsapps.com/start'
export const SSO_REGION = 'us-east-1'
export const ACCOUNT_ID = '123456789012'
export const ROLE_NAME = 'MyLeastPrivilegeRole'

/**
 * The role above as the flags that name it on a command line: its instance (the start URL and SSO
 * region, or an sso-session by name), account and role, then the region the credentials are for.
 */
export function roleFlags(region: string, instance: {session?: string} = {}): string[] {
  const from = instance.session === undefined ? ['-u', START_URL, '--sso-region', SSO_REGION] : ['--sso-session', instance.session]
  return [...from, '-a', ACCOUNT_ID, '-r', ROLE_NAME, '--region', region]
}

export function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex')
}

export interface IssuedToken {
  accessToken: string
  refreshToken?: string
  expiresIn: number
  clientId: string
  clientSecret: string
  clientSecretExpiresAt: number
}

/** A real token from the emulator through the real SDK client: device flow, approved by the admin API. */
export async function issueToken(emu: Emulator, options: {scopes?: string[]; startUrl?: string} = {}): Promise<IssuedToken> {
  const oidc = new SSOOIDCClient({region: SSO_REGION, endpoint: emu.url})
  const reg = await oidc.send(new RegisterClientCommand({clientName: 'test-seed', clientType: 'public', scopes: options.scopes}))
  const auth = await oidc.send(
    new StartDeviceAuthorizationCommand({clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: options.startUrl ?? START_URL}),
  )
  emu.approve(auth.userCode!)
  const token = await oidc.send(
    new CreateTokenCommand({
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      deviceCode: auth.deviceCode,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
    }),
  )
  oidc.destroy()
  return {
    accessToken: token.accessToken!,
    refreshToken: token.refreshToken,
    expiresIn: token.expiresIn!,
    clientId: reg.clientId!,
    clientSecret: reg.clientSecret!,
    clientSecretExpiresAt: reg.clientSecretExpiresAt!,
  }
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function tokenFile(home: string, cacheId: string): string {
  return join(home, '.aws', 'sso', 'cache', `${sha1(cacheId)}.json`)
}

/** Where legacyProfile and sessionProfile have their role credentials cached: by start URL, or by sso-session name. */
export function roleCredentialsFile(home: string, sessionName?: string): string {
  return credentialsPath({accountId: ACCOUNT_ID, roleName: ROLE_NAME, sessionName, startUrl: START_URL}, cliEnv(home))
}

/** Writes the token as AWS CLI v2 does: `~/.aws/sso/cache/<sha1(id)>.json`, 0600. */
export function writeTokenFile(
  home: string,
  cacheId: string,
  token: IssuedToken,
  options: {expiresInSeconds?: number; session?: boolean; startUrl?: string} = {},
): string {
  const path = tokenFile(home, cacheId)
  mkdirSync(join(home, '.aws', 'sso', 'cache'), {recursive: true, mode: 0o700})
  const body: Record<string, string> = {
    startUrl: options.startUrl ?? START_URL,
    region: SSO_REGION,
    accessToken: token.accessToken,
    expiresAt: isoSeconds(new Date(Date.now() + (options.expiresInSeconds ?? token.expiresIn) * 1000)),
  }
  if (options.session) {
    body.clientId = token.clientId
    body.clientSecret = token.clientSecret
    body.registrationExpiresAt = isoSeconds(new Date(token.clientSecretExpiresAt * 1000))
    if (token.refreshToken) body.refreshToken = token.refreshToken
  }

  writeFileSync(path, JSON.stringify(body))
  chmodSync(path, 0o600)
  return path
}

export function writeConfig(home: string, text: string): string {
  const dir = join(home, '.aws')
  mkdirSync(dir, {recursive: true, mode: 0o700})
  const path = join(dir, 'config')
  writeFileSync(path, text)
  return path
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
}

export function emulatorEnv(emu: Emulator): Record<string, string> {
  return {AWS_ENDPOINT_URL_SSO: emu.url, AWS_ENDPOINT_URL_SSO_OIDC: emu.url, AWS_ENDPOINT_URL_STS: emu.url}
}

/** The emulator's instance as the sso-session my-sso, for a test that adds or configures the profiles itself. */
export const SSO_SESSION = configText(ssoSessionSection('my-sso', START_URL, SSO_REGION))

/** `configure profile NAME --process-only` for the emulator's account and role in sso-session my-sso, without prompts. */
export const configureProcessOnly = (profile: string, region: string): string[] => [
  'configure',
  'profile',
  profile,
  ...roleFlags(region, {session: 'my-sso'}),
  '--process-only',
  '--non-interactive',
]

export const legacyProfile = (name = 'my-sso-profile') => `[profile ${name}]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
sso_account_id = ${ACCOUNT_ID}
sso_role_name = ${ROLE_NAME}
region = us-east-1
`

/** With `registrationScopes` false, the sso-session has no sso_registration_scopes line. */
export const sessionProfile = (name = 'dev', session = 'my-sso', registrationScopes: false | string = 'sso:account:access') => `[profile ${name}]
sso_session = ${session}
sso_account_id = ${ACCOUNT_ID}
sso_role_name = ${ROLE_NAME}
region = us-east-1

[sso-session ${session}]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
${registrationScopes === false ? '' : `sso_registration_scopes = ${registrationScopes}\n`}`

/** `configure profile`'s flags with every value given for the shared test role, so it neither prompts nor logs in. */
export function nonInteractiveProfileFlags(region = 'eu-west-1'): string[] {
  return ['--non-interactive', ...roleFlags(region)]
}
