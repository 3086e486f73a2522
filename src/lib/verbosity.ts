/**
 * How much a command tells about its work on stderr, as the original's repeatable -v did: 0 by
 * default, one more for each -v (`-vv`, `-v -v`) or --verbose. Read from the raw arguments so the
 * level is known before a command parses its own flags; nothing after `--` counts (exec's child
 * has its own -v).
 */
export const MAX_VERBOSITY = 3

/** The -v / --verbose flag's definition, shared by every command (given to oclif's Flags.boolean). */
export const VERBOSE_FLAG = {
  char: 'v',
  description: 'Tell more on stderr: -v the files used, -vv also each request to AWS, -vvv also request ids and stacks. Repeatable.',
  helpGroup: 'GLOBAL',
} as const

export function verbosityOf(argv: readonly string[]): number {
  let level = 0
  for (const arg of argv) {
    if (arg === '--') break
    if (arg === '--verbose') level++
    else if (/^-v+$/.test(arg)) level += arg.length - 1
  }

  return Math.min(level, MAX_VERBOSITY)
}
