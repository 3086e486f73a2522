/**
 * The autocomplete plugin completes commands and flags from the manifest only. These snippets
 * complete the value of --profile (and check's --check-profile) with the profile names in the
 * config file, read by sed so a Tab press does not start Node.
 */

import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {writeFileAtomic} from '../cache/secure-file.js'

const MARKER = '# aws-sso-util: profile names for --profile'

/** The config file the SDKs would read, as a shell expression. */
const CONFIG_FILE = String.raw`"${'$'}{AWS_CONFIG_FILE:-$HOME/.aws/config}"`

/**
 * `[profile NAME]` and `[default]` headers of "$config", one name a line. Only a regular file is
 * read: sed on a FIFO with no writer would hang the shell at every Tab.
 */
const SED_PROFILES = String.raw`sed -n -e 's/^[[:space:]]*\[[[:space:]]*profile[[:space:]]\{1,\}\([^]]*[^][:space:]]\)[[:space:]]*\].*/\1/p' -e 's/^[[:space:]]*\[[[:space:]]*\(default\)[[:space:]]*\].*/\1/p' "$config" 2>/dev/null`

export function bashProfileCompletion(bin: string): string {
  const fn = `_${bin.replaceAll(/\W/g, '_')}_with_profiles`
  return `
${MARKER}
${fn}()
{
  local prev="\${COMP_WORDS[COMP_CWORD-1]}" cur="\${COMP_WORDS[COMP_CWORD]}"
  if [[ "$prev" == "--profile" || "$prev" == "--check-profile" ]]; then
    # A name is data: matched and quoted here, never handed to compgen -W, which expands $(…),
    # backticks, globs and braces in its word list (a hostile [profile …] header ran on Tab).
    local config=${CONFIG_FILE} name quoted
    COMPREPLY=()
    [[ -f "$config" ]] || return 0
    while IFS= read -r name; do
      [[ "$name" == "$cur"* ]] || continue
      printf -v quoted '%q' "$name"
      COMPREPLY+=("$quoted")
    done < <(${SED_PROFILES})
    return 0
  fi
  _${bin}_autocomplete "$@"
}
complete -o default -F ${fn} ${bin}
`
}

/**
 * zsh autoloads its function file as one function's body, so nothing can wrap it from outside:
 * instead a helper is defined at the top of the file and the `--profile` (and `--check-profile`)
 * specs get it as their action in place of file names.
 */
export function zshProfileCompletion(text: string): string {
  if (text.includes(MARKER)) return text
  const helper = `
${MARKER}
_aws_sso_util_profiles() {
  local config=${CONFIG_FILE}
  local -a profiles
  [[ -f "$config" ]] || return 1
  # compadd takes the names as words and quotes them on insertion; nothing in them is evaluated.
  profiles=(\${(f)"$(${SED_PROFILES})"})
  compadd -a profiles
}
`
  const withActions = text.replaceAll(/^(--(?:check-)?profile"\[.*\]):file:_files"/gm, '$1:profile:_aws_sso_util_profiles"')
  const firstLineEnd = withActions.indexOf('\n') + 1
  // After the `#compdef` line, which must stay first.
  return withActions.slice(0, firstLineEnd) + helper + withActions.slice(firstLineEnd)
}

async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return
  }

  const edited = edit(text)
  // A shell starting at this moment sources the old file or the new one, never half of one.
  if (edited !== text) await writeFileAtomic(path, edited, 0o644)
}

/** The bash and zsh functions exist, carry profile names, and were written for this version. */
export async function functionsAreCurrent(cacheDir: string, bin: string, version: string): Promise<boolean> {
  const functions = join(cacheDir, 'autocomplete', 'functions')
  try {
    const stamp = await readFile(join(cacheDir, 'autocomplete', 'profile-completion-version'), 'utf8')
    const bash = await readFile(join(functions, 'bash', `${bin}.bash`), 'utf8')
    const zsh = await readFile(join(functions, 'zsh', `_${bin}`), 'utf8')
    return stamp === version && bash.includes(MARKER) && zsh.includes(MARKER)
  } catch {
    return false
  }
}

