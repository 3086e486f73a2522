import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describeRun} from '../support/run.js'
import {cli, type Sandbox, sandbox} from '../support/sandbox.js'

/**
 * `configure` writes AWS_CONFIG_FILE by renaming a temp file over it. Anything but a regular file
 * (or a link to one) there must be refused before it is read or replaced: a character device such
 * as /dev/null (common in CI), a FIFO (reading it would block for ever), a directory.
 */
const FLAGS = ['-u', 'https://d-1234567890.awsapps.com/start', '--sso-region', 'us-east-1', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'eu-west-1']

interface Kind {
  mode: number
  rdev: number
  isFile: boolean
}

function kindOf(path: string): Kind {
  const st = lstatSync(path)
  return {mode: st.mode, rdev: st.rdev, isFile: st.isFile()}
}

/**
 * A character device to point AWS_CONFIG_FILE at. As root a private node is made (the bug under
 * test would otherwise replace the machine's /dev/null); as anyone else /dev/null itself is safe,
 * since only root could rename over it.
 */
function characterDevice(dir: string): string {
  if (process.getuid?.() !== 0) return '/dev/null'
  const path = join(dir, 'null')
  execFileSync('mknod', [path, 'c', '1', '3'])
  return path
}

describe('faults: configure writes only to a regular AWS config file', function () {
  this.timeout(120_000)
  let box: Sandbox

  beforeEach(() => {
    box = sandbox()
    mkdirSync(join(box.home, '.aws'), {recursive: true})
  })

  afterEach(() => box.remove())

  async function expectRefused(target: string, what: string): Promise<void> {
    const before = kindOf(target)
    const r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--non-interactive'], box.env({AWS_CONFIG_FILE: target}), {timeoutMs: 20_000})
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(`The AWS config file ${target} is ${what}, not a regular file; nothing was written. Point AWS_CONFIG_FILE at a regular file.\n`)
    expect(kindOf(target)).to.deep.equal(before)
  }

  it('a character device (AWS_CONFIG_FILE=/dev/null): exit 2, the device stays a device', async () => {
    await expectRefused(characterDevice(box.home), 'a character device')
  })

  it('a FIFO: exit 2 at once, without blocking on a read', async () => {
    const fifo = join(box.home, 'config.fifo')
    execFileSync('mkfifo', [fifo])
    await expectRefused(fifo, 'a FIFO')
  })

  it('a directory: exit 2, the directory untouched', async () => {
    const dir = join(box.home, 'config.d')
    mkdirSync(dir)
    await expectRefused(dir, 'a directory')
  })

  it('a symlink to a character device: exit 2, link and device untouched', async () => {
    const link = join(box.home, 'config-link')
    symlinkSync(characterDevice(box.home), link)
    const r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--non-interactive'], box.env({AWS_CONFIG_FILE: link}), {timeoutMs: 20_000})
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(2)
    expect(r.stderr).to.match(/is a character device, not a regular file; nothing was written/)
    expect(lstatSync(link).isSymbolicLink()).to.equal(true)
  })

  it('a path under procfs, where a new directory cannot be made: exit 2 at once, one line (recursive mkdir spins there)', async function () {
    if (!existsSync('/proc/self')) this.skip()
    const target = '/proc/no-such-dir/aws/config'
    const r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--non-interactive'], box.env({AWS_CONFIG_FILE: target}), {timeoutMs: 20_000})
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(`Cannot write the AWS config file ${target}: ENOENT: no such file or directory, mkdir '/proc/no-such-dir'.\n`)
  })

  it('a symlink to a regular file: the file behind it is updated and the link stays a link', async () => {
    const real = join(box.home, 'real-config')
    writeFileSync(real, '[default]\nregion = us-west-2\n', {mode: 0o640})
    const link = join(box.home, 'config-link')
    symlinkSync(real, link)
    const r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--non-interactive'], box.env({AWS_CONFIG_FILE: link}))
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(lstatSync(link).isSymbolicLink()).to.equal(true)
    expect(readFileSync(real, 'utf8')).to.match(/^\[default\]\nregion = us-west-2\n\n\[profile dev\]\n/)
    expect(statSync(real).mode & 0o777).to.equal(0o640)
  })
})
