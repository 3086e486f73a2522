/**
 * Edits every hostile fixture the same way and checks the result four ways: byte for byte
 * against a reviewed expected file, by a line diff (only the intended lines change), through
 * botocore and SDK v3 (only the intended keys change), and by applying the edit again (nothing
 * changes). Set UPDATE_EXPECTED=1 to rewrite the expected files, then review them with git diff.
 */
import {expect} from 'chai'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {editConfigText, type SectionEdit} from '../../src/lib/config/edit.js'
import {splitKeepingEol} from '../../src/lib/config/lines.js'
import {parseConfigText} from '../../src/lib/config/parse.js'
import {requireTools} from '../support/system-tools.js'
import {lineDiff} from './support/line-diff.js'
import {type BotocoreView, botocoreRead, fixturesDir, plain, Scratch, sdkRead, type Sections} from './support/oracles.js'

const hostileDir = join(fixturesDir, 'hostile')
const expectedDir = join(hostileDir, 'expected')

interface Case {
  file: string
  profile: string
  /** An existing key of the profile that the update rewrites. */
  key: string
  /** The lines that hold that key now (its line and any continuation lines), exactly. */
  keyLines: string[]
  /** SDK v3 cannot see the section botocore (and so the editor) uses. */
  sdkBlind?: boolean
  /** Indentation a new key needs so that neither reader takes it for a continuation or sub-key. */
  newKeyIndent?: string
}

const cases: Case[] = [
  {file: '01-comments-with-delimiters.ini', profile: 'dev', key: 'region', keyLines: ['region = us-west-2 # inline hash is part of the value']},
  {file: '02-semicolon-comments.ini', profile: 'a', key: 'output', keyLines: ['output = yaml ; not a comment for botocore']},
  {file: '03-nested-s3-block.ini', profile: 's3user', key: 'output', keyLines: ['output = json']},
  {file: '04-crlf.ini', profile: 'win', key: 'region', keyLines: ['region = eu-north-1']},
  {file: '05-no-final-newline.ini', profile: 'last', key: 'output', keyLines: ['output = json']},
  {file: '06-non-ascii.ini', profile: 'intl', key: 'sso_account_name', keyLines: ['sso_account_name = Café Société 日本 🚀']},
  {file: '07-bom.ini', profile: 'bom', key: 'region', keyLines: ['region = eu-west-1']},
  // The next header is indented (so a column-0 key would swallow it as a continuation) and the
  // s3 block before would make SDK v3 read an indented key as s3.*: the new key goes first.
  {file: '08-tabs-indentation.ini', profile: 'tabs', key: 'output', keyLines: ['\toutput\t=\tjson'], newKeyIndent: '\t'},
  {file: '09-default-both.ini', profile: 'default', key: 'region', keyLines: ['region = eu-west-1']},
  // botocore uses the later [default]; SDK v3 always prefers [profile default].
  {file: '10-default-reversed.ini', profile: 'default', key: 'region', keyLines: ['region = us-east-1'], sdkBlind: true},
  {file: '11-sso-session-services.ini', profile: 'app', key: 'region', keyLines: ['region = us-east-1']},
  {file: '12-quoted-headers.ini', profile: 'quoted', key: 'region', keyLines: ['region = us-east-1']},
  {file: '12-quoted-headers.ini', profile: 'spaced', key: 'region', keyLines: ['region = us-west-1'], sdkBlind: true},
  {file: '13-duplicate-looking-keys.ini', profile: 'target', key: 'region', keyLines: ['region = us-east-1']},
  {file: '14-long-lines.ini', profile: 'long', key: 'sso_account_name', keyLines: [`sso_account_name = ${'x'.repeat(12_000)}`]},
  {file: '15-empty.ini', profile: 'dev', key: 'region', keyLines: []},
  {file: '16-only-comments.ini', profile: 'dev', key: 'region', keyLines: []},
  {file: '17-uppercase-colon.ini', profile: 'caps', key: 'region', keyLines: ['Region: us-east-1']},
  {
    file: '18-continuation-lines.ini',
    profile: 'proc',
    key: 'credential_process',
    keyLines: ['credential_process = /usr/local/bin/helper', '    --flag value'],
  },
  {file: '19-ignored-sections.ini', profile: 'real', key: 'region', keyLines: ['region = us-east-1']},
  {file: '20-blank-lines-in-values.ini', profile: 'gappy', key: 'region', keyLines: ['region = us-east-1']},
]

