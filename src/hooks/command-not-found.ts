import {type Hook, toConfiguredId} from '@oclif/core'

import {cleanServerText} from '../lib/server-text.js'
import {shellQuote} from '../lib/shell-quote.js'
import {closestCommand, commandWithExtraWords} from '../lib/suggest.js'

/**
 * A mistyped command: one line naming it and the closest command, exit 2 like any other bad
 * input. It never runs the guess: a script that mistypes must fail, not do something else. A real
 * command followed by a word it does not take is named as such, not "suggested" back unchanged.
 */
const hook: Hook.CommandNotFound = async function (opts) {
  const visible = opts.config.commands.filter((c) => !c.hidden)
  const ids = [...visible.map((c) => c.id), ...visible.flatMap((c) => c.aliases)]
  // What the user typed goes back to the terminal: control characters are dropped.
  const shown = (words: string[]) => cleanServerText(words.map((w) => shellQuote(w)).join(' '))
  const {bin} = opts.config
  const typed = cleanServerText(toConfiguredId(opts.id, opts.config))
  const extra = commandWithExtraWords(opts.id, ids)
  const guess = extra ? undefined : closestCommand(opts.id, ids)
  if (extra) {
    const command = `${bin} ${toConfiguredId(extra.id, opts.config)}`
    process.stderr.write(`${bin}: \`${command}\` does not take the argument "${cleanServerText(extra.rest.join(' '))}". See \`${command} --help\`.\n`)
  } else {
    const hint = guess
      ? ` Did you mean \`${bin} ${toConfiguredId(guess.id, opts.config)}${guess.rest.length > 0 || (opts.argv ?? []).length > 0 ? ' ' + shown([...guess.rest, ...(opts.argv ?? [])]) : ''}\`?`
      : ''
    process.stderr.write(`${bin}: "${typed}" is not a command.${hint} See \`${bin} --help\`.\n`)
  }

  process.exit(2)
}

export default hook
