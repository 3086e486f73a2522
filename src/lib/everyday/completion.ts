import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

/**
 * The autocomplete plugin completes commands and flags from the manifest only. These snippets
 * complete the value of --profile (and check's --check-profile) with the profile names in the
 * config file, read by sed so a Tab press does not start Node.
 */
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
  if (edited !== text) await writeFile(path, edited)
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