const NEW_PROFILE: Array<[string, string]> = [
  ['sso_session', 'corp'],
  ['sso_account_id', '123456789012'],
  ['sso_role_name', 'ReadOnly'],
  ['region', 'ca-central-1'],
  ['credential_process', 'aws-sso-util credential-process --profile zz-new'],
]

function updateEdits(c: Case): SectionEdit[] {
  return [
    {
      section: {kind: 'profile', name: c.profile},
      set: [
        [c.key, 'updated-value'],
        ['added_key', 'added-value'],
      ],
    },
    {section: {kind: 'profile', name: 'zz-new'}, set: NEW_PROFILE},
  ]
}

function discardEdits(c: Case): SectionEdit[] {
  return [
    {
      section: {kind: 'profile', name: c.profile},
      replaceAll: true,
      set: [
        [c.key, 'kept-value'],
        ['discard_added', 'yes'],
      ],
    },
  ]
}

interface Outcome {
  c: Case
  mode: 'discard' | 'update'
  input: string
  output: string
}

const stripBom = (t: string) => t.replace(/^\uFEFF/, '')
const indentOf = (line: string) => /^\s*/.exec(line)![0]

function expectedPath(c: Case, mode: string): string {
  return join(expectedDir, `${c.file.replace(/\.ini$/, '')}.${c.profile}.${mode}.ini`)
}

