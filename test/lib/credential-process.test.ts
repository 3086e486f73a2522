import {expect} from 'chai'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {formatProcessOutput, runCredentialProcess} from '../../src/lib/credential-process.js'
import {writeWarmCache} from '../support/warm-cache.js'

/** runCredentialProcess in-process, in a temporary HOME, with stdout and stderr captured. */
describe('runCredentialProcess (in-process)', () => {
  let home: string
  let out: string[]
  let err: string[]

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'aws-sso-util-cp-'))
    out = []
    err = []
  })

  afterEach(() => {
    rmSync(home, {force: true, recursive: true})
  })

  const logPath = () => join(home, '.aws', 'sso', 'aws-sso-util credential-process-log.txt')
  /** The log's lines without the time and pid each one starts with. */
  const logLines = () =>
    readFileSync(logPath(), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(/^\S+ \[\d+] /, ''))

  function run(inputs: Parameters<typeof runCredentialProcess>[0], env: Record<string, string> = {}, interactive = false) {
    return runCredentialProcess(inputs, {
      env: {HOME: home, ...env},
      interactive,
      stderr: (text) => err.push(text),
      stdout: (text) => out.push(text),
    })
  }

  it('answers from a warm cache: exit 0, the one JSON line on stdout, nothing on stderr, no log', async () => {
    const warm = writeWarmCache(home)
    expect(await run({profile: warm.profile})).to.equal(0)
    expect(out).to.deep.equal([warm.expectedLine])
    expect(err).to.deep.equal([])
    expect(existsSync(logPath()), 'no debug log unless asked').to.equal(false)
  })

  it('AWS_SSO_CREDENTIAL_PROCESS_DEBUG=true writes the start line with the inputs given', async () => {
    const warm = writeWarmCache(home)
    expect(await run({forceRefresh: false, profile: warm.profile}, {AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'true'})).to.equal(0)
    expect(out).to.deep.equal([warm.expectedLine])
    const lines = logLines()
    expect(lines[0]).to.equal('credential-process starting {"profile":"warm","forceRefresh":false}')
    // getCredentials writes to the same log.
    expect(lines[1]).to.match(/^resolved settings \{"instance":\{"startUrl":"https:/)
    expect(lines[2]).to.match(/^cached role credentials are fresh \{"path":/)
  })

  it('AWS_SSO_CREDENTIAL_PROCESS_DEBUG=false writes no log', async () => {
    const warm = writeWarmCache(home)
    expect(await run({profile: warm.profile}, {AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'false'})).to.equal(0)
    expect(existsSync(logPath())).to.equal(false)
  })

  it('a failure without --debug: its exit code and one line on stderr, nothing on stdout', async () => {
    const message = `Profile "nope" was not found in ${join(home, '.aws', 'config')}. Check the name, or set AWS_CONFIG_FILE to the file that has it.`
    expect(await run({profile: 'nope'})).to.equal(2)
    expect(out).to.deep.equal([])
    expect(err).to.deep.equal([`${message}\n`])
    expect(existsSync(logPath())).to.equal(false)
  })

  it('a failure with --debug: the line, then the stack on stderr; the log has the start, the error and its stack', async () => {
    const message = `Profile "nope" was not found in ${join(home, '.aws', 'config')}. Check the name, or set AWS_CONFIG_FILE to the file that has it.`
    expect(await run({debug: true, profile: 'nope'})).to.equal(2)
    expect(out).to.deep.equal([])
    expect(err).to.have.length(2)
    expect(err[0]).to.equal(`${message}\n`)
    expect(err[1]).to.match(new RegExp(`^ConfigError: ${message.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`)}\n {4}at `))
    expect(err[1].endsWith('\n')).to.equal(true)
    const lines = logLines()
    expect(lines[0]).to.equal('credential-process starting {"profile":"nope"}')
    const failed = lines.slice(1).join('\n')
    expect(failed.startsWith('failed {')).to.equal(true)
    const data = JSON.parse(failed.slice('failed '.length)) as {error: string; stack: string}
    expect(data.error).to.equal(`ConfigError: ${message}`)
    expect(data.stack.startsWith(`ConfigError: ${message}\n    at `)).to.equal(true)
  })

  it('a failure with the debug env var: the log gets the error, stderr keeps its one line (no stack)', async () => {
    expect(await run({profile: 'nope'}, {AWS_SSO_CREDENTIAL_PROCESS_DEBUG: 'yes'})).to.equal(2)
    expect(err).to.have.length(1)
    expect(err[0]).to.match(/^Profile "nope" was not found in .*\n$/)
    expect(logLines()[0]).to.equal('credential-process starting {"profile":"nope"}')
    expect(logLines()[1]).to.match(/^failed \{"error":"ConfigError: Profile \\"nope\\" was not found/)
  })

  it('a login shows its progress on stderr, one line per call', async () => {
    const warm = writeWarmCache(home)
    // No cached token and an OIDC endpoint that refuses connections: the login starts, then fails.
    const code = await run({forceRefresh: true, profile: warm.profile}, {AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:1'}, true)
    expect(code).to.not.equal(0)
    expect(out).to.deep.equal([])
    expect(err[0]).to.equal('Logging in to https://d-0000000000.awsapps.com/start (us-east-1).\n')
    expect(err.at(-1)).to.match(/^Could not reach http:\/\/127\.0\.0\.1:1 for .*\n$/)
  })

  it('formatProcessOutput: Version 1 first, then the keys in the order SDKs document, one line', () => {
    const line = formatProcessOutput({
      accessKeyId: 'ASIAEXAMPLE',
      accountId: '123456789012',
      expiration: new Date('2030-01-02T03:04:05.678Z'),
      secretAccessKey: 'secret',
      sessionToken: 'session',
    } as Parameters<typeof formatProcessOutput>[0])
    expect(line).to.equal(
      '{"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"secret","SessionToken":"session","Expiration":"2030-01-02T03:04:05Z","AccountId":"123456789012"}\n',
    )
  })
})
