import {expect} from 'chai'
import {spawnSync} from 'node:child_process'

import {profileSectionName} from '../../src/lib/config/profiles.js'
import {shellQuote} from '../../src/lib/shell-quote.js'

const names = [
  'plain',
  'Admin-123456789012',
  'a.b@c+d%e:f/g_h=i,j',
  'with space',
  "it's",
  "''",
  'dollar$HOME',
  '$(touch /tmp/pwned)',
  '`id`',
  String.raw`back\slash`,
  String.raw`trailing\\`,
  'hash#tag',
  '#leading',
  'double"quote',
  'semi;colon',
  'pipe|amp&',
  '*glob?[x]',
  '~tilde',
  'tab\there',
  'new\nline',
  'café 日本 🚀',
  '',
]

describe('config/profiles', () => {
  it('profileSectionName', () => {
    expect(profileSectionName('default')).to.equal('default')
    expect(profileSectionName('dev')).to.equal('profile dev')
  })

  it('botocore (shlex.split, POSIX) reads each quoted name back as one argument', () => {
    const lines = names.map((n) => `aws-sso-util credential-process --profile ${shellQuote(n)}`)
    const run = spawnSync('python3', ['-c', 'import json,shlex,sys; print(json.dumps([shlex.split(l) for l in json.load(sys.stdin)]))'], {
      input: JSON.stringify(lines),
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).to.equal(0)
    const split = JSON.parse(run.stdout) as string[][]
    for (const [i, name] of names.entries()) {
      expect(split[i], JSON.stringify(name)).to.deep.equal(['aws-sso-util', 'credential-process', '--profile', name])
    }
  })

  it('/bin/sh -c (SDK v3 runs credential_process through exec) reads each quoted name back as one argument', () => {
    for (const name of names) {
      const run = spawnSync('/bin/sh', ['-c', String.raw`printf '%s\0' --profile ${shellQuote(name)}`], {encoding: 'utf8'})
      expect(run.status, run.stderr).to.equal(0)
      expect(run.stdout.split('\0'), JSON.stringify(name)).to.deep.equal(['--profile', name, ''])
    }
  })
})
