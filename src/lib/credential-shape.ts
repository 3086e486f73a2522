/**
 * The shapes AWS issues role credentials in. Role credentials end up in shell lines, .env files and
 * the INI credentials file, so a value with a newline, a quote or `$(…)` in it could add a section
 * or a command there. Every source (the portal's answer, a cache file, a caller of the writers)
 * is checked here before its values are used.
 */
import {AwsServiceError} from './errors.js'

/** The four values every source of role credentials has. */
export interface CredentialValues {
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken: string
  Expiration: string
}

// IAM documents key ids as 16 to 128 word characters; AWS issues capitals and digits.
const ACCESS_KEY_ID = /^[\dA-Z]{16,128}$/
// Secrets (40 characters) and session tokens are base64; the bounds leave room and no more.
const SECRET_ACCESS_KEY = /^[\w+/=-]{1,256}$/
const SESSION_TOKEN = /^[\w+/=-]{1,16384}$/
// ISO 8601 as botocore, AWS CLI v2 and we write it: `…Z` or an offset, fractions allowed.
const EXPIRATION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)$/

/**
 * The name of the first value that is not in the shape AWS issues, undefined when all four are.
 * Never the value itself: it may be a secret.
 */
export function credentialShapeProblem(creds: CredentialValues): string | undefined {
  if (!ACCESS_KEY_ID.test(creds.AccessKeyId)) return 'access key id'
  if (!SECRET_ACCESS_KEY.test(creds.SecretAccessKey)) return 'secret access key'
  if (!SESSION_TOKEN.test(creds.SessionToken)) return 'session token'
  if (!EXPIRATION.test(creds.Expiration) || Number.isNaN(Date.parse(creds.Expiration))) return 'expiration'
  return undefined
}

/** For the writers: whatever reached them, only values of these shapes go into a file or a shell line. */
export function requireCredentialShape(creds: CredentialValues, what: string): void {
  const problem = credentialShapeProblem(creds)
  if (problem) throw new AwsServiceError(`The credentials' ${problem} is not in the shape AWS issues; refusing to ${what}.`)
}
