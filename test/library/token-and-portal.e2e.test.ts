import {expect} from 'chai'
import {existsSync, readFileSync} from 'node:fs'

import {type Emulator, makeFixture} from '../emulator/server.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {issueToken, legacyProfile, sessionProfile, START_URL, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'
import {runSnippet} from './helpers.js'

const approveHook = (emu: Emulator) =>
  `async ({userCode}) => { const r = await fetch(${JSON.stringify(`${emu.url}/_emulator/approve`)}, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({userCode})}); if (!r.ok) throw new Error('approve failed') }`

describe('library: tokens and the portal', () => {
  const ctx = useEmulatorHome({reset: {fixture: true}})

  describe('listAccounts and listRoles', () => {
    const fixture = makeFixture({accounts: 250, rolesPerAccount: 3})

    beforeEach(async () => {
      ctx.emu.setFixture(fixture)
      writeConfig(ctx.home, legacyProfile())
      writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    })

    it('listAccounts yields every account, page by page, and retries throttled pages', async () => {
      ctx.emu.setFault({operation: 'ListAccounts', status: 429, count: 2})
      const out = (await runSnippet(
        ctx.home,
        ctx.emu,
        `const ids = []\nfor await (const a of lib.listAccounts({profile: 'my-sso-profile'})) ids.push(a.accountId + ' ' + a.accountName)\nout(ids)`,
      )) as string[]
      expect(out).to.deep.equal(fixture.accounts.map((a) => `${a.accountId} ${a.accountName}`))
      // 3 pages of at most 100, plus the 2 throttled attempts.
      expect(ctx.emu.stats().ListAccounts).to.equal(5)
    })

    it('listRoles yields the roles of one account, or of every account with its name', async () => {
      const out = (await runSnippet(
        ctx.home,
        ctx.emu,
        `const one = []\nfor await (const r of lib.listRoles({profile: 'my-sso-profile', accountId: ${JSON.stringify(fixture.accounts[7].accountId)}})) one.push(r)\n` +
          `let all = 0\nlet last\nfor await (const r of lib.listRoles({profile: 'my-sso-profile'})) { all++; last = r }\nout({one, all, last})`,
      )) as {one: unknown[]; all: number; last: unknown}
      expect(out.one).to.deep.equal(fixture.accounts[7].roles.map((roleName) => ({accountId: fixture.accounts[7].accountId, roleName})))
      expect(out.all).to.equal(250 * 3)
      const lastAccount = fixture.accounts.at(-1)!
      expect(out.last).to.deep.equal({accountId: lastAccount.accountId, accountName: lastAccount.accountName, roleName: lastAccount.roles.at(-1)})
    })

    it('listRoles over every account asks `concurrency` accounts at a time, keeps the portal order when early calls are slow, reports progress, and asks only `accountIds`', async () => {
      // The first three ListAccountRoles calls answer last.
      for (let i = 0; i < 3; i++) ctx.emu.setFault({operation: 'ListAccountRoles', status: 0, delayMs: 400})
      const wanted = [fixture.accounts[3].accountId, fixture.accounts[200].accountId]
      const out = (await runSnippet(
        ctx.home,
        ctx.emu,
        `const ids = []\nconst progress = []\n` +
          `for await (const r of lib.listRoles({profile: 'my-sso-profile', concurrency: 16, onProgress: (d, t) => progress.push([d, t])})) ids.push(r.accountId + '/' + r.roleName)\n` +
          `const some = []\nfor await (const r of lib.listRoles({profile: 'my-sso-profile', accountIds: ${JSON.stringify(wanted)}})) some.push(r)\n` +
          `out({ids, first: progress[0], last: progress.at(-1), count: progress.length, some})`,
      )) as {ids: string[]; first: number[]; last: number[]; count: number; some: unknown[]}
      const rolesOf = (a: (typeof fixture.accounts)[number]) => a.roles.map((roleName) => ({accountId: a.accountId, accountName: a.accountName, roleName}))
      expect(out.ids).to.deep.equal(fixture.accounts.flatMap((a) => rolesOf(a)).map((r) => `${r.accountId}/${r.roleName}`))
      expect(out).to.deep.include({first: [1, 250], last: [250, 250], count: 250})
      expect(out.some).to.deep.equal([...rolesOf(fixture.accounts[3]), ...rolesOf(fixture.accounts[200])])
      expect(ctx.emu.stats().ListAccountRoles).to.equal(250 + 2)
    })

    it('listRoles refuses a concurrency that is not a positive integer, and a malformed account id, with ConfigError (exit 2) before any call', async () => {
      const before = ctx.emu.stats().ListAccounts ?? 0
      const out = (await runSnippet(
        ctx.home,
        ctx.emu,
        `const errors = []\nfor (const o of [{concurrency: 0}, {concurrency: 1.5}, {accountIds: ['12345']}]) {\n` +
          `  try { for await (const r of lib.listRoles({profile: 'my-sso-profile', ...o})) {} } catch (e) { errors.push([e.name, e.exitCode]) }\n}\nout(errors)`,
      )) as unknown[]
      expect(out).to.deep.equal([
        ['ConfigError', 2],
        ['ConfigError', 2],
        ['ConfigError', 2],
      ])
      expect(ctx.emu.stats().ListAccounts ?? 0).to.equal(before)
    })

    it('a cached token the portal rejects (revoked): noLogin fails with LoginRequiredError, onLogin logs in once and the listing completes', async () => {
      ctx.emu.revokeAll()
      const logins = ctx.emu.stats().StartDeviceAuthorization
      const refused = (await runSnippet(
        ctx.home,
        ctx.emu,
        `for await (const a of lib.listAccounts({profile: 'my-sso-profile', noLogin: true})) {}\nout('listed')`,
      )) as {
        error: Record<string, unknown>
      }
      expect(refused.error).to.deep.include({name: 'LoginRequiredError', exitCode: 1, isAppError: true})
      const out = (await runSnippet(
        ctx.home,
        ctx.emu,
        `let n = 0\nfor await (const a of lib.listAccounts({profile: 'my-sso-profile', onLogin: ${approveHook(ctx.emu)}})) n++\nout(n)`,
      )) as number
      expect(out).to.equal(250)
      expect(ctx.emu.stats().StartDeviceAuthorization - logins).to.equal(1)
    })
  })

  describe('getToken, login and logout', () => {
    beforeEach(() => {
      writeConfig(ctx.home, sessionProfile('dev', 'my-sso'))
    })

    it('logged out: getToken with noLogin fails; login with onLogin caches a token that getToken then returns; logout removes it', async () => {
      const before = (await runSnippet(ctx.home, ctx.emu, `out(await lib.getToken({profile: 'dev', noLogin: true}))`)) as {error: Record<string, unknown>}
      expect(before.error).to.deep.include({name: 'LoginRequiredError', exitCode: 1})
      expect(before.error.message).to.contain('aws-sso-util login --profile dev')

      const login = (await runSnippet(
        ctx.home,
        ctx.emu,
        `const t = await lib.login({ssoSession: 'my-sso', onLogin: ${approveHook(ctx.emu)}})\nout({...t, expiresAt: t.expiresAt.toISOString()})`,
      )) as {
        accessToken: string
        expiresAt: string
        instance: Record<string, string>
      }
      expect(login.instance).to.deep.equal({startUrl: START_URL, region: 'us-east-1', sessionName: 'my-sso'})
      expect(Date.parse(login.expiresAt)).to.be.greaterThan(Date.now() + 15 * 60 * 1000)
      const file = tokenFile(ctx.home, 'my-sso')
      expect(JSON.parse(readFileSync(file, 'utf8')).accessToken).to.equal(login.accessToken)

      const cached = (await runSnippet(ctx.home, ctx.emu, `out((await lib.getToken({profile: 'dev', noLogin: true})).accessToken)`)) as string
      expect(cached).to.equal(login.accessToken)
      expect(ctx.emu.stats().CreateToken).to.equal(1)

      const logout = (await runSnippet(ctx.home, ctx.emu, `out(await lib.logout({profile: 'dev'}))`)) as Record<string, unknown>
      expect(logout).to.deep.include({tokenFiles: [file], failures: []})
      expect(existsSync(file)).to.equal(false)
      expect(ctx.emu.stats().Logout).to.equal(1)
    })

    it('a profile that is not there: ConfigError with exit code 2', async () => {
      const out = (await runSnippet(ctx.home, ctx.emu, `out(await lib.getToken({profile: 'nope'}))`)) as {error: Record<string, unknown>}
      expect(out.error).to.deep.include({name: 'ConfigError', exitCode: 2, isAppError: true})
      expect(out.error.message).to.contain('Profile "nope" was not found')
    })
  })
})
