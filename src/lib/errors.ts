/**
 * Every failure the user can see is one of these: a one-line message and an exit code that
 * is documented in the README and compatible with the original Python tool.
 */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** Login required, or authentication failed; login: START_URL matches no configured instance, or several (as in the original tool). */
  authentication: 1,
  /** A missing or invalid setting, profile or config file. */
  configuration: 2,
  /** The user denied the login, or it expired before approval. */
  loginDeniedOrExpired: 3,
  /** An AWS service answered with an error. */
  awsService: 4,
  /** Anything else, such as a network failure. */
  other: 5,
  /** exec: the command exists but cannot be run (as POSIX shells report it). */
  commandNotExecutable: 126,
  /** exec: no such command (as POSIX shells report it). */
  commandNotFound: 127,
  /** Ctrl-C (SIGINT), or an aborted signal. */
  interrupted: 130,
  /** SIGTERM: the process was asked to stop. */
  terminated: 143,
} as const

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** The base of every error this package throws on purpose: a one-line message and the CLI's exit code. */
export class AppError extends Error {
  /** The exit code the CLI ends with for this error (see {@link ExitCode}). */
  readonly exitCode: number

  constructor(message: string, exitCode: ExitCodeValue, options?: {cause?: unknown}) {
    super(message, options)
    this.name = new.target.name
    this.exitCode = exitCode
  }
}

/** No usable token and logging in is not allowed or not possible here. */
export class LoginRequiredError extends AppError {
  /** The command that logs in to this instance (`aws-sso-util login --profile dev`), when known. */
  readonly loginCommand?: string

  constructor(message: string, options?: {cause?: unknown; loginCommand?: string}) {
    super(message, ExitCode.authentication, options)
    this.loginCommand = options?.loginCommand
  }
}

/**
 * `login PART`: no configured start URL contains PART, or several do. Exit 1, the original
 * tool's code for "no instance or ambiguous", which scripts of it test for.
 */
export class InstanceMatchError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.authentication, options)
  }
}

/** The identity provider rejected our token or client. */
export class AuthenticationError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.authentication, options)
  }
}

/** A missing or invalid setting, profile or config file. */
export class ConfigError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.configuration, options)
  }
}

/**
 * No instance was chosen and the config has none, or several. The message names the ways the
 * caller offers to choose one (the library's options, or a command's flags).
 */
export class InstanceChoiceError extends ConfigError {
  /** The config file that was read. */
  readonly configPath: string
  /** The instances found in it, described as `https://…/start (us-east-1)`; empty when there are none. */
  readonly candidates: readonly string[]

  constructor(message: string, details: {configPath: string; candidates: readonly string[]}) {
    super(message)
    this.configPath = details.configPath
    this.candidates = details.candidates
  }
}

/** Settings a role's credentials need are missing; the message names them as the caller takes them. */
export class MissingSettingsError extends ConfigError {
  /** The missing settings as option names: `startUrl`, `region`, `accountId`, `roleName`. */
  readonly missing: readonly string[]

  constructor(message: string, missing: readonly string[]) {
    super(message)
    this.missing = missing
  }
}

/** The user denied the login, or the login window ran out before approval. */
export class LoginDeniedError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.loginDeniedOrExpired, options)
  }
}

/** An AWS service answered with an error that retries did not get past. */
export class AwsServiceError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.awsService, options)
  }
}

/** A cache or config path we must use is occupied by something we cannot use (a directory, a device). */
export class LocalFileError extends AppError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, ExitCode.other, options)
  }
}

/** Ctrl-C (SIGINT, exit 130) or SIGTERM (exit 143), as shells report a process ended by them. */
export class InterruptedError extends AppError {
  constructor(message = 'Interrupted.', exitCode: typeof ExitCode.interrupted | typeof ExitCode.terminated = ExitCode.interrupted) {
    super(message, exitCode)
  }
}

/**
 * Judged by shape, not instanceof: the bundled fast path and the compiled lib it loads on a cache
 * miss each have their own copy of these classes.
 */
export function isAppError(error: unknown): error is AppError {
  return error instanceof Error && typeof (error as Partial<AppError>).exitCode === 'number'
}

export function exitCodeOf(error: unknown): number {
  return isAppError(error) ? error.exitCode : ExitCode.other
}

/** One line, never a stack: newlines inside a message would break log scrapers and SDK error text. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replaceAll(/\s*\n\s*/g, ' ').trim() || 'Unknown error'
}
