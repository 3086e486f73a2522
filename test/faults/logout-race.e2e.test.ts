import {expect} from 'chai'
import {existsSync} from 'node:fs'

import {startCli, waitFor} from '../auth/helpers.js'
import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, legacyProfile, roleCredentialsFile, sessionProfile, START_URL, tokenFile, writeConfig, writeTokenFile} from '../support/sso.js'

/**
 * A credential fetch in flight when the user logs out must not leave credentials behind: the next
 * `--no-login` call would serve them as if the user were still logged in.
 */
describe('faults: logout while a credential fetch is in flight', function () {
  this.timeout(60_000)
  const ctx = useEmulatorHome()

  for (const [kind, config, cacheId, sessionName, logoutArgs] of [
    ['legacy profile, logout --profile', legacyProfile(), START_URL, undefined, ['--profile', 'my-sso-profile']],
    ['sso-session profile, logout --all', sessionProfile('my-sso-profile', 'my-sso'), 'my-sso', 'my-sso', ['--all']],
  ] as const) {
    it(`${kind}: nothing the racing fetch fetched stays cached, and --no-login then asks for a login`, async () => {
      writeConfig(ctx.home, config)
      writeTokenFile(ctx.home, cacheId, await issueToken(ctx.emu), {session: sessionName !== undefined})
      const env = emulatorEnv(ctx.emu)
      // GetRoleCredentials answers after 3 s: long enough for a whole logout to run meanwhile. The
      // server-side Logout fails (a refused request, as a proxy might answer), so the session stays valid and the
      // racing fetch really gets credentials; the local files must go all the same.
      ctx.emu.setFault({operation: 'GetRoleCredentials', delayMs: 3000})
      ctx.emu.setFault({operation: 'Logout', status: 400})
      const fetch = startCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env})
      await waitFor('GetRoleCredentials to be in flight', () => (ctx.emu.stats().GetRoleCredentials ?? 0) >= 1)
      const logout = await runCli(['logout', ...logoutArgs], {home: ctx.home, env})
      expect(logout.stderr).to.match(/^Could not end the session for .* on the server: /)
      expect(existsSync(tokenFile(ctx.home, cacheId)), 'token file after logout').to.equal(false)

      const fetched = await fetch.result
      expect(fetched.code, fetched.stderr).to.equal(0) // the caller asked before the logout and gets its answer
      expect(existsSync(roleCredentialsFile(ctx.home, sessionName)), 'role credentials cached after logout').to.equal(false)
      expect(existsSync(tokenFile(ctx.home, cacheId))).to.equal(false)

      const next = await runCli(['credential-process', '--profile', 'my-sso-profile', '--no-login'], {home: ctx.home, env})
      expect(next.stdout).to.equal('')
      expect(next.code).to.equal(1)
      expect(next.stderr).to.match(/^Login required\. Run `aws-sso-util login --profile my-sso-profile` and try again\.\n$/)
    })
  }
})
