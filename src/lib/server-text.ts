/**
 * Text that came from a server (an error message, an OAuth callback's `error`) is shown to the user
 * and written to logs only after this: terminal escape sequences and other control characters are
 * removed (a hostile or broken server must not drive the terminal), values of secret-looking fields
 * are masked (an error that echoes the request body must not print the refresh token or the client
 * secret), known secrets are masked wherever they appear, and the length is capped.
 */

import {redact, redactText} from './redact.js'

const MAX_LENGTH = 500

// CSI and OSC sequences first, so their parameters do not survive as visible text.
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex
  /\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[\u0040-\u005F]?|\u009B[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]/g
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g

const SECRET_FIELD =
  /(["']?)(access_?token|refresh_?token|id_?token|client_?secret|secret_?access_?key|session_?token|device_?code|code_?verifier|password)\1(\s*[:=]\s*)("?)([^"&,;\s}]+)/gi

/**
 * A name from a server (an account or role name) made safe to print on a terminal: escape sequences
 * removed, other control characters shown as spaces. Nothing else changes, so column widths and
 * sort order still follow the name as the portal gave it, as far as it can be printed.
 */
export function terminalSafe(text: string): string {
  return text.replaceAll(ESCAPE_SEQUENCES, '').replaceAll(CONTROL, ' ')
}

/**
 * Text from a config file or the command line, shown back in a message: every control character
 * becomes a visible escape (`\x1b`, `\u202e`), so it cannot drive the terminal and the user still
 * sees what is in the file.
 */
export function escapeControls(text: string): string {
  return text.replaceAll(CONTROL, (c) => {
    const code = c.codePointAt(0) ?? 0
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

export function cleanServerText(text: unknown, secrets: Iterable<string | undefined> = []): string {
  let out = terminalSafe(typeof text === 'string' ? text : String(text))
  out = redactText(out, secrets)
  out = out.replaceAll(SECRET_FIELD, (_m, q: string, key: string, sep: string, vq: string, value: string) => `${q}${key}${q}${sep}${vq}${redact(value)}`)
  out = out.replaceAll(/\s{2,}/g, ' ').trim()
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH)}…` : out
}
