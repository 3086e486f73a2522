import {expect} from 'chai'

import {parseConfigText} from '../../src/lib/config/parse.js'
import {useEmulator} from '../support/fixtures.js'
import {describeRun} from '../support/run.js'
import {cli, type Sandbox, sandbox} from '../support/sandbox.js'
import {issueToken, SSO_REGION, START_URL, writeTokenFile} from '../support/sso.js'

const BOM = '\uFEFF'
const HAND_WRITTEN_LINES = [
  '# written on Windows: keep every byte',
  '[default]',
  'region = us-west-2',
  '',
  '[profile dev]',
  'output = yaml',
  's3 =',
  '    max_concurrent_requests = 20',
  'sso_role_name = Old',
  '',
]

/** A config as Notepad or PowerShell leave it: a BOM, CRLF line ends, or both. */
const VARIANTS = [
  {name: 'BOM and CRLF', bom: BOM, eol: '\r\n'},
  {name: 'BOM and LF', bom: BOM, eol: '\n'},
  {name: 'CRLF without a BOM', bom: '', eol: '\r\n'},
] as const

function handWritten(variant: (typeof VARIANTS)[number]): string {
  return variant.bom + HAND_WRITTEN_LINES.join(variant.eol)
}

/** Every line end is the file's own, with no stray LF or CR of another kind. */
function expectLineEnds(text: string, eol: string): void {
  const ends = text.match(/\r\n|\n|\r/g) ?? []
  expect(ends.length).to.be.greaterThan(5)
  expect(
    ends.filter((e) => e !== eol),
    JSON.stringify(text),
  ).to.deep.equal([])
  expect(text.endsWith(eol)).to.equal(true)
}

function expectBom(text: string, bom: string): void {
  expect(text.startsWith(BOM), 'BOM at the start').to.equal(bom === BOM)
  expect(text.slice(1).includes(BOM), 'no BOM inside the file').to.equal(false)
}

describe('configure profile and populate keep a BOM and CRLF line ends (compiled CLI)', function () {
  this.timeout(120_000)
  const ctx = useEmulator()
  let box: Sandbox
  const FLAGS = ['-u', START_URL, '--sso-region', SSO_REGION, '-a', '123456789012', '-r', 'ReadOnly', '--region', 'eu-west-1']

  beforeEach(() => {
    box = sandbox()
  })

  afterEach(() => box.remove())

  for (const variant of VARIANTS) {
    it(`configure profile, ${variant.name}: a new profile and an updated one, every other byte kept`, async () => {
      const before = handWritten(variant)
      box.writeConfig(before)
      const added = await cli(['configure', 'profile', 'new', ...FLAGS], box.env())
      expect(added.code, describeRun('aws-sso-util', added)).to.equal(0)
      const afterAdd = box.readConfig()
      expectBom(afterAdd, variant.bom)
      expectLineEnds(afterAdd, variant.eol)
      expect(afterAdd.startsWith(before)).to.equal(true)
      expect(afterAdd.slice(before.length)).to.equal(
        [
          '',
          '[profile new]',
          `sso_start_url = ${START_URL}`,
          `sso_region = ${SSO_REGION}`,
          'sso_account_id = 123456789012',
          'sso_role_name = ReadOnly',
          'region = eu-west-1',
          'credential_process = aws-sso-util credential-process --profile new',
          '',
        ].join(variant.eol),
      )

      const updated = await cli(['configure', 'profile', 'dev', ...FLAGS], box.env())
      expect(updated.code, describeRun('aws-sso-util', updated)).to.equal(0)
      const afterUpdate = box.readConfig()
      expectBom(afterUpdate, variant.bom)
      expectLineEnds(afterUpdate, variant.eol)
      // The unrelated lines, the nested s3 block and the comment are untouched.
      expect(afterUpdate.startsWith(variant.bom + HAND_WRITTEN_LINES.slice(0, 8).join(variant.eol) + variant.eol)).to.equal(true)
      const config = parseConfigText(afterUpdate)
      expect(config.profiles.dev).to.include({sso_role_name: 'ReadOnly', output: 'yaml', region: 'eu-west-1'})
      expect(config.profiles.new.sso_account_id).to.equal('123456789012')
      expect(Object.keys(config.profiles).sort()).to.deep.equal(['default', 'dev', 'new'])
    })
  }

  for (const variant of VARIANTS.slice(0, 2)) {
    it(`configure populate, ${variant.name}: every profile written in the file's own line ends`, async () => {
      writeTokenFile(box.home, START_URL, await issueToken(ctx.emu))
      const before = handWritten(variant)
      box.writeConfig(before)
      const env = box.env({AWS_ENDPOINT_URL_SSO: ctx.emu.url, AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url})
      const r = await cli(['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '-r', 'us-east-1'], env)
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
      expect(r.stderr).to.contain('Wrote 10 profile(s) (10 new, 0 updated, 0 unchanged)')
      const text = box.readConfig()
      expectBom(text, variant.bom)
      expectLineEnds(text, variant.eol)
      expect(text.startsWith(before)).to.equal(true)
      const config = parseConfigText(text)
      const written = Object.entries(config.profiles).filter(([, p]) => p.sso_auto_populated === 'true')
      expect(written).to.have.length(10)
      for (const [name, profile] of written) expect(profile.credential_process).to.equal(`aws-sso-util credential-process --profile ${name}`)

      // A second run finds its own profiles unchanged: nothing rewritten, the bytes identical.
      const again = await cli(['configure', 'populate', '-u', START_URL, '--sso-region', SSO_REGION, '-r', 'us-east-1'], env)
      expect(again.code, describeRun('aws-sso-util', again)).to.equal(0)
      expect(again.stderr).to.contain('(0 new, 0 updated, 10 unchanged)')
      expect(box.readConfig()).to.equal(text)
    })
  }
})
