import {expect} from 'chai'

import ConfigurePopulate from '../../src/commands/configure/populate.js'
import ConfigureProfile from '../../src/commands/configure/profile.js'
import {envHelp} from '../../src/configure-flags.js'
import {
  CONFIGURE_SSO_REGION_VARS,
  CONFIGURE_START_URL_VARS,
  CREDENTIAL_PROCESS_NAME_VAR,
  DISABLE_CREDENTIAL_PROCESS_VAR,
  PROFILE_REGION_VARS,
} from '../../src/lib/configure/env-defaults.js'

describe('configure flags: the [env: …] help names what the code reads', () => {
  it('joins the variables in the order they are tried', () => {
    expect(envHelp(['A', 'B', 'C'])).to.equal('[env: A, then B, then C]')
  })

  for (const command of [ConfigureProfile, ConfigurePopulate]) {
    const help = (flag: string) => command.flags[flag as keyof typeof command.flags]?.description ?? ''

    it(`${command.name}: every start-URL, SSO-region and profile-region variable, in order`, () => {
      expect(help('sso-start-url')).to.include(`[env: ${CONFIGURE_START_URL_VARS.join(', then ')}]`)
      expect(help('sso-region')).to.include(`[env: ${CONFIGURE_SSO_REGION_VARS.join(', then ')}]`)
      expect(help('region')).to.include(`[env: ${PROFILE_REGION_VARS.join(', then ')}]`)
      expect(CONFIGURE_START_URL_VARS).to.have.length(4)
    })

    it(`${command.name}: the credential_process switches`, () => {
      expect(help('credential-process')).to.include(`${DISABLE_CREDENTIAL_PROCESS_VAR}=true`).and.include(CREDENTIAL_PROCESS_NAME_VAR)
    })
  }
})
