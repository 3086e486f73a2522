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
}

export type Env = Record<string, string | undefined>

/** A UI that shows nothing, for callers that only want a token or an error. */
export const silentUi: LoginUi = {isTTY: false, write() {}}
