/* eslint-disable unicorn/no-useless-undefined -- parseScopes and envFlag are called with an absent value on purpose */
import {expect} from 'chai'

import {envFlag} from '../../src/lib/env.js'
import {ConfigError, MissingSettingsError} from '../../src/lib/errors.js'
import {
  type ConfigView,
  credentialSettings,
  parseScopes,
  resolveCredentialSettings,
  validateAccountId,
  validateRegion,
  validateRoleName,
  validateStartUrl,
} from '../../src/lib/settings.js'

const PATH = '/home/u/.aws/config'
const URL_A = 'https://d-1111111111.awsapps.com/start'
const URL_B = 'https://d-2222222222.awsapps.com/start'

function config(profiles: ConfigView['profiles'] = {}, ssoSessions: ConfigView['ssoSessions'] = {}): ConfigView {
  return {path: PATH, profiles, ssoSessions}
}

/** The ConfigError message `fn` throws; fails if it throws anything else or nothing. */
function configError(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError)
    return (error as Error).message
  }

  expect.fail('expected a ConfigError')
}

const legacy = {sso_account_id: '123456789012', sso_region: 'eu-west-1', sso_role_name: 'Admin', sso_start_url: URL_A}
const withSession = {sso_account_id: '123456789012', sso_role_name: 'Admin', sso_session: 'corp'}
const corp = {sso_region: 'us-east-2', sso_registration_scopes: 'sso:account:access, openid ,', sso_start_url: URL_B}

