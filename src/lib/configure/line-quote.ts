import {shlexSplit} from '../config/parse.js'
import {ConfigError} from '../errors.js'
import {shellQuote} from '../shell-quote.js'

/**
 * How one word of a credential_process line is written, per platform. On POSIX, botocore splits the
 * line with shlex and SDK v3 hands it to /bin/sh: single quotes (shellQuote). On Windows the line
 * meets three readers: botocore and AWS CLI v2 split it with the C runtime's rules
 * (compat_shell_split(platform='win32')) and start the first word with CreateProcess; SDK v3 and v2
 * run `cmd.exe /d /s /c "<line>"`; the Go SDK runs `cmd.exe /C <line>`. Double quotes are AWS's
 * documented syntax there and mean the same to the first two; single quotes mean nothing to any.
 */

// Words every Windows reader takes as they are: no blanks, quotes, or characters cmd.exe acts on.
const WINDOWS_BARE = /^[\w@+=:,./\\-]+$/
// cmd.exe expands %NAME% and acts on ^ & | < > outside quotes; botocore hands a word without blanks
// to CreateProcess unquoted, and a .cmd launcher then passes it through cmd.exe as it is. A double
// quote has no escape that cmd.exe and the C runtime both read. Control characters end the line.
const WINDOWS_REFUSED = /["%^&|<>\p{Cc}]/u

/** A word for a Windows credential_process line; refused when no Windows reader could get it back intact. */
export function windowsQuote(word: string): string {
  const bad = WINDOWS_REFUSED.exec(word)
  if (bad) {
    const shown = /\p{Cc}/u.test(bad[0]) ? 'a control character' : bad[0]
    throw new ConfigError(
      `"${word}" cannot go into a credential_process line on Windows: it contains ${shown}, which cmd.exe or the C runtime would change. Choose a name without " % ^ & | < >.`,
    )
  }

  if (word !== '' && WINDOWS_BARE.test(word)) return word
  // Inside quotes, backslashes count only before a quote: double the trailing ones so the closing quote stays a quote.
  const trailing = /\\*$/.exec(word)![0].length
  return `"${word}${'\\'.repeat(trailing)}"`
}

/** One word of a credential_process line as the platform's readers split it. */
export function lineQuote(word: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? windowsQuote(word) : shellQuote(word)
}

/**
 * Splits a line the way botocore does on Windows (compat_shell_split(platform='win32'), the C
 * runtime's rules): blanks separate, double quotes group, backslashes are literal except in a run
 * that ends at a quote. Undefined for an unclosed quote, where botocore raises.
 */
export function windowsSplit(line: string): string[] | undefined {
  const words: string[] = []
  let word = ''
  let started = false
  let quoted = false
  let backslashes = 0
  for (const ch of line) {
    if (ch === '\\') {
      backslashes++
      continue
    }

    if (ch === '"') {
      word += '\\'.repeat(Math.floor(backslashes / 2))
      const escaped = backslashes % 2 === 1
      backslashes = 0
      started = true
      if (escaped) word += '"'
      else quoted = !quoted
      continue
    }

    word += '\\'.repeat(backslashes)
    if (backslashes > 0) started = true
    backslashes = 0
    if ((ch === ' ' || ch === '\t') && !quoted) {
      if (started) words.push(word)
      word = ''
      started = false
    } else {
      word += ch
      started = true
    }
  }

  if (quoted) return undefined
  word += '\\'.repeat(backslashes)
  if (started || backslashes > 0) words.push(word)
  return words
}

/** The line's words as botocore on this platform reads them. */
export function lineSplit(line: string, platform: NodeJS.Platform = process.platform): string[] | undefined {
  return platform === 'win32' ? windowsSplit(line) : shlexSplit(line)
}
