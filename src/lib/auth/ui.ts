/**
 * How the login code talks to the person at the keyboard. Everything goes to stderr: stdout
 * belongs to the command's result (credential-process prints JSON there).
 */
export interface LoginUi {
  /** Whether a person can see what `write` prints; decides between a spinner and plain lines. */
  isTTY: boolean
  /** One line, without the newline. */
  write(line: string): void
  /**
   * Redraws one status line in place (TTY only); `undefined` clears it. Without it, waiting is
   * announced with one plain line instead.
   */
  spinner?(text?: string): void
  /**
   * Shows the sign-in page in the caller's own way (a library user's `onLogin`). When set, the
   * URL is handed over here instead of being printed or opened in a browser.
   */
  prompt?(info: LoginUrlInfo): Promise<void> | void
}

/** The sign-in page a login waits on, as handed to LoginUi.prompt. */
export interface LoginUrlInfo {
  url: string
  /** Device flow: the code the page shows, so the user can tell our request from a phished one. */
  userCode?: string
  /** PKCE: the page redirects to a listener here, so only a browser on this machine can finish. */
  thisMachineOnly: boolean
  /** How long the login waits for approval. */
  expiresInSeconds: number
}

export type {Env} from '../env.js'

/** A UI that shows nothing, for callers that only want a token or an error. */
export const silentUi: LoginUi = {isTTY: false, write() {}}