describe('settings: the credential-process setting table and its resolution', () => {
  it('the table ties each flag to its env var and config key (help and the fast path read it)', () => {
    const table = Object.fromEntries(
      Object.entries(credentialSettings).map(([key, spec]) => [
        key,
        [spec.flag, 'aliases' in spec ? spec.aliases : [], 'env' in spec ? spec.env : '', 'configKey' in spec ? spec.configKey : ''],
      ]),
    )
    expect(table).to.deep.equal({
      accountId: ['account-id', [], 'AWS_SSO_ACCOUNT_ID', 'sso_account_id'],
      debug: ['debug', [], 'AWS_SSO_CREDENTIAL_PROCESS_DEBUG', ''],
      forceRefresh: ['force-refresh', [], '', ''],
      noLogin: ['no-login', [], 'AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN', ''],
      profile: ['profile', [], '', ''],
      region: ['sso-region', ['region'], 'AWS_SSO_REGION', 'sso_region'],
      roleName: ['role-name', [], 'AWS_SSO_ROLE_NAME', 'sso_role_name'],
      ssoSession: ['sso-session', [], '', 'sso_session'],
      startUrl: ['sso-start-url', ['start-url'], 'AWS_SSO_START_URL', 'sso_start_url'],
    })
    expect(credentialSettings.debug.description).to.equal('Write a debug log (secrets redacted) to ~/.aws/sso/aws-sso-util credential-process-log.txt.')
    expect(credentialSettings.profile.description).to.equal('Profile in ~/.aws/config to read the SSO settings from. Never taken from AWS_PROFILE.')
    expect(credentialSettings.noLogin.description).to.equal('Never start a login; fail at once with the command to run instead.')
  })

  it('envFlag: 1, true, yes, on in any case and with spaces; anything else is off', () => {
    for (const on of ['1', 'true', 'TRUE', 'Yes', 'on', ' on ', '\ttrue\n']) expect(envFlag(on), on).to.equal(true)
    for (const off of [undefined, '', '0', 'false', 'no', 'off', 'truex', 'xtrue', '11', 'y']) expect(envFlag(off), String(off)).to.equal(false)
  })

  it('parseScopes: comma list trimmed, empties dropped; none is an empty list (AWS CLI v2 hashes it as null)', () => {
    expect(parseScopes(' a , b,,c ')).to.deep.equal(['a', 'b', 'c'])
    expect(parseScopes(undefined)).to.deep.equal([])
    expect(parseScopes(' , ')).to.deep.equal([])
    // A new list each time, so a caller cannot change what the next one gets.
    const scopes = parseScopes(undefined)
    scopes.push('x')
    expect(parseScopes(undefined)).to.deep.equal([])
  })

  describe('resolveCredentialSettings', () => {
    it('a legacy profile: every value from the profile', () => {
      expect(resolveCredentialSettings({profile: 'dev'}, {}, config({dev: legacy}))).to.deep.equal({
        accountId: '123456789012',
        instance: {region: 'eu-west-1', startUrl: URL_A},
        profile: 'dev',
        roleName: 'Admin',
      })
    })

    it('precedence is flag, then env var (trimmed, blank ignored), then profile', () => {
      const env = {AWS_SSO_ACCOUNT_ID: ' 210987654321 ', AWS_SSO_REGION: '  ', AWS_SSO_ROLE_NAME: 'FromEnv', AWS_SSO_START_URL: URL_B}
      expect(resolveCredentialSettings({profile: 'dev', roleName: 'FromFlag'}, env, config({dev: legacy}))).to.deep.equal({
        accountId: '210987654321',
        instance: {region: 'eu-west-1', startUrl: URL_B},
        profile: 'dev',
        roleName: 'FromFlag',
      })
    })

    it('no profile: flags and env vars alone, profile undefined', () => {
      const env = {AWS_SSO_REGION: 'ap-southeast-2', AWS_SSO_START_URL: URL_A}
      expect(resolveCredentialSettings({accountId: '123456789012', roleName: 'R'}, env, config({dev: legacy}))).to.deep.equal({
        accountId: '123456789012',
        instance: {region: 'ap-southeast-2', startUrl: URL_A},
        profile: undefined,
        roleName: 'R',
      })
    })

    it('an sso-session profile takes start URL, region and scopes from the session', () => {
      expect(resolveCredentialSettings({profile: 'dev'}, {}, config({dev: withSession}, {corp}))).to.deep.equal({
        accountId: '123456789012',
        instance: {region: 'us-east-2', registrationScopes: ['sso:account:access', 'openid'], sessionName: 'corp', startUrl: URL_B},
        profile: 'dev',
        roleName: 'Admin',
      })
    })

    it('a profile repeating its session values is fine when they agree', () => {
      const dev = {...withSession, sso_region: 'us-east-2', sso_start_url: URL_B}
      expect(resolveCredentialSettings({profile: 'dev'}, {}, config({dev}, {corp})).instance).to.deep.equal({
        region: 'us-east-2',
        registrationScopes: ['sso:account:access', 'openid'],
        sessionName: 'corp',
        startUrl: URL_B,
      })
    })

    it('a start URL or region from a flag or env var turns a session profile into a plain instance', () => {
      const cfg = config({dev: withSession}, {corp})
      expect(resolveCredentialSettings({profile: 'dev', startUrl: URL_A}, {}, cfg).instance).to.deep.equal({region: 'us-east-2', startUrl: URL_A})
      expect(resolveCredentialSettings({profile: 'dev', region: 'eu-north-1'}, {}, cfg).instance).to.deep.equal({region: 'eu-north-1', startUrl: URL_B})
      expect(resolveCredentialSettings({profile: 'dev'}, {AWS_SSO_START_URL: URL_A}, cfg).instance).to.deep.equal({region: 'us-east-2', startUrl: URL_A})
      expect(resolveCredentialSettings({profile: 'dev'}, {AWS_SSO_REGION: 'eu-north-1'}, cfg).instance).to.deep.equal({
        region: 'eu-north-1',
        startUrl: URL_B,
      })
      // A blank env var is no override.
      expect(resolveCredentialSettings({profile: 'dev'}, {AWS_SSO_REGION: ' ', AWS_SSO_START_URL: ''}, cfg).instance).to.deep.equal({
        region: 'us-east-2',
        registrationScopes: ['sso:account:access', 'openid'],
        sessionName: 'corp',
        startUrl: URL_B,
      })
    })

    it('an unknown profile, or a session that is not there: one line naming the file', () => {
      expect(configError(() => resolveCredentialSettings({profile: 'nope'}, {}, config({dev: legacy})))).to.equal(
        `Profile "nope" was not found in ${PATH}. Check the name, or set AWS_CONFIG_FILE to the file that has it.`,
      )
      expect(configError(() => resolveCredentialSettings({profile: 'dev'}, {}, config({dev: withSession})))).to.equal(
        `Profile "dev" names sso_session "corp", but ${PATH} has no [sso-session corp] section.`,
      )
    })

    it('a profile contradicting its session: which key, both values, and the fix', () => {
      const cfg = (dev: Record<string, string>) => config({dev: {...withSession, ...dev}}, {corp})
      expect(configError(() => resolveCredentialSettings({profile: 'dev'}, {}, cfg({sso_start_url: URL_A})))).to.equal(
        `Profile "dev" sets sso_start_url to "${URL_A}" but its sso-session "corp" says "${URL_B}". Remove it from the profile.`,
      )
      expect(configError(() => resolveCredentialSettings({profile: 'dev'}, {}, cfg({sso_region: 'eu-west-1'})))).to.equal(
        'Profile "dev" sets sso_region to "eu-west-1" but its sso-session "corp" says "us-east-2". Remove it from the profile.',
      )
      const bare = config({dev: {...withSession, sso_region: 'eu-west-1'}}, {corp: {sso_start_url: URL_B}})
      expect(configError(() => resolveCredentialSettings({profile: 'dev'}, {}, bare))).to.equal(
        'Profile "dev" sets sso_region to "eu-west-1" but its sso-session "corp" says "". Remove it from the profile.',
      )
    })

    it('missing values: config keys (or the session section) for a profile, flags and env vars without one', () => {
      expect(configError(() => resolveCredentialSettings({profile: 'dev'}, {}, config({dev: {}})))).to.equal(
        `Profile "dev" is missing sso_start_url, sso_region, sso_account_id, sso_role_name (looked in ${PATH}, env and flags).`,
      )
      expect(configError(() => resolveCredentialSettings({profile: 'dev'}, {}, config({dev: {sso_session: 'corp'}}, {corp: {}})))).to.equal(
        `Profile "dev" is missing sso_start_url in [sso-session corp], sso_region in [sso-session corp], sso_account_id, sso_role_name (looked in ${PATH}, env and flags).`,
      )
      expect(configError(() => resolveCredentialSettings({}, {}, config()))).to.equal(
        'Missing --sso-start-url (or AWS_SSO_START_URL), --sso-region (or AWS_SSO_REGION), --account-id (or AWS_SSO_ACCOUNT_ID), --role-name (or AWS_SSO_ROLE_NAME). Give --profile, or the settings as flags or env vars.',
      )
      expect(configError(() => resolveCredentialSettings({accountId: '123456789012', region: 'us-east-1'}, {}, config()))).to.equal(
        'Missing --sso-start-url (or AWS_SSO_START_URL), --role-name (or AWS_SSO_ROLE_NAME). Give --profile, or the settings as flags or env vars.',
      )
    })

    it("in the library's words: option names, and a MissingSettingsError that lists them", () => {
      expect(configError(() => resolveCredentialSettings({accountId: '123456789012', region: 'us-east-1'}, {}, config(), 'options'))).to.equal(
        'Missing startUrl (or AWS_SSO_START_URL), roleName (or AWS_SSO_ROLE_NAME). Give the option profile, or the settings as options or env vars.',
      )
      expect(configError(() => resolveCredentialSettings({profile: 'dev'}, {}, config({dev: {sso_region: 'us-east-1'}}), 'options'))).to.equal(
        `Profile "dev" is missing sso_start_url, sso_account_id, sso_role_name (looked in ${PATH}, env and options).`,
      )
      let thrown: unknown
      try {
        resolveCredentialSettings({profile: 'dev'}, {}, config({dev: {sso_region: 'us-east-1'}}))
      } catch (error) {
        thrown = error
      }

      expect(thrown).to.be.instanceOf(MissingSettingsError)
      expect((thrown as MissingSettingsError).missing).to.deep.equal(['startUrl', 'accountId', 'roleName'])
    })

    it('each resolved value is validated', () => {
      const base = {accountId: '123456789012', region: 'us-east-1', roleName: 'R', startUrl: URL_A}
      expect(configError(() => resolveCredentialSettings({...base, startUrl: 'http://x.example'}, {}, config()))).to.equal(
        'The start URL "http://x.example" is not an https URL. It starts with http:, not https:. For example https://d-1234567890.awsapps.com/start.',
      )
      expect(configError(() => resolveCredentialSettings({...base, region: 'moon'}, {}, config()))).to.equal(
        '"moon" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.',
      )
      expect(configError(() => resolveCredentialSettings({...base, accountId: '12'}, {}, config()))).to.equal(
        'The account id "12" is not 12 digits. Use the id, not the account name or alias.',
      )
      expect(configError(() => resolveCredentialSettings({...base, roleName: 'a b'}, {}, config()))).to.equal(
        '"a b" is not a valid role name. Use the permission set name, e.g. AdministratorAccess.',
      )
    })
  })

  describe('validation', () => {
    const credentialsMessage =
      'The start URL must not contain a user name or password (remove the part up to the @). For example https://d-1234567890.awsapps.com/start.'

    it('start URL: https with a host; user name or password refused without echoing it', () => {
      expect(() => validateStartUrl(URL_A)).to.not.throw()
      expect(() => validateStartUrl('https://sso.example.com')).to.not.throw()
      for (const bad of ['https://me@d-1.awsapps.com/start', 'https://:pw@d-1.awsapps.com/start', 'https://me:pw@d-1.awsapps.com/start']) {
        expect(
          configError(() => validateStartUrl(bad)),
          bad,
        ).to.equal(credentialsMessage)
      }

      // Not a URL to the parser, but it still carries a password: refused with the same line.
      expect(configError(() => validateStartUrl(' ftp://me:pw@[bad/start'))).to.equal(credentialsMessage)
      // Each message names what is wrong with what was typed; the URL is only an example.
      for (const [bad, what] of [
        ['http://d-1.awsapps.com/start', 'is not an https URL. It starts with http:, not https:'],
        ['FTP://d-1.awsapps.com/start', 'is not an https URL. It starts with FTP:, not https:'],
        ['d-1.awsapps.com/start', 'does not start with https://'],
        ['https//d-1.awsapps.com/start', 'does not start with https://'],
        ['https:', 'has no host name after https://'],
        ['https://', 'has no host name after https://'],
        ['https://d-1.awsapps.com/start ', 'contains a space or other whitespace; remove it'],
        ['https://d-1.aws apps.com/start', 'contains a space or other whitespace; remove it'],
        ['', 'is empty'],
      ]) {
        expect(
          configError(() => validateStartUrl(bad)),
          bad,
        ).to.equal(`The start URL ${JSON.stringify(bad)} ${what}. For example https://d-1234567890.awsapps.com/start.`)
      }
    })

    it('region: letters, dashes and a number at the end', () => {
      for (const ok of ['us-east-1', 'eu-west-2', 'us-gov-west-1', 'ap-southeast-12', 'cn-north-1']) expect(() => validateRegion(ok), ok).to.not.throw()
      for (const bad of ['us-east', 'us-east-123', 'useast-1', 'US-EAST-1', 'u-east-1', 'xus-east-1', 'us-east-1x', ' us-east-1', 'us--1']) {
        expect(() => validateRegion(bad), bad).to.throw(ConfigError)
      }
    })

    it('account id: exactly 12 digits', () => {
      expect(() => validateAccountId('123456789012')).to.not.throw()
      for (const bad of ['12345678901', '1234567890123', '12345678901a', 'x123456789012', '123456789012x', '']) {
        expect(() => validateAccountId(bad), bad).to.throw(ConfigError)
      }
    })

    it('role name: 1 to 64 of IAM name characters', () => {
      for (const ok of ['A', 'Admin_Access+=,.@-9', 'r'.repeat(64)]) expect(() => validateRoleName(ok), ok).to.not.throw()
      for (const bad of ['', 'r'.repeat(65), 'a b', 'a/b', 'xé', ' a', 'a ']) expect(() => validateRoleName(bad), bad).to.throw(ConfigError)
    })
  })
})
