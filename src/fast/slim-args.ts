/**
 * The fast path's argument parser: long flags only, as node:util's parseArgs reads them in strict
 * mode with no positionals, for the few flags credential-process takes. Node compiles parseArgs on
 * first use (about 2 ms, a tenth of what the warm path adds to node's start). Anything it does not
 * read exactly as parseArgs would, it declines (undefined), and oclif answers that command line.
 */
export type SlimValues = Record<string, boolean | string>

export function parseSlimArgs(argv: readonly string[], stringFlags: ReadonlySet<string>, booleanFlags: ReadonlySet<string>): SlimValues | undefined {
  const values: SlimValues = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--') || arg === '--') return undefined
    const equals = arg.indexOf('=')
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals)
    if (booleanFlags.has(name)) {
      if (equals !== -1) return undefined
      values[name] = true
    } else if (stringFlags.has(name)) {
      if (equals === -1) {
        const next = argv[i + 1]
        // parseArgs refuses a value that looks like an option; oclif says why.
        if (next === undefined || next.startsWith('-')) return undefined
        values[name] = next
        i++
      } else {
        values[name] = arg.slice(equals + 1)
      }
    } else {
      return undefined
    }
  }

  return values
}
