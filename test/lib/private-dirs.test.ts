import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {makePrivateDirs, makePrivateDirsSync} from '../../src/lib/private-dirs.js'

const moduleUrl = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'lib', 'private-dirs.ts')).href

const forms = [
  ['makePrivateDirs', (dir: string) => makePrivateDirs(dir)],
  ['makePrivateDirsSync', async (dir: string) => makePrivateDirsSync(dir)],
] as const

for (const [name, make] of forms) {
  describe(`${name}: directories for secrets`, () => {
    let dir: string
    let saved: number

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-dirs-'))
      saved = process.umask(0o022)
    })

    afterEach(() => {
      process.umask(saved)
      rmSync(dir, {force: true, recursive: true})
    })

    const mode = (p: string) => statSync(p).mode & 0o777
    const codeOf = async (work: Promise<unknown>) =>
      work.then(
        () => 'resolved',
        (error: NodeJS.ErrnoException) => error.code,
      )

    it('makes every directory it creates 0700 whatever the umask, and leaves existing ones as they are', async () => {
      chmodSync(dir, 0o755)
      // This umask would leave new directories 0500 unless they are set explicitly.
      process.umask(0o277)
      await make(join(dir, 'a', 'b', 'c'))
      expect([mode(join(dir, 'a')), mode(join(dir, 'a', 'b')), mode(join(dir, 'a', 'b', 'c'))]).to.deep.equal([0o700, 0o700, 0o700])
      expect(mode(dir)).to.equal(0o755)
      process.umask(0o022)
      mkdirSync(join(dir, 'open'), {mode: 0o755})
      await make(join(dir, 'open'))
      await make(join(dir, 'open', 'x'))
      expect([mode(join(dir, 'open')), mode(join(dir, 'open', 'x'))]).to.deep.equal([0o755, 0o700])
    })

    it('goes through a symlink to a directory, and refuses a file or a dangling link in the way', async () => {
      mkdirSync(join(dir, 'real'))
      symlinkSync(join(dir, 'real'), join(dir, 'link'))
      await make(join(dir, 'link', 'sub'))
      expect(existsSync(join(dir, 'real', 'sub'))).to.equal(true)
      writeFileSync(join(dir, 'file'), '')
      expect(await codeOf(make(join(dir, 'file')))).to.equal('EEXIST')
      expect(await codeOf(make(join(dir, 'file', 'sub')))).to.equal('ENOTDIR')
      symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'))
      expect(await codeOf(make(join(dir, 'dangling', 'sub')))).to.equal('ENOENT')
    })

    it('ends with ENOENT where a directory exists but cannot hold a new one (procfs), where recursive mkdir spins forever', function () {
      if (!existsSync('/proc/self')) this.skip()
      // In a child with a time limit: a spinning sync mkdir would stop mocha's own timeout too.
      const script = `const m = await import(${JSON.stringify(moduleUrl)}); try { await m.${name}('/proc/no-such-dir/aws-sso-util/cache'); console.log('made') } catch (e) { console.log(e.code) }`
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8', timeout: 8000})
      expect([child.signal, child.stdout.trim()]).to.deep.equal([null, 'ENOENT'])
    })
  })
}
