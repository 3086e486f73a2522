import {expect} from 'chai'
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {credentialProcessPrefix, isOnPath} from '../../src/lib/configure/credential-process-command.js'

describe('configure: credential_process command detection', () => {
  let dir: string

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'configure-path-'))
    for (const name of ['aws-sso-util', 'host-cli', 'not-executable']) {
      writeFileSync(join(dir, name), '#!/bin/sh\n')
      chmodSync(join(dir, name), name === 'not-executable' ? 0o644 : 0o755)
    }

    mkdirSync(join(dir, 'a-directory'))
  })

  after(() => rmSync(dir, {recursive: true, force: true}))

  it('finds executables on PATH only', () => {
    const env = {PATH: `/nonexistent:${dir}`}
    expect(isOnPath('aws-sso-util', env)).to.equal(true)
    expect(isOnPath('not-executable', env)).to.equal(false)
    expect(isOnPath('a-directory', env)).to.equal(false)
    expect(isOnPath('missing', env)).to.equal(false)
  })

  it('prefers the standalone bin, then the host CLI, and AWS_SSO_CREDENTIAL_PROCESS_NAME overrides both', () => {
    expect(credentialProcessPrefix({bin: 'host-cli', env: {PATH: dir}})).to.deep.equal({prefix: 'aws-sso-util credential-process'})
    const hostOnly = mkdtempSync(join(tmpdir(), 'configure-host-'))
    try {
      writeFileSync(join(hostOnly, 'host-cli'), '#!/bin/sh\n', {mode: 0o755})
      expect(credentialProcessPrefix({bin: 'host-cli', env: {PATH: hostOnly}})).to.deep.equal({prefix: 'host-cli credential-process'})
    } finally {
      rmSync(hostOnly, {recursive: true, force: true})
    }

    expect(credentialProcessPrefix({bin: 'host-cli', env: {PATH: dir, AWS_SSO_CREDENTIAL_PROCESS_NAME: '/opt/x/bin/tool creds'}})).to.deep.equal({
      prefix: '/opt/x/bin/tool creds',
    })
  })

  it('warns when the command it writes is not on PATH', () => {
    const r = credentialProcessPrefix({bin: 'aws-sso-util', env: {PATH: '/nonexistent'}})
    expect(r.prefix).to.equal('aws-sso-util credential-process')
    expect(r.warning).to.match(/^aws-sso-util is not on PATH/)
  })
})
