import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {startCli, waitFor} from '../auth/helpers.js'
import {makeFixture} from '../emulator/server.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, legacyProfile, SSO_REGION, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {silentServer, type StallServer} from './stall-servers.js'

/**
 * SIGINT and SIGTERM in every command: exit 130 / 143, one line on stderr, no lock and no
 * temporary file left, and nothing written that the user did not get to confirm.
 */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(path))
    else out.push(path)
  }

  return out
}

const leftovers = (home: string) => walk(join(home, '.aws')).filter((p) => p.endsWith('.lock') || p.endsWith('.tmp') || p.endsWith('.break'))

describe('faults: signals', function () {
  this.timeout(90_000)
  const ctx = useEmulatorHome({emulator: {fixture: makeFixture({accounts: 6, rolesPerAccount: 2})}})
  let stall: StallServer | undefined

  afterEach(async () => {
    await stall?.close()
    stall = undefined
  })

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`credential-process waiting on a hung portal: ${signal} → exit ${code}, one line, its lock removed`, async () => {
      writeConfig(ctx.home, legacyProfile())
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      stall = await silentServer()
      const run = startCli(['credential-process', '--profile', 'my-sso-profile'], {
        home: ctx.home,
        env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SSO: stall.url},
      })
      await waitFor('the request to reach the hung portal', () => stall!.connections() > 0)
      expect(leftovers(ctx.home)).to.have.length(1)
      run.child.kill(signal)
      const r = await run.result
      expect(r.signal).to.equal(null)
      expect(r.code).to.equal(code)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal('Interrupted.\n')
      expect(leftovers(ctx.home)).to.deep.equal([])
    })
  }

  it('logout while the server-side Logout hangs: SIGINT → exit 130, one line, nothing on stdout', async () => {
    writeConfig(ctx.home, legacyProfile())
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    stall = await silentServer()
    const run = startCli(['logout'], {home: ctx.home, env: {...emulatorEnv(ctx.emu), AWS_ENDPOINT_URL_SSO: stall.url}})
    await waitFor('the Logout request', () => stall!.connections() > 0)
    run.child.kill('SIGINT')
    const r = await run.result
    expect(r.code).to.equal(130)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('Interrupted.\n')
    expect(leftovers(ctx.home)).to.deep.equal([])
  })

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`configure populate with its last portal calls in flight: ${signal} → exit ${code}, one line, the config file untouched`, async () => {
      const config = writeConfig(ctx.home, '# mine\n[profile keep]\nregion = eu-west-1\n')
      const before = readFileSync(config)
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
      // Every role listing takes 3 s: the signal arrives while they are all in flight.
      ctx.emu.setFault({operation: 'ListAccountRoles', delayMs: 3000, count: 100})
      const run = startCli(['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '-r', 'us-east-1'], {
        home: ctx.home,
        env: emulatorEnv(ctx.emu),
      })
      await waitFor('the role listings to start', () => (ctx.emu.stats().ListAccountRoles ?? 0) >= 6)
      run.child.kill(signal)
      const r = await run.result
      expect(r.code, r.stderr).to.equal(code)
      expect(r.stdout).to.equal('')
      expect(r.stderr.trim().split('\n').at(-1)).to.equal('Interrupted; the config file was not changed.')
      expect(r.stderr).to.not.contain('Wrote')
      expect(readFileSync(config).equals(before)).to.equal(true)
      expect(leftovers(ctx.home)).to.deep.equal([])
      expect(readdirSync(join(ctx.home, '.aws')).filter((n) => n.startsWith('.'))).to.deep.equal([])
    })
  }

  it('login waiting for approval: SIGTERM → exit 143, one line, no lock, no token', async () => {
    writeConfig(ctx.home, legacyProfile())
    const run = startCli(['login', '--profile', 'my-sso-profile', '--no-browser'], {home: ctx.home, env: emulatorEnv(ctx.emu)})
    await waitFor('the login to wait for approval', () => run.stderrSoFar().includes('Waiting for the login'))
    run.child.kill('SIGTERM')
    const r = await run.result
    expect(r.code).to.equal(143)
    expect(r.stdout).to.equal('')
    expect(r.stderr.trim().split('\n').at(-1)).to.equal('Login interrupted.')
    expect(leftovers(ctx.home)).to.deep.equal([])
    expect(walk(join(ctx.home, '.aws', 'sso', 'cache')).filter((p) => JSON.parse(readFileSync(p, 'utf8')).accessToken)).to.deep.equal([])
  })
})
