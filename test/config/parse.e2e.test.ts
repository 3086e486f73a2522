import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parseConfigText, shlexSplit} from '../../src/lib/config/parse.js'
import {requireTools} from '../support/system-tools.js'
import {botocoreRead, botocoreReadTexts, fixturesDir, Scratch} from './support/oracles.js'
import {accepted, refused} from './support/parse-refusals.js'
import {snippets, view} from './support/parse-snippets.js'

const hostileDir = join(fixturesDir, 'hostile')

function withoutBom(cases: Array<[string, string]>): string[] {
  return cases.map(([text]) => text.replace(/^\uFEFF/, ''))
}

describe('config/parse', () => {
  describe('parseConfigText', () => {
    let scratch: Scratch

    before(() => {
      scratch = new Scratch()
    })

    after(() => scratch.cleanup())

    for (const s of snippets) {
      it(`${s.name}: matches the written expectation`, () => {
        expect(view(s.text)).to.deep.equal(s.expect)
      })
    }

    it('every snippet reads the same through botocore', function () {
      requireTools(this, ['python3-boto3'])
      const results = botocoreReadTexts(
        snippets.map((s) => s.text),
        scratch,
      )
      for (const [i, r] of results.entries()) {
        expect(r.ok, `${snippets[i].name}: ${r.ok ? '' : r.error}`).to.equal(true)
        if (r.ok) expect(r.full, snippets[i].name).to.deep.equal(snippets[i].expect)
      }
    })

    it('equals botocore on every hostile fixture (the BOM one with the BOM removed, since botocore refuses it)', function () {
      requireTools(this, ['python3-boto3'])
      const names = readdirSync(hostileDir).filter((f) => f.endsWith('.ini'))
      expect(names.length).to.be.at.least(15)
      const texts = names.map((f) => readFileSync(join(hostileDir, f), 'utf8'))
      const results = botocoreReadTexts(
        texts.map((t) => t.replace(/^\uFEFF/, '')),
        scratch,
      )
      for (const [i, r] of results.entries()) {
        if (!r.ok) expect.fail(`${names[i]}: botocore failed: ${r.error}`)
        expect(view(texts[i]), names[i]).to.deep.equal(r.full)
      }
    })

    it('botocore itself rejects a BOM, which we tolerate', function () {
      requireTools(this, ['python3-boto3'])
      const path = scratch.file('\uFEFF[default]\nregion = x\n')
      const [r] = botocoreRead([{path}])
      expect(r.ok).to.equal(false)
      expect(view('\uFEFF[default]\nregion = x\n').profiles).to.deep.equal({default: {region: 'x'}})
    })

    describe('where botocore gives up, so do we: the first such line is named', () => {
      it('botocore refuses every one of them (the BOM one with its BOM removed), and accepts every near miss', function () {
        requireTools(this, ['python3-boto3'])
        const texts = [...withoutBom(refused), ...accepted]
        const results = botocoreReadTexts(texts, scratch)
        for (const [i, r] of results.entries()) {
          const label = JSON.stringify(texts[i])
          expect(r.ok, label).to.equal(i >= refused.length)
          if (r.ok) expect(view(texts[i]), label).to.deep.equal(r.full)
          else expect(r.error, label).to.match(/^ConfigParseError: Unable to parse config file/)
        }
      })

      it('unsafe names are plain data, not prototype changes', () => {
        const parsed = parseConfigText('[profile __proto__]\n__proto__ = x\nconstructor = y\n[profile toString]\nk = v\n')
        const proto = '__proto__'
        expect(Object.keys(parsed.profiles)).to.deep.equal([proto, 'toString'])
        expect(parsed.profiles[proto][proto]).to.equal('x')
        expect(parsed.profiles[proto].constructor).to.equal('y')
        expect(({} as Record<string, unknown>).k).to.equal(undefined)
        expect(parseConfigText('').profiles.toString).to.equal(undefined)
      })
    })

    it('empty text and comment-only text give empty maps', () => {
      expect(view('')).to.deep.equal({profiles: {}, sso_sessions: {}, services: {}})
      expect(view('# c\n; d\n')).to.deep.equal({profiles: {}, sso_sessions: {}, services: {}})
    })

    // A generous bound on a machine that may be busy: it catches accidental quadratic work.
    it('stays linear on a large file', () => {
      const parts: string[] = []
      for (let i = 0; i < 2000; i++) {
        parts.push(`[profile p${i}]`, 'sso_session = corp', `sso_account_id = ${100_000_000_000 + i}`, 'sso_role_name = R', 'region = us-east-1', '# c: x', '')
      }

      const text = parts.join('\n')
      parseConfigText(text)
      // CPU time, not wall time: other processes on a loaded machine do not count against it.
      const before = process.cpuUsage()
      const parsed = parseConfigText(text)
      const used = process.cpuUsage(before)
      const ms = (used.user + used.system) / 1000
      expect(Object.keys(parsed.profiles)).to.have.length(2000)
      expect(ms).to.be.below(1000)
    })

    it('parse.ts imports nothing (it is on the credential-process hot path)', () => {
      const source = readFileSync(new URL('../../src/lib/config/parse.ts', import.meta.url), 'utf8')
      expect(source).not.to.match(/^\s*import\s/m)
      expect(source).not.to.match(/\bimport\(/)
    })
  })

  describe('shlexSplit', () => {
    it('matches python shlex.split on tricky headers', () => {
      const inputs = [
        'profile a',
        'profile  "a b"',
        "profile 'a''b'",
        String.raw`profile "a\"b\\c\d"`,
        String.raw`profile a\ b`,
        String.raw`profile 'a\b'`,
        'profile ""',
        'profile "x"y\'z\'',
        'profile\ta\rb',
      ]
      const py = spawnSync('python3', ['-c', 'import json,shlex,sys; print(json.dumps([shlex.split(s) for s in json.loads(sys.stdin.read())]))'], {
        input: JSON.stringify(inputs),
        encoding: 'utf8',
      })
      expect(py.status, py.stderr).to.equal(0)
      expect(inputs.map((i) => shlexSplit(i))).to.deep.equal(JSON.parse(py.stdout))
      expect(shlexSplit('profile "open')).to.equal(undefined)
      expect(shlexSplit('profile a\\')).to.equal(undefined)
    })
  })
})
