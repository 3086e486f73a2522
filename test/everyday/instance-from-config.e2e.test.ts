import {expect} from 'chai'

import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, issueToken, legacyProfile, ROLE_NAME, sessionProfile, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {describeCli, everydayCli} from './support.js'

const ROLE = ['-a', ACCOUNT_ID, '-r', ROLE_NAME]
const PRINT_KEY = ['--', process.execPath, '-e', 'console.log(process.env.AWS_ACCESS_KEY_ID ? "has credentials" : "none")']

/**
 * The original's workflow: with one instance in ~/.aws/config, the commands that take an account
 * and role need no -u or --sso-region, and -u or AWS_DEFAULT_SSO_START_URL may give part of the
 * configured start URL (a pattern). The token comes from the cache, without a new login.
 */
describe('exec, export and console take the instance from the config (compiled CLI, emulator)', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome()
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const logins = () => ctx.emu.stats().StartDeviceAuthorization ?? 0

  describe('one legacy instance', () => {
    beforeEach(async () => {
      writeConfig(ctx.home, legacyProfile('base'))
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    })

    it('M98: exec (run-as) -a -r without -u', async () => {
      const before = logins()
      const r = await cli(['exec', ...ROLE, ...PRINT_KEY])
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout).to.equal('has credentials\n')
      expect(logins()).to.equal(before)
    })

    it('M99: export with AWS_DEFAULT_SSO_START_URL set to part of the start URL, as a pattern', async () => {
      const r = await cli(['export', ...ROLE, '--format', 'json'], {env: {AWS_DEFAULT_SSO_START_URL: 'd-0+', AWS_DEFAULT_SSO_REGION: undefined}})
      expect(r.code, describeCli(r)).to.equal(0)
      expect(JSON.parse(r.stdout)).to.have.property('AccessKeyId').that.is.a('string')
    })

    it('-u with part of the start URL, and --sso-region that does not fit it', async () => {
      const ok = await cli(['export', '-u', 'D-0000', ...ROLE, '--format', 'json'])
      expect(ok.code, describeCli(ok)).to.equal(0)
      const wrongRegion = await cli(['export', '-u', 'd-0000', '--sso-region', 'eu-west-1', ...ROLE])
      expect(wrongRegion.code).to.equal(1)
      expect(wrongRegion.stdout).to.equal('')
      expect(wrongRegion.stderr).to.equal(
        `No configured start URL contains "d-0000" in eu-west-1; ${ctx.home}/.aws/config has ${START_URL}. Give part of one of those, or a full start URL and SSO_REGION.\n`,
      )
    })

    it('-u matching nothing: one line naming the configured start URLs, exit 1, nothing on stdout', async () => {
      const r = await cli(['exec', '-u', 'other-org', ...ROLE, ...PRINT_KEY])
      expect(r.code).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(
        `No configured start URL contains "other-org"; ${ctx.home}/.aws/config has ${START_URL}. Give part of one of those, or a full start URL and SSO_REGION.\n`,
      )
    })

    it('M58, M70: login with AWS_DEFAULT_SSO_START_URL as a pattern, roles with -u as one', async () => {
      const before = logins()
      const login = await cli(['login'], {env: {AWS_DEFAULT_SSO_START_URL: 'd-0{10}'}})
      expect(login.code, describeCli(login)).to.equal(0)
      expect(login.stdout).to.match(/^Login succeeded, valid until /)
      expect(logins()).to.equal(before)
      const roles = await cli(['roles', '-u', 'd-0000'])
      expect(roles.code, describeCli(roles)).to.equal(0)
      expect(roles.stdout).to.contain(ROLE_NAME)
    })

    it('M115: console --url-only -a -r without -u', async () => {
      const r = await cli(['console', ...ROLE, '--url-only'], {env: {AWS_ENDPOINT_URL_SIGNIN: ctx.emu.url}})
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout.trim().split('\n')).to.have.length(1)
      expect(r.stdout).to.match(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login&/)
    })
  })

  it('an [sso-session] as the only instance: its token (keyed by the session name) is used', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true})
    const before = logins()
    const r = await cli(['exec', ...ROLE, ...PRINT_KEY])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal('has credentials\n')
    expect(logins()).to.equal(before)
  })

  it('two instances and no -u: one line naming both, exit 2', async () => {
    writeConfig(ctx.home, `${legacyProfile('base')}\n${sessionProfile('dev', 'other').replace(START_URL, 'https://other-org.awsapps.com/start')}`)
    const r = await cli(['export', ...ROLE])
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(
      `2 IAM Identity Center instances found in ${ctx.home}/.aws/config: sso-session other (https://other-org.awsapps.com/start, us-east-1); ${START_URL} (us-east-1) from profile base. Give --sso-start-url (or AWS_SSO_START_URL) (a start URL, or part of a configured one) and --sso-region.\n`,
    )
  })
})
