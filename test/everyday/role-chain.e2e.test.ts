import {expect} from 'chai'
import {join} from 'node:path'

import {cliEnv, repoRoot} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {run} from '../support/run.js'
import {issueToken, sessionProfile, writeTokenFile} from '../support/sso.js'
import {describeCli, everydayCli, whileServing} from './support.js'

const identityScript = join(repoRoot, 'test', 'interop', 'clients', 'sts-identity.mjs')

const CONFIG = `${sessionProfile('dev')}
[profile deploy]
role_arn = arn:aws:iam::210987654321:role/Deployer
source_profile = dev
role_session_name = ci-run
region = eu-west-1

[profile audit]
role_arn = arn:aws:iam::333333333333:role/team/Auditor
source_profile = deploy
duration_seconds = 900

[profile from-env]
role_arn = arn:aws:iam::210987654321:role/Deployer
credential_source = Environment

[profile loop-a]
role_arn = arn:aws:iam::210987654321:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::210987654321:role/B
source_profile = loop-a
`

// A profile that assumes a role (role_arn, source_profile) from one of our SSO profiles: the
// source's IAM Identity Center credentials, then STS AssumeRole per link, checked by asking the
// emulator's STS who the resulting credentials are.
describe('role chaining from an SSO profile (compiled CLI against the emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({config: CONFIG})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )

  beforeEach(async () => {
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu))
  })

  it('exec: the command runs as the assumed role, as STS GetCallerIdentity says', async () => {
    const r = await cli(['exec', '--profile', 'deploy', '--', process.execPath, identityScript])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal('arn:aws:sts::210987654321:assumed-role/Deployer/ci-run\n')
    expect(r.stderr).to.equal('')
    expect(ctx.emu.stats()).to.include({GetRoleCredentials: 1, AssumeRole: 1, GetCallerIdentity: 1})
  })

  it('two links (audit → deploy → dev): two AssumeRole calls, the last role with our default session name', async () => {
    const r = await cli(['exec', '--profile', 'audit', '--', process.execPath, identityScript])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.match(/^arn:aws:sts::333333333333:assumed-role\/Auditor\/aws-sso-util-\d{10}\n$/)
    expect(ctx.emu.stats()).to.include({GetRoleCredentials: 1, AssumeRole: 2})
  })

  it('export and AWS_PROFILE: the assumed role, with its own expiry', async () => {
    const r = await cli(['export', '--format', 'json'], {env: {AWS_PROFILE: 'audit'}})
    expect(r.code, describeCli(r)).to.equal(0)
    const out = JSON.parse(r.stdout) as {AccessKeyId: string; Expiration: string}
    const minutes = (Date.parse(out.Expiration) - Date.now()) / 60_000
    expect(minutes).to.be.within(14, 15.1)
    const who = await cli(['exec', '--', process.execPath, identityScript], {env: {AWS_PROFILE: 'deploy'}})
    expect(who.stdout).to.equal('arn:aws:sts::210987654321:assumed-role/Deployer/ci-run\n')
  })

  it("status: AWS_PROFILE naming a chained profile shows the root's cached credentials; --check asks STS who the chain is", async () => {
    const r = await cli(['status', '--check', '--output', 'json'], {env: {AWS_PROFILE: 'deploy'}})
    expect(r.code, describeCli(r)).to.equal(0)
    const {profile} = JSON.parse(r.stdout)
    expect(profile).to.include({profile: 'deploy', accountId: '123456789012', roleName: 'MyLeastPrivilegeRole', credentials: 'valid'})
    expect(profile.identity).to.include({arn: 'arn:aws:sts::210987654321:assumed-role/Deployer/ci-run', account: '210987654321'})
  })

  it('check --check-profile: the chain is checked through its SSO root', async () => {
    const r = await cli(['check', '--check-profile', 'audit', '--skip-token-check'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.contain('ok   profile: audit: assumes a role from dev, account 123456789012, role MyLeastPrivilegeRole\n')
    expect(r.stdout).to.contain('ok   instance: sso-session my-sso (')
  })

  it('console --url-only signs in with the assumed role', async () => {
    const r = await cli(['console', '--profile', 'deploy', '--url-only'], {env: {AWS_ENDPOINT_URL_SIGNIN: ctx.emu.url}})
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.match(new RegExp(`^${ctx.emu.url}/federation\\?Action=login&.*SigninToken=[\\w-]+\\n$`))
    expect(decodeURIComponent(/Destination=([^&]+)/.exec(r.stdout)![1])).to.contain('region=eu-west-1')
    expect(ctx.emu.stats()).to.include({AssumeRole: 1})
  })

  it('serve hands out the assumed role', async () => {
    await whileServing(ctx.emu, ctx.home, 'deploy', async ({uri, token}) => {
      const env = {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
        AWS_ENDPOINT_URL_STS: ctx.emu.url,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      }
      const r = await run(process.execPath, [identityScript], {env: cliEnv(ctx.home, env), timeoutMs: 60_000})
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.equal('arn:aws:sts::210987654321:assumed-role/Deployer/ci-run\n')
    })
  })

  it("the emulator's AssumeRole refuses credentials it did not issue", async () => {
    const {AssumeRoleCommand, STSClient} = await import('@aws-sdk/client-sts')
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: ctx.emu.url,
      credentials: {accessKeyId: 'ASIAUNKNOWN0000000000', secretAccessKey: 'x'.repeat(40), sessionToken: 'nope'},
    })
    const error = await sts
      .send(new AssumeRoleCommand({RoleArn: 'arn:aws:iam::210987654321:role/Deployer', RoleSessionName: 'x1'}))
      .catch((error_: unknown) => error_ as Error)
    expect((error as Error).name).to.equal('InvalidClientTokenId')
  })

  it('what cannot be followed: one line, exit 2, nothing on stdout', async () => {
    const cases: Array<[string, string]> = [
      [
        'from-env',
        'Profile "from-env" takes its source credentials from credential_source = Environment, not from IAM Identity Center. Use source_profile naming one of your SSO profiles.\n',
      ],
      ['loop-a', `The source_profile chain of "loop-a" in ${join(ctx.home, '.aws', 'config')} loops back to "loop-a".\n`],
    ]
    for (const [profile, message] of cases) {
      const r = await cli(['exec', '--profile', profile, '--', 'true'])
      expect(r.code, describeCli(r)).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(message)
    }

    expect(ctx.emu.stats().AssumeRole ?? 0).to.equal(0)
  })
})
