import {expect} from 'chai'
import {createServer, type Server} from 'node:http'
import {type AddressInfo} from 'node:net'
import {chromium} from 'playwright-core'

import {CHROMIUM_ARGS, CHROMIUM_PATH} from '../support/chromium.mjs'
import {runCli} from '../support/cli.js'
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

describe('console in Chromium: sign-in URLs through the federation endpoint', function () {
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
})
