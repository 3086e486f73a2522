import type {IncomingMessage} from 'node:http'

import {createHash, randomUUID} from 'node:crypto'

import type {Context} from './state.js'

import {ApiError, stsError, xmlEscape} from './http.js'

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

export function getCallerIdentity(ctx: Context, req: IncomingMessage): string {
  const accessKeyId = accessKeyFromAuthorization(req.headers.authorization)
  if (accessKeyId === undefined) throw stsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
  const cred = ctx.state.roleCredentials.get(accessKeyId)
  if (cred === undefined) throw invalidToken()
  const sessionToken = req.headers['x-amz-security-token']
  if (sessionToken !== cred.sessionToken) throw invalidToken()
  if (cred.expiresAt <= Date.now()) throw stsError('ExpiredToken', 'The security token included in the request is expired', 403)

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
