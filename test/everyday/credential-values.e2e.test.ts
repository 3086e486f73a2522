import {expect} from 'chai'
import {type Context} from 'mocha'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {type AddressInfo} from 'node:net'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {runPython} from '../support/python.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, legacyProfile, ROLE_NAME, START_URL, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {describeCli, everydayCli} from './support.js'

/** The review's payload: a secret that, written verbatim, starts a section whose credential_process runs. */
const injectedSecret = (section: string, marker: string) => `abc\n[${section}]\ncredential_process = touch ${marker}\n`

const OUTPUT =
  /^\{"Version":1,"AccessKeyId":"ASIA[A-Z0-9]{16}","SecretAccessKey":"[\w+/=]{40}","SessionToken":"[^"]+","Expiration":"[^"]+","AccountId":"123456789012"\}\n$/

describe('hostile credential values never reach a file or a shell (compiled CLI against the emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({config: legacyProfile('p')})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const credentialsFile = () => join(ctx.home, '.aws', 'credentials')
  const cacheFile = () =>
    join(ctx.home, '.aws', 'cli', 'cache', `${roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, startUrl: START_URL})}.json`)
  const marker = () => join(ctx.home, 'pwn')

  beforeEach(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  /** boto3 loads the section the payload would have added: it must not exist, and nothing may run. */
  async function expectBotoRanNothing(context: Context, section: string) {
    requireTools(context, ['python3-boto3'])
    const script = [
      'import boto3, botocore.exceptions, sys',
      'try:',
      `    boto3.Session(profile_name=${JSON.stringify(section)}).get_credentials()`,
      '    print("loaded")',
      'except botocore.exceptions.ProfileNotFound:',
      '    print("no such profile")',
    ].join('\n')
    const py = await runPython('-c', [script], {
      env: {HOME: ctx.home, AWS_CONFIG_FILE: join(ctx.home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: credentialsFile()},
    })
    expect(py.status, py.stderr).to.equal(0)
    expect(py.stdout).to.equal('no such profile\n')
    expect(existsSync(marker())).to.equal(false)
  }

  it('EP-20: a planted cache entry whose secret holds a new section is treated as absent: fetched anew, one section written, nothing run', async function () {
    mkdirSync(join(ctx.home, '.aws', 'cli', 'cache'), {recursive: true, mode: 0o700})
    const planted = {
      AccessKeyId: 'ASIAPLANTEDPLANTED00',
      SecretAccessKey: injectedSecret('evilprof', marker()),
      SessionToken: 'IQoJplanted',
      Expiration: '2099-01-01T00:00:00Z',
    }
    writeFileSync(cacheFile(), JSON.stringify({ProviderType: 'sso', Credentials: planted}), {mode: 0o600})

    const r = await cli(['export', '--profile', 'p', '--format', 'credentials-file', '--credentials-profile', 'static-p'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
    const text = readFileSync(credentialsFile(), 'utf8')
    expect(text.match(/^\[.*\]$/gm)).to.deep.equal(['[static-p]'])
    expect(text).not.to.include('PLANTED')
    expect(text).not.to.include('credential_process')

    // The cache now holds what the portal issued, and credential-process serves that.
    const cp = await cli(['credential-process', '--profile', 'p'])
    expect(cp.code, describeCli(cp)).to.equal(0)
    expect(cp.stdout).to.match(OUTPUT)
    expect(cp.stdout).to.include(`"SecretAccessKey":"${/aws_secret_access_key = (\S+)/.exec(text)![1]}"`)
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)

    await expectBotoRanNothing(this, 'evilprof')
  })

  it('EP-17/EP-20: credential-process refetches instead of serving a planted entry whose token holds shell text', async () => {
    mkdirSync(join(ctx.home, '.aws', 'cli', 'cache'), {recursive: true, mode: 0o700})
    const planted = {
      AccessKeyId: 'ASIAPLANTEDPLANTED00',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      SessionToken: '$(touch pwn)`touch pwn`',
      Expiration: '2099-01-01T00:00:00Z',
    }
    writeFileSync(cacheFile(), JSON.stringify({ProviderType: 'sso', Credentials: planted}), {mode: 0o600})
    const r = await cli(['credential-process', '--profile', 'p'])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.match(OUTPUT)
    expect(r.stdout).not.to.include('PLANTED')
    expect(ctx.emu.stats().GetRoleCredentials).to.equal(1)
  })

  describe('EP-21: a portal that answers with a secret holding a new section', () => {
    let portal: Server
    let portalUrl: string
    let asked = 0

    before(async () => {
      portal = createServer((req, res) => {
        asked++
        const body = {
          roleCredentials: {
            accessKeyId: 'ASIAFAKEPORTALFAKE00',
            secretAccessKey: injectedSecret('evil2', marker()),
            sessionToken: 'IQoJfake',
            expiration: Date.now() + 3_600_000,
          },
        }
        res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body))
      })
      await new Promise<void>((resolve) => {
        portal.listen(0, '127.0.0.1', resolve)
      })
      portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`
    })

    after(() => portal.close())

    beforeEach(() => {
      asked = 0
    })

    const refused = (url: string) =>
      `GetRoleCredentials at ${url} answered with a secret access key that is not in the shape AWS issues; the credentials were not used.\n`

    it('export --format credentials-file: exit 4, one line, no file written, nothing cached, nothing run', async function () {
      const r = await cli(['export', '--profile', 'p', '--format', 'credentials-file', '--credentials-profile', 'static-p'], {
        env: {AWS_ENDPOINT_URL_SSO: portalUrl},
      })
      expect(r.code, describeCli(r)).to.equal(4)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(refused(portalUrl))
      expect(asked).to.equal(1)
      expect(existsSync(credentialsFile())).to.equal(false)
      expect(existsSync(join(ctx.home, '.aws', 'cli', 'cache')) ? readdirSync(join(ctx.home, '.aws', 'cli', 'cache')) : []).to.deep.equal([])
      await expectBotoRanNothing(this, 'evil2')
    })

    for (const args of [['credential-process'], ['export', '--format', 'dotenv'], ['export', '--format', 'windows-cmd']]) {
      it(`${args.join(' ')}: exit 4, the same line, nothing on stdout`, async () => {
        const r = await cli([...args, '--profile', 'p'], {env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SSO: portalUrl}})
        expect(r.code, describeCli(r)).to.equal(4)
        expect(r.stdout).to.equal('')
        expect(r.stderr).to.equal(refused(portalUrl))
      })
    }
  })
})