export async function stampFunctions(cacheDir: string, version: string): Promise<void> {
  await writeFileAtomic(join(cacheDir, 'autocomplete', 'profile-completion-version'), version, 0o644)
}

/**
 * Teaches the bash and zsh functions the autocomplete plugin wrote to complete profile names,
 * once (a marker keeps a regenerated file from getting it twice). PowerShell completes commands
 * and flags only.
 */
export async function addProfileCompletion(cacheDir: string, bin: string): Promise<void> {
  const functions = join(cacheDir, 'autocomplete', 'functions')
  await editFile(join(functions, 'bash', `${bin}.bash`), (text) => (text.includes(MARKER) ? text : text + bashProfileCompletion(bin)))
  await editFile(join(functions, 'zsh', `_${bin}`), zshProfileCompletion)
}

/** A command as fish completion needs it: its words, summary, and flags. */
export interface CompletionCommand {
  /** The command's words in order, e.g. ['configure', 'populate']. */
  words: string[]
  summary: string
  flags: {char?: string; description: string; name: string; takesValue: boolean}[]
}

/** fish single quotes: only `\` and `'` need an escape; one line, for a one-line description. */
function fishQuote(text: string): string {
  const line = text.split('\n')[0]
  return `'${line.replaceAll('\\', '\\\\').replaceAll("'", String.raw`\'`)}'`
}

/**
 * A fish completion script for the commands given. Profile names come from the same sed as in
 * bash and zsh; fish takes a command substitution's output lines as candidates and never
 * evaluates them.
 */
export function fishCompletion(bin: string, commands: readonly CompletionCommand[]): string {
  const fn = `__${bin.replaceAll(/\W/g, '_')}`
  const lines = [
    `# ${bin} completion for fish`,
    `function ${fn}_profiles`,
    '    set -l config $AWS_CONFIG_FILE',
    '    test -n "$config"; or set config $HOME/.aws/config',
    // A FIFO or a directory would hang or fail: only a regular file is read.
    '    test -f "$config"; or return 0',
    `    ${SED_PROFILES.replace('"$config"', '-- "$config"')}`,
    'end',
    // In: the words typed after the binary start with these command words. At: they are exactly
    // these words, so the next command word is due.
    `function ${fn}_in`,
    '    set -l typed (commandline -opc)[2..-1]',
    "    set -l typed (string match -v -- '-*' $typed)",
    '    test (count $typed) -ge (count $argv); or return 1',
    '    for i in (seq (count $argv))',
    '        test "$typed[$i]" = "$argv[$i]"; or return 1',
    '    end',
    'end',
    `function ${fn}_at`,
    "    set -l typed (string match -v -- '-*' (commandline -opc)[2..-1])",
    `    ${fn}_in $argv; and test (count $typed) -eq (count $argv)`,
    'end',
    `complete -c ${bin} -f`,
  ]
  const all = [...commands].sort((a, b) => a.words.join(' ').localeCompare(b.words.join(' ')))
  const offered = new Set<string>()
  for (const command of all) {
    // Each command word is offered where its parent words have been typed.
    for (let depth = 0; depth < command.words.length; depth++) {
      const parent = command.words.slice(0, depth)
      const key = [...parent, command.words[depth]].join(' ')
      if (offered.has(key)) continue
      offered.add(key)
      const isLeaf = depth === command.words.length - 1
      const summary = isLeaf ? ` -d ${fishQuote(command.summary)}` : ''
      lines.push(`complete -c ${bin} -n '${fn}_at ${parent.join(' ')}' -a ${fishQuote(command.words[depth])}${summary}`)
    }

    for (const flag of command.flags) {
      const parts = [`complete -c ${bin} -n '${fn}_in ${command.words.join(' ')}'`, `-l ${flag.name}`]
      if (flag.char) parts.push(`-s ${flag.char}`)
      if (flag.takesValue) parts.push('-r')
      if (flag.name === 'profile' || flag.name === 'check-profile') parts.push(`-a '(${fn}_profiles)'`)
      parts.push(`-d ${fishQuote(flag.description)}`)
      lines.push(parts.join(' '))
    }
  }

  return `${lines.join('\n')}\n`
}
