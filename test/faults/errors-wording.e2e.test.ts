import type {AddressInfo} from 'node:net'

import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync, mkdirSync, readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {join} from 'node:path'

import {cliEnv, repoRoot, runBin, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {
  ACCOUNT_ID,
  emulatorEnv,
  issueToken,
  type IssuedToken,
  legacyProfile,
  ROLE_NAME,
  sessionProfile,
  SSO_REGION,
  START_URL,
  writeConfig,
  writeTokenFile,
} from '../support/sso.js'

/** The exit code and the one line a user gets for each of the mistakes and failures of the issue. */
describe('faults: error lines and exit codes', function () {
  this.timeout(60_000)
  const ctx = useEmulatorHome()

  const oneLine = (stderr: string) => {
    const lines = stderr.split('\n').filter(Boolean)
    expect(lines, stderr).to.have.length(1)
    return lines[0]
  }

  it('bad flags: one line naming the mistake, exit 2, nothing on stdout', async () => {
    writeConfig(ctx.home, legacyProfile())
    const cases: Array<[string[], string]> = [
      [['credential-process', '--bogus'], 'Nonexistent flag: --bogus'],
      [['login', '--bogus'], 'Nonexistent flag: --bogus'],
      [['logout', '--nope'], 'Nonexistent flag: --nope'],
      [['configure', 'populate', '--region'], 'Flag --region expects a value'],
    ]
    for (const [args, first] of cases) {
      const r = await runCli(args, {home: ctx.home})
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(oneLine(r.stderr)).to.equal(first)
    }

    const missing = await runCli(['configure', 'profile'], {home: ctx.home})
    expect(missing.code).to.equal(2)
    expect(oneLine(missing.stderr)).to.match(/^Missing 1 required arg: PROFILE_NAME /)
  })

  it('credential-process | true: a closed stdout exits quietly, no EPIPE stack', async () => {
    writeConfig(ctx.home, legacyProfile())
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    // First run fills the cache; the piped run then answers from it and writes into a closed pipe.
    expect((await runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: emulatorEnv(ctx.emu)})).code).to.equal(0)
    for (let i = 0; i < 3; i++) {
      const r = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" "${runBin}" credential-process --profile my-sso-profile | true; echo "status=\${PIPESTATUS[0]}" >&2`],
        {
          env: cliEnv(ctx.home, emulatorEnv(ctx.emu)),
          encoding: 'utf8',
        },
      )
      expect(r.stderr).to.match(/^status=(0|141)\n$/)
    }
  })

  it("logout with no network: exit 5 (the README's no-network code), nothing on stdout, local files removed", async () => {
    writeConfig(ctx.home, legacyProfile())
    const token = writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    const r = await runCli(['logout'], {home: ctx.home, env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9'}})
    expect(r.code).to.equal(5)
    expect(r.stdout).to.equal('')
    const lines = r.stderr.trim().split('\n')
    expect(lines[0]).to.match(
      /^Could not end the session for https:\/\/d-0000000000\.awsapps\.com\/start on the server: Could not reach http:\/\/127\.0\.0\.1:9 for Logout \(ECONNREFUSED\)\./,
    )
    expect(lines, 'one line (F15)').to.have.length(1)
    expect(lines[0])
      .to.contain(' Logged out of ')
      .and.to.match(/; the session on the server ends when the token expires\.$/)
    expect(() => readFileSync(token)).to.throw()
  })

  it('AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS=3000000 is exit 2 with one line and no Node timer warning', async () => {
    writeConfig(ctx.home, legacyProfile())
    const r = await runCli(['login', '--profile', 'my-sso-profile', '--no-browser'], {
      home: ctx.home,
      env: {...emulatorEnv(ctx.emu), AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '3000000'},
    })
    expect(r.code).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS must be a number of seconds from 1 to 3600 (it is "3000000").\n')
    expect(ctx.emu.stats()).to.deep.equal({})
  })

  it('credential-process --force-refresh with the network down says the network is down (exit 5), not "Login required"', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true})
    const r = await runCli(['credential-process', '--profile', 'dev', '--force-refresh'], {
      home: ctx.home,
      env: {AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9'},
    })
    expect(r.code).to.equal(5)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.match(/^Could not reach http:\/\/127\.0\.0\.1:9 for IAM Identity Center CreateToken \(refresh\) \(ECONNREFUSED\)\. .+\n$/)
  })

  it('a malformed endpoint URL is a configuration error (exit 2), not an AWS service error', async () => {
    writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true, expiresInSeconds: 30})
    const oidc = await runCli(['credential-process', '--profile', 'dev'], {
      home: ctx.home,
      env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SSO_OIDC: 'htp:/oidc example'},
    })
    expect(oidc.code).to.equal(2)
    expect(oidc.stdout).to.equal('')
    expect(oidc.stderr).to.equal('AWS_ENDPOINT_URL_SSO_OIDC is not a valid endpoint URL; it looks like https://host[:port]. Fix or unset it.\n')
    writeTokenFile(ctx.home, 'my-sso', await issueToken(ctx.emu, {scopes: ['sso:account:access']}), {session: true})
    const portal = await runCli(['credential-process', '--profile', 'dev'], {home: ctx.home, env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SSO: 'not a url'}})
    expect(portal.code).to.equal(2)
    expect(portal.stderr).to.equal('AWS_ENDPOINT_URL_SSO is not a valid endpoint URL; it looks like https://host[:port]. Fix or unset it.\n')
  })

  it('an unreadable token file is named as such (exit 5), not "Login required"', async function () {
    writeConfig(ctx.home, legacyProfile())
    const path = writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    const asRoot = process.getuid?.() === 0
    // As root the check runs as `nobody`, who must be able to run this node and this checkout (a
    // node unpacked, or a repository cloned, in a private temporary directory is out of reach).
    if (asRoot && spawnSync(process.execPath, [runBin, '--version'], {uid: 65_534, gid: 65_534, cwd: repoRoot}).status !== 0) this.skip()
    if (asRoot) {
      // Root reads everything: run the CLI as nobody, who owns the ctx.home but not the token file.
      mkdirSync(join(ctx.home, '.aws', 'sso', 'aws-sso-util-locks'), {recursive: true})
      for (const dir of [
        ctx.home,
        join(ctx.home, '.aws'),
        join(ctx.home, '.aws', 'sso'),
        join(ctx.home, '.aws', 'sso', 'cache'),
        join(ctx.home, '.aws', 'sso', 'aws-sso-util-locks'),
      ]) {
        chownSync(dir, 65_534, 65_534)
        chmodSync(dir, 0o755)
      }

      chownSync(join(ctx.home, '.aws', 'config'), 65_534, 65_534)
    } else {
      chmodSync(path, 0o000)
    }

    const r = spawnSync(process.execPath, [runBin, 'credential-process', '--profile', 'my-sso-profile', '--no-login'], {
      env: cliEnv(ctx.home, emulatorEnv(ctx.emu)),
      encoding: 'utf8',
      cwd: repoRoot,
      ...(asRoot ? {uid: 65_534, gid: 65_534} : {}),
    })
    expect(r.status, r.stderr).to.equal(5)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(`Cannot read the token file ${path}: permission denied. Make it yours with mode 600, or remove it and log in again.\n`)
  })

  it('a start URL with user:password@ is refused with exit 2 and never echoed', async () => {
    const secret = 'hunter2-secret'
    const url = `https://alice:${secret}@d-0000000000.awsapps.com/start`
    const runs = [
      await runCli(['credential-process', '--sso-start-url', url, '--sso-region', SSO_REGION, '--account-id', ACCOUNT_ID, '--role-name', ROLE_NAME], {
        home: ctx.home,
      }),
      await runCli(['login', url, SSO_REGION], {home: ctx.home}),
      // Not a URL at all, but one is inside it: still never echoed.
      await runCli(['login', `see ${url}`, SSO_REGION], {home: ctx.home}),
    ]
    writeConfig(ctx.home, legacyProfile().replace(START_URL, url))
    runs.push(await runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home}))
    for (const r of runs) {
      expect(r.code, r.stderr).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(
        'The start URL must not contain a user name or password (remove the part up to the @). For example https://d-1234567890.awsapps.com/start.\n',
      )
      expect(r.stderr).to.not.contain(secret)
    }
  })

  describe('server text', () => {
    let echo: Server
    let echoUrl: string

    before(async () => {
      // An OIDC endpoint whose error echoes the request body back, escape sequences included.
      echo = createServer((req, res) => {
        let body = ''
        req.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8')
        })
        req.on('end', () => {
          res.writeHead(400, {'Content-Type': 'application/json', 'x-amzn-ErrorType': 'InvalidRequestException'})
          res.end(JSON.stringify({error: 'invalid_request', error_description: `\u001B[31mMalformed request\u001B[0m\u0007: ${body}`}))
        })
      })
      await new Promise<void>((resolve) => {
        echo.listen(0, '127.0.0.1', resolve)
      })
      echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`
    })

    after(async () => {
      await new Promise<void>((resolve) => {
        echo.close(() => resolve())
      })
    })

    it('an OIDC error that echoes the request body prints neither the refresh token nor the client secret, nor escapes', async () => {
      writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
      const token: IssuedToken = await issueToken(ctx.emu, {scopes: ['sso:account:access']})
      writeTokenFile(ctx.home, 'my-sso', token, {session: true, expiresInSeconds: 30})
      const r = await runCli(['credential-process', '--profile', 'dev', '--debug'], {
        home: ctx.home,
        env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SSO_OIDC: echoUrl, BROWSER: undefined, DISPLAY: undefined},
      })
      expect(r.code).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.match(
        /^Could not refresh the IAM Identity Center token \(IAM Identity Center CreateToken \(refresh\) failed: InvalidRequestException: Malformed request ?: .*"refreshToken":"\*\*\*/m,
      )
      const log = readFileSync(join(ctx.home, '.aws', 'sso', 'aws-sso-util credential-process-log.txt'), 'utf8')
      for (const secret of [token.refreshToken!, token.clientSecret]) {
        for (const text of [r.stderr, log]) {
          expect(text).to.not.contain(secret)
          expect(text).to.not.contain(secret.slice(0, -4))
        }
      }

      // Only the escape characters of our own --debug stack may appear; the server's are gone.
      const ours = r.stderr
        .split('\n')
        .filter((l) => !/^\s+at /.test(l))
        .join('\n')
      // eslint-disable-next-line no-control-regex
      expect(ours).to.not.match(/[\u0000-\u0008\u000B-\u001F\u007F]/)
    })

    it("the PKCE callback's error text loses its escape sequences before it is printed", async () => {
      writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
      const r = await runCli(['login', '--profile', 'dev'], {
        home: ctx.home,
        env: {...emulatorEnv(ctx.emu), BROWSER: join(repoRoot, 'test', 'faults', 'browser-error.mjs'), AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '30'},
      })
      expect(r.code).to.equal(3)
      expect(r.stdout).to.equal('')
      const last = r.stderr.trim().split('\n').at(-1)!
      expect(last).to.match(/^The login request was denied \(.*server_error.*: bad.*thing happened\)\. Run `aws-sso-util login --profile dev` to try again\.$/)
      // eslint-disable-next-line no-control-regex
      expect(r.stderr).to.not.match(/[\u0000-\u0008\u000B-\u001F\u007F]/)
    })
  })
})
