/** The section header text (between the brackets) for a profile, as botocore and SDK v3 both read it. */
export function profileSectionName(name: string): string {
  return name === 'default' ? 'default' : `profile ${name}`
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
