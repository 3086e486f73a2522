import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {repoRoot} from './support/cli.js'

describe('npm run demo', () => {
  it('logs in through the emulator and prints the caller ARN that SDK v3 got through our credential_process', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'demo.ts')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {PATH: process.env.PATH, HOME: process.env.HOME},
      timeout: 120_000,
    })
    expect(result.status, result.stderr).to.equal(0)
    expect(result.stdout).to.contain('\narn:aws:sts::123456789012:assumed-role/MyLeastPrivilegeRole/user@example.com\n')
    expect(result.stdout).to.match(/"GetRoleCredentials":1,"GetCallerIdentity":1\}/)
  })
})
