import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parseConfigText} from '../../src/lib/config/parse.js'
import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {describeRun} from '../support/run.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, ROLE_NAME, SSO_REGION, START_URL, writeTokenFile} from '../support/sso.js'

const SESSION = `[sso-session my-sso]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
sso_registration_scopes = sso:account:access
`

// populate --process-only writes the shape every client runs our process for: no sso_* key but
// the populate mark, everything on the line; our own commands read it, and a second run changes nothing.
describe('configure populate --process-only (compiled CLI against the emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({config: SESSION})
  const cli = (args: string[]) =>
    runCli(args, {home: ctx.home, env: {...emulatorEnv(ctx.emu), AWS_SSO_CREDENTIAL_PROCESS_NAME: 'aws-sso-util credential-process'}})

  it('writes every profile with its settings on the line; exec reads it; a re-run is a no-op', async () => {
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu))
    const populate = ['configure', 'populate', '--sso-session', 'my-sso', '--region', 'eu-west-1', '--process-only']
    const r = await cli(populate)
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    const text = readFileSync(join(ctx.home, '.aws', 'config'), 'utf8')
    const {profiles} = parseConfigText(text)
    const names = Object.keys(profiles)
    expect(names.length).to.be.greaterThan(1)
    for (const name of names) {
      const keys = Object.keys(profiles[name])
      expect(keys, name).to.deep.equal(['region', 'credential_process', 'sso_auto_populated'])
      expect(profiles[name].credential_process, name).to.match(
        new RegExp(
          `^aws-sso-util credential-process --profile ${name.replaceAll('.', String.raw`\.`)} --sso-session my-sso --account-id \\d{12} --role-name [\\w+=,.@-]+$`,
        ),
      )
    }

    const mine = names.find((n) => profiles[n].credential_process.endsWith(`--account-id ${ACCOUNT_ID} --role-name ${ROLE_NAME}`))!
    const exec = await cli([
      'exec',
      '--profile',
      mine,
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.AWS_REGION, process.env.AWS_ACCESS_KEY_ID.slice(0, 4))',
    ])
    expect(exec.code, describeRun('aws-sso-util', exec)).to.equal(0)
    expect(exec.stdout).to.equal('eu-west-1 ASIA\n')

    const again = await cli(populate)
    expect(again.code, describeRun('aws-sso-util', again)).to.equal(0)
    expect(again.stderr).to.contain(`(0 new, 0 updated, ${names.length} unchanged)`)
  })

  it('refuses --process-only with --no-credential-process: exit 2, one line, nothing written', async () => {
    const r = await cli(['configure', 'populate', '--sso-session', 'my-sso', '--region', 'eu-west-1', '--process-only', '--no-credential-process'])
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('--process-only needs the credential_process line; leave out --no-credential-process.\n')
  })
})
