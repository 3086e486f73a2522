import {expect} from 'chai'
import {join} from 'node:path'

import {type Emulator, startEmulator} from '../emulator/server.js'
import {makeTempDir, removeDir, runCli} from '../support/cli.js'
import {readJson, START_URL, tokenFile, writeConfig} from '../support/sso.js'
import {browserUrls, legacyConfig, lines, listDir, loginEnv, sessionConfig} from './helpers.js'

const WAITING = (what: string) => `Another aws-sso-util process is logging in to ${what}; waiting for it to finish.`

describe('login: single flight across processes', function () {
  this.timeout(90_000)
  let emu: Emulator
  let home: string

  before(async () => {
    emu = await startEmulator({port: 0})
  })

  after(async () => {
    await emu.close()
  })

  beforeEach(() => {
    emu.reset()
    home = makeTempDir()
  })

  afterEach(() => removeDir(home))

  // The browser takes 3 s to "click", so all five processes are running before the first login ends.
  const cases = [
    {flow: 'PKCE', config: sessionConfig('my-sso', START_URL, 'dev'), id: 'my-sso', first: 'Authorize', what: `sso-session my-sso (${START_URL}, us-east-1)`},
    {flow: 'device code', config: legacyConfig('dev', START_URL), id: START_URL, first: 'StartDeviceAuthorization', what: `${START_URL} (us-east-1)`},
  ]
  for (const c of cases) {
    it(`${c.flow}: five concurrent logins make one login and open one browser tab`, async () => {
      writeConfig(home, c.config)
      const runs = await Promise.all(
        Array.from({length: 5}, () => runCli(['login', '--profile', 'dev'], {home, env: loginEnv(emu, home, {delayMs: 3000})})),
      )
      for (const r of runs) expect(r.code, r.stderr).to.equal(0)
      expect(emu.stats()[c.first]).to.equal(1)
      expect(emu.stats().RegisterClient).to.equal(1)
      expect(browserUrls(home)).to.have.length(1)

      const token = readJson(tokenFile(home, c.id))
      for (const r of runs) expect(r.stdout).to.match(/^Login succeeded, valid until .*\n$/)
      // One process logged in; the four others said once that they were waiting, and nothing else.
      const waiters = runs.filter((r) => r.stderr.includes('waiting for it'))
      expect(waiters).to.have.length(4)
      for (const r of waiters) expect(lines(r.stderr)).to.deep.equal([WAITING(c.what)])
      expect(token.accessToken).to.be.a('string')
      expect(listDir(join(home, '.aws', 'sso', 'aws-sso-util-locks'))).to.deep.equal([])
    })
  }
})
