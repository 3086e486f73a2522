/**
 * Splits a credential_process value the way a POSIX shell (and botocore's shlex) would for the
 * quoting our config writer uses: whitespace separates, single quotes are literal, double quotes
 * allow backslash escapes. Tests run the line as argv, with no shell in between.
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = []
  let current = ''
  let inArg = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote === "'") {
      if (c === "'") quote = undefined
      else current += c
    } else if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) current += line[++i]
      else current += c
    } else if (c === "'" || c === '"') {
      quote = c
      inArg = true
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i]
      inArg = true
    } else if (/\s/.test(c)) {
      if (inArg) args.push(current)
      current = ''
      inArg = false
    } else {
      current += c
      inArg = true
    }
  }

  if (quote) throw new Error(`unterminated ${quote} in ${line}`)
  if (inArg) args.push(current)
  return args
}

/** The value of `key` in `[profile name]`, from the text of an AWS config file. */
export function profileValue(configText: string, profile: string, key: string): string | undefined {
  let inSection = false
  for (const raw of configText.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(raw)
    if (header) {
      inSection = header[1].trim().replace(/\s+/g, ' ') === `profile ${profile}`
      continue
    }

    const entry = inSection ? /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/.exec(raw) : null
    if (entry && entry[1] === key) return entry[2]
  }

  return undefined
}
