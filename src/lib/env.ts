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
