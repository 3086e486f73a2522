import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {fromIni, fromNodeProviderChain, fromProcess} from '@aws-sdk/credential-providers'
import {expect} from 'chai'
import {chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {cliEnv, removeDir, runBin, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {runPython} from '../support/python.js'
import {run} from '../support/run.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, readJson, ROLE_NAME, sessionProfile, SSO_REGION, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'

const AWS_CLI_V2 = '/usr/bin/aws'
const ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/user@example.com`

/**
 * The SDKs must run our process, not their own SSO provider, so the profile they use has only the
 * credential_process line; the SSO settings live in a second profile it names.
 */
const processOnlyConfig = (credentialProcess: string) => `[profile my-sso-profile]
credential_process = ${credentialProcess} --profile sso-settings
region = us-east-1

[profile sso-settings]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}
sso_account_id = ${ACCOUNT_ID}
sso_role_name = ${ROLE_NAME}
`

describe('credential-process with real AWS clients', function () {
  this.timeout(120_000)

  before(function () {
    requireTools(this, ['python3-boto3', 'awscli'])
  })
  const ctx = useEmulatorHome({config: processOnlyConfig('aws-sso-util credential-process')})
  let binDir: string
  let env: NodeJS.ProcessEnv
  const saved = {...process.env}

  beforeEach(async () => {
    binDir = join(ctx.home, 'bin')
    mkdirSync(binDir)
    // `aws-sso-util` on PATH as after a global install.
    writeFileSync(join(binDir, 'aws-sso-util'), `#!/bin/sh\nexec "${process.execPath}" "${runBin}" "$@"\n`)
    chmodSync(join(binDir, 'aws-sso-util'), 0o755)
    env = cliEnv(ctx.home, {...emulatorEnv(ctx.emu), PATH: `${binDir}${delimiter}${process.env.PATH}`})
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  })

  /** SDK v3 reads HOME, AWS_CONFIG_FILE and endpoints from process.env at call time. */
  const useEnvInProcess = () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key]
    Object.assign(process.env, env)
  }

  const callerArn = async (credentials: NonNullable<ConstructorParameters<typeof STSClient>[0]>['credentials']) => {
    const sts = new STSClient({region: 'us-east-1', endpoint: ctx.emu.url, credentials})
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Arn
    } finally {
      sts.destroy()
    }
  }

  it('boto3 runs our process for a profile with only the credential_process line', async () => {
    const script = join(ctx.home, 'who.py')
    writeFileSync(script, "import boto3, json\ns = boto3.Session(profile_name='my-sso-profile')\nprint(s.client('sts').get_caller_identity()['Arn'])\n")
    const r = await runPython(script, [], {env: env as Record<string, string>})
    expect(r.stderr).to.equal('')
    expect(r.stdout.trim()).to.equal(ARN)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('SDK v3 fromIni, fromProcess and the default chain run it', async () => {
    useEnvInProcess()
    expect(await callerArn(fromIni({profile: 'my-sso-profile'}))).to.equal(ARN)
    expect(await callerArn(fromProcess({profile: 'my-sso-profile'}))).to.equal(ARN)
    process.env.AWS_PROFILE = 'my-sso-profile'
    expect(await callerArn(fromNodeProviderChain())).to.equal(ARN)
    // One fetch; the other two were served from our cache.
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('AWS CLI v2 runs it for sts get-caller-identity and configure export-credentials', async () => {
    const who = await run(AWS_CLI_V2, ['sts', 'get-caller-identity', '--endpoint-url', ctx.emu.url, '--profile', 'my-sso-profile', '--output', 'json'], {env})
    expect(who.code, who.stderr).to.equal(0)
    expect(JSON.parse(who.stdout).Arn).to.equal(ARN)
    const exported = await run(AWS_CLI_V2, ['configure', 'export-credentials', '--profile', 'my-sso-profile', '--format', 'process'], {env})
    expect(exported.code, exported.stderr).to.equal(0)
    const ours = await runCli(['credential-process', '--profile', 'sso-settings'], {home: ctx.home, env})
    const body = JSON.parse(exported.stdout)
    expect(body.AccessKeyId).to.equal(JSON.parse(ours.stdout).AccessKeyId)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  it('shares the role-credential cache with AWS CLI v2 in both directions', async () => {
    // Ours first: the CLI's own SSO provider must find our cache entry and make no call.
    const ours = await runCli(['credential-process', '--profile', 'sso-settings'], {home: ctx.home, env})
    expect(ours.code, ours.stderr).to.equal(0)
    const exported = await run(AWS_CLI_V2, ['configure', 'export-credentials', '--profile', 'sso-settings', '--format', 'process'], {env})
    expect(exported.code, exported.stderr).to.equal(0)
    expect(JSON.parse(exported.stdout).AccessKeyId).to.equal(JSON.parse(ours.stdout).AccessKeyId)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)

    // botocore first, with the file cache AWS CLI v2 gives its SSO provider (this CLI release cannot
    // be pointed at another portal endpoint): we must serve what it cached.
    const admin = `\n[profile admin]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${ACCOUNT_ID}\nsso_role_name = AdministratorAccess\n`
    writeFileSync(env.AWS_CONFIG_FILE!, processOnlyConfig('aws-sso-util credential-process') + admin)
    const script = join(ctx.home, 'cli-cache.py')
    writeFileSync(
      script,
      [
        'import os, botocore.session',
        'from botocore.utils import JSONFileCache',
        "s = botocore.session.Session(profile='admin')",
        "s.get_component('credential_provider').get_provider('sso').cache = JSONFileCache(os.path.expanduser('~/.aws/cli/cache'))",
        'print(s.get_credentials().get_frozen_credentials().access_key)',
      ].join('\n'),
    )
    const boto = await runPython(script, [], {env: env as Record<string, string>})
    expect(boto.status, boto.stderr).to.equal(0)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(2)
    const key = roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: 'AdministratorAccess', startUrl: START_URL})
    expect(readJson(join(ctx.home, '.aws', 'cli', 'cache', `${key}.json`)).ProviderType).to.equal('sso')
    const fromBotocore = await runCli(['credential-process', '--profile', 'admin'], {home: ctx.home, env})
    expect(fromBotocore.code, fromBotocore.stderr).to.equal(0)
    expect(JSON.parse(fromBotocore.stdout).AccessKeyId).to.equal(boto.stdout.trim())
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(2)
  })

  it('one login shared both ways with botocore for an sso-session profile', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    rmTokens(ctx.home)
    // A token in AWS CLI v2's format, about to expire: botocore refreshes it and writes it back.
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true, expiresInSeconds: 300})
    const script = join(ctx.home, 'creds.py')
    writeFileSync(script, "import boto3\nc = boto3.Session(profile_name='dev').get_credentials().get_frozen_credentials()\nprint(c.access_key)\n")
    const botocore = await runPython(script, [], {env: env as Record<string, string>})
    expect(botocore.status, botocore.stderr).to.equal(0)
    expect(ctx.emu.stats()['CreateToken:refresh_token']).to.equal(1)
    // We use the token botocore wrote: no refresh, no login.
    const ours = await runCli(['credential-process', '--profile', 'dev', '--no-login'], {home: ctx.home, env})
    expect(ours.code, ours.stderr).to.equal(0)
    expect(ctx.emu.stats()['CreateToken:refresh_token']).to.equal(1)
    expect(ctx.emu.stats().StartDeviceAuthorization).to.equal(2) // the two seeding logins only

    // And botocore's own SSO provider uses a token we refreshed.
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true, expiresInSeconds: 120})
    const ours2 = await runCli(['credential-process', '--profile', 'dev', '--force-refresh', '--no-login'], {home: ctx.home, env})
    expect(ours2.code, ours2.stderr).to.equal(0)
    expect(ctx.emu.stats()['CreateToken:refresh_token']).to.equal(2)
    const botocore2 = await runPython(script, [], {env: {...(env as Record<string, string>), AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9'}})
    expect(botocore2.status, botocore2.stderr).to.equal(0)
  })
})

function rmTokens(home: string): void {
  const dir = join(home, '.aws', 'sso', 'cache')
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) removeDir(join(dir, name))
}
