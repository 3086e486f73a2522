import {expect} from 'chai'
import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {repoRoot, runBin} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {runPython} from '../support/python.js'
import {run} from '../support/run.js'
import {emulatorEnv, issueToken, legacyProfile, START_URL, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {describeCli, everydayCli} from './support.js'

/**
 * Issue 24: every SDK prefers a section of the credentials file to a config profile's own
 * credential_process, so export must not, by default, name its section after the SSO profile.
 * Observed with real SDKs through a wrapper `aws-sso-util` on PATH that records each run.
 */
describe('export --format credentials-file does not shadow the SSO profile (real SDKs)', function () {
  this.timeout(180_000)
  // The shape `configure profile` writes: sso_* settings and the credential_process line.
  const config = `${legacyProfile('p')}credential_process = aws-sso-util credential-process --profile p\n`
  const ctx = useEmulatorHome({config})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const runs = () => join(ctx.home, 'process-runs.log')
  const credentialsFile = () => join(ctx.home, '.aws', 'credentials')

  beforeEach(async () => {
    const bin = join(ctx.home, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'aws-sso-util'), `#!/bin/sh\necho "$*" >> "$HOME/process-runs.log"\nexec "${process.execPath}" "${runBin}" "$@"\n`)
    chmodSync(join(bin, 'aws-sso-util'), 0o755)
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  const clientEnv = (profile: string) => ({
    HOME: ctx.home,
    PATH: `${join(ctx.home, 'bin')}${delimiter}${process.env.PATH}`,
    AWS_PROFILE: profile,
    AWS_CONFIG_FILE: join(ctx.home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile(),
    ...emulatorEnv(ctx.emu),
  })

  /** SDK for JavaScript v3, fromIni: the access key id it got, and whether it ran our process for it. */
  async function sdkV3(profile: string): Promise<{accessKeyId: string; ranOurProcess: boolean}> {
    rmSync(runs(), {force: true})
    const r = await run(process.execPath, [join(repoRoot, 'test', 'interop', 'clients', 'sdk-credentials.mjs'), 'v3-ini'], {
      env: clientEnv(profile),
      timeoutMs: 60_000,
    })
    expect(r.code, r.stderr).to.equal(0)
    return {accessKeyId: r.stdout.trim(), ranOurProcess: existsSync(runs())}
  }

  it('issue 24: by default the section is <profile>-static; the SSO profile still gets its own credentials (SDK v3 through credential_process, boto3 through its SSO provider)', async function () {
    const r = await cli(['export', '--profile', 'p', '--format', 'credentials-file'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.match(new RegExp(`^Wrote \\[p-static\\] to ${credentialsFile()}; the credentials expire [^\\n]+\\.\\n$`))
    const written = readFileSync(credentialsFile(), 'utf8')
    expect(written.match(/^\[.*\]$/gm)).to.deep.equal(['[p-static]'])
    const key = /aws_access_key_id = (\S+)/.exec(written)![1]

    expect(await sdkV3('p')).to.deep.equal({accessKeyId: key, ranOurProcess: true})
    expect(await sdkV3('p-static')).to.deep.equal({accessKeyId: key, ranOurProcess: false})

    requireTools(this, ['python3-boto3'])
    const script = [
      'import boto3, json, os',
      'out = {}',
      'for name in ("p", "p-static"):',
      '    c = boto3.Session(profile_name=name).get_credentials()',
      '    out[name] = [c.method, c.get_frozen_credentials().access_key]',
      'print(json.dumps(out))',
    ].join('\n')
    const py = await runPython('-c', [script], {env: clientEnv('p')})
    expect(py.status, py.stderr).to.equal(0)
    // botocore's own SSO provider comes before the credentials file for a profile with sso_* keys.
    const got = JSON.parse(py.stdout) as Record<string, [string, string]>
    expect(got['p-static']).to.deep.equal(['shared-credentials-file', key])
    expect(got.p[0]).to.equal('sso')
  })

  it('issue 24: a section named after the profile on purpose is written, with one line saying what it shadows', async () => {
    const r = await cli(['export', '--profile', 'p', '--format', 'credentials-file', '--credentials-profile', 'p'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stderr.split('\n').slice(1), r.stderr).to.deep.equal([
      `Warning: [p] in ${credentialsFile()} shadows profile p (its credential_process, sso_start_url, sso_account_id) in the SDKs that read the credentials file first, with credentials that are not refreshed; remove the section when done.`,
      '',
    ])
    expect(await sdkV3('p')).to.include({ranOurProcess: false})
  })
})
