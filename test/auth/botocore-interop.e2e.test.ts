import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {repoRoot, runCli} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {runPythonJson} from '../support/python.js'
import {emulatorEnv, readJson, START_URL, tokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {loginEnv, sessionConfig, statsSince} from './helpers.js'

const script = join(repoRoot, 'test', 'auth', 'botocore-credentials.py')

describe('interop with botocore (boto3)', function () {
  this.timeout(60_000)

  before(function () {
    requireTools(this, ['python3-boto3'])
  })
  const ctx = useEmulatorHome({config: sessionConfig('my-sso', START_URL, 'dev')})

  const boto = () =>
    runPythonJson<{accessKeyId: string; method: string}>(script, ['dev'], {
      env: {
        HOME: ctx.home,
        AWS_CONFIG_FILE: join(ctx.home, '.aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(ctx.home, '.aws', 'credentials'),
        ...emulatorEnv(ctx.emu),
      },
    })

  it('botocore uses the token our login wrote, refreshes it near expiry, and we use what botocore wrote', async () => {
    const login = await runCli(['login', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    expect(login.code, login.stderr).to.equal(0)
    const path = tokenFile(ctx.home, 'my-sso')
    const ours = readJson(path)

    let base = ctx.emu.stats()
    const first = await boto()
    expect(first.method).to.equal('sso')
    expect(first.accessKeyId).to.match(/^ASIA/)
    expect(statsSince(ctx.emu, base)).to.deep.equal({GetRoleCredentials: 1})

    // Under 10 minutes left: botocore must refresh before it uses the token.
    writeFileSync(path, JSON.stringify({...ours, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}))
    base = ctx.emu.stats()
    await boto()
    expect(statsSince(ctx.emu, base)).to.deep.equal({CreateToken: 1, 'CreateToken:refresh_token': 1, GetRoleCredentials: 1})
    const botos = readJson(path)
    expect(botos.accessToken).to.not.equal(ours.accessToken)
    expect(botos.refreshToken).to.not.equal(ours.refreshToken)
    expect(Date.parse(botos.expiresAt as string) - Date.now()).to.be.greaterThan(7 * 3_600_000)

    // Our side takes botocore's token as it is: no request, and the file is not rewritten.
    base = ctx.emu.stats()
    const again = await runCli(['login', '--profile', 'dev'], {home: ctx.home, env: loginEnv(ctx.emu, ctx.home)})
    expect(again.code, again.stderr).to.equal(0)
    expect(again.stderr).to.equal('')
    expect(again.stdout).to.match(/^Login succeeded, valid until /)
    expect(statsSince(ctx.emu, base)).to.deep.equal({})
    expect(readJson(path)).to.deep.equal(botos)
  })
})
