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
