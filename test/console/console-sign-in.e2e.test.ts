import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {createServer as createHttpServer, type Server} from 'node:http'
import {type AddressInfo, createServer as createTcpServer, type Server as TcpServer} from 'node:net'
import {join} from 'node:path'

import {roleCredentialsCacheKey} from '../../src/lib/cache/cache-keys.js'
import {encodeConfigToken} from '../../src/lib/console/config-token.js'
import {waitFor} from '../auth/helpers.js'
import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, ROLE_NAME, roleFlags, sessionProfile, SSO_REGION, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'

// Everything here runs without Chromium: a sign-in URL is redeemed with fetch, and the emulator's
// signed-in page is read as text. test/console/console.e2e.test.ts opens URLs in a real browser.

/** Redeems a sign-in URL at the emulator and reads what the signed-in page names. */
async function redeem(url: string): Promise<{status: number; account: string; role: string; destination: string; issuer: string; seconds: string}> {
  const res = await fetch(url)
  const html = await res.text()
  const span = (id: string) => {
    const m = new RegExp(`<span id="${id}">([^<]*)</span>`).exec(html)
    return m ? m[1].replaceAll('&amp;', '&') : ''
  }

  return {
    status: res.status,
    account: span('account'),
    role: span('role'),
    destination: span('destination'),
    issuer: span('issuer'),
    seconds: span('session-seconds'),
  }
}

/** Every file under dir whose bytes contain text: where a secret could have been written. */
function filesContaining(dir: string, text: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const st = statSync(path)
    if (st.isDirectory()) out.push(...filesContaining(path, text))
    else if (st.isFile() && readFileSync(path, 'latin1').includes(text)) out.push(path)
  }

  return out
}

/** A plain TCP listener that counts connections: where a hostile region would send the credentials. */
async function tcpTrap(): Promise<{server: TcpServer; port: number; hits: () => number}> {
  let hits = 0
  const server = createTcpServer((socket) => {
    hits++
    socket.destroy()
  })
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  return {server, port: (server.address() as AddressInfo).port, hits: () => hits}
}

const recorder = join(repoRoot, 'test', 'support', 'browser-record.mjs')
const FEDERATION_LOGIN = (base: string) => new RegExp(`^${base}/federation\\?Action=login&Issuer=[^&]+&Destination=[^&]+&SigninToken=[\\w-]+\\n$`)
const WHO = `account ${ACCOUNT_ID} as ${ROLE_NAME}`

