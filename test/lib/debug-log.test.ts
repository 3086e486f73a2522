import {expect} from 'chai'
import {chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {disabledLog, openDebugLog} from '../../src/lib/debug-log.js'
import {makeTempDir, removeDir} from '../support/cli.js'

const SECRETS = {
  accessToken: 'access-token-SECRET-aaaa',
  refreshToken: 'refresh-token-SECRET-bbbb',
  clientSecret: 'client-secret-SECRET-cccc',
  SecretAccessKey: 'secret-access-key-SECRET-dddd',
  SessionToken: 'session-token-SECRET-eeee',
}

describe('debug log', () => {
  let dir: string

  beforeEach(() => {
    dir = makeTempDir()
  })

  afterEach(() => removeDir(dir))

  it('creates a 0700 directory and a 0600 file, even under a permissive umask', () => {
    const path = join(dir, 'sso', 'log.txt')
    const old = process.umask(0)
    try {
      openDebugLog(path).log('hello')
    } finally {
      process.umask(old)
    }

    expect(statSync(join(dir, 'sso')).mode & 0o777).to.equal(0o700)
    expect(statSync(path).mode & 0o777).to.equal(0o600)
  })

  it("makes the directory it creates 0700 even under a umask that strips the owner's own bits", () => {
    const path = join(dir, 'sso', 'log.txt')
    const old = process.umask(0o277)
    try {
      openDebugLog(path).log('hello')
    } finally {
      process.umask(old)
    }

    expect(statSync(join(dir, 'sso')).mode & 0o777).to.equal(0o700)
    expect(readFileSync(path, 'utf8')).to.match(/\] hello\n$/)
  })

  it('leaves the mode of a directory that already existed as the user set it', () => {
    const sso = join(dir, 'sso')
    mkdirSync(sso)
    chmodSync(sso, 0o755)
    openDebugLog(join(sso, 'log.txt')).log('hello')
    expect(statSync(sso).mode & 0o777).to.equal(0o755)
  })

  it('a log file removed while the run goes on comes back 0600', () => {
    const path = join(dir, 'log.txt')
    const log = openDebugLog(path)
    removeDir(path)
    const old = process.umask(0)
    try {
      log.log('again')
    } finally {
      process.umask(old)
    }

    expect(statSync(path).mode & 0o777).to.equal(0o600)
    expect(readFileSync(path, 'utf8')).to.match(/\] again\n$/)
  })

  it('tightens an existing 0644 log to 0600', () => {
    const path = join(dir, 'log.txt')
    writeFileSync(path, 'old line\n')
    chmodSync(path, 0o644)
    openDebugLog(path)
    expect(statSync(path).mode & 0o777).to.equal(0o600)
    expect(readFileSync(path, 'utf8')).to.equal('old line\n')
  })

  it('writes one line per call with time, pid and message, and every secret field redacted', () => {
    const path = join(dir, 'log.txt')
    const log = openDebugLog(path)
    expect(log.enabled).to.equal(true)
    log.log('plain message')
    log.log('token read', {...SECRETS, nested: {token: {...SECRETS}}, AccessKeyId: 'ASIAVISIBLE'})
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines).to.have.length(3)
    expect(lines[2]).to.equal('')
    expect(lines[0]).to.match(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[${process.pid}\\] plain message$`))
    const [, json] = lines[1].match(/\] token read (.*)$/)!
    const logged = JSON.parse(json)
    expect(logged.AccessKeyId).to.equal('ASIAVISIBLE')
    for (const [key, secret] of Object.entries(SECRETS)) {
      expect(lines[1]).to.not.contain(secret.slice(0, -4))
      expect(logged[key]).to.equal(`***${secret.slice(-4)}`)
      expect(logged.nested.token[key]).to.equal(`***${secret.slice(-4)}`)
    }
  })

  it('appends to what earlier runs wrote', () => {
    const path = join(dir, 'log.txt')
    openDebugLog(path).log('first')
    openDebugLog(path).log('second')
    const lines = readFileSync(path, 'utf8').trim().split('\n')
    expect(lines.map((l) => l.split('] ')[1])).to.deep.equal(['first', 'second'])
  })

  it('starts over once the file has grown past 1 MiB, and not before', () => {
    const path = join(dir, 'log.txt')
    writeFileSync(path, 'x'.repeat(1024 * 1024))
    openDebugLog(path).log('kept')
    expect(readFileSync(path, 'utf8')).to.match(/^x{1048576}\d{4}-\S+ \[\d+\] kept\n$/)
    writeFileSync(path, 'x'.repeat(1024 * 1024 + 1))
    openDebugLog(path).log('fresh')
    expect(readFileSync(path, 'utf8')).to.match(/^\d{4}-\S+ \[\d+\] fresh\n$/)
  })

  it('is disabled, silently, when the log cannot be created', () => {
    const blocker = join(dir, 'file')
    writeFileSync(blocker, '')
    const log = openDebugLog(join(blocker, 'sub', 'log.txt'))
    expect(log).to.equal(disabledLog)
    expect(log.enabled).to.equal(false)
    log.log('nowhere', SECRETS)
    expect(existsSync(join(blocker, 'sub'))).to.equal(false)
  })

  it('a log whose file vanished later loses the line, never the caller', () => {
    const sub = join(dir, 'sub')
    mkdirSync(sub)
    const path = join(sub, 'log.txt')
    const log = openDebugLog(path)
    removeDir(sub)
    writeFileSync(sub, 'now a file')
    expect(() => log.log('lost')).to.not.throw()
  })
})
