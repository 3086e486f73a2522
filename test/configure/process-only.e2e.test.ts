import {expect} from 'chai'

import {describeRun} from '../support/run.js'
import {cli, type Sandbox, sandbox} from '../support/sandbox.js'

const URL = 'https://d-1234567890.awsapps.com/start'
const FLAGS = ['-u', URL, '--sso-region', 'us-east-1', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'eu-west-1', '--non-interactive']

describe('configure profile --process-only (compiled CLI)', function () {
  this.timeout(120_000)
  let box: Sandbox

  beforeEach(() => {
    box = sandbox()
  })

  afterEach(() => box.remove())

  it('turns an existing SSO profile into a process-only one: every sso_* key moves to the line', async () => {
    box.writeConfig('# mine\n[profile dev]\noutput = yaml\n')
    const first = await cli(['configure', 'profile', 'dev', ...FLAGS], box.env({AWS_SSO_CREDENTIAL_PROCESS_NAME: 'aws-sso-util credential-process'}))
    expect(first.code, describeRun('aws-sso-util', first)).to.equal(0)
    expect(box.readConfig()).to.contain('sso_account_id = 123456789012\nsso_role_name = ReadOnly\n')

    const r = await cli(
      ['configure', 'profile', 'dev', ...FLAGS, '--process-only'],
      box.env({AWS_SSO_CREDENTIAL_PROCESS_NAME: 'aws-sso-util credential-process'}),
    )
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(box.readConfig()).to.equal(`# mine
[profile dev]
output = yaml
region = eu-west-1
credential_process = aws-sso-util credential-process --profile dev --sso-start-url ${URL} --sso-region us-east-1 --account-id 123456789012 --role-name ReadOnly
`)
  })

  it('refuses --process-only with --no-credential-process: exit 2, one line, nothing written', async () => {
    box.writeConfig('[profile dev]\noutput = yaml\n')
    const r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--process-only', '--no-credential-process'], box.env())
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('--process-only needs the credential_process line; leave out --no-credential-process.\n')
    expect(box.readConfig()).to.equal('[profile dev]\noutput = yaml\n')
  })
})
