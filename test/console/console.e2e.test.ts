import {expect} from 'chai'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {type AddressInfo} from 'node:net'
import {join} from 'node:path'
import {chromium} from 'playwright-core'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {encodeConfigToken} from '../../src/lib/console/config-token.js'
import {waitFor} from '../auth/helpers.js'
import {CHROMIUM_ARGS, CHROMIUM_PATH} from '../support/chromium.mjs'
import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {run} from '../support/run.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, ROLE_NAME, sessionProfile, START_URL, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'

/** Opens the URL in real headless Chromium and reads what the signed-in page names. */
async function visit(url: string): Promise<{status: number; account: string; role: string; destination: string; issuer: string}> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  })
  try {
    const page = await browser.newPage()
    const res = await page.goto(url)
    const text = async (id: string) => ((await page.locator(`#${id}`).count()) > 0 ? ((await page.locator(`#${id}`).textContent()) ?? '') : '')
    return {
      status: res?.status() ?? 0,
      account: await text('account'),
      role: await text('role'),
      destination: await text('destination'),
      issuer: await text('issuer'),
    }
  } finally {
    await browser.close()
  }
}

describe('console: sign-in URLs through the federation endpoint', function () {
  this.timeout(90_000)

  before(function () {
    requireTools(this, ['chromium'])
  })

  const ctx = useEmulatorHome({reset: {lifetimes: true}, config: sessionProfile('dev').replace('region = us-east-1\n', 'region = eu-west-1\n')})

  beforeEach(async () => {
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu), {session: true})
  })

  const env = () => ({...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SIGNIN: ctx.emu.url})

  it('--url-only prints one URL that signs Chromium in to the right account and role, in the profile region', async () => {
    const r = await runCli(['console', '--profile', 'dev', '--url-only', '--destination', '/s3/buckets'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.match(new RegExp(`^${ctx.emu.url}/federation\\?Action=login&Issuer=[^&]+&Destination=[^&]+&SigninToken=[\\w-]+\\n$`))
    const url = new URL(r.stdout.trim())
    expect(url.searchParams.get('Issuer')).to.equal(START_URL)
    expect(url.searchParams.get('Destination')).to.equal('https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1')
    const page = await visit(r.stdout.trim())
    expect(page).to.deep.equal({
      status: 200,
      account: ACCOUNT_ID,
      role: ROLE_NAME,
      destination: 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1',
      issuer: START_URL,
    })
    expect(ctx.emu.stats()).to.include({GetRoleCredentials: 1, GetSigninToken: 1, ConsoleLogin: 1})
    // A sign-in URL works once.
    expect((await visit(r.stdout.trim())).status).to.equal(400)
  })

  it('opens the browser (BROWSER) with the URL and prints nothing on stdout; --logout-first opens the logout page first', async () => {
    const log = join(ctx.home, 'browser.log')
    const browser = join(repoRoot, 'test', 'support', 'browser-record.mjs')
    const r = await runCli(['console', '--profile', 'dev', '--logout-first'], {
      home: ctx.home,
      env: {...env(), BROWSER: `${process.execPath} ${browser}`, BROWSER_LOG: log},
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(`Opened the console for account ${ACCOUNT_ID} as ${ROLE_NAME}.\n`)
    // Two detached browser processes outlive the CLI: wait (bounded) for both to record their URL;
    // which one logs first is up to the scheduler.
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [])
    await waitFor('two browser processes to record their URL', () => lines().length >= 2, 15_000)
    const opened = lines().sort()
    expect(opened).to.have.length(2)
    expect(opened[0]).to.match(new RegExp(`^${ctx.emu.url}/federation\\?Action=login&`))
    expect(opened[1]).to.match(/^https:\/\/eu-west-1\.signin\.aws\.amazon\.com\/oauth\?Action=logout/)
  })

  it('--no-browser prints the URL on stdout and a note on stderr', async () => {
    const r = await runCli(['console', '--profile', 'dev', '--no-browser'], {home: ctx.home, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login&.*\n$/)
    expect(r.stderr).to.equal(`Open the URL above to sign in to the console (account ${ACCOUNT_ID} as ${ROLE_NAME}); it works once, within 15 minutes.\n`)
  })

  it('foreign credentials in the cache are refused by the endpoint: exit 4, one line, no URL', async () => {
    const key = roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, sessionName: 'my-sso', startUrl: START_URL})
    const path = join(ctx.home, '.aws', 'cli', 'cache', `${key}.json`)
    const r0 = await runCli(['credential-process', '--profile', 'dev'], {home: ctx.home, env: env()})
    expect(r0.code, r0.stderr).to.equal(0)
    const cached = JSON.parse(readFileSync(path, 'utf8'))
    cached.Credentials.SecretAccessKey = 'not-what-the-service-issued'
    writeFileSync(path, JSON.stringify(cached))
    const r = await runCli(['console', '--profile', 'dev', '--url-only'], {home: ctx.home, env: env()})
    expect(r.code).to.equal(4)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(
      'The console sign-in endpoint refused the role credentials (InvalidCredentials: The session credentials were not issued by this service).\n',
    )
  })

  it('the endpoint refuses expired session credentials', async () => {
    ctx.emu.setLifetimes({roleCredentialsSeconds: 1})
    const r0 = await runCli(['credential-process', '--profile', 'dev'], {home: ctx.home, env: env()})
    const creds = JSON.parse(r0.stdout)
    await new Promise((r) => {
      setTimeout(r, 1500)
    })
    const res = await fetch(`${ctx.emu.url}/federation`, {
      method: 'POST',
      body: new URLSearchParams({
        Action: 'getSigninToken',
        Session: JSON.stringify({sessionId: creds.AccessKeyId, sessionKey: creds.SecretAccessKey, sessionToken: creds.SessionToken}),
      }),
    })
    expect(res.status).to.equal(400)
    expect(await res.json()).to.deep.equal({Error: {Code: 'ExpiredCredentials', Message: 'The session credentials have expired'}})
  })

  it('never writes the URL or the sign-in token to the debug log or stderr', async () => {
    const r = await runCli(['console', '--profile', 'dev', '--url-only', '--debug'], {
      home: ctx.home,
      env: {...env(), AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'true'},
    })
    expect(r.code, r.stderr).to.equal(0)
    const token = new URL(r.stdout.trim()).searchParams.get('SigninToken')!
    const logs = [join(ctx.home, '.aws', 'sso', 'aws-sso-util credential-process-log.txt')]
    for (const file of logs.filter((f) => existsSync(f))) expect(readFileSync(file, 'utf8')).not.to.include(token)
    expect(r.stderr).not.to.include(token)
  })

  describe('config tokens', () => {
    let trap: Server
    let trapHits = 0

    before(async () => {
      trap = createServer((_req, res) => {
        trapHits++
        res.end('{}')
      })
      await new Promise<void>((resolve) => {
        trap.listen(0, '127.0.0.1', resolve)
      })
    })

    after(() => {
      trap.close()
    })

    it("a token from `console config-token` opens the same account, role and page through the reader's own login", async () => {
      const t = await runCli(['console', 'config-token', '--profile', 'dev', '--destination', '/cloudwatch/home'], {home: ctx.home, env: env()})
      expect(t.code, t.stderr).to.equal(0)
      expect(t.stdout).to.match(/^[\w-]+=*\n$/)
      const payload = JSON.parse(Buffer.from(t.stdout.trim(), 'base64url').toString('utf8'))
      expect(payload).to.deep.equal({
        v: '1',
        ssourl: START_URL,
        ssoreg: 'us-east-1',
        acc: ACCOUNT_ID,
        rol: ROLE_NAME,
        reg: 'eu-west-1',
        url: 'https://eu-west-1.signin.aws.amazon.com/federation',
        dst: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1',
      })
      expect(t.stdout).not.to.match(/ASIA|SecretAccessKey/)
      // The reader's login is their own token for the start URL the token names.
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))

      const r = await runCli(['console', 'launch', '--config-token', t.stdout.trim(), '--url-only'], {home: ctx.home, env: env()})
      expect(r.code, r.stderr).to.equal(0)
      const page = await visit(r.stdout.trim())
      expect(page).to.include({account: ACCOUNT_ID, role: ROLE_NAME, destination: payload.dst})
    })

    it('a token made by the original tool works, and its endpoint never receives the credentials', async () => {
      const py = await run('python3', [
        '-c',
        `import base64, json, sys
d = {"v": "1", "ssourl": sys.argv[1], "ssoreg": "us-east-1", "acc": sys.argv[2], "rol": sys.argv[3], "url": sys.argv[4], "dst": "https://console.aws.amazon.com/"}
print(str(base64.urlsafe_b64encode(json.dumps(d, ensure_ascii=True, separators=(',', ':')).encode('utf-8')), 'ascii'))`,
        START_URL,
        ACCOUNT_ID,
        'AdministratorAccess',
        `http://127.0.0.1:${(trap.address() as AddressInfo).port}/federation`,
      ])
      expect(py.code, py.stderr).to.equal(0)
      // The reader has no profile for it: the instance comes from the token, the login from their cache.
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const r = await runCli(['console', 'launch', '--config-token', py.stdout.trim(), '--url-only'], {home: ctx.home, env: env()})
      expect(r.code, r.stderr).to.equal(0)
      expect(trapHits).to.equal(0)
      expect(await visit(r.stdout.trim())).to.include({account: ACCOUNT_ID, role: 'AdministratorAccess'})
    })
  })

  describe('bad input: one line, exit 2, nothing on stdout, no network', () => {
    const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
      [
        'a duration out of range',
        ['--profile', 'dev', '--duration', '60'],
        {},
        /^--duration 60 is out of range: give seconds from 900 \(15 minutes\) to 43200 \(12 hours\)\.\n$/,
      ],
      [
        'a config token that is not one',
        ['--config-token', 'garbage!'],
        {},
        /^The config token is not valid: it is not base64url\. Ask for a new one \(aws-sso-util console config-token\)\.\n$/,
      ],
      [
        'a config token with --profile',
        ['--config-token', encodeConfigToken({startUrl: START_URL, ssoRegion: 'us-east-1'}), '--profile', 'dev'],
        {},
        /^--config-token names the instance itself; give no --profile, --sso-start-url or --sso-region with it\.\n$/,
      ],
      ['a config token that is not version 1', ['--config-token', 'eyJ2IjoiMiJ9'], {}, /^The config token is not valid: version "2" is not 1\./],
      [
        '--logout-first from the env with --url-only',
        ['--profile', 'dev', '--url-only'],
        {AWS_CONSOLE_LOGOUT_FIRST: 'true'},
        /^Opening the logout page first needs a browser; unset AWS_CONSOLE_LOGOUT_FIRST or drop --url-only\.\n$/,
      ],
      [
        'a sign-in endpoint that is not a URL',
        ['--profile', 'dev', '--url-only'],
        {AWS_ENDPOINT_URL_SIGNIN: 'nope'},
        /^AWS_ENDPOINT_URL_SIGNIN is not a URL: "nope"\./,
      ],
      ['an unknown profile', ['--profile', 'nope', '--url-only'], {}, /^Profile "nope" was not found in /],
    ]
    for (const [what, args, extra, message] of cases) {
      it(what, async () => {
        const r = await runCli(['console', ...args], {home: ctx.home, env: {...env(), ...extra}})
        expect(r.code, r.stderr).to.equal(2)
        expect(r.stdout).to.equal('')
        expect(r.stderr).to.match(message)
        expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
      })
    }
  })
})
