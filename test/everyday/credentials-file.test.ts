import {expect} from 'chai'

import type {RoleCredentials} from '../../src/lib/cache/credentials-cache.js'

import {AwsServiceError} from '../../src/lib/errors.js'
import {mergeCredentialsSection} from '../../src/lib/everyday/credentials-file.js'

const CREDS: RoleCredentials = {
  AccessKeyId: 'ASIA3LOARIGYCDYAVL38',
  SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE==',
  Expiration: '2026-12-06T12:14:58Z',
}

const OURS = [
  'aws_access_key_id = ASIA3LOARIGYCDYAVL38',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  'aws_session_token = IQoJb3JpZ2luX2VjEXAMPLE==',
]

describe('export --format credentials-file: merging one section', () => {
  it('appends the section to an empty file, and after a last line without its newline', () => {
    expect(mergeCredentialsSection('', 'dev', CREDS)).to.equal(['[dev]', ...OURS, ''].join('\n'))
    expect(mergeCredentialsSection('[other]\nregion = x', 'dev', CREDS)).to.equal(['[other]', 'region = x', '', '[dev]', ...OURS, ''].join('\n'))
    expect(mergeCredentialsSection('[other]\nregion = x\n\n', 'dev', CREDS)).to.equal(['[other]', 'region = x', '', '[dev]', ...OURS, ''].join('\n'))
  })

  it("replaces the old keys where the first of them stood, drops aws_security_token and the old keys' continuation lines, and keeps every other byte", () => {
    const head = ['\uFEFF# mine', '[dev]', 'region = eu-west-1']
    const old = ['aws_access_key_id = OLD', 'aws_security_token = OLDER', '  continued', '; a comment = with an equals sign', 'aws_secret_access_key = OLD']
    const tail = ['output = json', '', '[prod]', 'aws_access_key_id = KEEP', '']
    const before = [...head, ...old, ...tail].join('\r\n')
    const after = [...head, ...OURS, '; a comment = with an equals sign', ...tail].join('\r\n')
    expect(mergeCredentialsSection(before, 'dev', CREDS)).to.equal(after)
  })

  it('changes the last of two sections of the same name, the one readers use, and puts the keys after its last key line', () => {
    const before = ['[dev]', 'aws_access_key_id = FIRST', '[dev]', 'region = x', '  more', '', '[z]', ''].join('\n')
    const after = ['[dev]', 'aws_access_key_id = FIRST', '[dev]', 'region = x', '  more', ...OURS, '', '[z]', ''].join('\n')
    expect(mergeCredentialsSection(before, 'dev', CREDS)).to.equal(after)
  })

  it('refuses a value that could start a section of its own', () => {
    expect(() => mergeCredentialsSection('', 'dev', {...CREDS, SessionToken: 'abc\n[evil]\ncredential_process = touch pwn'})).to.throw(
      AwsServiceError,
      /session token is not in the shape AWS issues/,
    )
  })
})
