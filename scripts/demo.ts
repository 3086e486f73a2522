/**
 * `npm run demo`: the quickstart end to end, against the local emulator, in a throwaway HOME.
 * Your real ~/.aws is never read or written.
 */
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {fromIni} from '@aws-sdk/credential-providers'
import {spawn} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {startEmulator} from '../test/emulator/server.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const home = mkdtempSync(join(tmpdir(), 'aws-sso-util-demo-'))
const emu = await startEmulator({port: 0, autoApprove: true})
const step = (text: string) => process.stdout.write(`\n== ${text}\n`)

try {
  // `aws-sso-util` on PATH, as after `npm install -g aws-sso-util`.
  const bin = join(home, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'aws-sso-util'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin', 'run.js')}" "$@"\n`)
  chmodSync(join(bin, 'aws-sso-util'), 0o755)

  Object.assign(process.env, {
    HOME: home,
    PATH: `${bin}${delimiter}${process.env.PATH}`,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL_SSO: emu.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emu.url,
    AWS_ENDPOINT_URL_STS: emu.url,
    AWS_SSO_DISABLE_BROWSER: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
  })
  delete process.env.AWS_PROFILE
  delete process.env.AWS_DEFAULT_PROFILE

  step(`IAM Identity Center emulator at ${emu.url} (approves every login by itself)`)
  mkdirSync(join(home, '.aws'), {mode: 0o700})
  const config = `[profile my-sso-profile]
credential_process = aws-sso-util credential-process --profile my-sso-profile
sso_start_url = https://d-0000000000.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = MyLeastPrivilegeRole
region = us-east-1
`
  writeFileSync(process.env.AWS_CONFIG_FILE!, config)
  step('~/.aws/config')
  process.stdout.write(config)

  step('aws-sso-util login --profile my-sso-profile')
  // Asynchronous: the emulator answers from this same process while the login runs.
  const code = await new Promise<null | number>((resolve, reject) => {
    const child = spawn('aws-sso-util', ['login', '--profile', 'my-sso-profile'], {stdio: ['ignore', 'inherit', 'inherit']})
    child.on('error', reject)
    child.on('close', resolve)
  })
  if (code !== 0) throw new Error(`aws-sso-util login exited ${code}`)

  step('AWS SDK for JavaScript v3: STS GetCallerIdentity with fromIni({profile: "my-sso-profile"})')
  const sts = new STSClient({region: 'us-east-1', credentials: fromIni({profile: 'my-sso-profile'})})
  const identity = await sts.send(new GetCallerIdentityCommand({}))
  process.stdout.write(`${identity.Arn}\n`)
  step(`emulator requests: ${JSON.stringify(emu.stats())}`)
} finally {
  await emu.close()
  rmSync(home, {force: true, recursive: true})
}
