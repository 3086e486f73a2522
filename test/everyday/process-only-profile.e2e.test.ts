import {expect} from 'chai'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {runBin} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, configureProcessOnly, issueToken, ROLE_NAME, SSO_REGION, SSO_SESSION, START_URL, writeTokenFile} from '../support/sso.js'
import {describeCli, everydayCli, whileServing} from './support.js'

/** The profile exactly as `configure profile po --process-only` writes it: no sso_* key at all. */
const PROCESS_ONLY = `${SSO_SESSION}
[profile po]
region = eu-west-3
credential_process = aws-sso-util credential-process --profile po --sso-session my-sso --account-id ${ACCOUNT_ID} --role-name ${ROLE_NAME}
`

const SHOW = 'const e=process.env;console.log(JSON.stringify({id:e.AWS_ACCESS_KEY_ID,region:e.AWS_REGION}))'

// Every command of ours reads the shape `configure --process-only` writes: the account, role and
// instance come from its credential_process line, as they do for the SDKs that run that line.
describe('the process-only profile through every command (compiled CLI against the emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({scope: 'suite', config: SSO_SESSION})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  let keyId = ''

  before(async () => {
    const r = await cli(configureProcessOnly('po', 'eu-west-3'), {env: {AWS_SSO_CREDENTIAL_PROCESS_NAME: 'aws-sso-util credential-process'}})
    expect(r.code, describeCli(r)).to.equal(0)
    expect(readFileSync(join(ctx.home, '.aws', 'config'), 'utf8')).to.equal(PROCESS_ONLY)
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu))
  })

  it('exec: the role credentials and the profile region reach the command', async () => {
    const r = await cli(['exec', '--profile', 'po', '--', process.execPath, '-e', SHOW])
    expect(r.code, describeCli(r)).to.equal(0)
    const seen = JSON.parse(r.stdout)
    expect(seen.region).to.equal('eu-west-3')
    expect(seen.id).to.match(/^ASIA/)
    keyId = seen.id
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('AWS_PROFILE is the default profile, as for the AWS CLI; --profile wins over it', async () => {
    const viaEnv = await cli(['exec', '--', process.execPath, '-e', SHOW], {env: {AWS_PROFILE: 'po'}})
    expect(viaEnv.code, describeCli(viaEnv)).to.equal(0)
    expect(JSON.parse(viaEnv.stdout)).to.deep.equal({id: keyId, region: 'eu-west-3'})
    const flagWins = await cli(['exec', '--profile', 'po', '--', process.execPath, '-e', SHOW], {env: {AWS_PROFILE: 'nope'}})
    expect(flagWins.code, describeCli(flagWins)).to.equal(0)
    expect(JSON.parse(flagWins.stdout).id).to.equal(keyId)
    const unknown = await cli(['exec', '--', process.execPath, '-e', SHOW], {env: {AWS_PROFILE: 'nope'}})
    expect(unknown.code).to.equal(2)
    expect(unknown.stdout).to.equal('')
    expect(unknown.stderr).to.match(/^Profile "nope" was not found in .*config\. Check the name, or set AWS_CONFIG_FILE to the file that has it\.\n$/)
    const status = await cli(['status', '--output', 'json'], {env: {AWS_PROFILE: 'po'}})
    expect(JSON.parse(status.stdout).profile).to.include({profile: 'po', accountId: ACCOUNT_ID})
  })

  it('export: the same cached credentials', async () => {
    const r = await cli(['export', '--profile', 'po', '--format', 'json'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(JSON.parse(r.stdout)).to.include({Version: 1, AccessKeyId: keyId})
    expect(ctx.emu.stats().GetRoleCredentials, 'served from the shared cache').to.equal(1)
  })

  it('status --profile: the account, role and cached credentials', async () => {
    const r = await cli(['status', '--profile', 'po', '--output', 'json'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(JSON.parse(r.stdout).profile).to.include({profile: 'po', accountId: ACCOUNT_ID, roleName: ROLE_NAME, credentials: 'valid'})
  })

  it('check --check-profile: every check passes, exit 0', async () => {
    const bin = join(ctx.home, 'bin')
    mkdirSync(bin, {recursive: true})
    writeFileSync(join(bin, 'aws-sso-util'), `#!/bin/sh\nexec "${process.execPath}" "${runBin}" "$@"\n`, {mode: 0o755})
    const r = await cli(['check', '--check-profile', 'po'], {env: {PATH: `${bin}${delimiter}${process.env.PATH}`}})
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.contain(`ok   instance: sso-session my-sso (${START_URL}, ${SSO_REGION})\n`)
    expect(r.stdout).to.contain(`ok   profile: po: account ${ACCOUNT_ID}, role ${ROLE_NAME}\n`)
    expect(r.stdout).to.contain(`ok   role: ${ROLE_NAME} in ${ACCOUNT_ID}\n`)
    expect(r.stdout).to.not.contain('FAIL')
  })

  it('console --url-only: a sign-in URL for the role', async () => {
    const r = await cli(['console', '--profile', 'po', '--url-only'], {env: {AWS_ENDPOINT_URL_SIGNIN: ctx.emu.url}})
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.match(new RegExp(`^${ctx.emu.url}/federation\\?Action=login&Issuer=[^&]+&Destination=[^&]+&SigninToken=[\\w-]+\\n$`))
    expect(decodeURIComponent(/Destination=([^&]+)/.exec(r.stdout)![1])).to.contain('region=eu-west-3')
  })

  it('roles: the PROFILES column names po for its account and role', async () => {
    const r = await cli(['roles', '--profile', 'po', '--output', 'json'])
    expect(r.code, describeCli(r)).to.equal(0)
    const rows = JSON.parse(r.stdout) as Array<{accountId: string; roleName: string; profiles: string[]}>
    expect(rows.find((row) => row.accountId === ACCOUNT_ID && row.roleName === ROLE_NAME)?.profiles).to.deep.equal(['po'])
  })

  it('serve: the container endpoint hands out the same credentials', async () => {
    await whileServing(ctx.emu, ctx.home, 'po', async ({uri, token}) => {
      const res = await fetch(uri, {headers: {Authorization: token}, signal: AbortSignal.timeout(10_000)})
      expect(res.status).to.equal(200)
      expect(await res.json()).to.include({AccessKeyId: keyId, AccountId: ACCOUNT_ID})
    })
  })

  it('logout --profile: ends the session of the instance named on the line', async () => {
    const r = await cli(['logout', '--profile', 'po'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.match(/^Logged out of sso-session my-sso/)
    expect(ctx.emu.stats().Logout).to.equal(1)
    const status = await cli(['status', '--profile', 'po', '--output', 'json'])
    expect(JSON.parse(status.stdout).instances[0]).to.include({sessionName: 'my-sso', loggedIn: false})
  })
})
