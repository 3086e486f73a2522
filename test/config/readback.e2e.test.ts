/**
 * What the editor writes must read back as written through botocore (scoped config and the
 * sso_sessions/services maps), through SDK v3's loader and through our own parser, whether it
 * starts from nothing or from a hostile file.
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {editConfigText, type SectionEdit} from '../../src/lib/config/edit.js'
import {parseConfigText} from '../../src/lib/config/parse.js'
import {shellQuote} from '../../src/lib/shell-quote.js'
import {requireTools} from '../support/system-tools.js'
import {botocoreRead, fixturesDir, plain, Scratch, sdkRead} from './support/oracles.js'

const oddName = "it's a $name"
const credentialProcess = (name: string) => `aws-sso-util credential-process --profile ${shellQuote(name)}`

const profiles: Record<string, Record<string, string>> = {
  'sso-dev': {
    sso_session: 'corp',
    sso_account_id: '111111111111',
    sso_role_name: 'Developer',
    region: 'eu-west-1',
    output: 'json',
    credential_process: credentialProcess('sso-dev'),
  },
  legacy: {
    sso_start_url: 'https://legacy.awsapps.com/start',
    sso_region: 'us-east-1',
    sso_account_id: '222222222222',
    sso_role_name: 'ReadOnly',
    region: 'us-east-1',
    sso_account_name: 'Café Société 日本',
    credential_process: credentialProcess(oddName),
  },
  default: {region: 'ap-southeast-2', cli_pager: 'less'},
  'with-services': {services: 'local', region: 'us-west-2', sts_regional_endpoints: 'regional'},
  // Every character validateProfileName allows.
  'Acct.Admin@corp+x%y:z/w_1-2': {region: 'eu-central-1', credential_process: credentialProcess('Acct.Admin@corp+x%y:z/w_1-2')},
}
const session = {sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'eu-west-1', sso_registration_scopes: 'sso:account:access'}
const services = {s3: '', 's3.endpoint_url': 'http://localhost:4566', dynamodb: '', 'dynamodb.endpoint_url': 'http://localhost:8000'}

const edits: SectionEdit[] = [
  {section: {kind: 'sso-session', name: 'corp'}, set: Object.entries(session)},
  {section: {kind: 'services', name: 'local'}, set: Object.entries(services).filter(([, v]) => v !== '')},
  ...Object.entries(profiles).map(([name, keys]): SectionEdit => ({section: {kind: 'profile', name}, set: Object.entries(keys), replaceAll: true})),
]

const bases: Record<string, string> = {
  'an empty file': '',
  ...Object.fromEntries(
    [
      '01-comments-with-delimiters.ini',
      '04-crlf.ini',
      '05-no-final-newline.ini',
      '09-default-both.ini',
      '11-sso-session-services.ini',
      '20-blank-lines-in-values.ini',
    ].map((f) => [f, readFileSync(join(fixturesDir, 'hostile', f), 'utf8')]),
  ),
}

describe('config read-back through botocore, SDK v3 and our parser', () => {
  let scratch: Scratch

  before(() => {
    scratch = new Scratch()
  })

  after(() => scratch.cleanup())

  const written = Object.entries(bases).map(([label, base]) => ({label, base, text: editConfigText(base, edits)}))

  it('botocore: scoped config per profile, sso_sessions and services, and other profiles untouched', function () {
    requireTools(this, ['python3-boto3'])
    const requests = written.flatMap((w) => [{path: scratch.file(w.base)}, {path: scratch.file(w.text), profiles: Object.keys(profiles)}])
    const results = botocoreRead(requests)
    for (const [i, w] of written.entries()) {
      const before = results[2 * i]
      const after = results[2 * i + 1]
      if (!before.ok || !after.ok) expect.fail(`${w.label}: ${before.ok ? '' : before.error} ${after.ok ? '' : after.error}`)
      for (const [name, keys] of Object.entries(profiles)) expect(after.scoped[name], `${w.label} [${name}]`).to.deep.equal(keys)
      expect(after.full.sso_sessions.corp, w.label).to.deep.equal(session)
      expect(after.full.services.local, w.label).to.deep.equal(services)
      for (const [name, keys] of Object.entries(before.full.profiles)) {
        if (!(name in profiles)) expect(after.full.profiles[name], `${w.label} [${name}]`).to.deep.equal(keys)
      }
    }
  })

  it('SDK v3: the same keys for every profile, sso-session and services section', async () => {
    for (const w of written) {
      const sdk = await sdkRead(scratch.file(w.text))
      for (const [name, keys] of Object.entries(profiles)) expect(sdk[name], `${w.label} [${name}]`).to.deep.equal(keys)
      expect(sdk['sso-session.corp'], w.label).to.deep.equal(session)
      expect(sdk['services.local'], w.label).to.deep.equal(Object.fromEntries(Object.entries(services).filter(([, v]) => v !== '')))
    }
  })

  it('our parser: the same', () => {
    for (const w of written) {
      const parsed = plain(parseConfigText(w.text))
      for (const [name, keys] of Object.entries(profiles)) expect(parsed.profiles[name], `${w.label} [${name}]`).to.deep.equal(keys)
      expect(parsed.ssoSessions.corp, w.label).to.deep.equal(session)
      expect(parsed.services.local, w.label).to.deep.equal(services)
    }
  })

  it('the credential_process line botocore reads splits back to the profile name', () => {
    const run = spawnSync('python3', ['-c', 'import json,shlex,sys; print(json.dumps(shlex.split(sys.stdin.read())))'], {
      input: profiles.legacy.credential_process,
      encoding: 'utf8',
    })
    expect(JSON.parse(run.stdout)).to.deep.equal(['aws-sso-util', 'credential-process', '--profile', oddName])
  })

  it('writing the same thing again changes nothing', () => {
    for (const w of written) expect(editConfigText(w.text, edits) === w.text, w.label).to.equal(true)
  })
})
