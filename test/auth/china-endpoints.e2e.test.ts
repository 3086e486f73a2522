import {expect} from 'chai'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {repoRoot, runCli} from '../support/cli.js'
import {useTempHome} from '../support/fixtures.js'

const offline = join(repoRoot, 'test', 'support', 'offline-dns.mjs')

describe('China regions: the hosts we name are the ones the SDK clients reach (offline)', function () {
  this.timeout(120_000)
  const ctx = useTempHome()

  for (const flow of [[], ['--use-device-code']]) {
    it(`issue 25: login to a cn-north-1 instance${flow.length > 0 ? ' (device code)' : ''} fails on, and names, oidc.cn-north-1.amazonaws.com.cn`, async () => {
      const log = join(ctx.home, `dns-${flow.length}.log`)
      const r = await runCli(['login', 'https://d-1234567890.awsapps.cn/start', 'cn-north-1', '--no-browser', ...flow], {
        home: ctx.home,
        env: {NODE_OPTIONS: `--import ${offline}`, TEST_DNS_LOG: log, AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '30'},
        timeoutMs: 90_000,
      })
      expect(existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [], 'hosts looked up').to.include('oidc.cn-north-1.amazonaws.com.cn')
      expect(r.code, r.stderr).to.equal(5)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.include('https://oidc.cn-north-1.amazonaws.com.cn')
      expect(r.stderr).not.to.match(/amazonaws\.com(?!\.cn)/)
    })
  }
})
