import {expect} from 'chai'
import {join} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {run} from '../support/run.js'
import {INSTALL_COMMAND} from '../support/system-tools.js'

/** Runs one spec file through mocha as `npm test` does, with chromium made unavailable. */
function mochaWithoutChromium(ci: boolean) {
  const env: NodeJS.ProcessEnv = {...process.env, CHROMIUM_PATH: join(repoRoot, 'no-such-chromium'), CI: ci ? 'true' : 'false'}
  return run(process.execPath, [join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), 'test/auth/browser-login.e2e.test.ts'], {
    cwd: repoRoot,
    env,
    timeoutMs: 120_000,
  })
}

describe('tests that need a system tool', function () {
  this.timeout(150_000)

  it('skip with the reason and the install command when the tool is missing', async () => {
    const r = await mochaWithoutChromium(false)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    expect(r.stdout).to.match(/0 passing/)
    expect(r.stdout).to.match(/4 pending/)
    expect(r.stdout).to.contain(`Skipped for missing system tools (install them with: ${INSTALL_COMMAND}):`)
    expect(r.stdout).to.contain(`  - login with a real browser: CHROMIUM_PATH ${join(repoRoot, 'no-such-chromium')} is not an executable`)
  })

  it('fail under CI=true, naming the tool and the install command', async () => {
    const r = await mochaWithoutChromium(true)
    expect(r.code).to.not.equal(0)
    expect(r.stdout).to.contain(`is not an executable. Install the test tools with: ${INSTALL_COMMAND} (CI=true: a missing tool is a failure, not a skip)`)
  })
})
