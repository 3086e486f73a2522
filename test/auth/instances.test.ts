import {expect} from 'chai'

import type {ConfigView} from '../../src/lib/settings.js'

import {instanceFromConfig, selectInstance} from '../../src/lib/auth/instances.js'
import {ConfigError, InstanceChoiceError, InstanceMatchError} from '../../src/lib/errors.js'

const URL_A = 'https://d-0000000000.awsapps.com/start'
const URL_L = 'https://d-2222222222.awsapps.com/start'

const view = (profiles: ConfigView['profiles'] = {}, ssoSessions: ConfigView['ssoSessions'] = {}): ConfigView => ({
  path: '/home/u/.aws/config',
  profiles,
  ssoSessions,
})
const session = {alpha: {sso_start_url: URL_A, sso_region: 'us-east-1', sso_registration_scopes: 'sso:account:access'}}
const legacy = {legacy: {sso_start_url: URL_L, sso_region: 'eu-west-1', sso_account_id: '333333333333', sso_role_name: 'ReadOnly'}}

function failure(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError)
    return error as ConfigError
  }

  throw new Error('expected a ConfigError')
}

describe('selectInstance: which instance login and logout mean', () => {
  it('--profile with sso_session is that session; a legacy profile is its start URL and region', () => {
    const config = view({dev: {sso_session: 'alpha'}, ...legacy}, session)
    expect(selectInstance({profile: 'dev'}, {}, config)).to.deep.equal({
      startUrl: URL_A,
      region: 'us-east-1',
      sessionName: 'alpha',
      registrationScopes: ['sso:account:access'],
    })
    expect(selectInstance({profile: 'legacy'}, {}, config)).to.deep.equal({startUrl: URL_L, region: 'eu-west-1'})
  })

  it('--sso-session names the section', () => {
    expect(selectInstance({ssoSession: 'alpha'}, {}, view({}, session)).sessionName).to.equal('alpha')
  })

  it("refuses two ways of naming the instance at once, naming both in the caller's words", () => {
    expect(failure(() => selectInstance({profile: 'dev', startUrl: URL_A}, {}, view())).message).to.equal('Give only one of profile, startUrl.')
    expect(failure(() => selectInstance({profile: 'dev', ssoSession: 'alpha'}, {}, view())).message).to.equal('Give only one of profile, ssoSession.')
    const roles = {names: {profile: '--profile', ssoSession: '--sso-session', startUrl: '--sso-start-url'}, ways: []}
    expect(failure(() => selectInstance({profile: 'dev', startUrl: URL_A, words: roles}, {}, view())).message).to.equal(
      'Give only one of --profile, --sso-start-url.',
    )
  })

  it('START_URL and SSO_REGION as arguments win over the env vars', () => {
    const env = {AWS_SSO_LOGIN_DEFAULT_SSO_START_URL: URL_L, AWS_SSO_LOGIN_DEFAULT_SSO_REGION: 'eu-west-1'}
    expect(selectInstance({startUrl: URL_A, region: 'us-west-2'}, env, view())).to.deep.equal({startUrl: URL_A, region: 'us-west-2'})
  })

  it('the default-instance env vars: the login-specific one first, blanks skipped', () => {
    const env = {
      AWS_SSO_LOGIN_DEFAULT_SSO_START_URL: '  ',
      AWS_DEFAULT_SSO_START_URL: URL_A,
      AWS_SSO_LOGIN_DEFAULT_SSO_REGION: 'ap-south-1',
      AWS_DEFAULT_SSO_REGION: 'us-east-1',
    }
    expect(selectInstance({}, env, view())).to.deep.equal({startUrl: URL_A, region: 'ap-south-1'})
    expect(selectInstance({}, {...env, AWS_SSO_LOGIN_DEFAULT_SSO_START_URL: URL_L}, view()).startUrl).to.equal(URL_L)
  })

  it('a start URL without a region takes it from the one legacy profile with that URL', () => {
    expect(selectInstance({startUrl: `${URL_L}/#/`}, {}, view(legacy))).to.deep.equal({startUrl: URL_L, region: 'eu-west-1'})
  })

  it('a start URL argument with no region anywhere names the argument; from env it names the variable too', () => {
    expect(failure(() => selectInstance({startUrl: URL_A}, {}, view())).message).to.equal(`No SSO region for ${URL_A}: give it as the SSO_REGION argument.`)
    expect(failure(() => selectInstance({}, {AWS_DEFAULT_SSO_START_URL: URL_A}, view())).message).to.equal(
      `No SSO region for ${URL_A}: give it as the SSO_REGION argument or in AWS_SSO_LOGIN_DEFAULT_SSO_REGION.`,
    )
  })

  it("with nothing given: the only instance in the config, or an InstanceChoiceError listing them in the library's words", () => {
    expect(selectInstance({}, {}, view({}, session)).sessionName).to.equal('alpha')
    const none = failure(() => selectInstance({}, {}, view()))
    expect(none).to.be.instanceOf(InstanceChoiceError)
    expect(none.message).to.equal('No IAM Identity Center instance found in /home/u/.aws/config. Give the option profile, ssoSession or startUrl with region.')
    const several = failure(() => selectInstance({}, {}, view(legacy, session))) as InstanceChoiceError
    expect(several.message).to.equal(
      `2 IAM Identity Center instances found in /home/u/.aws/config: sso-session alpha (${URL_A}, us-east-1); ${URL_L} (eu-west-1) from profile legacy. ` +
        'Choose one with the option profile, ssoSession or startUrl with region.',
    )
    expect(several.candidates).to.deep.equal([`sso-session alpha (${URL_A}, us-east-1)`, `${URL_L} (eu-west-1) from profile legacy`])
    expect(several.configPath).to.equal('/home/u/.aws/config')
  })

  it("a command's words name its own flags, and --all only where it has one", () => {
    const names = {profile: '--profile', ssoSession: '--sso-session', startUrl: 'START_URL'}
    const login = {names, ways: ['--profile', '--sso-session', 'START_URL SSO_REGION'], all: '--all'}
    expect(failure(() => selectInstance({words: login}, {}, view())).message).to.equal(
      'No IAM Identity Center instance found in /home/u/.aws/config. Give --profile, --sso-session or START_URL SSO_REGION.',
    )
    expect(failure(() => selectInstance({words: login}, {}, view(legacy, session))).message).to.match(
      /from profile legacy\. Choose one with --profile, --sso-session or START_URL SSO_REGION, or use --all\.$/,
    )
    expect(failure(() => selectInstance({words: {names, ways: ['--profile', '--sso-session']}}, {}, view(legacy, session))).message).to.match(
      /from profile legacy\. Choose one with --profile or --sso-session\.$/,
    )
  })

  it('an unknown profile says where it looked and how to point elsewhere', () => {
    expect(failure(() => selectInstance({profile: 'nope'}, {}, view())).message).to.equal(
      'Profile "nope" was not found in /home/u/.aws/config. Check the name, or set AWS_CONFIG_FILE to the file that has it.',
    )
  })

  it('rejects a malformed start URL from the env before using it', () => {
    failure(() => selectInstance({}, {AWS_DEFAULT_SSO_START_URL: 'not a url', AWS_DEFAULT_SSO_REGION: 'us-east-1'}, view()))
  })
})

