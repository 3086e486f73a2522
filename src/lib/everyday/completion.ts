import {appendFile, readFile} from 'node:fs/promises'
import {join} from 'node:path'

/**
 * The autocomplete plugin completes commands and flags from the manifest only. This snippet,
 * appended to the bash function it generates, completes the value of --profile (and check's
 * --check-profile) with the profile names in the config file, read by sed so a Tab press does not
 * start Node. A marker keeps a regenerated file from getting the snippet twice.
 */
const MARKER = '# aws-sso-util: profile names for --profile'

/** `[profile NAME]` and `[default]` headers of the config file the SDKs would read. */
const SED_PROFILES = String.raw`sed -n -e 's/^[[:space:]]*\[[[:space:]]*profile[[:space:]]\{1,\}\([^]]*[^][:space:]]\)[[:space:]]*\].*/\1/p' -e 's/^[[:space:]]*\[[[:space:]]*\(default\)[[:space:]]*\].*/\1/p' "${'$'}{AWS_CONFIG_FILE:-$HOME/.aws/config}" 2>/dev/null`

export function bashProfileCompletion(bin: string): string {
  const fn = `_${bin.replaceAll(/\W/g, '_')}_with_profiles`
  return `
${MARKER}
${fn}()
{
  local prev="\${COMP_WORDS[COMP_CWORD-1]}" cur="\${COMP_WORDS[COMP_CWORD]}"
  if [[ "$prev" == "--profile" || "$prev" == "--check-profile" ]]; then
    local IFS=$'\\n'
    COMPREPLY=( $(compgen -W "$(${SED_PROFILES})" -- "$cur") )
    return 0
  fi
  _${bin}_autocomplete "$@"
}
complete -o default -F ${fn} ${bin}
`
}

/**
 * Appends the snippet to the bash function the autocomplete plugin wrote (once). zsh loads its
 * function file as the body of one function, so a snippet cannot wrap it; zsh and PowerShell
 * complete commands and flags only.
 */
export async function addProfileCompletion(cacheDir: string, bin: string): Promise<void> {
  const files: Array<[string, string]> = [
    [join(cacheDir, 'autocomplete', 'functions', 'bash', `${bin}.bash`), bashProfileCompletion(bin)],
  ]
  for (const [path, snippet] of files) {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      continue
    }

    if (!text.includes(MARKER)) await appendFile(path, snippet)
  }
}
