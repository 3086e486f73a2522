import {expect} from 'chai'
import {join} from 'node:path'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, writeConfig} from '../support/sso.js'
import {runSnippet} from './helpers.js'

const URL_A = 'https://d-0000000000.awsapps.com/start'
const URL_B = 'https://d-1111111111.awsapps.com/start'
const twoSessions = `[sso-session alpha]
sso_start_url = ${URL_A}
sso_region = us-east-1

[sso-session beta]
sso_start_url = ${URL_B}
sso_region = eu-west-1
`

/** Prints the error's class, message and data as a Node caller sees them. */
const caught = (call: string) => `try { await ${call}; out({ok: true}) } catch (error) {
  out({name: error.name, message: error.message, candidates: error.candidates, missing: error.missing, configPath: error.configPath,
    isInstanceChoice: error instanceof lib.InstanceChoiceError, isMissing: error instanceof lib.MissingSettingsError, isConfig: error instanceof lib.ConfigError})
}`

describe('library and commands: each error names the caller’s own options or flags', () => {
  const ctx = useEmulatorHome()
  const configPath = () => join(ctx.home, '.aws', 'config')
  const candidates = [`sso-session alpha (${URL_A}, us-east-1)`, `sso-session beta (${URL_B}, eu-west-1)`]

  beforeEach(() => {
    writeConfig(ctx.home, twoSessions)
  })

  it('EW01 getToken({}) with two sessions: an InstanceChoiceError naming the options, with the candidates as data', async () => {
    const out = await runSnippet(ctx.home, ctx.emu, caught('lib.getToken({})'))
    expect(out).to.deep.equal({
      name: 'InstanceChoiceError',
      message:
        `2 IAM Identity Center instances found in ${configPath()}: ${candidates.join('; ')}. ` +
        'Choose one with the option profile, ssoSession or startUrl with region.',
      candidates,
      configPath: configPath(),
      isInstanceChoice: true,
      isMissing: false,
      isConfig: true,
    })
    expect(ctx.emu.stats()).to.deep.equal({})
  })

  it('EW02 login and listAccounts say the same', async () => {
    const out = (await runSnippet(
      ctx.home,
      ctx.emu,
      `const r = []\nfor (const f of [() => lib.login({}), async () => { for await (const a of lib.listAccounts({})) r.push(a) }]) {
  try { await f(); r.push('ok') } catch (error) { r.push(error.message) }
}\nout(r)`,
    )) as string[]
    expect(out).to.have.length(2)
    for (const message of out) expect(message).to.match(/\. Choose one with the option profile, ssoSession or startUrl with region\.$/)
  })

  it('EW03 getCredentials without settings: a MissingSettingsError naming options and env vars, not flags', async () => {
    const out = await runSnippet(
      ctx.home,
      ctx.emu,
      caught(`lib.getCredentials({accountId: '123456789012', region: 'us-east-1', env: {HOME: process.env.HOME}})`),
    )
    expect(out).to.deep.equal({
      name: 'MissingSettingsError',
      // The instance comes from the config: of its two, only one is in us-east-1.
      message: 'Missing roleName (or AWS_SSO_ROLE_NAME). Give the option profile, or the settings as options or env vars.',
      missing: ['roleName'],
      isInstanceChoice: false,
      isMissing: true,
      isConfig: true,
    })
  })

  it('EW04 roles with two instances names its own flags: no START_URL, no --all', async () => {
    const r = await runCli(['roles'], {home: ctx.home, env: emulatorEnv(ctx.emu)})
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(
      `2 IAM Identity Center instances found in ${configPath()}: ${candidates.join('; ')}. ` +
        'Choose one with --profile, --sso-session or --sso-start-url with --sso-region.\n',
    )
  })

  it('EW05 login with two instances offers START_URL SSO_REGION and --all; credential-process without settings names flags', async () => {
    const login = await runCli(['login'], {home: ctx.home, env: emulatorEnv(ctx.emu)})
    expect(login.code).to.equal(2)
    expect(login.stderr).to.equal(
      `2 IAM Identity Center instances found in ${configPath()}: ${candidates.join('; ')}. ` +
        'Choose one with --profile, --sso-session or START_URL SSO_REGION, or use --all.\n',
    )
    const cp = await runCli(['credential-process', '--account-id', '123456789012', '--sso-region', 'us-east-1'], {home: ctx.home, env: emulatorEnv(ctx.emu)})
    expect(cp.code).to.equal(2)
    expect(cp.stdout).to.equal('')
    expect(cp.stderr).to.equal('Missing --role-name (or AWS_SSO_ROLE_NAME). Give --profile, or the settings as flags or env vars.\n')
  })

  it('EW06 two choices at once: getToken names its options, roles its flags (not START_URL)', async () => {
    const out = await runSnippet(ctx.home, ctx.emu, caught(`lib.getToken({profile: 'dev', startUrl: ${JSON.stringify(URL_A)}})`))
    expect(out).to.include({name: 'ConfigError', message: 'Give only one of profile, startUrl.'})
    const r = await runCli(['roles', '--profile', 'dev', '--sso-start-url', URL_A], {home: ctx.home, env: emulatorEnv(ctx.emu)})
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('Give only one of --profile, --sso-start-url.\n')
  })
})
