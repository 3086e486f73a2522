import {shlexSplit} from './parse.js'

/**
 * The section header text (between the brackets) for a profile. botocore splits the header with
 * shlex, so a name shlex would not read back as one word (whitespace, quotes, backslashes) is
 * written as Python's shlex.quote writes it, as `aws configure set` and the original tool do.
 */
export function profileSectionName(name: string): string {
  if (name === 'default') return 'default'
  const words = shlexSplit(name)
  const bare = words?.length === 1 && words[0] === name
  return `profile ${bare ? name : `'${name.replaceAll("'", `'"'"'`)}'`}`
}

/** The settings a credential_process line of ours carries, by their config key. */
const LINE_FLAGS: Record<string, string> = {
  '--profile': 'profile',
  '--sso-session': 'sso_session',
  '--sso-start-url': 'sso_start_url',
  '--start-url': 'sso_start_url',
  '--sso-region': 'sso_region',
  '--region': 'sso_region',
  '--account-id': 'sso_account_id',
  '--role-name': 'sso_role_name',
}

/**
 * The settings on a `credential_process` line that runs `… credential-process`, keyed as in the
 * config (`sso_account_id`, …, and `profile`). Undefined for a line that is not ours or does not
 * split: a value read from a line we cannot parse would be a guess.
 */
export function credentialProcessSettings(line: string | undefined): Record<string, string> | undefined {
  if (line === undefined) return undefined
  const words = shlexSplit(line)
  const start = words?.indexOf('credential-process') ?? -1
  if (!words || start < 0) return undefined
  const out: Record<string, string> = {}
  for (let i = start + 1; i < words.length; i++) {
    const word = words[i]
    const eq = word.indexOf('=')
    const flag = eq > 0 ? word.slice(0, eq) : word
    const key = LINE_FLAGS[flag]
    if (key === undefined) continue
    const value = eq > 0 ? word.slice(eq + 1) : words[++i]
    if (value === undefined) break
    if (value !== '') out[key] = value
  }

  return out
}

const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] as const

/**
 * A profile's keys as our commands read them. A profile with `sso_account_id` and
 * `sso_role_name` is taken as it is. One without them (the shape `configure --process-only`
 * writes, so that botocore, AWS CLI v2 and the Go SDK run our process) gets the account, role and
 * instance from its credential_process line, as that process will: the line's flags win over the
 * profile's keys, a `--profile` on the line naming another profile lends that one's settings, and
 * an instance on the line (an sso-session, or a start URL and region) replaces the profile's.
 */
export function effectiveProfile(
  profiles: Record<string, Record<string, string>>,
  name: string,
  seen: ReadonlySet<string> = new Set(),
): Record<string, string> | undefined {
  const values = profiles[name]
  if (values === undefined) return undefined
  if (values.sso_account_id && values.sso_role_name) return values
  const line = credentialProcessSettings(values.credential_process)
  if (line === undefined) return values
  const other = line.profile !== undefined && line.profile !== name && !seen.has(line.profile) ? line.profile : undefined
  const base = other === undefined ? values : {...values, ...pickSso(effectiveProfile(profiles, other, new Set([name, ...seen])) ?? {})}
  const out: Record<string, string> = {...base}
  if (line.sso_session !== undefined) {
    delete out.sso_start_url
    delete out.sso_region
  } else if (line.sso_start_url !== undefined || line.sso_region !== undefined) {
    delete out.sso_session
  }

  for (const key of SSO_KEYS) if (line[key] !== undefined) out[key] = line[key]
  return out
}

function pickSso(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(SSO_KEYS.flatMap((key) => (values[key] === undefined ? [] : [[key, values[key]]])))
}
