import {expect} from 'chai'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {pythonExe} from '../support/python.js'
import {run, describeRun} from '../support/run.js'
import {cli, useEmulatorSandbox} from '../support/sandbox.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, ROLE_NAME, SSO_REGION, START_URL, writeTokenFile} from '../support/sso.js'

const BOTO3 = `
import json, sys, boto3
session = boto3.Session(profile_name=sys.argv[1])
identity = session.client('sts', endpoint_url=sys.argv[2], region_name='us-east-1').get_caller_identity()
print(json.dumps({'Account': identity['Account'], 'Arn': identity['Arn']}))
`

const SDK_V3 = `
import {fromIni} from '@aws-sdk/credential-providers'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
const [profile, endpoint] = process.argv.slice(1)
const sts = new STSClient({region: 'us-east-1', endpoint, credentials: fromIni({profile})})
const identity = await sts.send(new GetCallerIdentityCommand({}))
console.log(JSON.stringify({Account: identity.Account, Arn: identity.Arn}))
`

/**
 * A profile written by `configure profile` works in both families of clients: botocore reads its
 * sso_* keys, SDK v3 runs its credential_process line (through the `aws-sso-util` on PATH).
 */
describe('configure profile: botocore and SDK v3 read the written profile back', function () {
  this.timeout(120_000)
  const ctx = useEmulatorSandbox({tools: ['python3-boto3'], reset: false})
  const {box} = ctx
  const endpoints = () => emulatorEnv(ctx.emu)
  const expected = {Account: ACCOUNT_ID, Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/user@example.com`}

  for (const variant of ['legacy', 'sso-session'] as const) {
    it(`gets credentials through a ${variant} profile`, async () => {
      const token = await issueToken(ctx.emu, {scopes: variant === 'legacy' ? undefined : ['sso:account:access']})
      if (variant === 'legacy') writeTokenFile(box.home, START_URL, token)
      else writeTokenFile(box.home, 'corp', token, {session: true})
      const name = `reader.${variant}`
      const args = ['configure', 'profile', name, '-u', START_URL, '--sso-region', SSO_REGION, '-a', ACCOUNT_ID, '-r', ROLE_NAME, '--region', 'us-east-1']
      if (variant === 'sso-session') args.push('--sso-session', 'corp')
      const wrote = await cli(args, box.env(endpoints()))
      expect(wrote.code, describeRun('aws-sso-util', wrote)).to.equal(0)
      expect(box.readConfig()).to.contain(`credential_process = aws-sso-util credential-process --profile ${name}\n`)

      const before = ctx.emu.stats().GetRoleCredentials ?? 0
      const js = await run(process.execPath, ['--input-type=module', '-e', SDK_V3, name, ctx.emu.url], {env: box.env(endpoints()), cwd: repoRoot})
      expect(js.code, describeRun('node', js)).to.equal(0)
      expect(JSON.parse(js.stdout)).to.deep.equal(expected)
      // SDK v3 prefers credential_process; our helper cached the role credentials where AWS CLI v2 does.
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(before + 1)
      expect(readdirSync(join(box.home, '.aws', 'cli', 'cache')).filter((f) => f.endsWith('.json'))).to.have.length(1)

      const py = await run(pythonExe(), ['-c', BOTO3, name, ctx.emu.url], {env: box.env(endpoints()), cwd: repoRoot})
      expect(py.code, describeRun('python3', py)).to.equal(0)
      expect(JSON.parse(py.stdout)).to.deep.equal(expected)
      // botocore uses the sso_* keys itself (its sso provider comes before credential_process).
      expect(ctx.emu.stats().GetRoleCredentials).to.equal(before + 2)
    })
  }
})
