import {expect} from 'chai'
import {join} from 'node:path'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {readJson, START_URL, tokenFile, writeConfig} from '../support/sso.js'
import {browserUrls, legacyConfig, lines, listDir, loginEnv, sessionConfig} from './helpers.js'

const WAITING = (what: string) => `Another aws-sso-util process is logging in to ${what}; waiting for it to finish.`

describe('login: single flight across processes', function () {
  this.timeout(90_000)
  const ctx = useEmulatorHome()

  // The browser takes 3 s to "click", so all five processes are running before the first login ends.
  const cases = [
    {flow: 'PKCE', config: sessionConfig('my-sso', START_URL, 'dev'), id: 'my-sso', first: 'Authorize', what: `sso-session my-sso (${START_URL}, us-east-1)`},
    {flow: 'device code', config: legacyConfig('dev', START_URL), id: START_URL, first: 'StartDeviceAuthorization', what: `${START_URL} (us-east-1)`},
  ]
  for (const c of cases) {
    it(`${c.flow}: five concurrent logins make one login and open one browser tab`, async () => {
      writeConfig(ctx.home, c.config)
      const runs = await Promise.all(
        Array.from({length: 5}, () => runCli(['login', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home, {delayMs: 3000})})),
      )
      for (const r of runs) expect(r.code, r.stderr).to.equal(0)
      expect(ctx.emu.stats()[c.first]).to.equal(1)
      expect(ctx.emu.stats().RegisterClient).to.equal(1)
      expect(browserUrls(ctx.home)).to.have.length(1)

      const token = readJson(tokenFile(ctx.home, c.id))
      for (const r of runs) expect(r.stdout).to.match(/^Login succeeded, valid until .*\n$/)
      // One process logged in; the four others said once that they were waiting, and nothing else.
      const waiters = runs.filter((r) => r.stderr.includes('waiting for it'))
      expect(waiters).to.have.length(4)
      for (const r of waiters) expect(lines(r.stderr)).to.deep.equal([WAITING(c.what)])
      expect(token.accessToken).to.be.a('string')
      expect(listDir(join(ctx.home, '.aws', 'sso', 'aws-sso-util-locks'))).to.deep.equal([])
    })
  }
})