describe('console without a browser: hosts, secrecy, browser failures, the original tool’s options', function () {
  this.timeout(60_000)

  const ctx = useEmulatorHome({reset: {lifetimes: true}, config: sessionProfile('dev').replace('region = us-east-1\n', 'region = eu-west-1\n')})

  beforeEach(async () => {
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu), {session: true})
  })

  const env = (extra: Record<string, string | undefined> = {}) => ({
    ...emulatorEnv(ctx.emu),
    AWS_ENDPOINT_URL_SIGNIN: ctx.emu.url,
    DISPLAY: undefined,
    BROWSER: undefined,
    ...extra,
  })

  describe('the console region chooses a host of a known partition only (issue 22 item 1)', () => {
    let trap: Awaited<ReturnType<typeof tcpTrap>>

    before(async () => {
      trap = await tcpTrap()
    })

    after(() => {
      trap.server.close()
    })

    // No AWS_ENDPOINT_URL_SIGNIN: the endpoint comes from the region, as for a real user.
    const hostile = () => `127.0.0.1:${trap.port}/#`
    const refused = (source: string) =>
      `The console region ${JSON.stringify(hostile())} (from ${source}) is not an AWS region. Use a region code such as us-east-1 or eu-west-2.\n`
    const expectRefusedBeforeAnyConnection = async (r: {code: null | number; stdout: string; stderr: string}, source: string) => {
      // First what matters: nothing connected to the host the region names.
      expect(trap.hits(), r.stderr).to.equal(0)
      expect(ctx.emu.stats().GetSigninToken ?? 0).to.equal(0)
      expect(r.stderr).to.equal(refused(source))
      expect(r.code).to.equal(2)
      expect(r.stdout).to.equal('')
    }

    it('CN02, CN06: --region "127.0.0.1:PORT/#" is refused before credentials are fetched or any connection is made', async () => {
      const r = await runCli(['console', '--profile', 'dev', '--url-only', '--region', hostile()], {
        home: ctx.home,
        env: env({AWS_ENDPOINT_URL_SIGNIN: undefined}),
      })
      await expectRefusedBeforeAnyConnection(r, '--region')
      expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
    })

    it("CN03: a config token whose region is a host is refused; the token's author never receives the credentials", async () => {
      const token = encodeConfigToken({startUrl: START_URL, ssoRegion: SSO_REGION, accountId: ACCOUNT_ID, roleName: ROLE_NAME, region: hostile()})
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const r = await runCli(['console', 'launch', '--config-token', token, '--url-only'], {home: ctx.home, env: env({AWS_ENDPOINT_URL_SIGNIN: undefined})})
      await expectRefusedBeforeAnyConnection(r, 'the config token')
      expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
    })

    it('CN04: AWS_CONSOLE_DEFAULT_REGION holding a host is refused', async () => {
      const r = await runCli(['console', '--profile', 'dev', '--url-only'], {
        home: ctx.home,
        env: env({AWS_ENDPOINT_URL_SIGNIN: undefined, AWS_CONSOLE_DEFAULT_REGION: hostile()}),
      })
      await expectRefusedBeforeAnyConnection(r, 'AWS_CONSOLE_DEFAULT_REGION')
      expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
    })

    it("CN05: a profile's region key holding a host (a shared team config) is refused before the credentials leave", async () => {
      writeConfig(ctx.home, sessionProfile('team').replace('region = us-east-1\n', `region = ${hostile()}\n`))
      const r = await runCli(['console', '--profile', 'team', '--url-only'], {home: ctx.home, env: env({AWS_ENDPOINT_URL_SIGNIN: undefined})})
      await expectRefusedBeforeAnyConnection(r, 'the region key of profile "team"')
    })

    it('regions of the ISO partitions are refused: their console hosts cannot be checked', async () => {
      const r = await runCli(['console', '--profile', 'dev', '--url-only', '--region', 'us-iso-east-1'], {home: ctx.home, env: env()})
      expect(r.stderr).to.equal(
        'The console region us-iso-east-1 (from --region) is in the aws-iso partition, whose console sign-in aws-sso-util does not support.\n',
      )
      expect(r.code).to.equal(2)
      expect(r.stdout).to.equal('')
    })

    it("CN07: a config token's destination off the console is refused; a console page of the partition is kept as written", async () => {
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const base = {startUrl: START_URL, ssoRegion: SSO_REGION, accountId: ACCOUNT_ID, roleName: ROLE_NAME}
      for (const destination of ['https://evil.example/phish', 'https://console.aws.amazon.com.evil.example/', 'http://console.aws.amazon.com/']) {
        const r = await runCli(['console', 'launch', '-t', encodeConfigToken({...base, destination}), '--url-only'], {home: ctx.home, env: env()})
        expect(r.stderr).to.equal(
          `The config token's destination ${JSON.stringify(destination)} is not an AWS console page. Ask for a new token, or give --destination.\n`,
        )
        expect(r.code).to.equal(2)
        expect(r.stdout).to.equal('')
      }

      expect(ctx.emu.stats().GetSigninToken ?? 0).to.equal(0)
      const kept = 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:'
      const r = await runCli(['console', 'launch', '-t', encodeConfigToken({...base, region: 'eu-west-1', destination: kept}), '--url-only'], {
        home: ctx.home,
        env: env(),
      })
      expect(r.code, r.stderr).to.equal(0)
      expect((await redeem(r.stdout.trim())).destination).to.equal(kept)
    })
  })

  describe("a config token's issuer", () => {
    it("off its start URL's host is refused before any request; AWS_CONSOLE_DEFAULT_ISSUER replaces it", async () => {
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const token = encodeConfigToken({startUrl: START_URL, ssoRegion: SSO_REGION, accountId: ACCOUNT_ID, roleName: ROLE_NAME, issuer: 'https://evil.example/'})
      const r = await runCli(['console', 'launch', '-t', token, '--url-only'], {home: ctx.home, env: env()})
      expect(r.stderr).to.equal(
        `The config token's issuer "https://evil.example/" is not a page of its start URL's host. Ask for a new token, or set AWS_CONSOLE_DEFAULT_ISSUER.\n`,
      )
      expect(r.code).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
      const own = await runCli(['console', 'launch', '-t', token, '--url-only'], {
        home: ctx.home,
        env: env({AWS_CONSOLE_DEFAULT_ISSUER: 'https://portal.example.com/'}),
      })
      expect(own.code, own.stderr).to.equal(0)
      expect((await redeem(own.stdout.trim())).issuer).to.equal('https://portal.example.com/')
    })
  })

  describe('CN16: the sign-in request follows no redirect', () => {
    let redirector: Server
    let target: Server
    let targetHits = 0
    let status = 307

    before(async () => {
      target = createHttpServer((_req, res) => {
        targetHits++
        res.setHeader('content-type', 'application/json')
        res.end('{"SigninToken":"stolen"}')
      })
      await new Promise<void>((resolve) => {
        target.listen(0, '127.0.0.1', resolve)
      })
      redirector = createHttpServer((_req, res) => {
        res.writeHead(status, {location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/federation`})
        res.end()
      })
      await new Promise<void>((resolve) => {
        redirector.listen(0, '127.0.0.1', resolve)
      })
    })

    after(() => {
      redirector.close()
      target.close()
    })

    for (const code of [307, 308]) {
      it(`CN16${code === 308 ? 'b' : ''}, CN16c: a ${code} answer is an error (exit 4); the credentials are not posted to where it points`, async () => {
        status = code
        const r = await runCli(['console', '--profile', 'dev', '--url-only'], {
          home: ctx.home,
          env: env({AWS_ENDPOINT_URL_SIGNIN: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`}),
        })
        expect(targetHits, r.stderr).to.equal(0)
        expect(r.stderr).to.equal(
          `The console sign-in endpoint 127.0.0.1:${(redirector.address() as AddressInfo).port} answered with a redirect (HTTP ${code}); the credentials were not sent on.\n`,
        )
        expect(r.code).to.equal(4)
        expect(r.stdout).to.equal('')
      })
    }
  })

  describe('opening the browser, and failing to (CN22)', () => {
    it('opens the browser (BROWSER) with the URL and prints nothing on stdout; --logout-first opens the logout page first', async () => {
      const log = join(ctx.home, 'browser.log')
      const r = await runCli(['console', '--profile', 'dev', '--logout-first'], {
        home: ctx.home,
        env: env({BROWSER: `${process.execPath} ${recorder}`, BROWSER_LOG: log}),
      })
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(`Opened the console for ${WHO}.\n`)
      const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [])
      await waitFor('two browser processes to record their URL', () => lines().length >= 2, 15_000)
      const opened = lines().sort()
      expect(opened).to.have.length(2)
      expect(opened[0]).to.match(new RegExp(`^${ctx.emu.url}/federation\\?Action=login&`))
      expect(opened[1]).to.match(/^https:\/\/eu-west-1\.signin\.aws\.amazon\.com\/oauth\?Action=logout/)
    })

    it('CN22: a BROWSER that exits non-zero: the URL on stdout, one line on stderr without it, exit 5', async () => {
      const r = await runCli(['console', '--profile', 'dev'], {home: ctx.home, env: env({BROWSER: `${process.execPath} -e process.exit(3)`})})
      expect(r.stderr).to.equal(
        `Could not open the console in a browser (${process.execPath.split('/').pop()} exited with status 3); the sign-in URL for ${WHO} is on stdout instead: open it within 15 minutes.\n`,
      )
      expect(r.code).to.equal(5)
      expect(r.stdout).to.match(FEDERATION_LOGIN(ctx.emu.url))
      expect(await redeem(r.stdout.trim())).to.include({status: 200, account: ACCOUNT_ID, role: ROLE_NAME})
    })

    it('CN22: a BROWSER that cannot be started at all is the same failure', async () => {
      const r = await runCli(['console', '--profile', 'dev'], {home: ctx.home, env: env({BROWSER: '/nonexistent/browser'})})
      expect(r.stderr).to.equal(
        `Could not open the console in a browser (no browser command could be started); the sign-in URL for ${WHO} is on stdout instead: open it within 15 minutes.\n`,
      )
      expect(r.code).to.equal(5)
      expect(r.stdout).to.match(FEDERATION_LOGIN(ctx.emu.url))
    })

    it('no display and no BROWSER: the URL on stdout, a note on stderr, exit 0 (as --no-browser)', async () => {
      const r = await runCli(['console', '--profile', 'dev'], {home: ctx.home, env: env()})
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.equal(
        `Could not open a browser (there is no display: DISPLAY and WAYLAND_DISPLAY are unset); open the URL above to sign in (${WHO}); it works once, within 15 minutes.\n`,
      )
      expect(r.stdout).to.match(FEDERATION_LOGIN(ctx.emu.url))
      expect(await redeem(r.stdout.trim())).to.include({status: 200, account: ACCOUNT_ID})
    })

    it('--no-browser prints the URL on stdout and a note on stderr', async () => {
      const r = await runCli(['console', '--profile', 'dev', '--no-browser'], {home: ctx.home, env: env()})
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.match(FEDERATION_LOGIN(ctx.emu.url))
      expect(r.stderr).to.equal(`Open the URL above to sign in to the console (${WHO}); it works once, within 15 minutes.\n`)
    })
  })

  describe('the endpoint refuses what AWS refuses', () => {
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
  })

  describe('secrecy: the sign-in token is on stdout only, never on stderr or in a file', () => {
    const cases: Array<[string, string[], Record<string, string>]> = [
      ['--url-only --debug', ['--url-only', '--debug'], {}],
      ['a failing browser, --debug', ['--debug'], {BROWSER: 'false'}],
      ['no display', [], {}],
      ['--no-browser', ['--no-browser'], {}],
    ]
    for (const [what, args, extra] of cases) {
      it(what, async () => {
        const r = await runCli(['console', '--profile', 'dev', ...args], {
          home: ctx.home,
          env: env({AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'true', ...extra}),
        })
        expect(r.stdout, r.stderr).to.match(FEDERATION_LOGIN(ctx.emu.url))
        const token = new URL(r.stdout.trim()).searchParams.get('SigninToken')!
        expect(token).to.have.length.above(20)
        expect(r.stderr).not.to.include(token)
        expect(r.stderr).not.to.include('SigninToken')
        expect(filesContaining(ctx.home, token)).to.deep.equal([])
        expect(existsSync(join(ctx.home, '.aws', 'sso', 'aws-sso-util credential-process-log.txt'))).to.equal(false)
      })
    }
  })

  // Issue 23, the "console" rows of the migration table: what the original 4.33 prints and exits with.
  // The tokens below are what the original's `console get-config-token` printed for the same arguments.
  describe("the original tool's console options (migration rows 105-120)", () => {
    const log = () => join(ctx.home, 'browser.log')
    const opened = () => (existsSync(log()) ? readFileSync(log(), 'utf8').trim().split('\n') : [])
    const withRecorder = () => env({BROWSER: `${process.execPath} ${recorder}`, BROWSER_LOG: log()})
    const destinationOf = (stdout: string) => new URL(stdout.trim()).searchParams.get('Destination')

    it('row 107: -p/--print prints the URL on stdout alone and opens nothing', async () => {
      for (const flag of ['-p', '--print']) {
        const r = await runCli(['console', '--profile', 'dev', flag], {home: ctx.home, env: withRecorder()})
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stdout).to.match(FEDERATION_LOGIN(ctx.emu.url))
        expect(r.stderr).to.equal('')
      }

      expect(opened()).to.deep.equal([])
    })

    it('row 106: --print --open prints the URL and opens that same URL; -o alone opens it and prints nothing', async () => {
      const r = await runCli(['console', '--profile', 'dev', '--print', '--open'], {home: ctx.home, env: withRecorder()})
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.match(FEDERATION_LOGIN(ctx.emu.url))
      expect(r.stderr).to.equal(`Opened the console for ${WHO}.\n`)
      await waitFor('the browser to record its URL', () => opened().length > 0, 15_000)
      expect(opened()).to.deep.equal([r.stdout.trim()])
      const o = await runCli(['console', '--profile', 'dev', '-o'], {home: ctx.home, env: withRecorder()})
      expect(o.code, o.stderr).to.equal(0)
      expect(o.stdout).to.equal('')
      await waitFor('the browser to record its URL', () => opened().length >= 2, 15_000)
    })

    it('row 106: --no-open alone opens nothing and prints nothing, exit 0, as the original', async () => {
      const r = await runCli(['console', '--profile', 'dev', '--no-open'], {home: ctx.home, env: withRecorder()})
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal('')
      expect(opened()).to.deep.equal([])
    })

    it('row 109: -l -o -p opens the logout page, then the sign-in URL it prints', async () => {
      const r = await runCli(['console', '--profile', 'dev', '-l', '-o', '-p'], {home: ctx.home, env: withRecorder()})
      expect(r.code, r.stderr).to.equal(0)
      await waitFor('two browser processes to record their URL', () => opened().length >= 2, 15_000)
      expect(opened().sort()).to.deep.equal(
        [
          r.stdout.trim(),
          'https://eu-west-1.signin.aws.amazon.com/oauth?Action=logout&redirect_uri=https%3A%2F%2Faws.amazon.com%2Fpremiumsupport%2Fknowledge-center%2Fsign-out-account%2F',
        ].sort(),
      )
    })

    it('row 108: --duration 60 is an hour, as the original reads minutes; 900 still reads as seconds; 721 is refused', async () => {
      for (const [value, seconds] of [
        ['60', '3600'],
        ['15', '900'],
        ['720', '43200'],
        ['900', '900'],
      ]) {
        const r = await runCli(['console', '--profile', 'dev', '--url-only', '--duration', value], {home: ctx.home, env: env()})
        expect(r.code, r.stderr).to.equal(0)
        expect((await redeem(r.stdout.trim())).seconds).to.equal(seconds)
      }

      const r = await runCli(['console', '--profile', 'dev', '--url-only', '--duration', '721'], {home: ctx.home, env: env()})
      expect(r.stderr).to.equal('--duration 721 is out of range: give minutes from 15 to 720 (12 hours).\n')
      expect(r.code).to.equal(2)
    })

    it('rows 111, 112: --keep-region-in-destination keeps the region in the path; --override-region-in-destination replaces it', async () => {
      const from = 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:'
      const keep = await runCli(['console', '--profile', 'dev', '--print', '--destination', from, '--keep-region-in-destination'], {home: ctx.home, env: env()})
      expect(keep.code, keep.stderr).to.equal(0)
      expect(destinationOf(keep.stdout)).to.equal('https://eu-west-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:')
      const override = await runCli(['console', '--profile', 'dev', '--print', '--destination', from, '--override-region-in-destination'], {
        home: ctx.home,
        env: env(),
      })
      expect(override.code, override.stderr).to.equal(0)
      expect(destinationOf(override.stdout)).to.equal('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:')
      const both = await runCli(['console', '--profile', 'dev', '--print', '--keep-region-in-destination', '--override-region-in-destination'], {
        home: ctx.home,
        env: env(),
      })
      expect(both.code).to.equal(2)
      expect(both.stdout).to.equal('')
    })

    it('row 105: the documented launch line gives the Destination the original builds', async () => {
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const r = await runCli(['console', 'launch', ...roleFlags('us-west-2'), '--destination', '/lambda/home#/functions', '-p'], {
        home: ctx.home,
        env: env(),
      })
      expect(r.code, r.stderr).to.equal(0)
      expect(destinationOf(r.stdout)).to.equal('https://us-west-2.console.aws.amazon.com/lambda/home?region=us-west-2#/functions')
    })

    it('row 117: console get-config-token prints byte for byte the token the original prints', async () => {
      const original = [
        [
          ['-u', START_URL, '--sso-region', SSO_REGION],
          'eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8vZC0wMDAwMDAwMDAwLmF3c2FwcHMuY29tL3N0YXJ0Iiwic3NvcmVnIjoidXMtZWFzdC0xIiwidXJsIjoiaHR0cHM6Ly9zaWduaW4uYXdzLmFtYXpvbi5jb20vZmVkZXJhdGlvbiIsImRzdCI6Imh0dHBzOi8vY29uc29sZS5hd3MuYW1hem9uLmNvbS8ifQ==',
        ],
        [
          [
            ...roleFlags('eu-west-1'),
            '--destination',
            'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions',
            '--override-region-in-destination',
            '--duration',
            '60',
          ],
          'eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8vZC0wMDAwMDAwMDAwLmF3c2FwcHMuY29tL3N0YXJ0Iiwic3NvcmVnIjoidXMtZWFzdC0xIiwidXJsIjoiaHR0cHM6Ly9ldS13ZXN0LTEuc2lnbmluLmF3cy5hbWF6b24uY29tL2ZlZGVyYXRpb24iLCJkc3QiOiJodHRwczovL2V1LXdlc3QtMS5jb25zb2xlLmF3cy5hbWF6b24uY29tL2xhbWJkYS9ob21lP3JlZ2lvbj1ldS13ZXN0LTEjL2Z1bmN0aW9ucyIsImFjYyI6IjEyMzQ1Njc4OTAxMiIsInJvbCI6Ik15TGVhc3RQcml2aWxlZ2VSb2xlIiwicmVnIjoiZXUtd2VzdC0xIiwiZHVyIjo2MH0=',
        ],
      ] as const
      for (const [args, token] of original) {
        const r = await runCli(['console', 'get-config-token', ...args], {home: ctx.home, env: env()})
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stdout).to.equal(`${token}\n`)
        expect(r.stderr).to.equal('')
      }

      const bad = await runCli(['console', 'get-config-token', '-u', START_URL, '--sso-region', SSO_REGION, '--duration', '10'], {home: ctx.home, env: env()})
      expect(bad.code).to.equal(2)
      expect(bad.stdout).to.equal('')
    })

    it("rows 118, 120: console launch-from-config opens the original's token, and a long-key token as its docs print one", async () => {
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      const short =
        'eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8vZC0wMDAwMDAwMDAwLmF3c2FwcHMuY29tL3N0YXJ0Iiwic3NvcmVnIjoidXMtZWFzdC0xIiwidXJsIjoiaHR0cHM6Ly9ldS13ZXN0LTEuc2lnbmluLmF3cy5hbWF6b24uY29tL2ZlZGVyYXRpb24iLCJkc3QiOiJodHRwczovL2V1LXdlc3QtMS5jb25zb2xlLmF3cy5hbWF6b24uY29tL2xhbWJkYS9ob21lP3JlZ2lvbj1ldS13ZXN0LTEjL2Z1bmN0aW9ucyIsImFjYyI6IjEyMzQ1Njc4OTAxMiIsInJvbCI6Ik15TGVhc3RQcml2aWxlZ2VSb2xlIiwicmVnIjoiZXUtd2VzdC0xIiwiZHVyIjo2MH0='
      // The docs' form: json.dumps with its default separators and long keys, standard base64.
      const long = Buffer.from(
        `{"version": "1", "sso_start_url": "${START_URL}", "sso_region": "${SSO_REGION}", "federation_endpoint": "https://signin.aws.amazon.com/federation", "destination": "https://console.aws.amazon.com/lambda/home#/functions/my-function?tab=code", "account_id": "${ACCOUNT_ID}", "role_name": "${ROLE_NAME}"}`,
      ).toString('base64')
      const expected: Array<[string, Record<string, string>]> = [
        [short, {destination: 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions', seconds: '3600'}],
        [long, {destination: 'https://console.aws.amazon.com/lambda/home#/functions/my-function?tab=code', seconds: '43200'}],
      ]
      for (const [token, page] of expected) {
        const r = await runCli(['console', 'launch-from-config', '--config-token', token, '--print'], {home: ctx.home, env: env()})
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stdout).to.match(FEDERATION_LOGIN(ctx.emu.url))
        expect(await redeem(r.stdout.trim())).to.include({account: ACCOUNT_ID, role: ROLE_NAME, ...page})
      }
    })
  })

  describe('bad input: one line, exit 2, nothing on stdout, no network', () => {
    const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
      [
        'a duration out of range',
        ['--profile', 'dev', '--duration', '10'],
        {},
        /^--duration 10 is out of range: give minutes from 15 to 720 \(12 hours\)\.\n$/,
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
        'a config token whose duration is out of range',
        ['--config-token', encodeConfigToken({startUrl: START_URL, ssoRegion: 'us-east-1', durationMinutes: 1000})],
        {},
        /^The session duration of 60000 seconds is out of range: it must be from 15 minutes to 12 hours\.\n$/,
      ],
      [
        '--logout-first from the env with --url-only',
        ['--profile', 'dev', '--url-only'],
        {AWS_CONSOLE_LOGOUT_FIRST: 'true'},
        /^Opening the logout page first needs a browser; unset AWS_CONSOLE_LOGOUT_FIRST, drop --url-only or add --open\.\n$/,
      ],
      [
        '--logout-first with --print',
        ['--profile', 'dev', '--print', '--logout-first'],
        {},
        /^Opening the logout page first needs a browser; drop --logout-first, drop --print or add --open\.\n$/,
      ],
      [
        'a sign-in endpoint that is not a URL',
        ['--profile', 'dev', '--url-only'],
        {AWS_ENDPOINT_URL_SIGNIN: 'nope'},
        /^AWS_ENDPOINT_URL_SIGNIN is not a URL: "nope"\./,
      ],
      ['an unknown profile', ['--profile', 'nope', '--url-only'], {}, /^Profile "nope" was not found in /],
      ['launch-from-config without a token', ['--profile', 'dev'], {}, /^Give the config token with --config-token \(or -t\)\.\n$/],
    ]
    for (const [what, args, extra, message] of cases) {
      it(what, async () => {
        const command = what.startsWith('launch-from-config') ? ['console', 'launch-from-config'] : ['console']
        const r = await runCli([...command, ...args], {home: ctx.home, env: env(extra)})
        expect(r.stderr).to.match(message)
        expect(r.code, r.stderr).to.equal(2)
        expect(r.stdout).to.equal('')
        expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
      })
    }
  })
})
