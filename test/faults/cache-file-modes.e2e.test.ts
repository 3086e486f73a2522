import {expect} from 'chai'
import {chmodSync, chownSync, mkdirSync, statSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'

import {runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {emulatorEnv, issueToken, legacyProfile, roleCredentialsFile, START_URL, writeTokenFile} from '../support/sso.js'

const modeOf = (path: string) => statSync(path).mode & 0o777

/**
 * Token and credential files are secrets. One another tool left readable by everyone is tightened
 * as soon as we read it, and credentials in a directory others can write to (or that another user
 * owns) could be planted, so they are never served without saying so.
 */
describe('faults: modes of cache files and directories', function () {
  this.timeout(60_000)
  const ctx = useEmulatorHome({config: legacyProfile()})

  const credsPath = () => roleCredentialsFile(ctx.home)
  const run = () => runCli(['credential-process', '--profile', 'my-sso-profile'], {home: ctx.home, env: emulatorEnv(ctx.emu)})

  function writeFreshCreds(mode: number): string {
    const path = credsPath()
    mkdirSync(dirname(path), {recursive: true, mode: 0o700})
    const creds = {AccessKeyId: 'ASIAPLANTEDPLANTED00', SecretAccessKey: 's', SessionToken: 't', Expiration: '2099-01-01T00:00:00Z'}
    writeFileSync(path, JSON.stringify({ProviderType: 'sso', Credentials: creds}))
    chmodSync(path, mode)
    return path
  }

  it('a 0644 token file is 0600 after a cache miss read it; the new credentials file is 0600', async () => {
    const token = writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    chmodSync(token, 0o644)
    expect(modeOf(token)).to.equal(0o644)
    const r = await run()
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.equal('')
    expect(modeOf(token)).to.equal(0o600)
    expect(modeOf(credsPath())).to.equal(0o600)
  })

  it('a 0644 credentials file served from the cache (the warm path) is 0600 afterwards', async () => {
    const path = writeFreshCreds(0o644)
    const r = await run()
    expect(r.code, r.stderr).to.equal(0)
    expect(JSON.parse(r.stdout).AccessKeyId).to.equal('ASIAPLANTEDPLANTED00')
    expect(r.stderr).to.equal('')
    expect(modeOf(path)).to.equal(0o600)
    expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
  })

  it('credentials in a world-writable cache directory are served with a warning naming the fix', async () => {
    const path = writeFreshCreds(0o600)
    const dir = dirname(path)
    chmodSync(dir, 0o777)
    const r = await run()
    expect(r.code, r.stderr).to.equal(0)
    expect(JSON.parse(r.stdout).AccessKeyId).to.equal('ASIAPLANTEDPLANTED00')
    expect(r.stderr).to.equal(
      `Warning: the credential cache ${dir} is writable by other users, so these credentials could have been planted; run \`chmod 700 ${dir}\`.\n`,
    )
    expect(modeOf(dir)).to.equal(0o777) // a warning, not a silent repair of someone's directory
  })

  it('credentials in a cache directory owned by another user are served with a warning', async function () {
    if (process.getuid?.() !== 0) this.skip() // only root can hand a directory to another user
    const path = writeFreshCreds(0o600)
    const dir = dirname(path)
    chownSync(dir, 4242, 4242)
    const r = await run()
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.not.equal('')
    expect(r.stderr).to.equal(
      `Warning: the credential cache ${dir} is owned by another user (uid 4242), so these credentials could have been planted; check it and run \`chown\` to take it back.\n`,
    )
  })
})
