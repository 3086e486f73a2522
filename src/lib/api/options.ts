import type {ChoiceWords} from '../auth/instances.js'
import type {LoginUi, LoginUrlInfo} from '../auth/ui.js'
import type {SsoInstance} from '../instance.js'

/**
 * Option shapes shared by the library's functions. They mirror the CLI's flags; a value given here
 * wins over its environment variable, which wins over the profile in the AWS config file.
 */

/** The environment to read settings, paths and timeouts from. */
export type Environment = Record<string, string | undefined>

/** Which IAM Identity Center instance a token function means. */
export interface InstanceOptions {
  /** A profile in the AWS config file (`AWS_CONFIG_FILE`, else `~/.aws/config`); never taken from `AWS_PROFILE`. */
  profile?: string
  /** An `[sso-session NAME]` section of the AWS config file. */
  ssoSession?: string
  /** Start URL of the instance (`https://….awsapps.com/start`); with `region`, no config file is needed. */
  startUrl?: string
  /** Region of the instance. */
  region?: string
  /** Read settings, cache paths and timeouts from here instead of `process.env`. */
  env?: Environment
}

/** The sign-in page a login is waiting on, handed to an `onLogin` hook. */
export interface LoginPrompt {
  /** The page the user opens to approve the login; for the device flow it already carries the code. */
  verificationUri: string
  /** Device flow: the code the page shows; show it so the user can tell this request from a phished one. */
  userCode?: string
  /** `device-code`: approve in a browser on any device. `pkce`: only a browser on this machine can finish. */
  flow: 'device-code' | 'pkce'
  /** When the login stops waiting for approval. */
  expiresAt: Date
  /** The instance being logged in to. */
  instance: InstanceDescription
}

/** An IAM Identity Center instance. `sessionName` is set for `[sso-session]` instances. */
export interface InstanceDescription {
  /** `https://….awsapps.com/start`. */
  startUrl: string
  /** The region the instance lives in. */
  region: string
  /** The `[sso-session]` name; its token is cached under this name. */
  sessionName?: string
}

/** Options of every function that may start a login. */
export interface LoginOptions {
  /**
   * Shows the sign-in page in the program's own UI. With it, no browser is opened, nothing is
   * written to stderr, and the device flow is used (it can be finished on any device). The login
   * continues once the user approves; if the hook throws, the login is abandoned with that error.
   * Without it, the CLI's behaviour: a browser is opened when one can be, and the URL goes to stderr.
   */
  onLogin?: (prompt: LoginPrompt) => Promise<void> | void
  /** Aborts a login or a network call; the promise rejects with the signal's reason. */
  signal?: AbortSignal
}

/** The internal seam the CLI commands use: how their output reaches the terminal, and how their errors name their flags. */
export interface CommandIo {
  ui?: LoginUi
  /** The command's ways of choosing an instance; without it, errors name the library's options. */
  choiceWords?: ChoiceWords
}

/** The instance as the library hands it to a caller: plain fields, no internal shape. */
export function instanceDescription(instance: SsoInstance): InstanceDescription {
  return instance.sessionName
    ? {startUrl: instance.startUrl, region: instance.region, sessionName: instance.sessionName}
    : {startUrl: instance.startUrl, region: instance.region}
}

/** stderr as a login UI: the library's default, the same lines the CLI prints. */
export function stderrUi(): LoginUi {
  return {isTTY: Boolean(process.stderr.isTTY), write: (line) => process.stderr.write(`${line}\n`)}
}

/**
 * The UI a login runs with: the command's own, else the program's onLogin hook (silent otherwise),
 * else stderr.
 */
export function loginUiFor(instance: SsoInstance, options: LoginOptions, io: CommandIo = {}): LoginUi {
  if (io.ui) return io.ui
  const {onLogin} = options
  if (!onLogin) return stderrUi()
  return {
    isTTY: false,
    write() {},
    async prompt(info: LoginUrlInfo) {
      await onLogin({
        verificationUri: info.url,
        userCode: info.userCode,
        flow: info.thisMachineOnly ? 'pkce' : 'device-code',
        expiresAt: new Date(Date.now() + info.expiresInSeconds * 1000),
        instance: instanceDescription(instance),
      })
    },
  }
}
