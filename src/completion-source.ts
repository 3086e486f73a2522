import {Config} from '@oclif/core'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type CompletionCommand, fishCompletion, functionsAreCurrent, stampFunctions} from './lib/everyday/completion.js'
import {shellQuote} from './lib/shell-quote.js'

/**
 * The original tool's completion line, still in many rc files:
 *   eval "$(_AWS_SSO_UTIL_COMPLETE=bash_source aws-sso-util)"   (zsh_source, fish_source: `| source`)
 * It must print a script that sets up completion, never help text, which would make every new
 * shell report a syntax error. `*_complete` is the call the original's script made back on Tab,
 * from a shell that sourced it before an upgrade: it gets no candidates.
 */
export const COMPLETE_ENV = '_AWS_SSO_UTIL_COMPLETE'

async function fishScript(config: Config): Promise<string> {
  const commands: CompletionCommand[] = config.commands
    .filter((c) => !c.hidden)
    .map((c) => ({
      words: c.id.split(':'),
      summary: c.summary ?? c.description ?? '',
      flags: Object.entries(c.flags)
        .filter(([, f]) => !f.hidden)
        .map(([name, f]) => ({name, char: f.char, description: f.summary ?? f.description ?? '', takesValue: f.type === 'option'})),
    }))
  return fishCompletion(config.bin, commands)
}

/** What the mode asks for, as the text the shell evaluates; undefined for an unknown mode. */
async function sourceFor(mode: string, root: string): Promise<string | undefined> {
  if (/^(bash|zsh|fish)_complete$/.test(mode)) return ''
  const shell = /^(bash|zsh|fish)_source$/.exec(mode)?.[1]
  if (!shell) return undefined
  const config = await Config.load(root)
  if (shell === 'fish') return fishScript(config)
  // The autocomplete plugin writes the bash and zsh functions; our postrun hook adds profile names.
  // Once per installed version: every new shell runs this line, often several at once.
  if (!(await functionsAreCurrent(config.cacheDir, config.bin, config.version))) {
    await config.runCommand('autocomplete:create')
    await stampFunctions(config.cacheDir, config.version)
  }

  const functions = join(config.cacheDir, 'autocomplete', 'functions')
  if (shell === 'bash') {
    const file = join(functions, 'bash', `${config.bin}.bash`)
    await readFile(file)
    return `source ${shellQuote(file)}\n`
  }

  const dir = join(functions, 'zsh')
  // compinit, run before or after this line in .zshrc, finds the function on fpath; when it ran
  // before, compdef registers it now.
  return [`fpath=(${shellQuote(dir)} $fpath)`, `autoload -Uz _${config.bin}`, `(( $+functions[compdef] )) && compdef _${config.bin} ${config.bin}`, ''].join(
    '\n',
  )
}

/** Prints the script for `mode` and returns the exit code. */
export async function printCompletionSource(mode: string, root: string): Promise<number> {
  let text: string | undefined
  try {
    text = await sourceFor(mode, root)
  } catch (error) {
    process.stderr.write(`aws-sso-util: could not set up completion: ${(error as Error).message.split('\n')[0]}\n`)
    return 1
  }

  if (text === undefined) {
    process.stderr.write(`aws-sso-util: ${COMPLETE_ENV}=${mode} is not understood; use bash_source, zsh_source or fish_source.\n`)
    return 2
  }

  process.stdout.write(text)
  return 0
}
