import type {IncomingMessage} from 'node:http'

import {createHash, randomUUID} from 'node:crypto'

import {ApiError, stsError, xmlEscape} from './http.js'
import {type Context, newAccessKeyId, randomFrom, randomToken, type RoleCredential} from './state.js'

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'

const invalidToken = (): ApiError => stsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)

/** Role ids are stable per role in AWS, so derive one instead of storing it. */
function roleId(accountId: string, roleName: string): string {
  const digest = createHash('sha256').update(`${accountId}/${roleName}`).digest()
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let out = 'AROA'
  for (let i = 0; i < 17; i++) out += alphabet[digest[i] % alphabet.length]
  return out
}

/** SigV4 puts the key id in `Credential=AKID/date/region/service/aws4_request`; the signature itself is not checked. */
export function accessKeyFromAuthorization(header: string | undefined): string | undefined {
  const m = /Credential=([^/,\s]+)\//.exec(header ?? '')
  return m?.[1]
}

export function parseForm(req: IncomingMessage, body: Buffer): URLSearchParams {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') {
    throw stsError('InvalidParameterValue', `Unsupported content type: ${type || '(none)'}`, 400)
  }

  return new URLSearchParams(body.toString('utf8'))
}

/** The credentials the request is signed with, as STS checks them: known, with their session token, unexpired. */
function caller(ctx: Context, req: IncomingMessage): RoleCredential {
  const accessKeyId = accessKeyFromAuthorization(req.headers.authorization)
  if (accessKeyId === undefined) throw stsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
  const cred = ctx.state.roleCredentials.get(accessKeyId)
  if (cred === undefined) throw invalidToken()
  const sessionToken = req.headers['x-amz-security-token']
  if (sessionToken !== cred.sessionToken) throw invalidToken()
  if (cred.expiresAt <= Date.now()) throw stsError('ExpiredToken', 'The security token included in the request is expired', 403)
  return cred
}

/** The STS operations the emulator answers, by the form's Action. */
export const STS_ACTIONS = ['GetCallerIdentity', 'AssumeRole'] as const

export function stsAction(ctx: Context, req: IncomingMessage, form: URLSearchParams): string {
  return form.get('Action') === 'AssumeRole' ? assumeRole(ctx, req, form) : getCallerIdentity(ctx, req)
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

/**
 * AssumeRole as STS answers it, for any role in any account (the emulator has no trust policies):
 * the caller must hold valid credentials, and the new ones are known to GetCallerIdentity as
 * `assumed-role/ROLE/SESSION`, and to a further AssumeRole (a chain).
 */
export function assumeRole(ctx: Context, req: IncomingMessage, form: URLSearchParams): string {
  caller(ctx, req)
  const roleArn = form.get('RoleArn') ?? ''
  const sessionName = form.get('RoleSessionName') ?? ''
  const match = ROLE_ARN.exec(roleArn)
  if (!match) throw stsError('ValidationError', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint`, 400)
  if (!SESSION_NAME.test(sessionName)) {
    throw stsError('ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`, 400)
  }

  const durationText = form.get('DurationSeconds')
  const duration = durationText === null ? 3600 : Number(durationText)
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    throw stsError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, 400)
  }

  const [, accountId, roleName] = match
  const expiresAt = Date.now() + duration * 1000
  const cred: RoleCredential = {
    accessKeyId: newAccessKeyId(),
    secretAccessKey: randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40),
    sessionToken: randomToken('FwoGZXIvYXdzE', 300),
    accountId,
    roleName,
    userName: sessionName,
    expiresAt,
  }
  ctx.state.roleCredentials.set(cred.accessKeyId, cred)
  const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`
  return (
    `<AssumeRoleResponse xmlns="${NS}">\n` +
    `  <AssumeRoleResult>\n` +
    `    <Credentials>\n` +
    `      <AccessKeyId>${cred.accessKeyId}</AccessKeyId>\n` +
    `      <SecretAccessKey>${xmlEscape(cred.secretAccessKey)}</SecretAccessKey>\n` +
    `      <SessionToken>${xmlEscape(cred.sessionToken)}</SessionToken>\n` +
    `      <Expiration>${new Date(expiresAt).toISOString()}</Expiration>\n` +
    `    </Credentials>\n` +
    `    <AssumedRoleUser>\n` +
    `      <AssumedRoleId>${roleId(accountId, roleName)}:${xmlEscape(sessionName)}</AssumedRoleId>\n` +
    `      <Arn>${xmlEscape(arn)}</Arn>\n` +
    `    </AssumedRoleUser>\n` +
    `  </AssumeRoleResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n` +
    `</AssumeRoleResponse>\n`
  )
}

export function getCallerIdentity(ctx: Context, req: IncomingMessage): string {
  const cred = caller(ctx, req)
  const arn = `arn:aws:sts::${cred.accountId}:assumed-role/${cred.roleName}/${cred.userName}`
  const userId = `${roleId(cred.accountId, cred.roleName)}:${cred.userName}`
  return (
    `<GetCallerIdentityResponse xmlns="${NS}">\n` +
    `  <GetCallerIdentityResult>\n` +
    `    <Arn>${xmlEscape(arn)}</Arn>\n` +
    `    <UserId>${xmlEscape(userId)}</UserId>\n` +
    `    <Account>${cred.accountId}</Account>\n` +
    `  </GetCallerIdentityResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n` +
    `</GetCallerIdentityResponse>\n`
  )
}

export const STS_FAULT_CODES: Record<number, string> = {
  400: 'InvalidParameterValue',
  403: 'AccessDenied',
  429: 'Throttling',
  500: 'InternalFailure',
  503: 'ServiceUnavailable',
}
