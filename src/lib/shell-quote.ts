// Characters that neither shlex (POSIX) nor /bin/sh treat specially anywhere in a word.
const BARE = /^[\w@%+=:,./-]+$/

/**
 * Quotes a word for a POSIX shell only when it needs it, so hints stay readable and still paste
 * correctly. It also quotes `credential_process` lines: botocore splits them with shlex.split (no
 * shell) and SDK v3 hands them to /bin/sh -c; single quotes mean the same to both, and `'\''` is
 * the one escape for a quote inside them that both understand.
 */
export function shellQuote(word: string): string {
  return BARE.test(word) ? word : `'${word.replaceAll("'", String.raw`'\''`)}'`
}
