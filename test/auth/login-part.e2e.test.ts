import {expect} from 'chai'
import {existsSync} from 'node:fs'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {tokenFile, writeConfig} from '../support/sso.js'
import {browserUrls, legacyConfig, lines, loginEnv, sessionConfig, SUCCESS} from './helpers.js'

const URL_A = 'https://d-0000000000.awsapps.com/start'
const URL_B = 'https://d-1111111111.awsapps.com/start'
const URL_L = 'https://d-2222222222.awsapps.com/start'

const threeInstances = sessionConfig('alpha', URL_A, 'a-dev') + '\n' + sessionConfig('beta', URL_B, 'b-prod') + '\n' + legacyConfig('legacy', URL_L)

// `login d-1234`: the original tool took START_URL as part of a configured start URL.
describe('login with part of a start URL (compiled CLI)', function () {
  this.timeout(90_000)
  const ctx = useEmulatorHome({emulator: {autoApprove: true}})
  const env = () => loginEnv(ctx.emu, ctx.home)

  it('a unique match, ignoring case, logs in to that instance and no other', async () => {
    writeConfig(ctx.home, threeInstances)
    const beta = await runCli(['login', 'D-11111'], {home: ctx.home, env: env()})
    expect(beta.code, beta.stderr).to.equal(0)
    expect(lines(beta.stdout)).to.have.length(1)
    expect(beta.stdout.trim()).to.match(SUCCESS)
    expect(browserUrls(ctx.home)).to.have.length(1)
    expect(existsSync(tokenFile(ctx.home, 'beta'))).to.equal(true)
    expect(existsSync(tokenFile(ctx.home, 'alpha'))).to.equal(false)

    // A legacy profile's instance is keyed by its start URL; SSO_REGION narrows the match too.
    const legacy = await runCli(['login', '2222', 'us-east-1'], {home: ctx.home, env: env()})
    expect(legacy.code, legacy.stderr).to.equal(0)
    expect(legacy.stdout.trim()).to.match(SUCCESS)
    expect(existsSync(tokenFile(ctx.home, URL_L))).to.equal(true)
    expect(existsSync(tokenFile(ctx.home, 'alpha'))).to.equal(false)
  })

  it('no match or several: one line naming them, exit 1, nothing on stdout, no request', async () => {
    const path = writeConfig(ctx.home, threeInstances)
    const cases: Array<[string[], string]> = [
      [
        ['login', 'd-3333'],
        `No configured start URL contains "d-3333"; ${path} has ${URL_A}, ${URL_B}, ${URL_L}. Give part of one of those, or a full start URL and SSO_REGION.`,
      ],
      [
        ['login', 'd-0000', 'eu-west-1'],
        `No configured start URL contains "d-0000" in eu-west-1; ${path} has ${URL_A}, ${URL_B}, ${URL_L}. Give part of one of those, or a full start URL and SSO_REGION.`,
      ],
      [
        ['login', 'AWSAPPS'],
        `"AWSAPPS" matches 3 configured instances: sso-session alpha (${URL_A}, us-east-1); sso-session beta (${URL_B}, us-east-1); ${URL_L} (us-east-1) from profile legacy. Give more of the start URL, or choose with --sso-session or --profile.`,
      ],
    ]
    for (const [args, line] of cases) {
      const r = await runCli(args, {home: ctx.home, env: env()})
      expect(r.stderr, args.join(' ')).to.equal(`${line}\n`)
      expect(r.code, args.join(' ')).to.equal(1)
      expect(r.stdout).to.equal('')
    }

    writeConfig(ctx.home, '[profile plain]\nregion = us-east-1\n')
    const none = await runCli(['login', 'd-0000'], {home: ctx.home, env: env()})
    expect(none.stderr).to.equal(
      `No configured start URL contains "d-0000": ${path} has no IAM Identity Center instance. Give the full start URL and SSO_REGION.\n`,
    )
    expect(none.code).to.equal(1)
    expect(ctx.emu.stats()).to.deep.equal({})
    expect(browserUrls(ctx.home)).to.deep.equal([])
  })

  it('a full URL is still a URL: not looked up by part, and still checked', async () => {
    writeConfig(ctx.home, threeInstances)
    const r = await runCli(['login', 'http://d-0000000000.awsapps.com/start', 'us-east-1'], {home: ctx.home, env: env()})
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(lines(r.stderr)).to.have.length(1)
    expect(r.stderr).to.match(/^The start URL/)
  })
})
