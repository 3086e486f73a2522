import {expect} from 'chai'
import {existsSync} from 'node:fs'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {tokenFile, writeConfig} from '../support/sso.js'
import {legacyConfig, lines, loginEnv, sessionConfig, SUCCESS} from './helpers.js'

const URL_A = 'https://d-0000000000.awsapps.com/start'
const URL_L = 'https://d-2222222222.awsapps.com/start'
const twoInstances = sessionConfig('alpha', URL_A, 'a-dev') + '\n' + legacyConfig('legacy', URL_L)

// Command lines of aws-sso-util 4.33 that its users' scripts may hold (docs/migration.md rows 3 and 55).
describe('invocations of aws-sso-util 4.33 (compiled CLI)', function () {
  this.timeout(90_000)
  const ctx = useEmulatorHome({emulator: {autoApprove: true}})
  const env = () => loginEnv(ctx.emu, ctx.home)

  it('#3 no arguments: a usage error as in the original, the root help on stderr, exit 2, nothing on stdout', async () => {
    const bare = await runCli([], {home: ctx.home, env: env()})
    const help = await runCli(['--help'], {home: ctx.home, env: env()})
    expect(bare.code).to.equal(2)
    expect(bare.stdout).to.equal('')
    expect(help.code).to.equal(0)
    expect(help.stdout).to.contain('USAGE\n  $ aws-sso-util [COMMAND]')
    expect(bare.stderr).to.equal(help.stdout)
  })

  it('#55 login --sso-start-url URL --sso-region R (hidden in the original) logs in to that instance, as START_URL SSO_REGION do', async () => {
    writeConfig(ctx.home, twoInstances)
    const r = await runCli(['login', '--sso-start-url', URL_L, '--sso-region', 'us-east-1'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(lines(r.stdout)).to.have.length(1)
    expect(r.stdout.trim()).to.match(SUCCESS)
    expect(existsSync(tokenFile(ctx.home, URL_L))).to.equal(true)
    expect(existsSync(tokenFile(ctx.home, 'alpha'))).to.equal(false)
  })

  it('#55 login --sso-start-url PART picks the configured instance; the argument wins over the flag when both are given', async () => {
    writeConfig(ctx.home, twoInstances)
    const part = await runCli(['login', '--sso-start-url', '2222'], {home: ctx.home, env: env()})
    expect(part.code, part.stderr).to.equal(0)
    expect(existsSync(tokenFile(ctx.home, URL_L))).to.equal(true)
    expect(existsSync(tokenFile(ctx.home, 'alpha'))).to.equal(false)

    const both = await runCli(['login', 'd-0000', '--sso-start-url', '2222'], {home: ctx.home, env: env()})
    expect(both.code, both.stderr).to.equal(0)
    expect(existsSync(tokenFile(ctx.home, 'alpha'))).to.equal(true)
  })
})
