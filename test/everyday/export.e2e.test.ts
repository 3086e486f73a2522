import {expect} from 'chai'
import {chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {useEmulatorHome} from '../support/fixtures.js'
import {runPython} from '../support/python.js'
import {run} from '../support/run.js'
import {emulatorEnv, issueToken, legacyProfile, START_URL, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {describeCli, everydayCli, expectRefused} from './support.js'

interface Creds {
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken: string
  Expiration: string
}

const line = (c: Creds) => `${c.AccessKeyId}|${c.SecretAccessKey}|${c.SessionToken}|${c.Expiration}\n`

/** Comments with delimiters, CRLF, a continuation line, other sections, no final newline. */
const HOSTILE_HEAD = [
  '# shared credentials; keep = this: comment',
  '[default]',
  'aws_access_key_id = AKIADEFAULTEXAMPLE',
  'aws_secret_access_key = secret=with/equals',
  '; semicolon comment: also kept',
  '',
  '[static-dev]',
  '# note: the old keys below are replaced',
  'region=eu-west-1',
].join('\r\n')
const HOSTILE_OLD_KEYS = [
  'aws_access_key_id=AKIAOLDOLDOLDOLDOLD',
  'aws_session_token = old-token',
  '  continued-token-line',
  'AWS_Security_Token = older',
].join('\r\n')
const HOSTILE_TAIL = ['output = json', '', '[ spaced ]', 'aws_access_key_id = AKIASPACEDEXAMPLE   ', '[last]', 'x = 1'].join('\r\n')
const HOSTILE = `${HOSTILE_HEAD}\r\n${HOSTILE_OLD_KEYS}\r\n${HOSTILE_TAIL}`

describe('export (compiled CLI against the emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({scope: 'suite', config: legacyProfile()})
  let creds: Creds
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const exp = (...args: string[]) => cli(['export', '--profile', 'my-sso-profile', ...args])

  before(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
    const r = await exp('--format', 'json')
    expect(r.code, describeCli(r)).to.equal(0)
    creds = JSON.parse(r.stdout)
    expect(Object.keys(creds)).to.deep.equal(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'])
  })

  it('env (the default) is what `aws configure export-credentials --format env` prints, and sh reads it back', async () => {
    const r = await exp()
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.equal(
      `export AWS_ACCESS_KEY_ID=${creds.AccessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${creds.SecretAccessKey}\nexport AWS_SESSION_TOKEN=${creds.SessionToken}\nexport AWS_CREDENTIAL_EXPIRATION=${creds.Expiration}\n`,
    )
    const sh = await run('/bin/sh', [
      '-c',
      String.raw`eval "$1"; sh -c 'printf "%s|%s|%s|%s\n" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"'`,
      'sh',
      r.stdout,
    ])
    expect(sh.stdout, sh.stderr).to.equal(line(creds))
  })

  it("env-no-export, powershell and windows-cmd print the AWS CLI's lines", async () => {
    const vars: Array<[string, string]> = [
      ['AWS_ACCESS_KEY_ID', creds.AccessKeyId],
      ['AWS_SECRET_ACCESS_KEY', creds.SecretAccessKey],
      ['AWS_SESSION_TOKEN', creds.SessionToken],
      ['AWS_CREDENTIAL_EXPIRATION', creds.Expiration],
    ]
    const expected: Record<string, string> = {
      'env-no-export': vars.map(([k, v]) => `${k}=${v}\n`).join(''),
      powershell: vars.map(([k, v]) => `$Env:${k}="${v}"\n`).join(''),
      'windows-cmd': vars.map(([k, v]) => `set ${k}=${v}\n`).join(''),
    }
    for (const [format, text] of Object.entries(expected)) {
      const r = await exp('--format', format)
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout, format).to.equal(text)
    }
  })

  it('fish: read back by fish', async function () {
    requireTools(this, ['fish'])
    const r = await exp('--format', 'fish')
    expect(r.code, describeCli(r)).to.equal(0)
    const fish = await run(
      'fish',
      [
        '--no-config',
        '-c',
        String.raw`printf "%s" $argv[1] | source; sh -c 'printf "%s|%s|%s|%s\n" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"'`,
        r.stdout,
      ],
      {
        env: {PATH: process.env.PATH, HOME: ctx.home},
      },
    )
    expect(fish.stdout, fish.stderr).to.equal(line(creds))
  })

  it('dotenv: read back by node --env-file', async () => {
    const r = await exp('--format', 'dotenv')
    expect(r.code, describeCli(r)).to.equal(0)
    const file = join(ctx.home, 'creds.env')
    writeFileSync(file, r.stdout)
    const e = 'process.env'
    const node = await run(
      process.execPath,
      [
        `--env-file=${file}`,
        '-e',
        `process.stdout.write([${e}.AWS_ACCESS_KEY_ID,${e}.AWS_SECRET_ACCESS_KEY,${e}.AWS_SESSION_TOKEN,${e}.AWS_CREDENTIAL_EXPIRATION].join('|')+'\\n')`,
      ],
      {
        env: {PATH: process.env.PATH},
      },
    )
    expect(node.stdout, node.stderr).to.equal(line(creds))
  })

  it('credentials-file: merges [NAME] into a hostile file byte for byte, mode 0600, and boto3 uses it', async function () {
    const file = join(ctx.home, '.aws', 'credentials')
    writeFileSync(file, HOSTILE)
    chmodSync(file, 0o644)
    const r = await exp('--format', 'credentials-file', '--credentials-profile', 'static-dev')
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.match(new RegExp(`^Wrote \\[static-dev\\] to ${file}; the credentials expire .+\\.\\n$`))
    const ours = [
      `aws_access_key_id = ${creds.AccessKeyId}`,
      `aws_secret_access_key = ${creds.SecretAccessKey}`,
      `aws_session_token = ${creds.SessionToken}`,
    ].join('\r\n')
    expect(readFileSync(file, 'utf8')).to.equal(`${HOSTILE_HEAD}\r\n${ours}\r\n${HOSTILE_TAIL}`)
    expect(statSync(file).mode & 0o777).to.equal(0o600)

    // Again: the section is updated in place, nothing else moves.
    const again = await exp('--format', 'credentials-file', '--credentials-profile', 'static-dev')
    expect(again.code, describeCli(again)).to.equal(0)
    const text = readFileSync(file, 'utf8')
    expect(text.startsWith(`${HOSTILE_HEAD}\r\naws_access_key_id = `)).to.equal(true)
    expect(text.endsWith(`\r\n${HOSTILE_TAIL}`)).to.equal(true)

    requireTools(this, ['python3-boto3'])
    const script = [
      'import boto3, json',
      's = boto3.Session(profile_name="static-dev")',
      'c = s.get_credentials().get_frozen_credentials()',
      'i = s.client("sts", region_name="us-east-1").get_caller_identity()',
      'print(json.dumps([c.access_key, c.secret_key, c.token, i["Account"]]))',
    ].join('\n')
    const py = await runPython('-c', [script], {
      env: {HOME: ctx.home, AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: join(ctx.home, 'no-config'), ...emulatorEnv(ctx.emu)},
    })
    expect(py.status, py.stderr).to.equal(0)
    const fresh = await exp('--format', 'json')
    const now = JSON.parse(fresh.stdout) as Creds
    expect(JSON.parse(py.stdout)).to.deep.equal([now.AccessKeyId, now.SecretAccessKey, now.SessionToken, '123456789012'])
  })

  it('credentials-file: a new file in a new directory (AWS_SHARED_CREDENTIALS_FILE) is 0600 in a 0700 directory', async () => {
    const file = join(ctx.home, 'new-dir', 'creds')
    const r = await cli(['export', '--profile', 'my-sso-profile', '--format', 'credentials-file'], {env: {AWS_SHARED_CREDENTIALS_FILE: file}})
    expect(r.code, describeCli(r)).to.equal(0)
    expect(readFileSync(file, 'utf8')).to.equal(
      `[my-sso-profile-static]\naws_access_key_id = ${creds.AccessKeyId}\naws_secret_access_key = ${creds.SecretAccessKey}\naws_session_token = ${creds.SessionToken}\n`,
    )
    expect(statSync(file).mode & 0o777).to.equal(0o600)
    expect(statSync(join(ctx.home, 'new-dir')).mode & 0o777).to.equal(0o700)
  })

  describe('bad input: one line, exit 2, nothing on stdout, nothing written', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'yaml'], /^Expected --format=yaml to be one of: env, env-no-export, fish, powershell, windows-cmd, dotenv, json, credentials-file\n$/],
      [['--format', 'credentials-file', '--credentials-profile', 'has space'], /^Invalid credentials profile name "has space": .+\n$/],
      [['--format', 'credentials-file', '--credentials-profile', '[x]'], /^Invalid credentials profile name "\[x\]": .+\n$/],
      [['--credentials-profile', 'x'], /^--credentials-profile is only for --format credentials-file\.\n$/],
      [['--account-id', 'abc'], /^The account id "abc" is not 12 digits\. .+\n$/],
    ]
    for (const [args, stderr] of cases) {
      it(args.join(' '), async () => {
        mkdirSync(join(ctx.home, '.aws'), {recursive: true})
        await expectRefused(ctx.home, stderr, () => exp(...args))
      })
    }

    it('credentials-file without any name', async () => {
      await expectRefused(ctx.home, '--format credentials-file needs a section name: give --credentials-profile NAME (or --profile).\n', () =>
        cli(['export', '--format', 'credentials-file', '-a', '123456789012', '-r', 'R', '-u', START_URL, '--sso-region', 'us-east-1']),
      )
      expect(existsSync(join(ctx.home, '.aws', 'credentials'))).to.equal(true)
    })
  })
})