describe('instanceFromConfig: the instance of a command given no profile', () => {
  const flags = {startUrl: '-u', region: '--sso-region'}
  const both = view(legacy, session)

  it('a full start URL and region as given; else the only instance, or the one the URL, a part of it or the region picks', () => {
    expect(instanceFromConfig({startUrl: 'https://other.awsapps.com/start', region: 'ap-south-1', flags}, both)).to.deep.equal({
      startUrl: 'https://other.awsapps.com/start',
      region: 'ap-south-1',
    })
    expect(instanceFromConfig({flags}, view(legacy))).to.deep.equal({startUrl: URL_L, region: 'eu-west-1'})
    expect(instanceFromConfig({startUrl: `${URL_L}/`, flags}, both)).to.deep.equal({startUrl: URL_L, region: 'eu-west-1'})
    expect(instanceFromConfig({startUrl: 'd-2+', flags}, both)).to.deep.equal({startUrl: URL_L, region: 'eu-west-1'})
    expect(instanceFromConfig({startUrl: 'D-0000', flags}, both).sessionName).to.equal('alpha')
    expect(instanceFromConfig({region: 'us-east-1', flags}, both).sessionName).to.equal('alpha')
  })

  it('none or several: one line naming the configured ones', () => {
    expect(failure(() => instanceFromConfig({flags}, both)).message).to.equal(
      `2 IAM Identity Center instances found in /home/u/.aws/config: sso-session alpha (${URL_A}, us-east-1); ${URL_L} (eu-west-1) from profile legacy. Give -u (a start URL, or part of a configured one) and --sso-region.`,
    )
    expect(failure(() => instanceFromConfig({region: 'ap-south-1', flags}, both)).message).to.match(
      /^No instance in \/home\/u\/\.aws\/config is in ap-south-1: sso-session alpha/,
    )
    expect(failure(() => instanceFromConfig({flags}, view())).message).to.equal(
      'No IAM Identity Center instance found in /home/u/.aws/config. Give -u (a start URL, or part of a configured one) and --sso-region.',
    )
    const none = (() => {
      try {
        instanceFromConfig({startUrl: 'd-9', flags}, both)
      } catch (error) {
        return error as InstanceMatchError
      }
    })()
    expect(none).to.be.instanceOf(InstanceMatchError)
    expect(none!.exitCode).to.equal(1)
    expect(none!.message).to.equal(
      `No configured start URL contains "d-9"; /home/u/.aws/config has ${URL_A}, ${URL_L}. Give part of one of those, or a full start URL and SSO_REGION.`,
    )
    expect(failure(() => instanceFromConfig({startUrl: 'd-9.awsapps.com/start', flags}, both)).message).to.match(/does not start with https:\/\//)
  })
})
