import {expect} from 'chai'
import {existsSync, statSync} from 'node:fs'

import {type Emulator} from '../emulator/server.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, issueToken, legacyProfile, ROLE_NAME, sessionProfile, START_URL, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'
import {runProgram} from './helpers.js'

const ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/`

const kinds = [
  {
    title: 'legacy profile',
    profile: 'my-sso-profile',
    config: legacyProfile('my-sso-profile'),
    cacheId: START_URL,
    instance: {startUrl: START_URL, region: 'us-east-1'},
    seed: async (emu: Emulator, home: string) => writeTokenFile(home, START_URL, await issueToken(emu)),
  },
  {
    title: 'sso-session profile',
    profile: 'dev',
    config: sessionProfile('dev', 'my-sso'),
    cacheId: 'my-sso',
    instance: {startUrl: START_URL, region: 'us-east-1', sessionName: 'my-sso'},
    seed: async (emu: Emulator, home: string) => writeTokenFile(home, 'my-sso', await issueToken(emu, {scopes: ['sso:account:access']}), {session: true}),
  },
]

describe('library: fromAwsSsoUtil in SDK v3 clients (STS at the emulator)', () => {
  const ctx = useEmulatorHome()

  for (const kind of kinds) {
    describe(kind.title, () => {
      beforeEach(() => {
        writeConfig(ctx.home, kind.config)
      })

      it('cache miss: one GetRoleCredentials, then a warm cache serves a new process without any', async () => {
        await kind.seed(ctx.emu, ctx.home)
        const miss = await runProgram(ctx.home, ctx.emu, {profile: kind.profile})
        expect(miss.output, miss.result.stderr).to.deep.include({ok: true, calls: 1})
        expect(miss.output.arns).to.have.length(1)
        expect(miss.output.arns![0].startsWith(ARN)).to.equal(true)
        expect(miss.result.stderr).to.equal('')
        expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)

        const warm = await runProgram(ctx.home, ctx.emu, {profile: kind.profile})
        expect(warm.output, warm.result.stderr).to.deep.include({ok: true, calls: 1})
        expect(warm.output.arns).to.deep.equal(miss.output.arns)
        expect(ctx.emu.stats().GetRoleCredentials, 'the warm cache answered').to.equal(1)
        expect(ctx.emu.stats().GetCallerIdentity).to.equal(2)
      })

      it('logged out: the onLogin hook gets the device code, approves it, and the call succeeds', async () => {
        const result = await runProgram(ctx.home, ctx.emu, {profile: kind.profile, approve: ctx.emu.url})
        expect(result.output, result.result.stderr).to.deep.include({ok: true, calls: 1})
        // Nothing on stderr: the program shows the sign-in page itself.
        expect(result.result.stderr).to.equal('')
        expect(result.output.prompts).to.have.length(1)
        const [prompt] = result.output.prompts
        expect(prompt.flow).to.equal('device-code')
        expect(prompt.userCode).to.match(/^[A-Z]{4}-[A-Z]{4}$/)
        expect(prompt.url).to.contain(ctx.emu.url)
        expect(prompt.instance).to.deep.equal(kind.instance)
        expect(Date.parse(prompt.expiresAt)).to.be.greaterThan(Date.now())
        expect(ctx.emu.stats().StartDeviceAuthorization).to.equal(1)
        expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
        // The token is cached where AWS CLI v2 looks, private.
        const file = tokenFile(ctx.home, kind.cacheId)
        expect(existsSync(file)).to.equal(true)
        expect(statSync(file).mode & 0o777).to.equal(0o600)
      })

      it('noLogin while logged out fails with LoginRequiredError (exit code 1) and starts no login', async () => {
        const result = await runProgram(ctx.home, ctx.emu, {profile: kind.profile, noLogin: true, approve: ctx.emu.url})
        expect(result.output.ok, result.result.stderr).to.equal(false)
        expect(result.output.error).to.deep.include({name: 'LoginRequiredError', exitCode: 1, isAppError: true})
        expect(result.output.error!.message).to.contain(`aws-sso-util login --profile ${kind.profile}`)
        expect(result.output.prompts).to.deep.equal([])
        expect(ctx.emu.stats().StartDeviceAuthorization ?? 0).to.equal(0)
        expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
      })
    })
  }
})
