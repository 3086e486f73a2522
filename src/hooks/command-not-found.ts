import {type Hook, toConfiguredId} from '@oclif/core'

import {closestCommand} from '../lib/suggest.js'

/**
 * A mistyped command: one line naming it and the closest command, exit 2 like any other bad
 * input. It never runs the guess: a script that mistypes must fail, not do something else.
 */
const hook: Hook.CommandNotFound = async function (opts) {
  const visible = opts.config.commands.filter((c) => !c.hidden)
  const ids = [...visible.map((c) => c.id), ...visible.flatMap((c) => c.aliases)]
  const typed = toConfiguredId(opts.id, opts.config)
  const {bin} = opts.config
  const guess = closestCommand(opts.id, ids)
  const hint = guess ? ` Did you mean \`${[bin, toConfiguredId(guess.id, opts.config), ...guess.rest, ...(opts.argv ?? [])].join(' ')}\`?` : ''
  process.stderr.write(`${bin}: "${typed}" is not a command.${hint} See \`${bin} --help\`.\n`)

  process.exit(2)
}

export default hook