describe('editConfigText on hostile files', () => {
  const outcomes: Outcome[] = []
  for (const c of cases) {
    const input = readFileSync(join(hostileDir, c.file), 'utf8')
    outcomes.push(
      {c, mode: 'update', input, output: editConfigText(input, updateEdits(c))},
      {c, mode: 'discard', input, output: editConfigText(input, discardEdits(c))},
    )
  }

  let scratch: Scratch

  before(() => {
    scratch = new Scratch()
  })

  after(() => scratch.cleanup())

  it('covers at least 15 fixtures', () => {
    expect(new Set(cases.map((c) => c.file)).size).to.be.at.least(15)
  })

  for (const o of outcomes) {
    const {c, mode} = o
    const edits = mode === 'update' ? updateEdits(c) : discardEdits(c)
    describe(`${c.file} [${c.profile}] ${mode}`, () => {
      it('equals the expected file byte for byte', () => {
        const path = expectedPath(c, mode)
        if (process.env.UPDATE_EXPECTED) {
          mkdirSync(expectedDir, {recursive: true})
          writeFileSync(path, o.output)
        }

        expect(existsSync(path), `${path} is missing; run with UPDATE_EXPECTED=1 and review it`).to.equal(true)
        expect(o.output === readFileSync(path, 'utf8'), 'output differs from the expected file').to.equal(true)
      })

      it('is idempotent', () => {
        expect(editConfigText(o.output, edits) === o.output).to.equal(true)
      })

      it('keeps the BOM, the line-ending style, and every comment', () => {
        expect(o.output.startsWith('\uFEFF')).to.equal(o.input.startsWith('\uFEFF'))
        const inEols = new Set(splitKeepingEol(o.input).map((l) => l.eol))
        const outLines = splitKeepingEol(o.output)
        for (const [i, l] of outLines.entries()) {
          if (i < outLines.length - 1 || l.eol !== '') expect(inEols.size === 0 || inEols.has(l.eol), `line ${i} ending`).to.equal(true)
        }

        const diff = lineDiff(o.input, o.output)
        for (const r of diff.removed) expect(r.text, 'a removed line').not.to.match(/^\s*[#;]/)
      })

      if (mode === 'update' && c.keyLines.length > 0) {
        it('changes only the key lines, adds only the new lines', () => {
          const diff = lineDiff(o.input, o.output)
          expect(diff.removed.map((r) => r.text).sort()).to.deep.equal([...c.keyLines].sort())
          const inLines = splitKeepingEol(stripBom(o.input))
          const needsBlank = inLines.length > 0 && inLines.at(-1)!.text.trim() !== ''
          const added = [
            `${indentOf(c.keyLines[0])}${c.key} = updated-value`,
            `${c.newKeyIndent ?? ''}added_key = added-value`,
            ...(needsBlank ? [''] : []),
            '[profile zz-new]',
            ...NEW_PROFILE.map(([k, v]) => `${k} = ${v}`),
          ]
          expect(diff.added.map((a) => a.text).sort()).to.deep.equal(added.sort())
        })
      }

      if (mode === 'discard' && c.keyLines.length > 0) {
        it('keeps the rewritten key on its own line', () => {
          const diff = lineDiff(o.input, o.output)
          expect(diff.added.map((a) => a.text)).to.include(`${indentOf(c.keyLines[0])}${c.key} = kept-value`)
          for (const l of c.keyLines) expect(diff.removed.map((r) => r.text)).to.include(l)
        })
      }
    })
  }

  it('botocore sees exactly the intended change, and our parser agrees with botocore on every output', function () {
    requireTools(this, ['python3-boto3'])
    const requests = outcomes.flatMap((o) => [{path: scratch.file(stripBom(o.input))}, {path: scratch.file(stripBom(o.output))}])
    const results = botocoreRead(requests)
    for (const [n, o] of outcomes.entries()) {
      const label = `${o.c.file} [${o.c.profile}] ${o.mode}`
      const before = results[2 * n]
      const after = results[2 * n + 1]
      if (!before.ok || !after.ok) expect.fail(`${label}: botocore failed: ${before.ok ? '' : before.error} ${after.ok ? '' : after.error}`)
      const want = structuredClone(before.full) as BotocoreView
      const profile = {...want.profiles[o.c.profile]}
      if (o.mode === 'update') {
        profile[o.c.key] = 'updated-value'
        profile.added_key = 'added-value'
        want.profiles[o.c.profile] = profile
        want.profiles['zz-new'] = Object.fromEntries(NEW_PROFILE)
      } else {
        want.profiles[o.c.profile] = {[o.c.key]: 'kept-value', discard_added: 'yes'}
      }

      expect(after.full, label).to.deep.equal(want)
      const ours = parseConfigText(o.output)
      expect(plain({profiles: ours.profiles, sso_sessions: ours.ssoSessions, services: ours.services}), label).to.deep.equal(after.full)
    }
  })

  it('SDK v3 sees exactly the intended change where it can see the section', async () => {
    for (const o of outcomes) {
      const label = `${o.c.file} [${o.c.profile}] ${o.mode}`
      const before = await sdkRead(scratch.file(o.input))
      const after = await sdkRead(scratch.file(o.output))
      const want = structuredClone(before) as Sections
      if (!o.c.sdkBlind) {
        const profile: Record<string, string> = o.mode === 'update' ? {...want[o.c.profile]} : {}
        for (const k of Object.keys(profile)) if (k.toLowerCase() === o.c.key) delete profile[k]
        Object.assign(profile, o.mode === 'update' ? {[o.c.key]: 'updated-value', added_key: 'added-value'} : {[o.c.key]: 'kept-value', discard_added: 'yes'})
        want[o.c.profile] = profile
      }

      if (o.mode === 'update') want['zz-new'] = Object.fromEntries(NEW_PROFILE)
      expect(after, label).to.deep.equal(want)
    }
  })
})
