import {escapeControls} from './lib/server-text.js'

/**
 * One shape for a bad flag or argument on every command, ours and the plugins' (autocomplete,
 * help): the one line that says what is wrong, exit 2, nothing on stdout; no usage block and no
 * stack (that only with --debug).
 */
interface OclifError {
  code?: string
  oclif?: {exit?: number}
  parse?: unknown
}

/** oclif's parse errors, and the plain CLIError its flag lexer throws (exit 2), but not this.exit(). */
export function isFlagError(error: unknown): error is Error & OclifError {
  if (!(error instanceof Error)) return false
  const e = error as Error & OclifError
  return e.parse !== undefined || (e.oclif?.exit === 2 && e.code !== 'EEXIT')
}

export function flagErrorLine(error: Error): string {
  const line = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('See more help with'))
    .join(' ')
  // The message quotes what was typed.
  return escapeControls(line)
}
