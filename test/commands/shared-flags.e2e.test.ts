import {Config} from '@oclif/core'
import {expect} from 'chai'

import {repoRoot} from '../support/cli.js'

/**
 * --sso-start-url and --sso-region come from one definition (src/shared-flags.ts): every command
 * that takes them spells them the same way, -u and the original's --start-url included, and names
 * the config key.
 */
describe('shared instance flags (compiled CLI)', () => {
  it('every command with --sso-start-url has -u, --start-url and [config: sso_start_url]; --sso-region names sso_region', async () => {
    const config = await Config.load(repoRoot)
    const withUrl = config.commands.filter((c) => !c.hidden && c.flags['sso-start-url'])
    expect(withUrl.map((c) => c.id)).to.include.members(['check', 'configure:populate', 'configure:profile', 'console', 'credential-process', 'exec', 'roles'])
    for (const command of withUrl) {
      const url = command.flags['sso-start-url']
      expect(url.char, command.id).to.equal('u')
      expect(url.aliases, command.id).to.deep.equal(['start-url'])
      expect(url.description, command.id).to.match(/\[config: sso_start_url\]$/)
      const region = command.flags['sso-region']
      expect(region?.description, command.id).to.match(/\[config: sso_region\]$/)
      // --region is the SSO region only where no other --region exists.
      expect(region?.aliases ?? [], command.id).to.deep.equal(command.id === 'credential-process' ? ['region'] : [])
    }
  })
})
