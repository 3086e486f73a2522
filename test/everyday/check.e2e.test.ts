import {expect} from 'chai'
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {useEmulator, useTempHome} from '../support/fixtures.js'
import {ACCOUNT_ID, issueToken, legacyProfile, ROLE_NAME, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {describeCli, everydayCli, expectRefused} from './support.js'

const SECOND = `[profile second]
sso_start_url = https://d-1111111111.awsapps.com/start
sso_region = us-east-1
sso_account_id = ${ACCOUNT_ID}
sso_role_name = ${ROLE_NAME}
`

describe('check (compiled CLI against the emulator): every exit code', function () {
  this.timeout(180_000)
  // No reset between tests: the token issued once below stays valid for all of them.
  const ctx = useEmulator({}, false)
  const tmp = useTempHome()
  let token: Awaited<ReturnType<typeof issueToken>>
  const cli = everydayCli(
    () => ctx.emu,
    () => tmp.home,
  )
  const check = (...args: string[]) => cli(['check', ...args])

  before(async () => {
    token = await issueToken(ctx.emu)
  })

  const loggedIn = (config = legacyProfile()) => {
    writeConfig(tmp.home, config)
    writeTokenFile(tmp.home, START_URL, token)
  }

  it('0: everything fine, one ok line per check; -q prints nothing', async () => {
    loggedIn()
    const r = await check('--check-profile', 'my-sso-profile')
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout.split('\n').map((l) => l.slice(0, 4) + ' ' + l.slice(5).split(':')[0])).to.deep.equal([
      'ok   config',
      'ok   instance',
      'ok   profile',
      'ok   cache',
      'ok   token',
      'ok   account',
      'ok   role',
      ' ',
    ])
    expect(r.stdout).to.contain(`ok   role: ${ROLE_NAME} in ${ACCOUNT_ID}\n`)
    const quiet = await check('--check-profile', 'my-sso-profile', '-q')
    expect(quiet.code).to.equal(0)
    expect(quiet.stdout).to.equal('')
  })

  it('101: no instance anywhere', async () => {
    writeConfig(tmp.home, '[default]\nregion = us-east-1\n')
    const r = await check()
    expect(r.code, describeCli(r)).to.equal(101)
    expect(r.stdout).to.match(/\nFAIL instance: No IAM Identity Center instance found in .+\n$/)
  })

  it('103 (as the original): two instances and none chosen', async () => {
    writeConfig(tmp.home, `${legacyProfile()}\n${SECOND}`)
    const r = await check()
    expect(r.code, describeCli(r)).to.equal(103)
    expect(r.stdout).to.match(/\nFAIL instance: 2 instances found in .+\n$/)
  })

  it('102 (as the original): the chosen profile is not an SSO profile', async () => {
    writeConfig(tmp.home, `${legacyProfile()}\n[profile plain]\nregion = us-east-1\n`)
    const r = await check('--check-profile', 'plain')
    expect(r.code, describeCli(r)).to.equal(102)
    expect(r.stdout).to.match(/\nFAIL instance: Profile "plain" in .+ is not an IAM Identity Center profile: .+\n$/)
  })

  it('104: credential_process runs a program that is not installed', async () => {
    loggedIn(legacyProfile() + 'credential_process = no-such-aws-sso-util credential-process --profile my-sso-profile\n')
    const r = await check('--check-profile', 'my-sso-profile', '--skip-token-check')
    expect(r.code, describeCli(r)).to.equal(104)
    expect(r.stdout).to.contain('FAIL credential_process: credential_process runs "no-such-aws-sso-util", which is not an executable on PATH\n')
  })

  it('104: credential_process names another profile', async () => {
    loggedIn(legacyProfile() + `credential_process = ${process.execPath} x credential-process --profile other\n`)
    const r = await check('--check-profile', 'my-sso-profile', '--skip-token-check')
    expect(r.code, describeCli(r)).to.equal(104)
    expect(r.stdout).to.contain('FAIL credential_process: credential_process names --profile "other", not this profile "my-sso-profile"\n')
  })

  it('105: a cache file readable by others', async () => {
    loggedIn()
    const file = join(tmp.home, '.aws', 'cli', 'cache', 'x.json')
    mkdirSync(join(tmp.home, '.aws', 'cli', 'cache'), {recursive: true, mode: 0o700})
    chmodSync(join(tmp.home, '.aws', 'cli', 'cache'), 0o700)
    writeFileSync(file, '{}')
    chmodSync(file, 0o644)
    const r = await check('--check-profile', 'my-sso-profile')
    expect(r.code, describeCli(r)).to.equal(105)
    expect(r.stdout).to.contain(`FAIL cache: open to others (chmod go-rwx): ${file} (mode 644)\n`)
    expect(r.stdout).to.contain('ok   role: ')
  })

  it('0 with a WARN line: cache directories 0755 as botocore and AWS CLI v2 leave them under umask 022, the files in them 0600', async () => {
    loggedIn()
    const ssoCache = join(tmp.home, '.aws', 'sso', 'cache')
    const cliCache = join(tmp.home, '.aws', 'cli', 'cache')
    mkdirSync(cliCache, {recursive: true})
    writeFileSync(join(cliCache, 'x.json'), '{}', {mode: 0o600})
    chmodSync(ssoCache, 0o755)
    chmodSync(cliCache, 0o755)
    const r = await check('--check-profile', 'my-sso-profile')
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.contain(
      `\nWARN cache: file names visible to others, contents private (chmod 700 to hide them too): ${ssoCache} (mode 755), ${cliCache} (mode 755)\nok   token: `,
    )
    expect(r.stdout).to.not.contain('FAIL')
    const quiet = await check('-q')
    expect(quiet.code).to.equal(0)
    expect(quiet.stdout).to.equal('')
  })

  it('105: a cache directory others can write to (they could plant or swap a token file)', async () => {
    loggedIn()
    const ssoCache = join(tmp.home, '.aws', 'sso', 'cache')
    chmodSync(ssoCache, 0o775)
    const r = await check('--check-profile', 'my-sso-profile')
    expect(r.code, describeCli(r)).to.equal(105)
    expect(r.stdout).to.contain(`FAIL cache: open to others (chmod go-rwx): ${ssoCache} (mode 775)\n`)
  })

  it('201: no token; --skip-token-check stops before it', async () => {
    writeConfig(tmp.home, legacyProfile())
    const r = await check('--check-profile', 'my-sso-profile')
    expect(r.code, describeCli(r)).to.equal(201)
    expect(r.stdout).to.match(/\nFAIL token: Login required\. Run `aws-sso-util login --profile my-sso-profile` and try again\.\n$/)
    const skipped = await check('--check-profile', 'my-sso-profile', '--skip-token-check')
    expect(skipped.code, describeCli(skipped)).to.equal(0)
    expect(skipped.stdout).to.not.match(/^(ok {2}|FAIL) token:/m)
  })

  it('202: no access to the account', async () => {
    loggedIn()
    const r = await check('-a', '999999999999')
    expect(r.code, describeCli(r)).to.equal(202)
    expect(r.stdout).to.match(/\nFAIL account: No access to account 999999999999 \(\d+ account\(s\) available\)\.\n$/)
  })

  it('204 (as the original): no access to the role in that account', async () => {
    loggedIn()
    const r = await check('-a', ACCOUNT_ID, '-r', 'NotMine')
    expect(r.code, describeCli(r)).to.equal(204)
    expect(r.stdout).to.match(new RegExp(`\\nFAIL role: No access to role NotMine in account ${ACCOUNT_ID}; available: .+\\.\\n$`))
  })

  it('203 (as the original): a role in none of the accounts', async () => {
    loggedIn()
    const ok = await check('-r', ROLE_NAME)
    expect(ok.code, describeCli(ok)).to.equal(0)
    const r = await check('-r', 'NotMine')
    expect(r.code, describeCli(r)).to.equal(203)
    expect(r.stdout).to.match(/\nFAIL role: No access to role NotMine in any of your accounts\.\n$/)
  })

  it('201: a token the portal rejects while listing: the login command for the profile, from the error’s data', async () => {
    loggedIn()
    ctx.emu.revokeAll()
    try {
      const r = await check('--check-profile', 'my-sso-profile', '-a', ACCOUNT_ID)
      expect(r.code, describeCli(r)).to.equal(201)
      expect(r.stdout).to.match(
        /\nok {3}token: a valid token is cached \(or was refreshed\)\nFAIL token: Your IAM Identity Center session is no longer valid\. Run `aws-sso-util login --profile my-sso-profile` and try again\.\n$/,
      )
    } finally {
      token = await issueToken(ctx.emu)
    }
  })

  describe('bad input: one line, exit 2, nothing on stdout, nothing written', () => {
    const cases: Array<[string[], RegExp]> = [
      [['-a', '1'], /^The account id "1" is not 12 digits\. .+\n$/],
      [['-r', 'a b'], /^"a b" is not a valid role name\. .+\n$/],
      [['--check-profile'], /^Flag --check-profile expects a value\n$/],
    ]
    for (const [args, stderr] of cases) {
      it(args.join(' '), async () => {
        loggedIn()
        await expectRefused(tmp.home, stderr, () => check(...args))
      })
    }
  })
})
