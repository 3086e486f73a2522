import {expect} from 'chai'
import {appendFileSync} from 'node:fs'

import {repoRoot} from '../support/cli.js'
import {pythonExe} from '../support/python.js'
import {run, describeRun} from '../support/run.js'
import {cli, useEmulatorSandbox} from '../support/sandbox.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, ROLE_NAME, SSO_REGION, START_URL, writeTokenFile} from '../support/sso.js'

const BOTO3 = `
import json, sys, boto3
session = boto3.Session(profile_name=sys.argv[1])
identity = session.client('sts', endpoint_url=sys.argv[2], region_name='us-east-1').get_caller_identity()
print(json.dumps({'Account': identity['Account'], 'Arn': identity['Arn'], 'method': session.get_credentials().method}))
`

const SDK_V3 = `
import {fromProcess} from '@aws-sdk/credential-providers'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
const [profile, endpoint] = process.argv.slice(1)
const sts = new STSClient({region: 'us-east-1', endpoint, credentials: fromProcess({profile})})
const identity = await sts.send(new GetCallerIdentityCommand({}))
console.log(JSON.stringify({Account: identity.Account, Arn: identity.Arn}))
`

const FLAGS = ['-u', START_URL, '--sso-region', SSO_REGION, '-a', ACCOUNT_ID, '-r', ROLE_NAME, '--region', 'us-east-1', '--non-interactive']
const SDK_WARNING = (name: string) =>
  `Warning: the JavaScript SDK (v3) cannot read profile ${JSON.stringify(name)}; botocore, the AWS CLI and aws-sso-util can. Use only letters, digits and - _ @ + . % : / if JavaScript tools need it.\n`

/**
 * Names users already have: the original tool wrote `[profile 'my profile']`, which botocore, the
 * AWS CLI and our credential-process read. Such names are accepted, written as botocore reads them,
 * and the credential_process line passes the name as one argument through both botocore's shlex
 * split and SDK v3's /bin/sh.
 */
describe('configure profile: names botocore accepts (spaces, quotes, $)', function () {
  this.timeout(120_000)
  const ctx = useEmulatorSandbox({tools: ['python3-boto3'], reset: false})
  const {box} = ctx
  const endpoints = () => emulatorEnv(ctx.emu)
  const arn = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/user@example.com`

  for (const [name, header, quoted] of [
    ['my profile', "[profile 'my profile']", "'my profile'"],
    ["a'b", `[profile 'a'"'"'b']`, String.raw`'a'\''b'`],
    ['dollar$x', '[profile dollar$x]', "'dollar$x'"],
  ] as const) {
    it(`${JSON.stringify(name)}: written as ${header}, read by botocore; its credential_process line runs in botocore and SDK v3`, async () => {
      writeTokenFile(box.home, START_URL, await issueToken(ctx.emu))
      const wrote = await cli(['configure', 'profile', name, ...FLAGS], box.env(endpoints()))
      expect(wrote.code, describeRun('aws-sso-util', wrote)).to.equal(0)
      expect(wrote.stderr).to.equal(SDK_WARNING(name))
      const line = `aws-sso-util credential-process --profile ${quoted}`
      expect(box.readConfig()).to.equal(
        `${header}\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${ACCOUNT_ID}\nsso_role_name = ${ROLE_NAME}\nregion = us-east-1\ncredential_process = ${line}\n`,
      )

      // botocore reads the profile itself (its SSO provider comes first).
      const py = await run(pythonExe(), ['-c', BOTO3, name, ctx.emu.url], {env: box.env(endpoints()), cwd: repoRoot})
      expect(py.code, describeRun('python3', py)).to.equal(0)
      expect(JSON.parse(py.stdout)).to.deep.equal({Account: ACCOUNT_ID, Arn: arn, method: 'sso'})

      // The written credential_process line, run by each client's own parser: botocore's shlex
      // split and SDK v3's /bin/sh must both pass the name to us as one argument.
      appendFileSync(box.configPath, `\n[profile runner]\ncredential_process = ${line}\n`)
      const viaBotocore = await run(pythonExe(), ['-c', BOTO3, 'runner', ctx.emu.url], {env: box.env(endpoints()), cwd: repoRoot})
      expect(viaBotocore.code, describeRun('python3', viaBotocore)).to.equal(0)
      expect(JSON.parse(viaBotocore.stdout)).to.deep.equal({Account: ACCOUNT_ID, Arn: arn, method: 'custom-process'})
      const viaSdk = await run(process.execPath, ['--input-type=module', '-e', SDK_V3, 'runner', ctx.emu.url], {env: box.env(endpoints()), cwd: repoRoot})
      expect(viaSdk.code, describeRun('node', viaSdk)).to.equal(0)
      expect(JSON.parse(viaSdk.stdout)).to.deep.equal({Account: ACCOUNT_ID, Arn: arn})
    })
  }

  it('writing the same profile again edits the quoted section in place instead of adding a second one', async () => {
    await cli(['configure', 'profile', 'my profile', ...FLAGS], box.env(endpoints()))
    const again = await cli(['configure', 'profile', 'my profile', ...FLAGS.map((f) => (f === 'us-east-1' ? 'eu-west-1' : f))], box.env(endpoints()))
    expect(again.code, describeRun('aws-sso-util', again)).to.equal(0)
    const text = box.readConfig()
    expect(text.match(/\[profile 'my profile'\]/g)).to.have.length(1)
    expect(text).to.contain('region = eu-west-1\n')
  })
})
