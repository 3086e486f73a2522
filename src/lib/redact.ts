/** Field names whose values are secrets wherever they appear (token files, API bodies, credentials). */
const SECRET_KEYS = new Set(
  [
    'accessToken',
    'refreshToken',
    'idToken',
    'clientSecret',
    'SecretAccessKey',
    'secretAccessKey',
    'SessionToken',
    'sessionToken',
    'deviceCode',
    'code',
    'codeVerifier',
    'x-amz-sso_bearer_token',
    'aws_secret_access_key',
    'aws_session_token',
  ].map((key) => key.toLowerCase()),
)

/** At most the last 4 characters survive, so two values can still be told apart in a log. */
export function redact(secret: string): string {
  if (secret.length <= 8) return '***'
  return `***${secret.slice(-4)}`
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase())
}

/** A deep copy with every secret field redacted; safe to log or print. */
export function redactObject(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item) => redactObject(item, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && typeof item === 'string' ? redact(item) : redactObject(item, depth + 1)
  }

  return out
}

/** Known secret values, removed from free text (error messages quoting a request, for example). */
export function redactText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length > 8) out = out.split(secret).join(redact(secret))
  }

  return out
}
