/**
 * Reading environment variables: every function takes the environment as an argument (tests and
 * library callers inject one), and these are the only rules for what a set variable means.
 */
export type Env = Record<string, string | undefined>

/** `1`, `true`, `yes`, `on` in any case; what people actually put in env vars. */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim())
}

/** The variable's value without surrounding blanks; unset and blank are both undefined. */
export function envValue(env: Env, name: string | undefined): string | undefined {
  if (!name) return undefined
  return env[name]?.trim() || undefined
}

/** A flag or env value with its surrounding blanks removed; an empty one counts as not given. */
export function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

export interface EnvValue {
  value: string
  /** The variable it came from, for messages that say where a value was found. */
  from: string
}

/** The first of names that is set to something other than blanks. */
export function firstEnv(env: Env, names: readonly string[]): EnvValue | undefined {
  for (const name of names) {
    const value = envValue(env, name)
    if (value) return {value, from: name}
  }

  return undefined
}

/** The variable the AWS CLI and every SDK take the profile from. */
export const PROFILE_ENV = 'AWS_PROFILE'

/**
 * The profile a command works on: --profile, else AWS_PROFILE, as for the AWS CLI. A flag that
 * chooses the instance or role another way (`--sso-session`, a start URL, `--all`) also wins over
 * the variable, so `AWS_PROFILE=dev aws-sso-util login --sso-session other` means other.
 */
export function profileOrEnv(flag: string | undefined, env: Env, chosenOtherwise = false): string | undefined {
  if (flag !== undefined) return flag
  return chosenOtherwise ? undefined : envValue(env, PROFILE_ENV)
}
