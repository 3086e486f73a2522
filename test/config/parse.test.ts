import {expect} from 'chai'

import {
  classifyLine,
  ConfigSyntaxError,
  newScanState,
  parseConfigText,
  pyStrip,
  type ScannedLine,
  scanConfigText,
  sectionIdentity,
  shlexSplit,
} from '../../src/lib/config/parse.js'
import {snippets, view} from './support/parse-snippets.js'

/**
 * The config reader in-process, without the botocore oracle (test/config/parse.test.ts runs that):
 * the written expectations here were checked against Python's configparser, shlex and str.strip.
 */
describe('config reader (in-process)', () => {
  describe('parseConfigText on the botocore-checked snippets', () => {
    for (const s of snippets) {
      it(s.name, () => {
        expect(view(s.text)).to.deep.equal(s.expect)
      })
    }
  })

  it('a leading BOM is skipped; one further in is text', () => {
    expect(view('\uFEFF[profile a]\nk = v\n').profiles).to.deep.equal({a: {k: 'v'}})
    expect(view('[profile a]\nk = \uFEFFv\n').profiles).to.deep.equal({a: {k: '\uFEFFv'}})
  })

  it('nested blocks: keys and values stripped, str.splitlines boundaries', () => {
    const text = '[services s]\ns3 =\n  a = 1 \n  b=2=3\n  c = x\u2028d = y\u000Be = z\nafter = 1\n'
    expect(view(text).services).to.deep.equal({
      s: {after: '1', s3: '', 's3.a': '1', 's3.b': '2=3', 's3.c': 'x', 's3.d': 'y', 's3.e': 'z'},
    })
  })

  it('a value ends at trailing Python whitespace only; a value not starting on a new line is not nested', () => {
    expect(view('[profile p]\nk = a = b\u00A0\u3000\n').profiles).to.deep.equal({p: {k: 'a = b'}})
    expect(view('[profile p]\nk = first\n  x = 1\n').profiles).to.deep.equal({p: {k: 'first\nx = 1'}})
    // A nested block whose continuation lines are all blank stays an empty value.
    expect(view('[profile p]\nk =\n  \n').profiles).to.deep.equal({p: {k: ''}})
  })

  it('[DEFAULT] values reach sections as nested blocks too, and a section key replaces the default', () => {
    const text = '[DEFAULT]\ns3 =\n  x = 1\nregion = d\n[profile a]\nregion = a\n[profile b]\n'
    expect(view(text).profiles).to.deep.equal({a: {region: 'a', s3: '', 's3.x': '1'}, b: {region: 'd', s3: '', 's3.x': '1'}})
  })

  it('options of a section that names nothing botocore knows are read and dropped', () => {
    expect(view('[plugins]\nk = v\n[profile a]\nr = 1\n[profile a b]\nz = 2\n')).to.deep.equal({
      profiles: {a: {r: '1'}},
      services: {},
      sso_sessions: {},
    })
  })

  it('the result maps have no prototype', () => {
    const parsed = parseConfigText('[profile a]\nk = v\n')
    expect(Object.getPrototypeOf(parsed.profiles)).to.equal(null)
    expect(Object.getPrototypeOf(parsed.ssoSessions)).to.equal(null)
    expect(Object.getPrototypeOf(parsed.services)).to.equal(null)
    expect(Object.getPrototypeOf(parsed.profiles.a)).to.equal(null)
  })

  describe('sectionIdentity', () => {
    it('botocore prefixes: profile, sso-session, services, plain default', () => {
      expect(sectionIdentity('profile a')).to.deep.equal({kind: 'profile', name: 'a'})
      expect(sectionIdentity('profilex a')).to.deep.equal({kind: 'profile', name: 'a'})
      expect(sectionIdentity('sso-session corp')).to.deep.equal({kind: 'sso-session', name: 'corp'})
      expect(sectionIdentity('services "my svc"')).to.deep.equal({kind: 'services', name: 'my svc'})
      expect(sectionIdentity('default')).to.deep.equal({kind: 'profile', name: 'default'})
    })

    it('anything else, or not exactly two words, names nothing', () => {
      for (const header of ['plugins', 'default x', ' default', 'profile', 'profile a b', 'profile "a', 'sso-session', 'services']) {
        expect(sectionIdentity(header), header).to.equal(undefined)
      }
    })
  })

  describe('shlexSplit (values from Python shlex.split)', () => {
    const cases: Array<[string, string[] | undefined]> = [
      ['profile a', ['profile', 'a']],
      ['profile  "a b"', ['profile', 'a b']],
      ["profile 'a''b'", ['profile', 'ab']],
      [String.raw`profile "a\"b\\c\d"`, ['profile', String.raw`a"b\c\d`]],
      [String.raw`profile a\ b`, ['profile', 'a b']],
      [String.raw`profile 'a\b'`, ['profile', String.raw`a\b`]],
      ['profile ""', ['profile', '']],
      ['profile "x"y\'z\'', ['profile', 'xyz']],
      ['profile\ta\rb', ['profile', 'a', 'b']],
      ['profile\na', ['profile', 'a']],
      [String.raw`\a b`, ['a', 'b']],
      [String.raw`"\\"`, ['\\']],
      [String.raw`"a\"`, undefined],
      ["''", ['']],
      ['"" ""', ['', '']],
      [' lead trail ', ['lead', 'trail']],
      [String.raw`a\\b`, [String.raw`a\b`]],
      [String.raw`"a\b"`, [String.raw`a\b`]],
      ["a'b c'd", ['ab cd']],
      ['a"b c"', ['ab c']],
      [String.raw`\ x`, [' x']],
      [String.raw`\"a`, ['"a']],
      ['profile "open', undefined],
      ["profile 'open", undefined],
      ['profile a\\', undefined],
      ['', []],
      ['   ', []],
    ]
    for (const [input, output] of cases) {
      it(JSON.stringify(input), () => {
        expect(shlexSplit(input)).to.deep.equal(output)
      })
    }
  })

  it('ConfigSyntaxError: its name, its message alone, and with the file it is in', () => {
    const error = new ConfigSyntaxError(4, 'has no "="', 'add one')
    expect(error.name).to.equal('ConfigSyntaxError')
    expect(error.message).to.equal('line 4 has no "="; add one.')
    expect(error.inFile('/home/u/.aws/config')).to.equal(
      'Cannot read the AWS config file /home/u/.aws/config: line 4 has no "=" (the AWS CLI and SDKs refuse this file too); add one.',
    )
  })

  it('pyStrip strips what Python str.strip strips, and nothing else', () => {
    const spaces = [
      0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x16_80, 0x20_00, 0x20_0a, 0x20_28, 0x20_29, 0x20_2f, 0x20_5f, 0x30_00,
    ]
    const others = [
      0x08, 0x0e, 0x1b, 0x21, 0x84, 0x86, 0x9f, 0xa1, 0x16_7f, 0x16_81, 0x1f_ff, 0x20_0b, 0x20_27, 0x20_2a, 0x20_2e, 0x20_30, 0x20_5e, 0x20_60, 0x2f_ff,
      0x30_01, 0xfe_ff,
    ]
    for (const c of spaces) expect(pyStrip(`${String.fromCodePoint(c)}x${String.fromCodePoint(c)}`), c.toString(16)).to.equal('x')
    for (const c of others) {
      const s = `${String.fromCodePoint(c)}x${String.fromCodePoint(c)}`
      expect(pyStrip(s), c.toString(16)).to.equal(s)
    }

    expect(pyStrip('  a b  ')).to.equal('a b')
    expect(pyStrip(' \t ')).to.equal('')
    expect(pyStrip('')).to.equal('')
  })

  describe('classifyLine: configparser states line by line', () => {
    function kinds(lines: string[]) {
      const state = newScanState()
      return lines.map((l) => {
        const c = classifyLine(state, l)
        return [c.kind, c.indent, c.key, c.value, c.header]
      })
    }

    it('before a header only headers count; junk, comments and blanks', () => {
      expect(kinds(['k = v', '  # c', '; c', '', '   ', '[]', '[x', '[profile a] tail', 'x'])).to.deep.equal([
        ['junk', 0, '', '', ''],
        ['comment', 0, '', '', ''],
        ['comment', 0, '', '', ''],
        ['blank', 0, '', '', ''],
        ['blank', 0, '', '', ''],
        ['junk', 0, '', '', ''],
        ['junk', 0, '', '', ''],
        ['header', 0, '', '', 'profile a'],
        ['junk', 0, '', '', ''],
      ])
    })

    it('options split at the first = or :, key lower-cased and stripped, value stripped', () => {
      expect(kinds(['[s]', 'Key  :  a = b  ', 'X=1', 'y:', 'nodelim'])).to.deep.equal([
        ['header', 0, '', '', 's'],
        ['option', 0, 'key', 'a = b', ''],
        ['option', 0, 'x', '1', ''],
        ['option', 0, 'y', '', ''],
        ['junk', 0, '', '', ''],
      ])
    })

    it('deeper-indented lines continue the open option; an empty key or a header closes it', () => {
      expect(kinds(['[s]', 'a = 1', '  more', '    deeper', '= x', '  not continued', 'b = 2', '  [h]', '[t]', '  k = 3', '    c'])).to.deep.equal([
        ['header', 0, '', '', 's'],
        ['option', 0, 'a', '1', ''],
        ['continuation', 2, '', 'more', ''],
        ['continuation', 4, '', 'deeper', ''],
        ['junk', 0, '', '', ''],
        ['junk', 2, '', '', ''],
        ['option', 0, 'b', '2', ''],
        ['continuation', 2, '', '[h]', ''],
        ['header', 0, '', '', 't'],
        ['option', 2, 'k', '3', ''],
        ['continuation', 4, '', 'c', ''],
      ])
    })

    it('the same indentation as the option is a new option, not a continuation', () => {
      expect(kinds(['[s]', '  a = 1', '  b = 2'])).to.deep.equal([
        ['header', 0, '', '', 's'],
        ['option', 2, 'a', '1', ''],
        ['option', 2, 'b', '2', ''],
      ])
    })
  })

  it(String.raw`scanConfigText: offsets of content and line ending for \n, \r\n, a lone \r and a last line without one`, () => {
    const seen: Array<Pick<ScannedLine, 'end' | 'kind' | 'next' | 'start'>> = []
    scanConfigText('[a]\r\nk = v\rx = 1\n\nlast', (l) => seen.push({end: l.end, kind: l.kind, next: l.next, start: l.start}))
    expect(seen).to.deep.equal([
      {end: 3, kind: 'header', next: 5, start: 0},
      {end: 10, kind: 'option', next: 11, start: 5},
      {end: 16, kind: 'option', next: 17, start: 11},
      {end: 17, kind: 'blank', next: 18, start: 17},
      {end: 22, kind: 'junk', next: 22, start: 18},
    ])
    const none: unknown[] = []
    scanConfigText('', (l) => none.push(l))
    expect(none).to.deep.equal([])
  })
})
