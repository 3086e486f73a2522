import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {useEmulatorHome} from '../support/fixtures.js'
import {issueToken, legacyProfile, START_URL, writeTokenFile} from '../support/sso.js'
import {describeCli, everydayCli} from './support.js'

/**
 * `export --format credentials-file` goes through the guarded writer the config file uses, so
 * each of configure's write rules holds for the credentials file too.
 */
describe('export --format credentials-file: the write guards of the config file (compiled CLI against the emulator)', function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({config: legacyProfile('p')})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const exportTo = (file: string) =>
    cli(['export', '--profile', 'p', '-f', 'credentials-file', '--credentials-profile', 'static-p'], {
      env: {AWS_SHARED_CREDENTIALS_FILE: file},
      timeoutMs: 20_000,
    })
  const refusal = (file: string, kind: string) =>
    `The shared credentials file ${file} is ${kind}, not a regular file; nothing was written. Point AWS_SHARED_CREDENTIALS_FILE at a regular file.\n`
  const section = /^\[static-p\]\naws_access_key_id = ASIA[A-Z0-9]{16}\naws_secret_access_key = [\w+/=]{40}\naws_session_token = \S+\n$/

  beforeEach(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  it('EP-08: a character device (AWS_SHARED_CREDENTIALS_FILE=/dev/null-like) is refused and stays a device; nothing is fetched', async function () {
    if (process.getuid?.() !== 0) this.skip()
    const device = join(ctx.home, 'nulldev')
    execFileSync('mknod', [device, 'c', '1', '3'])
    const r = await exportTo(device)
    expect(r.code, describeCli(r)).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(refusal(device, 'a character device'))
    expect(statSync(device).isCharacterDevice()).to.equal(true)
    expect(ctx.emu.stats().GetRoleCredentials ?? 0).to.equal(0)
  })

  it('EP-09: a FIFO with no writer is refused at once instead of blocking for ever', async () => {
    const fifo = join(ctx.home, 'fifo')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    const r = await exportTo(fifo)
    expect(r.code, describeCli(r)).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(refusal(fifo, 'a FIFO'))
    expect(Date.now() - started).to.be.below(15_000)
    expect(lstatSync(fifo).isFIFO()).to.equal(true)
  })

  it('EP-07: a symlinked credentials file (dotfiles) stays a link and its target gets the section', async () => {
    const dotfiles = join(ctx.home, 'dotfiles')
    mkdirSync(dotfiles)
    writeFileSync(join(dotfiles, 'credentials'), '# mine\n[other]\nx = 1\n', {mode: 0o600})
    mkdirSync(join(ctx.home, '.aws'), {recursive: true})
    const link = join(ctx.home, '.aws', 'credentials')
    symlinkSync('../dotfiles/credentials', link)
    const r = await exportTo(link)
    expect(r.code, describeCli(r)).to.equal(0)
    expect(lstatSync(link).isSymbolicLink()).to.equal(true)
    expect(readlinkSync(link)).to.equal('../dotfiles/credentials')
    const text = readFileSync(join(dotfiles, 'credentials'), 'utf8')
    expect(text.startsWith('# mine\n[other]\nx = 1\n\n')).to.equal(true)
    expect(text.slice('# mine\n[other]\nx = 1\n\n'.length)).to.match(section)
    expect(readdirSync(dotfiles)).to.deep.equal(['credentials'])
  })

  it('EP-05: a byte that is not UTF-8 (Latin-1 é) is never replaced: exit 2, one line, the file byte for byte as it was', async () => {
    const file = join(ctx.home, 'latin1-credentials')
    const bytes = Buffer.from('# caf\u00E9 (latin-1)\n[x]\nk = v\n', 'latin1')
    writeFileSync(file, bytes, {mode: 0o600})
    const r = await exportTo(file)
    expect(r.code, describeCli(r)).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(`The shared credentials file ${file} is not valid UTF-8; fix or convert it before writing to it.\n`)
    expect(readFileSync(file).equals(bytes)).to.equal(true)
  })

  it('EP-11: a file of another user, rewritten by root (sudo -E), keeps its owner and group, and is 0600', async function () {
    if (process.getuid?.() !== 0) this.skip()
    const file = join(ctx.home, 'users-credentials')
    writeFileSync(file, '[x]\nk = v\n', {mode: 0o644})
    chownSync(file, 1000, 1000)
    const r = await exportTo(file)
    expect(r.code, describeCli(r)).to.equal(0)
    const st = statSync(file)
    expect([st.uid, st.gid, st.mode & 0o777]).to.deep.equal([1000, 1000, 0o600])
    expect(readFileSync(file, 'utf8').startsWith('[x]\nk = v\n\n[static-p]\n')).to.equal(true)
  })
})
