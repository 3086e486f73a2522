import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {CONFIG_FILE, CREDENTIALS_FILE, type EditableFile} from '../../src/lib/config/file-kind.js'
import {readCurrent, updateEditableFile} from '../../src/lib/config/write.js'
import {ConfigError} from '../../src/lib/errors.js'

const failure = async (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error as Error,
  )

const append = (text: string) => `${text}[added]\nk = v\n`

/** One writer for the config file and the credentials file: every rule, checked for both. */
for (const file of [CONFIG_FILE, CREDENTIALS_FILE] as EditableFile[]) {
  describe(`the guarded writer: the ${file.name}`, () => {
    let dir: string

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-guarded-'))
    })

    afterEach(() => rmSync(dir, {recursive: true, force: true}))

    const refusal = (path: string, kind: string) =>
      `The ${file.name} ${path} is ${kind}, not a regular file; nothing was written. Point ${file.envVar} at a regular file.`

    it('EP-08: a character device is refused and stays a device (root only: mknod)', async function () {
      if (process.getuid?.() !== 0) this.skip()
      const path = join(dir, 'null')
      execFileSync('mknod', [path, 'c', '1', '3'])
      const error = await failure(updateEditableFile(path, file, append))
      expect(error).to.be.instanceOf(ConfigError)
      expect(error.message).to.equal(refusal(path, 'a character device'))
      expect(statSync(path).isCharacterDevice()).to.equal(true)
    })

    it('EP-09: a FIFO is refused without waiting for a writer', async () => {
      const path = join(dir, 'fifo')
      execFileSync('mkfifo', [path])
      const error = await failure(updateEditableFile(path, file, append))
      expect(error.message).to.equal(refusal(path, 'a FIFO'))
      expect(lstatSync(path).isFIFO()).to.equal(true)
    })

    it('EP-09: the read itself refuses a FIFO without waiting, should one appear after the kind check', async () => {
      const path = join(dir, 'fifo')
      execFileSync('mkfifo', [path])
      const error = await failure(readCurrent(path, file))
      expect(error.message).to.equal(refusal(path, 'a FIFO'))
    })

    it('EP-07: a symlink stays a link; its target is edited', async () => {
      writeFileSync(join(dir, 'target'), '[a]\n', {mode: 0o600})
      symlinkSync('target', join(dir, 'link'))
      await updateEditableFile(join(dir, 'link'), file, append)
      expect(readlinkSync(join(dir, 'link'))).to.equal('target')
      expect(readFileSync(join(dir, 'target'), 'utf8')).to.equal('[a]\n[added]\nk = v\n')
      expect(readdirSync(dir).sort()).to.deep.equal(['link', 'target'])
    })

    it('EP-05: a file that is not UTF-8 is refused, byte for byte as it was', async () => {
      const path = join(dir, 'latin1')
      const bytes = Buffer.from('# caf\u00E9\n[a]\n', 'latin1')
      writeFileSync(path, bytes)
      const error = await failure(updateEditableFile(path, file, append))
      expect(error.message).to.equal(`The ${file.name} ${path} is not valid UTF-8; fix or convert it before writing to it.`)
      expect(readFileSync(path).equals(bytes)).to.equal(true)
    })

    it(`EP-11: another user's file keeps its owner and group; its mode ${file.secret ? 'becomes 0600' : 'stays'} (root only: chown)`, async function () {
      if (process.getuid?.() !== 0) this.skip()
      const path = join(dir, 'theirs')
      writeFileSync(path, '[a]\n', {mode: 0o644})
      chownSync(path, 1234, 5678)
      await updateEditableFile(path, file, append)
      const st = statSync(path)
      expect([st.uid, st.gid, st.mode & 0o777]).to.deep.equal([1234, 5678, file.secret ? 0o600 : 0o644])
    })
  })
}
