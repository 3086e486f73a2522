import {expect} from 'chai'
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {browserResults, browserUrls, loginEnv, waitForBrowsers} from '../auth/helpers.js'
import {runBin, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {runPython} from '../support/python.js'
import {ACCOUNT_ID, configureProcessOnly, ROLE_NAME, SSO_SESSION, tokenFile, writeConfig} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'

const ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/user@example.com`
const WHO = "import boto3\nprint(boto3.Session(profile_name='dev').client('sts').get_caller_identity()['Arn'])\n"

// boto3, logged out, with the profile `configure profile --process-only` writes: boto3 runs our
// process, which logs in once through a real browser (headless Chromium clicks Approve).
describe('boto3 with a --process-only profile, logged out', function () {
  this.timeout(180_000)
  let env: Record<string, string>

  before(async function () {
    requireTools(this, ['python3-boto3', 'chromium'])
  })

  const ctx = useEmulatorHome()

  beforeEach(() => {
    const bin = join(ctx.home, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'aws-sso-util'), `#!/bin/sh\nexec "${process.execPath}" "${runBin}" "$@"\n`)
    chmodSync(join(bin, 'aws-sso-util'), 0o755)
    const e = loginEnv(ctx.emu, ctx.home, {browser: 'click'})
    env = Object.fromEntries(Object.entries({...e, PATH: `${bin}${delimiter}${process.env.PATH}`}).filter(([, v]) => v !== undefined)) as Record<string, string>
    writeConfig(ctx.home, SSO_SESSION)
    writeFileSync(join(ctx.home, 'who.py'), WHO)
  })

  const boto3 = () =>
    runPython(join(ctx.home, 'who.py'), [], {env: {...env, HOME: ctx.home, AWS_CONFIG_FILE: join(ctx.home, '.aws', 'config')}, timeoutMs: 120_000})

  it('one browser login, then credentials; a second run needs neither', async () => {
    const configured = await runCli(configureProcessOnly('dev', 'us-east-1'), {home: ctx.home, env})
    expect(configured.code, configured.stderr).to.equal(0)
    expect(readFileSync(join(ctx.home, '.aws', 'config'), 'utf8')).to.not.match(/^sso_account_id|^sso_role_name/m)

    const first = await boto3()
    expect(first.status, first.stderr).to.equal(0)
    expect(first.stdout.trim()).to.equal(ARN)
    await waitForBrowsers(ctx.home, 1)
    expect(browserUrls(ctx.home)).to.have.length(1)
    expect(browserResults(ctx.home)[0]).to.match(/ Login complete$/)
    expect(ctx.emu.stats()).to.include({Authorize: 1, GetRoleCredentials: 1})
    // The token is where AWS CLI v2 and botocore look for this sso-session.
    expect(JSON.parse(readFileSync(tokenFile(ctx.home, 'my-sso'), 'utf8'))).to.include.keys('accessToken', 'refreshToken')

    const second = await boto3()
    expect(second.status, second.stderr).to.equal(0)
    expect(second.stdout.trim()).to.equal(ARN)
    expect(browserUrls(ctx.home)).to.have.length(1)
    expect(ctx.emu.stats()).to.include({Authorize: 1, GetRoleCredentials: 1})
  })

  it('the default profile shape: boto3 raises SSOTokenLoadError and no browser opens', async () => {
    const configured = await runCli(
      ['configure', 'profile', 'dev', '--sso-session', 'my-sso', '-a', ACCOUNT_ID, '-r', ROLE_NAME, '--region', 'us-east-1', '--non-interactive'],
      {home: ctx.home, env},
    )
    expect(configured.code, configured.stderr).to.equal(0)
    const r = await boto3()
    expect(r.status).to.equal(1)
    expect(r.stderr).to.match(/botocore\.exceptions\.SSOTokenLoadError: Error loading SSO Token/)
    expect(browserUrls(ctx.home)).to.deep.equal([])
    expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
  })
})
