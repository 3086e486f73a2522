import {expect} from 'chai'
import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {browserUrls, loginEnv} from '../auth/helpers.js'
import {cliEnv, repoRoot, runBin, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {buildGoClient} from '../support/go-client.js'
import {run} from '../support/run.js'
import {ACCOUNT_ID, configureProcessOnly, readJson, ROLE_NAME, SSO_SESSION} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'

const clientScripts = join(repoRoot, 'test', 'interop', 'clients')

// The shape `configure profile --process-only` writes, logged out, and every client in turn: each
// runs our credential_process (seen through a wrapper on PATH that records each run), and the
// first run's one login serves them all.
describe('one process-only profile, every client, one login', function () {
  this.timeout(600_000)
  const ctx = useEmulatorHome({config: SSO_SESSION})
  let goClient: string

  before(async function () {
    requireTools(this, ['go-sdk-v2', 'python3-boto3', 'awscli'])
  })

  beforeEach(async () => {
    goClient = await buildGoClient(ctx.home)
  })

  it('Go SDK v2, boto3, AWS CLI v2, SDK for JavaScript v3 and v2 get the same credentials through our process', async () => {
    const bin = join(ctx.home, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'aws-sso-util'), `#!/bin/sh\necho "$*" >> "$HOME/process-runs.log"\nexec "${process.execPath}" "${runBin}" "$@"\n`)
    chmodSync(join(bin, 'aws-sso-util'), 0o755)
    const PATH = `${bin}${delimiter}${process.env.PATH}`

    const configured = await runCli(configureProcessOnly('po', 'us-east-1'), {home: ctx.home, env: {PATH}})
    expect(configured.code, configured.stderr).to.equal(0)
    const line = `aws-sso-util credential-process --profile po --sso-session my-sso --account-id ${ACCOUNT_ID} --role-name ${ROLE_NAME}`
    expect(readFileSync(join(ctx.home, '.aws', 'config'), 'utf8')).to.equal(`${SSO_SESSION}\n[profile po]\nregion = us-east-1\ncredential_process = ${line}\n`)

    const env = cliEnv(ctx.home, {
      ...loginEnv(ctx.emu, ctx.home),
      PATH,
      AWS_PROFILE: 'po',
      AWS_SDK_LOAD_CONFIG: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    })
    const clients: Array<[string, string, string[]]> = [
      ['Go SDK v2', goClient, []],
      ['boto3', 'python3', [join(clientScripts, 'botocore-credentials.py')]],
      ['AWS CLI v2', '/usr/bin/aws', ['configure', 'export-credentials', '--format', 'process']],
      ['SDK for JavaScript v3', process.execPath, [join(clientScripts, 'sdk-credentials.mjs'), 'v3-chain']],
      ['SDK for JavaScript v2', process.execPath, [join(clientScripts, 'sdk-credentials.mjs'), 'v2-chain']],
    ]
    const runs = join(ctx.home, 'process-runs.log')
    const keys: string[] = []
    for (const [i, [name, file, args]] of clients.entries()) {
      const r = await run(file, args, {env, timeoutMs: 120_000})
      expect(r.code, `${name}: ${r.stderr}`).to.equal(0)
      const out = r.stdout.trim()
      keys.push(name === 'AWS CLI v2' ? JSON.parse(out).AccessKeyId : out.split(' ')[0])
      if (name === 'Go SDK v2') expect(out.split(' ')[1], 'the Go SDK used its process provider').to.equal('ProcessProvider')
      expect(existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').filter(Boolean) : [], `${name} ran our process`).to.have.length(i + 1)
    }

    // Every client got the credentials our process cached, and ran the line as written.
    const cacheDir = join(ctx.home, '.aws', 'cli', 'cache')
    const cached = readJson(join(cacheDir, readdirOne(cacheDir)))
    expect(keys).to.deep.equal(Array.from({length: clients.length}, () => (cached.Credentials as {AccessKeyId: string}).AccessKeyId))
    expect(readFileSync(runs, 'utf8')).to.equal(`${line.replace(/^aws-sso-util /, '')}\n`.repeat(clients.length))
    // One login (one browser tab, one authorization-code token) and one GetRoleCredentials in all.
    expect(browserUrls(ctx.home)).to.have.length(1)
    const stats = ctx.emu.stats()
    expect({
      authorize: stats.Authorize,
      token: stats['CreateToken:authorization_code'],
      device: stats.StartDeviceAuthorization ?? 0,
      roleCredentials: stats.GetRoleCredentials,
    }).to.deep.equal({authorize: 1, token: 1, device: 0, roleCredentials: 1})
  })
})

// The trade-off the docs state: with no sso_* key, `aws sso login --profile` has nothing to log in
// to, while `--sso-session` still names the instance (2.9.19 cannot be pointed at the emulator, so
// the login stops at the network: a refused proxy, after the config was accepted).
describe('aws sso login on a process-only profile', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({
    config: `${SSO_SESSION}\n[profile po]\ncredential_process = aws-sso-util credential-process --profile po --sso-session my-sso --account-id ${ACCOUNT_ID} --role-name ${ROLE_NAME}\n`,
  })

  before(function () {
    requireTools(this, ['awscli'])
  })

  it('--profile fails for want of SSO settings; --sso-session gets to the network', async () => {
    const env = cliEnv(ctx.home, {HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: ''})
    const byProfile = await run('/usr/bin/aws', ['sso', 'login', '--profile', 'po', '--no-browser'], {env, timeoutMs: 60_000})
    expect(byProfile.code).to.equal(253)
    expect(byProfile.stderr).to.contain('Missing the following required SSO configuration values: sso_start_url, sso_region.')
    const bySession = await run('/usr/bin/aws', ['sso', 'login', '--sso-session', 'my-sso', '--no-browser'], {env, timeoutMs: 60_000})
    expect(bySession.code).to.not.equal(0)
    expect(bySession.stderr).to.contain('Failed to connect to proxy URL: "http://127.0.0.1:9"')
  })
})

function readdirOne(dir: string): string {
  const names = readdirSync(dir)
  expect(names, dir).to.have.length(1)
  return names[0]
}
