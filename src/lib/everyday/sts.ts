import {createHash, createHmac} from 'node:crypto'

import type {RoleCredentials} from '../cache/credentials-cache.js'
import type {Env} from '../env.js'

import {AwsServiceError} from '../errors.js'

export interface CallerIdentity {
  account: string
  arn: string
  userId: string
}

/** A request has this long in all; STS answers in well under a second. */
const TIMEOUT_MS = 15_000

export function stsEndpoint(region: string, env: Env): string {
  return env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL ?? `https://sts.${region}.amazonaws.com`
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()

/** Signature Version 4 headers for one form POST (the STS query API). */
export function signedHeaders(args: {url: URL; body: string; region: string; creds: RoleCredentials; now?: Date}): Record<string, string> {
  const amzDate = (args.now ?? new Date())
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    host: args.url.host,
    'x-amz-date': amzDate,
    'x-amz-security-token': args.creds.SessionToken,
  }
  const names = Object.keys(headers).sort()
  const canonical = ['POST', args.url.pathname || '/', '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), sha256(args.body)].join('\n')
  const scope = `${day}/${args.region}/sts/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${args.creds.SecretAccessKey}`, day), args.region), 'sts'), 'aws4_request')
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex')
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${args.creds.AccessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`
  return headers
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]
}

/** STS GetCallerIdentity with these credentials: who AWS says they are. */
export async function getCallerIdentity(creds: RoleCredentials, options: {region: string; env: Env}): Promise<CallerIdentity> {
  const endpoint = stsEndpoint(options.region, options.env)
  const url = new URL(endpoint)
  const body = 'Action=GetCallerIdentity&Version=2011-06-15'
  let text: string
  let status: number
  try {
    // Global fetch is stable in every Node version we support (20.17+).
    // eslint-disable-next-line n/no-unsupported-features/node-builtins
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: signedHeaders({url, body, region: options.region, creds}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    status = response.status
    text = await response.text()
  } catch (error) {
    throw new AwsServiceError(`STS GetCallerIdentity at ${endpoint} failed: ${(error as Error).message}.`, {cause: error})
  }

  if (status !== 200) {
    throw new AwsServiceError(`STS GetCallerIdentity failed: ${tag(text, 'Code') ?? `HTTP ${status}`}: ${tag(text, 'Message') ?? 'no message'}.`)
  }

  const arn = tag(text, 'Arn')
  const account = tag(text, 'Account')
  const userId = tag(text, 'UserId')
  if (!arn || !account || !userId) throw new AwsServiceError('STS GetCallerIdentity answered without an identity.')
  return {account, arn, userId}
}
