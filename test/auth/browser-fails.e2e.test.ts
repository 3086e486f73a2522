import {expect} from 'chai'
import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {cliEnv, runBin} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {start} from '../support/run.js'
import {emulatorEnv, legacyProfile, writeConfig} from '../support/sso.js'
import {fetchBrowser, lines, statsSince, waitFor} from './helpers.js'

const FALLBACK = /^The browser did not open the sign-in page \(.*\); open (\S+) in a browser on any device and check that the page shows the code (\S+)\.$/

// A BROWSER command that starts and then fails (a launcher that finds no browser, a script whose
// command is missing), with nobody at a terminal: credential-process run by an SDK.
describe('a BROWSER command that exits non-zero (compiled CLI, no terminal)', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome()

  /** A browser script that logs the URL it was given and exits with `status`. */
  function failingBrowser(status: number): string {
    const path = join(ctx.home, 'failing-browser')
    writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$1" >> "${join(ctx.home, 'failing-browser.log')}"\nexit ${status}\n`)
    chmodSync(path, 0o755)
    return path
  }

  function credentialProcess(browser: string) {
    return start(process.execPath, [runBin, 'credential-process', '--profile', 'my-sso-profile'], {
      env: cliEnv(ctx.home, {
        ...emulatorEnv(ctx.emu),
        BROWSER: browser,
        AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '60',
        TEST_BROWSER_LOG: join(ctx.home, 'fetch.log'),
      }),
      // A new session: no controlling terminal, so /dev/tty cannot be opened either.
      detached: true,
      timeoutMs: 90_000,
    })
  }

  it('prints the URL with the code once, keeps waiting, and finishes when approved', async () => {
    writeConfig(ctx.home, legacyProfile())
    const base = ctx.emu.stats()
    const running = credentialProcess(failingBrowser(3))
    try {
      await waitFor('the fallback line', () => lines(running.stderrSoFar()).some((l) => FALLBACK.test(l)), 30_000)
      const line = lines(running.stderrSoFar()).find((l) => FALLBACK.test(l))!
      const [, url, userCode] = FALLBACK.exec(line)!
      expect(line).to.equal(
        `The browser did not open the sign-in page (failing-browser exited with status 3); open ${url} in a browser on any device and check that the page shows the code ${userCode}.`,
      )
      expect(readFileSync(join(ctx.home, 'failing-browser.log'), 'utf8')).to.equal(`${url}\n`)

      // Still waiting within its window: approve through the emulator's admin API, as a user would in the browser.
      const approved = await fetch(`${ctx.emu.url}/_emulator/approve`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({userCode}),
      })
      expect(approved.status).to.equal(200)

      const r = await running.result
      expect(r.code, r.stderr).to.equal(0)
      expect(lines(r.stdout)).to.have.length(1)
      expect(JSON.parse(r.stdout)).to.include({Version: 1})
      expect(lines(r.stderr).filter((l) => l === line)).to.have.length(1)
      expect(lines(r.stderr).filter((l) => l.startsWith('The browser did not open'))).to.have.length(1)
    } finally {
      // On a failure above the login would wait out its window: end it (its own process group).
      try {
        if (running.child.exitCode === null && running.child.pid) process.kill(-running.child.pid, 'SIGKILL')
      } catch {}
    }

    const used = statsSince(ctx.emu, base)
    expect(used.StartDeviceAuthorization).to.equal(1)
    expect(used.GetRoleCredentials).to.equal(1)
  })

  it('a failing entry is followed by the next BROWSER entry; no fallback line when that one works', async () => {
    writeConfig(ctx.home, legacyProfile())
    const r = await credentialProcess(`${failingBrowser(1)}:${fetchBrowser}`).result
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).not.to.contain('The browser did not open')
    expect(lines(readFileSync(join(ctx.home, 'failing-browser.log'), 'utf8'))).to.have.length(1)
    expect(lines(readFileSync(join(ctx.home, 'fetch.log'), 'utf8'))).to.have.length(1)
  })
})
