import {expect} from 'chai'

import type {Manifest} from './package.js'

import {credentialSettings} from '../../src/lib/settings.js'

export function words(id: string): string[] {
  return id.split(':')
}

/**
 * The help a command must show: every visible flag with its env var and config key, and examples.
 * `usage` is how the command is typed when that is not its id (an alias, another topic separator).
 */
export function expectCompleteHelp(help: string, manifest: Manifest, id: string, bin: string, usage = words(id).join(' ')): void {
  const command = manifest.commands[id]
  // Help wraps long descriptions; a tag may break across lines.
  const flat = help.replaceAll(/\s+/g, ' ')
  expect(help).to.contain(`USAGE\n  $ ${bin} ${usage}`)
  expect(help, `${id} has examples`).to.match(/\nEXAMPLES\n/)
  for (const flag of Object.values(command.flags)) {
    if (flag.hidden || flag.name === 'help') continue
    expect(help, `${id} shows --${flag.name}`).to.match(new RegExp(`--(\\[no-\\])?${flag.name}\\b`))
    if (flag.env) expect(flat, `${id} --${flag.name} names its env var`).to.contain(`env: ${flag.env}`)
  }

  for (const spec of Object.values(credentialSettings)) {
    // A hidden flag (login's --sso-start-url, kept for the original's command lines) is in no help.
    if ('configKey' in spec && command.flags[spec.flag] && !command.flags[spec.flag].hidden) {
      expect(flat, `${id} --${spec.flag} names its config key`).to.contain(`[config: ${spec.configKey}]`)
    }
  }
}
