import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type RoleCredentials, readCachedCredentials, readCachedCredentialsSync} from '../../src/lib/cache/credentials-cache.js'
import {credentialShapeProblem} from '../../src/lib/credential-shape.js'
import {AwsServiceError} from '../../src/lib/errors.js'
import {mergeCredentialsSection} from '../../src/lib/everyday/credentials-file.js'
import {EXPORT_FORMATS, formatExport} from '../../src/lib/everyday/export-formats.js'

/** As the emulator and AWS issue them. */
const GOOD: RoleCredentials = {
  AccessKeyId: 'ASIA3LOARIGYCDYAVL38',
  SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  SessionToken: `IQoJb3JpZ2luX2Vj${'A'.repeat(300)}==`,
  Expiration: '2026-12-06T12:14:58Z',
}

/** The planted values of the review: a new INI section, shell text, a cmd.exe line, quotes. */
const INJECTIONS = [
  'abc\n[evilprof]\ncredential_process = touch pwn',
  'abc\r\nset X=1',
  '$(touch pwn-env)',
  '`touch pwn-bt`',
  'abc"; Remove-Item x; "',
  "abc' ; touch x ; '",
  'abc & calc.exe',
  'abc%PATH%',
  '',
]

describe('credential values: only the shapes AWS issues are used', () => {
  it('accepts what AWS and botocore write: key ids of 16 to 128 capitals and digits, base64 secrets and tokens, ISO 8601 times', () => {
    expect(credentialShapeProblem(GOOD)).to.equal(undefined)
    expect(credentialShapeProblem({...GOOD, AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Expiration: '2026-11-26T00:44:28+00:00'})).to.equal(undefined)
    expect(credentialShapeProblem({...GOOD, SecretAccessKey: 'a_b-c', Expiration: '2026-11-26T00:44:28.123Z'})).to.equal(undefined)
    expect(credentialShapeProblem({...GOOD, AccessKeyId: 'A'.repeat(128)})).to.equal(undefined)
  })

  it('names the first value out of shape, never the value', () => {
    expect(credentialShapeProblem({...GOOD, AccessKeyId: 'asia3loarigycdyavl38'})).to.equal('access key id')
    expect(credentialShapeProblem({...GOOD, AccessKeyId: 'ASIASHORT'})).to.equal('access key id')
    expect(credentialShapeProblem({...GOOD, AccessKeyId: 'A'.repeat(129)})).to.equal('access key id')
    for (const bad of INJECTIONS) {
      expect(credentialShapeProblem({...GOOD, SecretAccessKey: bad}), JSON.stringify(bad)).to.equal('secret access key')
      expect(credentialShapeProblem({...GOOD, SessionToken: bad}), JSON.stringify(bad)).to.equal('session token')
      if (bad) expect(credentialShapeProblem({...GOOD, Expiration: `2026-12-06T12:14:58Z${bad}`}), JSON.stringify(bad)).to.equal('expiration')
    }

    expect(credentialShapeProblem({...GOOD, Expiration: 'soon'})).to.equal('expiration')
    expect(credentialShapeProblem({...GOOD, Expiration: '2026-13-45T99:99:99Z'})).to.equal('expiration')
    expect(credentialShapeProblem({...GOOD, SessionToken: 'A'.repeat(16_385)})).to.equal('session token')
  })

  describe('EP-20: a cache file whose values AWS did not shape counts as absent', () => {
    let dir: string

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'aws-sso-util-values-'))
    })

    afterEach(() => rmSync(dir, {recursive: true, force: true}))

    const plant = (creds: Record<string, unknown>) => {
      const path = join(dir, 'c.json')
      writeFileSync(path, JSON.stringify({ProviderType: 'sso', Credentials: creds}), {mode: 0o600})
      return path
    }

    it('a good file is read, sync (the hot path) and async (under the lock)', async () => {
      const path = plant({...GOOD, AccountId: '123456789012'})
      expect(readCachedCredentialsSync(path)).to.deep.equal({...GOOD, AccountId: '123456789012'})
      expect(await readCachedCredentials(path)).to.deep.equal({...GOOD, AccountId: '123456789012'})
    })

    for (const [what, creds] of [
      ['secret with a new section', {...GOOD, SecretAccessKey: INJECTIONS[0]}],
      ['token with shell text', {...GOOD, SessionToken: '$(touch pwn)'}],
      ['key id with a newline', {...GOOD, AccessKeyId: 'ASIA3LOARIGYCDYAVL38\n[x]'}],
      ['expiration with a newline', {...GOOD, Expiration: '2099-01-01T00:00:00Z\n[x]'}],
      ['account id that is not 12 digits', {...GOOD, AccountId: '1234\n[x]'}],
    ] as const) {
      it(what, async () => {
        const path = plant(creds)
        expect(readCachedCredentialsSync(path)).to.equal(undefined)
        expect(await readCachedCredentials(path)).to.equal(undefined)
      })
    }
  })

  describe('EP-18b, EP-19, EP-20: every export format refuses a hostile value instead of writing it', () => {
    for (const format of EXPORT_FORMATS) {
      it(format, () => {
        for (const bad of INJECTIONS) {
          for (const field of ['SecretAccessKey', 'SessionToken'] as const) {
            const creds = {...GOOD, [field]: bad}
            const attempt = format === 'credentials-file' ? () => mergeCredentialsSection('[x]\nk = v\n', 'p', creds) : () => formatExport(creds, format)
            expect(attempt, `${field} ${JSON.stringify(bad)}`).to.throw(
              AwsServiceError,
              /^The credentials' (secret access key|session token) is not in the shape AWS issues; refusing to /,
            )
          }
        }

        // And what AWS issues still goes through.
        const ok = format === 'credentials-file' ? mergeCredentialsSection('', 'p', GOOD) : formatExport(GOOD, format)
        expect(ok).to.include(GOOD.SecretAccessKey)
      })
    }
  })
})
