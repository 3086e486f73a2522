import {expect} from 'chai'

import {credentialProcessSettings, effectiveProfile} from '../../src/lib/config/profiles.js'
import {resolveCredentialSettings} from '../../src/lib/settings.js'

const URL = 'https://d-1111111111.awsapps.com/start'
const LINE = 'aws-sso-util credential-process --profile po --sso-session corp --account-id 123456789012 --role-name Admin'

describe('effectiveProfile: the settings a process-only profile keeps on its credential_process line', () => {
  it('reads the flags of our line, in both spellings; ignores lines that are not ours', () => {
    expect(credentialProcessSettings(LINE)).to.deep.equal({profile: 'po', sso_session: 'corp', sso_account_id: '123456789012', sso_role_name: 'Admin'})
    expect(credentialProcessSettings(`/opt/node '/x y/bin/run.js' credential-process --profile=po --start-url=${URL} --region eu-west-1`)).to.deep.equal({
      profile: 'po',
      sso_start_url: URL,
      sso_region: 'eu-west-1',
    })
    expect(credentialProcessSettings('other-tool --account-id 123456789012')).to.equal(undefined)
    expect(credentialProcessSettings("aws-sso-util credential-process --profile 'po")).to.equal(undefined)
  })

  it('the line fills a profile without account and role; its instance replaces the profile keys', () => {
    const profiles = {po: {region: 'eu-west-3', sso_start_url: URL, sso_region: 'us-east-1', credential_process: LINE}}
    expect(effectiveProfile(profiles, 'po')).to.deep.equal({
      region: 'eu-west-3',
      credential_process: LINE,
      sso_session: 'corp',
      sso_account_id: '123456789012',
      sso_role_name: 'Admin',
    })
  })

  it('a profile with sso_account_id and sso_role_name is taken as it is', () => {
    const values = {sso_session: 'a', sso_account_id: '111111111111', sso_role_name: 'R', credential_process: LINE}
    expect(effectiveProfile({po: values}, 'po')).to.equal(values)
  })

  it('the original shape: --profile on the line names another profile, whose settings it lends; a loop ends', () => {
    const profiles = {
      base: {sso_start_url: URL, sso_region: 'us-east-1', sso_account_id: '111111111111', sso_role_name: 'R'},
      cp: {credential_process: 'aws-sso-util credential-process --profile base --role-name Other'},
      a: {credential_process: 'aws-sso-util credential-process --profile b'},
      b: {credential_process: 'aws-sso-util credential-process --profile a --account-id 222222222222'},
    }
    expect(effectiveProfile(profiles, 'cp')).to.include({sso_start_url: URL, sso_account_id: '111111111111', sso_role_name: 'Other'})
    expect(effectiveProfile(profiles, 'a')).to.include({sso_account_id: '222222222222'})
    expect(effectiveProfile(profiles, 'missing')).to.equal(undefined)
  })

  it('resolveCredentialSettings: the profile from its line, and --sso-session from the command line', () => {
    const config = {
      path: '/c',
      profiles: {po: {credential_process: LINE}},
      ssoSessions: {corp: {sso_start_url: URL, sso_region: 'eu-west-1'}, other: {sso_start_url: `${URL}2`, sso_region: 'us-east-2'}},
    }
    expect(resolveCredentialSettings({profile: 'po'}, {}, config)).to.deep.include({accountId: '123456789012', roleName: 'Admin'})
    expect(resolveCredentialSettings({profile: 'po'}, {}, config).instance).to.include({sessionName: 'corp', startUrl: URL, region: 'eu-west-1'})
    const flagged = resolveCredentialSettings({ssoSession: 'other', accountId: '123456789012', roleName: 'X'}, {}, config)
    expect(flagged.instance).to.include({sessionName: 'other', region: 'us-east-2'})
    expect(() => resolveCredentialSettings({ssoSession: 'nope', accountId: '123456789012', roleName: 'X'}, {}, config)).to.throw(
      '--sso-session nope: /c has no [sso-session nope] section.',
    )
  })
})
