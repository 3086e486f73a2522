import {shlexSplit} from './parse.js'

/**
 * The section header text (between the brackets) for a profile. botocore splits the header with
 * shlex, so a name shlex would not read back as one word (whitespace, quotes, backslashes) is
 * written as Python's shlex.quote writes it, as `aws configure set` and the original tool do.
 */
export function profileSectionName(name: string): string {
  if (name === 'default') return 'default'
  const words = shlexSplit(name)
  const bare = words?.length === 1 && words[0] === name
  return `profile ${bare ? name : `'${name.replaceAll("'", `'"'"'`)}'`}`
}

// Characters that neither shlex (POSIX) nor /bin/sh treat specially anywhere in a word.
const BARE = /^[\w\-.@%+:/=,]+$/

/**
 * Quotes one argument for a `credential_process` line. botocore splits that line with
 * shlex.split (no shell) and SDK v3 hands it to /bin/sh -c; single quotes mean the same to both,
 * and `'\''` is the one escape for a quote inside them that both understand.
 */
export function quoteForCredentialProcess(arg: string): string {
  if (BARE.test(arg)) return arg
  return `'${arg.replaceAll("'", String.raw`'\''`)}'`
}
